// What the benchmarks generate their corpora from: the sample articles' text, and the actors,
// topics and stances their annotations use (the samples' main actors, plus numbered ones for the
// index and network benchmarks, so a corpus has about as many actors as a real one).
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { normalizeNewlines } from '../src/core/text';

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
