// Three-way merge of two versions of one sidecar, by annotation id: base = what both started from
// (the last saved file), ours and theirs = the two versions (in the editor: memory and disk).
// Additions from both sides are kept, a deletion on one side is honoured, a field changed on one
// side is taken. A field changed differently on both sides is a true conflict: theirs keeps the
// id and ours is kept beside it as a copy to review, so nothing is ever dropped.
import { Annotation, ArticleMeta, Claim, compareSpans, Mention, Sidecar } from './model';

/** Where an annotation is: these fields move together (re-anchoring rewrites them as one). */
const PLACE_KEYS = ['start', 'end', 'text', 'before', 'after', 'anchor', 'score'] as const;
const ARTICLE_KEYS = ['title', 'source', 'author', 'date', 'hash'] as const;

export interface MergeConflict {
  kind: 'mention' | 'claim';
  /** The annotation's id; theirs keeps it. */
  id: string;
  /** The fields both sides changed differently, or `deleted` when one side deleted what the other changed. */
  fields: string[];
  /** Id of the copy holding our version (absent when theirs was deleted and ours simply stays). */
  copyId?: string;
}

export interface Merge3Result {
  sidecar: Sidecar;
  conflicts: MergeConflict[];
}

export interface Merge3Options {
  /** Mints an id for the copy of a conflicting annotation (prefix `m` or `c`), not in `taken`. */
  newId(prefix: 'm' | 'c', taken: ReadonlySet<string>): string;
}

type Fields = Record<string, unknown>;

const same = (a: unknown, b: unknown): boolean => a === b;

function placeOf(a: Annotation): string {
  const f = a as unknown as Fields;
  // `shifted` says no more than `exact` (it is not written to files).
  return JSON.stringify(PLACE_KEYS.map(k => (k === 'anchor' && f[k] === 'shifted' ? 'exact' : k === 'score' && f.anchor !== 'fuzzy' ? undefined : f[k]) ?? null));
}

function contentKeys(...xs: (Annotation | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const x of xs) if (x) for (const k of Object.keys(x)) if (!(PLACE_KEYS as readonly string[]).includes(k)) keys.add(k);
  return [...keys].sort();
}

/** True when `b` differs from `a` in anything but its place. */
function contentChanged(a: Annotation, b: Annotation): boolean {
  const fa = a as unknown as Fields, fb = b as unknown as Fields;
  return contentKeys(a, b).some(k => !same(fa[k], fb[k]));
}

/** Two versions flagged for review: the copy is kept where ours was, as a fuzzy match to accept or delete. */
function flagged<T extends Annotation>(a: T, id: string): T {
  const copy = { ...a, id, anchor: a.anchor === 'orphan' ? 'orphan' as const : 'fuzzy' as const };
  delete copy.score;
  return copy;
}

function mergeList<T extends Annotation>(kind: 'mention' | 'claim', base: readonly T[], ours: readonly T[], theirs: readonly T[],
  taken: Set<string>, options: Merge3Options, conflicts: MergeConflict[]): T[] {
  const b = new Map(base.map(a => [a.id, a])), o = new Map(ours.map(a => [a.id, a])), t = new Map(theirs.map(a => [a.id, a]));
  const out: T[] = [];
  const copyOf = (a: T, fields: string[]) => {
    const copyId = options.newId(kind === 'mention' ? 'm' : 'c', taken);
    taken.add(copyId);
    conflicts.push({ kind, id: a.id, fields, copyId });
    out.push(flagged(a, copyId));
  };
  const ids = [...t.keys(), ...[...o.keys()].filter(id => !t.has(id))];
  for (const id of ids) {
    const bv = b.get(id), ov = o.get(id), tv = t.get(id);
    if (!bv) {
      // Added on one side, or (with random ids, hardly ever) on both.
      if (ov && tv && (contentChanged(ov, tv) || placeOf(ov) !== placeOf(tv))) { out.push(tv); copyOf(ov, contentKeys(ov, tv).filter(k => !same((ov as unknown as Fields)[k], (tv as unknown as Fields)[k]))); }
      else out.push((tv ?? ov)!);
      continue;
    }
    if (!ov && !tv) continue;
    if (!ov) {
      // Deleted here: honoured unless theirs changed what it says (a move is not a change of mind).
      if (contentChanged(bv, tv!)) { out.push(tv!); conflicts.push({ kind, id, fields: ['deleted'] }); }
      continue;
    }
    if (!tv) {
      if (contentChanged(bv, ov)) { out.push(flagged(ov, id)); conflicts.push({ kind, id, fields: ['deleted'] }); }
      continue;
    }
    const bf = bv as unknown as Fields, of = ov as unknown as Fields, tf = tv as unknown as Fields;
    const merged: Fields = {};
    const clashes: string[] = [];
    for (const k of contentKeys(bv, ov, tv)) {
      const value = same(of[k], bf[k]) ? tf[k] : same(tf[k], bf[k]) || same(of[k], tf[k]) ? of[k] : (clashes.push(k), tf[k]);
      if (value !== undefined) merged[k] = value;
    }
    // The place: whichever side moved it; when both did, theirs (the file) is where the text is.
    const placeFrom = placeOf(ov) !== placeOf(bv) && placeOf(tv) === placeOf(bv) ? of : tf;
    for (const k of PLACE_KEYS) if (placeFrom[k] !== undefined) merged[k] = placeFrom[k];
    if (merged.anchor === 'shifted') merged.anchor = 'exact';
    if (merged.anchor !== 'fuzzy') delete merged.score;
    if (clashes.length) {
      out.push(tv);
      copyOf(ov, clashes);
    } else out.push(merged as unknown as T);
  }
  return out.sort(compareSpans);
}

function mergeArticle(base: ArticleMeta, ours: ArticleMeta, theirs: ArticleMeta): ArticleMeta {
  const out: ArticleMeta = {};
  for (const k of ARTICLE_KEYS) {
    // The hash goes with the places, which theirs gives; other facts merge like fields.
    const v = k === 'hash' || same(ours[k], base[k]) ? theirs[k] : ours[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function mergeSidecars3(base: Sidecar, ours: Sidecar, theirs: Sidecar, options: Merge3Options): Merge3Result {
  const taken = new Set([...base.mentions, ...base.claims, ...ours.mentions, ...ours.claims, ...theirs.mentions, ...theirs.claims].map(a => a.id));
  const conflicts: MergeConflict[] = [];
  const mentions = mergeList<Mention>('mention', base.mentions, ours.mentions, theirs.mentions, taken, options, conflicts);
  const claims = mergeList<Claim>('claim', base.claims, ours.claims, theirs.claims, taken, options, conflicts);
  return { sidecar: { ...theirs, article: mergeArticle(base.article, ours.article, theirs.article), mentions, claims }, conflicts };
}
