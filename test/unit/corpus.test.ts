import * as assert from 'node:assert/strict';
import { DEFAULT_CODEBOOK } from '../../src/core/codebook';
import { serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex, hashText } from '../../src/core/text';
import { Sidecar } from '../../src/core/model';
import {
  checkEntry, corpusMap, discoverCodebook, findCodebook, findCorpusFiles, isCurrent, loadCorpus, parentFolder,
} from '../../src/store/corpus';
import { MemoryFileSystem } from '../support/memoryFileSystem';


const ARTICLE = 'Russia and China met in Moscow.\n';
const CODEBOOK = `claimlens: 1
entities:
  - {id: russia, name: Russia, type: country}
  - {id: china, name: China, type: country}
`;

function sidecarFor(article: string, spans: [string, string, string][]): string {
  const ix = new CodePointIndex(article);
  const s: Sidecar = { version: 1, article: { hash: hashText(article) }, claims: [], mentions: spans.map(([id, entity, text]) => {
    const start = ix.text.indexOf(text);
    return { id, entity, start, end: start + text.length, ...ix.quote(start, start + text.length), anchor: 'exact' as const };
  }) };
  return serializeSidecar(s);
}

describe('corpus', () => {
  describe('parentFolder', () => {
    it('walks up POSIX paths and stops at the root', () => {
      assert.equal(parentFolder('/a/b'), '/a');
      assert.equal(parentFolder('/a/b/'), '/a');
      assert.equal(parentFolder('/a'), '/');
      assert.equal(parentFolder('/'), undefined);
    });
    it('stops at the top of a URI and a drive', () => {
      assert.equal(parentFolder('file:///ws/docs'), 'file:///ws');
      assert.equal(parentFolder('file:///ws'), undefined);
      assert.equal(parentFolder('vscode-vfs://github/o/r'), 'vscode-vfs://github/o');
      assert.equal(parentFolder('C:/x'), undefined);
      assert.equal(parentFolder('C:/x/y'), 'C:/x');
    });
  });

  describe('finding the codebook', () => {
    const fs = new MemoryFileSystem({
      '/ws/claimlens.codebook.yaml': CODEBOOK,
      '/ws/a/b/x.txt': ARTICLE,
      '/other/x.txt': ARTICLE,
    });
    it('finds it in the folder or the nearest folder above', async () => {
      assert.equal(await findCodebook(fs, '/ws'), '/ws/claimlens.codebook.yaml');
      assert.equal(await findCodebook(fs, '/ws/a/b'), '/ws/claimlens.codebook.yaml');
    });
    it('does not look above stopAt', async () => {
      assert.equal(await findCodebook(fs, '/ws/a/b', { stopAt: '/ws/a' }), undefined);
      assert.equal(await findCodebook(fs, '/ws/a/b', { stopAt: '/ws' }), '/ws/claimlens.codebook.yaml');
    });
    it('falls back to the default codebook', async () => {
      const source = await discoverCodebook(fs, '/other');
      assert.equal(source.location, undefined);
      assert.equal(source.codebook, DEFAULT_CODEBOOK);
      assert.equal(source.usable, true);
      assert.deepEqual(source.problems, []);
    });
    it('marks a codebook that cannot be read as unusable, with its problems', async () => {
      const broken = new MemoryFileSystem({ '/ws/claimlens.codebook.yaml': 'claimlens: 1\nentities: [\n' });
      const source = await discoverCodebook(broken, '/ws');
      assert.equal(source.usable, false);
      assert.equal(source.codebook, DEFAULT_CODEBOOK);
      assert.ok(source.problems.length > 0);
      assert.ok(source.problems.every(p => p.file === '/ws/claimlens.codebook.yaml'));
    });
  });

  describe('finding sidecars', () => {
    const fs = new MemoryFileSystem({
      '/ws/claimlens.codebook.yaml': CODEBOOK,
      '/ws/a.txt': ARTICLE,
      '/ws/a.txt.annotations.yaml': sidecarFor(ARTICLE, []),
      '/ws/sub/b.txt': ARTICLE,
      '/ws/sub/b.txt.annotations.yaml': sidecarFor(ARTICLE, []),
      '/ws/sub/claimlens.codebook.yaml': CODEBOOK,
      '/ws/.git/c.txt.annotations.yaml': '',
      '/ws/node_modules/d.txt.annotations.yaml': '',
      '/ws/plain.txt': 'no sidecar',
    });
    it('expands folders recursively, skipping dot folders and node_modules', async () => {
      const found = await findCorpusFiles(fs, ['/ws']);
      assert.deepEqual(found.sidecars, ['/ws/a.txt.annotations.yaml', '/ws/sub/b.txt.annotations.yaml']);
      assert.deepEqual(found.codebooks, ['/ws/claimlens.codebook.yaml', '/ws/sub/claimlens.codebook.yaml']);
      assert.deepEqual(found.missing, []);
    });
    it('accepts sidecars and articles by name, without duplicates', async () => {
      const found = await findCorpusFiles(fs, ['/ws/a.txt', '/ws/a.txt.annotations.yaml', '/ws/sub/', '/ws/plain.txt']);
      assert.deepEqual(found.sidecars, ['/ws/a.txt.annotations.yaml', '/ws/sub/b.txt.annotations.yaml']);
    });
    it('reports paths that do not exist', async () => {
      const found = await findCorpusFiles(fs, ['/ws/nope', '/ws/nope.txt.annotations.yaml', '/ws/x/claimlens.codebook.yaml']);
      assert.deepEqual(found.missing, ['/ws/nope', '/ws/nope.txt.annotations.yaml', '/ws/x/claimlens.codebook.yaml']);
      assert.deepEqual(found.sidecars, []);
    });
  });

  describe('loading', () => {
    it('loads each sidecar with its article and the nearest codebook', async () => {
      const fs = new MemoryFileSystem({
        '/ws/claimlens.codebook.yaml': CODEBOOK,
        '/ws/a.txt': ARTICLE,
        '/ws/a.txt.annotations.yaml': sidecarFor(ARTICLE, [['m1', 'russia', 'Russia']]),
        '/ws/sub/claimlens.codebook.yaml': 'claimlens: 1\nentities:\n  - {id: moscow, name: Moscow, type: country}\n',
        '/ws/sub/b.txt': ARTICLE,
        '/ws/sub/b.txt.annotations.yaml': sidecarFor(ARTICLE, [['m1', 'moscow', 'Moscow']]),
      });
      const corpus = await loadCorpus(fs, ['/ws']);
      assert.equal(corpus.entries.length, 2);
      const [a, b] = corpus.entries;
      assert.equal(a.articlePath, '/ws/a.txt');
      assert.equal(a.articleText, ARTICLE);
      assert.equal(a.codebook.location, '/ws/claimlens.codebook.yaml');
      assert.equal(b.codebook.location, '/ws/sub/claimlens.codebook.yaml');
      assert.deepEqual(checkEntry(a), []);
      assert.deepEqual(checkEntry(b), []);
      assert.deepEqual(corpus.codebooks.map(c => c.location), ['/ws/claimlens.codebook.yaml', '/ws/sub/claimlens.codebook.yaml']);
      assert.ok(isCurrent(a));
      assert.deepEqual([...corpusMap(corpus.entries).keys()], ['/ws/a.txt.annotations.yaml', '/ws/sub/b.txt.annotations.yaml']);
    });

    it('reads each codebook once however many sidecars share it', async () => {
      const files: Record<string, string> = { '/ws/claimlens.codebook.yaml': CODEBOOK };
      for (let i = 0; i < 40; i++) { files[`/ws/d${i % 3}/a${i}.txt`] = ARTICLE; files[`/ws/d${i % 3}/a${i}.txt.annotations.yaml`] = sidecarFor(ARTICLE, []); }
      const fs = new MemoryFileSystem(files);
      const reads: string[] = [];
      const read = fs.readText.bind(fs);
      fs.readText = async (location: string) => { reads.push(location); return read(location); };
      const corpus = await loadCorpus(fs, ['/ws']);
      assert.equal(corpus.entries.length, 40);
      assert.equal(reads.filter(r => r.endsWith('claimlens.codebook.yaml')).length, 1);
      assert.ok(corpus.entries.every(e => e.codebook === corpus.entries[0].codebook));
      // results keep the sorted order of the sidecars
      assert.deepEqual(corpus.entries.map(e => e.sidecarPath), [...corpus.entries.map(e => e.sidecarPath)].sort());
    });

    it('checks against the default codebook when there is none', async () => {
      const fs = new MemoryFileSystem({ '/ws/a.txt': ARTICLE, '/ws/a.txt.annotations.yaml': sidecarFor(ARTICLE, [['m1', 'russia', 'Russia']]) });
      const [entry] = (await loadCorpus(fs, ['/ws'])).entries;
      assert.equal(entry.codebook.location, undefined);
      assert.deepEqual(checkEntry(entry).map(p => [p.code, p.file, p.line]), [['unknown-entity', '/ws/a.txt.annotations.yaml', 5]]);
    });

    it('does not report unknown ids against a codebook that cannot be read', async () => {
      const fs = new MemoryFileSystem({
        '/ws/claimlens.codebook.yaml': '<<<<<<< HEAD\n',
        '/ws/a.txt': ARTICLE, '/ws/a.txt.annotations.yaml': sidecarFor(ARTICLE, [['m1', 'russia', 'Russia'], ['m1', 'china', 'China']]),
      });
      const corpus = await loadCorpus(fs, ['/ws']);
      assert.deepEqual(checkEntry(corpus.entries[0]).map(p => p.code), ['duplicate-id']);
      assert.deepEqual(corpus.codebooks[0].problems.map(p => p.code), ['merge-conflict']);
    });

    it('reports a missing article and a stale one', async () => {
      const fs = new MemoryFileSystem({
        '/ws/claimlens.codebook.yaml': CODEBOOK,
        '/ws/gone.txt.annotations.yaml': sidecarFor(ARTICLE, [['m1', 'russia', 'Russia']]),
        '/ws/edited.txt': 'Breaking: ' + ARTICLE,
        '/ws/edited.txt.annotations.yaml': sidecarFor(ARTICLE, [['m1', 'russia', 'Russia']]),
      });
      const corpus = await loadCorpus(fs, ['/ws']);
      const byName = new Map(corpus.entries.map(e => [e.sidecarPath.slice(4), e]));
      assert.deepEqual(checkEntry(byName.get('gone.txt.annotations.yaml')!).map(p => [p.severity, p.code]), [['error', 'missing-article']]);
      const edited = byName.get('edited.txt.annotations.yaml')!;
      assert.equal(isCurrent(edited), false);
      assert.deepEqual(checkEntry(edited).map(p => [p.severity, p.code]), [['warning', 'stale']]);
    });

    it('reports reading problems without semantic noise', async () => {
      const fs = new MemoryFileSystem({
        '/ws/claimlens.codebook.yaml': CODEBOOK,
        '/ws/a.txt': ARTICLE,
        '/ws/a.txt.annotations.yaml': 'claimlens: 1\nmentions:\n  - {id: m1, entity: nobody, start: x, end: 2}\n',
      });
      const [entry] = (await loadCorpus(fs, ['/ws'])).entries;
      assert.deepEqual(checkEntry(entry).map(p => [p.code, p.line, p.column]), [['type', 3, 37]]);
    });

    it('works over URI locations', async () => {
      const fs = new MemoryFileSystem({
        'file:///ws/claimlens.codebook.yaml': CODEBOOK,
        'file:///ws/docs/a.txt': ARTICLE,
        'file:///ws/docs/a.txt.annotations.yaml': sidecarFor(ARTICLE, [['m1', 'china', 'China']]),
      });
      const corpus = await loadCorpus(fs, ['file:///ws/docs']);
      assert.equal(corpus.entries[0].codebook.location, 'file:///ws/claimlens.codebook.yaml');
      assert.deepEqual(checkEntry(corpus.entries[0]), []);
    });
  });
});
