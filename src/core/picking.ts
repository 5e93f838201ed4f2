// Pure helpers behind the annotation prompts: which actors to offer first for a selection, and
// which actor most likely makes a claim.
import { Codebook, Entity, Mention } from './model';
import { CodePointIndex } from './text';

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();

/**
 * Entities ordered for a quick pick: an exact name or alias match of the selected text first,
 * then names/aliases containing it (or contained in it), then by how often each is mentioned.
 */
export function rankEntities(cb: Codebook, selected: string, frequency: ReadonlyMap<string, number> = new Map()): Entity[] {
  const q = fold(selected).replace(/^the /, '');
  const score = (e: Entity): number => {
    const names = [e.name, ...e.aliases].map(n => fold(n).replace(/^the /, ''));
    if (q && names.includes(q)) return 3;
    if (q && names.some(n => n.includes(q) || q.includes(n))) return 2;
    if (q && names.some(n => n.split(' ').some(w => w.length > 2 && q.split(' ').includes(w)))) return 1;
    return 0;
  };
  return cb.entities
    .map(e => ({ e, s: score(e), f: frequency.get(e.id) ?? 0 }))
    .sort((a, b) => b.s - a.s || b.f - a.f || a.e.name.localeCompare(b.e.name))
    .map(x => x.e);
}

/** The sentence (code-point span) around [start, end): bounded by . ! ? followed by space, or a newline. */
export function sentenceAround(text: CodePointIndex, start: number, end: number): { start: number; end: number } {
  const t = text.text;
  let s = text.toUtf16(start), e = text.toUtf16(end);
  while (s > 0 && !(t[s - 1] === '\n' || (/[.!?]/.test(t[s - 2] ?? '') && /\s/.test(t[s - 1])))) s--;
  while (e < t.length && !(t[e] === '\n' || (/[.!?]/.test(t[e]) && (e + 1 >= t.length || /\s/.test(t[e + 1]))))) e++;
  return { start: text.toCodePoint(s), end: text.toCodePoint(Math.min(t.length, e + 1)) };
}

/**
 * The actor most likely making a claim on [start, end): among the mentions in the same sentence
 * (outside the claim itself), the nearest one before the claim, else the nearest after it.
 */
export function likelyClaimant(mentions: readonly Mention[], text: CodePointIndex, start: number, end: number): string | undefined {
  const sentence = sentenceAround(text, start, end);
  const around = mentions.filter(m => m.anchor !== 'orphan' && m.start >= sentence.start && m.end <= sentence.end && (m.end <= start || m.start >= end));
  const before = around.filter(m => m.end <= start).sort((a, b) => b.end - a.end)[0];
  if (before) return before.entity;
  return around.filter(m => m.start >= end).sort((a, b) => a.start - b.start)[0]?.entity;
}

/** Trims whitespace (and trailing punctuation for actor names) off a selected span. */
export function trimSpan(text: CodePointIndex, start: number, end: number, punctuation = false): { start: number; end: number } {
  const slice = text.slice(start, end);
  const chars = [...slice];
  let a = 0, b = chars.length;
  const junk = punctuation ? /[\s,.;:!?()[\]“”"‘’']/ : /\s/;
  while (a < b && junk.test(chars[a])) a++;
  while (b > a && junk.test(chars[b - 1])) b--;
  return { start: start + a, end: start + b };
}
