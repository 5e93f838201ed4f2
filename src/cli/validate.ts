// `claimlens validate [paths…]`: every problem of the sidecars and codebooks under the paths, one
// `path:line:col: severity: message` line each. Exit 1 when any is an error.
import { Problem } from '../core/problems';
import { checkEntry } from '../store/corpus';
import { CliContext, EXIT_OK, EXIT_PROBLEMS, loadCorpusFromArgs, noteCorpus, plural, printProblems } from './common';

export const VALIDATE_HELP = `Usage: claimlens validate [paths…]

Checks the sidecars (*.annotations.yaml) and codebooks (claimlens.codebook.yaml) in the given
folders or files (default: the current folder). A folder is searched recursively; an article
names its sidecar. Each sidecar is checked against the nearest codebook in or above its folder.

Prints one line per problem, \`path:line:col: error|warning: message\`, with paths relative to
the current folder: YAML syntax, merge conflict markers, wrong types, unknown entity, stance or
topic ids, duplicate ids, spans outside the article, text that does not match the article, a
missing article; as warnings: articles changed since the annotations were saved (run
\`claimlens fmt\`), orphaned annotations, ambiguous codebook aliases.

Exit status: 0 when there are no errors (warnings alone are printed but pass), 1 when errors
were found, 2 on a usage error.
`;

export async function validateCommand(ctx: CliContext, paths: string[]): Promise<number> {
  const corpus = await loadCorpusFromArgs(ctx, 'validate', paths);
  noteCorpus(ctx, corpus, paths);
  const problems: Problem[] = [...corpus.codebooks.flatMap(c => c.problems), ...corpus.entries.flatMap(e => checkEntry(e))];
  printProblems(ctx, problems);
  const errors = problems.filter(p => p.severity === 'error').length, warnings = problems.length - errors;
  const files = corpus.entries.length + corpus.codebooks.filter(c => c.location !== undefined).length;
  ctx.err(`claimlens: ${plural(files, 'file')} checked: ${errors || warnings ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')}` : 'no problems'}`);
  return errors ? EXIT_PROBLEMS : EXIT_OK;
}
