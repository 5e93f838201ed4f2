// Semantic checks of a sidecar against the codebook and its article: what YAML and shape checks
// cannot see (unknown ids, duplicate ids, spans outside the text, stale anchors).
import { Codebook, MAX_QUOTE_LENGTH, Sidecar } from './model';
import { Problem, Severity } from './problems';
import { CodePointIndex, hashText } from './text';
import type { YamlPath } from './yamlDoc';

export interface CheckContext {
  codebook: Codebook;
  /** The article's normalised text, when it exists. */
  article?: CodePointIndex;
  locate(path: YamlPath): { line: number; column: number };
}

export function checkSidecar(s: Sidecar, ctx: CheckContext): Problem[] {
  const problems: Problem[] = [];
  const report = (path: YamlPath, message: string, code: string, severity: Severity = 'error') =>
    problems.push({ ...ctx.locate(path), severity, message, code });
  const entities = new Set(ctx.codebook.entities.map(e => e.id));
  const stances = new Set(ctx.codebook.stances.map(x => x.id));
  const topics = new Set(ctx.codebook.topics.map(x => x.id));
  const ids = new Map<string, YamlPath>();
  const unchanged = ctx.article !== undefined && s.article.hash !== undefined && hashText(ctx.article.text) === s.article.hash;
  if (ctx.article === undefined) report([], 'the article this sidecar annotates does not exist', 'missing-article');
  else if (!unchanged) report(s.article.hash === undefined ? [] : ['article', 'hash'],
    'the article changed since these annotations were saved; open it in the editor or run `claimlens fmt` to re-anchor', 'stale', 'warning');

  const checkRef = (path: YamlPath, key: string, id: string | undefined, known: Set<string>, what: string) => {
    if (id !== undefined && !known.has(id)) report([...path, key], `unknown ${what} \`${id}\` (not in the codebook)`, `unknown-${what.split(' ')[0]}`);
  };
  const spans = [
    ...s.mentions.map((m, i) => ({ a: m, path: ['mentions', i] as YamlPath })),
    ...s.claims.map((c, i) => ({ a: c, path: ['claims', i] as YamlPath })),
  ];
  for (const { a, path } of spans) {
    // Where the first use of an id is only matters for a duplicate: located then, not for every id.
    const seen = ids.get(a.id);
    if (seen) report([...path, 'id'], `duplicate id \`${a.id}\` (also used at line ${ctx.locate([...seen, 'id']).line})`, 'duplicate-id');
    else ids.set(a.id, path);
    const quoteLength = codePoints(a.text);
    if (quoteLength > MAX_QUOTE_LENGTH) report([...path, 'text'], `quote is ${quoteLength} characters long; the limit is ${MAX_QUOTE_LENGTH} (a claim is a statement, not a passage): shorten it or split it into several claims`, 'quote-too-long');
    if ('entity' in a) checkRef(path, 'entity', a.entity, entities, 'entity id');
    else {
      checkRef(path, 'claimant', a.claimant, entities, 'entity id');
      checkRef(path, 'addressee', a.addressee, entities, 'entity id');
      checkRef(path, 'object', a.object, entities, 'entity id');
      checkRef(path, 'stance', a.stance, stances, 'stance');
      checkRef(path, 'topic', a.topic, topics, 'topic');
    }
    if (a.anchor === 'orphan') { report(path, `orphaned annotation: \`${preview(a.text)}\` was not found in the article; re-attach or delete it`, 'orphan', 'warning'); continue; }
    if (a.anchor === 'fuzzy') report(path, `re-anchored by fuzzy match (score ${a.score ?? '?'}); review \`${preview(a.text)}\``, 'fuzzy', 'warning');
    if (!ctx.article) continue;
    if (a.end > ctx.article.length) { report([...path, 'end'], `span ${a.start}..${a.end} is outside the article (${ctx.article.length} characters)`, 'out-of-range'); continue; }
    if (unchanged && a.anchor !== 'fuzzy') {
      const actual = ctx.article.slice(a.start, a.end);
      if (actual !== a.text) report([...path, 'start'], `the article has \`${preview(actual)}\` at ${a.start}..${a.end}, the sidecar says \`${preview(a.text)}\``, 'text-mismatch');
    }
  }
  return problems;
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i), d = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
  }
  return n;
}

function preview(s: string, max = 40): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
