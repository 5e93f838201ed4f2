// What the words around a name say about it, beyond the name itself:
// - a name inside a longer proper name is not a mention of its actor: followed on its line by a
//   capitalised word ("the Taiwan Strait", "the Beijing Olympics", "the two Koreas"; not a day or a
//   month, not another match, and not in a headline, where the word after that is capitalised
//   too), or after a compass point or a sea ("the East China Sea", "the Sea of Japan");
// - a journey's destination is a place, not an actor: "Putin’s trip to Beijing", "visited Moscow",
//   "a visit in Moscow";
// - a name that modifies a hyphenated compound ("the U.S.-led order") leaves its "the" to the noun
//   it modifies, when the codebook knows the name without it.
// Applied to the matches of one paragraph, after the title conventions (titles.ts).
import { foldKeepCase, HYPHEN, wordCharAt, wordCharBefore } from './fold';
import { Gazetteer, NameMatch } from './gazetteer';

export function applySurroundings(gazetteer: Gazetteer, text: string, matches: NameMatch[]): NameMatch[] {
  const out: NameMatch[] = [];
  for (let i = 0; i < matches.length; i++) {
    let m = matches[i];
    if (insideLongerName(text, m, matches[i + 1]?.start ?? -1) || destination(text, m.start)) continue;
    if (foldKeepCase(text.charCodeAt(m.end)) === HYPHEN && wordCharAt(text, m.end + 1)) {
      const the = LEADING_THE.exec(text.slice(m.start, m.end));
      if (the) m = gazetteer.withoutPrefix(text, m, the[0].length) ?? m;
    }
    out.push(m);
  }
  return out.length === matches.length && out.every((m, i) => m === matches[i]) ? matches : out;
}

function insideLongerName(text: string, m: NameMatch, nextStart: number): boolean {
  if (isOneSpace(text.charCodeAt(m.end)) && m.end + 1 !== nextStart && isCapital(text, m.end + 1)) {
    const after = FOLLOWING_WORD.exec(text.slice(m.end, m.end + 40));
    if (after && !CALENDAR.has(after[1]) && !after[2]) return true;
  }
  const before = wordBefore(text, m.start);
  return before !== undefined && (COMPASS.has(before) || (before === 'of' && WATERS.has(wordBefore(text, m.start - 3) ?? '')));
}

function destination(text: string, start: number): boolean {
  const before = wordBefore(text, start);
  if (before === undefined) return false;
  return TRAVEL.has(before) || ((before === 'to' || before === 'in') && TRAVEL.has(wordBefore(text, start - before.length - 1) ?? ''));
}

/** The ASCII word just before `at`, one space (or no-break space) away on the same line: read by code units, since most names have one. */
function wordBefore(text: string, at: number): string | undefined {
  if (at < 2 || !isOneSpace(text.charCodeAt(at - 1))) return undefined;
  let j = at - 1;
  while (j > 0 && isAsciiLetter(text.charCodeAt(j - 1))) j--;
  return j < at - 1 && !wordCharBefore(text, j) ? text.slice(j, at - 1) : undefined;
}

const isOneSpace = (c: number) => c === 0x20 || c === 0xa0;
const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isCapital = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return (c >= 0x41 && c <= 0x5a) || (c > 0x7f && /\p{Lu}/u.test(text[i]));
};
/** A capitalised word after a name, after one space on the same line; the second group is set when a capitalised word follows it. */
const FOLLOWING_WORD = /^[ \u00a0](\p{Lu}[\p{Ll}’'-]+)(?![\p{L}\p{N}])([ \u00a0]+\p{Lu})?/u;
/** "the" opening a name, before a capital. */
const LEADING_THE = /^[Tt]he\s+(?=\p{Lu})/u;
const CALENDAR = new Set(('Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July ' +
  'August September October November December').split(' '));
const COMPASS = new Set(['North', 'South', 'East', 'West', 'Northeast', 'Northwest', 'Southeast', 'Southwest', 'Central']);
const WATERS = new Set(['Sea', 'Gulf', 'Bay', 'Strait', 'Straits', 'Lake', 'Cape', 'Isle', 'Islands']);
const TRAVEL = new Set(['trip', 'trips', 'visit', 'visits', 'visited', 'visiting', 'travel', 'travels', 'traveled', 'travelled',
  'traveling', 'travelling', 'flew', 'arrive', 'arrived', 'arriving']);
