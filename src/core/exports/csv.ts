// CSV export: a table of mentions and a table of claims, one row per annotation, for pandas, R or
// a spreadsheet. Quoting follows RFC 4180 (csv-stringify: a field with a comma, quote or line
// break is quoted, quotes doubled; lines end with CRLF as the RFC says, which pandas and R read).
import { stringify } from 'csv-stringify/sync';
import { byStartThenId, ExportDocument, ExportFormat, ExportResult, entityLookup, sortDocuments, sortedClaims, sortedMentions } from './document';

export const MENTION_COLUMNS = ['article', 'id', 'entity', 'type', 'start', 'end', 'text', 'anchor'] as const;
export const CLAIM_COLUMNS = ['article', 'id', 'claimant', 'type', 'start', 'end', 'text', 'stance', 'topic',
  'addressee', 'object', 'form', 'note', 'anchor'] as const;
/** One table of both kinds: `kind` first, then every column of either table (claimant shares `entity`). */
export const ALL_COLUMNS = ['kind', 'article', 'id', 'entity', 'type', 'start', 'end', 'text', 'stance', 'topic',
  'addressee', 'object', 'form', 'note', 'anchor'] as const;

export const CSV_TABLES = ['all', 'mentions', 'claims'] as const;
export type CsvTable = typeof CSV_TABLES[number];

type Row = Record<string, string | number>;

function rows(documents: readonly ExportDocument[]): { mentions: Row[]; claims: Row[]; all: Row[] } {
  const mentions: Row[] = [], claims: Row[] = [], all: Row[] = [];
  for (const d of sortDocuments(documents)) {
    const entity = entityLookup(d.codebook);
    const type = (id: string) => entity(id)?.type ?? '';
    // Both kinds of one article interleave by position in the combined table.
    const merged: { start: number; id: string; row: Row }[] = [];
    for (const m of sortedMentions(d.sidecar)) {
      const row: Row = { article: d.article, id: m.id, entity: m.entity, type: type(m.entity), start: m.start, end: m.end, text: m.text, anchor: m.anchor };
      mentions.push(row);
      merged.push({ start: m.start, id: m.id, row: { kind: 'mention', ...row } });
    }
    for (const c of sortedClaims(d.sidecar)) {
      const fields = { id: c.id, type: type(c.claimant), start: c.start, end: c.end, text: c.text, stance: c.stance ?? '', topic: c.topic ?? '',
        addressee: c.addressee ?? '', object: c.object ?? '', form: c.form ?? '', note: c.note ?? '', anchor: c.anchor };
      claims.push({ article: d.article, claimant: c.claimant, ...fields });
      merged.push({ start: c.start, id: c.id, row: { kind: 'claim', article: d.article, entity: c.claimant, ...fields } });
    }
    merged.sort(byStartThenId);
    all.push(...merged.map(m => m.row));
  }
  return { mentions, claims, all };
}

export function toCsv(columns: readonly string[], data: readonly Row[]): string {
  return stringify(data.map(r => columns.map(c => r[c] ?? '')), { header: true, columns: [...columns], record_delimiter: 'windows' });
}

/**
 * To a folder: `mentions.csv` and `claims.csv` (or only the table asked for). To one stream: the
 * table asked for, by default `all`, both kinds in one table with a `kind` column.
 */
export const csvFormat: ExportFormat = {
  summary: 'a table of mentions and one of claims (RFC 4180); one stream gets --table all|mentions|claims',
  tables: CSV_TABLES,
  render(documents, options): ExportResult {
    const table = (options.table ?? 'all') as CsvTable;
    const r = rows(documents);
    const mentions = { path: 'mentions.csv', text: toCsv(MENTION_COLUMNS, r.mentions) };
    const claims = { path: 'claims.csv', text: toCsv(CLAIM_COLUMNS, r.claims) };
    if (table === 'mentions') return { files: [mentions], notes: [] };
    if (table === 'claims') return { files: [claims], notes: [] };
    if (options.target === 'folder' && options.table === undefined) return { files: [mentions, claims], notes: [] };
    return { files: [{ path: 'annotations.csv', text: toCsv(ALL_COLUMNS, r.all) }], notes: [] };
  },
};
