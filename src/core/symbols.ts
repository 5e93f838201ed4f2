// The editor-independent parts of the language features: what the Outline lists for an article,
// which actors a Go to Symbol query finds, and the codebook text a Rename produces. No editor
// types here; src/vscode/language turns these into symbols, locations and workspace edits.
import { yaml } from './yamlLib';
import { CodebookError, loadCodebook, renameEntity, saveCodebook } from './codebook';
import { firstWords } from './hoverText';
import { Claim, Codebook, Entity, Mention, Sidecar } from './model';

// ---------------------------------------------------------------- outline

export interface ActorOutline {
  entity: string;
  /** The entity's display name, or its id when the codebook does not know it. */
  name: string;
  /** Entity type id (undefined when the entity is not in the codebook). */
  type?: string;
  /** "Person · 3 mentions" */
  detail: string;
  /** The entity's mentions in the article, in text order. */
  mentions: Mention[];
}

export interface ClaimOutline {
  claim: Claim;
  /** "Claimant (Stance): first words…" */
  name: string;
  /** Topic and form, when set. */
  detail: string;
}

export interface ArticleOutline {
  /** One entry per entity mentioned, ordered by its first mention. */
  actors: ActorOutline[];
  /** Claims in text order. */
  claims: ClaimOutline[];
}

const labelOf = (list: readonly { id: string; label: string }[], id: string | undefined) =>
  id === undefined ? undefined : list.find(x => x.id === id)?.label ?? id;

export function entityName(cb: Codebook, id: string): string {
  return cb.entities.find(e => e.id === id)?.name ?? id;
}

export function claimTitle(c: Claim, cb: Codebook): string {
  const stance = labelOf(cb.stances, c.stance);
  return `${entityName(cb, c.claimant)}${stance ? ` (${stance})` : ''}: ${firstWords(c.text, 50)}`;
}

/** What an article's Outline shows. Orphaned annotations have no place in the text and are left out. */
export function outlineOf(sidecar: Sidecar, cb: Codebook): ArticleOutline {
  const byEntity = new Map<string, Mention[]>();
  for (const m of [...sidecar.mentions].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (m.anchor === 'orphan') continue;
    const list = byEntity.get(m.entity);
    if (list) list.push(m); else byEntity.set(m.entity, [m]);
  }
  const actors = [...byEntity].map(([id, mentions]): ActorOutline => {
    const e = cb.entities.find(x => x.id === id);
    const kind = e ? labelOf(cb.types, e.type)! : 'not in the codebook';
    return { entity: id, name: e?.name ?? id, type: e?.type, mentions,
      detail: `${kind} · ${mentions.length} mention${mentions.length === 1 ? '' : 's'}` };
  });
  const claims = sidecar.claims.filter(c => c.anchor !== 'orphan')
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((claim): ClaimOutline => ({
      claim, name: claimTitle(claim, cb),
      detail: [labelOf(cb.topics, claim.topic), claim.form?.replace('-', ' ')].filter(Boolean).join(' · '),
    }));
  return { actors, claims };
}

// ---------------------------------------------------------------- searching actors

/** Case, accents and curly quotes do not matter when searching names. */
export function foldName(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[’‘`´]/g, "'").replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ').trim();
}

/**
 * How well `query` matches `candidate` (both folded): 0 = not at all; then, best first, equal,
 * prefix, word start, substring, and the query's characters in order (a relaxed match, as the
 * editor expects from workspace symbol providers; it ranks and highlights the results itself).
 */
export function matchScore(query: string, candidate: string): number {
  if (!query) return 1;
  if (candidate === query) return 100;
  if (candidate.startsWith(query)) return 80;
  const at = candidate.indexOf(query);
  if (at > 0) return /[\s\-'".(/]/.test(candidate[at - 1]) ? 60 : 40;
  let i = 0;
  for (const ch of candidate) if (ch === query[i] && ++i === query.length) return 10;
  return 0;
}

export interface EntityMatch {
  entity: Entity;
  /** The alias that matched, when it matched better than the name. */
  alias?: string;
  score: number;
}

/** Entities whose name or an alias matches the query, best first. */
export function searchEntities(cb: Codebook, query: string): EntityMatch[] {
  const q = foldName(query);
  const found: EntityMatch[] = [];
  for (const entity of cb.entities) {
    let best: EntityMatch = { entity, score: Math.max(matchScore(q, foldName(entity.name)), matchScore(q, foldName(entity.id)) > 0 ? 5 : 0) };
    for (const alias of entity.aliases) {
      const score = matchScore(q, foldName(alias));
      if (score > best.score) best = { entity, alias, score };
    }
    if (best.score > 0) found.push(best);
  }
  return found.sort((a, b) => b.score - a.score || a.entity.name.localeCompare(b.entity.name));
}

/** The label of a found actor: its name, with the alias that was searched for when that differs. */
export function matchLabel(m: EntityMatch): string {
  return m.alias === undefined ? m.entity.name : `${m.entity.name} (${m.alias})`;
}

// ---------------------------------------------------------------- renaming

/** The codebook of `source`, ready to be changed; throws a message naming the first error. */
function loadForEdit(source: string) {
  const loaded = loadCodebook(source);
  const error = loaded.problems.find(p => p.severity === 'error');
  if (error || !loaded.codebook)
    throw new CodebookError(`the codebook has errors (${error?.message ?? 'unreadable'}${error ? ` at line ${error.line}` : ''}); fix them first`);
  return { loaded, codebook: loaded.codebook };
}

/** Why the codebook text cannot be edited, or undefined when it can. */
export function codebookEditProblem(source: string): string | undefined {
  try { loadForEdit(source); return undefined; } catch (e) { return (e as Error).message; }
}

/**
 * The codebook text after giving an entity a new display name (its old name becomes an alias);
 * comments and layout of the rest of the file are kept. Articles are not touched: mentions refer
 * to the entity's id, which stays.
 */
export function renameInCodebookText(source: string, id: string, newName: string): string {
  const name = newName.trim();
  if (!name) throw new CodebookError('a name cannot be empty');
  if (/[\r\n]/.test(name)) throw new CodebookError('a name is one line');
  const { loaded, codebook } = loadForEdit(source);
  if (codebook.entities.find(e => e.id === id)?.name === name) return source;
  return saveCodebook(renameEntity(codebook, new Map(), id, { name }).codebook, loaded);
}

/**
 * The smallest single replacement that turns `before` into `after`, in UTF-16 indices of
 * `before` (never splitting a surrogate pair), so an editor edit touches only what changed.
 */
export function minimalReplacement(before: string, after: string): { start: number; end: number; text: string } {
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  if (p > 0 && isHigh(before.charCodeAt(p - 1))) p--;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  if (s > 0 && isLow(before.charCodeAt(before.length - s))) s--;
  return { start: p, end: before.length - s, text: after.slice(p, after.length - s) };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** 1-based line and column of an entity's entry in the codebook text, when it is there. */
export function locateEntityInCodebook(source: string, id: string): { line: number; column: number } | undefined {
  const loaded = loadCodebook(source);
  const seq = loaded.document?.get('entities', true);
  if (!yaml().isSeq(seq)) return undefined;
  const index = seq.items.findIndex(n => yaml().isMap(n) && String(n.get('id')) === id);
  return index < 0 ? undefined : loaded.locate(['entities', index]);
}
