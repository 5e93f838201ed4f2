// What every verb of the command line shares: the I/O it is given, argument parsing, paths as
// the user sees them.
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
}

/** A wrong command line: reported with a hint, exit status 2. */
export class UsageError extends Error {
  constructor(message: string, readonly verb?: string) { super(message); }
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

export interface ParsedArgs {
  flags: Set<string>;
  paths: string[];
}

/** Splits arguments into known flags and paths; `--` ends the flags. */
export function parseArgs(verb: string, args: readonly string[], known: readonly string[]): ParsedArgs {
  const flags = new Set<string>(), paths: string[] = [];
  let onlyPaths = false;
  for (const arg of args) {
    if (onlyPaths || !arg.startsWith('-') || arg === '-') { paths.push(arg); continue; }
    if (arg === '--') { onlyPaths = true; continue; }
    const name = arg === '-h' ? '--help' : arg;
    if (!known.includes(name)) throw new UsageError(`unknown option ${arg}`, verb);
    flags.add(name);
  }
  return { flags, paths };
}

export function displayOf(ctx: CliContext, location: string | undefined): string {
  return location === undefined ? '<default codebook>' : displayPath(location, ctx.cwd);
}

/** Loads the corpus under the given paths (default: the current folder); missing paths are usage errors. */
export async function loadCorpusFromArgs(ctx: CliContext, verb: string, paths: readonly string[]): Promise<LoadedCorpus> {
  const locations = (paths.length ? paths : ['.']).map(p => toLocation(p, ctx.cwd));
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
