// The claims a discourse network is built from, and the filters that choose them. Input is any list
// of annotated articles with their claims: the workspace index's summaries and the editor's corpus
// both fit, so the same code serves the CLI, the benchmark and the editor's panel.
import { Codebook } from '../model';

/** A claim as an annotated article carries it (the index's ClaimRef and a sidecar's Claim both fit). */
export interface ClaimInput {
  id: string;
  claimant: string;
  stance?: string;
  topic?: string;
  start: number;
  end: number;
  text: string;
}

/** One annotated article: its location, publication date (ISO, from `article.date`) and claims. */
export interface ArticleClaims {
  article: string;
  date?: string;
  claims: readonly ClaimInput[];
}

/** A claim with where and when it was made: what the networks count and what a selection lists. */
export interface NetworkClaim extends ClaimInput {
  article: string;
  date?: string;
}

/** Which claims count. An absent or empty list lets everything through. */
export interface NetworkFilters {
  topics?: readonly string[];
  stances?: readonly string[];
  /** Entity type ids of the claimant (from the codebook). */
  types?: readonly string[];
  /** Article locations. */
  articles?: readonly string[];
  /** First and last day (ISO dates, inclusive); an article without a date is left out when either is set. */
  from?: string;
  to?: string;
}

/** What the filters can choose from in a corpus, for a user interface. */
export interface FilterChoices {
  topics: { id: string; label: string }[];
  stances: { id: string; label: string }[];
  types: { id: string; label: string }[];
  articles: { id: string; label: string }[];
  /** Earliest and latest article date, when any article has one. */
  dates?: { from: string; to: string };
}

const day = (date: string) => date.slice(0, 10);

/** A test for the filters, built once (sets instead of list scans). */
function claimTest(codebook: Codebook, filters: NetworkFilters): (c: ClaimInput) => boolean {
  const set = (xs?: readonly string[]) => (xs && xs.length ? new Set(xs) : undefined);
  const topics = set(filters.topics), stances = set(filters.stances), types = set(filters.types);
  const typeOf = new Map(codebook.entities.map(e => [e.id, e.type]));
  return c => (!topics || (c.topic !== undefined && topics.has(c.topic)))
    && (!stances || (c.stance !== undefined && stances.has(c.stance)))
    && (!types || types.has(typeOf.get(c.claimant) as string));
}

function articleTest(filters: NetworkFilters): (a: ArticleClaims) => boolean {
  const articles = filters.articles && filters.articles.length ? new Set(filters.articles) : undefined;
  const from = filters.from ? day(filters.from) : undefined, to = filters.to ? day(filters.to) : undefined;
  return a => (!articles || articles.has(a.article))
    && (!from || (a.date !== undefined && day(a.date) >= from))
    && (!to || (a.date !== undefined && day(a.date) <= to));
}

/** The claims of the articles that pass the filters, in article order then position. */
export function collectClaims(articles: Iterable<ArticleClaims>, codebook: Codebook, filters: NetworkFilters = {}): NetworkClaim[] {
  const keepArticle = articleTest(filters), keepClaim = claimTest(codebook, filters);
  const out: NetworkClaim[] = [];
  for (const a of articles) {
    if (!keepArticle(a)) continue;
    for (const c of a.claims) {
      if (!keepClaim(c)) continue;
      const claim: NetworkClaim = { id: c.id, article: a.article, claimant: c.claimant, start: c.start, end: c.end, text: c.text };
      if (c.stance !== undefined) claim.stance = c.stance;
      if (c.topic !== undefined) claim.topic = c.topic;
      if (a.date !== undefined) claim.date = a.date;
      out.push(claim);
    }
  }
  return out;
}

/**
 * Every value the filters can take: the codebook's topics, stances and types plus any id the claims
 * use that the codebook lacks (so an unknown stance can still be chosen), and the articles with claims.
 */
export function filterChoices(articles: Iterable<ArticleClaims>, codebook: Codebook, articleLabel: (article: string) => string = a => a): FilterChoices {
  const topics = new Map(codebook.topics.map(t => [t.id, t.label]));
  const stances = new Map(codebook.stances.map(s => [s.id, s.label]));
  const types = new Map(codebook.types.map(t => [t.id, t.label]));
  const typeOf = new Map(codebook.entities.map(e => [e.id, e.type]));
  const withClaims: string[] = [];
  let from: string | undefined, to: string | undefined;
  for (const a of articles) {
    if (!a.claims.length) continue;
    withClaims.push(a.article);
    if (a.date !== undefined) {
      const d = day(a.date);
      if (from === undefined || d < from) from = d;
      if (to === undefined || d > to) to = d;
    }
    for (const c of a.claims) {
      if (c.topic !== undefined && !topics.has(c.topic)) topics.set(c.topic, c.topic);
      if (c.stance !== undefined && !stances.has(c.stance)) stances.set(c.stance, c.stance);
      const type = typeOf.get(c.claimant);
      if (type !== undefined && !types.has(type)) types.set(type, type);
    }
  }
  const list = (m: Map<string, string>) => [...m].map(([id, label]) => ({ id, label }));
  return {
    topics: list(topics), stances: list(stances), types: list(types),
    articles: withClaims.sort().map(id => ({ id, label: articleLabel(id) })),
    ...(from !== undefined && to !== undefined ? { dates: { from, to } } : {}),
  };
}
