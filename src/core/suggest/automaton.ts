// A flat Aho–Corasick automaton over UTF-16 code units, in typed arrays. Text is folded unit by
// unit through a table (see fold.ts), so match indices are indices of the original text; a run of
// spaces (any whitespace, including no-break spaces and line breaks) reads as one space, as names
// are folded with their spaces collapsed.
//
// Layout: every code unit maps straight to a small class number (unitClass; 0 = in no pattern,
// 1 = a space). States are numbered breadth first, so the shallow states, where a scan spends
// most of its time, come first: the first `dense` of them have a full transition row (failures
// already resolved), one array read per character. Deeper states keep their children sorted by
// class in one CSR block (childStart/childClass/childTarget) and fall back along failure links,
// which always lead to a shallower, dense state. The dense rows are capped (DENSE_CELLS), so
// memory stays proportional to the names.

const NO_CLASS = 0, SPACE_CLASS = 1;
/** Transition cells of the dense rows at most (4 bytes each). */
const DENSE_CELLS = 1 << 20;

export class Automaton {
  private readonly unitClass: Uint16Array;
  private readonly classes: number;
  private readonly dense: number;
  private readonly delta: Int32Array;
  private readonly childStart: Int32Array;
  private readonly childClass: Uint16Array;
  private readonly childTarget: Int32Array;
  private readonly fail: Int32Array;
  /** Pattern ending exactly at a state (its whole path), or -1. */
  private readonly out: Int32Array;
  /** The state itself when it has an output, else the nearest one on its failure chain, or -1. */
  private readonly firstOut: Int32Array;
  /** Next state with an output on the failure chain of a state with an output, or -1. */
  private readonly dict: Int32Array;
  /** Pattern lengths in folded units (a space counts once). */
  readonly patternLength: Int32Array;
  readonly stateCount: number;

  /**
   * @param patterns folded, space-collapsed, non-empty and distinct strings
   * @param fold the table the text goes through (patterns must already be folded with it)
   * @param denseCells cap on the dense rows' cells (tests make it small to reach the sparse states)
   */
  constructor(patterns: readonly string[], private readonly fold: Uint16Array, denseCells = DENSE_CELLS) {
    // Classes of folded units; the space is always class 1.
    const foldedClass = new Uint16Array(0x10000);
    foldedClass[0x20] = SPACE_CLASS;
    let classes = 2;
    for (const p of patterns) for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (foldedClass[c] === NO_CLASS) foldedClass[c] = classes++;
    }
    const unitClass = new Uint16Array(0x10000);
    for (let u = 0; u < 0x10000; u++) unitClass[u] = foldedClass[fold[u]];
    this.unitClass = unitClass;
    this.classes = classes;

    // 1. The trie, from the patterns in sorted order: a pattern shares with the one before it
    // exactly their common prefix, so no map of edges is needed (distinct units have distinct
    // classes, so a common prefix of units is one of classes).
    let capacity = 1, longest = 0;
    for (const p of patterns) { capacity += p.length; longest = Math.max(longest, p.length); }
    const parent = new Int32Array(capacity), via = new Uint16Array(capacity), outOld = new Int32Array(capacity).fill(-1);
    const sorted = patterns.map((_, id) => id).sort((x, y) => (patterns[x] < patterns[y] ? -1 : patterns[x] > patterns[y] ? 1 : 0));
    const path = new Int32Array(longest + 1); // path[d]: the state at depth d of the previous pattern
    let states = 1, previous = '';
    for (const id of sorted) {
      const p = patterns[id];
      let common = 0;
      const limit = Math.min(p.length, previous.length);
      while (common < limit && p.charCodeAt(common) === previous.charCodeAt(common)) common++;
      let s = path[common];
      for (let i = common; i < p.length; i++) {
        const t = states++;
        parent[t] = s; via[t] = foldedClass[p.charCodeAt(i)];
        path[i + 1] = s = t;
      }
      outOld[s] = id;
      previous = p;
    }
    this.stateCount = states;
    // Children lists in old numbering (CSR), to walk the trie breadth first.
    const oldStart = new Int32Array(states + 1);
    for (let t = 1; t < states; t++) oldStart[parent[t] + 1]++;
    for (let s = 0; s < states; s++) oldStart[s + 1] += oldStart[s];
    const oldChild = new Int32Array(states), cursor = oldStart.slice(0, states);
    for (let t = 1; t < states; t++) oldChild[cursor[parent[t]]++] = t;

    // 2. Breadth-first renumbering; each state's children sorted by class.
    const order = new Int32Array(states), rank = new Int32Array(states);
    let head = 0, tail = 1;
    while (head < tail) {
      const s = order[head++];
      // Children in class order: most states have one or none, so an insertion sort in place.
      const from = oldStart[s], to = oldStart[s + 1];
      for (let i = from + 1; i < to; i++) {
        const t = oldChild[i];
        let j = i - 1;
        while (j >= from && via[oldChild[j]] > via[t]) { oldChild[j + 1] = oldChild[j]; j--; }
        oldChild[j + 1] = t;
      }
      for (let i = from; i < to; i++) order[tail++] = oldChild[i];
    }
    for (let n = 0; n < states; n++) rank[order[n]] = n;
    const childStart = new Int32Array(states + 1), childClass = new Uint16Array(states), childTarget = new Int32Array(states);
    const out = new Int32Array(states);
    // Breadth-first order lists every state's children together and in class order.
    for (let n = 1; n < states; n++) childStart[rank[parent[order[n]]] + 1]++;
    for (let n = 0; n < states; n++) childStart[n + 1] += childStart[n];
    for (let n = 1; n < states; n++) { childClass[n - 1] = via[order[n]]; childTarget[n - 1] = n; }
    for (let n = 0; n < states; n++) out[n] = outOld[order[n]];
    this.childStart = childStart; this.childClass = childClass; this.childTarget = childTarget; this.out = out;

    // 3. Failure links and dense rows, breadth first (a failure target is always shallower).
    const dense = Math.max(1, Math.min(states, Math.floor(denseCells / classes)));
    const delta = new Int32Array(dense * classes);
    const fail = new Int32Array(states), firstOut = new Int32Array(states).fill(-1), dict = new Int32Array(states).fill(-1);
    for (let e = childStart[0]; e < childStart[1]; e++) delta[childClass[e]] = childTarget[e];
    if (out[0] >= 0) firstOut[0] = 0;
    for (let s = 0; s < states; s++) {
      if (s > 0) {
        firstOut[s] = out[s] >= 0 ? s : firstOut[fail[s]];
        dict[s] = firstOut[fail[s]];
        if (s < dense) {
          const row = s * classes, failRow = fail[s] * classes;
          for (let k = 0; k < classes; k++) delta[row + k] = delta[failRow + k];
          for (let e = childStart[s]; e < childStart[s + 1]; e++) delta[row + childClass[e]] = childTarget[e];
        }
      }
      for (let e = childStart[s]; e < childStart[s + 1]; e++) {
        const t = childTarget[e];
        fail[t] = s === 0 ? 0 : this.step(fail[s], childClass[e], fail, delta, dense);
      }
    }
    // Each dense cell also says whether its target has an output (low bit), so a scan reads no
    // second array for the many characters that complete no name.
    for (let i = 0; i < delta.length; i++) delta[i] = (delta[i] << 1) | (firstOut[delta[i]] >= 0 ? 1 : 0);
    this.dense = dense; this.delta = delta; this.fail = fail; this.firstOut = firstOut; this.dict = dict;
    const patternLength = new Int32Array(patterns.length);
    patterns.forEach((p, i) => { patternLength[i] = p.length; });
    this.patternLength = patternLength;
  }

  /** The goto function while the automaton is built: the state after reading class `k` in state `s`. */
  private step(s: number, k: number, fail: Int32Array, delta: Int32Array, dense: number): number {
    const classes = this.classes;
    for (;;) {
      if (s < dense) return delta[s * classes + k];
      const t = this.child(s, k);
      if (t >= 0) return t;
      s = fail[s];
    }
  }

  private child(s: number, k: number): number {
    let lo = this.childStart[s], hi = this.childStart[s + 1];
    const cls = this.childClass;
    if (hi - lo <= 8) {
      for (; lo < hi; lo++) if (cls[lo] === k) return this.childTarget[lo];
      return -1;
    }
    const end = hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cls[mid] < k) lo = mid + 1; else hi = mid;
    }
    return lo < end && cls[lo] === k ? this.childTarget[lo] : -1;
  }

  /**
   * Calls `report(pattern, end)` for every occurrence (overlapping ones included) of every
   * pattern, with `end` the UTF-16 index just after it, from `from` to `to`.
   */
  scan(text: string, report: (pattern: number, end: number) => void, from = 0, to = text.length): void {
    const unitClass = this.unitClass, delta = this.delta, dense = this.dense, classes = this.classes;
    const fail = this.fail, out = this.out, firstOut = this.firstOut, dict = this.dict;
    const childStart = this.childStart, childClass = this.childClass, childTarget = this.childTarget;
    let s = 0, space = false;
    for (let i = from; i < to; i++) {
      const k = unitClass[text.charCodeAt(i)];
      if (k === SPACE_CLASS) {
        if (space) continue; // a run of spaces reads as one
        space = true;
      } else {
        space = false;
        if (k === NO_CLASS) { s = 0; continue; }
      }
      let o: number;
      if (s < dense) {
        const cell = delta[s * classes + k];
        s = cell >> 1;
        if ((cell & 1) === 0) continue;
        o = firstOut[s];
      } else {
        // A deep state: its own children, else down its failure links to a dense state.
        for (;;) {
          let e = childStart[s];
          const end = childStart[s + 1];
          while (e < end && childClass[e] !== k) e++;
          if (e < end) { s = childTarget[e]; break; }
          s = fail[s];
          if (s < dense) { s = delta[s * classes + k] >> 1; break; }
        }
        o = firstOut[s];
      }
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
      if (fold[text.charCodeAt(i)] === 0x20) while (i > 0 && fold[text.charCodeAt(i - 1)] === 0x20) i--;
      length--;
    }
    return i;
  }
}
