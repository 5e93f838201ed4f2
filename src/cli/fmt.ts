// `claimlens fmt [--check] [paths…]`: re-anchors every sidecar against its article's current text
// and writes it in canonical form (a hand-written file is updated in place and keeps its
// comments). A file with errors is never rewritten.
import { reanchorSidecar } from '../core/anchorSidecar';
import { Annotation, Sidecar } from '../core/model';
import { hasErrors, Problem } from '../core/problems';
import { LoadedSidecar, loadSidecar, saveSidecar } from '../core/sidecarFormat';
import { normalizeNewlines } from '../core/text';
import { checkEntry, CorpusEntry } from '../store/corpus';
import { CliContext, displayOf, EXIT_OK, EXIT_PROBLEMS, loadCorpusFromArgs, noteCorpus, plural, printProblems } from './common';

export const FMT_HELP = `Usage: claimlens fmt [--check] [paths…]

Re-anchors every sidecar (*.annotations.yaml) in the given folders or files (default: the
current folder) against its article's current text, then writes it in canonical form. Files
written by hand keep their comments and unknown fields. Annotations that cannot be found again
are kept and marked \`anchor: orphan\`; fuzzy matches are marked for review. Files are replaced
atomically and keep their line endings (LF or CRLF). A file with errors (see
\`claimlens validate\`) is never rewritten.

Options:
  --check  change nothing; list the files that are not in canonical form or need
           re-anchoring, and exit 1 when there are any (for CI)
  --help   this help

Exit status: 0 when every file is (or now is) formatted, 1 when a file has errors (or, with
--check, would change), 2 on a usage error.
`;

type Kind = 'mentions' | 'claims';

/** Where an annotation is in a sidecar text, by id (after a rewrite, positions move). */
function locateById(loaded: LoadedSidecar, kind: Kind, id: string): { line: number; column: number } {
  const index = loaded.sidecar?.[kind].findIndex(a => a.id === id) ?? -1;
  return loaded.locate(index < 0 ? [] : [kind, index]);
}

function preview(s: string, max = 40): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

interface Outcome {
  moved: number;
  fuzzy: number;
  orphaned: number;
  notes: Problem[];
}

/** What re-anchoring did, with a warning for each annotation a person should look at. */
function describe(before: Sidecar, after: Sidecar, reasons: Map<string, string>, where: LoadedSidecar, file: string): Outcome {
  const out: Outcome = { moved: 0, fuzzy: 0, orphaned: 0, notes: [] };
  for (const kind of ['mentions', 'claims'] as const) {
    const old = new Map<string, Annotation>(before[kind].map(a => [a.id, a]));
    for (const a of after[kind]) {
      const prev = old.get(a.id);
      if (!prev) continue;
      const warn = (message: string, code: string) => out.notes.push({ ...locateById(where, kind, a.id), file, severity: 'warning', message, code });
      if (a.anchor === 'orphan' && prev.anchor !== 'orphan') {
        out.orphaned++;
        warn(`orphaned \`${preview(a.text)}\` (${a.id}): ${reasons.get(a.id) ?? 'not found in the article'}; kept, re-attach or delete it`, 'orphan');
      } else if (a.anchor === 'fuzzy' && (prev.anchor !== 'fuzzy' || prev.start !== a.start || prev.end !== a.end)) {
        out.fuzzy++;
        warn(`re-anchored \`${preview(a.text)}\` (${a.id}) by fuzzy match (score ${a.score ?? '?'}); review it`, 'fuzzy');
      } else if (a.anchor !== 'orphan' && (prev.start !== a.start || prev.end !== a.end)) out.moved++;
    }
  }
  return out;
}

export async function fmtCommand(ctx: CliContext, paths: string[], check: boolean): Promise<number> {
  const corpus = await loadCorpusFromArgs(ctx, 'fmt', paths);
  noteCorpus(ctx, corpus, paths);
  const errors: Problem[] = corpus.codebooks.flatMap(c => c.problems.filter(p => p.severity === 'error'));
  const notes: Problem[] = [];
  const listed: string[] = [];
  let written = 0, refused = 0, unchanged = 0;
  for (const entry of corpus.entries) {
    const file = displayOf(ctx, entry.sidecarPath);
    let result: Formatted;
    try {
      result = formatEntry(entry);
    } catch (e) {
      // One file the writer cannot handle is reported; the others are still formatted.
      errors.push({ file: entry.sidecarPath, line: 1, column: 1, severity: 'error', code: 'format-failed',
        message: `could not be formatted: ${(e as Error)?.message ?? String(e)}; not rewritten` });
      refused++;
      continue;
    }
    if ('errors' in result) { errors.push(...result.errors); refused++; continue; }
    // The file system hands sidecars out with LF and writes them back with the file's own line
    // endings and BOM (one rule for the editor and the command line: core/text.ts applyTextStyle).
    const text = result.text;
    if (text === entry.source) { unchanged++; continue; }
    const reason = result.reanchored ? 'needs re-anchoring (the article changed)' : 'not in canonical form';
    if (check) { listed.push(`${file}: ${reason}`); continue; }
    // Someone (the editor, a git operation) may have changed the file since it was read.
    if ((await ctx.fs.readText(entry.sidecarPath).catch(() => undefined)) !== entry.source) {
      errors.push({ file: entry.sidecarPath, line: 1, column: 1, severity: 'error', code: 'changed',
        message: 'the file changed while it was being formatted; not rewritten, run `claimlens fmt` again' });
      refused++;
      continue;
    }
    try {
      await ctx.fs.writeTextAtomic(entry.sidecarPath, text);
    } catch (e) {
      errors.push({ file: entry.sidecarPath, line: 1, column: 1, severity: 'error', code: 'write-failed',
        message: `could not write the file: ${(e as Error)?.message ?? String(e)}` });
      refused++;
      continue;
    }
    written++;
    const o = describe(entry.loaded.sidecar!, result.sidecar, result.orphanReasons, loadSidecar(result.text), entry.sidecarPath);
    notes.push(...o.notes);
    const details = [o.moved && `${o.moved} moved`, o.fuzzy && `${o.fuzzy} fuzzy`, o.orphaned && `${o.orphaned} orphaned`].filter(Boolean);
    ctx.out(`formatted ${file}${result.reanchored ? ` (re-anchored${details.length ? ': ' + details.join(', ') : ''})` : ''}`);
  }
  for (const line of listed) ctx.out(line);
  printProblems(ctx, [...errors, ...notes]);
  const total = corpus.entries.length;
  if (check) {
    ctx.err(`claimlens: ${listed.length ? `${plural(listed.length, 'file')} of ${total} would change; run \`claimlens fmt\`` : `${plural(total - refused, 'file')} already formatted`}` +
      (refused ? `; ${plural(refused, 'file')} with errors` : ''));
    return listed.length || errors.length ? EXIT_PROBLEMS : EXIT_OK;
  }
  ctx.err(`claimlens: ${plural(written, 'file')} formatted, ${unchanged} unchanged` +
    (refused ? `, ${plural(refused, 'file')} with errors not rewritten` : ''));
  return errors.length ? EXIT_PROBLEMS : EXIT_OK;
}

type Formatted = { text: string; sidecar: Sidecar; reanchored: boolean; orphanReasons: Map<string, string> } | { errors: Problem[] };

/** The text a sidecar should have, or the errors that forbid rewriting it. */
export function formatEntry(entry: CorpusEntry): Formatted {
  const loaded = entry.loaded, sidecar = loaded.sidecar;
  if (!sidecar || hasErrors(loaded.problems) || !entry.article) return { errors: errorsOf(checkEntry(entry)) };
  const result = reanchorSidecar(sidecar, entry.article);
  // Judge the result: anchoring problems of the stale file are what re-anchoring repairs.
  const errors = errorsOf(checkEntry(entry, result.sidecar));
  if (errors.length) return { errors };
  // A file read as canonical that re-anchoring left alone is its own canonical form: no need to write it again to know.
  const text = !result.changed && !loaded.document ? normalizeNewlines(entry.source) : saveSidecar(result.sidecar, loaded);
  return { text, sidecar: result.sidecar, reanchored: result.changed, orphanReasons: result.orphanReasons };
}

function errorsOf(problems: Problem[]): Problem[] {
  return problems.filter(p => p.severity === 'error');
}
