// Safe, position-aware YAML reading and comment-preserving updates, shared by sidecars and the
// codebook. Uses the `yaml` Document API so hand-written comments, key order and unknown fields
// survive a rewrite.
import type { Document, LineCounter, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yaml } from './yamlLib';
import { LineMap, Problem } from './problems';

/** Files larger than this are refused before parsing (a sidecar of 100,000 annotations is ~35 MB). */
export const MAX_YAML_BYTES = 64 * 1024 * 1024;
/** Anchors/aliases are never written by ClaimLens; a few are tolerated, alias bombs are not. */
export const MAX_ALIAS_COUNT = 50;

export const STRINGIFY_OPTIONS = {
  // lineWidth 0: never fold long strings. Folding corrupts some strings that start with a space
  // and contain a newline (they read back differently).
  lineWidth: 0,
  minContentWidth: 0,
  // Never write a double-quoted string over several lines: the library's multi-line form escapes
  // a space that is both after and before a newline twice ("\n \n" reads back as "\n\\ \n").
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
  flowCollectionPadding: false,
  indentSeq: true,
} as const;

export interface ParsedYaml {
  doc?: Document.Parsed;
  problems: Problem[];
  lineCounter: LineCounter;
}

// At the start of a line; not /m, whose ^ and $ also match at CR, U+2028 and U+2029 inside strings.
const CONFLICT_MARKER = /(?<=^|\n)(?:<{7}|={7}|>{7})(?=[ \r\n]|$)/;

export function parseYaml(source: string): ParsedYaml {
  const lineCounter = new (yaml().LineCounter)();
  const problems: Problem[] = [];
  if (source.length > MAX_YAML_BYTES) {
    problems.push({ line: 1, column: 1, severity: 'error', code: 'too-large',
      message: `file is too large (${source.length} characters, limit ${MAX_YAML_BYTES})` });
    return { problems, lineCounter };
  }
  const conflict = CONFLICT_MARKER.exec(source);
  if (conflict) {
    const pos = new LineMap(source).at(conflict.index);
    problems.push({ ...pos, severity: 'error', code: 'merge-conflict',
      message: 'unresolved git merge conflict marker; resolve the conflict before ClaimLens can read this file' });
    return { problems, lineCounter };
  }
  // The core schema only, even under a `%YAML 1.1` directive, and no YAML 1.1 extras: every
  // other tag (`!foo`, `!!js/function`, `!!binary`, ...) is then unresolved, reported at the tag.
  const doc = yaml().parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true,
    keepSourceTokens: false, strict: true, stringKeys: true, schema: 'core', resolveKnownTags: false });
  for (const [list, severity] of [[doc.errors, 'error'], [doc.warnings, 'warning']] as const) {
    for (const e of list) {
      const pos = lineCounter.linePos(e.pos[0]);
      if (e.code === 'TAG_RESOLVE_FAILED') {
        problems.push({ line: pos.line, column: pos.col, severity: 'error', code: 'custom-tag',
          message: `custom YAML tag ${source.slice(e.pos[0], e.pos[1])} is not allowed` });
        continue;
      }
      problems.push({ line: pos.line, column: pos.col, severity, code: 'yaml-' + e.code.toLowerCase().replace(/_/g, '-'),
        message: e.message.split('\n')[0] });
    }
  }
  // Aliases are resolved lazily by toJS; count them up front so a bomb never expands.
  if (!problems.some(p => p.severity === 'error')) {
    let aliases = 0;
    const { isAlias, isMap, isSeq } = yaml();
    const visit = (n: unknown): void => {
      if (!n || typeof n !== 'object') return;
      if (isAlias(n)) aliases++;
      if (isMap(n) || isSeq(n)) for (const it of n.items) { if (isMap(n)) { visit((it as any).key); visit((it as any).value); } else visit(it); }
    };
    visit(doc.contents);
    if (aliases > MAX_ALIAS_COUNT) problems.push({ line: 1, column: 1, severity: 'error', code: 'too-many-aliases',
      message: `too many YAML aliases (${aliases}, limit ${MAX_ALIAS_COUNT})` });
    else if (aliases > 0) {
      // Few aliases can still nest into an exponential expansion; toJS refuses it by throwing.
      try { doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }); } catch (e) {
        problems.push({ line: 1, column: 1, severity: 'error', code: 'too-many-aliases',
          message: `YAML aliases expand too much (${e instanceof Error ? e.message : String(e)})` });
      }
    }
  }
  return { doc, problems, lineCounter };
}

export type YamlPath = readonly (string | number)[];

/**
 * Replaces every alias (`*name`) with a copy of the node it refers to, before a rewrite. Rewriting
 * re-orders lists, which can put an alias before its anchor: such a file cannot be written. A
 * copy reads back the same; the number of aliases was bounded when the file was read.
 */
export function expandAliases(doc: Document): void {
  yaml().visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc);
      if (!target) return undefined;
      const copy = target.clone() as Scalar | YAMLMap | YAMLSeq;
      // The copy's anchors would repeat the original's names.
      copy.anchor = undefined;
      yaml().visit(copy, { Scalar(_k, n) { n.anchor = undefined; }, Collection(_k, n) { n.anchor = undefined; } });
      return copy;
    },
  });
}

/** Line/column of the node at a path (or of its nearest existing ancestor). */
export function locate(doc: Document | undefined, lineCounter: LineCounter, path: YamlPath, keyNotValue = false): { line: number; column: number } {
  let node: unknown = doc?.contents;
  let best: [number, number, number] | undefined = (node as Node | undefined)?.range ?? undefined;
  for (const seg of path) {
    if (yaml().isMap(node)) {
      const pair = node.items.find(p => (yaml().isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      const keyRange = (pair.key as Node | undefined)?.range;
      if (keyRange) best = keyRange;
      node = pair.value;
      if (seg === path[path.length - 1] && keyNotValue) break;
    } else if (yaml().isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else break;
    const r = (node as Node | undefined)?.range;
    if (r) best = r;
  }
  const pos = lineCounter.linePos(best?.[0] ?? 0);
  return { line: pos.line, column: pos.col };
}

/** Sets a value on a map, keeping the existing scalar node (and so its style and comments). */
export function setValue(map: YAMLMap, key: string, value: unknown, doc: Document): void {
  if (value === undefined) { map.delete(key); return; }
  const existing = map.get(key, true);
  if (yaml().isScalar(existing) && (value === null || typeof value !== 'object')) {
    // A number read as text (a codebook id `1984`) is unchanged when the text is the same.
    if (existing.value !== value && !(typeof existing.value === 'number' && String(existing.value) === value)) {
      existing.value = value;
      // A plain, single-quoted or block style may no longer fit the new text. The stringifier's own
      // choice is safe for one trimmed line; with line breaks or edge spaces it can misread (a block
      // scalar loses the leading space of " \n"), so such text is double-quoted.
      if (typeof value === 'string' && existing.type !== yaml().Scalar.QUOTE_DOUBLE)
        existing.type = /[\r\n]/.test(value) || value !== value.trim() ? yaml().Scalar.QUOTE_DOUBLE : undefined;
    }
    return;
  }
  // A list of scalars (aliases): keep the sequence node, its layout and the items that stay.
  if (yaml().isSeq(existing) && Array.isArray(value) && value.every(v => v === null || typeof v !== 'object')) {
    const pool = [...existing.items];
    existing.items = value.map(v => {
      const i = pool.findIndex(n => yaml().isScalar(n) && n.value === v);
      return i >= 0 ? pool.splice(i, 1)[0] : doc.createNode(v);
    });
    return;
  }
  map.set(key, doc.createNode(value));
}

/**
 * Brings a sequence of id-keyed maps in line with `items`, in the order of `items`: existing
 * nodes are kept (with their comments and unknown keys) and updated field by field; new ones are
 * created in flow style when `flow` is set.
 */
export function syncSeqById<T extends { id: string }>(doc: Document, seq: YAMLSeq, items: readonly T[],
  fields: (item: T) => [string, unknown][], flow: boolean, quoteText = true): void {
  // A hand-written file may repeat an id (a problem, but still loaded): each node is used once.
  const byId = new Map<string, YAMLMap[]>();
  for (const node of seq.items) {
    if (!yaml().isMap(node)) continue;
    const raw = node.get('id'), id = typeof raw === 'number' ? String(raw) : raw; // codebook ids may be written as numbers
    if (typeof id === 'string') byId.set(id, [...byId.get(id) ?? [], node]);
  }
  const next: unknown[] = [];
  for (const item of items) {
    let node = byId.get(item.id)?.shift();
    if (!node) { node = new (yaml().YAMLMap)(); node.flow = flow; }
    updateFields(doc, node, fields(item), quoteText);
    next.push(node);
  }
  seq.items = next;
}

/**
 * Sets each field (undefined deletes it); new keys go at the end, existing nodes keep their style.
 * With `quoteText`, new strings that are not identifiers are double-quoted (sidecars: free text
 * always reads back exactly); without, the stringifier picks the plainest safe style (codebook names).
 */
export function updateFields(doc: Document, map: YAMLMap, fields: readonly [string, unknown][], quoteText = true): void {
  for (const [k, v] of fields) {
    if (v === undefined) map.delete(k);
    else if (map.has(k)) setValue(map, k, v, doc);
    else if (v === '' && map.range) continue; // a hand-written map need not spell out empty defaults; new maps do
    else { map.add(doc.createPair(k, v)); if (quoteText) quoteNewStrings(map); }
  }
}

/** Strings in new nodes are double-quoted, like the canonical form, so every text reads back unchanged. */
function quoteNewStrings(map: YAMLMap): void {
  for (const pair of map.items) {
    if (yaml().isScalar(pair.value) && typeof pair.value.value === 'string' && pair.value.type === undefined && !isPlainSafe(pair.value.value))
      pair.value.type = yaml().Scalar.QUOTE_DOUBLE;
  }
}

const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

/** Strings that may be written as plain scalars: identifiers and ISO dates. */
export function isPlainSafe(s: string): boolean {
  return (/^[A-Za-z_][A-Za-z0-9_.\-]*$/.test(s) && !RESERVED.has(s.toLowerCase())) || /^\d{4}-\d{2}-\d{2}$/.test(s)
    || /^sha256:[0-9a-f]+$/.test(s);
}
