// What every verb of the command line shares: the I/O it is given, argument parsing, paths as
// the user sees them.
import { parseArgs, ParseArgsConfig } from 'node:util';
import { formatProblem, Problem } from '../core/problems';
import { LoadedCorpus, loadCorpus } from '../store/corpus';
import { FileSystem } from '../store/fileSystem';
import { displayPath, toLocation } from './nodeFileSystem';

export interface CliIo {
  cwd: string;
  /** Receives output text, newlines included. */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Defaults to the Node file system. */
  fs?: FileSystem;
}

export interface CliContext {
  cwd: string;
  fs: FileSystem;
  /** Writes one line to standard output. */
  out(line: string): void;
  /** Writes one line to standard error. */
  err(line: string): void;
  /** Restricts file access to these folders (or files' folders): the workspace of this run. */
  confine?(locations: readonly string[]): void;
}

/** A wrong command line: reported with a hint, exit status 2. */
export class UsageError extends Error {
  constructor(message: string, readonly verb?: string) { super(message); }
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** The options a verb accepts, declared as for Node's `util.parseArgs`. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  /** Option values by long name (`--check` → `values.check === true`). */
  values: Record<string, string | boolean | undefined>;
  /** Everything that is not an option; `--` ends the options. */
  positionals: string[];
}

/** Every verb takes `-h`/`--help`. */
const HELP_OPTION: OptionSpec = { help: { type: 'boolean', short: 'h' } };

/**
 * Parses a verb's arguments with `util.parseArgs` against the options the verb declares; an
 * unknown option or a malformed value is a usage error naming the argument.
 */
export function parseVerbArgs(verb: string, args: readonly string[], options: OptionSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: { ...HELP_OPTION, ...options }, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      // Node's message suggests `--`; name the option the way the rest of the CLI does.
      const option = /'([^']+)'/.exec((e as Error).message)?.[1] ?? '';
      throw new UsageError(`unknown option ${option}`, verb);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError((e as Error).message.replace(/^Option/, 'option'), verb);
    throw e;
  }
}

export function displayOf(ctx: CliContext, location: string | undefined): string {
  return location === undefined ? '<default codebook>' : displayPath(location, ctx.cwd);
}

/** Loads the corpus under the given paths (default: the current folder); missing paths are usage errors. */
export async function loadCorpusFromArgs(ctx: CliContext, verb: string, paths: readonly string[]): Promise<LoadedCorpus> {
  const locations = (paths.length ? paths : ['.']).map(p => toLocation(p, ctx.cwd));
  ctx.confine?.(locations);
  const corpus = await loadCorpus(ctx.fs, locations);
  if (corpus.missing.length) {
    const shown = corpus.missing.map(m => paths[locations.indexOf(m)] ?? displayOf(ctx, m));
    throw new UsageError(`no such file or folder: ${shown.join(', ')}`, verb);
  }
  return corpus;
}

/** Notes on standard error what the user may not expect: no sidecars, no codebook. */
export function noteCorpus(ctx: CliContext, corpus: LoadedCorpus, paths: readonly string[]): void {
  if (corpus.entries.length === 0 && corpus.codebooks.every(c => c.location === undefined))
    ctx.err(`claimlens: no sidecars (*.annotations.yaml) found in ${paths.length ? paths.join(', ') : 'the current folder'}`);
  if (corpus.entries.some(e => e.codebook.location === undefined))
    ctx.err('claimlens: note: no claimlens.codebook.yaml found in or above the annotated folders; using the built-in default codebook');
}

export function sortProblems(ctx: CliContext, problems: Problem[]): Problem[] {
  return problems.map(p => ({ ...p, file: displayOf(ctx, p.file) }))
    .sort((a, b) => (a.file! < b.file! ? -1 : a.file! > b.file! ? 1 : 0) || a.line - b.line || a.column - b.column);
}

export function printProblems(ctx: CliContext, problems: Problem[]): void {
  for (const p of sortProblems(ctx, problems)) ctx.out(formatProblem(p));
}

export function plural(n: number, word: string, many = word + 's'): string {
  return `${n} ${n === 1 ? word : many}`;
}
