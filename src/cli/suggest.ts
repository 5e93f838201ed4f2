// `claimlens suggest [--json] [--apply] [paths…]`: the suggestions for annotated articles (actor
// mentions from the codebook's names, claims from attribution cues); with --apply, written into
// the sidecars as annotations, for batch pre-annotation of a corpus.
import { newId } from '../core/ids';
import { Claim, compareSpans, Mention, Sidecar } from '../core/model';
import { hasErrors } from '../core/problems';
import { saveSidecar } from '../core/sidecarFormat';
import { articleSuggestions, Gazetteer, Suggestion } from '../core/suggest';
import { CodePointIndex, lineColumnAt } from '../core/text';
import { CorpusEntry, isCurrent } from '../store/corpus';
import { CliContext, displayOf, EXIT_OK, EXIT_PROBLEMS, loadCorpusFromArgs, noteCorpus } from './common';

export const SUGGEST_HELP = `Usage: claimlens suggest [--json] [--apply] [paths…]

Lists suggestions for the articles of the sidecars (*.annotations.yaml) under the given folders
or files (default: the current folder): actor mentions found from the codebook's names and
aliases, claims proposed from attribution cues (reporting verbs, "according to", quotations), and
new actors (capitalised names used twice that no codebook name covers), leaving out what is
annotated or was rejected. Offsets are the sidecar's (code points).

Options:
  --json   machine-readable output: [{ "article", "sidecar", "suggestions": [{ "kind"
           (mention|claim|new-actor), "entity" | "candidates" | "claimant" | "name" and
           "type", "start", "end", "text" (a new actor's first occurrence), "form" (claims),
           "occurrences" (new actors) }] }]
  --apply  write the suggestions into the sidecars as annotations (mentions of one entity,
           claims with a claimant; new actors are listed only, since adding them changes the
           codebook); a sidecar with errors or stale against its article (run
           \`claimlens fmt\` first) is left alone
  --help   this help

Exit status: 0, or 1 when a sidecar could not be read or was left alone, 2 on a usage error.
`;

function suggestionsFor(entry: CorpusEntry, gazetteers: Map<unknown, Gazetteer>): Suggestion[] {
  const sidecar = entry.loaded.sidecar!, codebook = entry.codebook.codebook;
  let gazetteer = gazetteers.get(codebook);
  if (!gazetteer) gazetteers.set(codebook, gazetteer = Gazetteer.fromCodebook(codebook));
  const { mentions, claims, newActors } = articleSuggestions(gazetteer, entry.article!, sidecar, codebook);
  return [...mentions, ...claims, ...newActors].sort((a, b) => a.start - b.start || a.end - b.end);
}

function asJson(s: Suggestion): Record<string, unknown> {
  switch (s.kind) {
    case 'mention': return { kind: s.kind, ...(s.entity ? { entity: s.entity } : { candidates: s.candidates }), start: s.start, end: s.end, text: s.text };
    case 'claim': return { kind: s.kind, ...(s.claimant ? { claimant: s.claimant } : {}), start: s.start, end: s.end, text: s.text, form: s.form };
    case 'new-actor': return { kind: s.kind, name: s.name, type: s.type, start: s.start, end: s.end, text: s.text, occurrences: s.occurrences };
  }
}

function describe(s: Suggestion): string {
  switch (s.kind) {
    case 'mention': return s.entity ?? `one of ${s.candidates!.join(', ')}`;
    case 'claim': return s.claimant ?? 'claimant unknown';
    case 'new-actor': return `${s.type}, ${s.occurrences.length} occurrences`;
  }
}

function applied(sidecar: Sidecar, suggestions: Suggestion[], index: CodePointIndex): { sidecar: Sidecar; mentions: number; claims: number } {
  const taken = new Set([...sidecar.mentions, ...sidecar.claims, ...(sidecar.rejections ?? [])].map(a => a.id));
  const mentions: Mention[] = [], claims: Claim[] = [];
  for (const s of suggestions) {
    // Quote and context from the article, as when annotating in the editor.
    const span = { start: s.start, end: s.end, ...index.quote(s.start, s.end), anchor: 'exact' as const };
    if (s.kind === 'mention' && s.entity) { const id = newId('m', taken); taken.add(id); mentions.push({ id, entity: s.entity, ...span }); }
    if (s.kind === 'claim' && s.claimant) { const id = newId('c', taken); taken.add(id); claims.push({ id, claimant: s.claimant, form: s.form, ...span }); }
  }
  return { sidecar: { ...sidecar, mentions: [...sidecar.mentions, ...mentions].sort(compareSpans), claims: [...sidecar.claims, ...claims].sort(compareSpans) },
    mentions: mentions.length, claims: claims.length };
}

export async function suggestCommand(ctx: CliContext, paths: string[], json: boolean, apply: boolean): Promise<number> {
  const corpus = await loadCorpusFromArgs(ctx, 'suggest', paths);
  noteCorpus(ctx, corpus, paths);
  const gazetteers = new Map<unknown, Gazetteer>();
  const report: { article: string; sidecar: string; suggestions: Record<string, unknown>[] }[] = [];
  let status = EXIT_OK;
  for (const entry of corpus.entries) {
    const file = displayOf(ctx, entry.sidecarPath);
    if (!entry.loaded.sidecar || hasErrors(entry.loaded.problems) || !entry.article) {
      ctx.err(`${file}: skipped: ${entry.article ? 'the sidecar has errors (see claimlens validate)' : 'its article is missing'}`);
      status = EXIT_PROBLEMS;
      continue;
    }
    const suggestions = suggestionsFor(entry, gazetteers);
    report.push({ article: displayOf(ctx, entry.articlePath), sidecar: file, suggestions: suggestions.map(asJson) });
    if (!json) for (const s of suggestions) {
      const { line, column } = lineColumnAt(entry.article, s.start);
      ctx.out(`${displayOf(ctx, entry.articlePath)}:${line}:${column}: ${s.kind} ${describe(s)}: ${JSON.stringify(s.text.length > 60 ? s.text.slice(0, 59) + '…' : s.text)}`);
    }
    if (apply) {
      if (!isCurrent(entry)) { ctx.err(`${file}: not applied: the article changed since the sidecar was saved; run \`claimlens fmt\` first`); status = EXIT_PROBLEMS; continue; }
      const result = applied(entry.loaded.sidecar, suggestions, entry.article);
      if (result.mentions + result.claims === 0) continue;
      const text = saveSidecar(result.sidecar, entry.loaded);
      await ctx.fs.writeTextAtomic(entry.sidecarPath, /\r\n/.test(entry.source) ? text.replace(/\n/g, '\r\n') : text);
      ctx.err(`${file}: added ${result.mentions} mention(s) and ${result.claims} claim(s)`);
    }
  }
  if (json) ctx.out(JSON.stringify(report, null, 2));
  return status;
}
