// Claim suggestions from attribution cues: a reporting verb ("said that …", "warned …"),
// "according to X, …", and quotations (straight or curly). The proposed span is what is
// attributed (the clause after the verb, the quoted words); the claimant is the actor mentioned as
// the cue's subject (the last mention before the cue in its sentence, else the first after it:
// `“…,” Xi told Putin`); the form is a direct quote for quoted words, reported speech otherwise.
// Stance and topic stay with the annotator.
import { ClaimForm } from '../model';
import { CodePointIndex } from '../text';
import { chunksOf, Piece, PieceCache } from './chunkCache';
import { utf16ByStart } from './spans';

/**
 * The entity that stands for two actors together: the one whose name starts with "A and B" (or
 * "B and A"), also when A and B are people affiliated with those two ("Xi and Putin" speak for
 * "China and Russia").
 */
export function jointActor(entities: readonly { id: string; name: string; aliases: string[]; affiliation?: string }[]): (a: string, b: string) => string | undefined {
  const byId = new Map(entities.map(e => [e.id, e]));
  const named = (a: string, b: string) => {
    const x = byId.get(a)?.name, y = byId.get(b)?.name;
    if (!x || !y || a === b) return undefined;
    return entities.find(e => [e.name, ...e.aliases].some(n => n.startsWith(`${x} and ${y}`) || n.startsWith(`${y} and ${x}`)))?.id;
  };
  // Asked for every "A and B" in an article: each pair is looked up once.
  const memo = new Map<string, string | undefined>();
  return (a, b) => {
    const key = `${a}\u0000${b}`;
    if (memo.has(key)) return memo.get(key);
    const x = byId.get(a)?.affiliation ?? a, y = byId.get(b)?.affiliation ?? b;
    const joint = named(a, b) ?? (x === a && y === b ? undefined : named(x, y));
    memo.set(key, joint);
    return joint;
  };
}

/** Whether an entity is a person, from its codebook type: pronouns and titles resolve to one. */
export function isPersonIn(entities: readonly { id: string; type: string }[]): (entity: string) => boolean {
  const people = new Set(entities.filter(e => e.type === 'person').map(e => e.id));
  return entity => people.has(entity);
}

export interface ClaimSuggestion {
  kind: 'claim';
  /** Code-point offsets, as in the sidecar. */
  start: number;
  end: number;
  text: string;
  claimant?: string;
  form: ClaimForm;
}

/** Reporting verbs (any tense the articles use) and verb phrases that attribute speech or belief. */
const VERBS = [
  'said', 'says', 'say', 'saying', 'told', 'tells', 'stated', 'states', 'claimed', 'claims', 'claim', 'argued', 'argues',
  'insisted', 'insists', 'insist', 'warned', 'warns', 'accused', 'accuses', 'denied', 'denies', 'urged', 'urges', 'called for',
  'calls for', 'declared', 'declares', 'declaring', 'announced', 'announces', 'highlighted', 'highlights', 'stressed', 'stresses',
  'emphasized', 'emphasised', 'emphasizes', 'noted', 'notes', 'proposed', 'proposes', 'reiterated', 'reiterates', 'underlined',
  'underlines', 'outlined', 'asserted', 'asserts', 'maintained', 'maintains', 'suggested', 'suggests', 'added', 'pledged',
  'vowed', 'promised', 'acknowledged', 'explained', 'believes', 'believe', 'believed', 'perceive', 'perceived', 'perceives',
  'sees', 'see', 'purport', 'purports', 'agreed to', 'committed to', 'condemned', 'criticized', 'criticised', 'rejected',
  'expressed', 'described', 'signaled', 'signalled', 'demanded', 'complained', 'affirmed', 'confirmed', 'predicted',
  'accuse', 'protested', 'protests', 'decried', 'decries', 'supported', 'supports', 'endorsed', 'endorsing', 'welcomed',
  'welcome', 'welcomes', 'preferred', 'prefer', 'oppose', 'opposed', 'opposes', 'pushed back on', 'pushed for', 'called on',
  'fear', 'feared', 'fears', 'think', 'thinks', 'thought', 'hope', 'hoped', 'hopes', 'want', 'wants', 'wanted', 'seek',
  'seeks', 'sought', 'pointed to', 'identified', 'identifying', 'casting', 'portrayed', 'portrays', 'framed', 'touted',
  'championed', 'backed', 'lamented', 'questioned', 'dismissed', 'recognized', 'recognised', 'concluded', 'reported',
  'revealed', 'admitted', 'conceded', 'expects', 'expected', 'vowing', 'urging', 'warning', 'arguing', 'insisting',
];
/** Reporting verbs by their first word, each with the words that must follow ("called" → ["for"], ["on"]). */
const VERBS_BY_FIRST = new Map<string, string[][]>();
for (const v of VERBS) {
  const [first, ...rest] = v.split(' ');
  (VERBS_BY_FIRST.get(first) ?? VERBS_BY_FIRST.set(first, []).get(first)!).push(rest);
}
for (const list of VERBS_BY_FIRST.values()) list.sort((a, b) => b.length - a.length); // the longest phrase wins
const isLetterOrDigit = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
/** Letter or digit by code unit: ASCII directly, the rest (rare in the scan) by Unicode property. */
function isWordUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return c === c && isLetterOrDigit(text[i]); // NaN past the end
}

interface Cue { index: number; end: number }

/**
 * Reporting verbs as whole words, with a following "that" and the space after them. The verbs are
 * lower-case ASCII, so one pass over code units finds the candidate words and a table lookup
 * decides: several times faster than one alternation RegExp of every verb.
 */
function verbCues(text: string): Cue[] {
  const out: Cue[] = [];
  for (let i = 0; i < text.length;) {
    if (!isWordUnit(text, i)) { i++; continue; }
    let j = i;
    while (j < text.length && text.charCodeAt(j) >= 97 && text.charCodeAt(j) <= 122) j++;
    const whole = j > i && !isWordUnit(text, j);
    const phrases = whole ? VERBS_BY_FIRST.get(text.slice(i, j)) : undefined;
    if (phrases) {
      for (const rest of phrases) {
        let end = j, ok = true;
        for (const word of rest) {
          const gap = /^\s+/.exec(text.slice(end, end + 8));
          if (!gap || !text.startsWith(word, end + gap[0].length) || isWordUnit(text, end + gap[0].length + word.length)) { ok = false; break; }
          end += gap[0].length + word.length;
        }
        if (!ok) continue;
        const that = /^\s+that(?!\p{L})/u.exec(text.slice(end, end + 12));
        if (that) end += that[0].length;
        while (end < text.length && /\s/.test(text[end])) end++;
        out.push({ index: i, end });
        break;
      }
    }
    // On to the next word.
    while (j < text.length && isWordUnit(text, j)) j++;
    i = j;
  }
  return out;
}
const ACCORDING_RE = /(?<![\p{L}])according\s+to\s+/giu;
const QUOTE_RE = /[“"]([^“”"\n]{12,}?)[”"]/gu;

interface Sentence { start: number; end: number }

/** Cues handed out sentence by sentence, in order; a cue running past the sentence's end is not the sentence's. */
function cuesBySentence(all: readonly Cue[]): (s: Sentence) => Cue[] {
  let next = 0;
  return s => {
    while (next < all.length && all[next].index < s.start) next++;
    const out: Cue[] = [];
    for (let i = next; i < all.length && all[i].index < s.end; i++) if (all[i].end <= s.end) out.push(all[i]);
    return out;
  };
}

/** Sentences in UTF-16 indices: ends at . ! ? (not after a single capital, as in "U.S.") or a line break. */
function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const re = /(?<!\b\p{Lu})[.!?][”"’)]*(?=\s+[\p{Lu}“"‘(]|\s*$)|\n+/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    if (end > start) out.push({ start, end: m[0].startsWith('\n') ? m.index : end });
    start = end;
    while (start < text.length && /\s/.test(text[start])) start++;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

interface Actor { start: number; end: number; entity: string }

/** A prepositional object or a possessor is not the subject of the cue that follows it. */
const GOVERNED = /(?:^|[^\p{L}])(?:of|to|with|against|about|by|in|on|from|for|toward|towards|between|at|over|into|than|like|including|on behalf of)\s+(?:(?:the|a|an|its|their|his|her|our|this|that|these|those)\s+)?(?:[\p{Lu}][\p{L}-]*\s+)?$/u;
const POSSESSIVE = /^[’']s?(?![\p{L}])/u;
function headsNounPhrase(text: string, a: { start: number; end: number }, from: number): boolean {
  return !POSSESSIVE.test(text.slice(a.end, a.end + 3)) && !GOVERNED.test(text.slice(Math.max(from, a.start - 40), a.start));
}
/** A pronoun or a bare title as the subject just before the cue ("he said", "the minister has warned"). */
const PRONOUN_BEFORE_CUE = /(?:^|[^\p{L}])(?:[Hh]e|[Ss]he|[Tt]he (?:minister|president|premier|chancellor|leader|spokesman|spokeswoman|spokesperson|diplomat|envoy|ambassador))\s+(?:\p{Ll}+\s+){0,3}$/u;

/** A document as the subject just before the cue ("The document underlined", "The joint statement also said"). */
const DOCUMENT_BEFORE_CUE = /^(?:[Tt]he|[Tt]his|[Tt]heir|[Ii]ts)\s+(?:\p{L}+\s+)?(?:document|statement|declaration|communiqu[eé]|text|letter|treaty|agreement)\s+(?:\p{Ll}+\s+){0,2}$/u;

/** The claims one line proposes (sentences never cross a line), in offsets within the line. */
function claimsInLine(text: string, actors: readonly Actor[], context: LineContext,
  joint?: (a: string, b: string) => string | undefined, isPerson?: (entity: string) => boolean): LineClaims {
  /** The first mention starting at or after a UTF-16 index: sentences look only at their own mentions. */
  const firstFrom = (at: number): number => {
    let lo = 0, hi = actors.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (actors[mid].start < at) lo = mid + 1; else hi = mid; }
    return lo;
  };
  // Whether a mention heads a noun phrase in its sentence, asked for each cue: computed once.
  const headsMemo = new Int8Array(actors.length);
  const heads = (i: number, s: Sentence) => (headsMemo[i] ||= headsNounPhrase(text, actors[i], s.start) ? 1 : 2) === 1;
  const found: Found[] = [];
  // The subject: the mention nearest before the cue in its sentence that heads a noun phrase, not
  // one governed by a preposition ("appealed to the international community to oppose") or
  // owned by a possessive ("Russia’s endorsement"); "A and B" there is the joint actor when the
  // codebook has one. After a quotation, a mention just after it (“…,” Xi said). A pronoun
  // subject ("he said") is the last person mentioned before the sentence.
  const subject = (s: Sentence, cueStart: number, quoteEnd?: number): string | undefined => {
    let last = -1, nearest = -1, after: Actor | undefined;
    for (let i = firstFrom(s.start); i < actors.length && actors[i].start <= s.end; i++) {
      const a = actors[i];
      if (a.start >= s.start && a.end <= cueStart) {
        nearest = i;
        if (heads(i, s)) last = i;
      } else if (quoteEnd !== undefined && !after && a.start >= quoteEnd && a.start <= quoteEnd + 12 && a.end <= s.end) after = a;
    }
    if (last < 0 && after) return after.entity;
    if (last < 0 && isPerson && PRONOUN_BEFORE_CUE.test(text.slice(s.start, cueStart))) {
      for (let i = firstFrom(s.start) - 1; i >= 0; i--) if (actors[i].end <= s.start && isPerson(actors[i].entity)) return actors[i].entity;
      if (context.lastPerson) return context.lastPerson;
    }
    if (last < 0) last = nearest;
    if (last < 0) return undefined;
    const before = actors[last], previous = actors[last - 1];
    if (previous && previous.start >= s.start && /^\s+and\s+$/.test(text.slice(previous.end, before.start)))
      return joint?.(previous.entity, before.entity) ?? before.entity;
    return before.entity;
  };
  // A sentence's own subject: its first mention heading a noun phrase.
  const subjectOfSentence = (s: Sentence): string | undefined => {
    let i = firstFrom(s.start);
    while (i < actors.length && actors[i].end <= s.end && !heads(i, s)) i++;
    if (i >= actors.length || actors[i].end > s.end) return undefined;
    const first = actors[i], next = actors[i + 1];
    if (next && next.end <= s.end && /^\s+and\s+$/.test(text.slice(first.end, next.start))) return joint?.(first.entity, next.entity) ?? first.entity;
    return first.entity;
  };
  let previousSubject = context.previousSubject, count = 0;
  const accordingIn = cuesBySentence([...text.matchAll(ACCORDING_RE)].map(m => ({ index: m.index!, end: m.index! + m[0].length })));
  const verbsIn = cuesBySentence(verbCues(text));
  for (const s of sentences(text)) {
    count++;
    const trimEnd = (e: number) => { while (e > s.start && /[\s.!?,;:]/.test(text[e - 1])) e--; return e; };
    // Quotations.
    let quoted = -1;
    for (const q of text.slice(s.start, s.end).matchAll(QUOTE_RE)) {
      const start = s.start + q.index! + 1, end = start + q[1].length;
      if (q[1].trim().split(/\s+/).length < 3) continue;
      const quoteEnd = end + 1 + (/^[,.]?[”"]?[,.]?/.exec(text.slice(end + 1, end + 4))?.[0].length ?? 0);
      found.push({ start, end: trimEnd(end), claimant: subject(s, s.start + q.index!, quoteEnd), form: 'direct-quote' });
      quoted = end;
    }
    // "according to X, …": what follows the comma (or what precedes the cue) is claimed by X.
    for (const a of accordingIn(s)) {
      const cue = a.index, after = a.end;
      const comma = text.indexOf(',', after);
      // X is the noun phrase up to the comma: its head is the last mention there that is neither
      // owned nor governed by a preposition ("according to China’s Ministry of Foreign Affairs").
      const stop = comma >= 0 && comma < s.end ? comma : s.end;
      const inPhrase: Actor[] = [];
      for (let i = firstFrom(after); i < actors.length && actors[i].end <= stop; i++) inPhrase.push(actors[i]);
      const x = [...inPhrase].reverse().find(m => headsNounPhrase(text, m, after)) ?? inPhrase[0];
      const [start, end] = comma >= 0 && comma < s.end - 1 ? [comma + 1, trimEnd(s.end)] : [s.start, trimEnd(cue)];
      let st = start;
      while (st < end && /\s/.test(text[st])) st++;
      if (end - st > 10) found.push({ start: st, end, claimant: x?.entity, form: 'reported-speech' });
    }
    // Reporting verbs: the rest of the sentence is what is reported.
    for (const v of verbsIn(s)) {
      const cue = v.index, start = v.end, end = trimEnd(s.end);
      if (end - start < 15) continue;
      if (text[start] === '“' || text[start] === '"') continue; // the quotation is proposed on its own
      if (quoted >= 0 && cue > quoted) break; // “…,” Xi told Putin: the verb introduces the quotation
      // A document as the subject ("The joint statement underlined …") speaks for whoever the
      // sentence before was about (the leaders who issued it).
      const claimant = subject(s, cue) ?? (DOCUMENT_BEFORE_CUE.test(text.slice(s.start, cue)) ? previousSubject : undefined);
      found.push({ start, end, claimant, form: 'reported-speech' });
      break; // one per sentence: the first cue governs
    }
    previousSubject = subjectOfSentence(s);
  }
  return { found, sentences: count, lastSubject: previousSubject };
}

type Found = { start: number; end: number; claimant?: string; form: ClaimForm };
/** What one line of an article proposes, in offsets within the line, and the subject of its last sentence. */
interface LineClaims { found: Found[]; sentences: number; lastSubject?: string }
/** What a line needs from the lines before it. */
interface LineContext { previousSubject?: string; lastPerson?: string }

/** What a line proposed, and what it was computed with: the line's mentions (within it) and what it took from the lines before. */
interface LineEntry { result: LineClaims; context: LineContext; actors: Actor[] }

/** A cache for suggestClaims, one per article and codebook. */
export type ClaimCache = PieceCache<LineEntry>;
export const newClaimCache = (): ClaimCache => new PieceCache<LineEntry>(false);

/** Whether a line's entry was computed with these mentions (`actors` from `from`, those inside [start, end)) and this context. */
function sameInputs(entry: LineEntry, context: LineContext, actors: readonly Actor[], from: number, start: number, end: number): boolean {
  if (entry.context.previousSubject !== context.previousSubject || entry.context.lastPerson !== context.lastPerson) return false;
  let k = 0;
  for (let i = from; i < actors.length && actors[i].start < end; i++) {
    const a = actors[i];
    if (a.end > end) continue;
    const b = entry.actors[k++];
    if (!b || b.start !== a.start - start || b.end !== a.end - start || b.entity !== a.entity) return false;
  }
  return k === entry.actors.length;
}

/**
 * @param mentions the article's actor mentions (annotations and mention suggestions), in code points
 * @param claims existing claims, in code points; a suggestion overlapping one is left out
 * @param joint the entity that stands for two actors together ("China and Russia"), if any
 * @param isPerson whether an entity is a person ("he said" refers to one)
 * @param cache lines computed before: sentences never cross a line break, so a line is computed
 *   again only when an edit touched it, or its mentions or what it needs from the lines before changed
 */
export function suggestClaims(index: CodePointIndex, mentions: readonly Actor[], claims: readonly { start: number; end: number }[] = [],
  joint?: (a: string, b: string) => string | undefined, isPerson?: (entity: string) => boolean, cache?: ClaimCache): ClaimSuggestion[] {
  const text = index.text;
  // Mentions in UTF-16, by start.
  const actors = utf16ByStart(index, mentions, (m, start, end) => ({ start, end, entity: m.entity }));
  const found: Found[] = [];
  const context: LineContext = {};
  let next = 0;
  for (const line of cache ? cache.pieces(text) : chunksOf(text, false)) {
    for (; next < actors.length && actors[next].start < line.start; next++) if (isPerson?.(actors[next].entity)) context.lastPerson = actors[next].entity;
    let result: LineClaims;
    const entry = cache && (line as Piece<LineEntry>).value;
    if (entry && sameInputs(entry, context, actors, next, line.start, line.end)) result = entry.result;
    else {
      const inLine: Actor[] = [];
      for (let i = next; i < actors.length && actors[i].start < line.end; i++) {
        if (actors[i].end <= line.end) inLine.push({ start: actors[i].start - line.start, end: actors[i].end - line.start, entity: actors[i].entity });
      }
      const ctx = { ...context };
      result = claimsInLine(text.slice(line.start, line.end), inLine, ctx, joint, isPerson);
      if (cache) (line as Piece<LineEntry>).value = { result, context: ctx, actors: inLine };
    }
    for (const f of result.found) found.push({ ...f, start: f.start + line.start, end: f.end + line.start });
    if (result.sentences) context.previousSubject = result.lastSubject;
  }
  // A cue without a subject mention ("The document underlined …") most often continues the
  // attribution before it: the claimant of the previous suggestion, when it is close.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  for (let i = 1; i < found.length; i++) {
    const f = found[i], p = found[i - 1];
    if (!f.claimant && p.claimant && f.start - p.end < 600) f.claimant = p.claimant;
  }
  // Leftmost first, and no two suggestions (or a suggestion and a claim) overlapping.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const taken = claims.map(c => [index.toUtf16(c.start), index.toUtf16(c.end)] as const);
  const out: ClaimSuggestion[] = [];
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd || taken.some(([a, b]) => f.start < b && a < f.end)) continue;
    lastEnd = f.end;
    out.push({ kind: 'claim', start: index.toCodePoint(f.start), end: index.toCodePoint(f.end), text: text.slice(f.start, f.end),
      ...(f.claimant ? { claimant: f.claimant } : {}), form: f.form });
  }
  return out;
}
