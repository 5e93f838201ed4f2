// The exports read back with real parsers: CSV with csv-parse, W3C JSON-LD as JSON (with the
// fields the Web Annotation model requires), JSONL line by line; on the sample corpus and on a
// small document with the awkward cases (quotes, commas, line breaks, astral characters).
import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { csvFormat, CLAIM_COLUMNS, MENTION_COLUMNS, ALL_COLUMNS } from '../../src/core/exports/csv';
import { importJsonlLine, jsonlFormat } from '../../src/core/exports/jsonl';
import { w3cFormat, W3C_CONTEXT } from '../../src/core/exports/w3c';
import { CodePointIndex } from '../../src/core/text';
import { awkwardDocument, sampleDocuments } from './exportsFixtures';

function only(files: { path: string; text: string }[]): string {
  assert.equal(files.length, 1);
  return files[0].text;
}

describe('CSV export', () => {
  it('writes mentions.csv and claims.csv to a folder, each row a sidecar annotation, read back by csv-parse', () => {
    const docs = sampleDocuments();
    const { files } = csvFormat.render(docs, { target: 'folder' });
    assert.deepEqual(files.map(f => f.path), ['mentions.csv', 'claims.csv']);
    const [mentions, claims] = files.map(f => parse(f.text, { columns: true }) as Record<string, string>[]);
    assert.deepEqual(Object.keys(mentions[0]), [...MENTION_COLUMNS]);
    assert.deepEqual(Object.keys(claims[0]), [...CLAIM_COLUMNS]);
    assert.equal(mentions.length, docs.reduce((n, d) => n + d.sidecar.mentions.length, 0));
    assert.equal(claims.length, docs.reduce((n, d) => n + d.sidecar.claims.length, 0));
    // Sorted by article, then start, then id, whatever the input order.
    const keys = mentions.map(r => [r.article, Number(r.start), r.id] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || a[1] - b[1] || (a[2] < b[2] ? -1 : 1));
    assert.deepEqual(keys, sorted);
    const byId = new Map(docs.flatMap(d => d.sidecar.claims.map(c => [c.id, c])));
    for (const row of claims) {
      const c = byId.get(row.id)!;
      assert.equal(row.text, c.text);
      assert.equal(row.note, c.note ?? '');
      assert.equal(row.claimant, c.claimant);
      assert.equal(row.type, docs[0].codebook.entities.find(e => e.id === c.claimant)?.type ?? '');
    }
  });

  it('quotes commas, quotes and line breaks (RFC 4180: CRLF records, doubled quotes) so a parser gets the exact text', () => {
    const doc = awkwardDocument();
    const text = only(csvFormat.render([doc], { target: 'stream', table: 'claims' }).files);
    assert.ok(text.endsWith('\r\n'));
    assert.ok(text.includes('"a ""note"",\nover two lines"'));
    const [row] = parse(text, { columns: true }) as Record<string, string>[];
    assert.equal(row.text, doc.sidecar.claims[0].text);
    assert.equal(row.note, doc.sidecar.claims[0].note);
    assert.equal(row.start, '12');
  });

  it('gives one stream both kinds in one table with a kind column, interleaved by position', () => {
    const rows = parse(only(csvFormat.render([awkwardDocument()], { target: 'stream' }).files), { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]), [...ALL_COLUMNS]);
    assert.deepEqual(rows.map(r => [r.kind, r.entity]), [['mention', 'ana'], ['claim', 'ana']]);
  });

  it('is deterministic', () => {
    const a = csvFormat.render(sampleDocuments(), { target: 'folder' });
    const b = csvFormat.render(sampleDocuments().reverse(), { target: 'folder' });
    assert.deepEqual(a, b);
  });
});

describe('W3C Web Annotation export', () => {
  it('is an AnnotationCollection whose annotations have the required fields and both selectors', () => {
    const docs = sampleDocuments();
    const collection = JSON.parse(only(w3cFormat.render(docs, { target: 'stream' }).files));
    assert.ok(collection['@context'].includes(W3C_CONTEXT));
    assert.equal(collection.type, 'AnnotationCollection');
    assert.equal(typeof collection.id, 'string');
    const page = collection.first;
    assert.equal(page.type, 'AnnotationPage');
    assert.equal(typeof page.id, 'string');
    const total = docs.reduce((n, d) => n + d.sidecar.mentions.length + d.sidecar.claims.length, 0);
    assert.equal(collection.total, total);
    assert.equal(page.items.length, total);
    const ids = new Set<string>();
    for (const a of page.items) {
      assert.equal(a.type, 'Annotation');
      assert.match(a.id, /^urn:claimlens:/);
      ids.add(a.id);
      assert.ok(['identifying', 'classifying'].includes(a.motivation));
      assert.ok(a.body);
      const doc = docs.find(d => d.article === a.target.source)!;
      const quote = a.target.selector.find((s: { type: string }) => s.type === 'TextQuoteSelector');
      const position = a.target.selector.find((s: { type: string }) => s.type === 'TextPositionSelector');
      assert.equal(new CodePointIndex(doc.text!).slice(position.start, position.end), quote.exact);
      assert.equal(typeof quote.prefix, 'string');
      assert.equal(typeof quote.suffix, 'string');
    }
    assert.equal(ids.size, total);
  });

  it('carries entity and type for a mention, claimant, stance and the note for a claim, with code-point positions', () => {
    const items = JSON.parse(only(w3cFormat.render([awkwardDocument()], { target: 'stream' }).files)).first.items;
    assert.deepEqual(items[0].body, { type: 'cl:Mention', entity: 'ana', entityType: 'person', name: 'Ana' });
    assert.deepEqual(items[0].target.selector[1], { type: 'TextPositionSelector', start: 2, end: 5 });
    const [claim, note] = items[1].body;
    assert.equal(claim.claimant, 'ana');
    assert.equal(claim.stance, 'support');
    assert.deepEqual(note, { type: 'TextualBody', purpose: 'commenting', value: 'a "note",\nover two lines', format: 'text/plain' });
  });
});

describe('JSONL export and import', () => {
  it('writes one article per line; text[start:end] in code points is each span, kb_id its entity', () => {
    const docs = sampleDocuments();
    const text = only(jsonlFormat.render(docs, { target: 'stream' }).files);
    const lines = text.split('\n').filter(Boolean);
    assert.equal(lines.length, docs.length);
    for (const l of lines) {
      const record = JSON.parse(l);
      const doc = docs.find(d => d.name === record.meta.article)!;
      const points = Array.from(record.text as string);
      assert.equal(record.spans.length, doc.sidecar.mentions.filter(m => m.anchor !== 'orphan').length);
      for (const s of record.spans) {
        const m = doc.sidecar.mentions.find(x => x.id === s.id)!;
        assert.equal(points.slice(s.start, s.end).join(''), m.text);
        assert.equal(s.kb_id, m.entity);
        assert.equal(s.label, doc.codebook.entities.find(e => e.id === m.entity)?.type ?? '');
      }
      for (const c of record.claims) assert.equal(points.slice(c.start, c.end).join(''), doc.sidecar.claims.find(x => x.id === c.id)!.text);
    }
  });

  it('counts an emoji as one (Python str indices), not two UTF-16 units', () => {
    const record = JSON.parse(only(jsonlFormat.render([awkwardDocument()], { target: 'stream' }).files));
    assert.deepEqual(record.spans, [{ start: 2, end: 5, label: 'person', kb_id: 'ana', id: 'm0000001' }]);
  });

  it('reads its own lines back into the same annotations', () => {
    const doc = awkwardDocument();
    const line = only(jsonlFormat.render([doc], { target: 'stream' }).files).trim();
    const imported = importJsonlLine(line, 'x.jsonl:1');
    assert.ok(!('error' in imported));
    assert.equal(imported.article, 'awkward.txt');
    assert.deepEqual(imported.sidecar.mentions, doc.sidecar.mentions);
    assert.deepEqual(imported.sidecar.claims, doc.sidecar.claims);
    assert.equal(imported.sidecar.article.title, doc.sidecar.article.title);
  });

  it('maps offsets of a text with a BOM and CRLF onto the normalised text, and skips spans it cannot place', () => {
    const raw = '\uFEFFOne\r\nAna 😀 Ana';
    // Python offsets of the raw string: BOM 0, "One" 1-4, CR 4, LF 5, "Ana" 6-9, emoji 10, "Ana" 12-15.
    const line = JSON.stringify({ text: raw, spans: [
      { start: 6, end: 9, label: 'PERSON', kb_id: 'ana' },
      { start: 12, end: 15, label: 'PERSON', kb_id: 'ana', text: 'Ana' },
      { start: 1, end: 4, label: 'PERSON' },
      { start: 12, end: 15, kb_id: 'ana', text: 'Bob' },
      { start: 14, end: 99, kb_id: 'ana' },
    ] });
    const imported = importJsonlLine(line, 'x.jsonl:1');
    assert.ok(!('error' in imported));
    assert.equal(imported.text, 'One\nAna 😀 Ana');
    assert.deepEqual(imported.sidecar.mentions.map(m => [m.start, m.end, m.text]), [[4, 7, 'Ana'], [10, 13, 'Ana']]);
    assert.equal(imported.notes.length, 3);
    assert.match(imported.article, /^article-[0-9a-f]{16}\.txt$/);
    assert.ok(imported.sidecar.mentions.every(m => /^m[0-9a-z]{7}$/.test(m.id)));
  });

  it('refuses what is not a line of articles, and article paths that leave the destination', () => {
    assert.ok('error' in importJsonlLine('{"spans": []}', 'x:1'));
    assert.ok('error' in importJsonlLine('not json', 'x:2'));
    const outside = importJsonlLine(JSON.stringify({ text: 'a', meta: { article: '../../etc/passwd' } }), 'x:3');
    assert.ok(!('error' in outside));
    assert.match(outside.article, /^article-/);
  });
});
