// `claimlens diff <old> <new>` and `claimlens diff <rev>..<rev> [paths…]`: what changed between
// two versions of sidecars and codebooks, in annotator terms (see core/annotationDiff.ts).
// Revisions are read with `git show`, spawned directly (no shell), so nothing in a revision
// name or a path is ever interpreted by a shell.
import { execFile } from 'node:child_process';
import { AnnotationDiff, diffCodebooks, diffJson, diffSidecars, emptyDiff, formatDiffMarkdown, formatDiffText } from '../core/annotationDiff';
import { loadCodebook } from '../core/codebook';
import { Codebook, CODEBOOK_FILE, Sidecar, SIDECAR_SUFFIX } from '../core/model';
import { hasErrors } from '../core/problems';
import { loadSidecar } from '../core/sidecarFormat';
import { normalizeNewlines } from '../core/text';
import { basename } from '../store/fileSystem';
import { CliContext, displayOf, EXIT_OK, EXIT_PROBLEMS, UsageError } from './common';
import { toLocation } from './nodeFileSystem';

export const DIFF_HELP = `Usage: claimlens diff [--format text|markdown|json] <old> <new>
       claimlens diff [--format text|markdown|json] <from>..<to> [paths…]

Compares two versions of annotations and tells what changed in annotator terms: mentions added
and removed (per entity), claims added, removed and changed (stance, claimant, topic, note…),
annotations re-anchored or orphaned, and codebook changes (entities added or removed, aliases
added, entities merged).

<old> <new> are two sidecars (*.annotations.yaml) or two codebooks (claimlens.codebook.yaml).
<from>..<to> are git revisions (e.g. main..HEAD; <from>...<to> compares with their merge base);
every sidecar and codebook changed between them (under the paths, if given) is compared, read
with \`git show\`.

Options:
  --format text      a plain summary (the default)
  --format markdown  a summary for a pull-request comment: counts first, details folded
  --format json      for tools: { files, mentions, claims, reanchored, orphaned, codebook };
                     mentions, claims and codebook each have "added" and "removed" (lists of
                     {file, id, entity|claimant|name, start, end, text}) and "changed" (a list of
                     {file, id, field, from, to})
  --help             this help

Exit status: 0 when the comparison was made (with or without changes), 1 when a version could
not be read (it is named on standard error), 2 on a usage error or when git fails.
`;

export type DiffFormat = 'text' | 'markdown' | 'json';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'markdown', 'json'];

const isCodebookPath = (p: string) => basename(p) === CODEBOOK_FILE;
const isAnnotationPath = (p: string) => basename(p).endsWith(SIDECAR_SUFFIX) || isCodebookPath(p);

/** Runs git without a shell; resolves with stdout, rejects with git's own message. */
export function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(new Error(stderr.trim() || error.message), { gitExitCode: error.code }));
      else resolve(stdout);
    });
  });
}

type Version<T> = { value?: T; unreadable?: string };

function readSidecarText(text: string | undefined): Version<Sidecar> {
  if (text === undefined) return {};
  const loaded = loadSidecar(normalizeNewlines(text));
  if (!loaded.sidecar || hasErrors(loaded.problems)) return { unreadable: loaded.problems.find(p => p.severity === 'error')?.message ?? 'unreadable' };
  return { value: loaded.sidecar };
}

function readCodebookText(text: string | undefined): Version<Codebook> {
  if (text === undefined) return {};
  const loaded = loadCodebook(normalizeNewlines(text));
  if (!loaded.codebook || hasErrors(loaded.problems)) return { unreadable: loaded.problems.find(p => p.severity === 'error')?.message ?? 'unreadable' };
  return { value: loaded.codebook };
}

/**
 * Adds one file's comparison to `diff`; false (and a note on standard error) when a version
 * cannot be read, e.g. it holds merge conflict markers.
 */
export function compareTexts(ctx: CliContext, diff: AnnotationDiff, file: string, old: string | undefined, next: string | undefined,
  labels: [string, string] = ['old', 'new']): boolean {
  const read = isCodebookPath(file) ? readCodebookText : readSidecarText;
  const a = read(old), b = read(next);
  for (const [v, label] of [[a, labels[0]], [b, labels[1]]] as const) {
    if (v.unreadable !== undefined) ctx.err(`claimlens: cannot compare ${file}: the ${label} version cannot be read (${v.unreadable})`);
  }
  if (a.unreadable !== undefined || b.unreadable !== undefined) return false;
  if (isCodebookPath(file)) diffCodebooks(diff, file, a.value as Codebook | undefined, b.value as Codebook | undefined);
  else diffSidecars(diff, file, a.value as Sidecar | undefined, b.value as Sidecar | undefined);
  return true;
}

function print(ctx: CliContext, diff: AnnotationDiff, format: DiffFormat): void {
  if (format === 'json') ctx.out(JSON.stringify(diffJson(diff), null, 2));
  else if (format === 'markdown') ctx.out(formatDiffMarkdown(diff).replace(/\n$/, ''));
  else for (const line of formatDiffText(diff)) ctx.out(line);
}

/** `<from>..<to>` or `<from>...<to>`; an empty side means HEAD, as in git. */
export function parseRange(arg: string): { from: string; to: string; mergeBase: boolean } | undefined {
  const m = /^(.*?)(\.\.\.?)(.*)$/.exec(arg);
  if (!m || (m[1] === '' && m[3] === '')) return undefined;
  return { from: m[1] || 'HEAD', to: m[3] || 'HEAD', mergeBase: m[2] === '...' };
}

async function resolveCommit(root: string, rev: string): Promise<string> {
  // A revision that looks like an option would be read by git as one.
  if (rev.startsWith('-')) throw new UsageError(`not a revision: ${rev}`, 'diff');
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim();
  } catch {
    throw new UsageError(`unknown revision: ${rev}`, 'diff');
  }
}

/** The file at a commit, or undefined when it does not exist there. */
async function showAt(root: string, commit: string, path: string): Promise<string | undefined> {
  // The name is a file's, not a pattern: `*` or `:` in it must not glob or start pathspec magic.
  const listed = await git(root, ['--literal-pathspecs', 'ls-tree', '-z', '--name-only', commit, '--', path]);
  if (listed === '') return undefined;
  return git(root, ['show', `${commit}:${path}`]);
}

async function diffRevisions(ctx: CliContext, range: { from: string; to: string; mergeBase: boolean }, paths: string[], format: DiffFormat): Promise<number> {
  let root: string;
  try {
    root = (await git(ctx.cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch (e) {
    throw new UsageError(`${ctx.cwd} is not in a git repository (${(e as Error).message})`, 'diff');
  }
  const to = await resolveCommit(root, range.to);
  let from = await resolveCommit(root, range.from);
  if (range.mergeBase) from = (await git(root, ['merge-base', from, to])).trim();
  // Paths are given relative to the current folder; git lists them relative to the top.
  const pathspecs = paths.map(p => displayOf({ ...ctx, cwd: root }, toLocation(p, ctx.cwd)));
  const names = (await git(root, ['diff', '--name-only', '-z', '--no-renames', from, to, '--', ...pathspecs]))
    .split('\0').filter(n => n !== '' && isAnnotationPath(n));
  // Codebook first: it names the entities the sidecars' changes refer to.
  names.sort((a, b) => Number(isCodebookPath(b)) - Number(isCodebookPath(a)) || (a < b ? -1 : a > b ? 1 : 0));
  const diff = emptyDiff();
  let failed = 0;
  for (const name of names) {
    const [old, next] = await Promise.all([showAt(root, from, name), showAt(root, to, name)]);
    if (!compareTexts(ctx, diff, name, old, next, [range.from, range.to])) failed++;
  }
  print(ctx, diff, format);
  return failed ? EXIT_PROBLEMS : EXIT_OK;
}

export async function diffCommand(ctx: CliContext, positionals: string[], format: string | undefined): Promise<number> {
  const fmt = (format ?? 'text') as DiffFormat;
  if (!DIFF_FORMATS.includes(fmt)) throw new UsageError(`unknown format '${format}' (expected ${DIFF_FORMATS.join(', ')})`, 'diff');
  if (positionals.length === 0) throw new UsageError('expects two files, or a revision range such as main..HEAD', 'diff');
  const range = parseRange(positionals[0]);
  if (range && (await ctx.fs.stat(toLocation(positionals[0], ctx.cwd))) === undefined) return diffRevisions(ctx, range, positionals.slice(1), fmt);
  if (positionals.length !== 2) throw new UsageError('expects two files, or a revision range such as main..HEAD', 'diff');
  const [oldPath, newPath] = positionals.map(p => toLocation(p, ctx.cwd));
  if (isCodebookPath(oldPath) !== isCodebookPath(newPath)) throw new UsageError('compare a sidecar with a sidecar, or a codebook with a codebook', 'diff');
  const [old, next] = await Promise.all([ctx.fs.readText(oldPath), ctx.fs.readText(newPath)]);
  const missing = positionals.filter((_, i) => [old, next][i] === undefined);
  if (missing.length) throw new UsageError(`no such file: ${missing.join(', ')}`, 'diff');
  const diff = emptyDiff();
  // Both versions are the same file; it is named as the new one.
  const ok = compareTexts(ctx, diff, displayOf(ctx, newPath), old, next, [positionals[0], positionals[1]]);
  if (!ok) return EXIT_PROBLEMS;
  print(ctx, diff, fmt);
  return EXIT_OK;
}
