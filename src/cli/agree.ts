// `claimlens agree <a> <b> [more…]`: how far annotators agree on the same article, from their
// copies of its sidecar (see core/agreement/).
import { formatAgreementText } from '../core/agreement/format';
import { annotatorNames, AnnotatorCopy, buildAgreementReport } from '../core/agreement/report';
import { articlePathFor } from '../core/model';
import { formatProblem, hasErrors } from '../core/problems';
import { loadSidecar } from '../core/sidecarFormat';
import { normalizeText } from '../core/text';
import { CliContext, displayOf, EXIT_OK, EXIT_PROBLEMS, UsageError } from './common';
import { toLocation } from './nodeFileSystem';

export const AGREE_HELP = `Usage: claimlens agree [--format text|json] [--article <path>] <a.yaml> <b.yaml> [more…]

Compares two or more annotators' copies of the same article's sidecar (for example
alice/x.txt.annotations.yaml and bob/x.txt.annotations.yaml) and reports:
  - precision, recall and F1 of the spans for every pair of annotators (the first of the pair is
    the reference), for mentions and for claims, with exact matching (same start and end) and
    with overlap matching (at least one code point in common; one to one, the pairs sharing the
    most code points first), also counting only matches whose labels agree;
  - Cohen's kappa for every pair and Krippendorff's alpha (nominal) for all annotators, on the
    entity of mentions and on the stance and claimant of claims, over the spans matched by
    overlap (a span only some annotators marked counts in the F1 scores, not in kappa; in alpha
    the others are missing values; a claim without a stance has the value "(none)");
  - every disagreement, with its line:column in the article, the text, and what each copy has.
Orphaned annotations are left out. Annotators are named after the parts of their paths that
differ (alice, bob). A warning (on standard error) says when the copies were saved against
different versions of the article.

Options:
  --format text      a readable report (the default)
  --format json      for tools: { annotators, warnings, mentions, claims, disagreements }; null
                     where a score is undefined (no spans, or a single label throughout)
  --article <path>   the article, for lines and columns (default: the article beside the first
                     copy that has one; without it, places are code-point offsets, @123)
  --help             this help

Exit status: 0 when the comparison was made, 1 when a copy could not be read, 2 on a usage error
or when a copy has so many overlapping annotations that it looks broken.
`;

export type AgreeFormat = 'text' | 'json';
export const AGREE_FORMATS: readonly AgreeFormat[] = ['text', 'json'];

export async function agreeCommand(ctx: CliContext, positionals: string[], options: { format?: string; article?: string }): Promise<number> {
  const format = (options.format ?? 'text') as AgreeFormat;
  if (!AGREE_FORMATS.includes(format)) throw new UsageError(`unknown format '${options.format}' (expected ${AGREE_FORMATS.join(', ')})`, 'agree');
  if (positionals.length < 2) throw new UsageError('expects the sidecars of at least two annotators', 'agree');
  const locations = positionals.map(p => toLocation(p, ctx.cwd));
  const articleLocation = options.article === undefined ? undefined : toLocation(options.article, ctx.cwd);
  ctx.confine?.(articleLocation === undefined ? locations : [...locations, articleLocation]);

  const texts = await Promise.all(locations.map(l => ctx.fs.readText(l)));
  const missing = positionals.filter((_, k) => texts[k] === undefined);
  if (missing.length) throw new UsageError(`no such file: ${missing.join(', ')}`, 'agree');
  const names = annotatorNames(locations.map(l => displayOf(ctx, l)));
  const copies: AnnotatorCopy[] = [];
  let unreadable = 0;
  texts.forEach((text, k) => {
    const loaded = loadSidecar(normalizeText(text!));
    if (loaded.sidecar && !hasErrors(loaded.problems)) { copies.push({ name: names[k], sidecar: loaded.sidecar }); return; }
    unreadable++;
    const first = loaded.problems.find(p => p.severity === 'error');
    ctx.err(`claimlens agree: cannot read ${positionals[k]}${first ? `: ${formatProblem({ ...first, file: positionals[k] })}` : ''}`);
  });
  if (unreadable) return EXIT_PROBLEMS;

  const articleText = await readArticle(ctx, articleLocation, locations);
  if (articleText === undefined && articleLocation !== undefined) throw new UsageError(`no such file: ${options.article}`, 'agree');
  if (articleText === undefined) ctx.err('claimlens agree: note: no article found beside the copies (see --article), so places are code-point offsets');
  const report = buildAgreementReport(copies, articleText);
  for (const w of report.warnings) ctx.err(`claimlens agree: warning: ${w}`);
  if (format === 'json') ctx.out(JSON.stringify(report, null, 2));
  else for (const line of formatAgreementText(report, { warnings: false })) ctx.out(line);
  return EXIT_OK;
}

/** The article's normalised text: the one given, else the first found beside a copy. */
async function readArticle(ctx: CliContext, given: string | undefined, sidecars: readonly string[]): Promise<string | undefined> {
  const candidates = given !== undefined ? [given] : sidecars.map(articlePathFor).filter((l): l is string => l !== undefined);
  for (const location of candidates) {
    const text = await ctx.fs.readText(location);
    if (text !== undefined) return normalizeText(text);
  }
  return undefined;
}
