// `claimlens textconv <file>`: a sidecar or codebook as one readable line per annotation or
// entity, for `git diff` / `git log -p` (`diff.claimlens.textconv`, set up by `claimlens
// git-setup`). Git may pass a temporary copy of an old version, so names come from the codebook
// nearest to the current folder (git runs it at the repository's top) when there is none beside
// the file. A file that cannot be read is printed as it is, so the diff still shows something.
import { loadCodebook } from '../core/codebook';
import { Annotation, Codebook, compareSpans, isClaim } from '../core/model';
import { hasErrors } from '../core/problems';
import { loadSidecar } from '../core/sidecarFormat';
import { normalizeNewlines } from '../core/text';
import { discoverCodebook } from '../store/corpus';
import { dirname } from '../store/fileSystem';
import { CliContext, EXIT_OK, UsageError } from './common';
import { toLocation } from './nodeFileSystem';

export const TEXTCONV_HELP = `Usage: claimlens textconv <file>

Prints a sidecar (*.annotations.yaml) as one line per annotation in position order, e.g.
  [China] 134–139 “China”
  claim [Wang Yi] support china-russia-partnership 827–1028 “as neighboring countries…”
and a codebook (claimlens.codebook.yaml) as one line per entity, for \`git diff\`
(\`diff.claimlens.textconv\`, set up by \`claimlens git-setup\`). Actors are shown by their name
in the nearest codebook; a file that cannot be read is printed unchanged.

Options:
  --help   this help
`;

const MAX_QUOTE = 80;

function quoted(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return `“${flat.length > MAX_QUOTE ? flat.slice(0, MAX_QUOTE - 1) + '…' : flat}”`;
}

export function annotationLine(a: Annotation, nameOf: (id: string) => string): string {
  const where = `${a.start}–${a.end}`;
  const state = a.anchor === 'exact' || a.anchor === 'shifted' ? '' : ` (${a.anchor}${a.anchor === 'fuzzy' && a.score !== undefined ? ` ${a.score}` : ''})`;
  if (!isClaim(a)) return `[${nameOf(a.entity)}] ${where} ${quoted(a.text)}${state}  ${a.id}`;
  const facts = [a.stance ?? 'no-stance', a.topic, a.form, a.addressee && `to ${nameOf(a.addressee)}`, a.object && `about ${nameOf(a.object)}`].filter(Boolean);
  const note = a.note ? `  note ${quoted(a.note)}` : '';
  return `claim [${nameOf(a.claimant)}] ${facts.join(' ')} ${where} ${quoted(a.text)}${state}${note}  ${a.id}`;
}

export function codebookLines(cb: Codebook): string[] {
  return [
    ...cb.types.map(t => `type ${t.id} “${t.label}”${t.color ? ' ' + t.color : ''}`),
    ...cb.stances.map(s => `stance ${s.id} “${s.label}”`),
    ...cb.topics.map(t => `topic ${t.id} “${t.label}”`),
    ...cb.entities.map(e => `entity ${e.id} “${e.name}” ${e.type}` + (e.aliases.length ? ` aka ${e.aliases.map(a => `“${a}”`).join(', ')}` : '') +
      (e.affiliation ? ` of ${e.affiliation}` : '') + (e.wikidata ? ` ${e.wikidata}` : '') + (e.note ? ` note ${quoted(e.note)}` : '')),
  ];
}

export async function textconvCommand(ctx: CliContext, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('expects one file', 'textconv');
  const location = toLocation(positionals[0], ctx.cwd);
  const raw = await ctx.fs.readText(location);
  if (raw === undefined) throw new UsageError(`no such file: ${positionals[0]}`, 'textconv');
  const text = normalizeNewlines(raw);
  const asIs = () => { for (const line of text.replace(/\n$/, '').split('\n')) ctx.out(line); return EXIT_OK; };
  if (location.endsWith('claimlens.codebook.yaml')) {
    const loaded = loadCodebook(text);
    if (!loaded.codebook || hasErrors(loaded.problems)) return asIs();
    for (const line of codebookLines(loaded.codebook)) ctx.out(line);
    return EXIT_OK;
  }
  const loaded = loadSidecar(text);
  if (!loaded.sidecar || hasErrors(loaded.problems)) return asIs();
  let codebook = await discoverCodebook(ctx.fs, dirname(location));
  if (codebook.location === undefined) codebook = await discoverCodebook(ctx.fs, toLocation('.', ctx.cwd));
  const names = new Map(codebook.codebook.entities.map(e => [e.id, e.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const s = loaded.sidecar;
  for (const k of ['title', 'source', 'author', 'date', 'hash'] as const) if (s.article[k] !== undefined) ctx.out(`${k}: ${s.article[k]}`);
  const all: Annotation[] = [...s.mentions, ...s.claims].sort(compareSpans);
  for (const a of all) ctx.out(annotationLine(a, nameOf));
  return EXIT_OK;
}
