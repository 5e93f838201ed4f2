// Article text as the format sees it: CRLF/CR normalised to LF, positions in Unicode code points.
// JavaScript strings index UTF-16 code units, so conversions go through a CodePointIndex.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Code points of context stored before and after each annotation. */
export const CONTEXT_LENGTH = 32;

export function normalizeNewlines(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

/** A short, stable fingerprint of the normalised text, stored as the sidecar's `hash`. */
export function hashText(normalized: string): string {
  return 'sha256:' + bytesToHex(sha256(utf8ToBytes(normalized))).slice(0, 16);
}

/**
 * Maps between code-point offsets and UTF-16 indices of one string. For text without astral
 * characters (the common case) both are identical and every lookup is O(1).
 */
export class CodePointIndex {
  /** UTF-16 indices of the high surrogates of astral characters, ascending. */
  private readonly astral: number[] = [];
  readonly length: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { this.astral.push(i); i++; }
      }
    }
    this.length = text.length - this.astral.length;
  }

  /** UTF-16 index of a code-point offset (clamped to the text). */
  toUtf16(codePoint: number): number {
    const cp = Math.max(0, Math.min(codePoint, this.length));
    if (this.astral.length === 0) return cp;
    // astral[k] has code-point offset astral[k] - k; count those before cp.
    let lo = 0, hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] - mid < cp) lo = mid + 1; else hi = mid;
    }
    return cp + lo;
  }

  /** Code-point offset of a UTF-16 index (an index inside a surrogate pair rounds down). */
  toCodePoint(utf16: number): number {
    const u = Math.max(0, Math.min(utf16, this.text.length));
    if (this.astral.length === 0) return u;
    let lo = 0, hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] < u) lo = mid + 1; else hi = mid;
    }
    // lo astral chars start before u, each one UTF-16 unit longer than a code point; when the
    // last of them starts at u - 1, u is inside its pair and u - lo is that character's offset.
    return u - lo;
  }

  /** The text between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }

  /** Quote selector parts for a code-point span. */
  quote(start: number, end: number, contextLength = CONTEXT_LENGTH): { text: string; before: string; after: string } {
    return {
      text: this.slice(start, end),
      before: this.slice(Math.max(0, start - contextLength), start),
      after: this.slice(end, end + contextLength),
    };
  }
}

/** 1-based line and column (in code points) of a code-point offset; for messages. */
export function lineColumnAt(index: CodePointIndex, offset: number): { line: number; column: number } {
  const u = index.toUtf16(offset);
  const before = index.text.slice(0, u);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  return { line, column: index.toCodePoint(u) - index.toCodePoint(lineStart) + 1 };
}
