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
  // Opening, checking and saving an article hash the same text one after another: remember the last.
  if (lastHashed?.text === normalized) return lastHashed.hash;
  const hash = 'sha256:' + bytesToHex(sha256(utf8ToBytes(normalized))).slice(0, 16);
  lastHashed = { text: normalized, hash };
  return hash;
}
let lastHashed: { text: string; hash: string } | undefined;

/** A replacement of the UTF-16 range [start, end) of a text by `text`. */
export interface Utf16Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Maps between code-point offsets and UTF-16 indices of one string. For text without astral
 * characters (the common case) both are identical and every lookup is O(1).
 */
export class CodePointIndex {
  /** UTF-16 indices of the high surrogates of astral characters, ascending. */
  private readonly astral: number[] = [];
  readonly length: number;

  constructor(readonly text: string, astral?: number[]) {
    if (astral) this.astral = astral;
    else for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { this.astral.push(i); i++; }
      }
    }
    this.length = text.length - this.astral.length;
  }

  /**
   * The index of this text after non-overlapping edits, in time proportional to the edits and the
   * astral characters rather than to the text (typing in a long article).
   */
  edited(edits: readonly Utf16Edit[]): CodePointIndex {
    const sorted = [...edits].sort((a, b) => a.start - b.start);
    const low = (s: string, i: number) => { const c = s.charCodeAt(i); return c >= 0xdc00 && c <= 0xdfff; };
    const high = (s: string, i: number) => { const c = s.charCodeAt(i); return c >= 0xd800 && c <= 0xdbff; };
    let text = '', from = 0, shift = 0, k = 0;
    const astral: number[] = [];
    for (const ed of sorted) {
      if (ed.start < from || ed.end < ed.start || ed.end > this.text.length) throw new RangeError('edits must be in range and must not overlap');
      // A boundary that splits or joins a surrogate pair: rare enough to index from scratch.
      if (low(this.text, ed.start) || low(this.text, ed.end) || low(ed.text, 0) || high(ed.text, ed.text.length - 1)) {
        return new CodePointIndex(applyUtf16(this.text, sorted));
      }
      for (; k < this.astral.length && this.astral[k] < ed.start; k++) astral.push(this.astral[k] + shift);
      while (k < this.astral.length && this.astral[k] < ed.end) k++;
      const at = ed.start + shift;
      for (let i = 0; i + 1 < ed.text.length; i++) {
        if (high(ed.text, i) && low(ed.text, i + 1)) { astral.push(at + i); i++; }
      }
      text += this.text.slice(from, ed.start) + ed.text;
      from = ed.end;
      shift += ed.text.length - (ed.end - ed.start);
    }
    for (; k < this.astral.length; k++) astral.push(this.astral[k] + shift);
    return new CodePointIndex(text + this.text.slice(from), astral);
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

/** `text` with non-overlapping UTF-16 edits applied. */
export function applyUtf16(text: string, edits: readonly Utf16Edit[]): string {
  let out = '', from = 0;
  for (const ed of [...edits].sort((a, b) => a.start - b.start)) { out += text.slice(from, ed.start) + ed.text; from = ed.end; }
  return out + text.slice(from);
}

/** UTF-16 indices at which the lines of `text` start (the first is 0). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The line starts after non-overlapping UTF-16 edits, from those before them (no search of the text). */
export function editLineStarts(starts: readonly number[], edits: readonly Utf16Edit[]): number[] {
  const out: number[] = [];
  let k = 0, shift = 0;
  for (const ed of [...edits].sort((a, b) => a.start - b.start)) {
    // A line start s follows the break at s - 1: kept up to the edit, dropped when the edit removed that break.
    for (; k < starts.length && starts[k] <= ed.start; k++) out.push(starts[k] + shift);
    while (k < starts.length && starts[k] <= ed.end) k++;
    const at = ed.start + shift;
    for (let i = ed.text.indexOf('\n'); i >= 0; i = ed.text.indexOf('\n', i + 1)) out.push(at + i + 1);
    shift += ed.text.length - (ed.end - ed.start);
  }
  for (; k < starts.length; k++) out.push(starts[k] + shift);
  return out;
}

/**
 * Where the lines of a (normalised) text start, in code points, and where its astral characters
 * are: enough to turn code-point offsets into editor positions without the text.
 */
export interface ArticleLines {
  /** Code-point offsets of the line starts (the first is 0). */
  starts: number[];
  /** Code-point offsets of the characters outside the BMP (two UTF-16 units each), ascending; absent when none. */
  astral?: number[];
}

export function articleLinesOf(index: CodePointIndex): ArticleLines {
  const starts = lineStartsOf(index.text).map(u => index.toCodePoint(u));
  const astral: number[] = [];
  const t = index.text;
  for (let i = 0, cp = 0; i < t.length; i++, cp++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length) { const d = t.charCodeAt(i + 1); if (d >= 0xdc00 && d <= 0xdfff) { astral.push(cp); i++; } }
  }
  return astral.length ? { starts, astral } : { starts };
}

/** How many entries of an ascending list are <= x. */
function countAtMost(list: readonly number[], x: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid] <= x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** 0-based line and UTF-16 character (as editors count them) of a code-point offset. */
export function lineCharacterAt(lines: ArticleLines, offset: number): { line: number; character: number } {
  const line = Math.max(0, countAtMost(lines.starts, offset) - 1);
  const start = lines.starts[line];
  const astral = lines.astral ? countAtMost(lines.astral, offset - 1) - countAtMost(lines.astral, start - 1) : 0;
  return { line, character: offset - start + astral };
}

/** 1-based line and column (in code points) of a code-point offset, from the line starts; for reports. */
export function lineColumnIn(lines: ArticleLines, offset: number): { line: number; column: number } {
  const line = Math.max(0, countAtMost(lines.starts, offset) - 1);
  return { line: line + 1, column: offset - lines.starts[line] + 1 };
}

/** 1-based line and column (in code points) of a code-point offset; for messages. */
export function lineColumnAt(index: CodePointIndex, offset: number): { line: number; column: number } {
  const u = index.toUtf16(offset);
  const before = index.text.slice(0, u);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  return { line, column: index.toCodePoint(u) - index.toCodePoint(lineStart) + 1 };
}

// ---------------------------------------------------------------------------------------------
// Files as bytes: decoding, the byte order mark and line endings. Both file-system adapters (the
// editor's and the command line's) go through these, so the two read and write files alike.

/** U+FEFF at the very start of a file is a byte order mark: a mark of the file, not of its text. */
export const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * An article's text as offsets count it: without a leading BOM (VS Code drops it when it opens a
 * file, so the command line must too) and with CRLF/CR normalised to LF. See FORMAT.md, Offsets.
 */
export function normalizeText(raw: string): string {
  return normalizeNewlines(stripBom(raw));
}

/** How a file is laid out on disk beyond its text: kept when ClaimLens rewrites the file. */
export interface TextStyle {
  bom: boolean;
  eol: '\n' | '\r\n';
}

export const DEFAULT_TEXT_STYLE: TextStyle = { bom: false, eol: '\n' };

/** The style of a file's text as read: a BOM, and CRLF when its first line break is CRLF. */
export function detectTextStyle(raw: string): TextStyle {
  const lf = raw.indexOf('\n');
  return { bom: raw.charCodeAt(0) === 0xfeff, eol: lf > 0 && raw.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n' };
}

/** A data file's text as ClaimLens handles it (no BOM, LF) and the style to give it back. */
export function splitTextStyle(raw: string): { text: string; style: TextStyle } {
  return { text: normalizeText(raw), style: detectTextStyle(raw) };
}

/** Text written with LF and no BOM, laid out in `style` (the inverse of splitTextStyle). */
export function applyTextStyle(text: string, style: TextStyle): string {
  const body = style.eol === '\r\n' ? normalizeNewlines(text).replace(/\n/g, '\r\n') : text;
  return style.bom ? BOM + body : body;
}

/** Where a file stops being valid UTF-8: the byte offset and 1-based line and column (UTF-16 units, without the BOM). */
export interface Utf8Error {
  offset: number;
  line: number;
  column: number;
}

export type DecodeResult = { text: string; error?: undefined } | { text?: undefined; error: Utf8Error };

/**
 * Decodes UTF-8 bytes, keeping a BOM (callers decide what it means). `strict`: invalid bytes are an
 * error with their position (sidecars and the codebook: replacing them with U+FFFD and writing
 * the file back would destroy data); otherwise they become U+FFFD, as editors show them.
 */
export function decodeUtf8(bytes: Uint8Array, strict: boolean): DecodeResult {
  if (!strict) return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
  // The native decoder checks fast; the position of the bad byte is only looked for on failure.
  try { return { text: new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes) }; } catch { /* below */ }
  const offset = firstInvalidUtf8(bytes);
  if (offset < 0) return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
  const before = stripBom(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, offset)));
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  return { error: { offset, line, column: before.length - lineStart + 1 } };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = 0; i < n;) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need: number, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) { need = 2; if (b === 0xe0) lo = 0xa0; else if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; if (b === 0xf0) lo = 0x90; else if (b === 0xf4) hi = 0x8f; }
    else return i;
    // The first continuation byte has the narrowed range (no overlongs, no surrogates, ≤ U+10FFFF).
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}
