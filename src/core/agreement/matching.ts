// Which spans of different annotators are "the same annotation". Two ways to match:
// - exact: the same start and end;
// - overlap: at least one code point in common (an empty span matches only the identical one).
// Matching is one to one and greedy: every candidate pair is ranked by the number of code points
// the spans share (most first), then by how much of their union that is (Jaccard, most first),
// then pairs whose labels agree first, then by position; pairs are taken in that order while
// neither span is taken yet. With more than two annotators the same ranking joins spans into
// units, one span per annotator at most: a pair joins the two units its spans are in when the
// units have no annotator in common. For two annotators a unit is exactly a matched pair.

export interface SpanLike {
  start: number;
  end: number;
}

export type MatchMode = 'exact' | 'overlap';
export const MATCH_MODES: readonly MatchMode[] = ['exact', 'overlap'];

/** Code points two spans share. */
export function overlapLength(a: SpanLike, b: SpanLike): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

export function spansMatch(a: SpanLike, b: SpanLike, mode: MatchMode): boolean {
  if (a.start === b.start && a.end === b.end) return true;
  return mode === 'overlap' && overlapLength(a, b) > 0;
}

/** A unit: at most one span of each annotator (undefined where an annotator has none). */
export type Unit<T> = (T | undefined)[];

interface Candidate {
  i: number; x: number; // annotator i, its span x
  j: number; y: number;
  shared: number;
  jaccard: number;
  sameLabel: boolean;
  start: number;
}

/**
 * Pairs of spans worth comparing, found by a sweep over both lists in start order. Real copies have
 * a few overlapping spans per span; a copy whose spans all overlap (a broken or hostile file) would
 * make this quadratic, so the work is capped and such copies are refused.
 */
export const MAX_PAIR_CHECKS = 1_000_000;

function candidates<T extends SpanLike>(annotators: readonly (readonly T[])[], mode: MatchMode, sameLabel: (a: T, b: T) => boolean): Candidate[] {
  const found: Candidate[] = [];
  const sorted = annotators.map(spans => spans.map((_, k) => k).sort((p, q) => spans[p].start - spans[q].start || spans[p].end - spans[q].end));
  let checks = 0;
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const a = annotators[i], b = annotators[j], order = sorted[j];
      let next = 0, active: number[] = [];
      for (const x of sorted[i]) {
        const s = a[x];
        // Spans of j that start before s ends (at s's start for an empty s) may match s or a later span.
        while (next < order.length && b[order[next]].start < Math.max(s.end, s.start + 1)) active.push(order[next++]);
        // One that ends before s starts matches neither s nor any later span.
        active = active.filter(y => b[y].end >= s.start);
        checks += active.length;
        if (checks > MAX_PAIR_CHECKS) throw new Error('too many overlapping annotations to compare; a copy looks broken (run claimlens validate on it)');
        for (const y of active) {
          const t = b[y];
          if (!spansMatch(s, t, mode)) continue;
          const shared = overlapLength(s, t);
          const union = Math.max(s.end, t.end) - Math.min(s.start, t.start);
          found.push({ i, x, j, y, shared, jaccard: union === 0 ? 1 : shared / union, sameLabel: sameLabel(s, t), start: Math.min(s.start, t.start) });
        }
      }
    }
  }
  return found.sort((p, q) => q.shared - p.shared || q.jaccard - p.jaccard || Number(q.sameLabel) - Number(p.sameLabel)
    || p.start - q.start || p.i - q.i || p.x - q.x || p.j - q.j || p.y - q.y);
}

/**
 * Groups the spans of several annotators into units (see the top of this file). Every span is in
 * exactly one unit; units come in position order (earliest start, then earliest end).
 * `sameLabel` breaks ties between equally good pairs in favour of agreeing labels.
 */
export function buildUnits<T extends SpanLike>(annotators: readonly (readonly T[])[], mode: MatchMode,
  sameLabel: (a: T, b: T) => boolean = () => false): Unit<T>[] {
  const n = annotators.length;
  // Units hold span indexes per annotator (-1: none); merging moves one unit's members into the other.
  const unitOf = annotators.map(spans => spans.map(() => -1));
  const members: number[][] = [];
  annotators.forEach((spans, i) => spans.forEach((_, x) => {
    unitOf[i][x] = members.length;
    const unit = new Array<number>(n).fill(-1);
    unit[i] = x;
    members.push(unit);
  }));
  const alive = members.map(() => true);
  for (const c of candidates(annotators, mode, sameLabel)) {
    const u = unitOf[c.i][c.x], v = unitOf[c.j][c.y];
    if (u === v || members[u].some((x, k) => x >= 0 && members[v][k] >= 0)) continue;
    members[v].forEach((x, k) => {
      if (x < 0) return;
      members[u][k] = x;
      unitOf[k][x] = u;
    });
    alive[v] = false;
  }
  const units = members.filter((_, k) => alive[k]).map(unit => unit.map((x, k) => (x < 0 ? undefined : annotators[k][x])));
  const first = (unit: Unit<T>) => unit.reduce<SpanLike | undefined>((best, s) =>
    s && (!best || s.start < best.start || (s.start === best.start && s.end < best.end)) ? s : best, undefined)!;
  return units.sort((p, q) => first(p).start - first(q).start || first(p).end - first(q).end);
}

/** One-to-one matching of two annotators' spans: the pairs, as [span of a, span of b]. */
export function matchSpans<T extends SpanLike>(a: readonly T[], b: readonly T[], mode: MatchMode,
  sameLabel?: (x: T, y: T) => boolean): [T, T][] {
  return buildUnits([a, b], mode, sameLabel).filter((u): u is [T, T] => u[0] !== undefined && u[1] !== undefined);
}
