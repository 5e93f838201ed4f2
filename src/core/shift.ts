// Exact offset shifting for edits made in the editor. There is never any searching here: every
// span moves, grows, shrinks or is clipped exactly as the edit dictates, so annotations follow
// typing without drift. Runs on each keystroke, so it is O(spans · log edits + edits log edits).
//
// Rules, for an edit replacing [start, end) of the text before the change with `text`:
//  - an edit entirely before a span shifts it (an insertion exactly at the span's start too);
//  - an edit entirely after a span leaves it (an insertion exactly at the span's end too);
//  - an edit inside the span (including one replacing exactly its text by other text) resizes it;
//  - an edit overlapping one boundary clips the span to what is left of it;
//  - a span whose text is entirely deleted becomes an orphan, collapsed at the place where its
//    text was, keeping its old quote. Nothing is ever dropped.
import type { AnchorState, Span } from './model';
import { CodePointIndex, CONTEXT_LENGTH, normalizeNewlines } from './text';

/** One change, in code points of the normalised text before the event (like a VS Code content
 * change). The edits of one event must not overlap; their order does not matter. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** What shifting needs of a span. */
export interface ShiftableSpan {
  start: number;
  end: number;
  anchor: AnchorState;
  score?: number;
}

export interface ShiftResult<T> {
  /** Spans in the input order: new objects where offsets or anchor changed, the same objects
   * otherwise. The input is never mutated. */
  spans: T[];
  /** Indices (ascending) of non-orphan spans whose text or context may have changed. */
  stale: number[];
}

interface PreparedEdit {
  start: number;
  end: number;
  /** Code points inserted. */
  length: number;
  /** Sum of (inserted - removed) of all earlier edits. */
  shiftBefore: number;
}

/** Shifts spans through one event's edits. */
export function shiftSpans<T extends ShiftableSpan>(spans: readonly T[], edits: readonly TextEdit[], contextLength = CONTEXT_LENGTH): ShiftResult<T> {
  const prepared = prepareEdits(edits);
  const out = spans.slice();
  const stale: number[] = [];
  if (prepared.length === 0) return { spans: out, stale };
  const k = prepared.length;
  const totalShift = prepared[k - 1].shiftBefore + prepared[k - 1].length - (prepared[k - 1].end - prepared[k - 1].start);

  for (let n = 0; n < spans.length; n++) {
    const span = spans[n];
    const s = span.start, e = span.end;
    // Edits ending at or before the span's start (insertions at its start included) shift it.
    const i = firstEndAfter(prepared, s);
    const before = i < k ? prepared[i].shiftBefore : totalShift;
    let newStart = s + before;
    let newEnd = e + before;
    for (let j = i; j < k && prepared[j].start < e; j++) {
      const ed = prepared[j];
      const at = ed.start + ed.shiftBefore;
      if (ed.start < s) newStart = at + ed.length; // overlaps the start: keep what follows
      if (ed.end > e) newEnd = at; // overlaps the end: keep what precedes
      else newEnd += ed.length - (ed.end - ed.start); // inside: resize
    }

    let next: T = span;
    if (newStart !== s || newEnd !== e) next = { ...span, start: newStart, end: newEnd };
    if (newEnd <= newStart && (e > s || newEnd < newStart)) {
      const at = Math.min(newStart, newEnd);
      next = { ...span, start: at, end: at, anchor: 'orphan' };
      delete next.score;
    }
    out[n] = next;

    // Context goes stale when an edit comes within contextLength of the span.
    if (next.anchor !== 'orphan') {
      const c = firstEndAfter(prepared, s - contextLength - 1);
      if (c < k && prepared[c].start <= e + contextLength) stale.push(n);
    }
  }
  return { spans: out, stale };
}

/**
 * Takes text, before and after afresh from the new text for the given spans (all when `which`
 * is omitted). Orphans and fuzzy spans keep their stored selector: it is what a reviewer
 * compares against. Unchanged spans stay the same objects.
 */
export function refreshQuotes<T extends Span>(spans: readonly T[], index: CodePointIndex, which?: Iterable<number>, contextLength = CONTEXT_LENGTH): T[] {
  const out = spans.slice();
  const refresh = (n: number) => {
    const s = out[n];
    if (s.anchor === 'orphan' || s.anchor === 'fuzzy') return;
    const q = index.quote(s.start, s.end, contextLength);
    if (q.text !== s.text || q.before !== s.before || q.after !== s.after) out[n] = { ...s, ...q };
  };
  if (which) { for (const n of which) refresh(n); } else for (let n = 0; n < out.length; n++) refresh(n);
  return out;
}

/** Shifts spans through one event's edits and, given the new text, refreshes their quotes. */
export function applyEdits<T extends Span>(spans: readonly T[], edits: readonly TextEdit[], text?: CodePointIndex): T[] {
  const shifted = shiftSpans(spans, edits);
  return text ? refreshQuotes(shifted.spans, text, shifted.stale) : shifted.spans;
}

function prepareEdits(edits: readonly TextEdit[]): PreparedEdit[] {
  for (const ed of edits) {
    if (!(ed.start >= 0 && ed.end >= ed.start)) throw new RangeError(`invalid edit range [${ed.start}, ${ed.end})`);
  }
  const sorted = edits
    .filter(ed => ed.end > ed.start || ed.text.length > 0)
    .map(ed => ({ start: ed.start, end: ed.end, length: codePointLength(normalizeNewlines(ed.text)), shiftBefore: 0 }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let shift = 0;
  for (let j = 0; j < sorted.length; j++) {
    const ed = sorted[j];
    if (j > 0 && ed.start < sorted[j - 1].end) throw new RangeError('edits of one event must not overlap');
    ed.shiftBefore = shift;
    shift += ed.length - (ed.end - ed.start);
  }
  return sorted;
}

/** Index of the first edit whose end is after `pos` (edits are sorted and disjoint, so their
 * ends ascend). */
function firstEndAfter(edits: readonly PreparedEdit[], pos: number): number {
  let lo = 0, hi = edits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edits[mid].end <= pos) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}
