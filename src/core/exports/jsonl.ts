// JSONL in the shape spaCy and Prodigy use: one article per line, its `text` and its mentions as
// `spans` ({start, end, label, kb_id}), with the claims beside them and the article's facts in
// `meta`. Offsets are Python `str` indices, i.e. code points of the text, which is the article's
// normalised text (no BOM, LF) — ClaimLens's offsets unchanged, so `text[start:end]` is the span.
//
// The same shape is read back (`claimlens import --format jsonl`): pre-annotations made elsewhere,
// e.g. by a spaCy model, become mentions (`kb_id` is the entity id).
import { ArticleMeta, CLAIM_FORMS, ClaimForm, Sidecar } from '../model';
import { CodePointIndex, hashText, normalizeText } from '../text';
import { entityLookup, ExportDocument, ExportFormat, sortDocuments, sortedClaims, sortedMentions } from './document';
import { mintId, ImportedDocument, safeRelativePath } from './imported';

export const CLAIM_SPAN_LABEL = 'claim';

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function line(d: ExportDocument & { text: string }): { json: string; orphans: number } {
  const entity = entityLookup(d.codebook);
  // An orphan's offsets are where it was, not where its text is now: a span there would be wrong.
  const placed = <T extends { anchor: string }>(list: T[]) => list.filter(a => a.anchor !== 'orphan');
  const mentions = placed(sortedMentions(d.sidecar)), claims = placed(sortedClaims(d.sidecar));
  const orphans = d.sidecar.mentions.length + d.sidecar.claims.length - mentions.length - claims.length;
  const record = {
    text: d.text,
    spans: mentions.map(m => ({ start: m.start, end: m.end, label: entity(m.entity)?.type ?? '', kb_id: m.entity, id: m.id })),
    claims: claims.map(c => defined({ start: c.start, end: c.end, label: CLAIM_SPAN_LABEL, kb_id: c.claimant, id: c.id, stance: c.stance,
      topic: c.topic, addressee: c.addressee, object: c.object, form: c.form, note: c.note })),
    // Relative to the folder common to the exported articles, as the import places it (and brat's layout is).
    meta: { article: d.name, ...d.sidecar.article },
  };
  return { json: JSON.stringify(record), orphans };
}

export const jsonlFormat: ExportFormat = {
  summary: 'spaCy/Prodigy JSONL: one article per line, text and spans {start, end, label, kb_id} in code points',
  render(documents) {
    const lines: string[] = [], notes: string[] = [];
    for (const d of sortDocuments(documents)) {
      if (d.text === undefined) { notes.push(`${d.article}: the article is missing; a JSONL line needs its text, skipped`); continue; }
      const { json, orphans } = line({ ...d, text: d.text });
      if (orphans) notes.push(`${d.article}: ${orphans} orphaned annotation(s) left out (run \`claimlens fmt\`, then re-attach them)`);
      lines.push(json);
    }
    return { files: [{ path: 'annotations.jsonl', text: lines.map(l => l + '\n').join('') }], notes };
  },
};

// ---------------------------------------------------------------- importing

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Code-point offsets into `raw` as offsets into its normalised text: a leading BOM and the CR of
 * each CRLF are not part of it. (Python counts them when the text kept them.)
 */
function offsetMap(raw: string): (offset: number) => number {
  if (!raw.includes('\r') && raw.charCodeAt(0) !== 0xfeff) return o => o;
  const points = Array.from(raw);
  const map = new Int32Array(points.length + 1);
  let n = 0;
  points.forEach((ch, i) => {
    map[i] = n;
    const dropped = (i === 0 && ch === '\uFEFF') || (ch === '\r' && points[i + 1] === '\n');
    if (!dropped) n++;
  });
  map[points.length] = n;
  return o => map[Math.max(0, Math.min(o, points.length))];
}

const ARTICLE_KEYS = ['title', 'source', 'author', 'date', 'hash'] as const;

/** The file name for a line without `meta.article`: from its text, so the same text lands in the same file. */
export function articleNameFor(text: string): string {
  return `article-${hashText(text).slice('sha256:'.length)}.txt`;
}

/**
 * One JSONL line as an article with annotations. Spans need integer `start` and `end` in code
 * points and a `kb_id` (the entity); `id` is kept when it is a usable id, else one is minted. A span
 * whose `text` is given must match the article there.
 */
export function importJsonlLine(source: string, origin: string): ImportedDocument | { error: string } {
  let value: unknown;
  try { value = JSON.parse(source); } catch (e) { return { error: `${origin}: not JSON (${(e as Error).message})` }; }
  if (!isObject(value) || typeof value.text !== 'string') return { error: `${origin}: a line must be a JSON object with a "text" string` };
  const notes: string[] = [];
  const raw = value.text;
  const text = normalizeText(raw);
  const index = new CodePointIndex(text);
  const toNormal = offsetMap(raw);
  const rawLength = [...raw].length;
  const meta = isObject(value.meta) ? value.meta : {};
  let article = articleNameFor(text);
  if (meta.article !== undefined) {
    const safe = typeof meta.article === 'string' ? safeRelativePath(meta.article) : undefined;
    if (safe) article = safe;
    else notes.push(`${origin}: meta.article ${JSON.stringify(meta.article)} is not a relative path inside the destination; using ${article}`);
  }
  const facts: ArticleMeta = {};
  for (const k of ARTICLE_KEYS) if (typeof meta[k] === 'string') facts[k] = meta[k] as string;
  // The hash is of this text: one from elsewhere would call the annotations stale, or hide that they are.
  facts.hash = hashText(text);
  const sidecar: Sidecar = { version: 1, article: facts, mentions: [], claims: [] };
  const taken = new Set<string>();
  const read = (list: unknown, key: string, kind: 'm' | 'c') => {
    if (list === undefined) return;
    if (!Array.isArray(list)) { notes.push(`${origin}: "${key}" is not a list; ignored`); return; }
    list.forEach((s, i) => {
      const where = `${origin}: ${key}[${i}]`;
      if (!isObject(s)) { notes.push(`${where}: not an object; skipped`); return; }
      const { start, end, kb_id: actor } = s;
      if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) < (start as number)) {
        notes.push(`${where}: needs integer start <= end; skipped`); return;
      }
      if ((end as number) > rawLength) { notes.push(`${where}: ends after the text; skipped`); return; }
      const from = toNormal(start as number), to = toNormal(end as number);
      if (typeof actor !== 'string' || actor === '') { notes.push(`${where}: has no kb_id (the ${kind === 'm' ? 'entity' : 'claimant'} id); skipped`); return; }
      const quote = index.quote(from, to);
      if (typeof s.text === 'string' && normalizeText(s.text) !== quote.text) { notes.push(`${where}: its text is not the article's text at ${start}–${end}; skipped`); return; }
      const id = typeof s.id === 'string' && s.id.startsWith(kind) && /^\S+$/.test(s.id) && !taken.has(s.id) ? s.id : mintId(kind, taken);
      taken.add(id);
      const span = { id, start: from, end: to, ...quote, anchor: 'exact' as const };
      if (kind === 'm') { sidecar.mentions.push({ ...span, entity: actor }); return; }
      const claim: Sidecar['claims'][number] = { ...span, claimant: actor };
      for (const k of ['stance', 'topic', 'addressee', 'object', 'note'] as const) if (typeof s[k] === 'string') claim[k] = s[k] as string;
      if (CLAIM_FORMS.includes(s.form as ClaimForm)) claim.form = s.form as ClaimForm;
      sidecar.claims.push(claim);
    });
  };
  read(value.spans, 'spans', 'm');
  read(value.claims, 'claims', 'c');
  return { article, text, sidecar, origin, notes };
}
