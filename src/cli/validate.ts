// `claimlens validate [--strict] [--min-score n] [--format text|github] [paths…]`: every problem
// of the sidecars and codebooks under the paths, one `path:line:col: severity: message` line each
// (or one GitHub Actions workflow command each). Exit 1 when any is an error.
import { Problem } from '../core/problems';
import { checkEntry, CorpusEntry } from '../store/corpus';
import { CliContext, EXIT_OK, EXIT_PROBLEMS, loadCorpusFromArgs, noteCorpus, plural, printProblems, sortProblems, UsageError } from './common';

/** The score below which --strict rejects a fuzzy anchor. */
export const DEFAULT_MIN_SCORE = 0.8;

export const VALIDATE_HELP = `Usage: claimlens validate [--strict] [--min-score <n>] [--format text|github] [paths…]

Checks the sidecars (*.annotations.yaml) and codebooks (claimlens.codebook.yaml) in the given
folders or files (default: the current folder). A folder is searched recursively; an article
names its sidecar. Each sidecar is checked against the nearest codebook in or above its folder.

Prints one line per problem, \`path:line:col: error|warning: message\`, with paths relative to
the current folder: YAML syntax, merge conflict markers, wrong types, unknown entity, stance or
topic ids, duplicate ids, spans outside the article, text that does not match the article, a
missing article; as warnings: articles changed since the annotations were saved (run
\`claimlens fmt\`), orphaned annotations, fuzzy anchors, ambiguous codebook aliases.

Options:
  --strict           for CI: orphaned annotations are errors, and so are fuzzy anchors whose
                     score is below --min-score (default ${DEFAULT_MIN_SCORE})
  --min-score <n>    a number from 0 to 1: fuzzy anchors scoring below it are errors (also
                     without --strict)
  --format text      \`path:line:col: severity: message\` lines (the default)
  --format github    GitHub Actions workflow commands (\`::error file=…,line=…,col=…::message\`),
                     so a pull request shows each problem at its line
  --help             this help

Exit status: 0 when there are no errors (warnings alone are printed but pass), 1 when errors
were found, 2 on a usage error.
`;

export type ValidateFormat = 'text' | 'github';

export interface ValidateOptions {
  strict?: boolean;
  /** As given on the command line; checked here. */
  minScore?: string;
  format?: string;
}

/** Escapes the message of a workflow command (GitHub's rules: %, CR, LF). */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command: as data, plus `:` and `,`. */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,col=…,title=…::message` */
export function githubCommand(p: Problem): string {
  const props = [`file=${escapeGithubProperty(p.file ?? '')}`, `line=${p.line}`, `col=${p.column}`,
    ...(p.endLine !== undefined ? [`endLine=${p.endLine}`] : []), ...(p.endColumn !== undefined ? [`endColumn=${p.endColumn}`] : []),
    `title=${escapeGithubProperty(`claimlens ${p.code}`)}`];
  return `::${p.severity} ${props.join(',')}::${escapeGithubData(p.message)}`;
}

/**
 * What the strict gate adds to one file's problems: orphans become errors (with --strict), and
 * fuzzy anchors below the score threshold become errors (with --strict or --min-score).
 */
function gate(entry: CorpusEntry, problems: Problem[], strict: boolean, minScore: number | undefined): Problem[] {
  const sidecar = entry.loaded.sidecar;
  if (!sidecar || (!strict && minScore === undefined)) return problems;
  const low = new Map<string, number | undefined>();
  if (minScore !== undefined) {
    for (const kind of ['mentions', 'claims'] as const) {
      sidecar[kind].forEach((a, i) => {
        if (a.anchor !== 'fuzzy' || (a.score !== undefined && a.score >= minScore)) return;
        const at = entry.loaded.locate([kind, i]);
        low.set(`${at.line}:${at.column}`, a.score);
      });
    }
  }
  return problems.map(p => {
    if (p.code === 'orphan' && strict) return { ...p, severity: 'error', message: `${p.message} (--strict)` };
    const key = `${p.line}:${p.column}`;
    if (p.code === 'fuzzy' && low.has(key)) {
      const score = low.get(key);
      return { ...p, severity: 'error', message: `${p.message}; ${score === undefined ? 'no score' : `score ${score}`} is below the minimum ${minScore}` };
    }
    return p;
  });
}

export async function validateCommand(ctx: CliContext, paths: string[], options: ValidateOptions = {}): Promise<number> {
  const format = (options.format ?? 'text') as ValidateFormat;
  if (format !== 'text' && format !== 'github') throw new UsageError(`unknown format '${options.format}' (expected text, github)`, 'validate');
  let minScore: number | undefined;
  if (options.minScore !== undefined) {
    minScore = Number(options.minScore);
    if (options.minScore.trim() === '' || !Number.isFinite(minScore) || minScore < 0 || minScore > 1)
      throw new UsageError(`--min-score expects a number from 0 to 1, not '${options.minScore}'`, 'validate');
  } else if (options.strict) minScore = DEFAULT_MIN_SCORE;
  const corpus = await loadCorpusFromArgs(ctx, 'validate', paths);
  noteCorpus(ctx, corpus, paths);
  const problems: Problem[] = [...corpus.codebooks.flatMap(c => c.problems),
    ...corpus.entries.flatMap(e => gate(e, checkEntry(e), options.strict === true, minScore))];
  if (format === 'github') for (const p of sortProblems(ctx, problems)) ctx.out(githubCommand(p));
  else printProblems(ctx, problems);
  const errors = problems.filter(p => p.severity === 'error').length, warnings = problems.length - errors;
  const files = corpus.entries.length + corpus.codebooks.filter(c => c.location !== undefined).length;
  ctx.err(`claimlens: ${plural(files, 'file')} checked${options.strict ? ' (strict)' : ''}: ${errors || warnings ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')}` : 'no problems'}`);
  return errors ? EXIT_PROBLEMS : EXIT_OK;
}
