// Three-way merge of sidecars and codebooks by id, for the git merge driver (`claimlens merge`)
// and for replaying unsaved edits onto a file changed on disk. Git merges lines; two annotators
// who add mentions next to each other touch adjacent lines of a sorted file and get a textual
// conflict although their work does not overlap. Merging by annotation id instead:
//  - an annotation added on either side is kept, one deleted on one side (and not changed on the
//    other) is deleted, a field changed on one side is taken;
//  - the same field changed differently on both sides is a conflict, written between standard
//    conflict markers around that one annotation (the validator then points at it);
//  - the span (start, end, text, before, after, anchor, score) is one field: its parts only make
//    sense together. A span that moved only because its side re-anchored to an edited article
//    (same quote, other hash) is not an annotator's change and yields to one that is;
//  - when the two sides annotated different versions of the article (their `hash` differs) the
//    merged sidecar has no hash, so the next `claimlens fmt` or editor open re-anchors it against
//    the merged article using the quotes. Spans taken from the side whose article was not kept are
//    first shifted by the offset change of their nearest common neighbour, so that re-anchoring
//    finds them where it predicts them.
// Pure functions over text and plain data; the output is the canonical form (or, for a
// hand-written file, ours updated in place as `fmt` would), the same bytes for the same inputs.
import type { Node, YAMLSeq } from 'yaml';
import { yaml } from './yamlLib';
import { Annotation, Claim, Codebook, compareSpans, Entity, Mention, Sidecar } from './model';
import { hasErrors, Problem } from './problems';
import { LoadedCodebook, loadCodebook, saveCodebook } from './codebook';
import { loadSidecar, parseCanonical, saveSidecar, serializeSidecar } from './sidecarFormat';
import { MAX_YAML_BYTES } from './yamlDoc';
import { hashText, normalizeNewlines } from './text';
import { reanchorSidecar } from './anchorSidecar';

export type Side = 'ours' | 'theirs';

type Item = { id: string } & Record<string, unknown>;

/** An item whose versions could not be reconciled. */
export interface MergeConflict<T> {
  /** `mentions`, `claims`, `article` (the article facts) or a codebook list. */
  list: string;
  id: string;
  /** The fields changed differently on the two sides (`span` for the placement). */
  fields: string[];
  /** Each side's version with every field that does not conflict merged; undefined: deleted there. */
  ours?: T;
  theirs?: T;
}

export interface SidecarMerge {
  /** The merged sidecar; a conflicted annotation is present in ours' version (theirs' when ours deleted it). */
  sidecar: Sidecar;
  conflicts: MergeConflict<Item>[];
  /** True when the sides annotated different versions of the article: the result has no hash and must be re-anchored. */
  stale: boolean;
}

export interface TextMerge {
  /** The merged file, with conflict markers when `conflicts` > 0. */
  text: string;
  conflicts: number;
  stale: boolean;
}

export interface MergeTextOptions {
  /** Written after the conflict markers (default `ours` and `theirs`). */
  labels?: { ours: string; theirs: string };
  /** Skip the fast path for three canonical files (the benchmark compares both). */
  general?: boolean;
  /** The article each side annotated, for re-anchoring when they differ (checked against the side's hash). */
  articleOf?: ArticleOf;
}

const DEFAULT_LABELS = { ours: 'ours', theirs: 'theirs' };

/** The article text a side annotated, when the caller can tell (asked only when the sides' hashes differ). */
export type ArticleOf = (side: Side) => string | undefined;

export const CONFLICT_MARKER_SIZE = 7;

/** Placement fields: merged as one value. */
const SPAN_KEYS = ['start', 'end', 'text', 'before', 'after', 'anchor', 'score'] as const;

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return false;
}

function sameSpan(a: Item, b: Item): boolean {
  return SPAN_KEYS.every(k => a[k] === b[k]);
}

/** Three-way merge of one value: the side that changed wins; both changed alike is fine. */
function mergeValue(base: unknown, ours: unknown, theirs: unknown, hasBase: boolean): { value: unknown } | undefined {
  if (same(ours, theirs)) return { value: ours };
  if (hasBase && same(ours, base)) return { value: theirs };
  if (hasBase && same(theirs, base)) return { value: ours };
  return undefined;
}

/** Three-way merge of a set of strings (aliases): additions of both kept, removals of either honoured. */
function mergeSet(base: readonly string[], ours: readonly string[], theirs: readonly string[]): string[] {
  const removed = new Set(base.filter(x => !ours.includes(x) || !theirs.includes(x)));
  return [...new Set([...ours, ...theirs])].filter(x => !removed.has(x));
}

interface FieldMerge {
  merged: Item;
  conflicts: string[];
  oursVersion: Item;
  theirsVersion: Item;
}

/**
 * Merges the fields of one item present on both sides (base may be absent: added on both).
 * `span` decides the placement for annotations; `sets` names fields merged as sets.
 */
function mergeFields(base: Item | undefined, ours: Item, theirs: Item, opts: { span?: (b: Item | undefined, o: Item, t: Item) => Item | undefined; sets?: readonly string[] }): FieldMerge {
  const merged: Item = { id: ours.id }, oursVersion: Item = { id: ours.id }, theirsVersion: Item = { id: ours.id };
  const conflicts: string[] = [];
  const skip = new Set<string>(opts.span ? SPAN_KEYS : []);
  const keys = new Set([...Object.keys(ours), ...Object.keys(theirs), ...Object.keys(base ?? {})]);
  keys.delete('id');
  const set = (target: Item, k: string, v: unknown) => { if (v !== undefined) target[k] = v; };
  if (opts.span) {
    const span = opts.span(base, ours, theirs);
    for (const k of SPAN_KEYS) {
      if (span) { set(merged, k, span[k]); set(oursVersion, k, span[k]); set(theirsVersion, k, span[k]); }
      else { set(merged, k, ours[k]); set(oursVersion, k, ours[k]); set(theirsVersion, k, theirs[k]); }
    }
    if (!span) conflicts.push('span');
  }
  for (const k of [...keys].sort()) {
    if (skip.has(k)) continue;
    if (opts.sets?.includes(k)) {
      const v = mergeSet((base?.[k] as string[] | undefined) ?? [], (ours[k] as string[] | undefined) ?? [], (theirs[k] as string[] | undefined) ?? []);
      set(merged, k, v); set(oursVersion, k, v); set(theirsVersion, k, v);
      continue;
    }
    const r = mergeValue(base?.[k], ours[k], theirs[k], base !== undefined);
    if (r) { set(merged, k, r.value); set(oursVersion, k, r.value); set(theirsVersion, k, r.value); }
    else { conflicts.push(k); set(merged, k, ours[k]); set(oursVersion, k, ours[k]); set(theirsVersion, k, theirs[k]); }
  }
  return { merged, conflicts, oursVersion: orderLike(ours, oursVersion), theirsVersion: orderLike(theirs, theirsVersion) };
}

/** The item's keys in the order of `like` (then any others), so objects compare and print alike. */
function orderLike(like: Item, item: Item): Item {
  const out: Item = { id: item.id };
  for (const k of Object.keys(like)) if (k in item) out[k] = item[k];
  for (const k of Object.keys(item)) if (!(k in out)) out[k] = item[k];
  return out;
}

interface ListMerge {
  items: Item[];
  /** Which side each merged item's span was taken from (annotations only). */
  spanSide: Map<string, Side>;
  conflicts: MergeConflict<Item>[];
}

/**
 * Merges two versions of an id-keyed list against their base. `changed` says whether a side's
 * version differs from the base in a way that matters (a deletion on the other side then
 * conflicts with it). Order: ours', with theirs' additions after their nearest predecessor.
 */
function mergeList(list: string, base: readonly Item[], ours: readonly Item[], theirs: readonly Item[], opts: {
  span?: (b: Item | undefined, o: Item, t: Item) => { span: Item; side: Side } | undefined;
  changed: (b: Item, x: Item, side: Side) => boolean;
  sets?: readonly string[];
}): ListMerge {
  const byId = (xs: readonly Item[]) => new Map(xs.map(x => [x.id, x]));
  const b = byId(base), o = byId(ours), t = byId(theirs);
  const out = new Map<string, Item>();
  const spanSide = new Map<string, Side>();
  const conflicts: MergeConflict<Item>[] = [];
  const decide = (id: string): void => {
    if (out.has(id)) return;
    const bi = b.get(id), oi = o.get(id), ti = t.get(id);
    if (!oi && !ti) return;
    if (!ti || !oi) {
      const [present, side] = oi ? [oi, 'ours' as const] : [ti!, 'theirs' as const];
      if (!bi) { out.set(id, present); spanSide.set(id, side); return; } // added on one side
      if (!opts.changed(bi, present, side)) return; // deleted on the other side, untouched here
      conflicts.push({ list, id, fields: ['deleted'], ...(side === 'ours' ? { ours: present } : { theirs: present }) });
      out.set(id, present); spanSide.set(id, side);
      return;
    }
    // The same parsed object on two sides (see splitCanonical): the whole item is unchanged there.
    if (oi === ti || oi === bi || ti === bi) {
      const side: Side = oi === bi && oi !== ti ? 'theirs' : ti === bi && oi !== ti ? 'ours' : opts.span?.(bi, oi, ti)?.side ?? 'ours';
      out.set(id, side === 'theirs' ? ti : oi);
      spanSide.set(id, side);
      return;
    }
    let side: Side = 'ours';
    const r = mergeFields(bi, oi, ti, {
      sets: opts.sets,
      span: opts.span && ((bb, oo, tt) => { const s = opts.span!(bb, oo, tt); if (s) side = s.side; return s?.span; }),
    });
    out.set(id, r.merged);
    spanSide.set(id, side);
    if (r.conflicts.length) conflicts.push({ list, id, fields: r.conflicts, ours: r.oursVersion, theirs: r.theirsVersion });
  };
  for (const x of ours) decide(x.id);
  // Theirs' additions after the nearest item that precedes them in theirs and is kept.
  const kept = ours.map(x => x.id).filter(id => out.has(id)), keptSet = new Set(kept);
  const insertions = new Map<string | undefined, string[]>();
  let anchor: string | undefined;
  for (const x of theirs) {
    if (keptSet.has(x.id)) { anchor = x.id; continue; }
    decide(x.id);
    if (!out.has(x.id)) continue;
    const after = insertions.get(anchor);
    if (after) after.push(x.id); else insertions.set(anchor, [x.id]);
  }
  const order = [...insertions.get(undefined) ?? []];
  for (const id of kept) order.push(id, ...insertions.get(id) ?? []);
  return { items: order.map(id => out.get(id)!), spanSide, conflicts };
}

// ---------------------------------------------------------------- sidecars

/** Maps offsets of one side's article onto the other's, by the annotations both sides placed. */
function shifter(from: Sidecar, to: Sidecar): (start: number) => number {
  const target = new Map<string, { start: number; text: string; anchor: string }>();
  for (const a of [...to.mentions, ...to.claims]) target.set(a.id, a);
  const pairs: [number, number][] = [];
  for (const a of [...from.mentions, ...from.claims]) {
    const t = target.get(a.id);
    if (t && t.text === a.text && t.anchor !== 'orphan' && a.anchor !== 'orphan') pairs.push([a.start, t.start - a.start]);
  }
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return start => {
    if (pairs.length === 0) return 0;
    let lo = 0, hi = pairs.length - 1;
    if (start < pairs[0][0]) return pairs[0][1];
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (pairs[mid][0] <= start) lo = mid; else hi = mid - 1; }
    return pairs[lo][1];
  };
}

/** Merges three versions of a sidecar by annotation id (a missing base: an empty sidecar). */
export function mergeSidecars(base: Sidecar, ours: Sidecar, theirs: Sidecar, articleOf?: ArticleOf): SidecarMerge {
  const hb = base.article.hash, ho = ours.article.hash, ht = theirs.article.hash;
  const stale = ho !== ht;
  // Spans are expressed in the offsets of one side's article: the one that changed the article
  // when only one did, else ours.
  const target: Side = stale && ho === hb ? 'theirs' : 'ours';
  const hashOf = (side: Side) => (side === 'ours' ? ho : ht);
  /** Only an annotator moves a quote; re-anchoring to an edited article (other hash, same quote) does not count. */
  const meaningful = (b: Item, x: Item, side: Side) => !sameSpan(b, x) && (x.text !== b.text || hashOf(side) === hb);
  const span = (b: Item | undefined, o: Item, t: Item): { span: Item; side: Side } | undefined => {
    if (sameSpan(o, t)) return { span: o, side: target };
    const oChanged = !b || !sameSpan(b, o), tChanged = !b || !sameSpan(b, t);
    if (!oChanged) return { span: t, side: 'theirs' };
    if (!tChanged) return { span: o, side: 'ours' };
    if (!stale) {
      // Both re-anchored to the same article (neither an annotator's move): either is right.
      if (b && !meaningful(b, o, 'ours') && !meaningful(b, t, 'theirs')) return { span: o, side: 'ours' };
      return undefined;
    }
    const om = !b || meaningful(b, o, 'ours'), tm = !b || meaningful(b, t, 'theirs');
    if (om && tm && o.text !== t.text) return undefined;
    if (om && !tm) return { span: o, side: 'ours' };
    if (tm && !om) return { span: t, side: 'theirs' };
    return target === 'ours' ? { span: o, side: 'ours' } : { span: t, side: 'theirs' };
  };
  const changed = (b: Item, x: Item, side: Side) => {
    for (const k of new Set([...Object.keys(b), ...Object.keys(x)])) {
      if ((SPAN_KEYS as readonly string[]).includes(k)) continue;
      if (!same(b[k], x[k])) return true;
    }
    return meaningful(b, x, side);
  };
  const asItems = (xs: readonly object[]) => xs as unknown as Item[];
  const mentions = mergeList('mentions', asItems(base.mentions), asItems(ours.mentions), asItems(theirs.mentions), { span, changed });
  const claims = mergeList('claims', asItems(base.claims), asItems(ours.claims), asItems(theirs.claims), { span, changed });

  if (stale) {
    const other: Side = target === 'ours' ? 'theirs' : 'ours';
    const shift = shifter(other === 'ours' ? ours : theirs, target === 'ours' ? ours : theirs);
    let move = (a: Item): Item => {
      const d = shift(a.start as number);
      return d === 0 ? a : { ...a, start: Math.max(0, (a.start as number) + d), end: Math.max(0, (a.end as number) + d) };
    };
    // With the article the target side annotated, the other side's spans are re-anchored on it
    // right away: the same task as after an edit outside the editor, in one consistent set of
    // offsets (mixed with the target's, neighbours would predict each other wrongly).
    const targetText = articleOf?.(target);
    if (targetText !== undefined && hashText(normalizeNewlines(targetText)) === hashOf(target)) {
      const fromOther = (m: ListMerge) => m.items.filter(a => m.spanSide.get(a.id) === other);
      const placed = reanchorSidecar({ version: 1, article: { hash: hashOf(other) },
        mentions: fromOther(mentions) as unknown as Mention[], claims: fromOther(claims) as unknown as Claim[] }, targetText).sidecar;
      const byId = new Map<string, Item>([...placed.mentions, ...placed.claims].map(a => [a.id, a as unknown as Item]));
      move = (a: Item): Item => {
        const p = byId.get(a.id);
        if (!p) return a;
        const out: Item = { ...a };
        for (const k of SPAN_KEYS) { if (p[k] === undefined) delete out[k]; else out[k] = p[k]; }
        return out;
      };
    }
    for (const m of [mentions, claims]) {
      m.items = m.items.map(a => (m.spanSide.get(a.id) === other ? move(a) : a));
      for (const c of m.conflicts) {
        if (c.ours && m.spanSide.get(c.id) === other) c.ours = move(c.ours);
        if (c.theirs && m.spanSide.get(c.id) === other) c.theirs = move(c.theirs);
      }
    }
  }

  const article: Record<string, unknown> = {};
  const conflicts: MergeConflict<Item>[] = [];
  const articleFields = mergeFields({ id: '', ...base.article }, { id: '', ...ours.article, hash: undefined }, { id: '', ...theirs.article, hash: undefined }, {});
  for (const [k, v] of Object.entries(articleFields.merged)) if (k !== 'id' && k !== 'hash' && v !== undefined) article[k] = v;
  if (!stale && ho !== undefined) article.hash = ho;
  if (articleFields.conflicts.length) {
    const withHash = (x: Item) => { const { id: _id, ...rest } = x; return { id: '', ...rest, ...(article.hash !== undefined ? { hash: article.hash } : {}) }; };
    conflicts.push({ list: 'article', id: '', fields: articleFields.conflicts, ours: withHash(articleFields.oursVersion), theirs: withHash(articleFields.theirsVersion) });
  }
  conflicts.push(...mentions.conflicts, ...claims.conflicts);
  const sidecar: Sidecar = {
    version: 1, article,
    mentions: mentions.items as unknown as Sidecar['mentions'],
    claims: claims.items as unknown as Sidecar['claims'],
  };
  return { sidecar, conflicts, stale };
}

const EMPTY_SIDECAR = 'claimlens: 1\narticle: {}\nmentions: []\nclaims: []\n';

function readable<T extends { problems: readonly Problem[] }>(loaded: T, model: (l: T) => unknown): boolean {
  return model(loaded) !== undefined && !hasErrors(loaded.problems);
}

/** Ids repeated in a list: such a file is merged as text (which id would be meant?). */
function hasDuplicateIds(lists: readonly (readonly { id: string }[])[]): boolean {
  for (const list of lists) {
    const seen = new Set<string>();
    for (const x of list) { if (seen.has(x.id)) return true; seen.add(x.id); }
  }
  return false;
}

/**
 * Merges three sidecar texts. Undefined when a version cannot be read as a sidecar (syntax
 * errors, conflict markers, repeated ids): the caller falls back to a line merge.
 */
export function mergeSidecarTexts(baseText: string, oursText: string, theirsText: string, options: MergeTextOptions = {}): TextMerge | undefined {
  const labels = options.labels ?? DEFAULT_LABELS;
  const fast = options.general ? undefined : fastSidecarMerge(baseText, oursText, theirsText, options.articleOf);
  if (fast) return fast;
  const load = (text: string) => loadSidecar(normalizeNewlines(text.trim() === '' ? EMPTY_SIDECAR : text));
  const loaded = [baseText, oursText, theirsText].map(load);
  if (!loaded.every(l => readable(l, x => x.sidecar))) return undefined;
  const [base, ours, theirs] = loaded.map(l => l.sidecar!);
  if ([base, ours, theirs].some(s => hasDuplicateIds([[...s.mentions, ...s.claims]]))) return undefined;
  const result = mergeSidecars(base, ours, theirs, options.articleOf);
  let text: string;
  if (result.conflicts.length === 0) text = saveSidecar(result.sidecar, loaded[1].document ? loaded[1] : undefined);
  else text = withSidecarConflicts(result, labels);
  // A file checked out with CRLF line endings keeps them.
  if (/\r\n/.test(oursText)) text = text.replace(/\n/g, '\r\n');
  return { text, conflicts: result.conflicts.length, stale: result.stale };
}

/** A canonical sidecar's article lines and each annotation's raw text (one line per mention, a block per claim). */
interface Pieces { article: string[]; mentions: string[]; claims: string[] }

function splitCanonical(text: string): Pieces | undefined {
  const lines = text.split('\n');
  if (lines.pop() !== '') return undefined;
  const n = lines.length;
  let i = 0;
  if (lines[i++] !== 'claimlens: 1') return undefined;
  const articleStart = i;
  if (lines[i] === 'article: {}') i++;
  else if (lines[i] === 'article:') { i++; while (i < n && lines[i].startsWith('  ')) i++; } else return undefined;
  const pieces: Pieces = { article: lines.slice(articleStart, i), mentions: [], claims: [] };
  if (lines[i] === 'mentions: []') i++;
  else if (lines[i] === 'mentions:') { i++; while (i < n && lines[i].startsWith('  - {')) pieces.mentions.push(lines[i++]); } else return undefined;
  if (lines[i] === 'claims: []') i++;
  else if (lines[i] === 'claims:') {
    i++;
    while (i < n && lines[i].startsWith('  - ')) {
      const start = i++;
      while (i < n && lines[i].startsWith('    ')) i++;
      pieces.claims.push(lines.slice(start, i).join('\n'));
    }
  } else return undefined;
  return i === n ? pieces : undefined;
}

/** Id and offsets of an annotation's canonical text, for ordering (the reader checks them). */
function spanKey(list: 'mentions' | 'claims', raw: string): { raw: string; id: string; start: number; end: number } | undefined {
  const m = list === 'mentions'
    ? /^  - \{id: ([^,"]+), entity: [^,"]+, start: (\d+), end: (\d+)[,}]/.exec(raw)
    : /^  - id: ([^\n"]+)\n[^]*?\n    start: (\d+)\n    end: (\d+)(?:\n|$)/.exec(raw);
  return m ? { raw, id: m[1], start: Number(m[2]), end: Number(m[3]) } : undefined;
}

/**
 * The merge of three canonical files (the common case), quickly: each distinct annotation text
 * is read once (most are the same in all three versions), and an annotation that comes out
 * unchanged is written as the very text it was read from, which is its canonical form. Undefined
 * when a version is not canonical, or on conflicts: the general path handles those.
 */
function fastSidecarMerge(baseText: string, oursText: string, theirsText: string, articleOf?: ArticleOf): TextMerge | undefined {
  if (/\r/.test(baseText + oursText + theirsText)) return undefined;
  if ([baseText, oursText, theirsText].some(t => t.length > MAX_YAML_BYTES)) return undefined;
  const pieces = [baseText.trim() === '' ? EMPTY_SIDECAR : baseText, oursText, theirsText].map(splitCanonical);
  if (pieces.some(p => p === undefined)) return undefined;
  // Every distinct annotation text, in position order, read as one canonical document: the
  // reader's byte-for-byte check then vouches for each of them.
  const byRaw = { mentions: new Map<string, Annotation>(), claims: new Map<string, Annotation>() }, rawOf = new Map<Annotation, string>();
  for (const list of ['mentions', 'claims'] as const) {
    const keys = new Map<string, { raw: string; id: string; start: number; end: number }>();
    const [inOurs, inTheirs] = (pieces as Pieces[]).slice(1).map(p => new Set(p[list]));
    for (const p of pieces as Pieces[]) for (const raw of p[list]) {
      if (keys.has(raw) || byRaw[list].has(raw)) continue;
      const k = spanKey(list, raw);
      if (!k) return undefined;
      // Text that is the same in all three versions is changed by no one: it is written back as
      // it is, so it need not be read (the same object on all sides marks it unchanged).
      if (p === pieces[0] && inOurs.has(raw) && inTheirs.has(raw)) {
        const stub = { id: k.id, start: k.start, end: k.end } as Annotation;
        byRaw[list].set(raw, stub);
        rawOf.set(stub, raw);
      } else keys.set(raw, k);
    }
    const sorted = [...keys.values()].sort(compareSpans);
    if (sorted.length === 0) continue;
    const doc = `claimlens: 1\narticle: {}\n${list === 'mentions' ? 'mentions:\n' : 'mentions: []\nclaims:\n'}${sorted.map(k => k.raw).join('\n')}\n${list === 'mentions' ? 'claims: []\n' : ''}`;
    const read = parseCanonical(doc)?.[list] as Annotation[] | undefined;
    if (!read || read.length !== sorted.length) return undefined;
    sorted.forEach((k, i) => { byRaw[list].set(k.raw, read[i]); rawOf.set(read[i], k.raw); });
  }
  const sidecars: Sidecar[] = [];
  for (const p of pieces as Pieces[]) {
    const head = parseCanonical(`claimlens: 1\n${p.article.join('\n')}\nmentions: []\nclaims: []\n`);
    if (!head) return undefined;
    const s: Sidecar = { ...head, mentions: p.mentions.map(raw => byRaw.mentions.get(raw) as Mention), claims: p.claims.map(raw => byRaw.claims.get(raw) as Claim) };
    if (hasDuplicateIds([[...s.mentions, ...s.claims]])) return undefined;
    sidecars.push(s);
  }
  const result = mergeSidecars(sidecars[0], sidecars[1], sidecars[2], articleOf);
  if (result.conflicts.length) return undefined;
  const header = serializeSidecar({ ...result.sidecar, mentions: [], claims: [] }).split('\n');
  const out = header.slice(0, header.indexOf('mentions: []'));
  for (const list of ['mentions', 'claims'] as const) {
    const items = [...result.sidecar[list] as Annotation[]].sort(compareSpans);
    if (items.length === 0) { out.push(`${list}: []`); continue; }
    out.push(`${list}:`);
    for (const a of items) out.push(rawOf.get(a) ?? sidecarItemLines(list, a as unknown as Item).join('\n'));
  }
  return { text: out.join('\n') + '\n', conflicts: 0, stale: result.stale };
}

/** Where each item of a canonical sidecar text starts and ends (line indices, end exclusive), by id. */
function itemLines(lines: readonly string[]): { article?: [number, number]; items: Map<string, [number, number]> } {
  const items = new Map<string, [number, number]>();
  let article: [number, number] | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === 'article:') {
      let j = i + 1;
      while (j < lines.length && lines[j].startsWith('  ') && !lines[j].startsWith('  - ')) j++;
      article = [i, j];
      i = j - 1;
      continue;
    }
    if (lines[i] === 'article: {}') { article = [i, i + 1]; continue; }
    const m = /^  - \{?id: ("(?:[^"\\]|\\.)*"|[^,}\s]+)/.exec(lines[i]);
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].startsWith('    ')) j++;
    const id = m[1].startsWith('"') ? JSON.parse(m[1]) as string : m[1];
    items.set(id, [i, j]);
    i = j - 1;
  }
  return { article, items };
}

/** The lines a sidecar holding only `item` gives it in the canonical form. */
function sidecarItemLines(list: string, item: Item | undefined): string[] {
  if (!item) return [];
  const s: Sidecar = { version: 1, article: {}, mentions: [], claims: [] };
  if (list === 'article') {
    const { id: _id, ...facts } = item;
    s.article = facts;
    const lines = serializeSidecar(s).split('\n');
    const { article } = itemLines(lines);
    return lines.slice(article![0], article![1]);
  }
  (s[list as 'mentions' | 'claims'] as unknown[]).push(item);
  const lines = serializeSidecar(s).split('\n');
  const at = itemLines(lines).items.get(item.id)!;
  return lines.slice(at[0], at[1]);
}

function conflictBlock(ours: readonly string[], theirs: readonly string[], labels: { ours: string; theirs: string }): string[] {
  return [`${'<'.repeat(CONFLICT_MARKER_SIZE)} ${labels.ours}`, ...ours, '='.repeat(CONFLICT_MARKER_SIZE), ...theirs, `${'>'.repeat(CONFLICT_MARKER_SIZE)} ${labels.theirs}`];
}

/** The canonical text with each conflicted annotation (or the article facts) between markers. */
function withSidecarConflicts(result: SidecarMerge, labels: { ours: string; theirs: string }): string {
  const lines = serializeSidecar(result.sidecar).split('\n');
  const where = itemLines(lines);
  const blocks: { at: [number, number]; lines: string[] }[] = [];
  for (const c of result.conflicts) {
    const at = c.list === 'article' ? where.article : where.items.get(c.id);
    if (!at) continue;
    blocks.push({ at, lines: conflictBlock(sidecarItemLines(c.list, c.ours), sidecarItemLines(c.list, c.theirs), labels) });
  }
  blocks.sort((x, y) => y.at[0] - x.at[0]);
  for (const b of blocks) lines.splice(b.at[0], b.at[1] - b.at[0], ...b.lines);
  return lines.join('\n');
}

// ---------------------------------------------------------------- codebooks

type CodebookList = 'types' | 'stances' | 'topics' | 'entities';
const CODEBOOK_LISTS: readonly CodebookList[] = ['types', 'stances', 'topics', 'entities'];

export interface CodebookMerge {
  codebook: Codebook;
  conflicts: MergeConflict<Item>[];
}

/** Merges three versions of a codebook by id: entity types, stances, topics and entities; aliases as sets. */
export function mergeCodebooks(base: Codebook, ours: Codebook, theirs: Codebook): CodebookMerge {
  const codebook: Codebook = { version: 1, types: [], stances: [], topics: [], entities: [] };
  const conflicts: MergeConflict<Item>[] = [];
  for (const list of CODEBOOK_LISTS) {
    const items = (cb: Codebook) => cb[list] as unknown as Item[];
    const sets = list === 'entities' ? ['aliases'] : [];
    const changed = (b: Item, x: Item) => {
      for (const k of new Set([...Object.keys(b), ...Object.keys(x)])) {
        if (k === 'aliases' ? !same([...(b[k] as string[] ?? [])].sort(), [...(x[k] as string[] ?? [])].sort()) : !same(b[k], x[k])) return true;
      }
      return false;
    };
    const r = mergeList(list, items(base), items(ours), items(theirs), { changed, sets });
    (codebook[list] as unknown as Item[]) = list === 'entities' ? r.items.map(e => ({ aliases: [], ...e })) : r.items;
    conflicts.push(...r.conflicts);
  }
  return { codebook, conflicts };
}

/**
 * Merges three codebook texts; ours' file is updated in place so its comments and layout stay.
 * Undefined when a version cannot be read as a codebook.
 */
export function mergeCodebookTexts(baseText: string, oursText: string, theirsText: string, options: MergeTextOptions = {}): TextMerge | undefined {
  const labels = options.labels ?? DEFAULT_LABELS;
  const load = (text: string) => loadCodebook(normalizeNewlines(text.trim() === '' ? 'claimlens: 1\n' : text));
  const loaded = [baseText, oursText, theirsText].map(load);
  if (!loaded.every(l => readable(l, x => x.codebook))) return undefined;
  const [base, ours, theirs] = loaded.map(l => l.codebook!);
  if ([base, ours, theirs].some(cb => hasDuplicateIds(CODEBOOK_LISTS.map(k => cb[k])))) return undefined;
  const result = mergeCodebooks(base, ours, theirs);
  // saveCodebook updates the document it is given: each rendering gets a fresh copy of ours.
  const render = (cb: Codebook) => saveCodebook(cb, load(oursText) as LoadedCodebook);
  let text = render(result.codebook);
  if (result.conflicts.length) text = withCodebookConflicts(result, render, labels);
  if (/\r\n/.test(oursText)) text = text.replace(/\n/g, '\r\n');
  return { text, conflicts: result.conflicts.length, stale: false };
}

/** The codebook with a version of each conflicted item swapped in. */
function withVersions(result: CodebookMerge, side: Side): Codebook {
  const cb = { ...result.codebook };
  for (const c of result.conflicts) {
    const list = c.list as CodebookList;
    const version = side === 'ours' ? c.ours : c.theirs;
    (cb[list] as unknown as (Item | undefined)[]) = (cb[list] as unknown as Item[]).map(x => (x.id === c.id ? version : x));
  }
  for (const list of CODEBOOK_LISTS) (cb[list] as unknown as Item[]) = (cb[list] as unknown as (Item | undefined)[]).filter((x): x is Item => x !== undefined);
  cb.entities = cb.entities.map(e => ({ ...e, aliases: (e as Entity).aliases ?? [] }));
  return cb;
}

/** Line ranges (start inclusive, end exclusive) of the items of each list in a codebook text. */
function codebookItemLines(text: string): Map<string, [number, number]> {
  const doc = yaml().parseDocument(text, { keepSourceTokens: false });
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const lineOf = (offset: number) => { let lo = 0, hi = starts.length - 1; while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; } return lo; };
  const out = new Map<string, [number, number]>();
  const root = doc.contents;
  if (!yaml().isMap(root)) return out;
  for (const list of CODEBOOK_LISTS) {
    const seq = root.get(list, true);
    if (!yaml().isSeq(seq)) continue;
    const items = (seq as YAMLSeq).items as Node[];
    const ranges = items.map(n => [lineOf(n.range![0]), lineOf(Math.max(n.range![0], n.range![1] - 1)) + 1] as [number, number]);
    // Items sharing a line (a flow list) are one block: the whole list.
    const shared = ranges.some((r, i) => i > 0 && r[0] < ranges[i - 1][1]);
    const whole: [number, number] = [lineOf((seq as Node).range![0]), lineOf(Math.max((seq as Node).range![0], (seq as Node).range![1] - 1)) + 1];
    items.forEach((n, i) => {
      const raw = yaml().isMap(n) ? n.get('id') : undefined;
      const id = typeof raw === 'number' ? String(raw) : raw;
      if (typeof id !== 'string') return;
      // An item runs to the next one, so comments between them go with the item above.
      const next = i + 1 < ranges.length ? ranges[i + 1][0] : ranges[i][1];
      out.set(`${list}\u0000${id}`, shared ? whole : [ranges[i][0], Math.max(ranges[i][1], next)]);
    });
  }
  return out;
}

function withCodebookConflicts(result: CodebookMerge, render: (cb: Codebook) => string, labels: { ours: string; theirs: string }): string {
  const oursText = render(withVersions(result, 'ours')), theirsText = render(withVersions(result, 'theirs'));
  const oursLines = oursText.split('\n'), theirsLines = theirsText.split('\n');
  const oursAt = codebookItemLines(oursText), theirsAt = codebookItemLines(theirsText);
  // A deleted item has no lines on its side: its block sits where the other side's neighbour is.
  const blocks: { o: [number, number]; t: [number, number] }[] = [];
  for (const c of result.conflicts) {
    const key = `${c.list}\u0000${c.id}`;
    let o = oursAt.get(key), t = theirsAt.get(key);
    if (!o && !t) continue;
    if (!o) o = emptyRangeFor(result, c, oursAt, 'ours');
    if (!t) t = emptyRangeFor(result, c, theirsAt, 'theirs');
    blocks.push({ o: o!, t: t! });
  }
  // Overlapping blocks (one flow list) are written once.
  blocks.sort((x, y) => x.o[0] - y.o[0]);
  const merged: typeof blocks = [];
  for (const b of blocks) {
    const last = merged[merged.length - 1];
    if (last && b.o[0] < last.o[1]) { last.o[1] = Math.max(last.o[1], b.o[1]); last.t[1] = Math.max(last.t[1], b.t[1]); last.t[0] = Math.min(last.t[0], b.t[0]); }
    else merged.push({ o: [...b.o], t: [...b.t] });
  }
  const out = [...oursLines];
  for (const b of merged.reverse())
    out.splice(b.o[0], b.o[1] - b.o[0], ...conflictBlock(oursLines.slice(b.o[0], b.o[1]), theirsLines.slice(b.t[0], b.t[1]), labels));
  return out.join('\n');
}

/** An empty line range where an item deleted on one side would be: after its predecessor there. */
function emptyRangeFor(result: CodebookMerge, c: MergeConflict<Item>, at: Map<string, [number, number]>, side: Side): [number, number] | undefined {
  const list = result.codebook[c.list as CodebookList] as unknown as Item[];
  const i = list.findIndex(x => x.id === c.id);
  for (let j = i - 1; j >= 0; j--) {
    const r = at.get(`${c.list}\u0000${list[j].id}`);
    if (r && !(result.conflicts.some(k => k.list === c.list && k.id === list[j].id && !(side === 'ours' ? k.ours : k.theirs)))) return [r[1], r[1]];
  }
  for (let j = i + 1; j < list.length; j++) {
    const r = at.get(`${c.list}\u0000${list[j].id}`);
    if (r) return [r[0], r[0]];
  }
  return undefined;
}

/** Which merge applies to a path, by its file name. */
export function mergeKindOf(path: string): 'sidecar' | 'codebook' | undefined {
  const name = path.replace(/\\/g, '/').split('/').pop() ?? '';
  if (name === 'claimlens.codebook.yaml') return 'codebook';
  if (name.endsWith('.annotations.yaml')) return 'sidecar';
  return undefined;
}
