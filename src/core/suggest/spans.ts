// Spans (mentions, claims) as the suggestion passes read them: in UTF-16 indices, by start.
import { CodePointIndex } from '../text';

/** Whether spans are in order of their starts. */
function byStart(spans: readonly { start: number }[]): boolean {
  for (let i = 1; i < spans.length; i++) if (spans[i - 1].start > spans[i].start) return false;
  return true;
}

/**
 * Spans given in code points, in UTF-16 indices and by start (a stable sort: spans starting
 * together keep their order). When the text has no astral character the offsets are the same, so
 * spans already in order are handed back as they are, neither copied nor sorted.
 */
export function utf16ByStart<T extends { start: number; end: number }>(index: CodePointIndex, spans: readonly T[], copy: (span: T, start: number, end: number) => T): readonly T[] {
  if (index.length === index.text.length && byStart(spans)) return spans;
  return spans.map(s => copy(s, index.toUtf16(s.start), index.toUtf16(s.end))).sort((a, b) => a.start - b.start);
}

/**
 * Whether a span overlaps any of `spans` (sorted by start), for spans asked about in order of
 * their ends: one walk over `spans` in all, keeping the furthest end of those starting before the
 * end asked about.
 */
export function overlapsInOrder(spans: readonly { start: number; end: number }[]): (start: number, end: number) => boolean {
  let k = 0, reach = -1;
  return (start, end) => {
    for (; k < spans.length && spans[k].start < end; k++) if (spans[k].end > reach) reach = spans[k].end;
    return reach > start; // some span starting before `end` ends after `start`
  };
}
