// The sidecar file: `<article>.annotations.yaml`. Canonical files (what ClaimLens writes) are read
// and written by a fast line-oriented path; anything else — hand-edited, commented, with unknown
// fields — goes through the `yaml` Document API, which keeps comments, key order and unknown
// fields when the file is rewritten.
import type { Document, YAMLMap, YAMLSeq } from 'yaml';
import { yaml } from './yamlLib';
import { ANCHOR_STATES, AnchorState, ArticleMeta, Claim, CLAIM_FORMS, ClaimForm, compareSpans, FORMAT_VERSION, Mention, Rejection, Sidecar, Span } from './model';
import { Problem, Severity } from './problems';
import { expandAliases, isPlainSafe, locate, MAX_ALIAS_COUNT, MAX_YAML_BYTES, parseYaml, STRINGIFY_OPTIONS, syncSeqById, updateFields, YamlPath } from './yamlDoc';

export interface LoadedSidecar {
  /** The model; present unless the file could not be read at all. */
  sidecar?: Sidecar;
  /** Syntax and shape problems, with positions. Semantic checks live in validate.ts. */
  problems: Problem[];
  /** The parsed document when the file was not in canonical form; saves go through it. */
  document?: Document;
  /** Resolves a YAML path to a position in this file (for semantic problems). */
  locate(path: YamlPath): { line: number; column: number };
}

const ARTICLE_KEYS = ['title', 'source', 'author', 'date', 'hash'] as const;

// ---------------------------------------------------------------- canonical writer

/** Double-quoted YAML scalar. JSON escapes are valid YAML; also escape what YAML deems unprintable. */
export function quote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function scalar(v: string | number): string {
  return typeof v === 'number' ? String(v) : isPlainSafe(v) ? v : quote(v);
}

function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

function mentionFields(m: Mention): [string, string | number | undefined][] {
  return [['id', m.id], ['entity', m.entity], ['start', m.start], ['end', m.end], ['text', m.text],
    ['before', m.before], ['after', m.after], ...anchorFields(m)];
}

function rejectionFields(r: Rejection): [string, string | number | undefined][] {
  return [['id', r.id], ['kind', r.kind === 'mention' ? undefined : r.kind], ['entity', r.entity], ['start', r.start], ['end', r.end],
    ['text', r.text], ['before', r.before], ['after', r.after], ...anchorFields(r)];
}

/**
 * Only states that ask a person to act are written: `shifted` (found unchanged at a new place)
 * needs nothing, so it costs no diff line and reads back as `exact`.
 */
function anchorFields(a: Mention | Claim | Rejection): [string, string | number | undefined][] {
  return [['anchor', a.anchor === 'fuzzy' || a.anchor === 'orphan' ? a.anchor : undefined],
    ['score', a.anchor === 'fuzzy' && a.score !== undefined ? roundScore(a.score) : undefined]];
}

function claimFields(c: Claim): [string, string | number | undefined][] {
  return [['id', c.id], ['claimant', c.claimant], ['stance', c.stance], ['topic', c.topic], ['addressee', c.addressee],
    ['object', c.object], ['form', c.form], ['start', c.start], ['end', c.end], ['text', c.text], ['before', c.before],
    ['after', c.after], ...anchorFields(c), ['note', c.note]];
}

/** Free text is always double-quoted so that every string reads back exactly. */
const TEXT_KEYS = new Set(['text', 'before', 'after', 'note', 'title', 'source', 'author']);

function value(key: string, v: string | number): string {
  return typeof v === 'string' && TEXT_KEYS.has(key) ? quote(v) : scalar(v);
}

/** The canonical form: deterministic, one line per mention, one line per claim field. */
export function serializeSidecar(s: Sidecar): string {
  const out: string[] = [`claimlens: ${FORMAT_VERSION}`];
  const meta = ARTICLE_KEYS.filter(k => s.article[k] !== undefined);
  if (meta.length === 0) out.push('article: {}');
  else { out.push('article:'); for (const k of meta) out.push(`  ${k}: ${value(k, s.article[k]!)}`); }
  const mentions = [...s.mentions].sort(compareSpans);
  if (mentions.length === 0) out.push('mentions: []');
  else {
    out.push('mentions:');
    for (const m of mentions) {
      const parts: string[] = [];
      for (const [k, v] of mentionFields(m)) if (v !== undefined) parts.push(`${k}: ${value(k, v)}`);
      out.push(`  - {${parts.join(', ')}}`);
    }
  }
  const claims = [...s.claims].sort(compareSpans);
  if (claims.length === 0) out.push('claims: []');
  else {
    out.push('claims:');
    for (const c of claims) {
      let first = true;
      for (const [k, v] of claimFields(c)) {
        if (v === undefined) continue;
        out.push(`${first ? '  - ' : '    '}${k}: ${value(k, v)}`);
        first = false;
      }
    }
  }
  // Only a file with rejections has the key, so files without them read as before.
  const rejections = [...(s.rejections ?? [])].sort(compareSpans);
  if (rejections.length) {
    out.push('rejections:');
    for (const r of rejections) {
      const parts: string[] = [];
      for (const [k, v] of rejectionFields(r)) if (v !== undefined) parts.push(`${k}: ${value(k, v)}`);
      out.push(`  - {${parts.join(', ')}}`);
    }
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- canonical reader (fast path)
// Reads only text that serializeSidecar would write byte for byte, and proves it while reading:
// every key must come in the writer's order, every value in the one spelling the writer gives it,
// every list in the writer's order. That makes the fast reading equal to what a YAML parser reads,
// without writing the whole file again to compare (which cost as much as the reading itself).

class NotCanonical extends Error {}

/** One canonical line, read left to right; any departure from the writer's spelling throws NotCanonical. */
class LineReader {
  constructor(private readonly line: string, public at: number) {}

  /** `key: ` here, or (when `optional`) nothing: false. */
  key(key: string, optional = false): boolean {
    const { line, at } = this;
    if (line.startsWith(key, at) && line.charCodeAt(at + key.length) === 58 /* : */ && line.charCodeAt(at + key.length + 1) === 32) {
      this.at = at + key.length + 2;
      return true;
    }
    if (optional) return false;
    throw new NotCanonical();
  }

  /** `, ` between flow fields; false at the closing brace. */
  comma(): boolean {
    if (this.line.charCodeAt(this.at) === 44 && this.line.charCodeAt(this.at + 1) === 32) { this.at += 2; return true; }
    return false;
  }

  /** A double-quoted string exactly as `quote` writes it. */
  quoted(): string {
    const { line } = this;
    const open = this.at;
    if (line.charCodeAt(open) !== 34) throw new NotCanonical();
    // One pass finds the closing quote and whether anything inside needs a closer look: an escape,
    // or a character `quote` would have escaped (then the token is checked the slow way).
    let k = open + 1, plain = true;
    for (; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c === 34) break;
      if (c === 92) { plain = false; k++; continue; }
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfeff) plain = false;
    }
    if (k >= line.length) throw new NotCanonical();
    this.at = k + 1;
    if (plain) return line.slice(open + 1, k);
    const token = line.slice(open, k + 1);
    const value = JSON.parse(token) as unknown;
    if (typeof value !== 'string' || quote(value) !== token) throw new NotCanonical();
    return value;
  }

  /** A string as `scalar` writes it: plain when that is safe, else double-quoted. */
  scalar(): string {
    if (this.line.charCodeAt(this.at) === 34) {
      const value = this.quoted();
      if (isPlainSafe(value)) throw new NotCanonical();
      return value;
    }
    const token = this.plainToken();
    if (!isPlainIdentifier(token) && !isPlainSafe(token)) throw new NotCanonical();
    return token;
  }

  /** A non-negative integer as String(n) writes it. */
  int(): number {
    const { line } = this;
    let k = this.at, n = 0;
    for (; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
    }
    const digits = k - this.at;
    if (digits === 0 || (digits > 1 && line.charCodeAt(this.at) === 48) || digits > 16 || !Number.isSafeInteger(n)) throw new NotCanonical();
    const next = line.charCodeAt(k);
    if (k < line.length && next !== 44 && next !== 125) throw new NotCanonical();
    this.at = k;
    return n;
  }

  /** A fuzzy-match score as the writer rounds and writes it. */
  score(): number {
    const token = this.plainToken();
    const n = Number(token);
    if (!/^\d+(\.\d+)?$/.test(token) || !(n >= 0 && n <= 1) || String(roundScore(n)) !== token) throw new NotCanonical();
    return n;
  }

  private plainToken(): string {
    const { line } = this;
    let k = this.at;
    while (k < line.length) {
      const c = line.charCodeAt(k);
      if (c === 44 /* , */ || c === 125 /* } */) break;
      k++;
    }
    const token = line.slice(this.at, k);
    this.at = k;
    return token;
  }

  /** The line ends here (after `}` for a flow line). */
  end(closing: string): void {
    if (this.at !== this.line.length - closing.length || !this.line.endsWith(closing)) throw new NotCanonical();
  }
}

/**
 * The common plain scalar, checked without a RegExp: a letter or `_`, then letters, digits, `_`,
 * `.` and `-`, and longer than any reserved word (`true`, `null`, …). Anything else goes to
 * isPlainSafe, which decides.
 */
function isPlainIdentifier(s: string): boolean {
  if (s.length < 6) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (letter || (i > 0 && ((c >= 48 && c <= 57) || c === 46 || c === 45))) continue;
    return false;
  }
  return true;
}

/** Non-empty, as ids and actors must be. */
function required(s: string): string {
  if (s === '') throw new NotCanonical();
  return s;
}

/**
 * The anchor fields the writer adds after a span's text in a flow line: `anchor` only when fuzzy
 * or orphan, `score` only when fuzzy. Sets them on `span`.
 */
function readAnchor(r: LineReader, span: { anchor: AnchorState; score?: number }): void {
  const mark = r.at;
  if (!(r.comma() && r.key('anchor', true))) { r.at = mark; return; }
  const token = r.scalar();
  if (token !== 'fuzzy' && token !== 'orphan') throw new NotCanonical();
  span.anchor = token;
  if (token !== 'fuzzy') return;
  const afterAnchor = r.at;
  if (r.comma() && r.key('score', true)) span.score = r.score();
  else r.at = afterAnchor;
}

/** `  - {id: …, entity: …, start: …, end: …, text: …, before: …, after: …[, anchor: …[, score: …]]}` */
function readMentionLine(line: string): Mention {
  if (!line.startsWith('  - {')) throw new NotCanonical();
  const r = new LineReader(line, 5);
  r.key('id'); const id = required(r.scalar()); r.comma() || fail();
  r.key('entity'); const entity = required(r.scalar()); r.comma() || fail();
  // Built in the key order readSidecar gives, so both readings serialise alike everywhere.
  const mention = readSpanFields(r, id) as Mention;
  r.end('}');
  mention.entity = entity;
  return mention;
}

/** start, end, text, before, after and the anchor fields of a flow line, each after `, `. */
function readSpanFields(r: LineReader, id: string): Span & { id: string } {
  r.key('start'); const start = r.int(); r.comma() || fail();
  r.key('end'); const end = r.int(); r.comma() || fail();
  if (end < start) fail();
  r.key('text'); const text = r.quoted(); r.comma() || fail();
  r.key('before'); const before = r.quoted(); r.comma() || fail();
  r.key('after'); const after = r.quoted();
  const span: Span & { id: string } = { id, start, end, text, before, after, anchor: 'exact' };
  readAnchor(r, span);
  return span;
}

function fail(): never {
  throw new NotCanonical();
}

/** `  - {id: …[, kind: claim][, entity: …], start: …, …}` */
function readRejectionLine(line: string): Rejection {
  if (!line.startsWith('  - {')) throw new NotCanonical();
  const r = new LineReader(line, 5);
  r.key('id'); const id = required(r.scalar()); r.comma() || fail();
  let kind: 'mention' | 'claim' = 'mention', entity: string | undefined;
  if (r.key('kind', true)) { if (r.scalar() !== 'claim') fail(); kind = 'claim'; r.comma() || fail(); }
  if (r.key('entity', true)) { entity = required(r.scalar()); r.comma() || fail(); }
  const rejection = readSpanFields(r, id) as Rejection;
  r.end('}');
  rejection.kind = kind;
  if (entity !== undefined) rejection.entity = entity;
  return rejection;
}

const CLAIM_LABELS = ['stance', 'topic', 'addressee', 'object'] as const;

/**
 * A claim: its first line `  - id: …`, then one `    key: value` line per field, in the writer's
 * order. Returns the claim and the index of the line after it.
 */
function readClaim(lines: string[], i: number): [Claim, number] {
  if (!lines[i].startsWith('  - ')) fail();
  let r = new LineReader(lines[i], 4);
  /** The next line holds `key` (else not canonical). */
  const field = (key: string): LineReader => {
    r.end('');
    const line = lines[++i];
    if (line === undefined || !line.startsWith('    ')) fail();
    r = new LineReader(line, 4);
    r.key(key);
    return r;
  };
  /** The next line holds `key`, if it is a field of this claim with that key. */
  const optional = (key: string): LineReader | undefined => {
    const line = lines[i + 1];
    return line !== undefined && line.startsWith('    ') && line.startsWith(key + ': ', 4) ? field(key) : undefined;
  };
  r.key('id'); const id = required(r.scalar());
  const claimant = required(field('claimant').scalar());
  const labels: Partial<Record<(typeof CLAIM_LABELS)[number], string>> = {};
  for (const k of CLAIM_LABELS) { const at = optional(k); if (at) labels[k] = at.scalar(); }
  let form: ClaimForm | undefined;
  const formAt = optional('form');
  if (formAt) {
    const token = formAt.scalar();
    if (!CLAIM_FORMS.includes(token as ClaimForm)) fail();
    form = token as ClaimForm;
  }
  const start = field('start').int(), end = field('end').int();
  if (end < start) fail();
  const text = field('text').quoted(), before = field('before').quoted(), after = field('after').quoted();
  let anchor: AnchorState = 'exact', score: number | undefined;
  const anchorAt = optional('anchor');
  if (anchorAt) {
    const token = anchorAt.scalar();
    if (token !== 'fuzzy' && token !== 'orphan') fail();
    anchor = token;
    const scoreAt = anchor === 'fuzzy' ? optional('score') : undefined;
    if (scoreAt) score = scoreAt.score();
  }
  const noteAt = optional('note');
  const note = noteAt?.quoted();
  r.end('');
  // Keys in the order readSidecar gives them.
  const claim: Claim = { id, start, end, text, before, after, anchor, ...(score !== undefined ? { score } : {}), claimant };
  for (const k of CLAIM_LABELS) if (labels[k] !== undefined) claim[k] = labels[k];
  if (note !== undefined) claim.note = note;
  if (form !== undefined) claim.form = form;
  return [claim, i + 1];
}

function inOrder(list: readonly { start: number; end: number; id: string }[]): void {
  for (let k = 1; k < list.length; k++) if (compareSpans(list[k - 1], list[k]) > 0) fail();
}

/** Parses text written by serializeSidecar; undefined when the text is anything else. */
export function parseCanonical(source: string): Sidecar | undefined {
  try {
    const lines = source.split('\n');
    let i = 0;
    if (lines[i++] !== `claimlens: ${FORMAT_VERSION}`) return undefined;
    const sidecar: Sidecar = { version: 1, article: {}, mentions: [], claims: [] };
    if (lines[i] === 'article:') {
      i++;
      for (const k of ARTICLE_KEYS) {
        const line = lines[i];
        if (line === undefined || !line.startsWith(`  ${k}: `)) continue;
        const r = new LineReader(line, 2);
        r.key(k);
        const v = TEXT_KEYS.has(k) ? r.quoted() : r.scalar();
        r.end('');
        if (k === 'date' && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) return undefined; // read with a warning: not clean
        (sidecar.article as ArticleMeta)[k] = v;
        i++;
      }
      if (Object.keys(sidecar.article).length === 0) return undefined;
    } else if (lines[i++] !== 'article: {}') return undefined;
    if (lines[i] === 'mentions:') {
      for (i++; lines[i]?.startsWith('  - {'); i++) sidecar.mentions.push(readMentionLine(lines[i]));
      if (!sidecar.mentions.length) return undefined;
      inOrder(sidecar.mentions);
    } else if (lines[i++] !== 'mentions: []') return undefined;
    if (lines[i] === 'claims:') {
      i++;
      while (lines[i]?.startsWith('  - ')) { const [claim, next] = readClaim(lines, i); sidecar.claims.push(claim); i = next; }
      if (!sidecar.claims.length) return undefined;
      inOrder(sidecar.claims);
    } else if (lines[i++] !== 'claims: []') return undefined;
    if (lines[i] === 'rejections:') {
      const rejections: Rejection[] = [];
      for (i++; lines[i]?.startsWith('  - {'); i++) rejections.push(readRejectionLine(lines[i]));
      if (!rejections.length) return undefined;
      inOrder(rejections);
      sidecar.rejections = rejections;
    }
    if (i !== lines.length - 1 || lines[i] !== '') return undefined;
    return sidecar;
  } catch (e) {
    if (e instanceof NotCanonical || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Where the parts of a canonical file start: 0-based line numbers. */
interface CanonicalLayout {
  lines: string[];
  article: Map<string, number>;
  /** Line of each mention. */
  mentions: number[];
  /** First line of each claim; a claim's fields follow one per line. */
  claims: number[];
}

function canonicalLayout(source: string): CanonicalLayout {
  const lines = source.split('\n');
  const layout: CanonicalLayout = { lines, article: new Map(), mentions: [], claims: [] };
  let section = '';
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.startsWith(' ')) { section = line.slice(0, line.indexOf(':')); continue; }
    if (section === 'article') layout.article.set(line.slice(2, line.indexOf(':')), i);
    else if (section === 'mentions') layout.mentions.push(i);
    else if (section === 'claims' && line.startsWith('  - ')) layout.claims.push(i);
  }
  return layout;
}

/** Column (0-based) of the value of `key` in a canonical flow line `  - {k: v, ...}`. */
function flowValueColumn(line: string, key: string): number | undefined {
  let i = 5;
  while (i < line.length) {
    const colon = line.indexOf(': ', i);
    if (colon < 0) return undefined;
    const j = colon + 2;
    if (line.slice(i, colon) === key) return j;
    let k = j;
    if (line.charCodeAt(k) === 34 /* " */) {
      for (k++; k < line.length; k++) {
        const c = line.charCodeAt(k);
        if (c === 92 /* \ */) k++;
        else if (c === 34) { k++; break; }
      }
    } else while (k < line.length && line[k] !== ',' && line[k] !== '}') k++;
    i = k + 2; // past ', '
  }
  return undefined;
}

/**
 * The position `locate` gives for a path of a canonical file (the value node at the path, or
 * the nearest existing ancestor), computed from the fixed layout; undefined for paths it does
 * not know, which then go to the YAML document.
 */
function locateCanonical(layout: CanonicalLayout, path: YamlPath): { line: number; column: number } | undefined {
  const at = (line: number, column: number) => ({ line: line + 1, column: column + 1 });
  if (path.length === 0) return at(0, 0);
  const [section, index, key] = path;
  if (section === 'claimlens' && path.length === 1) return at(0, 'claimlens: '.length);
  if (section === 'article' && path.length === 2 && typeof index === 'string') {
    const line = layout.article.get(index);
    return line === undefined ? undefined : at(line, 4 + index.length);
  }
  if ((section !== 'mentions' && section !== 'claims') || typeof index !== 'number' || path.length > 3) return undefined;
  if (section === 'mentions') {
    const line = layout.mentions[index];
    if (line === undefined) return undefined;
    if (key === undefined) return at(line, 4);
    const column = flowValueColumn(layout.lines[line], String(key));
    return at(line, column ?? 4);
  }
  const first = layout.claims[index];
  if (first === undefined) return undefined;
  if (key === undefined) return at(first, 4);
  const end = layout.claims[index + 1] ?? layout.lines.length;
  for (let line = first; line < end && layout.lines[line].startsWith('  '); line++) {
    if (layout.lines[line].startsWith(`${key}: `, 4)) return at(line, 4 + String(key).length + 2);
  }
  return at(first, 4);
}

// ---------------------------------------------------------------- shape validation

type Report = (path: YamlPath, message: string, code: string, severity?: Severity) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Turns plain parsed data into a Sidecar, reporting every shape error at its path. */
export function readSidecar(raw: unknown, report: Report): Sidecar {
  const sidecar: Sidecar = { version: 1, article: {}, mentions: [], claims: [] };
  if (!isObject(raw)) { report([], 'a sidecar must be a YAML mapping with claimlens, article, mentions and claims', 'shape'); return sidecar; }
  if (raw.claimlens === undefined) report([], 'missing `claimlens: 1` (the format version)', 'missing-version');
  else if (raw.claimlens !== FORMAT_VERSION) report(['claimlens'], `unsupported format version ${JSON.stringify(raw.claimlens)}; this ClaimLens reads version ${FORMAT_VERSION}`, 'version');
  if (raw.article !== undefined && raw.article !== null) {
    if (!isObject(raw.article)) report(['article'], '`article` must be a mapping', 'type');
    else for (const k of ARTICLE_KEYS) {
      const v = raw.article[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') { report(['article', k], `\`article.${k}\` must be a string`, 'type'); continue; }
      if (k === 'date' && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) report(['article', k], 'date should be ISO 8601 (YYYY-MM-DD)', 'date', 'warning');
      (sidecar.article as ArticleMeta)[k] = v;
    }
  }
  const list = (key: 'mentions' | 'claims' | 'rejections'): unknown[] => {
    const v = raw[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) { report([key], `\`${key}\` must be a list`, 'type'); return []; }
    return v;
  };
  list('mentions').forEach((m, i) => { const r = readSpan(m, ['mentions', i], report, 'entity'); if (r) sidecar.mentions.push(r as Mention); });
  list('claims').forEach((c, i) => { const r = readSpan(c, ['claims', i], report, 'claimant'); if (r) sidecar.claims.push(r as Claim); });
  const rejections = list('rejections').flatMap((r, i) => { const x = readRejection(r, ['rejections', i], report); return x ? [x] : []; });
  if (rejections.length) sidecar.rejections = rejections;
  return sidecar;
}

function readSpan(raw: unknown, path: YamlPath, report: Report, actorKey: 'entity' | 'claimant'): Mention | Claim | undefined {
  if (!isObject(raw)) { report(path, 'an annotation must be a mapping', 'type'); return undefined; }
  let ok = true;
  const str = (key: string, required: boolean): string | undefined => {
    const v = raw[key];
    if (v === undefined || v === null) {
      if (required) { report(path, `missing \`${key}\``, 'missing-field'); ok = false; }
      return undefined;
    }
    if (typeof v !== 'string' || (required && v === '')) { report([...path, key], `\`${key}\` must be a non-empty string`, 'type'); ok = false; return undefined; }
    return v;
  };
  const int = (key: string): number => {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      report(v === undefined ? path : [...path, key], v === undefined ? `missing \`${key}\`` : `\`${key}\` must be a non-negative integer`,
        v === undefined ? 'missing-field' : 'type');
      ok = false; return 0;
    }
    return v;
  };
  const id = str('id', true), actor = str(actorKey, true);
  const start = int('start'), end = int('end');
  if (ok && end < start) { report([...path, 'end'], `\`end\` (${end}) is before \`start\` (${start})`, 'range'); ok = false; }
  const text = str('text', false) ?? '';
  const before = str('before', false) ?? '', after = str('after', false) ?? '';
  let anchor: AnchorState = 'exact';
  if (raw.anchor !== undefined) {
    // `shifted`, written by earlier versions, says no more than `exact` does.
    if (raw.anchor === 'shifted') anchor = 'exact';
    else if (ANCHOR_STATES.includes(raw.anchor as AnchorState)) anchor = raw.anchor as AnchorState;
    else report([...path, 'anchor'], `\`anchor\` must be one of ${ANCHOR_STATES.join(', ')}`, 'type');
  }
  let score: number | undefined;
  if (raw.score !== undefined) {
    if (typeof raw.score === 'number' && raw.score >= 0 && raw.score <= 1) score = raw.score;
    else report([...path, 'score'], '`score` must be a number between 0 and 1', 'type');
  }
  if (!ok) return undefined;
  const base = { id: id!, start, end, text, before, after, anchor, ...(score !== undefined ? { score } : {}) };
  if (actorKey === 'entity') return { ...base, entity: actor! };
  const claim: Claim = { ...base, claimant: actor! };
  for (const k of ['stance', 'topic', 'addressee', 'object', 'note'] as const) {
    const v = str(k, false);
    if (v !== undefined) claim[k] = v;
  }
  if (raw.form !== undefined) {
    if (CLAIM_FORMS.includes(raw.form as ClaimForm)) claim.form = raw.form as ClaimForm;
    else report([...path, 'form'], `\`form\` must be one of ${CLAIM_FORMS.join(', ')}`, 'type');
  }
  return claim;
}

/** A rejected suggestion: a span like a mention's, with `kind` (default mention) and an optional entity. */
function readRejection(raw: unknown, path: YamlPath, report: Report): Rejection | undefined {
  if (!isObject(raw)) { report(path, 'a rejection must be a mapping', 'type'); return undefined; }
  const kind = raw.kind ?? 'mention';
  if (kind !== 'mention' && kind !== 'claim') { report([...path, 'kind'], '`kind` must be mention or claim', 'type'); return undefined; }
  // Read through readSpan with a placeholder actor, since a rejection's entity is optional.
  const entity = raw.entity;
  if (entity !== undefined && entity !== null && (typeof entity !== 'string' || entity === '')) {
    report([...path, 'entity'], '`entity` must be a non-empty string', 'type');
    return undefined;
  }
  const span = readSpan({ ...raw, entity: 'x' }, path, report, 'entity') as Mention | undefined;
  if (!span) return undefined;
  const { entity: _placeholder, ...rest } = span;
  return { ...rest, kind, ...(typeof entity === 'string' ? { entity } : {}) };
}

// ---------------------------------------------------------------- load and save

export function loadSidecar(source: string): LoadedSidecar {
  // The size limit holds for canonical files too: parseYaml refuses what is too large.
  const fast = source.length <= MAX_YAML_BYTES ? parseCanonical(source) : undefined;
  if (fast) {
    let slow: ReturnType<typeof parseYaml> | undefined;
    let layout: CanonicalLayout | undefined;
    return {
      sidecar: fast, problems: [],
      // Checking a file asks for positions of its annotations; a canonical file's layout answers
      // them without building a YAML document (which costs more than everything else together).
      locate: path => {
        layout ??= canonicalLayout(source);
        const known = locateCanonical(layout, path);
        if (known) return known;
        slow ??= parseYaml(source);
        return locate(slow.doc, slow.lineCounter, path);
      },
    };
  }
  const { doc, problems, lineCounter } = parseYaml(source);
  const where = (path: YamlPath) => locate(doc, lineCounter, path);
  if (!doc || problems.some(p => p.severity === 'error')) return { problems, locate: where };
  const raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  const sidecar = readSidecar(raw, (path, message, code, severity = 'error') =>
    problems.push({ ...where(path), severity, message, code }));
  return { sidecar, problems, document: doc, locate: where };
}

/**
 * Text to write for `sidecar`. A file that was canonical (or new) gets the canonical form; a
 * hand-written one is updated in place so its comments, unknown fields and layout survive.
 */
export function saveSidecar(sidecar: Sidecar, previous?: LoadedSidecar): string {
  const doc = previous?.document;
  if (!doc) return serializeSidecar(sidecar);
  expandAliases(doc);
  updateDocument(doc, sidecar);
  return doc.toString(STRINGIFY_OPTIONS);
}

function updateDocument(doc: Document, s: Sidecar): void {
  if (!yaml().isMap(doc.contents)) doc.contents = doc.createNode({}) as YAMLMap;
  const root = doc.contents as YAMLMap;
  if (root.get('claimlens') !== FORMAT_VERSION) root.set('claimlens', FORMAT_VERSION);
  // What a hand-written file leaves out (no article facts, no claims) it keeps leaving out.
  let article: unknown = root.get('article', true);
  const facts = ARTICLE_KEYS.map((k): [string, unknown] => [k, s.article[k]]);
  if (!yaml().isMap(article) && facts.some(([, v]) => v !== undefined)) { article = new (yaml().YAMLMap)(); root.set('article', article); }
  if (yaml().isMap(article)) updateFields(doc, article, facts);
  const sync = <T extends Mention | Claim | Rejection>(key: string, items: T[], fields: (item: T) => [string, unknown][], flow: boolean) => {
    let node: unknown = root.get(key, true);
    if (!yaml().isSeq(node)) {
      if (items.length === 0) return;
      node = new (yaml().YAMLSeq)();
      root.set(key, node);
    }
    const seq = node as YAMLSeq, wasEmpty = seq.items.length === 0;
    syncSeqById(doc, seq, [...items].sort(compareSpans), fields, flow);
    // An empty list is written `[]`; one that gets items turns into a block list; others keep their layout.
    if (seq.items.length === 0) seq.flow = true;
    else if (wasEmpty) seq.flow = false;
  };
  sync('mentions', s.mentions, mentionFields, true);
  sync('claims', s.claims, claimFields, false);
  sync('rejections', s.rejections ?? [], rejectionFields, true);
}


/**
 * True when the two would be written with the same annotations and article facts, whatever
 * their hashes: a sidecar is rewritten only when an annotation changed, never just because the
 * article's hash moved on (re-anchoring that placed everything where it was changes nothing).
 */
export function sameAnnotations(a: Sidecar, b: Sidecar): boolean {
  const withoutHash = (s: Sidecar): Sidecar => ({ ...s, article: { ...s.article, hash: undefined } });
  return serializeSidecar(withoutHash(a)) === serializeSidecar(withoutHash(b));
}
