// Results per piece of an article (a line, a paragraph), kept from one run to the next. A run
// finds what changed since the previous text (its common head and tail) and splits again only the
// stretch the change touched: the pieces before it are kept as they were, the pieces after it are
// kept with their offsets moved by the length the edit added or removed. So a run neither hashes
// nor copies the article's text, and a piece's value is computed only when the piece is new.

/** A piece of the current text as UTF-16 [start, end), and what was computed for it (none when new). */
export interface Piece<T> { start: number; end: number; value?: T }

/** Where two texts differ: before `start` and from `oldEnd` (in the old text) or `newEnd` (in the new one) they are equal. */
export interface Change { start: number; oldEnd: number; newEnd: number }

/** The last pair of texts compared: an article's caches ask for the same pair in a run. */
let last: { a: string; b: string; change: Change | undefined } | undefined;

/**
 * The stretch of `b` that differs from `a`; undefined when they are equal. The common head and tail
 * are compared in blocks that double while they match and halve where they do not, then code unit
 * by code unit: a few dozen string comparisons instead of a loop over every code unit.
 */
export function changeBetween(a: string, b: string): Change | undefined {
  if (last && last.a === a && last.b === b) return last.change;
  let change: Change | undefined;
  if (a !== b) {
    const min = Math.min(a.length, b.length);
    let head = 0;
    for (let step = 64; step >= 16;) {
      if (head + step <= min && a.slice(head, head + step) === b.slice(head, head + step)) { head += step; step *= 2; } else step >>= 1;
    }
    while (head < min && a.charCodeAt(head) === b.charCodeAt(head)) head++;
    // The common tail, never reaching into the common head.
    const most = min - head;
    let tail = 0;
    for (let step = 64; step >= 16;) {
      if (tail + step <= most && a.slice(a.length - tail - step, a.length - tail) === b.slice(b.length - tail - step, b.length - tail)) { tail += step; step *= 2; } else step >>= 1;
    }
    while (tail < most && a.charCodeAt(a.length - tail - 1) === b.charCodeAt(b.length - tail - 1)) tail++;
    change = { start: head, oldEnd: a.length - tail, newEnd: b.length - tail };
  }
  last = { a, b, change };
  return change;
}

/**
 * Calls `emit` with each piece of `text` from `from`, a place where a piece may start (0, or just
 * after a break), until it returns true. Pieces lie between line breaks, or with `blankLines`
 * between blank lines (a line holding only spaces and tabs); empty pieces are skipped. The scan is
 * the one `chunksOf` makes, so starting it at a piece it found gives the pieces it found after it.
 */
function scan(text: string, from: number, blankLines: boolean, emit: (start: number, end: number) => boolean): void {
  let start = from;
  for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    let end = nl + 1;
    if (blankLines) {
      while (end < text.length && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
      if (text.charCodeAt(end) !== 10) continue;
      end++;
    }
    if (nl > start && emit(start, nl)) return;
    start = end;
    nl = end - 1;
  }
  if (start < text.length) emit(start, text.length);
}

/**
 * The pieces of a text between line breaks (or, with `blankLines`, between blank lines: a line
 * holding only spaces and tabs), as UTF-16 [start, end) ranges.
 */
export function chunksOf(text: string, blankLines: boolean): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  scan(text, 0, blankLines, (start, end) => { out.push({ start, end }); return false; });
  return out;
}

/** The pieces of an article's text kept across runs, with a value each; one per article and per what the values depend on. */
export class PieceCache<T> {
  private text = '';
  private list: Piece<T>[] = [];

  constructor(private readonly blankLines: boolean) {}

  /**
   * The pieces of `text`, in order. A piece the change since the previous call did not touch is
   * the same object with its value (its offsets moved when it lies after the change); a new piece
   * has no value, for the caller to set. The list is the cache's own: read it before the next call.
   */
  pieces(text: string): readonly Piece<T>[] {
    const change = changeBetween(this.text, text);
    this.text = text;
    if (!change) return this.list;
    const old = this.list, delta = change.newEnd - change.oldEnd;
    // Splitting again starts at the last piece starting in the common head: what comes before it
    // is unchanged, and the scan reaches it as it did before.
    let lo = 0, hi = old.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (old[mid].start <= change.start) lo = mid + 1; else hi = mid; }
    const first = Math.max(0, lo - 1), from = lo > 0 ? old[first].start : 0;
    // It ends at the first new piece in the common tail that starts where an old one did (moved by
    // delta): from there the text, and so the split, is the old one.
    const fresh: Piece<T>[] = [];
    let next = first, resume = -1;
    scan(text, from, this.blankLines, (start, end) => {
      if (start >= change.newEnd) {
        while (next < old.length && old[next].start < start - delta) next++;
        if (next < old.length && old[next].start === start - delta) { resume = next; return true; }
      }
      fresh.push({ start, end });
      return false;
    });
    const until = resume < 0 ? old.length : resume;
    if (delta !== 0) for (let i = until; i < old.length; i++) { old[i].start += delta; old[i].end += delta; }
    // In place for the few pieces an edit makes; a whole new text (the first run) is copied.
    if (fresh.length <= 256) old.splice(first, until - first, ...fresh);
    else this.list = old.slice(0, first).concat(fresh, old.slice(until));
    return this.list;
  }
}
