// The codebook of an article is the nearest one above it, up to its workspace folder — as on the
// command line; nested corpora and several workspace folders each get their own.
import { strict as assert } from 'assert';
import { saveCodebook, DEFAULT_CODEBOOK } from '../../src/core/codebook';
import { Codebook } from '../../src/core/model';
import { CodebookRegistry } from '../../src/store/codebookRegistry';
import { CodebookStore } from '../../src/store/codebookStore';
import { MemoryFileSystem } from '../support/memoryFileSystem';

const book = (...ids: string[]): string => saveCodebook({ ...DEFAULT_CODEBOOK, entities: ids.map(id => ({ id, name: id, type: 'person', aliases: [] })) } as Codebook);
const ids = (c: Codebook) => c.entities.map(e => e.id).join(',');

function setup(roots = ['/ws']) {
  const fs = new MemoryFileSystem({
    '/ws/claimlens.codebook.yaml': book('root-actor'),
    '/ws/corpus/claimlens.codebook.yaml': book('corpus-actor'),
    '/other/claimlens.codebook.yaml': book('other-actor'),
  });
  const primary = new CodebookStore(fs, '/ws/claimlens.codebook.yaml');
  return { fs, primary, registry: new CodebookRegistry(fs, () => roots, primary) };
}

describe('CodebookRegistry', () => {
  it('gives each article the nearest codebook above it, loading each file once', async () => {
    const { fs, primary, registry } = setup();
    await primary.load();
    assert.equal(ids((await registry.resolve('/ws/a.txt'))!.codebook), 'root-actor');
    assert.equal((await registry.resolve('/ws/a.txt')), primary, 'the root codebook is the shared primary store');
    assert.equal(ids((await registry.resolve('/ws/corpus/deep/b.txt'))!.codebook), 'corpus-actor');
    const reads = fs.reads;
    assert.equal(ids((await registry.resolve('/ws/corpus/deep/c.txt'))!.codebook), 'corpus-actor');
    assert.equal(ids(registry.codebookOf('/ws/corpus/deep/c.txt')), 'corpus-actor');
    assert.equal(fs.reads, reads, 'no new reads for a folder already looked up');
  });

  it('never looks above the workspace folder, and several workspace folders each have their own', async () => {
    const { registry } = setup(['/ws/corpus/deep', '/other']);
    assert.equal(await registry.resolve('/ws/corpus/deep/b.txt'), undefined);
    assert.equal(ids(registry.codebookOf('/ws/corpus/deep/b.txt')), ids(DEFAULT_CODEBOOK));
    assert.equal(ids((await registry.resolve('/other/x/y.txt'))!.codebook), 'other-actor');
  });

  it('answers at once while a lookup runs, then tells when the answer changed', async () => {
    const { primary, registry } = setup();
    await primary.load();
    let changes = 0;
    registry.onDidChange(() => changes++);
    assert.equal(ids(registry.codebookOf('/ws/corpus/n.txt')), 'root-actor', 'the primary one meanwhile');
    await registry.resolve('/ws/corpus/n.txt');
    assert.equal(ids(registry.codebookOf('/ws/corpus/n.txt')), 'corpus-actor');
    assert.ok(changes >= 1);
  });

  it('has nothing to tell of folders that find no codebook while the workspace has none', async () => {
    const fs = new MemoryFileSystem({ '/ws/a/x.txt': '', '/ws/b/y.txt': '', '/other/z.txt': '' });
    const primary = new CodebookStore(fs, '/ws/claimlens.codebook.yaml');
    await primary.load();
    const registry = new CodebookRegistry(fs, () => ['/ws', '/other'], primary);
    let changes = 0;
    registry.onDidChange(() => changes++);
    for (const article of ['/ws/a/x.txt', '/ws/b/y.txt', '/other/z.txt']) assert.equal(await registry.resolve(article), undefined);
    assert.equal(changes, 0, 'every article reads the default codebook before and after');
    // Once the workspace has a codebook, a folder of another workspace folder without one does change.
    fs.files.set('/ws/claimlens.codebook.yaml', book('root-actor'));
    await primary.load();
    assert.equal(ids(registry.codebookOf('/other/w/v.txt')), 'root-actor', 'the primary one meanwhile');
    await registry.resolve('/other/w/v.txt');
    assert.equal(ids(registry.codebookOf('/other/w/v.txt')), ids(DEFAULT_CODEBOOK));
    assert.equal(changes, 1);
  });

  it('follows codebook files that change, appear and disappear', async () => {
    const { fs, primary, registry } = setup();
    await primary.load();
    await registry.resolve('/ws/corpus/n.txt');
    fs.files.set('/ws/corpus/claimlens.codebook.yaml', book('renamed-actor'));
    await registry.fileChanged('/ws/corpus/claimlens.codebook.yaml', false);
    assert.equal(ids(registry.codebookOf('/ws/corpus/n.txt')), 'renamed-actor');
    await registry.resolve('/ws/corpus/sub/m.txt');
    fs.files.set('/ws/corpus/sub/claimlens.codebook.yaml', book('sub-actor'));
    assert.equal(ids(registry.codebookOf('/ws/corpus/sub/m.txt')), 'renamed-actor');
    await registry.fileChanged('/ws/corpus/sub/claimlens.codebook.yaml', true);
    assert.equal(ids(registry.codebookOf('/ws/corpus/sub/m.txt')), 'sub-actor');
    fs.files.delete('/ws/corpus/claimlens.codebook.yaml');
    await registry.fileChanged('/ws/corpus/claimlens.codebook.yaml', true);
    assert.equal(ids(registry.codebookOf('/ws/corpus/n.txt')), 'root-actor');
  });

  it('lists the codebooks in use, and forgets those of a deleted folder (which reports no event per file)', async () => {
    const { fs, primary, registry } = setup();
    await primary.load();
    const corpus = await registry.resolve('/ws/corpus/n.txt');
    assert.deepEqual(registry.all(), [primary, corpus]);
    for (const f of [...fs.files.keys()]) if (f.startsWith('/ws/corpus/')) fs.files.delete(f);
    let changes = 0;
    registry.onDidChange(() => changes++);
    await registry.folderDeleted('/ws/corpus');
    assert.equal(ids(registry.codebookOf('/ws/corpus/n.txt')), 'root-actor');
    assert.deepEqual(registry.all(), [primary]);
    assert.ok(changes >= 1);
  });
});
