// `claimlens stats [--json] [paths…]`: counts per article and per entity, as stored in the
// sidecars (run `claimlens fmt` first to count against the articles' current text).
import { Claim, Mention } from '../core/model';
import { hasErrors } from '../core/problems';
import { CorpusEntry, isCurrent } from '../store/corpus';
import { CliContext, displayOf, EXIT_OK, EXIT_PROBLEMS, loadCorpusFromArgs, noteCorpus, plural } from './common';

export const STATS_HELP = `Usage: claimlens stats [--json] [paths…]

Counts, per article and per entity, the mentions, the claims by stance and the orphaned
annotations in the sidecars under the given folders or files (default: the current folder).
An entity's claims are those it makes (as claimant); its orphans are its orphaned mentions and
claims. Counts are read from the sidecars as saved: run \`claimlens fmt\` first when articles
changed (such articles are marked "stale").

Options:
  --json   machine-readable output (shape: see below)
  --help   this help

JSON shape (keys always present; byStance has every key of "stances"):
  { "stances": [id…],
    "totals":   { "articles", "mentions", "claims", "byStance": {id: n}, "noStance", "orphans" },
    "articles": [{ "article", "sidecar", "stale", "missingArticle",
                   "mentions", "claims", "byStance", "noStance", "orphans" }],
    "entities": [{ "id", "name", "type", "known", "articles",
                   "mentions", "claims", "byStance", "noStance", "orphans" }],
    "skipped":  [{ "sidecar", "errors" }] }
Paths are relative to the current folder; entities are sorted by mentions + claims, then id.

Exit status: 0, or 1 when a sidecar could not be read (it is listed under "skipped"), 2 on a
usage error.
`;

export interface Counts {
  mentions: number;
  claims: number;
  byStance: Record<string, number>;
  noStance: number;
  orphans: number;
}

export interface ArticleStats extends Counts {
  article: string;
  sidecar: string;
  stale: boolean;
  missingArticle: boolean;
}

export interface EntityStats extends Counts {
  id: string;
  name: string | null;
  type: string | null;
  /** False when no codebook defines the id. */
  known: boolean;
  /** Articles in which the entity is mentioned or makes a claim. */
  articles: number;
}

export interface StatsReport {
  stances: string[];
  totals: Counts & { articles: number };
  articles: ArticleStats[];
  entities: EntityStats[];
  skipped: { sidecar: string; errors: number }[];
}

/**
 * Counts by stance id. No prototype, so a stance called `constructor` or `__proto__` is counted
 * like any other (a `{}` would start it at Object.prototype's member).
 */
function byStance(entries: Iterable<[string, number]> = []): Record<string, number> {
  const counts = Object.create(null) as Record<string, number>;
  for (const [k, n] of entries) counts[k] = n;
  return counts;
}

function emptyCounts(): Counts {
  return { mentions: 0, claims: 0, byStance: byStance(), noStance: 0, orphans: 0 };
}

function countMention(c: Counts, m: Mention): void {
  c.mentions++;
  if (m.anchor === 'orphan') c.orphans++;
}

function countClaim(c: Counts, claim: Claim): void {
  c.claims++;
  if (claim.stance === undefined) c.noStance++;
  else c.byStance[claim.stance] = (c.byStance[claim.stance] ?? 0) + 1;
  if (claim.anchor === 'orphan') c.orphans++;
}

/** The report over loaded entries; paths are shown through `show`. */
export function computeStats(entries: readonly CorpusEntry[], show: (location: string) => string): StatsReport {
  const stanceOrder: string[] = [];
  const seenBooks = new Set<unknown>();
  for (const e of entries) {
    if (seenBooks.has(e.codebook.codebook)) continue;
    seenBooks.add(e.codebook.codebook);
    for (const s of e.codebook.codebook.stances) if (!stanceOrder.includes(s.id)) stanceOrder.push(s.id);
  }
  const totals = { articles: 0, ...emptyCounts() };
  const articles: ArticleStats[] = [], skipped: StatsReport['skipped'] = [];
  const entities = new Map<string, EntityStats & { seenIn: Set<string> }>();
  const entity = (e: CorpusEntry, id: string) => {
    let s = entities.get(id);
    if (!s) {
      const def = e.codebook.codebook.entities.find(x => x.id === id);
      s = { id, name: def?.name ?? null, type: def?.type ?? null, known: def !== undefined, articles: 0, ...emptyCounts(), seenIn: new Set() };
      entities.set(id, s);
    }
    s.seenIn.add(e.sidecarPath);
    return s;
  };
  for (const e of entries) {
    const sidecar = e.loaded.sidecar;
    if (!sidecar || hasErrors(e.loaded.problems)) {
      skipped.push({ sidecar: show(e.sidecarPath), errors: e.loaded.problems.filter(p => p.severity === 'error').length });
      continue;
    }
    const a: ArticleStats = { article: show(e.articlePath), sidecar: show(e.sidecarPath), stale: e.article !== undefined && !isCurrent(e),
      missingArticle: e.article === undefined, ...emptyCounts() };
    for (const m of sidecar.mentions) { countMention(a, m); countMention(totals, m); countMention(entity(e, m.entity), m); }
    for (const c of sidecar.claims) { countClaim(a, c); countClaim(totals, c); countClaim(entity(e, c.claimant), c); }
    articles.push(a);
    totals.articles++;
  }
  // Stances used but not in any codebook still get a column.
  const all: Counts[] = [totals, ...articles, ...entities.values()];
  for (const c of all) for (const k of Object.keys(c.byStance)) if (!stanceOrder.includes(k)) stanceOrder.push(k);
  for (const c of all) c.byStance = byStance(stanceOrder.map(k => [k, c.byStance[k] ?? 0]));
  const entityList = [...entities.values()].map(({ seenIn, ...s }) => ({ ...s, articles: seenIn.size }))
    .sort((x, y) => (y.mentions + y.claims) - (x.mentions + x.claims) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  // Key order fixed here so the JSON reads the same every time.
  const order = <T extends Counts>(head: Omit<T, keyof Counts>, c: Counts) =>
    ({ ...head, mentions: c.mentions, claims: c.claims, byStance: c.byStance, noStance: c.noStance, orphans: c.orphans });
  return {
    stances: stanceOrder,
    totals: order<Counts & { articles: number }>({ articles: totals.articles }, totals),
    articles: articles.map(a => order<ArticleStats>({ article: a.article, sidecar: a.sidecar, stale: a.stale, missingArticle: a.missingArticle }, a)),
    entities: entityList.map(s => order<EntityStats>({ id: s.id, name: s.name, type: s.type, known: s.known, articles: s.articles }, s)),
    skipped,
  };
}

/** Left-aligned text columns, right-aligned numbers. */
function table(header: string[], rows: (string | number)[][], textColumns: number): string[] {
  const cells = [header, ...rows.map(r => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map(r => [...(r[i] ?? '')].length)));
  return cells.map(r => r.map((cell, i) => {
    const pad = ' '.repeat(widths[i] - [...cell].length);
    return i < textColumns ? cell + pad : pad + cell;
  }).join('  ').trimEnd());
}

function countCells(c: Counts, stances: string[], showNoStance: boolean): number[] {
  return [c.mentions, c.claims, ...stances.map(s => c.byStance[s]), ...(showNoStance ? [c.noStance] : []), c.orphans];
}

export function formatStats(r: StatsReport): string[] {
  const showNoStance = r.totals.noStance > 0;
  const countHeader = ['mentions', 'claims', ...r.stances, ...(showNoStance ? ['no stance'] : []), 'orphans'];
  const lines: string[] = [];
  const articleRows = r.articles.map(a => [a.article, ...countCells(a, r.stances, showNoStance),
    a.missingArticle ? 'article missing' : a.stale ? 'stale' : '']);
  articleRows.push(['total', ...countCells(r.totals, r.stances, showNoStance), r.totals.articles === 1 ? '1 article' : `${r.totals.articles} articles`]);
  lines.push(...table(['article', ...countHeader, ''], articleRows, 1));
  lines.push('');
  const entityRows = r.entities.map(e => [e.id, e.known ? e.name ?? '' : '(not in codebook)', e.type ?? '', ...countCells(e, r.stances, showNoStance), e.articles]);
  lines.push(...table(['entity', 'name', 'type', ...countHeader, 'articles'], entityRows, 3));
  return lines;
}

export async function statsCommand(ctx: CliContext, paths: string[], json: boolean): Promise<number> {
  const corpus = await loadCorpusFromArgs(ctx, 'stats', paths);
  if (!json) noteCorpus(ctx, corpus, paths);
  const report = computeStats(corpus.entries, location => displayOf(ctx, location));
  if (json) ctx.out(JSON.stringify(report, null, 2));
  else for (const line of formatStats(report)) ctx.out(line);
  for (const s of report.skipped) ctx.err(`claimlens: skipped ${s.sidecar}: ${plural(s.errors, 'error')}; run \`claimlens validate\``);
  const stale = report.articles.filter(a => a.stale).length;
  if (stale && !json) ctx.err(`claimlens: ${plural(stale, 'article')} changed since annotated; run \`claimlens fmt\` to re-anchor`);
  return report.skipped.length ? EXIT_PROBLEMS : EXIT_OK;
}
