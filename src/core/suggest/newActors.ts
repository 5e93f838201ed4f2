// New-actor candidates: names not in the codebook, found by capitalisation. A run of capitalised
// words (with "of", "for", "and", "the" allowed inside) used at least twice is a candidate; one
// that only ever opens a sentence is not (sentence-initial capitals are not evidence), nor a lone
// common word or adjective. Each
// candidate gets a guessed type and all its occurrences, so one action can add the actor and
// annotate them.
import { CodePointIndex } from '../text';
import { chunksOf, Piece, PieceCache } from './chunkCache';
import { overlapsInOrder, utf16ByStart } from './spans';

export interface NewActorCandidate {
  kind: 'new-actor';
  name: string;
  /** Guessed entity type: person, country, organization or group. */
  type: string;
  /** The first occurrence, in code points, and its text. */
  start: number;
  end: number;
  text: string;
  occurrences: { start: number; end: number }[];
}

// A capitalised word; a dot belongs to it only inside an abbreviation ("U.S."), so a run never
// crosses a full stop.
const WORD = "\\p{Lu}(?:[\\p{L}’'-]|\\.(?=\\p{Lu}))*(?:(?<=\\.\\p{Lu})\\.)?";
const NAME_RE = new RegExp(`(?<![\\p{L}\\p{N}’'])${WORD}(?:\\s(?:(?:of|for|and|the|de|von|al)\\s)?${WORD})*`, 'gu');
/** Capitalised words that are not names (function words, months, days, titles alone). */
const STOP = new Set(('The A An In On At Of For And But Or If As By To From With Without This That These Those It Its Their They We He She ' +
  'His Her Our Your You I My Me Us There Here When While Where What Which Who Whom Whose Why How After Before Since Until ' +
  'Although Though Because However Moreover Furthermore Indeed Yet Still Also Even Not No Yes Such Some Many Most More Both ' +
  'Each All Any Other Another Then Thus Instead Meanwhile Nevertheless Nonetheless Rather Despite During Under Over Between ' +
  'Against Among Through Into Upon Within Beyond Besides Unlike Like Given Only Just First Second Third Last Next New Old ' +
  'January February March April May June July August September October November December Monday Tuesday Wednesday Thursday ' +
  'Friday Saturday Sunday Mr Mrs Ms Dr President Minister Prime Chancellor Secretary General Foreign News ID Read More').split(' '));
/** Single words that are nationality or other adjectives ("Chinese", "Soviet-era"), not actors. */
const ADJECTIVE = /^\p{Lu}\p{Ll}+(?:ese|ian|ish|ic|al|ean|i)$|-/u;
const ORG_WORDS = /\b(Institute|Center|Centre|Council|Party|Ministry|Organi[sz]ation|Union|Group|Fund|Bank|Army|Agency|Committee|Forum|University|Department|Treasury|Commission|Alliance|Foundation|Association|Corporation|Company|Times|Post|News|Review|Journal|Media|Office|Assembly|Parliament|Congress|Court|Service|Forces|Navy)\b/;

/** A capitalised name in a paragraph: where (UTF-16, within it), its words, and whether it opens a sentence. */
interface NameAt { start: number; end: number; name: string; opensSentence: boolean }

function namesIn(text: string): NameAt[] {
  const out: NameAt[] = [];
  for (const m of text.matchAll(NAME_RE)) {
    let name = m[0].replace(/[.’']+$/, '').replace(/[’']s$/, '');
    let start = m.index!;
    // A leading function word ("The", "In") is not part of the name.
    const words = name.split(/\s+/);
    while (words.length && STOP.has(words[0])) { start += text.slice(start).indexOf(words[0]) + words[0].length; words.shift(); while (/\s/.test(text[start])) start++; }
    name = words.join(' ');
    if (!name || (words.length === 1 && (STOP.has(name) || (name.length < 3 && !/^\p{Lu}{2}$/u.test(name)) || ADJECTIVE.test(name)))) continue;
    const end = start + text.slice(start).indexOf(words[words.length - 1]) + words[words.length - 1].length;
    const before = text.slice(Math.max(0, start - 3), start);
    const opensSentence = start === 0 || /(^|[.!?:]["”’]?\s+|\n\s*)$/.test(text.slice(Math.max(0, start - 4), start)) || /[“"]$/.test(before);
    out.push({ start, end, name: words.join(' '), opensSentence });
  }
  return out;
}


/** A cache for suggestNewActors, one per article: the names found per paragraph. */
export type NewActorCache = PieceCache<NameAt[]>;
export const newNewActorCache = (): NewActorCache => new PieceCache<NameAt[]>(true);

/** @param cache paragraphs scanned before: only the paragraphs an edit touched are scanned again */
export function suggestNewActors(index: CodePointIndex, known: readonly { start: number; end: number }[] = [], cache?: NewActorCache): NewActorCandidate[] {
  const text = index.text;
  // Known spans by start; names come in order, so the overlap test walks them once, keeping the
  // furthest end of those starting before the name's end.
  const overlapsKnown = overlapsInOrder(utf16ByStart(index, known, (_, start, end) => ({ start, end })));
  // Per name: its spans as start, end pairs in one flat list, and how many do not open a sentence.
  const byName = new Map<string, { spans: number[]; midSentence: number }>();
  for (const chunk of cache ? cache.pieces(text) : chunksOf(text, true)) {
    const names = cache ? (chunk as Piece<NameAt[]>).value ??= namesIn(text.slice(chunk.start, chunk.end)) : namesIn(text.slice(chunk.start, chunk.end));
    for (const n of names) {
      const start = n.start + chunk.start, end = n.end + chunk.start;
      if (overlapsKnown(start, end)) continue;
      const e = byName.get(n.name) ?? byName.set(n.name, { spans: [], midSentence: 0 }).get(n.name)!;
      e.spans.push(start, end);
      if (!n.opensSentence) e.midSentence++;
    }
  }
  const out: NewActorCandidate[] = [];
  for (const [name, e] of byName) {
    // Once is not enough: a name used twice, once mid-sentence, is a likely actor.
    if (e.midSentence === 0 || e.spans.length < 4) continue;
    const words = name.split(' ');
    const type = ORG_WORDS.test(name) || (words.length === 1 && /^\p{Lu}{2,}$/u.test(name)) ? 'organization'
      : /(?:ians?|ese|ans|ists|s)$/.test(name) && words.length <= 2 && /s$/.test(name) ? 'group'
      : words.length >= 2 ? 'person' : 'country';
    const occurrences: { start: number; end: number }[] = [];
    for (let i = 0; i < e.spans.length; i += 2) occurrences.push({ start: index.toCodePoint(e.spans[i]), end: index.toCodePoint(e.spans[i + 1]) });
    out.push({ kind: 'new-actor', name, type, start: occurrences[0].start, end: occurrences[0].end, text: text.slice(e.spans[0], e.spans[1]), occurrences });
  }
  return out.sort((a, b) => b.occurrences.length - a.occurrences.length || (a.name < b.name ? -1 : 1));
}
