// Two versions of a sidecar or codebook compared in annotator terms (mentions and claims added,
// removed and changed, annotations re-anchored or orphaned, entities added, removed, merged),
// and that comparison written as plain text, markdown for a pull-request comment, or JSON.
// Annotations are matched by id, so the work is linear in the number of annotations.
import { Annotation, Claim, Codebook, compareSpans, Entity, Mention, Sidecar } from './model';

export interface MentionItem { file: string; id: string; entity: string; start: number; end: number; text: string }
export interface ClaimItem { file: string; id: string; claimant: string; start: number; end: number; text: string }
export interface EntityItem { file: string; id: string; name: string; type: string }

type Value = string | number | string[] | null;

/** One field of one item that differs; a field that is absent on one side is null there. */
export interface FieldChange { file: string; id: string; field: string; from: Value; to: Value }

export interface Changes<T> { added: T[]; removed: T[]; changed: FieldChange[] }

export interface Reanchored {
  file: string;
  kind: 'mention' | 'claim';
  id: string;
  from: { start: number; end: number };
  to: { start: number; end: number };
  /** How the annotation is anchored now: shifted, fuzzy or exact. */
  anchor: string;
  score?: number;
}

export interface Orphaned { file: string; kind: 'mention' | 'claim'; id: string; text: string }

export interface Merged { file: string; from: string; into: string }

export interface AnnotationDiff {
  /** Files compared (sidecars and codebooks), in the order given. */
  files: { file: string; status: 'added' | 'removed' | 'modified' }[];
  mentions: Changes<MentionItem>;
  claims: Changes<ClaimItem>;
  reanchored: Reanchored[];
  orphaned: Orphaned[];
  codebook: Changes<EntityItem> & { merged: Merged[] };
}

export function emptyDiff(): AnnotationDiff {
  return {
    files: [], mentions: { added: [], removed: [], changed: [] }, claims: { added: [], removed: [], changed: [] },
    reanchored: [], orphaned: [], codebook: { added: [], removed: [], changed: [], merged: [] },
  };
}

/** Fields where the place on the article is recorded; their changes are re-anchoring. */
const PLACE_FIELDS = new Set(['start', 'end', 'text', 'anchor', 'score']);
const MENTION_FIELDS = ['entity', 'start', 'end', 'text', 'anchor', 'score'] as const;
const CLAIM_FIELDS = ['claimant', 'stance', 'topic', 'addressee', 'object', 'form', 'note', 'start', 'end', 'text', 'anchor', 'score'] as const;
const ENTITY_FIELDS = ['name', 'type', 'affiliation', 'wikidata', 'note', 'aliases'] as const;

function valueOf(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'number' ? v : String(v);
}

function same(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  // A duplicate id (an invalid file) keeps its first occurrence, like every other reader.
  for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}

function fieldChanges<T extends object>(file: string, id: string, old: T, next: T, fields: readonly string[], out: FieldChange[]): void {
  for (const field of fields) {
    const from = valueOf((old as Record<string, unknown>)[field]), to = valueOf((next as Record<string, unknown>)[field]);
    // A score only means something for a fuzzy anchor (the writer drops it otherwise).
    if (field === 'score' && (old as Annotation).anchor !== 'fuzzy' && (next as Annotation).anchor !== 'fuzzy') continue;
    if (!same(from, to)) out.push({ file, id, field, from, to });
  }
}

function mentionItem(file: string, m: Mention): MentionItem {
  return { file, id: m.id, entity: m.entity, start: m.start, end: m.end, text: m.text };
}

function claimItem(file: string, c: Claim): ClaimItem {
  return { file, id: c.id, claimant: c.claimant, start: c.start, end: c.end, text: c.text };
}

function diffAnnotations<A extends Annotation, I>(file: string, kind: 'mention' | 'claim', old: readonly A[], next: readonly A[],
  fields: readonly string[], item: (file: string, a: A) => I, changes: Changes<I>, diff: AnnotationDiff): void {
  const before = byId(old), after = byId(next);
  for (const a of [...next].sort(compareSpans)) {
    const prev = before.get(a.id);
    if (!prev) { if (after.get(a.id) === a) changes.added.push(item(file, a)); continue; }
    if (after.get(a.id) !== a) continue;
    fieldChanges(file, a.id, prev, a, fields, changes.changed);
    if (a.anchor === 'orphan') {
      if (prev.anchor !== 'orphan') diff.orphaned.push({ file, kind, id: a.id, text: a.text });
    } else if (prev.start !== a.start || prev.end !== a.end || prev.anchor === 'orphan') {
      diff.reanchored.push({ file, kind, id: a.id, from: { start: prev.start, end: prev.end }, to: { start: a.start, end: a.end },
        anchor: a.anchor, ...(a.anchor === 'fuzzy' && a.score !== undefined ? { score: a.score } : {}) });
    }
  }
  for (const a of [...old].sort(compareSpans)) if (!after.has(a.id) && before.get(a.id) === a) changes.removed.push(item(file, a));
}

/** Adds the differences between two versions of a sidecar; undefined stands for a file that does not exist. */
export function diffSidecars(diff: AnnotationDiff, file: string, old: Sidecar | undefined, next: Sidecar | undefined): AnnotationDiff {
  diff.files.push({ file, status: old === undefined ? 'added' : next === undefined ? 'removed' : 'modified' });
  diffAnnotations(file, 'mention', old?.mentions ?? [], next?.mentions ?? [], MENTION_FIELDS, mentionItem, diff.mentions, diff);
  diffAnnotations(file, 'claim', old?.claims ?? [], next?.claims ?? [], CLAIM_FIELDS, claimItem, diff.claims, diff);
  return diff;
}

/**
 * Adds the differences between two versions of a codebook. An entity that disappeared while its
 * name (or every alias of it) became an alias of another counts as merged into that one, which
 * is what a merge writes.
 */
export function diffCodebooks(diff: AnnotationDiff, file: string, old: Codebook | undefined, next: Codebook | undefined): AnnotationDiff {
  diff.files.push({ file, status: old === undefined ? 'added' : next === undefined ? 'removed' : 'modified' });
  const before = byId(old?.entities ?? []), after = byId(next?.entities ?? []);
  const item = (e: Entity): EntityItem => ({ file, id: e.id, name: e.name, type: e.type });
  const cb = diff.codebook;
  const gainedAliases = new Map<string, Set<string>>();
  for (const e of after.values()) {
    const prev = before.get(e.id);
    if (!prev) { cb.added.push(item(e)); continue; }
    fieldChanges(file, e.id, prev, e, ENTITY_FIELDS, cb.changed);
    const had = new Set(prev.aliases);
    const gained = e.aliases.filter(a => !had.has(a));
    if (gained.length) gainedAliases.set(e.id, new Set(gained));
  }
  for (const e of before.values()) {
    if (after.has(e.id)) continue;
    cb.removed.push(item(e));
    for (const [into, gained] of gainedAliases) {
      if (gained.has(e.name)) { cb.merged.push({ file, from: e.id, into }); break; }
    }
  }
  return diff;
}

export function isEmpty(d: AnnotationDiff): boolean {
  return !d.mentions.added.length && !d.mentions.removed.length && !d.mentions.changed.length
    && !d.claims.added.length && !d.claims.removed.length && !d.claims.changed.length
    && !d.reanchored.length && !d.orphaned.length
    && !d.codebook.added.length && !d.codebook.removed.length && !d.codebook.changed.length;
}

// ---------------------------------------------------------------- summaries

/** Field changes a reader cares about; place changes are told as re-anchoring. */
function annotatorChanges(changes: FieldChange[]): FieldChange[] {
  return changes.filter(c => !PLACE_FIELDS.has(c.field));
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

export interface EntityCount { entity: string; added: number; removed: number }

/** Mentions added and removed per entity, most changed first. */
export function mentionsPerEntity(d: AnnotationDiff): EntityCount[] {
  const added = countBy(d.mentions.added, m => m.entity), removed = countBy(d.mentions.removed, m => m.entity);
  const ids = [...new Set([...added.keys(), ...removed.keys()])];
  return ids.map(entity => ({ entity, added: added.get(entity) ?? 0, removed: removed.get(entity) ?? 0 }))
    .sort((a, b) => (b.added + b.removed) - (a.added + a.removed) || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));
}

export interface Counts {
  mentionsAdded: number; mentionsRemoved: number;
  claimsAdded: number; claimsRemoved: number; claimsChanged: number; mentionsChanged: number;
  reanchored: number; orphaned: number;
  entitiesAdded: number; entitiesRemoved: number; entitiesChanged: number; merged: number;
}

export function counts(d: AnnotationDiff): Counts {
  const changedIds = (c: FieldChange[]) => new Set(annotatorChanges(c).map(x => x.file + '\0' + x.id)).size;
  return {
    mentionsAdded: d.mentions.added.length, mentionsRemoved: d.mentions.removed.length, mentionsChanged: changedIds(d.mentions.changed),
    claimsAdded: d.claims.added.length, claimsRemoved: d.claims.removed.length, claimsChanged: changedIds(d.claims.changed),
    reanchored: d.reanchored.length, orphaned: d.orphaned.length,
    entitiesAdded: d.codebook.added.length, entitiesRemoved: d.codebook.removed.length,
    entitiesChanged: new Set(d.codebook.changed.map(x => x.file + '\0' + x.id)).size, merged: d.codebook.merged.length,
  };
}

function flat(s: string, max = 60): string {
  const f = s.replace(/\s+/g, ' ').trim();
  return [...f].length > max ? [...f].slice(0, max - 1).join('') + '…' : f;
}

function show(v: Value): string {
  if (v === null) return '(none)';
  if (Array.isArray(v)) return '[' + v.map(x => JSON.stringify(x)).join(', ') + ']';
  return typeof v === 'number' ? String(v) : JSON.stringify(flat(v));
}

/** A one-line description of a field change, in the words of the field. */
function describeChange(c: FieldChange): string {
  if (c.field === 'aliases' && Array.isArray(c.from) && Array.isArray(c.to)) {
    const from = new Set(c.from), to = new Set(c.to);
    const parts = [...c.to.filter(a => !from.has(a)).map(a => `alias added ${JSON.stringify(a)}`),
      ...c.from.filter(a => !to.has(a)).map(a => `alias removed ${JSON.stringify(a)}`)];
    if (parts.length) return parts.join(', ');
  }
  return `${c.field}: ${show(c.from)} → ${show(c.to)}`;
}

/** One group of lines per file: the shared body of the text and markdown formats. */
interface Section { title: string; lines: string[] }

function sections(d: AnnotationDiff, esc: (s: string) => string, markdown = false): Section[] {
  const out: Section[] = [];
  // Brackets around entity ids are ours; in markdown they must not read as a link.
  const [open, close] = markdown ? ['\\[', '\\]'] : ['[', ']'];
  for (const { file, status } of d.files) {
    const lines: string[] = [];
    const inFile = <T extends { file: string }>(xs: readonly T[]) => xs.filter(x => x.file === file);
    const span = (x: { start: number; end: number }) => `${x.start}–${x.end}`;
    for (const m of inFile(d.mentions.added)) lines.push(`+ mention ${open}${esc(m.entity)}${close} ${span(m)} “${esc(flat(m.text))}” (${esc(m.id)})`);
    for (const m of inFile(d.mentions.removed)) lines.push(`− mention ${open}${esc(m.entity)}${close} ${span(m)} “${esc(flat(m.text))}” (${esc(m.id)})`);
    for (const c of annotatorChanges(inFile(d.mentions.changed))) lines.push(`~ mention ${esc(c.id)}: ${esc(describeChange(c))}`);
    for (const c of inFile(d.claims.added)) lines.push(`+ claim by ${open}${esc(c.claimant)}${close} ${span(c)} “${esc(flat(c.text))}” (${esc(c.id)})`);
    for (const c of inFile(d.claims.removed)) lines.push(`− claim by ${open}${esc(c.claimant)}${close} ${span(c)} “${esc(flat(c.text))}” (${esc(c.id)})`);
    for (const c of annotatorChanges(inFile(d.claims.changed))) lines.push(`~ claim ${esc(c.id)}: ${esc(describeChange(c))}`);
    for (const r of inFile(d.reanchored)) lines.push(`↷ ${r.kind} ${esc(r.id)} re-anchored ${span(r.from)} → ${span(r.to)} (${esc(r.anchor)}${r.score !== undefined ? ` ${r.score}` : ''})`);
    for (const o of inFile(d.orphaned)) lines.push(`! ${o.kind} ${esc(o.id)} orphaned: “${esc(flat(o.text))}” not found in the article`);
    for (const e of inFile(d.codebook.added)) lines.push(`+ entity ${esc(e.id)} (${esc(flat(e.name))}, ${esc(e.type)})`);
    for (const e of inFile(d.codebook.removed)) lines.push(`− entity ${esc(e.id)} (${esc(flat(e.name))}, ${esc(e.type)})`);
    for (const m of inFile(d.codebook.merged)) lines.push(`⇒ entity ${esc(m.from)} merged into ${esc(m.into)}`);
    for (const c of inFile(d.codebook.changed)) lines.push(`~ entity ${esc(c.id)}: ${esc(describeChange(c))}`);
    if (lines.length) out.push({ title: `${file}${status === 'modified' ? '' : ` (${status})`}`, lines });
  }
  return out;
}

function countLines(d: AnnotationDiff): string[] {
  const c = counts(d);
  const part = (label: string, pairs: [number, string][]) => {
    const shown = pairs.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`);
    return shown.length ? `${label}: ${shown.join(', ')}` : undefined;
  };
  return [
    part('mentions', [[c.mentionsAdded, 'added'], [c.mentionsRemoved, 'removed'], [c.mentionsChanged, 'changed']]),
    part('claims', [[c.claimsAdded, 'added'], [c.claimsRemoved, 'removed'], [c.claimsChanged, 'changed']]),
    part('anchors', [[c.reanchored, 're-anchored'], [c.orphaned, 'orphaned']]),
    part('codebook', [[c.entitiesAdded, c.entitiesAdded === 1 ? 'entity added' : 'entities added'],
      [c.entitiesRemoved, c.entitiesRemoved === 1 ? 'entity removed' : 'entities removed'],
      [c.merged, 'merged'], [c.entitiesChanged, 'changed']]),
  ].filter((x): x is string => x !== undefined);
}

/** The plain-text summary: counts, mentions per entity, then every change by file. */
export function formatDiffText(d: AnnotationDiff): string[] {
  if (isEmpty(d)) return ['no annotation changes'];
  const lines = [...countLines(d)];
  const perEntity = mentionsPerEntity(d);
  if (perEntity.length) lines.push('mentions per entity: ' + perEntity.map(e => `${e.entity} ${[e.added && `+${e.added}`, e.removed && `−${e.removed}`].filter(Boolean).join(' ')}`).join(', '));
  const plain = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  for (const s of sections(d, plain)) {
    lines.push('', plain(s.title));
    for (const l of s.lines) lines.push('  ' + l);
  }
  return lines;
}

/**
 * Text from a file made inert for GitHub-flavoured markdown: every character with a markdown
 * meaning is backslash-escaped, HTML is written as entities, and @mentions, #references and
 * bare links are broken with an invisible word joiner so a comment cannot ping or link anyone.
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, c => '\\' + c)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/([@#])/g, '$1\u2060').replace(/:\/\//g, ':\u2060//').replace(/(www)(\\\.)/gi, '$1\u2060$2');
}

/** Markdown for a pull-request comment: counts first, each file's details folded. */
export function formatDiffMarkdown(d: AnnotationDiff, options: { title?: string; maxLinesPerFile?: number } = {}): string {
  const max = options.maxLinesPerFile ?? 200;
  const out = [`### ${escapeMarkdown(options.title ?? 'ClaimLens annotation changes')}`, ''];
  if (isEmpty(d)) return [...out, 'No annotation changes.', ''].join('\n');
  // Counts are our own words and numbers, nothing from a file.
  for (const l of countLines(d)) out.push(`- ${l}`);
  const perEntity = mentionsPerEntity(d);
  if (perEntity.length) {
    out.push('', '| entity | mentions added | mentions removed |', '| --- | ---: | ---: |');
    for (const e of perEntity.slice(0, 50)) out.push(`| ${escapeMarkdown(e.entity)} | ${e.added} | ${e.removed} |`);
    if (perEntity.length > 50) out.push(`| … ${perEntity.length - 50} more | | |`);
  }
  for (const s of sections(d, escapeMarkdown, true)) {
    out.push('', `<details><summary>${escapeMarkdown(s.title)}: ${s.lines.length} ${s.lines.length === 1 ? 'change' : 'changes'}</summary>`, '');
    for (const l of s.lines.slice(0, max)) out.push(`- ${l.replace(/^([+~!])/, '\\$1')}`);
    if (s.lines.length > max) out.push(`- … ${s.lines.length - max} more (run \`claimlens diff\` locally for all)`);
    out.push('', '</details>');
  }
  return out.join('\n') + '\n';
}

/** The JSON document of `claimlens diff --format json`. */
export function diffJson(d: AnnotationDiff): object {
  return { files: d.files, mentions: d.mentions, claims: d.claims, reanchored: d.reanchored, orphaned: d.orphaned, codebook: d.codebook };
}
