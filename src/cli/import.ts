// `claimlens import --format brat|jsonl [--out <dir>] [--replace] <source>…`: annotations made in
// another tool, into sidecars. Each imported article lands at its path below --out (default: the
// current folder): an article already there must have the same text (else its offsets would not
// fit), a missing one is written. An existing sidecar is merged by id; an annotation that differs
// under the same id stops that article unless --replace.
import { importBrat } from '../core/exports/brat';
import { ImportedDocument, mergeImported } from '../core/exports/imported';
import { importJsonlLine } from '../core/exports/jsonl';
import { sidecarPathFor } from '../core/model';
import { hasErrors } from '../core/problems';
import { loadSidecar, saveSidecar } from '../core/sidecarFormat';
import { normalizeText } from '../core/text';
import { joinPath } from '../store/fileSystem';
import { CliContext, displayOf, EXIT_OK, EXIT_PROBLEMS, plural, UsageError } from './common';
import { ensureFolders } from './export';
import { toLocation } from './nodeFileSystem';

export const IMPORT_FORMATS = ['brat', 'jsonl'] as const;

export const IMPORT_HELP = `Usage: claimlens import --format brat|jsonl [--out <dir>] [--replace] <source>…

Reads annotations made in another tool into sidecars (<article>.annotations.yaml).

  brat   <source> is a folder of brat standoff files (<name>.txt and <name>.ann, as written by
         \`claimlens export --format brat\`; its .claimlens.json files bring back ids, article
         facts and everything else brat has no place for). Text-bound annotations labelled with
         an entity id become mentions; Claim annotations, with their attributes, claims.
  jsonl  <source> is a JSONL file, one article per line: "text", "spans" [{start, end, label,
         kb_id}] (kb_id is the entity id; offsets are code points, as Python counts), optional
         "claims" and "meta" ("article": its path below --out; without it the article is
         named article-<hash>.txt after its text).

Each article goes to its path below --out (default: the current folder). If an article is already
there, its text must be the imported one; otherwise the text is written as a new article (LF line
endings). An existing sidecar is never overwritten: imported annotations are merged into it by id.
Identical ones are left alone, new ones are added, and one that differs under the same id stops
that article with a message, unless --replace lets the imported version win. Annotations only the
sidecar has are kept. The codebook is not touched: run \`claimlens validate\` to see actors it lacks.

Options:
  --format <format>  brat or jsonl (required)
  --out <dir>        where the articles and sidecars go (default: the current folder)
  --replace          on an id whose annotation differs, take the imported one
  --help             this help

Exit status: 0, 1 when an article was not imported, 2 on a usage error.
`;

export interface ImportArgs {
  format?: string;
  out?: string;
  replace: boolean;
}

async function readBratFolder(ctx: CliContext, folder: string, shown: string): Promise<ImportedDocument[]> {
  const anns = (await ctx.fs.findFiles(folder, '.ann')).sort();
  if (anns.length === 0) ctx.err(`claimlens: no .ann files in ${shown}`);
  const documents: ImportedDocument[] = [];
  for (const ann of anns) {
    const base = ann.slice(0, -'.ann'.length);
    const [annText, text, record] = await Promise.all([ctx.fs.readText(ann), ctx.fs.readText(base + '.txt'), ctx.fs.readText(base + '.claimlens.json')]);
    if (text === undefined) { ctx.err(`claimlens: ${displayOf(ctx, ann)}: no ${displayOf(ctx, base + '.txt')} beside it; skipped`); continue; }
    const prefix = folder.endsWith('/') ? folder : folder + '/';
    documents.push(importBrat({ annPath: ann.startsWith(prefix) ? ann.slice(prefix.length) : ann.slice(ann.lastIndexOf('/') + 1), ann: annText ?? '', text, record }));
  }
  return documents;
}

async function readJsonl(ctx: CliContext, file: string, shown: string): Promise<{ documents: ImportedDocument[]; errors: number }> {
  const source = await ctx.fs.readText(file);
  if (source === undefined) throw new UsageError(`no such file: ${shown}`, 'import');
  const documents: ImportedDocument[] = [];
  let errors = 0;
  source.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const result = importJsonlLine(line, `${shown}:${i + 1}`);
    if ('error' in result) { ctx.err(`claimlens: ${result.error}`); errors++; } else documents.push(result);
  });
  return { documents, errors };
}

export async function importCommand(ctx: CliContext, sources: string[], args: ImportArgs): Promise<number> {
  if (args.format === undefined) throw new UsageError(`--format is required (${IMPORT_FORMATS.join(', ')})`, 'import');
  if (!(IMPORT_FORMATS as readonly string[]).includes(args.format)) throw new UsageError(`unknown format '${args.format}' (${IMPORT_FORMATS.join(', ')})`, 'import');
  if (sources.length === 0) throw new UsageError(`name the ${args.format === 'brat' ? 'brat folder' : 'JSONL file'} to import`, 'import');
  const out = toLocation(args.out ?? '.', ctx.cwd);
  const locations = sources.map(s => toLocation(s, ctx.cwd));
  ctx.confine?.([...locations, out]);
  let failed = 0;
  const documents: ImportedDocument[] = [];
  for (const [i, location] of locations.entries()) {
    if (!(await ctx.fs.stat(location))) throw new UsageError(`no such file or folder: ${sources[i]}`, 'import');
    if (args.format === 'brat') documents.push(...await readBratFolder(ctx, location, sources[i]));
    else { const r = await readJsonl(ctx, location, sources[i]); documents.push(...r.documents); failed += r.errors; }
  }
  let imported = 0;
  for (const doc of documents) {
    for (const note of doc.notes) ctx.err(`claimlens: ${note}`);
    if (await importDocument(ctx, out, doc, args.replace)) imported++; else failed++;
  }
  ctx.err(`claimlens: ${plural(imported, 'article')} imported${failed ? `, ${failed} not` : ''}`);
  return failed ? EXIT_PROBLEMS : EXIT_OK;
}

/** Writes one imported article and its sidecar; false (with a message) when it must not. */
async function importDocument(ctx: CliContext, out: string, doc: ImportedDocument, replace: boolean): Promise<boolean> {
  const article = joinPath(out, doc.article), sidecarPath = sidecarPathFor(article);
  const shown = displayOf(ctx, article);
  const existingText = await ctx.fs.readText(article);
  if (existingText !== undefined && normalizeText(existingText) !== doc.text) {
    ctx.err(`claimlens: ${doc.origin}: ${shown} exists with another text; not imported (its offsets would not fit)`);
    return false;
  }
  const source = await ctx.fs.readText(sidecarPath);
  const loaded = source === undefined ? undefined : loadSidecar(source);
  if (loaded && (!loaded.sidecar || hasErrors(loaded.problems))) {
    ctx.err(`claimlens: ${doc.origin}: ${displayOf(ctx, sidecarPath)} has errors; not imported (run \`claimlens validate\`)`);
    return false;
  }
  const merged = mergeImported(loaded?.sidecar, doc.sidecar, replace);
  if (merged.conflicts) {
    ctx.err(`claimlens: ${doc.origin}: ${displayOf(ctx, sidecarPath)} has other content under ${plural(merged.conflicts.length, 'id')}: ` +
      `${merged.conflicts.slice(0, 10).join(', ')}${merged.conflicts.length > 10 ? ', …' : ''}; not imported (--replace takes the imported ones)`);
    return false;
  }
  const text = saveSidecar(merged.sidecar, loaded);
  if (existingText === undefined) {
    await ensureFolders(out, article);
    await ctx.fs.writeTextAtomic(article, doc.text);
  }
  if (text !== source) await ctx.fs.writeTextAtomic(sidecarPath, text);
  const counts = [merged.added && `${merged.added} added`, merged.replaced && `${merged.replaced} replaced`, merged.unchanged && `${merged.unchanged} unchanged`].filter(Boolean);
  ctx.out(`${source === undefined ? 'created' : text === source ? 'unchanged' : 'merged'} ${displayOf(ctx, sidecarPath)}${counts.length ? ` (${counts.join(', ')})` : ''}`);
  return true;
}
