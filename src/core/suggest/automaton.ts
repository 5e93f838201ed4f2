// A flat Aho–Corasick automaton over UTF-16 code units, in typed arrays. Text is folded unit by
// unit through a table (see fold.ts), so match indices are indices of the original text; a run of
// spaces (any whitespace, including no-break spaces and line breaks) reads as one space, as names
// are folded with their spaces collapsed.
//
// Layout: the units that occur in patterns get small class numbers (classOf, 0 = in no pattern).
// The root's transitions are a dense array by class; every other state keeps its children sorted
// by class in one CSR block (childStart/childClass/childTarget), searched linearly when short and
// by bisection otherwise. fail and dict are the usual failure and dictionary-suffix links.
import { SPACE } from './fold';

export interface RawMatch {
  /** UTF-16 index where the match starts in the text. */
  start: number;
  /** UTF-16 index just after it. */
  end: number;
  pattern: number;
}

export class Automaton {
  private readonly classOf: Uint16Array;
  private readonly rootNext: Int32Array;
  private readonly childStart: Int32Array;
  private readonly childClass: Uint16Array;
  private readonly childTarget: Int32Array;
  private readonly fail: Int32Array;
  /** Pattern ending exactly at a state (its whole path), or -1. */
  private readonly out: Int32Array;
  /** Nearest state on the failure chain with an output, or -1. */
  private readonly dict: Int32Array;
  /** Pattern lengths in folded units (a space counts once). */
  readonly patternLength: Int32Array;
  readonly stateCount: number;

  /**
   * @param patterns folded, space-collapsed, non-empty and distinct strings
   * @param fold the table the text goes through (patterns must already be folded with it)
   */
  constructor(patterns: readonly string[], private readonly fold: Uint16Array) {
    const classOf = new Uint16Array(0x10000);
    let classes = 1;
    for (const p of patterns) for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (classOf[c] === 0) classOf[c] = classes++;
    }
    this.classOf = classOf;
    // Trie, first as sorted pattern order so that each state's children come out sorted by
    // class without a per-node map: insert patterns sorted by their class strings.
    const order = patterns.map((_, i) => i).sort((a, b) => compareByClass(patterns[a], patterns[b], classOf));
    let capacity = 1;
    for (const p of patterns) capacity += p.length;
    // Build with a hash map from (state, class) to child; states are numbered in insertion order.
    const edges = new Map<number, number>();
    const parent = new Int32Array(capacity), via = new Uint16Array(capacity);
    const out = new Int32Array(capacity).fill(-1);
    let states = 1;
    for (const id of order) {
      const p = patterns[id];
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const k = classOf[p.charCodeAt(i)], key = s * 65536 + k;
        let t = edges.get(key);
        if (t === undefined) {
          t = states++;
          edges.set(key, t);
          parent[t] = s; via[t] = k;
        }
        s = t;
      }
      out[s] = id;
    }
    this.stateCount = states;
    // Children in CSR form: count per parent, then fill.
    const childStart = new Int32Array(states + 1);
    for (let t = 1; t < states; t++) childStart[parent[t] + 1]++;
    for (let s = 0; s < states; s++) childStart[s + 1] += childStart[s];
    const fillAt = childStart.slice(0, states);
    const childClass = new Uint16Array(states), childTarget = new Int32Array(states);
    // States were created in sorted-pattern order, so each parent's children arrive in class order.
    for (let t = 1; t < states; t++) { const at = fillAt[parent[t]]++; childClass[at] = via[t]; childTarget[at] = t; }
    const rootNext = new Int32Array(classes);
    for (let e = childStart[0]; e < childStart[1]; e++) rootNext[childClass[e]] = childTarget[e];
    this.childStart = childStart; this.childClass = childClass; this.childTarget = childTarget; this.rootNext = rootNext;
    // Failure and dictionary links, breadth first.
    const fail = new Int32Array(states), dict = new Int32Array(states).fill(-1);
    const queue = new Int32Array(states);
    let head = 0, tail = 0;
    for (let e = childStart[0]; e < childStart[1]; e++) queue[tail++] = childTarget[e];
    while (head < tail) {
      const s = queue[head++];
      for (let e = childStart[s]; e < childStart[s + 1]; e++) {
        const t = childTarget[e], k = childClass[e];
        let f = fail[s], next = -1;
        for (;;) {
          next = f === 0 ? rootNext[k] : this.child(f, k);
          if (next > 0 || f === 0) break;
          f = fail[f];
        }
        fail[t] = next > 0 ? next : 0;
        dict[t] = out[fail[t]] >= 0 ? fail[t] : dict[fail[t]];
        queue[tail++] = t;
      }
    }
    this.fail = fail; this.dict = dict; this.out = out.slice(0, states);
    const patternLength = new Int32Array(patterns.length);
    patterns.forEach((p, i) => { patternLength[i] = p.length; });
    this.patternLength = patternLength;
  }

  private child(s: number, k: number): number {
    let lo = this.childStart[s], hi = this.childStart[s + 1];
    const cls = this.childClass;
    if (hi - lo <= 8) {
      for (; lo < hi; lo++) if (cls[lo] === k) return this.childTarget[lo];
      return -1;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cls[mid] < k) lo = mid + 1; else hi = mid;
    }
    return lo < this.childStart[s + 1] && cls[lo] === k ? this.childTarget[lo] : -1;
  }

  /**
   * Calls `report(pattern, end)` for every occurrence (overlapping ones included) of every
   * pattern, with `end` the UTF-16 index just after it, from `from` to `to`.
   */
  scan(text: string, report: (pattern: number, end: number) => void, from = 0, to = text.length): void {
    const fold = this.fold, classOf = this.classOf, rootNext = this.rootNext, fail = this.fail, out = this.out, dict = this.dict;
    let s = 0, space = false;
    for (let i = from; i < to; i++) {
      const f = fold[text.charCodeAt(i)];
      if (f === SPACE) {
        if (space) continue; // a run of spaces reads as one
        space = true;
      } else space = false;
      const k = classOf[f];
      if (k === 0) { s = 0; continue; }
      for (;;) {
        if (s === 0) { s = rootNext[k]; break; }
        const t = this.child(s, k);
        if (t > 0) { s = t; break; }
        s = fail[s];
      }
      if (s === 0) continue;
      let o = out[s] >= 0 ? s : dict[s];
      while (o >= 0) { report(out[o], i + 1); o = dict[o]; }
    }
  }

  /**
   * UTF-16 index where a match of `length` folded units ending at `end` starts: walks back,
   * counting a run of spaces once.
   */
  startOf(text: string, end: number, length: number): number {
    const fold = this.fold;
    let i = end;
    while (length > 0 && i > 0) {
      i--;
      if (fold[text.charCodeAt(i)] === SPACE) while (i > 0 && fold[text.charCodeAt(i - 1)] === SPACE) i--;
      length--;
    }
    return i;
  }
}

function compareByClass(a: string, b: string, classOf: Uint16Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = classOf[a.charCodeAt(i)] - classOf[b.charCodeAt(i)];
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
