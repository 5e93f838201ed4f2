// `claimlens export` and `claimlens import` on real files: the sample corpus to brat and back into
// an empty folder gives the same sidecars byte for byte; imports merge by id and never overwrite
// an existing sidecar's annotations without --replace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DOMParser } from '@xmldom/xmldom';
import { runCli } from '../../src/cli/run';
import { loadSidecar } from '../../src/core/sidecarFormat';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLES = path.join(ROOT, 'samples');
const temps: string[] = [];
after(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-exports-'));
  temps.push(dir);
  return dir;
}

async function run(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const code = await runCli(args, { cwd, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr };
}

const sidecars = () => fs.readdirSync(SAMPLES).filter(f => f.endsWith('.annotations.yaml')).sort();

describe('claimlens export', () => {
  it('writes CSV to standard output: both kinds in one table, read back by csv-parse', async () => {
    const r = await run(ROOT, 'export', '--format', 'csv', 'samples');
    assert.equal(r.code, 0, r.stderr);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    assert.equal(rows.filter(x => x.kind === 'mention').length, 616);
    assert.equal(rows.filter(x => x.kind === 'claim').length, 95);
    assert.ok(rows.every(x => x.article.startsWith('samples/')));
  });

  it('writes each discourse network as GraphML that an XML parser reads, with the claims counted from the sidecars', async () => {
    const claims = new Map<string, number>(); // claimant -> claims with a topic, counted from the files
    for (const f of sidecars()) {
      for (const c of loadSidecar(fs.readFileSync(path.join(SAMPLES, f), 'utf8')).sidecar!.claims) if (c.topic) claims.set(c.claimant, (claims.get(c.claimant) ?? 0) + 1);
    }
    for (const network of ['two-mode', 'congruence', 'conflict']) {
      const r = await run(ROOT, 'export', '--format', 'graphml', '--network', network, 'samples');
      assert.equal(r.code, 0, r.stderr);
      const errors: string[] = [];
      const doc = new DOMParser({ onError: (level, msg) => { errors.push(`${level}: ${msg}`); } }).parseFromString(r.stdout, 'text/xml');
      assert.deepEqual(errors, []);
      const graph = doc.getElementsByTagName('graph')[0];
      assert.equal(graph.getAttribute('id'), network);
      const nodes = Array.from(doc.getElementsByTagName('node'));
      assert.ok(nodes.length > 0);
      if (network === 'two-mode') {
        const weights = new Map<string, number>();
        for (const e of Array.from(doc.getElementsByTagName('edge'))) {
          const w = Number(Array.from(e.getElementsByTagName('data')).find(d => d.getAttribute('key') === 'weight')!.textContent);
          const actor = e.getAttribute('source')!.replace(/^actor:/, '');
          weights.set(actor, (weights.get(actor) ?? 0) + w);
        }
        assert.deepEqual([...weights].sort(), [...claims].sort());
      }
    }
    const wrong = await run(ROOT, 'export', '--format', 'graphml', '--network', 'star', 'samples');
    assert.equal(wrong.code, 2);
  });

  it('writes mentions.csv and claims.csv into a folder, and one table into a file', async () => {
    const out = tempDir();
    assert.equal((await run(ROOT, 'export', '--format', 'csv', '--out', out + '/', 'samples')).code, 0);
    assert.deepEqual(fs.readdirSync(out).sort(), ['claims.csv', 'mentions.csv']);
    const file = path.join(out, 'claims-only.csv');
    assert.equal((await run(ROOT, 'export', '--format', 'csv', '--table', 'claims', '--out', file, 'samples')).code, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), fs.readFileSync(path.join(out, 'claims.csv'), 'utf8'));
  });

  it('writes W3C JSON-LD and JSONL to standard output, the same bytes every time', async () => {
    for (const format of ['w3c', 'jsonl']) {
      const a = await run(ROOT, 'export', '--format', format, 'samples'), b = await run(ROOT, 'export', '--format', format, 'samples');
      assert.equal(a.code, 0, a.stderr);
      assert.equal(a.stdout, b.stdout);
      if (format === 'w3c') assert.equal(JSON.parse(a.stdout).type, 'AnnotationCollection');
      else assert.equal(a.stdout.trim().split('\n').map(l => JSON.parse(l)).length, 3);
    }
  });

  it('says what is wrong with the command line', async () => {
    const cases: [string[], RegExp][] = [
      [['export', 'samples'], /--format is required/],
      [['export', '--format', 'xml', 'samples'], /unknown format 'xml'/],
      [['export', '--format', 'brat', 'samples'], /give --out <dir>/],
      [['export', '--format', 'w3c', '--table', 'claims', 'samples'], /--table is for csv/],
      [['export', '--format', 'csv', '--table', 'actors', 'samples'], /--table must be one of/],
      [['export', '--format', 'csv', 'nowhere'], /no such file or folder: nowhere/],
    ];
    for (const [args, message] of cases) {
      const r = await run(ROOT, ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });

  it('never writes over the corpus it exports', async () => {
    const corpus = tempDir();
    fs.cpSync(SAMPLES, corpus, { recursive: true });
    const before = fs.readFileSync(path.join(corpus, '000_30b9ca53c861b234.txt'));
    const r = await run(corpus, 'export', '--format', 'brat', '--out', '.', '.');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /will not write over/);
    assert.deepEqual(fs.readFileSync(path.join(corpus, '000_30b9ca53c861b234.txt')), before);
  });
});

describe('claimlens import', () => {
  it('brings a brat export of the samples back into an empty folder as the same sidecars, byte for byte', async () => {
    const brat = tempDir(), dest = tempDir();
    assert.equal((await run(ROOT, 'export', '--format', 'brat', '--out', brat, 'samples')).code, 0);
    const r = await run(ROOT, 'import', '--format', 'brat', '--out', dest, brat);
    assert.equal(r.code, 0, r.stderr);
    for (const f of sidecars()) {
      assert.deepEqual(fs.readFileSync(path.join(dest, f)), fs.readFileSync(path.join(SAMPLES, f)), f);
      const article = f.slice(0, -'.annotations.yaml'.length);
      assert.deepEqual(fs.readFileSync(path.join(dest, article)), fs.readFileSync(path.join(SAMPLES, article)), article);
    }
    // Imported again: nothing changes.
    const again = await run(ROOT, 'import', '--format', 'brat', '--out', dest, brat);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^unchanged .*000_30b9ca53c861b234\.txt\.annotations\.yaml \(101 unchanged\)$/m);
  });

  it('merges a brat edit by id: a new annotation is added, a changed one stops the article unless --replace', async () => {
    const brat = tempDir(), corpus = tempDir();
    fs.cpSync(SAMPLES, corpus, { recursive: true });
    assert.equal((await run(corpus, 'export', '--format', 'brat', '--out', brat, '.')).code, 0);
    const annFile = path.join(brat, '003_783d3b7188b5998a.ann');
    // In brat: a new mention, and one claim's stance changed.
    let ann = fs.readFileSync(annFile, 'utf8') + 'T9999\tchina 0 4\tThis\n';
    const stance = /^(A\d+\tStance T\d+ )(\S+)$/m.exec(ann)!;
    ann = ann.replace(stance[0], stance[1] + (stance[2] === 'oppose' ? 'support' : 'oppose'));
    fs.writeFileSync(annFile, ann);
    const sidecar = path.join(corpus, '003_783d3b7188b5998a.txt.annotations.yaml');
    const before = fs.readFileSync(sidecar, 'utf8');

    const refused = await run(corpus, 'import', '--format', 'brat', brat);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /has other content under 1 id: c[0-9a-z]{7}; not imported \(--replace takes the imported ones\)/);
    assert.equal(fs.readFileSync(sidecar, 'utf8'), before);

    const replaced = await run(corpus, 'import', '--format', 'brat', '--replace', brat);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.match(replaced.stdout, /^merged 003_783d3b7188b5998a\.txt\.annotations\.yaml \(1 added, 1 replaced, 164 unchanged\)$/m);
    const after = fs.readFileSync(sidecar, 'utf8');
    assert.match(after, /\{id: m[0-9a-z]{7}, entity: china, start: 0, end: 4, text: "This"/);
    assert.equal(after.split('\n').length, before.split('\n').length + 1);
    assert.equal((await run(corpus, 'validate', '003_783d3b7188b5998a.txt')).code, 0);
  });

  it('refuses to put annotations on an article with another text', async () => {
    const brat = tempDir(), corpus = tempDir();
    fs.cpSync(SAMPLES, corpus, { recursive: true });
    await run(corpus, 'export', '--format', 'brat', '--out', brat, '.');
    fs.appendFileSync(path.join(corpus, '000_30b9ca53c861b234.txt'), 'An added line.\n');
    const r = await run(corpus, 'import', '--format', 'brat', brat);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /000_30b9ca53c861b234\.txt exists with another text; not imported/);
  });

  it('imports JSONL pre-annotations: a new article from its text, a sidecar beside it, offsets in code points', async () => {
    const dest = tempDir();
    const jsonl = path.join(dest, 'pre.jsonl');
    fs.writeFileSync(jsonl, [
      JSON.stringify({ text: '😀 Xi Jinping met Putin.', spans: [{ start: 2, end: 12, label: 'PERSON', kb_id: 'xi-jinping' },
        { start: 17, end: 22, label: 'PERSON', kb_id: 'vladimir-putin' }], meta: { article: 'news/a.txt', title: 'A meeting' } }),
      '{"text": 42}',
      '',
    ].join('\n'));
    const r = await run(dest, 'import', '--format', 'jsonl', 'pre.jsonl');
    assert.equal(r.code, 1); // the second line is not an article
    assert.match(r.stderr, /pre\.jsonl:2: a line must be a JSON object with a "text" string/);
    assert.equal(fs.readFileSync(path.join(dest, 'news/a.txt'), 'utf8'), '😀 Xi Jinping met Putin.');
    const sidecar = fs.readFileSync(path.join(dest, 'news/a.txt.annotations.yaml'), 'utf8');
    assert.match(sidecar, /entity: xi-jinping, start: 2, end: 12, text: "Xi Jinping"/);
    assert.match(sidecar, /title: "A meeting"/);
    // The same pre-annotations again add nothing, though their ids are minted anew.
    const again = await run(dest, 'import', '--format', 'jsonl', 'pre.jsonl');
    assert.match(again.stdout, /^unchanged news\/a\.txt\.annotations\.yaml \(2 unchanged\)$/m);
    assert.equal(fs.readFileSync(path.join(dest, 'news/a.txt.annotations.yaml'), 'utf8'), sidecar);
  });

  it('round-trips the samples through JSONL into the same annotations', async () => {
    const dest = tempDir();
    const out = path.join(dest, 'samples.jsonl');
    assert.equal((await run(ROOT, 'export', '--format', 'jsonl', '--out', out, 'samples')).code, 0);
    const r = await run(dest, 'import', '--format', 'jsonl', '--out', 'corpus', 'samples.jsonl');
    assert.equal(r.code, 0, r.stderr);
    for (const f of sidecars()) {
      const original = fs.readFileSync(path.join(SAMPLES, f), 'utf8'), imported = fs.readFileSync(path.join(dest, 'corpus', f), 'utf8');
      // Mentions and claims come back whole; the article's facts too (title, source, hash of the same text).
      assert.equal(imported, original, f);
    }
  });
});
