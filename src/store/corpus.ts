// Discovering and loading a corpus: the codebook that governs a folder, every sidecar under a set
// of paths, and each sidecar's article. Shared by the command line and the editor, so it only
// uses the FileSystem port (no Node, no vscode).
import { DEFAULT_CODEBOOK, LoadedCodebook, loadCodebook } from '../core/codebook';
import { articlePathFor, Codebook, CODEBOOK_FILE, Sidecar, SIDECAR_SUFFIX } from '../core/model';
import { hasErrors, Problem } from '../core/problems';
import { LoadedSidecar, loadSidecar } from '../core/sidecarFormat';
import { CodePointIndex, hashText, normalizeNewlines } from '../core/text';
import { checkSidecar } from '../core/validate';
import { basename, dirname, FileSystem, isFileRefused, joinPath } from './fileSystem';

/** The codebook that applies to a folder. */
export interface CodebookSource {
  /** Location of `claimlens.codebook.yaml`; undefined when none was found (the default applies). */
  location?: string;
  /** The file's text, when it exists. */
  text?: string;
  loaded?: LoadedCodebook;
  /** What annotations are checked against: the file's codebook, or DEFAULT_CODEBOOK when there is no file. */
  codebook: Codebook;
  /**
   * False when the file exists but could not be read as a codebook (syntax errors, conflict
   * markers): references to entities, stances and topics cannot be checked against it.
   */
  usable: boolean;
  /** The codebook file's own problems, with `file` set. */
  problems: Problem[];
}

/** A sidecar with everything needed to check, re-anchor or count it. */
export interface CorpusEntry {
  sidecarPath: string;
  articlePath: string;
  /** The sidecar's text as read (its line endings may be CRLF; `loaded` was read with LF). */
  source: string;
  loaded: LoadedSidecar;
  /** The article's text as read (not normalised); undefined when the article does not exist. */
  articleText?: string;
  /** The article's CRLF-normalised text with code-point indexing. */
  article?: CodePointIndex;
  codebook: CodebookSource;
}

export interface LoadedCorpus {
  entries: CorpusEntry[];
  /** Every codebook involved: the ones governing the entries and any found under the paths. */
  codebooks: CodebookSource[];
  /** Paths that did not exist. */
  missing: string[];
}

export interface DiscoverOptions {
  /** Do not look for a codebook above this folder (the workspace root in the editor). */
  stopAt?: string;
}

const TOP = /^([a-z][a-z0-9+.-]*:)?\/*$/i;

/** The parent folder of a location, or undefined at the top (`/`, `C:/`, `file:///`). */
export function parentFolder(location: string): string | undefined {
  const trimmed = location.replace(/\/+$/, '');
  if (TOP.test(trimmed)) return undefined;
  const parent = dirname(trimmed);
  return parent === trimmed || parent === '' || /^[a-z][a-z0-9+.-]*:\/*$/i.test(parent) ? undefined : parent;
}

/** The nearest `claimlens.codebook.yaml` in `folder` or a folder above it. */
export async function findCodebook(fs: FileSystem, folder: string, options: DiscoverOptions = {}): Promise<string | undefined> {
  const stop = options.stopAt?.replace(/\/+$/, '');
  for (let dir: string | undefined = folder; dir !== undefined; dir = parentFolder(dir)) {
    const candidate = joinPath(dir, CODEBOOK_FILE);
    if (await fs.stat(candidate)) return candidate;
    if (stop !== undefined && dir.replace(/\/+$/, '') === stop) break;
  }
  return undefined;
}

/** Reads a codebook file; with no location (or a missing file), the default codebook. */
export async function loadCodebookSource(fs: FileSystem, location: string | undefined): Promise<CodebookSource> {
  let text: string | undefined;
  try {
    text = location === undefined ? undefined : await fs.readText(location);
  } catch (e) {
    // A linked, oversized or non-UTF-8 codebook: shown as its problem, never read or written.
    if (isFileRefused(e)) return { location, codebook: DEFAULT_CODEBOOK, usable: false, problems: [e.toProblem()] };
    throw e;
  }
  if (text === undefined) return { codebook: DEFAULT_CODEBOOK, usable: true, problems: [] };
  const loaded = loadCodebook(text);
  const problems = loaded.problems.map(p => ({ ...p, file: location }));
  return { location, text, loaded, codebook: loaded.codebook ?? DEFAULT_CODEBOOK, usable: loaded.codebook !== undefined, problems };
}

/** The codebook governing `folder`: the nearest one at or above it, else the default. */
export async function discoverCodebook(fs: FileSystem, folder: string, options: DiscoverOptions = {}): Promise<CodebookSource> {
  return loadCodebookSource(fs, await findCodebook(fs, folder, options));
}

export interface FoundFiles {
  /** Sidecar locations, sorted, without duplicates. */
  sidecars: string[];
  /** Codebook files named directly or found under the folders. */
  codebooks: string[];
  /** Paths that do not exist. */
  missing: string[];
}

/**
 * Expands paths into sidecars: a sidecar names itself, an article names its sidecar, a folder
 * names every sidecar below it. Codebook files named directly or lying under a folder are
 * reported too, so they can be checked.
 */
export async function findCorpusFiles(fs: FileSystem, paths: readonly string[]): Promise<FoundFiles> {
  const sidecars = new Set<string>(), codebooks = new Set<string>(), missing: string[] = [];
  for (const path of paths) {
    const name = basename(path.replace(/\/+$/, ''));
    if (name.endsWith(SIDECAR_SUFFIX)) {
      if (await fs.stat(path)) sidecars.add(path); else missing.push(path);
      continue;
    }
    if (name === CODEBOOK_FILE) {
      if (await fs.stat(path)) codebooks.add(path); else missing.push(path);
      continue;
    }
    if (!(await fs.stat(path))) { missing.push(path); continue; }
    // An article with a sidecar beside it.
    if (await fs.stat(path + SIDECAR_SUFFIX)) { sidecars.add(path + SIDECAR_SUFFIX); continue; }
    // Otherwise a folder (a plain file without a sidecar has nothing to find).
    let found: string[] = [];
    try { found = await fs.findFiles(path, SIDECAR_SUFFIX); } catch { found = []; }
    for (const f of found) sidecars.add(f);
    let books: string[] = [];
    try { books = await fs.findFiles(path, CODEBOOK_FILE); } catch { books = []; }
    for (const f of books) if (basename(f) === CODEBOOK_FILE) codebooks.add(f);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { sidecars: sorted(sidecars), codebooks: sorted(codebooks), missing };
}

/** Reads one sidecar and its article. */
export async function loadEntry(fs: FileSystem, sidecarPath: string, codebook: CodebookSource): Promise<CorpusEntry> {
  const articlePath = articlePathFor(sidecarPath) ?? sidecarPath;
  const refused = (e: unknown): undefined => { if (isFileRefused(e)) { problems.push({ ...e.toProblem(), file: sidecarPath }); return undefined; } throw e; };
  const problems: Problem[] = [];
  const [source, articleText] = await Promise.all([fs.readText(sidecarPath).catch(refused), fs.readText(articlePath).catch(refused)]);
  // A refused file (a link, too large, not UTF-8) is skipped with its problem; the rest goes on.
  if (problems.length) return { sidecarPath, articlePath, source: '', loaded: { problems: problems.slice(0, 1), locate: () => ({ line: 1, column: 1 }) }, codebook };
  const text = source ?? '';
  // YAML reads CRLF as LF; normalising first lets a CRLF checkout (git autocrlf) of a canonical
  // file take the canonical path. Lines and columns are the same either way.
  return {
    sidecarPath, articlePath, source: text, loaded: loadSidecar(normalizeNewlines(text)), codebook,
    ...(articleText !== undefined ? { articleText, article: new CodePointIndex(normalizeNewlines(articleText)) } : {}),
  };
}

/** Runs `task` over `items` with at most `limit` running at once, keeping the order of results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; results[i] = await task(items[i]); } };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Finds and loads every sidecar under `paths`, each with the codebook nearest to it. */
export async function loadCorpus(fs: FileSystem, paths: readonly string[], options: DiscoverOptions = {}): Promise<LoadedCorpus> {
  const found = await findCorpusFiles(fs, paths);
  // One lookup per folder, one load per codebook file.
  const locationByFolder = new Map<string, Promise<string | undefined>>();
  const sourceByLocation = new Map<string, Promise<CodebookSource>>();
  const codebookFor = async (folder: string): Promise<CodebookSource> => {
    let location = locationByFolder.get(folder);
    if (!location) { location = findCodebook(fs, folder, options); locationByFolder.set(folder, location); }
    const key = (await location) ?? '';
    let source = sourceByLocation.get(key);
    if (!source) { source = loadCodebookSource(fs, key || undefined); sourceByLocation.set(key, source); }
    return source;
  };
  const entries = await mapLimited(found.sidecars, 16, async sidecarPath =>
    loadEntry(fs, sidecarPath, await codebookFor(dirname(sidecarPath))));
  for (const location of found.codebooks) if (!sourceByLocation.has(location)) sourceByLocation.set(location, loadCodebookSource(fs, location));
  const codebooks = (await Promise.all(sourceByLocation.values()))
    .sort((a, b) => ((a.location ?? '') < (b.location ?? '') ? -1 : (a.location ?? '') > (b.location ?? '') ? 1 : 0));
  return { entries, codebooks, missing: found.missing };
}

/**
 * Every problem of one sidecar, with `file` set: reading and shape problems, then the semantic
 * checks against its codebook and article. References are not checked against a codebook that
 * could not be read (each would be a false alarm); the codebook's own problems say why.
 */
export function checkEntry(entry: CorpusEntry, sidecar: Sidecar | undefined = entry.loaded.sidecar): Problem[] {
  const problems = [...entry.loaded.problems];
  if (sidecar && !hasErrors(entry.loaded.problems)) {
    const semantic = checkSidecar(sidecar, { codebook: entry.codebook.codebook, article: entry.article, locate: entry.loaded.locate });
    problems.push(...(entry.codebook.usable ? semantic : semantic.filter(p => !p.code.startsWith('unknown-'))));
  }
  return problems.map(p => ({ ...p, file: entry.sidecarPath })).sort(byPosition);
}

export function byPosition(a: Problem, b: Problem): number {
  return a.line - b.line || a.column - b.column;
}

/** True when the sidecar's stored hash matches its article's current text. */
export function isCurrent(entry: CorpusEntry): boolean {
  const hash = entry.loaded.sidecar?.article.hash;
  return entry.article !== undefined && hash !== undefined && hashText(entry.article.text) === hash;
}

/** The loaded sidecars by location, the shape codebook operations (rename, merge, delete) take. */
export function corpusMap(entries: readonly CorpusEntry[]): Map<string, Sidecar> {
  const map = new Map<string, Sidecar>();
  for (const e of entries) if (e.loaded.sidecar) map.set(e.sidecarPath, e.loaded.sidecar);
  return map;
}
