// Results per piece of an article (a line, a paragraph), kept from one run to the next: after an
// edit only the pieces whose text (or context) changed are computed again. What a run does not use
// is dropped at its end, so the cache never holds more than two runs' pieces.
export class ChunkCache<T> {
  private last = new Map<string, { context: string; value: T }>();
  private current = new Map<string, { context: string; value: T }>();

  /**
   * The value for a piece of text computed in `context` (a short signature of what else it
   * depends on): the text alone is the key, so no long key is built per piece.
   */
  get(text: string, compute: () => T, context = ''): T {
    let entry = this.current.get(text) ?? this.last.get(text);
    if (entry === undefined || entry.context !== context) entry = { context, value: compute() };
    this.current.set(text, entry);
    return entry.value;
  }

  /** Ends a run: what it did not ask for is forgotten. */
  endRun(): void {
    this.last = this.current;
    this.current = new Map();
  }
}

/**
 * The pieces of a text between line breaks (or, with `blankLines`, between blank lines: a line
 * holding only spaces and tabs), as UTF-16 [start, end) ranges.
 */
export function chunksOf(text: string, blankLines: boolean): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    let end = nl + 1;
    if (blankLines) {
      while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
      if (text[end] !== '\n') continue;
      end++;
    }
    if (nl > start) out.push({ start, end: nl });
    start = end;
    nl = end - 1;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}
