// What the benchmarks generate their corpora from: the sample articles' text, and the actors,
// topics and stances their annotations use (the samples' main actors, plus numbered ones for the
// index and network benchmarks, so a corpus has about as many actors as a real one).
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Claim, ClaimForm, Mention, Sidecar } from '../src/core/model';
import { CodePointIndex, hashText, normalizeNewlines } from '../src/core/text';

export const SAMPLES = join(__dirname, '..', 'samples');

/** The three sample articles, normalised, one after another: the text generated annotations point into. */
export const SAMPLE_TEXT = readdirSync(SAMPLES).filter(f => f.endsWith('.txt')).sort()
  .map(f => normalizeNewlines(readFileSync(join(SAMPLES, f), 'utf8'))).join('\n\n');

/** The samples' ten most annotated actors. */
export const MAIN_ACTORS = ['china', 'russia', 'united-states', 'ukraine', 'xi-jinping', 'vladimir-putin', 'wang-yi', 'sergey-lavrov', 'nato', 'european-union'];

export const ENTITIES = [...MAIN_ACTORS, 'united-nations', 'taiwan', 'japan', 'india', 'iran', 'north-korea', 'germany', 'france', 'united-kingdom', 'biden',
  ...Array.from({ length: 60 }, (_, i) => `actor-${i}`)];
export const TOPICS = ['china-russia-partnership', 'multipolar-order', 'ukraine-crisis', 'sanctions-coercion', 'taiwan', 'us-alliances', 'korean-peninsula'];
export const STANCES = ['support', 'oppose', 'neutral'];

const FORMS: ClaimForm[] = ['direct-quote', 'reported-speech', 'paraphrase', 'inference'];
let sampleIndex: CodePointIndex | undefined;

/**
 * A sidecar of SAMPLE_TEXT with `count` annotations at random places (every fifth a claim), as a
 * long-worked file looks: real quotes, some shifted, fuzzy and orphaned anchors, claims with forms,
 * objects and the odd note. Ids are in creation order, so a sidecar's annotations are not sorted.
 */
export function syntheticSidecar(count: number, rng: () => number): Sidecar {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const index = sampleIndex ??= new CodePointIndex(SAMPLE_TEXT);
  const mentions: Mention[] = [], claims: Claim[] = [];
  for (let i = 0; i < count; i++) {
    const claim = i % 5 === 4;
    const length = claim ? 60 + Math.floor(rng() * 240) : 4 + Math.floor(rng() * 20);
    const start = Math.floor(rng() * (index.length - length));
    const end = start + length;
    const roll = rng();
    const anchor = roll < 0.02 ? 'orphan' as const : roll < 0.05 ? 'fuzzy' as const : roll < 0.15 ? 'shifted' as const : 'exact' as const;
    const id = i.toString(36).padStart(7, '0');
    const base = { start, end, ...index.quote(start, end), anchor, ...(anchor === 'fuzzy' ? { score: Math.round(rng() * 1000) / 1000 } : {}) };
    if (claim) claims.push({ id: 'c' + id, claimant: pick(MAIN_ACTORS), stance: pick(STANCES), topic: pick(['taiwan', 'ukraine-crisis', 'sanctions']),
      ...(rng() < 0.3 ? { object: pick(MAIN_ACTORS) } : {}), form: pick(FORMS), ...base, ...(rng() < 0.1 ? { note: 'check the “translation”: ' + index.slice(start, start + 20) } : {}) });
    else mentions.push({ id: 'm' + id, entity: pick(MAIN_ACTORS), ...base });
  }
  return { version: 1, article: { title: 'China’s alignment with Russia is a fait accompli', source: 'Modern Diplomacy', date: '2018-04-10', hash: hashText(SAMPLE_TEXT) }, mentions, claims };
}
