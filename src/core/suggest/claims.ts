// Claim suggestions from attribution cues: a reporting verb ("said that …", "warned …"),
// "according to X, …", and quotations (straight or curly). The proposed span is what is
// attributed (the clause after the verb, the quoted words); the claimant is the actor mentioned as
// the cue's subject (the last mention before the cue in its sentence, else the first after it:
// `“…,” Xi told Putin`); the form is a direct quote for quoted words, reported speech otherwise.
// Stance and topic stay with the annotator.
import { ClaimForm } from '../model';
import { CodePointIndex } from '../text';

/** The entity whose name starts with "A and B" (or "B and A"): the two actors together. */
export function jointActor(entities: readonly { id: string; name: string; aliases: string[] }[]): (a: string, b: string) => string | undefined {
  const nameOf = new Map(entities.map(e => [e.id, e.name]));
  return (a, b) => {
    const x = nameOf.get(a), y = nameOf.get(b);
    if (!x || !y || a === b) return undefined;
    return entities.find(e => [e.name, ...e.aliases].some(n => n.startsWith(`${x} and ${y}`) || n.startsWith(`${y} and ${x}`)))?.id;
  };
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
const VERB_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${VERBS.sort((a, b) => b.length - a.length).join('|').replace(/ /g, '\\s+')})(?![\\p{L}\\p{N}])(?:\\s+that(?![\\p{L}]))?\\s*`, 'gu');
const ACCORDING_RE = /(?<![\p{L}])according\s+to\s+/giu;
const QUOTE_RE = /[“"]([^“”"\n]{12,}?)[”"]/gu;

interface Sentence { start: number; end: number }

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

/**
 * @param mentions the article's actor mentions (annotations and mention suggestions), in code points
 * @param claims existing claims, in code points; a suggestion overlapping one is left out
 * @param joint the entity that stands for two actors together ("China and Russia"), if any
 */
export function suggestClaims(index: CodePointIndex, mentions: readonly Actor[], claims: readonly { start: number; end: number }[] = [],
  joint?: (a: string, b: string) => string | undefined): ClaimSuggestion[] {
  const text = index.text;
  // Mentions in UTF-16, by start.
  const actors = mentions.map(m => ({ start: index.toUtf16(m.start), end: index.toUtf16(m.end), entity: m.entity }))
    .sort((a, b) => a.start - b.start);
  const found: { start: number; end: number; claimant?: string; form: ClaimForm }[] = [];
  // The subject: the mention nearest before the cue in its sentence; "A and B" there is the joint
  // actor when the codebook has one; after a quotation, a mention just after it (“…,” Xi said).
  const subject = (s: Sentence, cueStart: number, quoteEnd?: number): string | undefined => {
    let last = -1, after: Actor | undefined;
    for (let i = 0; i < actors.length; i++) {
      const a = actors[i];
      if (a.start >= s.start && a.end <= cueStart) last = i;
      else if (quoteEnd !== undefined && !after && a.start >= quoteEnd && a.start <= quoteEnd + 12 && a.end <= s.end) after = a;
    }
    if (last < 0) return after?.entity;
    const before = actors[last], previous = actors[last - 1];
    if (previous && previous.start >= s.start && /^\s+and\s+$/.test(text.slice(previous.end, before.start)))
      return joint?.(previous.entity, before.entity) ?? before.entity;
    return before.entity;
  };
  for (const s of sentences(text)) {
    const sentence = text.slice(s.start, s.end);
    const trimEnd = (e: number) => { while (e > s.start && /[\s.!?,;:]/.test(text[e - 1])) e--; return e; };
    // Quotations.
    let quoted = -1;
    for (const q of sentence.matchAll(QUOTE_RE)) {
      const start = s.start + q.index! + 1, end = start + q[1].length;
      if (q[1].trim().split(/\s+/).length < 3) continue;
      const quoteEnd = end + 1 + (/^[,.]?[”"]?[,.]?/.exec(text.slice(end + 1))?.[0].length ?? 0);
      found.push({ start, end: trimEnd(end), claimant: subject(s, s.start + q.index!, quoteEnd), form: 'direct-quote' });
      quoted = end;
    }
    // "according to X, …": what follows the comma (or what precedes the cue) is claimed by X.
    for (const a of sentence.matchAll(ACCORDING_RE)) {
      const cue = s.start + a.index!, after = cue + a[0].length;
      const x = actors.find(m => m.start >= after && m.start < after + 40 && m.end <= s.end);
      const comma = text.indexOf(',', after);
      const [start, end] = comma >= 0 && comma < s.end - 1 ? [comma + 1, trimEnd(s.end)] : [s.start, trimEnd(cue)];
      let st = start;
      while (st < end && /\s/.test(text[st])) st++;
      if (end - st > 10) found.push({ start: st, end, claimant: x?.entity, form: 'reported-speech' });
    }
    // Reporting verbs: the rest of the sentence is what is reported.
    for (const v of sentence.matchAll(VERB_RE)) {
      const cue = s.start + v.index!, start = cue + v[0].length, end = trimEnd(s.end);
      if (end - start < 15) continue;
      if (/^[“"]/.test(text.slice(start))) continue; // the quotation is proposed on its own
      if (quoted >= 0 && cue > quoted) break; // “…,” Xi told Putin: the verb introduces the quotation
      found.push({ start, end, claimant: subject(s, cue), form: 'reported-speech' });
      break; // one per sentence: the first cue governs
    }
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
