// What the Entities view shows, as plain data: actors grouped by entity type, claims grouped by
// claimant and by topic, and the annotations that need review. Pure functions over the codebook
// and the sidecars of the articles in scope; the editor layer turns the groups into tree items.
import { Annotation, Claim, Codebook, Entity, Mention, Sidecar, Span } from './model';
import { LineMap } from './problems';
import { CodePointIndex } from './text';

/** One annotated article: its location and its (current) sidecar. */
export interface ArticleAnnotations {
  article: string;
  sidecar: Sidecar;
}

export interface Located<T extends Annotation = Annotation> {
  article: string;
  annotation: T;
}

export interface EntitySummary {
  id: string;
  /** The codebook name, or the id when the codebook does not know the entity. */
  name: string;
  /** Undefined when annotations refer to an id that is not in the codebook. */
  entity?: Entity;
  /** Mentions in article order, then position. */
  mentions: Located<Mention>[];
  /** Claims the entity makes (as claimant). */
  claims: Located<Claim>[];
  /** Number of distinct articles with a mention. */
  articles: number;
}

export interface TypeGroup {
  /** The entity type id; UNKNOWN_GROUP for ids missing from the codebook. */
  id: string;
  label: string;
  entities: EntitySummary[];
}

export interface ClaimantGroup {
  id: string;
  name: string;
  entity?: Entity;
  claims: Located<Claim>[];
}

export interface TopicGroup {
  /** Undefined for claims without a topic. */
  id?: string;
  label: string;
  claims: Located<Claim>[];
}

export interface ReviewItem {
  article: string;
  annotation: Annotation;
  anchor: 'fuzzy' | 'orphan';
  /** The text the annotation was made on (its stored quote). */
  then: string;
  /** For a fuzzy match: the article's current text at start..end (undefined when the text is not known). */
  now?: string;
  /** For an orphan: why it could not be placed. */
  reason?: string;
}

export const UNKNOWN_GROUP = '\u0000unknown';
const NO_TOPIC_LABEL = 'No topic';

const byLocation = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedArticles = (articles: readonly ArticleAnnotations[]) => [...articles].sort((a, b) => byLocation(a.article, b.article));
const byPosition = (a: Located, b: Located) => byLocation(a.article, b.article) || a.annotation.start - b.annotation.start || a.annotation.end - b.annotation.end;

/**
 * Actors by entity type, in the codebook's type order; within a type, the most mentioned first.
 * With `includeUnused`, codebook entities nobody mentions are listed too (with zero counts), so
 * they can still be renamed, merged or deleted. Ids the codebook does not know come last.
 */
export function groupActors(cb: Codebook, articles: readonly ArticleAnnotations[], options: { includeUnused?: boolean } = {}): TypeGroup[] {
  const known = new Map(cb.entities.map(e => [e.id, e]));
  const summaries = new Map<string, EntitySummary>();
  const summary = (id: string): EntitySummary => {
    let s = summaries.get(id);
    if (!s) { const entity = known.get(id); s = { id, name: entity?.name ?? id, entity, mentions: [], claims: [], articles: 0 }; summaries.set(id, s); }
    return s;
  };
  if (options.includeUnused) for (const e of cb.entities) summary(e.id);
  for (const { article, sidecar } of sortedArticles(articles)) {
    const seen = new Set<string>();
    for (const m of [...sidecar.mentions].sort((a, b) => a.start - b.start || a.end - b.end)) {
      const s = summary(m.entity);
      s.mentions.push({ article, annotation: m });
      if (!seen.has(m.entity)) { seen.add(m.entity); s.articles++; }
    }
    for (const c of [...sidecar.claims].sort((a, b) => a.start - b.start || a.end - b.end)) summary(c.claimant).claims.push({ article, annotation: c });
  }
  const groups = new Map<string, TypeGroup>();
  for (const t of cb.types) groups.set(t.id, { id: t.id, label: t.label, entities: [] });
  const unknown: TypeGroup = { id: UNKNOWN_GROUP, label: 'Not in the codebook', entities: [] };
  for (const s of summaries.values()) {
    if (!s.entity) { unknown.entities.push(s); continue; }
    let g = groups.get(s.entity.type);
    if (!g) { g = { id: s.entity.type, label: s.entity.type, entities: [] }; groups.set(g.id, g); }
    g.entities.push(s);
  }
  const order = (a: EntitySummary, b: EntitySummary) =>
    b.mentions.length - a.mentions.length || b.claims.length - a.claims.length || a.name.localeCompare(b.name) || byLocation(a.id, b.id);
  const result = [...groups.values(), unknown].filter(g => g.entities.length > 0);
  for (const g of result) g.entities.sort(order);
  return result;
}

/** An entity's mentions, one group per article (article order, then position). */
export function mentionsByArticle(s: EntitySummary): { article: string; mentions: Mention[] }[] {
  const result: { article: string; mentions: Mention[] }[] = [];
  for (const { article, annotation } of s.mentions) {
    const last = result[result.length - 1];
    if (last && last.article === article) last.mentions.push(annotation);
    else result.push({ article, mentions: [annotation] });
  }
  return result;
}

function allClaims(articles: readonly ArticleAnnotations[]): Located<Claim>[] {
  return sortedArticles(articles).flatMap(({ article, sidecar }) => sidecar.claims.map(annotation => ({ article, annotation }))).sort(byPosition);
}

/** Claims grouped by who makes them; the most productive claimant first. */
export function groupClaimsByClaimant(cb: Codebook, articles: readonly ArticleAnnotations[]): ClaimantGroup[] {
  const groups = new Map<string, ClaimantGroup>();
  for (const located of allClaims(articles)) {
    const id = located.annotation.claimant;
    let g = groups.get(id);
    if (!g) { const entity = cb.entities.find(e => e.id === id); g = { id, name: entity?.name ?? id, entity, claims: [] }; groups.set(id, g); }
    g.claims.push(located);
  }
  return [...groups.values()].sort((a, b) => b.claims.length - a.claims.length || a.name.localeCompare(b.name) || byLocation(a.id, b.id));
}

/** Claims grouped by topic, in the codebook's topic order; unknown topic ids next, claims without a topic last. */
export function groupClaimsByTopic(cb: Codebook, articles: readonly ArticleAnnotations[]): TopicGroup[] {
  const groups = new Map<string | undefined, TopicGroup>();
  for (const t of cb.topics) groups.set(t.id, { id: t.id, label: t.label, claims: [] });
  const unknown: TopicGroup[] = [];
  const none: TopicGroup = { label: NO_TOPIC_LABEL, claims: [] };
  for (const located of allClaims(articles)) {
    const id = located.annotation.topic;
    if (id === undefined) { none.claims.push(located); continue; }
    let g = groups.get(id);
    if (!g) { g = { id, label: id, claims: [] }; groups.set(id, g); unknown.push(g); }
    g.claims.push(located);
  }
  const ordered = [...cb.topics.map(t => groups.get(t.id)!), ...unknown.sort((a, b) => byLocation(a.label, b.label)), none];
  return ordered.filter(g => g.claims.length > 0);
}

/** How many annotations of the articles need review (fuzzy or orphaned). */
export function countNeedingReview(articles: readonly ArticleAnnotations[]): number {
  let n = 0;
  for (const { sidecar } of articles) for (const a of [...sidecar.mentions, ...sidecar.claims]) if (a.anchor === 'fuzzy' || a.anchor === 'orphan') n++;
  return n;
}

/**
 * Every fuzzy or orphaned annotation, with what it was made on and what is there now.
 * `textOf` gives an article's current text when known; `reasonOf` the reason recorded when an
 * annotation was orphaned (otherwise one is worked out from the current text).
 */
export function reviewItems(articles: readonly ArticleAnnotations[], textOf: (article: string) => CodePointIndex | undefined = () => undefined,
  reasonOf: (article: string, id: string) => string | undefined = () => undefined): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const { article, sidecar } of sortedArticles(articles)) {
    const text = textOf(article);
    const list: Annotation[] = [...sidecar.mentions, ...sidecar.claims].sort((a, b) => a.start - b.start || a.end - b.end);
    for (const a of list) {
      if (a.anchor === 'fuzzy') {
        items.push({ article, annotation: a, anchor: 'fuzzy', then: a.text, now: text && a.end <= text.length ? text.slice(a.start, a.end) : undefined });
      } else if (a.anchor === 'orphan') {
        items.push({ article, annotation: a, anchor: 'orphan', then: a.text, reason: reasonOf(article, a.id) ?? orphanReason(a, text) });
      }
    }
  }
  return items;
}

/** Why an orphan has no place, judged from the current text when the recorded reason is gone. */
export function orphanReason(a: Pick<Span, 'text'>, text: CodePointIndex | undefined): string {
  if (!text) return 'the article could not be read';
  if (!a.text) return 'empty quote';
  let n = 0;
  for (let i = text.text.indexOf(a.text); i >= 0 && n < 100; i = text.text.indexOf(a.text, i + 1)) n++;
  if (n === 0) return 'quote not found';
  return `quote found ${n === 1 ? 'once' : `${n === 100 ? 'at least 100' : n} times`}, but the surrounding text matches none`;
}

export interface Preview {
  /** `…before [text] after…`, on one line. */
  label: string;
  /** Where the annotated text is in the label ([start, end) in UTF-16 units, brackets excluded). */
  highlight: [number, number];
  /** 1-based line of the annotation's start, when the article text is known. */
  line?: number;
}

const flat = (s: string) => s.replace(/\s+/g, ' ');

/** Cuts at a word boundary near `max` characters, keeping the end (`fromEnd`) or the start. */
function cut(s: string, max: number, fromEnd: boolean): string {
  if (s.length <= max) return s;
  if (fromEnd) {
    const tail = s.slice(s.length - max);
    const space = tail.indexOf(' ');
    return space >= 0 && space < max / 2 ? tail.slice(space + 1) : tail;
  }
  const head = s.slice(0, max);
  const space = head.lastIndexOf(' ');
  return space > max / 2 ? head.slice(0, space) : head;
}

/**
 * A one-line preview of an annotation in its context. Where the article text is known and the
 * annotation has a place in it, the preview shows what is there now; otherwise its stored quote.
 * Little context before, so the annotated text stays visible in a narrow view.
 */
export function preview(a: Span, text?: CodePointIndex, width = { before: 16, after: 24 }, maxText = 60): Preview {
  const placed = text !== undefined && a.anchor !== 'orphan' && a.end <= text.length;
  const q = placed ? text.quote(a.start, a.end, Math.max(width.before, width.after) * 2) : { text: a.text, before: a.before, after: a.after };
  let body = flat(q.text);
  if (body.length > maxText) body = cut(body, maxText - 1, false).trimEnd() + '…';
  const before = cut(flat(q.before), width.before, true), after = cut(flat(q.after), width.after, false);
  const head = `${before.length < q.before.length ? '…' : ''}${before}[`;
  const label = `${head}${body}]${after}${after.length < q.after.length ? '…' : ''}`;
  return { label, highlight: [head.length, head.length + body.length], ...(placed ? { line: lineOf(text, a.start) } : {}) };
}

const lineMaps = new WeakMap<CodePointIndex, LineMap>();

/** 1-based line of a code-point offset. */
export function lineOf(text: CodePointIndex, offset: number): number {
  let map = lineMaps.get(text);
  if (!map) { map = new LineMap(text.text); lineMaps.set(text, map); }
  return map.at(text.toUtf16(offset)).line;
}

/** The stance icon to use: one of the three with an icon of their own, else undefined. */
export function stanceIcon(stance: string | undefined): 'support' | 'oppose' | 'neutral' | undefined {
  return stance === 'support' || stance === 'oppose' || stance === 'neutral' ? stance : undefined;
}

/** "1 mention", "3 mentions". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** "2 support · 1 oppose · 1 no stance", in the codebook's stance order. */
export function stanceBreakdown(cb: Codebook, claims: readonly Located<Claim>[]): string {
  const counts = new Map<string, number>();
  for (const { annotation } of claims) { const k = annotation.stance ?? ''; counts.set(k, (counts.get(k) ?? 0) + 1); }
  const label = (id: string) => (id === '' ? 'no stance' : cb.stances.find(s => s.id === id)?.label.toLowerCase() ?? id);
  const order = [...cb.stances.map(s => s.id), ...[...counts.keys()].filter(k => k !== '' && !cb.stances.some(s => s.id === k)).sort(), ''];
  return order.filter(k => counts.has(k)).map(k => `${counts.get(k)} ${label(k)}`).join(' · ');
}

/**
 * What refers to an entity across sidecars: mentions of it, claims it makes, claims addressed to it
 * or about it (addressee / target), and in how many sidecars any of these occur.
 */
export function referencesTo(sidecars: Iterable<Sidecar>, entityId: string): { mentions: number; claimsMade: number; claimsAbout: number; articles: number } {
  let mentions = 0, claimsMade = 0, claimsAbout = 0, articles = 0;
  for (const s of sidecars) {
    const m = s.mentions.filter(x => x.entity === entityId).length;
    const made = s.claims.filter(x => x.claimant === entityId).length;
    const about = s.claims.filter(x => x.claimant !== entityId && (x.addressee === entityId || x.object === entityId)).length;
    mentions += m; claimsMade += made; claimsAbout += about;
    if (m || made || about) articles++;
  }
  return { mentions, claimsMade, claimsAbout, articles };
}
