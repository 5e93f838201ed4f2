// `claimlens export --format <format> [--out <file|dir>] [--table …] [paths…]`: the corpus's
// annotations in formats other tools read. Each format is an entry of EXPORT_FORMATS, a pure
// renderer in src/core/exports/; this file gathers the documents and writes what a renderer returns.
import { promises as fsp } from 'node:fs';
import { bratFormat } from '../core/exports/brat';
import { csvFormat } from '../core/exports/csv';
import { ExportDocument, ExportFormat, ExportTarget } from '../core/exports/document';
import { graphmlFormat } from '../core/exports/graphml';
import { jsonlFormat } from '../core/exports/jsonl';
import { w3cFormat } from '../core/exports/w3c';
import { hasErrors } from '../core/problems';
import { isCurrent, loadCorpus, LoadedCorpus } from '../store/corpus';
import { dirname, isDataFile, joinPath, refusal } from '../store/fileSystem';
import { CliContext, displayOf, EXIT_OK, EXIT_PROBLEMS, noteCorpus, plural, UsageError } from './common';
import { toLocation } from './nodeFileSystem';

/** The formats, by the name `--format` takes. A new format is one line here. */
export const EXPORT_FORMATS: Record<string, ExportFormat> = {
  csv: csvFormat,
  brat: bratFormat,
  w3c: w3cFormat,
  jsonl: jsonlFormat,
  graphml: graphmlFormat,
};

const formatList = () => Object.keys(EXPORT_FORMATS).join(', ');

export const EXPORT_HELP = `Usage: claimlens export --format <format> [--out <file|dir>] [--table <table>] [paths…]

Writes the annotations of the sidecars under the given folders or files (default: the current
folder) in another format, to standard output or to --out. Articles are in path order, their
annotations by start offset, then id; the same corpus gives the same bytes. Offsets are those of
the sidecars: Unicode code points of the article text with CRLF read as LF (see docs/exports.md).

Formats:
${Object.entries(EXPORT_FORMATS).map(([name, f]) => `  ${name.padEnd(8)} ${f.summary}`).join('\n')}

Options:
  --format <format>  one of the formats above (required)
  --out <file|dir>   write there instead of standard output; a folder (an existing one, a path
                     ending in /, or any path for brat) gets one file per table or article
  --table <table>    csv only: mentions, claims, or all (both in one table with a kind column;
                     the default for standard output or a file); a folder gets mentions.csv and
                     claims.csv unless a table is named
  --network <kind>   graphml only: two-mode (actors and topics, the default), congruence or
                     conflict (actors linked by shared or opposed positions; docs/network.md)
  --help             this help

A sidecar with errors is skipped (see \`claimlens validate\`); an article changed since it was
annotated is exported as annotated (run \`claimlens fmt\` first to re-anchor).

Exit status: 0, 1 when a sidecar was skipped, 2 on a usage error.
`;

export interface ExportArgs {
  format?: string;
  out?: string;
  table?: string;
  network?: string;
}

/** Loads the corpus under `paths`; reading and writing is confined to them and to `extra` (the output). */
export async function loadCorpusConfined(ctx: CliContext, verb: string, paths: readonly string[], extra: readonly string[]): Promise<LoadedCorpus> {
  const locations = (paths.length ? paths : ['.']).map(p => toLocation(p, ctx.cwd));
  ctx.confine?.([...locations, ...extra]);
  const corpus = await loadCorpus(ctx.fs, locations);
  if (corpus.missing.length) {
    const shown = corpus.missing.map(m => paths[locations.indexOf(m)] ?? displayOf(ctx, m));
    throw new UsageError(`no such file or folder: ${shown.join(', ')}`, verb);
  }
  return corpus;
}

/** The deepest folder containing every location. */
export function commonFolder(locations: readonly string[]): string {
  if (locations.length === 0) return '/';
  let common = dirname(locations[0]);
  while (!locations.every(l => l.startsWith(common.endsWith('/') ? common : common + '/')) && dirname(common) !== common) common = dirname(common);
  return common;
}

async function isFolder(location: string): Promise<boolean> {
  return (await fsp.stat(location).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * Creates the folders leading to `location` below `root` one at a time, refusing a linked folder
 * (mkdir would go through it). `root` itself is created as named.
 */
export async function ensureFolders(root: string, location: string): Promise<void> {
  await fsp.mkdir(root, { recursive: true });
  const below = dirname(location).slice(root.replace(/\/+$/, '').length).split('/').filter(Boolean);
  let dir = root.replace(/\/+$/, '');
  for (const segment of below) {
    dir = joinPath(dir, segment);
    const st = await fsp.lstat(dir).catch(() => undefined);
    if (st?.isSymbolicLink()) throw refusal.symlink(dir);
    if (!st) await fsp.mkdir(dir);
  }
}

export async function exportCommand(ctx: CliContext, paths: string[], args: ExportArgs): Promise<number> {
  if (args.format === undefined) throw new UsageError(`--format is required (${formatList()})`, 'export');
  if (!Object.hasOwn(EXPORT_FORMATS, args.format)) throw new UsageError(`unknown format '${args.format}' (${formatList()})`, 'export');
  const format = EXPORT_FORMATS[args.format];
  if (args.table !== undefined && !format.tables?.includes(args.table))
    throw new UsageError(format.tables ? `--table must be one of ${format.tables.join(', ')}` : `--table is for csv, not ${args.format}`, 'export');
  if (args.network !== undefined && !format.networks?.includes(args.network))
    throw new UsageError(format.networks ? `--network must be one of ${format.networks.join(', ')}` : `--network is for graphml, not ${args.format}`, 'export');
  const out = args.out === undefined ? undefined : toLocation(args.out, ctx.cwd);
  if (format.needsFolder && out === undefined) throw new UsageError(`${args.format} writes a folder of files; give --out <dir>`, 'export');
  const target: ExportTarget = out !== undefined && (format.needsFolder || /[/\\]$/.test(args.out!) || await isFolder(out)) ? 'folder' : 'stream';

  const corpus = await loadCorpusConfined(ctx, 'export', paths, out ? [out] : []);
  noteCorpus(ctx, corpus, paths);
  const base = commonFolder(corpus.entries.map(e => e.articlePath));
  const documents: ExportDocument[] = [];
  let skipped = 0, stale = 0;
  for (const e of corpus.entries) {
    if (!e.loaded.sidecar || hasErrors(e.loaded.problems)) {
      ctx.err(`claimlens: skipped ${displayOf(ctx, e.sidecarPath)}: ${plural(e.loaded.problems.filter(p => p.severity === 'error').length, 'error')}; run \`claimlens validate\``);
      skipped++;
      continue;
    }
    if (e.article !== undefined && !isCurrent(e)) stale++;
    documents.push({ article: displayOf(ctx, e.articlePath), name: e.articlePath.slice(base.length).replace(/^\/+/, ''),
      text: e.article?.text, sidecar: e.loaded.sidecar, codebook: e.codebook.codebook });
  }
  if (stale) ctx.err(`claimlens: ${plural(stale, 'article')} changed since annotated; exported as annotated (run \`claimlens fmt\` to re-anchor)`);

  const result = format.render(documents, { target, table: args.table, network: args.network });
  for (const note of result.notes) ctx.err(`claimlens: ${note}`);
  if (target === 'stream') {
    if (result.files.length !== 1) throw new UsageError(`${args.format} writes ${result.files.length} files; give --out <dir>`, 'export');
    const text = result.files[0].text;
    if (out === undefined) { if (text !== '') ctx.out(text.endsWith('\n') ? text.slice(0, -1) : text); }
    else await writeOutput(ctx, corpus, dirname(out), out, text);
  } else {
    for (const file of result.files) await writeOutput(ctx, corpus, out!, joinPath(out!, file.path), file.text);
    ctx.err(`claimlens: wrote ${plural(result.files.length, 'file')} to ${displayOf(ctx, out)}`);
  }
  return skipped ? EXIT_PROBLEMS : EXIT_OK;
}

/** Writes one output file; never over the corpus's own articles, sidecars or codebooks. */
async function writeOutput(ctx: CliContext, corpus: LoadedCorpus, root: string, location: string, text: string): Promise<void> {
  const corpusFiles = new Set([...corpus.entries.flatMap(e => [e.articlePath, e.sidecarPath]),
    ...corpus.codebooks.flatMap(c => (c.location ? [c.location] : []))]);
  if (corpusFiles.has(location) || (isDataFile(location) && (await ctx.fs.stat(location)) !== undefined))
    throw new UsageError(`will not write over ${displayOf(ctx, location)}, a file of the corpus; choose another --out`, 'export');
  await ensureFolders(root, location);
  await ctx.fs.writeTextAtomic(location, text);
}
