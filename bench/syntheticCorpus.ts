// The actors, topics and stances of the generated corpora of the index and network benchmarks:
// the samples' main actors plus numbered ones, so a corpus has about as many actors as a real one.
export const ENTITIES = ['china', 'russia', 'united-states', 'ukraine', 'xi-jinping', 'vladimir-putin', 'wang-yi', 'sergey-lavrov', 'nato',
  'european-union', 'united-nations', 'taiwan', 'japan', 'india', 'iran', 'north-korea', 'germany', 'france', 'united-kingdom', 'biden',
  ...Array.from({ length: 60 }, (_, i) => `actor-${i}`)];
export const TOPICS = ['china-russia-partnership', 'multipolar-order', 'ukraine-crisis', 'sanctions-coercion', 'taiwan', 'us-alliances', 'korean-peninsula'];
export const STANCES = ['support', 'oppose', 'neutral'];
