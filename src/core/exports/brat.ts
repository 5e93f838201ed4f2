// brat standoff: for each article `<name>.txt` (the text, normalised), `<name>.ann` (the
// annotations) and `<name>.claimlens.json` (what brat has no place for), plus `annotation.conf`
// and `visual.conf` for the collection.
//
// Mapping. A mention is a text-bound annotation labelled with its entity id (`T1	china 0 5	China`),
// so in brat one picks the actor itself; annotation.conf lists the actors under their codebook type.
// A claim is a `Claim` text-bound annotation with attributes Claimant, Stance, Topic, Addressee,
// Object and Form (`A1	Stance T2 support`) and its note as `#1	AnnotatorNotes T2	…`.
//
// Nothing is lost. Each annotation also gets a `#n	ClaimLens T…	{json}` note with its ClaimLens id
// and every field that the brat lines would not give back exactly: the export reads its own lines
// back with the importer's rules and writes down the differences (an orphan's stored quote, a span
// that ends in a line break, a note with a line break, an id with a space). Article facts (title,
// hash…), rejected suggestions and the article's own file name go to `<name>.claimlens.json`.
//
// Offsets. brat counts characters of the .txt file as Python reads it: code points, after
// universal newlines. The copied text is the article's normalised text (no BOM, LF), so brat's
// offsets are ClaimLens's offsets. brat cannot show a span across a line break; such a span is
// written as fragments (`0 5;6 9`), as brat itself does.
import { readSidecar } from '../sidecarFormat';
import { Annotation, ArticleMeta, CLAIM_FORMS, Codebook, isClaim, Sidecar } from '../model';
import { CodePointIndex, normalizeText } from '../text';
import { ExportDocument, ExportFile, ExportFormat, sortDocuments, sortedAnnotations } from './document';
import { ImportedDocument, mintId } from './imported';

export const CLAIM_LABEL = 'Claim';
/** The label of a mention whose entity id cannot be a brat label (the id is in the ClaimLens note). */
export const ACTOR_LABEL = 'Actor';
/** The type of the `#` note carrying ClaimLens's fields. */
export const CLAIMLENS_NOTE = 'ClaimLens';
const ANNOTATOR_NOTES = 'AnnotatorNotes';

/** brat attribute name -> claim field. */
const CLAIM_ATTRIBUTES = [['Claimant', 'claimant'], ['Stance', 'stance'], ['Topic', 'topic'], ['Addressee', 'addressee'],
  ['Object', 'object'], ['Form', 'form']] as const;

const SPAN_FIELDS = ['start', 'end', 'text', 'before', 'after', 'anchor', 'score'] as const;
const MENTION_FIELDS = ['entity', ...SPAN_FIELDS] as const;
const CLAIM_FIELDS = ['claimant', 'stance', 'topic', 'addressee', 'object', 'form', 'note', ...SPAN_FIELDS] as const;

/** Labels brat's configuration accepts without question; anything else goes through the note. */
const SAFE_LABEL = /^[A-Za-z0-9_-]+$/;
const RESERVED_LABELS = new Set([CLAIM_LABEL, ACTOR_LABEL]);
/** An attribute value must be one token: brat splits the line at spaces and tabs. */
const SAFE_VALUE = /^[^\s]+$/;
/**
 * Characters at which Python (brat's server) may start a new line of a file: a span is split
 * into fragments there, and a note has them replaced by spaces (its exact text is in the ClaimLens note).
 */
const LINE_BREAK = /[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/;
const LINE_BREAKS = /[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/g;

export function mentionLabel(entity: string): string {
  return SAFE_LABEL.test(entity) && !RESERVED_LABELS.has(entity) ? entity : ACTOR_LABEL;
}

/** The base name of an article's brat files: `a.txt` -> `a`, `a.md` -> `a.md` (brat pairs `X.txt` with `X.ann`). */
export function bratBase(name: string): string {
  return name.endsWith('.txt') ? name.slice(0, -4) : name;
}

/** JSON on one line, also for Python's idea of a line (see LINE_BREAK). */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]/g,
    c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

// ---------------------------------------------------------------- reading .ann lines

/** A text-bound annotation with everything attached to it. */
interface BratSpan {
  tid: string;
  label: string;
  fragments: [number, number][];
  attributes: Map<string, string>;
  notes: string[];
  claimlens?: Record<string, unknown>;
  line: number;
}

/** The spans of an .ann file; lines ClaimLens has no use for (relations, events) are counted as notes. */
export function parseAnn(ann: string, origin: string): { spans: BratSpan[]; notes: string[] } {
  const spans = new Map<string, BratSpan>();
  const notes: string[] = [];
  const attached: { line: number; target: string; apply: (s: BratSpan) => void }[] = [];
  const ignored = new Map<string, number>();
  ann.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const where = `${origin}:${i + 1}`;
    const tab = line.indexOf('\t');
    const id = tab < 0 ? line : line.slice(0, tab);
    const rest = tab < 0 ? '' : line.slice(tab + 1);
    const tab2 = rest.indexOf('\t');
    const data = tab2 < 0 ? rest : rest.slice(0, tab2);
    const tail = tab2 < 0 ? '' : rest.slice(tab2 + 1);
    if (/^T\d/.test(id)) {
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(data);
      if (!m) { notes.push(`${where}: not a text-bound annotation brat would read; skipped`); return; }
      const fragments = m[2].split(';').map(f => f.split(' ').map(Number) as [number, number]);
      if (fragments.some(([s, e]) => e < s)) { notes.push(`${where}: a fragment ends before it starts; skipped`); return; }
      if (spans.has(id)) { notes.push(`${where}: duplicate id ${id}; skipped`); return; }
      spans.set(id, { tid: id, label: m[1], fragments, attributes: new Map(), notes: [], line: i + 1 });
    } else if (/^[AM]\d/.test(id)) {
      const [name, target, ...value] = data.split(' ');
      if (!name || !target) { notes.push(`${where}: not an attribute line; skipped`); return; }
      const v = value.join(' ');
      attached.push({ line: i + 1, target, apply: s => { s.attributes.set(name, v === '' ? 'true' : v); } });
    } else if (id.startsWith('#')) {
      const [type, target] = data.split(' ');
      if (!type || !target) { notes.push(`${where}: not a note line; skipped`); return; }
      if (type === CLAIMLENS_NOTE) {
        let json: unknown;
        try { json = JSON.parse(tail); } catch { notes.push(`${where}: the ClaimLens note is not JSON; ignored`); return; }
        if (typeof json !== 'object' || json === null || Array.isArray(json)) { notes.push(`${where}: the ClaimLens note is not a JSON object; ignored`); return; }
        attached.push({ line: i + 1, target, apply: s => { s.claimlens = json as Record<string, unknown>; } });
      } else if (type === ANNOTATOR_NOTES) {
        // brat shows a note without its surrounding blanks; read it the same way.
        attached.push({ line: i + 1, target, apply: s => { s.notes.push(tail.trim()); } });
      } else ignored.set(`${type} notes`, (ignored.get(`${type} notes`) ?? 0) + 1);
    } else {
      const kind = { R: 'relation', E: 'event', N: 'normalization', '*': 'equivalence' }[id[0]] ?? 'unknown';
      ignored.set(`${kind} lines`, (ignored.get(`${kind} lines`) ?? 0) + 1);
    }
  });
  for (const a of attached) {
    const span = spans.get(a.target);
    if (span) a.apply(span);
    else notes.push(`${origin}:${a.line}: refers to ${a.target}, which is not a text-bound annotation; ignored`);
  }
  for (const [what, n] of ignored) notes.push(`${origin}: ${n} ${what} ignored (ClaimLens has no place for them)`);
  return { spans: [...spans.values()], notes };
}

/** The ClaimLens annotation the brat lines alone describe (no id yet): the importer's reading, also used by the exporter. */
function fromBrat(span: BratSpan, text: CodePointIndex): Record<string, unknown> {
  const start = span.fragments[0][0], end = span.fragments[span.fragments.length - 1][1];
  const quote = text.quote(Math.min(start, text.length), Math.min(end, text.length));
  const base: Record<string, unknown> = { start, end, ...quote, anchor: 'exact' };
  if (span.label !== CLAIM_LABEL) return { entity: span.label === ACTOR_LABEL ? undefined : span.label, ...base };
  const claim: Record<string, unknown> = { ...base, note: span.notes[0] };
  for (const [attribute, field] of CLAIM_ATTRIBUTES) claim[field] = span.attributes.get(attribute);
  return claim;
}

// ---------------------------------------------------------------- writing

/** brat fragments of a span: its pieces between line breaks, offsets clamped to the text. */
function fragmentsOf(a: Annotation, text: CodePointIndex): [number, number][] {
  const start = Math.min(a.start, text.length), end = Math.min(Math.max(a.end, start), text.length);
  const fragments: [number, number][] = [];
  let from = start, offset = start;
  for (const ch of text.slice(start, end)) {
    if (LINE_BREAK.test(ch)) { if (offset > from) fragments.push([from, offset]); from = offset + 1; }
    offset++;
  }
  if (end > from) fragments.push([from, end]);
  return fragments.length ? fragments : [[start, start]];
}

function valueOf(a: Annotation, field: string): unknown {
  return (a as unknown as Record<string, unknown>)[field];
}

/** The .ann text of one article: T, A and # lines numbered in export order. */
function annText(d: ExportDocument, text: CodePointIndex): string {
  const lines: string[] = [];
  let t = 0, attr = 0, note = 0;
  for (const a of sortedAnnotations(d.sidecar)) {
    const tid = `T${++t}`;
    const fragments = fragmentsOf(a, text);
    const label = isClaim(a) ? CLAIM_LABEL : mentionLabel(a.entity);
    lines.push(`${tid}\t${label} ${fragments.map(f => f.join(' ')).join(';')}\t${fragments.map(([s, e]) => text.slice(s, e)).join(' ')}`);
    const span: BratSpan = { tid, label, fragments, attributes: new Map(), notes: [], line: 0 };
    if (isClaim(a)) {
      for (const [attribute, field] of CLAIM_ATTRIBUTES) {
        const v = a[field];
        if (v === undefined || !SAFE_VALUE.test(v)) continue;
        lines.push(`A${++attr}\t${attribute} ${tid} ${v}`);
        span.attributes.set(attribute, v);
      }
      if (a.note !== undefined && a.note.trim() !== '') {
        const shown = a.note.replace(LINE_BREAKS, ' ');
        lines.push(`#${++note}\t${ANNOTATOR_NOTES} ${tid}\t${shown}`);
        span.notes.push(shown.trim());
      }
    }
    // What the lines above give back, compared with the annotation: the differences go in the note.
    const derived = fromBrat(span, text);
    const extra: Record<string, unknown> = { id: a.id };
    for (const field of isClaim(a) ? CLAIM_FIELDS : MENTION_FIELDS) {
      const v = valueOf(a, field);
      if (field === 'score' && a.anchor !== 'fuzzy') continue; // written only with a fuzzy anchor
      if (v !== derived[field]) extra[field] = v ?? null;
    }
    lines.push(`#${++note}\t${CLAIMLENS_NOTE} ${tid}\t${jsonLine(extra)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** What brat cannot hold about the article as a whole. */
interface ArticleRecord {
  claimlens: 1;
  /** The article's file name, when it is not `<base>.txt`. */
  file?: string;
  article: ArticleMeta;
  rejections?: Sidecar['rejections'];
}

function articleRecord(d: ExportDocument): string {
  const file = d.name.slice(d.name.lastIndexOf('/') + 1);
  const record: ArticleRecord = { claimlens: 1, ...(file.endsWith('.txt') ? {} : { file }), article: d.sidecar.article,
    ...(d.sidecar.rejections?.length ? { rejections: d.sidecar.rejections } : {}) };
  return JSON.stringify(record, null, 2) + '\n';
}

// ---------------------------------------------------------------- configuration

/** annotation.conf: actors grouped by codebook type, the Claim type and its attributes. */
function annotationConf(documents: readonly ExportDocument[], codebooks: Codebook[]): string {
  const entities = new Map<string, { type?: string }>();
  const values = new Map<string, Set<string>>(CLAIM_ATTRIBUTES.map(([attribute]) => [attribute, new Set<string>()]));
  for (const cb of codebooks) for (const e of cb.entities) if (!entities.has(e.id)) entities.set(e.id, { type: e.type });
  for (const cb of codebooks) {
    for (const s of cb.stances) values.get('Stance')!.add(s.id);
    for (const t of cb.topics) values.get('Topic')!.add(t.id);
    for (const e of cb.entities) for (const a of ['Claimant', 'Addressee', 'Object']) values.get(a)!.add(e.id);
  }
  for (const form of CLAIM_FORMS) values.get('Form')!.add(form);
  for (const d of documents) {
    for (const m of d.sidecar.mentions) if (!entities.has(m.entity)) entities.set(m.entity, {});
    for (const c of d.sidecar.claims) for (const [attribute, field] of CLAIM_ATTRIBUTES) { const v = c[field]; if (v !== undefined) values.get(attribute)!.add(v); }
  }
  const byType = new Map<string, string[]>();
  const ungrouped: string[] = [];
  for (const [id, { type }] of [...entities].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const label = mentionLabel(id);
    if (label !== id) continue; // such actors are written as Actor
    if (type !== undefined && SAFE_LABEL.test(type) && !entities.has(type) && !RESERVED_LABELS.has(type)) {
      if (!byType.has(type)) byType.set(type, []);
      byType.get(type)!.push(id);
    } else ungrouped.push(id);
  }
  const out = ['# Written by `claimlens export --format brat`: actors under their codebook type (`!` types are groups,', '# not labels), claims with their attributes.', '[entities]'];
  for (const [type, ids] of [...byType].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`!${type}`);
    for (const id of ids) out.push(`\t${id}`);
  }
  out.push(...ungrouped, ACTOR_LABEL, CLAIM_LABEL, '', '[relations]', '', '[events]', '', '[attributes]');
  for (const [attribute] of CLAIM_ATTRIBUTES) {
    const vs = [...values.get(attribute)!].filter(v => SAFE_VALUE.test(v) && !/[|,]/.test(v)).sort();
    if (vs.length) out.push(`${attribute}\tArg:${CLAIM_LABEL}, Value:${vs.join('|')}`);
  }
  return out.join('\n') + '\n';
}

/** visual.conf: actors shown by name and coloured by their type's colour. */
function visualConf(codebooks: Codebook[]): string {
  const labels: string[] = [], drawing: string[] = [];
  const seen = new Set<string>();
  for (const cb of codebooks) {
    const colour = new Map(cb.types.map(t => [t.id, t.color]));
    for (const e of [...cb.entities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (seen.has(e.id) || mentionLabel(e.id) !== e.id) continue;
      seen.add(e.id);
      if (!/[|\t\n\r]/.test(e.name)) labels.push(`${e.id} | ${e.name}`);
      const c = colour.get(e.type);
      if (c && /^#[0-9a-fA-F]{3,6}$/.test(c)) drawing.push(`${e.id}\tbgColor:${c}`);
    }
  }
  return ['[labels]', ...labels, `${CLAIM_LABEL} | Claim`, '', '[drawing]', 'SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken',
    'ARC_DEFAULT\tcolor:black, arrowHead:triangle-5', 'ATTRIBUTE_DEFAULT\tglyph:*', ...drawing, `${CLAIM_LABEL}\tbgColor:#ffffff, borderColor:#1565c0`].join('\n') + '\n';
}

export const bratFormat: ExportFormat = {
  summary: 'brat standoff: <article>.txt and .ann (+ .claimlens.json) per article, annotation.conf, visual.conf',
  needsFolder: true,
  render(documents) {
    const files: ExportFile[] = [], notes: string[] = [], written: ExportDocument[] = [];
    const codebooks: Codebook[] = [];
    const bases = new Set<string>();
    for (const d of sortDocuments(documents)) {
      if (d.text === undefined) { notes.push(`${d.article}: the article is missing; brat needs its text, skipped`); continue; }
      const base = bratBase(d.name);
      if (bases.has(base)) { notes.push(`${d.article}: another article is written as ${base}.txt; skipped`); continue; }
      bases.add(base);
      if (!codebooks.includes(d.codebook)) codebooks.push(d.codebook);
      const text = new CodePointIndex(d.text);
      files.push({ path: `${base}.txt`, text: d.text }, { path: `${base}.ann`, text: annText(d, text) },
        { path: `${base}.claimlens.json`, text: articleRecord(d) });
      written.push(d);
    }
    files.push({ path: 'annotation.conf', text: annotationConf(written, codebooks) }, { path: 'visual.conf', text: visualConf(codebooks) });
    return { files, notes };
  },
};

// ---------------------------------------------------------------- importing

export interface BratInput {
  /** The .ann file's path relative to the brat folder, `/`-separated (`sub/a.ann`). */
  annPath: string;
  ann: string;
  /** The .txt file's text as read. */
  text: string;
  /** The .claimlens.json file's text, when there is one. */
  record?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads one brat document back into a sidecar (ids kept from the ClaimLens notes, new ones minted). */
export function importBrat(input: BratInput): ImportedDocument {
  const notes: string[] = [];
  const text = normalizeText(input.text);
  const index = new CodePointIndex(text);
  const folder = input.annPath.includes('/') ? input.annPath.slice(0, input.annPath.lastIndexOf('/') + 1) : '';
  const base = input.annPath.slice(folder.length, -'.ann'.length);
  let record: Record<string, unknown> = {};
  if (input.record !== undefined) {
    try {
      const parsed: unknown = JSON.parse(input.record);
      if (isObject(parsed)) record = parsed; else notes.push(`${folder}${base}.claimlens.json: not a JSON object; ignored`);
    } catch { notes.push(`${folder}${base}.claimlens.json: not JSON; ignored`); }
  }
  const file = typeof record.file === 'string' && record.file !== '' && !/[/\\]/.test(record.file) && record.file !== '.' && record.file !== '..'
    ? record.file : `${base}.txt`;
  const { spans, notes: annNotes } = parseAnn(input.ann, input.annPath);
  notes.push(...annNotes);
  const raw = { claimlens: 1, article: record.article ?? {}, mentions: [] as unknown[], claims: [] as unknown[], rejections: record.rejections };
  const minted: { kind: 'mentions' | 'claims'; index: number }[] = [];
  for (const span of spans) {
    const fields = fromBrat(span, index);
    const extra = span.claimlens ?? {};
    for (const [k, v] of Object.entries(extra)) if (k !== 'id') fields[k] = v === null ? undefined : v;
    const kind = span.label === CLAIM_LABEL ? 'claims' : 'mentions';
    if (kind === 'mentions' && fields.entity === undefined) { notes.push(`${input.annPath}:${span.line}: ${span.tid} is labelled ${ACTOR_LABEL} without an entity; skipped`); continue; }
    if (kind === 'claims' && fields.claimant === undefined) { notes.push(`${input.annPath}:${span.line}: ${span.tid} is a claim without a Claimant attribute; skipped`); continue; }
    if (typeof extra.id === 'string' && extra.id !== '') fields.id = extra.id;
    else minted.push({ kind, index: raw[kind].length });
    raw[kind].push(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
  }
  // New annotations made in brat get ids unique in the file.
  const taken = new Set<string>([...raw.mentions, ...raw.claims, ...(Array.isArray(raw.rejections) ? raw.rejections : [])]
    .map(a => (isObject(a) && typeof a.id === 'string' ? a.id : '')));
  for (const m of minted) (raw[m.kind][m.index] as Record<string, unknown>).id = mintId(m.kind === 'claims' ? 'c' : 'm', taken);
  // The shape checks of the sidecar reader: a bad field from a hand-edited note is reported and left out.
  const sidecar: Sidecar = readSidecar(raw, (path, message) => notes.push(`${input.annPath}: ${path.join('.') || 'document'}: ${message}`));
  checkIds(sidecar, notes, input.annPath);
  return { article: folder + file, text, sidecar, origin: input.annPath, notes };
}

/** A duplicate id (a copied line in brat) keeps its first annotation. */
function checkIds(s: Sidecar, notes: string[], origin: string): void {
  const seen = new Set<string>();
  const keep = <T extends { id: string }>(list: T[]) => list.filter(a => {
    if (!seen.has(a.id)) { seen.add(a.id); return true; }
    notes.push(`${origin}: id ${a.id} appears twice; the second is skipped`);
    return false;
  });
  s.mentions = keep(s.mentions);
  s.claims = keep(s.claims);
  if (s.rejections) s.rejections = keep(s.rejections);
}
