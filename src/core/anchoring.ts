// Re-anchoring: finding annotations again after the article changed outside the editor (a git
// checkout or pull, another editor). Pure functions over plain data; no editor types.
//
// Each annotation carries its old offsets and a quote selector (exact text plus up to
// CONTEXT_LENGTH code points of context either side). The rule throughout is precision over
// recall: an annotation that cannot be placed with evidence becomes an orphan with a reason; it
// is never attached to a merely plausible place.
//
// Evidence comes from three places: the quote itself, its two context sides (each scored by
// edit-distance similarity, so an edit next to the quote does not kill it) and position. Edits
// move every later annotation by the same delta, so the delta of a neighbouring annotation
// predicts where this one is; and offsets only move monotonically under edits, so an annotation
// still in place starts between the new starts of its placed neighbours.
//
// Pipeline, in the order of the old offsets:
//  1. Skeleton pass. The quote at the offset predicted by the previous annotation's delta (or at
//     its old offset) with no context side disagreeing is taken at once: this is nearly every
//     annotation, at O(quote + context) each. Otherwise the quote is looked up exactly in
//     widening rings around the prediction; a candidate with both sides certain, no rival, and
//     corroborated by later neighbours (found at about the same delta: a passage really moved
//     carries them along, a look-alike does not) is taken and re-synchronises the delta.
//  2. The rest, near the offsets predicted by the placed neighbours on either side. An exact
//     long quote (a claim) needs both context sides, or one side at exactly the predicted place
//     (or a little off it when that side is certain: the edit next to it moved it). A short
//     quote (a name) must be exactly at the predicted place, or have both sides certain and no
//     rival anywhere - a sentence may exist twice. Then approximate matches (approx-string-match,
//     at most maxErrorRate errors per character; first tightly around each prediction, then a
//     little wider) need the same support, and compete with one-sided exact ones. Farther away
//     (moved text) a candidate needs both sides (or one certain side), no rival anywhere, and
//     corroboration. Only an
//     annotation without neighbours may move on its own evidence (then approximate matches are
//     also sought everywhere).
//  3. Orphans once more, between the nearest neighbours the second pass placed.
// Among supported candidates the one exactly at a predicted place wins, else the best by
// context if clearly nearest; otherwise the annotation is an orphan, "ambiguous". An approximate
// match's ends are finally moved to where its context agrees exactly, within the error budget.
//
// Known limit: a short quote whose sentence is deleted while an identical sentence (the same
// context around the quote) remains nearby and nowhere else follows the twin.
//
// Internally everything works on UTF-16 indices of the new text; offsets are converted to and
// from code points at the edges through a CodePointIndex.
import search from 'approx-string-match';
import { MAX_QUOTE_LENGTH } from './model';
import type { AnchorState, Span } from './model';
import { CodePointIndex, CONTEXT_LENGTH, normalizeNewlines } from './text';

/** What re-anchoring needs to know about an annotation. */
export type AnchorTarget = Pick<Span, 'start' | 'end' | 'text' | 'before' | 'after'>;

/** Where an annotation was found, or why it was not. */
export interface AnchorOutcome {
  /** New code-point offsets; for an orphan, the old ones unchanged. */
  start: number;
  end: number;
  anchor: AnchorState;
  /** Similarity 0..1 of the quote (1 - edit errors / quote length); set for 'fuzzy' only. */
  score?: number;
  /** Human-readable reason, set for orphans. */
  reason?: string;
}

export interface ReanchorOptions {
  /** Code points of context the selectors were stored with (CONTEXT_LENGTH). A shorter stored
   * side means the annotation touched the start or end of the text, which is then matched too. */
  contextLength?: number;
  /** Most edit errors an approximate quote match may have, per quote character (default 0.25). */
  maxErrorRate?: number;
  /** Work allowed for one annotation, in work units (see WorkStats); default WORK_PER_TARGET. */
  workPerTarget?: number;
  /** Work allowed for the whole run; default WORK_TOTAL plus WORK_PER_ANNOTATION for each target. */
  workTotal?: number;
  /** Filled with the work done, when given. */
  stats?: WorkStats;
}

/**
 * Work done by a run, counted deterministically: one unit is one character compared (exact
 * search, context scoring, edit distance) or one 32-character block of a bit-vector step
 * (approximate search). Every search step is charged before or as it runs, and none can cost
 * more than a bounded amount, so a run never exceeds its limit by more than one step
 * (MAX_STEP_WORK).
 */
export interface WorkStats {
  work: number;
  /** The most any one annotation spent. */
  maxPerTarget?: number;
  /** Annotations left orphaned because their search hit a work limit. */
  overBudget: number;
}

/**
 * Work limits. Ordinary re-anchoring stays far below them: the benchmark's 1,000 annotations on a
 * 1 MB article after ~110 edits spend about 7 million units in all (7,000 per annotation), the
 * costliest annotation about 220,000. A hostile sidecar (long quotes that nearly match
 * everywhere in a repetitive article) would otherwise spend minutes. A unit takes roughly 5 to
 * 30 ns, so a run stays around a second even when every annotation runs into its limit.
 */
export const WORK_PER_TARGET = 2_000_000;
export const WORK_TOTAL = 20_000_000;
export const WORK_PER_ANNOTATION = 30_000;
/** Units between two pauses of the incremental driver (reanchorAsync): a few milliseconds. */
const WORK_PER_SLICE = 2_000_000;

const DEFAULTS = { contextLength: CONTEXT_LENGTH, maxErrorRate: 0.25, workPerTarget: WORK_PER_TARGET, workTotal: WORK_TOTAL };

/** A context side this similar (1 - edit distance / length) counts as agreeing. */
const SIDE_AGREES = 0.75;
/** Both sides at least this similar: good enough for the skeleton pass. */
const SIDE_CERTAIN = 0.9;
/** A context side with fewer stored characters (the text-edge mark not counted) is mute: it
 * neither supports nor opposes a candidate. */
const SIDE_MIN_WEIGHT = 8;
/** Candidates whose context scores are this close are equally good. */
const CONTEXT_TIE = 0.1;
/** Away from the prediction: whole-context similarity required. */
const FAR_CONTEXT = 0.85;
/** Candidates this close (UTF-16 units) to a predicted offset are at the predicted place. An
 * edit next to a quote moves it against one neighbour's prediction, never against both. */
const POSITION_TOLERANCE = 0;
/** How far from the prediction an exact long quote with one certain context side may be. */
const ONE_SIDED_RADIUS = 64;
/** How far from the prediction an edited long quote with one certain context side may be. */
const EDITED_ONE_SIDED_RADIUS = 4;
/** How far a neighbour may sit from the candidate's delta and still vouch for it. */
const CORROBORATION_TOLERANCE = 32;
/** Candidates this close to a prediction (UTF-16 units) count as near it. */
const NEAR = 256;
/** A quote at least this long (UTF-16 units), found once near and at the predicted place,
 * needs no context. */
const LONG_QUOTE = 32;
/** Extra window characters allowed when aligning a context side (insertions next to it). */
const CONTEXT_SLACK = 8;
/** How far the gap reaches beyond the predictions on a side without a placed neighbour. */
const OPEN_RADIUS = 4096;
/** Ranges up to this long (UTF-16 units) are scanned directly rather than through the list of
 * all occurrences of a quote. */
const LOCAL_SCAN = 8192;
/** Context characters that must agree to move an approximate match's end onto them. */
const REFINE_ANCHOR = 8;
/** Rings of the exact-search in the skeleton pass (UTF-16 units either side of the prediction). */
const RINGS = [2048, 65536, Infinity];
/** Approximate search everywhere (for targets without neighbours): seed length, seed count,
 * most regions verified. */
const SEED_LENGTH = 16;
const SEED_COUNT = 4;
const MAX_REGIONS = 64;
/** Quotes shorter than this are never searched approximately away from the prediction. */
const FAR_FUZZY_MIN = 24;
/** Sentinel standing for the start or end of the text in context patterns. */
const EDGE = 0;
/** Characters an exact search (indexOf) scans in the time of one unit of table work. */
const SCAN_CHARS_PER_UNIT = 8;
/** Work charged for looking at an occurrence before scoring it. */
const QUICK_CHECK = 6;
/** Longest pattern given to approximate search (UTF-16 units); a longer quote is sought by its
 * first and last FUZZY_PATTERN / 2 units, and the pairs that fit are verified whole. Claims in
 * the benchmark (single sentences) are all shorter. */
const FUZZY_PATTERN = 512;
/** Approximate search runs over at most this much text (plus the pattern) per step. */
const FUZZY_CHUNK = 2048;
/** Most head-and-tail pairs of a long quote verified in one region; more is "too many places". */
const MAX_PAIRS = 16;
/**
 * The costliest single step (charged after it ran): approximate search of a FUZZY_PATTERN over
 * a chunk that matches everywhere, each match then traced back to its start. A run's work never
 * exceeds its limit by more than this.
 */
export const MAX_STEP_WORK = (FUZZY_CHUNK + FUZZY_PATTERN * 1.25) * FUZZY_PATTERN * 1.25 * (FUZZY_PATTERN / 32);

interface Prepared {
  /** Index into the caller's targets. */
  i: number;
  /** Old code-point offsets. */
  start: number;
  end: number;
  quote: string;
  /** Before-context read backwards from the quote, plus EDGE if it reached the text start. */
  back: string;
  /** After-context read forwards, plus EDGE if it reached the text end. */
  fwd: string;
  backEdge: boolean;
  fwdEdge: boolean;
  /** Longer than MAX_QUOTE_LENGTH: looked for only at its place, never searched. */
  tooLong: boolean;
}

interface Candidate {
  /** UTF-16 offsets in the new text. */
  u: number;
  uEnd: number;
  errors: number;
  /** Context similarity of the before and after sides, and combined (weighted by length). */
  sb: number;
  sa: number;
  ctx: number;
  /** At least one side agrees (and carries enough stored text to count). */
  oneSide: boolean;
  /** At least one side is SIDE_CERTAIN similar (and carries enough stored text). */
  oneCertain: boolean;
  /** Each side agrees or is mute (too little stored text), and at least one agrees. */
  bothSides: boolean;
  /** The same with SIDE_CERTAIN similarity. */
  certain: boolean;
  /** No side disagrees (each is SIDE_CERTAIN similar or mute). */
  unopposed: boolean;
}

interface Found {
  u: number;
  uEnd: number;
  errors: number;
}

/** An approximate match: UTF-16 offsets in the new text and edit errors. */
interface Match {
  start: number;
  end: number;
  errors: number;
}

type Resolution = Found | { reason: string };

/** Where the second pass looks first: candidate starts in [lo, hi] (UTF-16), and the offsets
 * predicted by the deltas of neighbouring annotations. */
interface Gap {
  lo: number;
  hi: number;
  hints: { u: number; uEnd: number }[];
  /** The starts predicted by the skeleton neighbours before and after, ascending. */
  between?: [number, number];
}

/** Re-anchors every target on `text` (a CodePointIndex of normalised text, or raw text). The
 * outcomes are in the order of the targets. */
export function reanchor(targets: readonly AnchorTarget[], text: CodePointIndex | string, options: ReanchorOptions = {}): AnchorOutcome[] {
  const steps = anchorer(text, options, targets.length).run(targets);
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

/**
 * The same, pausing (`pause`, by default a zero timeout) after every slice of work, so an editor
 * stays responsive while a large sidecar is re-anchored. Same outcomes as `reanchor`.
 */
export async function reanchorAsync(targets: readonly AnchorTarget[], text: CodePointIndex | string, options: ReanchorOptions = {},
  pause: () => Promise<void> = () => new Promise(resolve => setTimeout(resolve, 0))): Promise<AnchorOutcome[]> {
  const steps = anchorer(text, options, targets.length).run(targets);
  for (;;) { const r = steps.next(); if (r.done) return r.value; await pause(); }
}

function anchorer(text: CodePointIndex | string, options: ReanchorOptions, targetCount: number): Anchorer {
  const index = typeof text === 'string' ? new CodePointIndex(normalizeNewlines(text)) : text;
  const opts = { ...DEFAULTS };
  for (const k of ['contextLength', 'maxErrorRate', 'workPerTarget', 'workTotal'] as const) if (options[k] !== undefined) opts[k] = options[k]!;
  if (options.workTotal === undefined) opts.workTotal = WORK_TOTAL + WORK_PER_ANNOTATION * targetCount;
  return new Anchorer(index, opts, options.stats);
}

/** A search for one annotation stopped: it becomes an orphan with this reason. */
class GiveUp {
  /** final: no later pass tries again; overBudget: a work limit was reached (counted in WorkStats). */
  constructor(readonly reason: string, readonly final = false, readonly overBudget = false) {}
}

class Anchorer {
  private readonly text: string;
  /** Targets in the order of their old offsets. */
  private prepared: Prepared[] = [];
  /** Exact occurrences found by the skeleton pass, kept for the second pass. */
  private readonly exactCache = new Map<number, { list: Candidate[]; count: number }>();
  private readonly occurrenceCache = new Map<string, Int32Array>();
  /** Which targets the skeleton pass placed. */
  private placed = new Uint8Array(0);

  /** Work done in this run, by the target being searched, and at the last pause. */
  private work = 0;
  private targetWork = 0;
  private pausedAt = 0;
  /** While set, work is counted but never refused (the direct check, linear in the sidecar). */
  private free = false;

  constructor(private readonly index: CodePointIndex, private readonly opts: typeof DEFAULTS, private readonly stats?: WorkStats) {
    this.text = index.text;
  }

  /** Charges work to the current target; gives up on it past either limit. */
  private spend(units: number): void {
    this.work += units;
    this.targetWork += units;
    if (this.free) return;
    if (this.work > this.opts.workTotal) throw new GiveUp('not looked for: the work limit for re-anchoring this article was reached', true, true);
    if (this.targetWork > this.opts.workPerTarget) throw new GiveUp('too costly to look for (the text around its old place is too repetitive); re-attach it by hand', true, true);
  }

  /** Runs `search` for target k with its own work count; a target that gives up gets its reason. */
  private attempt<T>(k: number, search: () => T, gaveUp: (reason: string) => T, final = true): T {
    this.targetWork = this.spentBy[k];
    try {
      return search();
    } catch (e) {
      if (!(e instanceof GiveUp)) throw e;
      if (e.final && final && !this.abandoned[k]) { this.abandoned[k] = 1; if (e.overBudget && this.stats) this.stats.overBudget++; }
      return gaveUp(e.reason);
    } finally {
      this.spentBy[k] = this.targetWork;
      if (this.stats) { this.stats.work = this.work; this.stats.maxPerTarget = Math.max(this.stats.maxPerTarget ?? 0, this.targetWork); }
    }
  }

  /** Whether the incremental driver should pause now. */
  private slice(): boolean {
    if (this.work - this.pausedAt < WORK_PER_SLICE) return false;
    this.pausedAt = this.work;
    return true;
  }

  /** Work per target so far (all passes), and targets that gave up for good. */
  private spentBy = new Float64Array(0);
  private abandoned = new Uint8Array(0);

  /** The passes below, pausing (yield) between slices of work. */
  *run(targets: readonly AnchorTarget[]): Generator<void, AnchorOutcome[]> {
    const out: AnchorOutcome[] = new Array(targets.length);
    const prepared = targets.map((t, i) => this.prepare(t, i));
    prepared.sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
    this.prepared = prepared;
    const n = prepared.length;
    this.placed = new Uint8Array(n);
    this.spentBy = new Float64Array(n);
    this.abandoned = new Uint8Array(n);
    // New UTF-16 start of each target placed by the skeleton pass, or -1.
    const skeleton = new Int32Array(n).fill(-1);
    const found: (Found | undefined)[] = new Array(n);
    const results: Resolution[] = new Array(n);

    // 1. Skeleton pass.
    let delta = 0;
    for (let k = 0; k < n; k++) {
      if (prepared[k].quote.length === 0 || this.text.length === 0) continue;
      const f = this.attempt<Found | undefined>(k, () => this.skeletonFind(k, delta), reason => { results[k] = { reason }; return undefined; });
      if (f) {
        this.placed[k] = 1;
        skeleton[k] = f.u;
        found[k] = f;
        delta = this.index.toCodePoint(f.u) - prepared[k].start;
      }
      if (this.slice()) yield;
    }

    // 2. Everything else, within the skeleton's bounds first. The delta of the last annotation
    //    placed exactly in this pass is a hint too (it may be nearer than the skeleton).
    const [prevSk, nextSk] = nearestPlaced(skeleton);
    let lastDelta: number | undefined;
    for (let k = 0; k < n; k++) {
      const t = prepared[k];
      if (found[k]) results[k] = found[k]!;
      else if (this.abandoned[k]) { /* its reason is set */ }
      else if (this.text.length === 0) results[k] = { reason: 'article is empty' };
      else if (t.quote.length === 0) results[k] = { reason: 'empty quote' };
      else results[k] = this.attempt<Resolution>(k, () => this.secondPass(k, this.gap(k, prevSk[k], nextSk[k], skeleton, lastDelta), true), reason => ({ reason }));
      const r = results[k];
      if ('u' in r && r.errors === 0) lastDelta = this.index.toCodePoint(r.u) - t.start;
      if (this.slice()) yield;
    }

    // 3. Orphans once more, near only, between the nearest annotations now placed on either
    //    side (the second pass may have placed closer neighbours than the skeleton).
    const exactU = new Int32Array(n).fill(-1);
    for (let k = 0; k < n; k++) { const r = results[k]; if ('u' in r) exactU[k] = r.u; }
    const [prevEx, nextEx] = nearestPlaced(exactU);
    for (let k = 0; k < n; k++) {
      if (!('reason' in results[k]) || this.abandoned[k] || prepared[k].quote.length === 0 || this.text.length === 0) continue;
      if (prevEx[k] === prevSk[k] && nextEx[k] === nextSk[k]) continue;
      const again = this.attempt<Resolution>(k, () => this.secondPass(k, this.gap(k, prevEx[k], nextEx[k], exactU, undefined), false), reason => ({ reason }));
      // A second search that ran out of work keeps the first one's reason.
      if ('u' in again) results[k] = again;
      if (this.slice()) yield;
    }

    for (let k = 0; k < n; k++) {
      const r = results[k];
      // Refining is a bonus: without the work for it, the match keeps the ends it was found with.
      const final = 'u' in r && r.errors > 0 ? this.attempt<Found>(k, () => this.refine(prepared[k], r), () => r, false) : r;
      out[prepared[k].i] = this.outcome(prepared[k], final);
      if (this.slice()) yield;
    }
    return out;
  }

  /** Where to look for target k, between placed neighbours p and q (-1: none). */
  private gap(k: number, p: number, q: number, placedU: Int32Array, lastDelta: number | undefined): Gap {
    const t = this.prepared[k];
    const hint = (d: number) => ({ u: this.index.toUtf16(t.start + d), uEnd: this.index.toUtf16(t.end + d) });
    const before = p >= 0 ? hint(this.index.toCodePoint(placedU[p]) - this.prepared[p].start) : undefined;
    const after = q >= 0 ? hint(this.index.toCodePoint(placedU[q]) - this.prepared[q].start) : undefined;
    const hints = [before, after, lastDelta !== undefined ? hint(lastDelta) : undefined].filter(h => h !== undefined);
    if (hints.length === 0) hints.push(hint(0));
    // Neighbours out of order (a passage moved past the other) bound nothing.
    const ordered = p < 0 || q < 0 || placedU[p] <= placedU[q];
    const lo = p >= 0 && ordered ? placedU[p] : Math.max(0, Math.min(...hints.map(h => h.u)) - OPEN_RADIUS);
    const hi = q >= 0 && ordered ? placedU[q] : Math.min(this.text.length, Math.max(...hints.map(h => h.u)) + OPEN_RADIUS);
    return { lo, hi, hints, between: before && after && ordered ? [Math.min(before.u, after.u), Math.max(before.u, after.u)] : undefined };
  }

  /**
   * An approximate match's ends where its context agrees: the smallest-error alignment may
   * swallow or drop an edit at the quote's edge ("truly concern" matched as "y concern"), while
   * the stored context still marks where the annotated text begins and ends.
   */
  private refine(t: Prepared, f: Found): Found {
    const slack = Math.floor(t.quote.length * this.opts.maxErrorRate);
    this.spend(2 * (2 * slack + 1) * REFINE_ANCHOR);
    const best = (pos: number, pattern: string, dir: 1 | -1, offset: number) => {
      const need = Math.min(REFINE_ANCHOR, pattern.length);
      let at = pos, run = agreeingRun(this.text, pattern, pos + offset, dir);
      for (let d = 1; d <= slack && run < need; d++) {
        for (const p of [pos - d, pos + d]) {
          const r = agreeingRun(this.text, pattern, p + offset, dir);
          if (r >= need && r > run) { at = p; run = r; }
        }
      }
      return run >= need ? at : pos;
    };
    const [u, uEnd] = this.snap(best(f.u, t.back, -1, -1), best(f.uEnd, t.fwd, 1, 0));
    if (u === f.u && uEnd === f.uEnd || uEnd - u < t.quote.length - slack) return f;
    this.spend(t.quote.length * (2 * (f.errors + slack) + 1));
    const errors = boundedEditDistance(t.quote, this.text.slice(u, uEnd), f.errors + slack);
    return errors <= f.errors + slack && errors > 0 ? { u, uEnd, errors } : f;
  }

  private prepare(t: AnchorTarget, i: number): Prepared {
    const quote = normalizeNewlines(t.text);
    // Only the stored context length next to the quote is compared (a hand-written side may be
    // any length); twice as many UTF-16 units (and a CR) surely hold that many code points.
    const cl = this.opts.contextLength, reach = 2 * cl + 1;
    let before = normalizeNewlines(t.before.length > reach ? t.before.slice(-reach) : t.before);
    let after = normalizeNewlines(t.after.length > reach ? t.after.slice(0, reach) : t.after);
    if (codePointLength(before) > cl) before = [...before].slice(-cl).join('');
    if (codePointLength(after) > cl) after = [...after].slice(0, cl).join('');
    // A side shorter than the context length reached the start or end of the text; the start is
    // checked against the old offset, and a selector whose before-side is short for no reason
    // was stored without full context, so neither of its sides is taken as an edge.
    const shortBefore = codePointLength(before) < this.opts.contextLength;
    const backEdge = shortBefore && codePointLength(before) === t.start;
    const fwdEdge = codePointLength(after) < this.opts.contextLength && (backEdge || !shortBefore);
    let back = '';
    for (let j = before.length - 1; j >= 0; j--) back += before[j];
    if (backEdge) back += String.fromCharCode(EDGE);
    return { i, start: t.start, end: t.end, quote, back, fwd: fwdEdge ? after + String.fromCharCode(EDGE) : after, backEdge, fwdEdge,
      tooLong: quote.length > MAX_QUOTE_LENGTH && codePointLength(quote) > MAX_QUOTE_LENGTH };
  }

  private outcome(t: Prepared, res: Resolution): AnchorOutcome {
    if ('reason' in res) return { start: t.start, end: t.end, anchor: 'orphan', reason: res.reason };
    const start = this.index.toCodePoint(res.u);
    const end = this.index.toCodePoint(res.uEnd);
    if (res.errors > 0) {
      const score = Math.max(0, 1 - res.errors / Math.max(1, t.quote.length));
      return { start, end, anchor: 'fuzzy', score: Math.round(score * 1000) / 1000 };
    }
    return { start, end, anchor: start === t.start && end === t.end ? 'exact' : 'shifted' };
  }

  // ---- skeleton pass -------------------------------------------------------------------------

  private skeletonFind(k: number, delta: number): Found | undefined {
    const t = this.prepared[k];
    const predicted = this.index.toUtf16(t.start + delta);
    // The direct check is counted but never refused: its cost is linear in the sidecar's size.
    this.free = true;
    let direct: Candidate | undefined;
    try { direct = this.fitsAt(t, predicted) ?? (delta !== 0 ? this.fitsAt(t, this.index.toUtf16(t.start)) : undefined); }
    finally { this.free = false; }
    if (direct) return direct;
    if (t.tooLong) throw new GiveUp(`quote longer than ${MAX_QUOTE_LENGTH} characters: looked for only at its old place`, true);

    // Widening rings of exact search around the prediction. A candidate must have both sides,
    // no rival, and a neighbour that moved the same way. The whole text is searched only when
    // nothing nearer has any context support (a large edit or a moved passage).
    const all: Candidate[] = [];
    let count = 0;
    let lo = predicted, hi = predicted - 1;
    for (const radius of RINGS) {
      if (radius === Infinity && all.some(c => c.oneSide)) break;
      const from = Math.max(0, predicted - radius);
      const to = Math.min(this.text.length, predicted + radius);
      const quick = radius > RINGS[0];
      if (from < lo) count += this.collectExact(t, from, lo - 1, all, quick);
      if (to > hi) count += this.collectExact(t, hi + 1, to, all, quick);
      lo = from; hi = to;
      let best: Candidate | undefined;
      for (const c of all) if (c.certain && (!best || c.ctx > best.ctx)) best = c;
      if (best) {
        const rivalled = all.some(c => c !== best && (c.oneSide || c.ctx > best!.ctx - 0.15));
        // Only later neighbours count here: earlier ones are already placed, each at its own
        // delta, and would vouch for a look-alike that the stale prediction happens to favour.
        if (!rivalled && (this.corroborated(k, best, true) || this.neighbours(k).length === 0)) return best;
        break;
      }
    }
    if (lo === 0 && hi >= this.text.length - 1) this.exactCache.set(k, { list: all, count });
    return undefined;
  }

  /** The quote at `u` with no context side disagreeing. */
  private fitsAt(t: Prepared, u: number): Candidate | undefined {
    this.spend(t.quote.length);
    if (!this.text.startsWith(t.quote, u)) return undefined;
    const c = this.score(t, u, u + t.quote.length, 0);
    return c.unopposed ? c : undefined;
  }

  /**
   * Whether neighbouring annotations (independent of this one, see neighbours; two names or one
   * long quote, where there are) sit at the same delta as the candidate, give or take CORROBORATION_TOLERANCE, with
   * their quotes and at least one context side agreeing certainly. A passage really moved carries its neighbours along; a look-alike elsewhere
   * does not.
   */
  private corroborated(k: number, c: Found, laterOnly = false): boolean {
    const t = this.prepared[k];
    const deltas = new Set([this.index.toCodePoint(c.u) - t.start, this.index.toCodePoint(c.uEnd) - t.end]);
    const eligible = this.neighbours(k).filter(j => !laterOnly || j > k);
    // Two names as witnesses, or one long quote, where there can be: a single name may sit in
    // the same sentence as this one, and a sentence may exist twice.
    const weight = (j: number) => (this.prepared[j].quote.length >= LONG_QUOTE ? 2 : 1);
    const need = Math.min(2, eligible.reduce((sum, j) => sum + weight(j), 0));
    let witnessed = 0;
    for (const j of eligible) {
      const nb = this.prepared[j];
      for (const d of deltas) {
        const u = this.index.toUtf16(nb.start + d);
        // Edits inside the passage may have moved the neighbour a little against it.
        const near: Candidate[] = [];
        this.collectExact(nb, u - CORROBORATION_TOLERANCE, u + CORROBORATION_TOLERANCE, near, true);
        if (near.some(x => x.oneCertain)) { witnessed += weight(j); break; }
      }
      if (witnessed >= need) return need > 0;
    }
    return false;
  }

  // ---- second pass ---------------------------------------------------------------------------

  private secondPass(k: number, gap: Gap, lookFar: boolean): Resolution {
    const t = this.prepared[k];
    const text = this.text;
    const { lo, hi, hints, between } = gap;
    const distance = (c: Found) => {
      let d = Infinity;
      for (const h of hints) d = Math.min(d, Math.abs(c.u - h.u), Math.abs(c.uEnd - h.uEnd));
      return d;
    };
    const predicted = (c: Found) => distance(c) <= POSITION_TOLERANCE;
    // Near: explained by the edits between the skeleton neighbours without assuming large
    // compensating ones.
    const near = (c: Found) => c.u >= lo && c.u <= hi
      && (distance(c) <= NEAR || (between !== undefined && c.u >= between[0] - NEAR && c.u <= between[1] + NEAR));

    // Near, a candidate needs both context sides, or one side and the predicted position (an
    // exact long quote may be a little off it: the edit that changed one side moved it); a long
    // quote found once near and at the predicted position needs no context (both sides
    // rewritten by replacements of the same length).
    const nearWindows: [number, number][] = hints.map(h => [h.u - NEAR, h.u + NEAR]);
    if (between) nearWindows.push([between[0] - NEAR, between[1] + NEAR]);
    const nearExact: Candidate[] = [];
    for (const [from, to] of mergeRanges(nearWindows, lo, hi)) this.collectExact(t, from, to, nearExact, false);
    for (let j = nearExact.length - 1; j >= 0; j--) if (!near(nearExact[j])) nearExact.splice(j, 1);
    const longAlone = t.quote.length >= LONG_QUOTE && nearExact.length === 1;
    const long = t.quote.length >= LONG_QUOTE;
    const supported = (c: Candidate) => long
      ? c.bothSides || (c.oneSide && predicted(c)) || (c.errors === 0 && c.oneCertain && distance(c) <= ONE_SIDED_RADIUS)
        // An edited passage next to an edited neighbour: the neighbour's own edit can put the
        // prediction a few characters off, while one context side still agrees for certain.
        || (c.errors > 0 && c.oneCertain && distance(c) <= EDITED_ONE_SIDED_RADIUS)
        || (longAlone && c.errors === 0 && predicted(c))
      // A short quote (a name) is little evidence of its own, and a sentence may exist twice
      // with the same context around the name: it must be exactly at the predicted place, or
      // have both sides certain and no rival anywhere in the text.
      : ((c.bothSides || c.oneCertain) && predicted(c)) || (c.certain && this.unrivalled(t, c));

    // a) exact, near; when none has both sides, approximate matches compete too (the annotated
    //    text may have been edited next to an unedited copy of it).
    const exact = nearExact.filter(supported);
    if (exact.some(c => c.bothSides)) return this.choose(exact, distance);

    // b) approximate, near: around each prediction and between the neighbours' predictions.
    const maxErrors = Math.floor(t.quote.length * this.opts.maxErrorRate);
    let lookAlikes = 0;
    if (maxErrors > 0) {
      const reach = t.quote.length + maxErrors + CONTEXT_SLACK;
      const wide: [number, number][] = hints.map(h => [h.u - NEAR, h.u + NEAR + reach]);
      if (between) wide.push([between[0] - NEAR, between[1] + NEAR + reach]);
      // First tightly around each prediction (approximate search reports only the best matches
      // of a window, so an unedited copy elsewhere in it would hide an edited original).
      const tight: [number, number][] = hints.map(h => [h.u - maxErrors - CONTEXT_SLACK, h.uEnd + maxErrors + CONTEXT_SLACK]);
      for (const windows of [tight, wide]) {
        const fuzzy: Candidate[] = [];
        for (const [from, to] of mergeRanges(windows, Math.max(0, lo - CONTEXT_SLACK), Math.min(text.length, hi + reach))) {
          for (const c of this.fuzzyRegion(t, from, to, maxErrors)) {
            if (c.errors > 0 && !exact.some(e => overlaps(e, c)) && !fuzzy.some(f => overlaps(f, c))) fuzzy.push(c);
          }
        }
        lookAlikes = Math.max(lookAlikes, fuzzy.length);
        const nearOk = exact.concat(fuzzy.filter(c => near(c) && supported(c)));
        if (nearOk.length > 0) return this.choose(nearOk, distance);
      }
    } else if (exact.length > 0) {
      return this.choose(exact, distance);
    }

    // Elsewhere (moved text) a candidate needs a neighbour that moved with it, which cannot be
    // one the skeleton pass placed: with all neighbours placed there is no need to look. A
    // target without neighbours has nothing to corroborate it; it may move on its own evidence.
    if (!lookFar) return { reason: 'not found near its neighbours' };
    let exactAll = this.exactCache.get(k);
    if (!exactAll) { const list: Candidate[] = []; exactAll = { list, count: this.collectExact(t, 0, text.length, list, true) }; }
    const all = exactAll.list;
    const nbs = this.neighbours(k);
    if (nbs.length === 0 || nbs.some(j => !this.placed[j])) {
      // c) exact, elsewhere.
      const farExact = this.chooseFar(k, all.filter(c => !near(c)), all, distance, nbs.length > 0);
      if (farExact) return farExact;

      // d) approximate, elsewhere: only for a target without neighbours. With neighbours, one
      //    that moved the same way would have been placed, and its prediction searched above.
      if (nbs.length === 0 && maxErrors > 0 && t.quote.length >= FAR_FUZZY_MIN) {
        const farFuzzy = this.fuzzySeeded(t, maxErrors);
        if (farFuzzy === 'too-many') return { reason: 'ambiguous: similar text in too many places' };
        const r = this.chooseFar(k, farFuzzy.filter(c => !near(c)), farFuzzy, distance, false);
        if (r) return r;
        lookAlikes += farFuzzy.length;
      }
    }

    const strongFar = all.filter(c => !near(c) && c.bothSides && c.ctx >= FAR_CONTEXT);
    if (strongFar.length > 1) return { reason: `ambiguous: ${strongFar.length} equally good places` };
    if (strongFar.length === 1) return { reason: 'found only away from its old place, where its neighbours did not move' };
    if (exactAll.count > 0) return { reason: `quote found ${plural(exactAll.count, 'time')}, but the surrounding text matches none` };
    if (lookAlikes > 0) return { reason: 'similar text found, but the surrounding text does not match' };
    return { reason: 'quote not found' };
  }

  /** Whether no other occurrence of the quote anywhere has even one context side agreeing. */
  private unrivalled(t: Prepared, c: Candidate): boolean {
    const all: Candidate[] = [];
    this.collectExact(t, 0, this.text.length, all, true);
    return !all.some(x => x.u !== c.u && x.oneSide);
  }

  /** Neighbours (in old order) independent of target k: with a quote, and far enough from it
   * that neither's quote is in the other's context (two names in one sentence copied elsewhere
   * would otherwise vouch for each other). */
  private neighbours(k: number): number[] {
    const t = this.prepared[k];
    const reach = this.opts.contextLength;
    return [k - 1, k + 1, k - 2, k + 2, k - 3, k + 3].filter(j => {
      const nb = this.prepared[j];
      return nb !== undefined && nb.quote.length > 0 && (nb.start >= t.end + reach || nb.end <= t.start - reach);
    });
  }

  /** The one candidate at a predicted place, else the best by context, then by clear
   * proximity; otherwise ambiguous. */
  private choose(cands: Candidate[], distance: (c: Found) => number): Resolution {
    // Exactly at a predicted place is the strongest evidence there is: offsets are arithmetic.
    const predicted = cands.filter(c => distance(c) <= POSITION_TOLERANCE);
    if (predicted.length === 1) return predicted[0];
    const best = Math.max(...cands.map(c => c.ctx));
    const tied = cands.filter(c => c.ctx >= best - CONTEXT_TIE);
    if (tied.length === 1) return tied[0];
    tied.sort((a, b) => distance(a) - distance(b));
    const d1 = distance(tied[0]), d2 = distance(tied[1]);
    if (d2 - d1 >= Math.max(16, d1)) return tied[0];
    return { reason: `ambiguous: ${tied.length} equally good places` };
  }

  /** Away from the prediction: both sides agree and the whole context is close (or one side is
   * certain and a neighbour moved the same way), nothing rivals it, and - unless the target has
   * no neighbours - a neighbour moved the same way. Undefined when there is no candidate. */
  private chooseFar(k: number, cands: Candidate[], rivals: Candidate[], distance: (c: Found) => number, corroborate: boolean): Resolution | undefined {
    // A moved passage's first and last annotations may have lost one context side at its new
    // place; a neighbour that moved the same way stands in for it.
    const strong = cands.filter(c => (c.bothSides && c.ctx >= FAR_CONTEXT) || (corroborate && c.oneCertain));
    if (strong.length === 0) return undefined;
    const r = this.choose(strong, distance);
    if ('reason' in r) return r;
    const c = r as Candidate;
    const rivals2 = rivals.filter(x => x !== c && !overlaps(x, c) && (x.oneSide || x.ctx > c.ctx - CONTEXT_TIE));
    if (rivals2.length > 0) return { reason: `ambiguous: ${rivals2.length + 1} equally good places` };
    if (corroborate && !this.corroborated(k, c)) return { reason: 'found only away from its old place, where its neighbours did not move' };
    return c;
  }

  // ---- candidate collection ------------------------------------------------------------------

  /**
   * Exact occurrences starting in [from, to], scored, into `into`; returns how many there were.
   * With `quick` (for searches away from the prediction, where both context sides must agree),
   * occurrences where neither side begins to agree (three characters next to the quote) are
   * only counted, not scored.
   */
  private collectExact(t: Prepared, from: number, to: number, into: Candidate[], quick: boolean): number {
    const q = t.quote;
    let count = 0;
    const take = (u: number) => {
      count++;
      this.spend(QUICK_CHECK);
      if (quick && agreeingRun(this.text, t.back, u - 1, -1) < Math.min(3, t.back.length)
        && agreeingRun(this.text, t.fwd, u + q.length, 1) < Math.min(3, t.fwd.length)) return;
      into.push(this.score(t, u, u + q.length, 0));
    };
    const known = this.occurrenceCache.get(q);
    if (!known && to - from <= LOCAL_SCAN) {
      this.spend(scanWork(Math.max(0, to - from) + q.length));
      for (let u = this.text.indexOf(q, from); u >= 0 && u <= to; u = this.text.indexOf(q, u + 1)) { this.spend(q.length); take(u); }
      return count;
    }
    const all = known ?? this.occurrences(q);
    for (let j = lowerBound(all, from); j < all.length && all[j] <= to; j++) take(all[j]);
    return count;
  }

  /** Every occurrence of a quote (UTF-16 starts, ascending), found once per quote and run:
   * names recur, and many annotations share them. */
  private occurrences(q: string): Int32Array {
    let found = this.occurrenceCache.get(q);
    if (!found) {
      const list: number[] = [];
      // A search stopped by the work limit leaves nothing cached: the list would be incomplete.
      this.spend(scanWork(this.text.length));
      for (let u = this.text.indexOf(q); u >= 0; u = this.text.indexOf(q, u + 1)) { this.spend(q.length); list.push(u); }
      found = Int32Array.from(list);
      this.occurrenceCache.set(q, found);
    }
    return found;
  }


  /** Approximate matches of the quote in [from, to), one per cluster of overlapping matches. */
  private fuzzyRegion(t: Prepared, from: number, to: number, maxErrors: number): Candidate[] {
    if (to - from < t.quote.length - maxErrors) return [];
    const matches = t.quote.length <= FUZZY_PATTERN ? this.approx(t.quote, from, to, maxErrors) : this.approxLong(t, from, to, maxErrors);
    const out: Candidate[] = [];
    let cluster: Candidate | undefined;
    let clusterEnd = -1;
    for (const m of matches) {
      const [u, uEnd] = this.snap(m.start, m.end);
      if (uEnd <= u) continue;
      const c = this.score(t, u, uEnd, m.errors);
      if (cluster && u < clusterEnd) {
        clusterEnd = Math.max(clusterEnd, uEnd);
        if (better(c, cluster, t.quote.length)) { out[out.length - 1] = c; cluster = c; }
      } else {
        out.push(c);
        cluster = c;
        clusterEnd = uEnd;
      }
    }
    return out;
  }

  /**
   * approx-string-match over [from, to) in chunks that overlap by a match's longest extent, so
   * that each step is bounded; the result is the library's over the whole range: the matches
   * with the fewest errors (UTF-16 offsets, ascending).
   */
  private approx(pattern: string, from: number, to: number, maxErrors: number): Match[] {
    const m = pattern.length, blocks = Math.ceil(m / 32), overlap = m + maxErrors;
    let best: Match[] = [], fewest = Infinity;
    const seen = new Set<string>();
    for (let a = from; a < to; a += FUZZY_CHUNK) {
      const b = Math.min(to, a + FUZZY_CHUNK + overlap);
      // The library's tables for the pattern, then one bit-vector step per character and block.
      this.spend(m * distinctUnits(pattern) + (b - a) * blocks);
      const found = search(this.text.slice(a, b), pattern, maxErrors);
      // Each match's start is found by a reverse search over its extent.
      this.spend(found.length * (m + maxErrors) * blocks);
      for (const x of found) {
        if (x.errors > fewest) continue;
        if (x.errors < fewest) { best = []; seen.clear(); fewest = x.errors; }
        const key = `${a + x.start}:${a + x.end}`;
        if (!seen.has(key)) { seen.add(key); best.push({ start: a + x.start, end: a + x.end, errors: x.errors }); }
      }
      if (b === to) break;
    }
    return best.sort((x, y) => x.start - y.start || x.end - y.end);
  }

  /**
   * Approximate matches of a quote longer than FUZZY_PATTERN: its head and tail are sought
   * approximately, and each head and tail that are about a quote apart are verified by the
   * whole quote's edit distance (within the error budget).
   */
  private approxLong(t: Prepared, from: number, to: number, maxErrors: number): Match[] {
    const q = t.quote, m = q.length, w = FUZZY_PATTERN / 2;
    const partErrors = Math.floor(w * this.opts.maxErrorRate);
    const heads = this.approx(q.slice(0, w), from, to, partErrors);
    const tails = this.approx(q.slice(m - w), from, to, partErrors).sort((x, y) => x.end - y.end);
    this.spend(heads.length + tails.length);
    const out: Match[] = [];
    let pairs = 0;
    for (const h of heads) {
      for (let j = lowerBoundBy(tails, h.start + m - maxErrors, x => x.end); j < tails.length && tails[j].end <= h.start + m + maxErrors; j++) {
        if (++pairs > MAX_PAIRS) throw new GiveUp('ambiguous: similar text in too many places');
        this.spend(m * (2 * maxErrors + 1));
        const errors = boundedEditDistance(q, this.text.slice(h.start, tails[j].end), maxErrors);
        if (errors <= maxErrors) out.push({ start: h.start, end: tails[j].end, errors });
      }
    }
    return out.sort((x, y) => x.start - y.start || x.end - y.end);
  }

  /** Approximate matches anywhere, found through exact seeds of the quote. */
  private fuzzySeeded(t: Prepared, maxErrors: number): Candidate[] | 'too-many' {
    const q = t.quote;
    const seeds: number[] = [];
    const count = Math.min(SEED_COUNT, Math.floor(q.length / SEED_LENGTH));
    for (let s = 0; s < count; s++) seeds.push(Math.floor((s * (q.length - SEED_LENGTH)) / Math.max(1, count - 1)));
    const regions: [number, number][] = [];
    for (const off of seeds) {
      const seed = q.slice(off, off + SEED_LENGTH);
      this.spend(scanWork(this.text.length));
      for (let h = this.text.indexOf(seed); h >= 0; h = this.text.indexOf(seed, h + 1)) {
        this.spend(SEED_LENGTH);
        regions.push([h - off - maxErrors, h - off + q.length + maxErrors]);
        if (regions.length > MAX_REGIONS * SEED_COUNT) return 'too-many';
      }
    }
    const merged = mergeRanges(regions, 0, this.text.length);
    if (merged.length > MAX_REGIONS) return 'too-many';
    const out: Candidate[] = [];
    for (const [from, to] of merged) out.push(...this.fuzzyRegion(t, from, to, maxErrors));
    return out;
  }

  /** Moves offsets off the middle of surrogate pairs (outwards). */
  private snap(u: number, uEnd: number): [number, number] {
    const s = this.text;
    if (u > 0 && isLow(s.charCodeAt(u)) && isHigh(s.charCodeAt(u - 1))) u--;
    if (uEnd < s.length && isLow(s.charCodeAt(uEnd)) && isHigh(s.charCodeAt(uEnd - 1))) uEnd++;
    return [u, uEnd];
  }

  // ---- context scoring -----------------------------------------------------------------------

  private score(t: Prepared, u: number, uEnd: number, errors: number): Candidate {
    this.spend(sideWork(t.back.length) + sideWork(t.fwd.length));
    const sb = sideSimilarity(this.text, t.back, u - 1, -1);
    const sa = sideSimilarity(this.text, t.fwd, uEnd, 1);
    const wb = t.back.length, wa = t.fwd.length;
    const ctx = wb + wa === 0 ? 1 : (sb * wb + sa * wa) / (wb + wa);
    // A side with too little stored text (not counting the edge sentinel) says nothing alone.
    const muteB = wb - (t.backEdge ? 1 : 0) < SIDE_MIN_WEIGHT, muteA = wa - (t.fwdEdge ? 1 : 0) < SIDE_MIN_WEIGHT;
    const b = !muteB && sb >= SIDE_AGREES, a = !muteA && sa >= SIDE_AGREES;
    const cb = !muteB && sb >= SIDE_CERTAIN, ca = !muteA && sa >= SIDE_CERTAIN;
    return {
      u, uEnd, errors, sb, sa, ctx,
      oneSide: a || b,
      oneCertain: ca || cb,
      bothSides: (b || muteB) && (a || muteA) && (a || b),
      certain: (cb || muteB) && (ca || muteA) && (cb || ca),
      unopposed: (cb || muteB) && (ca || muteA),
    };
  }
}

/** Prefer the clustered match with better context, then fewer errors, then closer length. */
function better(c: Candidate, than: Candidate, quoteLength: number): boolean {
  if (c.ctx !== than.ctx) return c.ctx > than.ctx;
  if (c.errors !== than.errors) return c.errors < than.errors;
  return Math.abs(c.uEnd - c.u - quoteLength) < Math.abs(than.uEnd - than.u - quoteLength);
}

function overlaps(a: Found, b: Found): boolean {
  return a.u < b.uEnd && b.u < a.uEnd;
}

/** Character of the text at `pos`, with EDGE just outside either end and -1 beyond that. */
function charAt(text: string, pos: number): number {
  if (pos >= 0 && pos < text.length) return text.charCodeAt(pos);
  return pos === -1 || pos === text.length ? EDGE : -1;
}

/** How many pattern characters agree with the text read from `pos` in direction `dir`. */
function agreeingRun(text: string, pattern: string, pos: number, dir: 1 | -1): number {
  let j = 0;
  while (j < pattern.length && charAt(text, pos + dir * j) === pattern.charCodeAt(j)) j++;
  return j;
}

/**
 * Similarity (1 - edit distance / pattern length) of a context pattern to the text read from
 * `pos` in direction `dir`: the alignment is anchored at the quote and may end anywhere within
 * the pattern's length plus a little slack.
 */
function sideSimilarity(text: string, pattern: string, pos: number, dir: 1 | -1): number {
  const m = pattern.length;
  if (m === 0) return 1;
  if (agreeingRun(text, pattern, pos, dir) === m) return 1;
  // Window characters, stopping past the text edge.
  let n = 0;
  while (n < m + CONTEXT_SLACK && charAt(text, pos + dir * n) >= 0) n++;
  const distance = m <= 32 ? bitParallelDistance(text, pattern, pos, dir, n) : tableDistance(text, pattern, pos, dir, n);
  return 1 - distance / m;
}

/** Work of an exact search (indexOf) over n characters: it skips ahead, several characters per
 * unit of table work. */
function scanWork(n: number): number {
  return Math.ceil(n / SCAN_CHARS_PER_UNIT);
}

/** Distinct UTF-16 units of a pattern (approximate search builds a table row for each). */
function distinctUnits(s: string): number {
  return new Set(s).size;
}

/** Work of sideSimilarity for a pattern of m units: bit-parallel up to 32, a table beyond. */
function sideWork(m: number): number {
  return m <= 32 ? m + CONTEXT_SLACK : m * (m + CONTEXT_SLACK);
}

/** Bit masks of the pattern's positions for each character, filled per call and cleared after. */
const peq = new Int32Array(0x10000);

/**
 * Edit distance between a pattern of at most 32 units and the best prefix of an n-unit window,
 * by the bit-vector method (Myers 1999, in Hyyrö's formulation for anchored alignment): one
 * column of the dynamic-programming table per window character, as vertical-delta bit vectors.
 */
function bitParallelDistance(text: string, pattern: string, pos: number, dir: 1 | -1, n: number): number {
  const m = pattern.length;
  for (let i = 0; i < m; i++) peq[pattern.charCodeAt(i)] |= 1 << i;
  const top = 1 << (m - 1);
  let pv = -1, mv = 0, score = m, best = m;
  for (let j = 0; j < n; j++) {
    const eq = peq[charAt(text, pos + dir * j)];
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & top) score++;
    else if (mh & top) score--;
    if (score < best) best = score;
    ph = (ph << 1) | 1; // the first row counts window characters: anchored at the quote
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  for (let i = 0; i < m; i++) peq[pattern.charCodeAt(i)] = 0;
  return best;
}

let rowA = new Int32Array(128);
let rowB = new Int32Array(128);

/** The same distance by the plain table, for longer patterns (contexts with astral characters). */
function tableDistance(text: string, pattern: string, pos: number, dir: 1 | -1, n: number): number {
  const m = pattern.length;
  if (rowA.length < n + 1) { rowA = new Int32Array(n + 1); rowB = new Int32Array(n + 1); }
  let prev = rowA, cur = rowB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    const pc = pattern.charCodeAt(i - 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1] + (charAt(text, pos + dir * (j - 1)) === pc ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    const swap = prev; prev = cur; cur = swap;
  }
  let best = m;
  for (let j = 0; j <= n; j++) if (prev[j] < best) best = prev[j];
  return best;
}

/**
 * Edit distance of two strings when it is at most k, else k + 1: only the band of the table
 * within k of the diagonal is computed (Ukkonen), O(|a| * k).
 */
export function boundedEditDistance(a: string, b: string, k: number): number {
  const n = a.length, m = b.length, over = k + 1;
  if (Math.abs(n - m) > k) return over;
  let prev = new Int32Array(m + 2), cur = new Int32Array(m + 2);
  for (let j = 0; j <= m + 1; j++) prev[j] = j <= k ? j : over;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - k), hi = Math.min(m, i + k);
    cur[lo - 1] = lo === 1 && i <= k ? i : over;
    let rowMin = cur[lo - 1];
    const ac = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      let v = prev[j - 1] + (b.charCodeAt(j - 1) === ac ? 0 : 1);
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      cur[j] = v > over ? over : v;
      if (v < rowMin) rowMin = v;
    }
    cur[hi + 1] = over; // outside the band for the next row
    if (rowMin > k) return over;
    const swap = prev; prev = cur; cur = swap;
  }
  return Math.min(prev[m], over);
}

function isHigh(c: number): boolean { return c >= 0xd800 && c <= 0xdbff; }
function isLow(c: number): boolean { return c >= 0xdc00 && c <= 0xdfff; }

function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) if (isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1))) { n--; i++; }
  return n;
}

/** Index of the first element whose key is >= x in an array ascending by that key. */
function lowerBoundBy<T>(a: readonly T[], x: number, key: (item: T) => number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(a[mid]) < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Index of the first element >= x in an ascending array. */
function lowerBound(a: Int32Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The ranges clipped to [lo, hi], sorted and merged. */
function mergeRanges(ranges: [number, number][], lo: number, hi: number): [number, number][] {
  const clipped = ranges.map(([a, b]): [number, number] => [Math.max(lo, a), Math.min(hi, b)]).filter(([a, b]) => a < b);
  clipped.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of clipped) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** For each index, the nearest index before and after it whose entry is >= 0 (or -1). */
function nearestPlaced(u: Int32Array): [Int32Array, Int32Array] {
  const n = u.length;
  const prev = new Int32Array(n), next = new Int32Array(n);
  for (let k = 0, last = -1; k < n; k++) { prev[k] = last; if (u[k] >= 0) last = k; }
  for (let k = n - 1, last = -1; k >= 0; k--) { next[k] = last; if (u[k] >= 0) last = k; }
  return [prev, next];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
