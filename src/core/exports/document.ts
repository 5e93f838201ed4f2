// What every export format is given and what it gives back: annotated articles in, files out. The
// formats are pure functions over this shape, so the command line (and later the editor) only
// gathers documents and writes files.
import { Annotation, Claim, Codebook, Entity, Mention, Sidecar } from '../model';

/** One annotated article, as the exports see it. */
export interface ExportDocument {
  /** The article's path as the user names it (relative to the current folder, `/`-separated). */
  article: string;
  /** The article's path below the folder common to all exported articles; where folder formats put its files. */
  name: string;
  /** The article's text with offsets' normalisation (no BOM, CRLF as LF); undefined when the article is missing. */
  text?: string;
  sidecar: Sidecar;
  /** The codebook governing the article (the nearest one, or the default). */
  codebook: Codebook;
}

/** A file an export produces: a path below the output folder and its text. */
export interface ExportFile {
  path: string;
  text: string;
}

/** Where the export goes: one stream (standard output or one file) or a folder of files. */
export type ExportTarget = 'stream' | 'folder';

export interface ExportOptions {
  target: ExportTarget;
  /** Format-specific choice, e.g. the CSV table (`mentions`, `claims`, `all`). */
  table?: string;
  /** graphml: which network (`two-mode`, `congruence`, `conflict`). */
  network?: string;
}

export interface ExportResult {
  files: ExportFile[];
  /** Things the user should know (an article skipped because its text is missing). */
  notes: string[];
}

/**
 * An export format. A stream target must get exactly one file (its `path` is a default name);
 * a format that needs a folder says so and is refused without `--out <dir>`.
 */
export interface ExportFormat {
  /** One line for `claimlens export --help`. */
  summary: string;
  needsFolder?: boolean;
  /** Accepted values of `--table`; undefined when the format has no tables. */
  tables?: readonly string[];
  /** Accepted values of `--network`; undefined when the format draws no network. */
  networks?: readonly string[];
  render(documents: readonly ExportDocument[], options: ExportOptions): ExportResult;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Export order: by article path, then start, then id; independent of how files were found. */
export function sortDocuments<T extends { article: string }>(documents: readonly T[]): T[] {
  return [...documents].sort((a, b) => compareText(a.article, b.article));
}

export function byStartThenId(a: { start: number; id: string }, b: { start: number; id: string }): number {
  return a.start - b.start || compareText(a.id, b.id);
}

export function sortedMentions(s: Sidecar): Mention[] {
  return [...s.mentions].sort(byStartThenId);
}

export function sortedClaims(s: Sidecar): Claim[] {
  return [...s.claims].sort(byStartThenId);
}

/** Mentions and claims of one article in one list, in export order. */
export function sortedAnnotations(s: Sidecar): Annotation[] {
  return [...s.mentions, ...s.claims].sort(byStartThenId);
}

/** Looks entities up by id; ids such as `constructor` are ordinary keys here. */
export function entityLookup(codebook: Codebook): (id: string) => Entity | undefined {
  const byId = new Map(codebook.entities.map(e => [e.id, e]));
  return id => byId.get(id);
}
