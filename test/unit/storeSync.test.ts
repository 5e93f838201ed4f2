// The stores and the files on disk: a save that cannot be done stays pending and is reported;
// ClaimLens's own write is told from another program's change by the exact text and file stat
// (so a revert to an older text is a change); updates of one file run one after another on what
// is on disk, and a save under way never overwrites a change just reloaded from disk.
import * as assert from 'node:assert/strict';
import { Document } from 'yaml';
import { addAlias, loadCodebook } from '../../src/core/codebook';
import { Codebook } from '../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex } from '../../src/core/text';
import { AnnotationStore } from '../../src/store/annotationStore';
import { CodebookStore } from '../../src/store/codebookStore';
import { FaultyFileSystem } from '../support/faultyFileSystem';
import { MemoryFileSystem } from '../support/memoryFileSystem';
import { ARTICLE, at, CODEBOOK, SIDECAR, TEXT } from '../support/oneArticle';

const CODEBOOK_FILE = '/ws/claimlens.codebook.yaml';
const mention = (needle: string, entity: string) => ({ kind: 'mention' as const, ...at(needle), entity });
const entitiesOnDisk = (fs: { files: Map<string, string> }) => loadSidecar(fs.files.get(SIDECAR)!).sidecar!.mentions.map(m => m.entity).sort();

function setup(files: Record<string, string> = {}) {
  const fs = new MemoryFileSystem(files);
  const store = new AnnotationStore(fs, () => CODEBOOK, 0);
  const failures: Error[] = [];
  store.onDidFailSave(({ error }) => failures.push(error));
  return { fs, store, failures };
}

describe('saving a hand-edited sidecar', () => {
  // Valid YAML: an anchor on the first annotation's tags, an alias on the second. ClaimLens orders
  // annotations by position when it saves, which puts the alias before its anchor.
  const WITH_ALIAS = `# tagged by hand
claimlens: 1
mentions:
  - {id: m2, entity: putin, start: 15, end: 29, text: Vladimir Putin, tags: &checked [checked]}
  - {id: m1, entity: xi, start: 0, end: 10, text: Xi Jinping, tags: *checked}
`;

  it('a sidecar with a YAML anchor and alias is saved, the alias expanded', async () => {
    const { fs, store, failures } = setup({ [SIDECAR]: WITH_ALIAS });
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [mention('Beijing', 'china')]);
    await store.flush();
    assert.deepEqual(failures, []);
    assert.equal(store.get(ARTICLE)!.dirty, false);
    const saved = fs.files.get(SIDECAR)!;
    const loaded = loadSidecar(saved);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.sidecar!.mentions.map(m => m.id).slice(0, 2), ['m1', 'm2']);
    assert.deepEqual((loaded.document!.toJS() as { mentions: { tags?: string[] }[] }).mentions.slice(0, 2).map(m => m.tags), [['checked'], ['checked']]);
    assert.match(saved, /^# tagged by hand\n/);
  });

  describe('a save that cannot be serialised', () => {
    // Stands for any file the writer cannot handle: its Document refuses to be written.
    const original = Document.prototype.toString;
    let broken = true;
    before(() => {
      Document.prototype.toString = function (this: Document, ...args: Parameters<Document['toString']>) {
        if (broken && this.has('unwritable')) throw new Error('cannot stringify this document');
        return original.apply(this, args);
      };
    });
    after(() => { Document.prototype.toString = original; });

    it('keeps the change dirty, reports it, and saves it once it can', async () => {
      const hand = `claimlens: 1\nunwritable: yes\nmentions:\n  - {id: m1, entity: xi, start: 0, end: 10, text: Xi Jinping}\n`;
      const { fs, store, failures } = setup({ [SIDECAR]: hand });
      await store.open(ARTICLE, TEXT);
      store.add(ARTICLE, [mention('Beijing', 'china')]);
      await store.flush();
      assert.equal(fs.files.get(SIDECAR), hand);
      assert.equal(store.get(ARTICLE)!.dirty, true, 'still dirty');
      assert.deepEqual(failures.map(e => e.message), ['cannot stringify this document']);
      broken = false;
      await store.flush();
      assert.deepEqual(entitiesOnDisk(fs), ['china', 'xi']);
      assert.equal(store.get(ARTICLE)!.dirty, false);
    });
  });
});

describe('read-only files are never replaced', () => {
  it('a save of a read-only sidecar fails, is reported and stays pending', async () => {
    const { fs, store, failures } = setup();
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [mention('Xi Jinping', 'xi')]);
    await store.flush();
    const saved = fs.files.get(SIDECAR);
    fs.readonlyFiles.add(SIDECAR);
    store.add(ARTICLE, [mention('Beijing', 'china')]);
    await store.flush();
    assert.equal(fs.files.get(SIDECAR), saved);
    assert.deepEqual(failures.map(e => e.message), ['a.txt.annotations.yaml is read-only']);
    assert.equal(store.get(ARTICLE)!.dirty, true);
  });

  it('an update of a read-only codebook is refused and changes nothing', async () => {
    const fs = new MemoryFileSystem({ [CODEBOOK_FILE]: 'claimlens: 1\n' });
    fs.readonlyFiles.add(CODEBOOK_FILE);
    const cb = new CodebookStore(fs, CODEBOOK_FILE);
    await cb.load();
    await assert.rejects(cb.update(c => ({ ...c, topics: [{ id: 'energy', label: 'Energy' }] })), /claimlens\.codebook\.yaml is read-only/);
    assert.equal(fs.files.get(CODEBOOK_FILE), 'claimlens: 1\n');
    assert.deepEqual(cb.codebook.topics, []);
  });
});

describe('echo or change: the exact last write and its file stat', () => {
  it('a revert to an older saved text (git checkout) is a change: it is loaded, and not written over later', async () => {
    const { fs, store } = setup();
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [mention('Xi Jinping', 'xi')]);
    await store.flush();
    const first = fs.files.get(SIDECAR)!;
    store.add(ARTICLE, [mention('Vladimir Putin', 'putin')]);
    await store.flush();
    fs.files.set(SIDECAR, first); // `git checkout -- a.txt.annotations.yaml` back to the first save
    await store.open(ARTICLE, TEXT); // the file watcher
    assert.deepEqual(store.get(ARTICLE)!.sidecar.mentions.map(m => m.entity), ['xi']);
    store.add(ARTICLE, [mention('Beijing', 'china')]);
    await store.flush();
    assert.deepEqual(entitiesOnDisk(fs), ['china', 'xi'], 'the discarded annotation is not written back');
  });

  it('the watcher’s echo of the store’s own last write reloads nothing', async () => {
    const { store } = setup();
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [mention('Xi Jinping', 'xi')]);
    await store.flush();
    let changes = 0;
    store.onDidChange(() => changes++);
    const state = store.get(ARTICLE);
    assert.equal(await store.open(ARTICLE, TEXT), state);
    assert.equal(changes, 0);
  });

  it('the same text written again by another program (a new stat) is taken in as a change', async () => {
    const { fs, store } = setup();
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [mention('Xi Jinping', 'xi')]);
    await store.flush();
    const state = store.get(ARTICLE);
    fs.files.set(SIDECAR, fs.files.get(SIDECAR)!);
    assert.notEqual(await store.open(ARTICLE, TEXT), state);
  });

  it('the codebook: a revert to the text ClaimLens wrote last, after a hand edit, is loaded', async () => {
    const fs = new MemoryFileSystem();
    const cb = new CodebookStore(fs, CODEBOOK_FILE);
    await cb.load();
    await cb.update(c => ({ ...c, topics: [{ id: 'energy', label: 'Energy' }] }));
    const ours = fs.files.get(CODEBOOK_FILE)!;
    fs.files.set(CODEBOOK_FILE, ours.replace('label: Energy', 'label: Energy policy')); // edited by hand
    await cb.load();
    assert.equal(cb.codebook.topics[0].label, 'Energy policy');
    fs.files.set(CODEBOOK_FILE, ours); // `git checkout -- claimlens.codebook.yaml`
    await cb.load();
    assert.equal(cb.codebook.topics[0].label, 'Energy');
  });

  it('the codebook: the echo of its own write reloads nothing', async () => {
    const fs = new MemoryFileSystem();
    const cb = new CodebookStore(fs, CODEBOOK_FILE);
    await cb.load();
    await cb.update(c => ({ ...c, topics: [{ id: 'energy', label: 'Energy' }] }));
    let changes = 0;
    cb.onDidChange(() => changes++);
    await cb.load();
    assert.equal(changes, 0);
  });
});

describe('concurrent updates', () => {
  const BOOK = serializeCodebookWithEntities();
  function serializeCodebookWithEntities(): string {
    return `claimlens: 1\nentities:\n  - {id: xi, name: Xi Jinping, type: person}\n  - {id: putin, name: Vladimir Putin, type: person}\n`;
  }

  it('two aliases added at once both land, in memory and on disk', async () => {
    const fs = new MemoryFileSystem({ [CODEBOOK_FILE]: BOOK });
    const cb = new CodebookStore(fs, CODEBOOK_FILE);
    await cb.load();
    await Promise.all([cb.update(c => addAlias(c, 'xi', 'President Xi')), cb.update(c => addAlias(c, 'putin', 'the Kremlin'))]);
    const aliases = (book: Codebook) => book.entities.map(e => `${e.id}: ${e.aliases.join(', ')}`);
    assert.deepEqual(aliases(cb.codebook), ['xi: President Xi', 'putin: the Kremlin']);
    assert.deepEqual(aliases(loadCodebook(fs.files.get(CODEBOOK_FILE)!).codebook!), ['xi: President Xi', 'putin: the Kremlin']);
  });

  it('an update re-reads the file: a change on disk the watcher has not reported yet is kept', async () => {
    const fs = new MemoryFileSystem({ [CODEBOOK_FILE]: BOOK });
    const cb = new CodebookStore(fs, CODEBOOK_FILE);
    await cb.load();
    fs.files.set(CODEBOOK_FILE, BOOK + '  - {id: china, name: China, type: country}\n'); // a pull
    await cb.update(c => addAlias(c, 'xi', 'President Xi'));
    const onDisk = loadCodebook(fs.files.get(CODEBOOK_FILE)!).codebook!;
    assert.deepEqual(onDisk.entities.map(e => e.id), ['xi', 'putin', 'china']);
    assert.deepEqual(cb.codebook.entities.map(e => e.id), ['xi', 'putin', 'china']);
    assert.deepEqual(onDisk.entities[0].aliases, ['President Xi']);
  });

  it('closing an article whose sidecar another program just changed neither writes over it nor reopens it', async () => {
    const { fs, store } = setup();
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [mention('Xi Jinping', 'xi')]);
    await store.flush();
    store.add(ARTICLE, [mention('Beijing', 'china')]); // pending
    const theirs = fs.files.get(SIDECAR)!.replace('claimlens: 1', '# edited elsewhere\nclaimlens: 1');
    fs.files.set(SIDECAR, theirs);
    await store.close(ARTICLE);
    // Their change is kept, and the pending annotation is replayed onto it (three-way, by id), not dropped.
    const now = fs.files.get(SIDECAR)!;
    assert.ok(now.startsWith('# edited elsewhere\n'), now);
    assert.deepEqual(loadSidecar(now).sidecar!.mentions.map(m => m.text), ['Xi Jinping', 'Beijing']);
    assert.equal(store.get(ARTICLE), undefined);
  });

  it('a save under way does not overwrite a change just reloaded from disk', async () => {
    const fs = new FaultyFileSystem();
    const store = new AnnotationStore(fs, () => CODEBOOK, 0);
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [mention('Xi Jinping', 'xi')]);
    // Another program's version of the sidecar: someone else's mention of Putin.
    const theirs = serializeSidecar({ version: 1, article: {}, claims: [],
      mentions: [{ id: 'mtheirs1', entity: 'putin', ...at('Vladimir Putin'), ...new CodePointIndex(TEXT).quote(at('Vladimir Putin').start, at('Vladimir Putin').end), anchor: 'exact' }] });
    let release!: () => void;
    const landed = new Promise<void>(resolve => {
      fs.afterWrite = () => {
        fs.afterWrite = undefined;
        resolve();
        // The save has written its file but not returned yet (the atomic rename is being synced).
        return new Promise<void>(r => { release = r; });
      };
    });
    const saving = store.flush();
    await landed;
    fs.files.set(SIDECAR, theirs); // a checkout lands
    store.add(ARTICLE, [mention('Moscow', 'putin')]); // typed meanwhile: a save is queued
    await new Promise(r => setTimeout(r, 5));
    const reload = store.open(ARTICLE, TEXT); // the file watcher reports the checkout
    release();
    await Promise.all([saving, reload]);
    await store.flush();
    assert.ok(entitiesOnDisk(fs).includes('putin') && fs.files.get(SIDECAR)!.includes('mtheirs1'), 'the change on disk was not overwritten');
    assert.ok(store.get(ARTICLE)!.sidecar.mentions.some(m => m.id === 'mtheirs1'), 'and it is what the store holds');
  });
});
