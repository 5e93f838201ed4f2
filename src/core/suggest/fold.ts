// Character folding for matching names in article text. Every fold maps one UTF-16 code unit to
// one code unit, so a match found on folded units has the same indices in the original text: the
// text is never lower-cased as a whole ('İ'.toLowerCase() is two units long and would shift every
// later offset).

export const SPACE = 0x20;
export const APOSTROPHE = 0x27;
export const HYPHEN = 0x2d;

/** Apostrophes and quotes used as apostrophes: ’ ‘ ʼ ′ ` ´ all read as '. */
const APOSTROPHES = new Set([0x2019, 0x2018, 0x02bc, 0x2032, 0x60, 0xb4]);
/** Hyphen look-alikes that never change a name: hyphen, non-breaking hyphen, figure dash. */
const HYPHENS = new Set([0x2010, 0x2011, 0x2012]);

function isSpaceUnit(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Spaces, apostrophes and hyphens to one form each; letters keep their case. */
export function foldKeepCase(c: number): number {
  if (isSpaceUnit(c)) return SPACE;
  if (APOSTROPHES.has(c)) return APOSTROPHE;
  if (HYPHENS.has(c)) return HYPHEN;
  return c;
}

let caseFold: Uint16Array | undefined;

/**
 * foldKeepCase plus lower case for every unit whose lower case is a single unit (the rest, such as
 * 'İ', stay as they are and match only themselves). Built once, on first use (~128 KB).
 */
export function caseFoldTable(): Uint16Array {
  if (caseFold) return caseFold;
  const t = new Uint16Array(0x10000);
  // Lower-cased a block of 1,024 units at a time (64 calls instead of 65,536); a block whose lower
  // case changes length (it holds 'İ') is done unit by unit.
  const BLOCK = 1024;
  const units: number[] = new Array(BLOCK);
  for (let base = 0; base < 0x10000; base += BLOCK) {
    for (let i = 0; i < BLOCK; i++) {
      const c = base + i;
      units[i] = c >= 0xd800 && c <= 0xdfff ? 0x20 : c; // lone surrogates stay as they are (below)
    }
    const block = String.fromCharCode(...units), lower = block.toLowerCase();
    for (let i = 0; i < BLOCK; i++) {
      const c = base + i, k = foldKeepCase(c);
      if (k !== c || (c >= 0xd800 && c <= 0xdfff)) { t[c] = k; continue; }
      if (lower.length === BLOCK) { t[c] = lower.charCodeAt(i); continue; }
      const one = String.fromCharCode(c).toLowerCase();
      t[c] = one.length === 1 ? one.charCodeAt(0) : c;
    }
  }
  return (caseFold = t);
}

/** Folds a name the way the scanner folds text, with runs of spaces collapsed and ends trimmed. */
export function foldName(name: string, ignoreCase: boolean): string {
  const table = ignoreCase ? caseFoldTable() : undefined;
  let out = '';
  let space = true; // drops leading spaces
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const f = table ? table[c] : foldKeepCase(c);
    if (f === SPACE) { if (!space) out += ' '; space = true; continue; }
    space = false;
    out += String.fromCharCode(f);
  }
  return out.endsWith(' ') ? out.slice(0, -1) : out;
}

// Word characters: letters, combining marks, digits (any script). Cached per BMP unit on demand:
// only the two characters around each candidate match are ever asked about.
const WORD = /^[\p{L}\p{M}\p{N}]$/u;
const wordCache = new Uint8Array(0x10000); // 0 unknown, 1 not a word character, 2 word character

function isWordCodePoint(cp: number): boolean {
  if (cp < 0x10000) {
    let v = wordCache[cp];
    if (v === 0) wordCache[cp] = v = WORD.test(String.fromCharCode(cp)) ? 2 : 1;
    return v === 2;
  }
  return WORD.test(String.fromCodePoint(cp));
}

/** Whether the character that ends just before UTF-16 index `i` is a word character. */
export function wordCharBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return isWordCodePoint(text.codePointAt(i - 2)!);
  return isWordCodePoint(c);
}

/** Whether the character that starts at UTF-16 index `i` is a word character. */
export function wordCharAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  return isWordCodePoint(text.codePointAt(i)!);
}

export function isWordUnit(c: number): boolean {
  return isWordCodePoint(c);
}
