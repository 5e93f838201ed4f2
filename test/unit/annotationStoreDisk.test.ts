// The store when files change on disk (git checkout, pull, another program): a sidecar that matches
// its article is used as it is; unsaved changes are replayed onto what is on disk; a sidecar is
// written only when an annotation changed.
import * as assert from 'assert';
import { DEFAULT_CODEBOOK } from '../../src/core/codebook';
import { reanchorSidecar } from '../../src/core/anchorSidecar';
import { Sidecar } from '../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex, hashText } from '../../src/core/text';
import { AnnotationStore } from '../../src/store/annotationStore';
import { MemoryFileSystem } from '../support/memoryFileSystem';

const ARTICLE = '/ws/a.txt';
const SIDECAR = '/ws/a.txt.annotations.yaml';
const TEXT = 'Xi Jinping met Vladimir Putin in Moscow.\nBeijing said the talks were frank.\n';

function sidecarOf(text: string, mentions: [string, string, string][]): Sidecar {
  const ix = new CodePointIndex(text);
  return { version: 1, article: { hash: hashText(text) }, claims: [], mentions: mentions.map(([id, entity, needle]) => {
    const start = text.indexOf(needle);
    return { id, entity, start, end: start + needle.length, ...ix.quote(start, start + needle.length), anchor: 'exact' as const };
  }) };
}
const BASE: [string, string, string][] = [['m0000xi1', 'xi', 'Xi Jinping'], ['m0putin1', 'putin', 'Vladimir Putin']];
const ids = (s: Sidecar | undefined) => s ? s.mentions.map(m => m.id).sort().join(' ') : '';

async function setup() {
  const fs = new MemoryFileSystem({ [ARTICLE]: TEXT, [SIDECAR]: serializeSidecar(sidecarOf(TEXT, BASE)) });
  const store = new AnnotationStore(fs, () => DEFAULT_CODEBOOK, 0);
  await store.open(ARTICLE, TEXT);
  return { fs, store };
}

/** The article's text on another branch: a first line more. */
const HEAD = 'MOSCOW DESK\n';
const HEADED = HEAD + TEXT;

/** The editor re-reads the article, now without the first line, as after a checkout back to TEXT. */
async function editorRereadsText(store: AnnotationStore): Promise<void> {
  const before = store.get(ARTICLE)!.sidecar;
  store.applyTextEdits(ARTICLE, [{ start: 0, end: HEAD.length, text: '' }], TEXT);
  await store.settleReload(ARTICLE, before, TEXT);
}

describe('AnnotationStore and files changed on disk', () => {
  it('a sidecar written by another program while an annotation is unsaved: both are kept, in memory and on disk', async () => {
    const { fs, store } = await setup();
    store.saveDelayMs = 60000;
    const start = TEXT.indexOf('Beijing');
    const [mine] = store.add(ARTICLE, [{ kind: 'mention', start, end: start + 7, entity: 'china' }]);
    fs.files.set(SIDECAR, serializeSidecar(sidecarOf(TEXT, [...BASE, ['m0moscow', 'moscow', 'Moscow']])));
    await store.reloadSidecar(ARTICLE, TEXT, false);
    assert.strictEqual(ids(store.get(ARTICLE)!.sidecar), ['m0000xi1', 'm0moscow', 'm0putin1', mine.id].sort().join(' '));
    await store.flush();
    assert.strictEqual(ids(loadSidecar(fs.files.get(SIDECAR)!).sidecar), ['m0000xi1', 'm0moscow', 'm0putin1', mine.id].sort().join(' '));
  });

  it('lists the open articles whose sidecar on disk differs from what was last read or written (a missed watcher event)', async () => {
    const { fs, store } = await setup();
    assert.deepStrictEqual(await store.staleOnDisk(), []);
    const start = TEXT.indexOf('Beijing');
    store.add(ARTICLE, [{ kind: 'mention', start, end: start + 7, entity: 'china' }]);
    await store.flush();
    assert.deepStrictEqual(await store.staleOnDisk(), [], 'its own write is not a change');
    fs.files.set(SIDECAR, serializeSidecar(sidecarOf(TEXT, BASE))); // git stash, no event
    assert.deepStrictEqual(await store.staleOnDisk(), [ARTICLE]);
    await store.reloadSidecar(ARTICLE, TEXT, false);
    assert.strictEqual(ids(store.get(ARTICLE)!.sidecar), 'm0000xi1 m0putin1');
    assert.deepStrictEqual(await store.staleOnDisk(), []);
  });

  it('a save that finds the file changed since it was read merges instead of writing over it', async () => {
    const { fs, store } = await setup();
    store.saveDelayMs = 60000;
    const start = TEXT.indexOf('Beijing');
    const [mine] = store.add(ARTICLE, [{ kind: 'mention', start, end: start + 7, entity: 'china' }]);
    fs.files.set(SIDECAR, serializeSidecar(sidecarOf(TEXT, [...BASE, ['m0moscow', 'moscow', 'Moscow']])));
    await store.flush(); // no watcher event came first
    assert.strictEqual(ids(loadSidecar(fs.files.get(SIDECAR)!).sidecar), ['m0000xi1', 'm0moscow', 'm0putin1', mine.id].sort().join(' '));
  });

  it('the editor re-reading an article whose new sidecar is already on disk takes that sidecar and writes nothing', async () => {
    const { fs, store } = await setup();
    const before = store.get(ARTICLE)!.sidecar;
    const changed = HEADED;
    const other = serializeSidecar({ ...reanchorSidecar(sidecarOf(TEXT, BASE), changed).sidecar });
    fs.files.set(ARTICLE, changed);
    fs.files.set(SIDECAR, other);
    const writes = fs.writes;
    // The editor's line diff: everything replaced (the exact shift is no evidence for a reload).
    store.applyTextEdits(ARTICLE, [{ start: 0, end: TEXT.length, text: changed }], changed);
    await store.settleReload(ARTICLE, before, changed);
    await store.flush();
    assert.strictEqual(fs.writes, writes);
    assert.strictEqual(fs.files.get(SIDECAR), other);
    assert.deepStrictEqual(store.get(ARTICLE)!.sidecar.mentions.map(m => m.start), [12, 27]);
  });

  it('a sidecar that git wrote before the editor re-read the article is left for the reload to take', async () => {
    const { fs, store } = await setup();
    const before = store.get(ARTICLE)!.sidecar;
    const changed = HEADED;
    const other = serializeSidecar(reanchorSidecar(sidecarOf(TEXT, BASE), changed).sidecar);
    fs.files.set(ARTICLE, changed);
    fs.files.set(SIDECAR, other);
    const writes = fs.writes;
    await store.reloadSidecar(ARTICLE, TEXT, false); // the editor still shows the old text
    assert.deepStrictEqual(store.get(ARTICLE)!.sidecar.mentions.map(m => m.start), [0, 15], 'nothing placed on the old text from the new file');
    store.applyTextEdits(ARTICLE, [{ start: 0, end: TEXT.length, text: changed }], changed);
    await store.settleReload(ARTICLE, before, changed);
    await store.flush();
    assert.strictEqual(fs.writes, writes);
    assert.deepStrictEqual(store.get(ARTICLE)!.sidecar.mentions.map(m => m.start), [12, 27]);
  });

  it('re-anchoring that moves nothing writes nothing (only the hash would change)', async () => {
    const { fs, store } = await setup();
    const before = store.get(ARTICLE)!.sidecar;
    const appended = TEXT + 'More later.\n';
    fs.files.set(ARTICLE, appended);
    store.applyTextEdits(ARTICLE, [{ start: TEXT.length, end: TEXT.length, text: 'More later.\n' }], appended);
    await store.settleReload(ARTICLE, before, appended);
    await store.flush();
    assert.strictEqual(fs.writes, 0);
  });

  it('a sidecar that git wrote first, read while the editor still shows the old article, is not rewritten when the article follows', async () => {
    // On the other branch the article has a new first line and its sidecar one more mention.
    const moved = reanchorSidecar(sidecarOf(TEXT, BASE), HEADED).sidecar;
    const otherBranch = serializeSidecar({ ...moved, mentions: [...moved.mentions, ...sidecarOf(HEADED, [['m0beijin', 'china', 'Beijing']]).mentions] });
    const mainBranch = serializeSidecar(sidecarOf(TEXT, BASE));
    const fs = new MemoryFileSystem({ [ARTICLE]: HEADED, [SIDECAR]: otherBranch });
    const store = new AnnotationStore(fs, () => DEFAULT_CODEBOOK, 60000);
    await store.open(ARTICLE, HEADED);
    // Back to main: the sidecar is written, and read, before the article.
    fs.files.set(SIDECAR, mainBranch);
    await store.reloadSidecar(ARTICLE, HEADED, false);
    assert.deepStrictEqual(store.get(ARTICLE)!.sidecar.mentions.map(m => m.start), [12, 27], 'placed on the text shown');
    fs.files.set(ARTICLE, TEXT);
    await editorRereadsText(store);
    await store.flush();
    assert.deepStrictEqual(fs.written, [], 'nothing written');
    assert.strictEqual(fs.files.get(SIDECAR), mainBranch);
    assert.deepStrictEqual(store.get(ARTICLE)!.sidecar.mentions.map(m => [m.start, m.anchor]), [[0, 'exact'], [15, 'exact']]);
  });

  it('a field changed after a sidecar was placed on another text is still saved when the article follows', async () => {
    const fs = new MemoryFileSystem({ [ARTICLE]: HEADED, [SIDECAR]: serializeSidecar(sidecarOf(TEXT, BASE)) });
    const store = new AnnotationStore(fs, () => DEFAULT_CODEBOOK, 60000);
    await store.open(ARTICLE, HEADED); // the sidecar was saved against the text without the first line
    const putin = store.get(ARTICLE)!.sidecar.mentions.find(m => m.id === 'm0putin1')!;
    store.update(ARTICLE, [{ ...putin, entity: 'russia' }]);
    fs.files.set(ARTICLE, TEXT);
    await editorRereadsText(store);
    await store.flush();
    const saved = loadSidecar(fs.files.get(SIDECAR)!).sidecar!;
    assert.deepStrictEqual(saved.mentions.map(m => [m.id, m.entity, m.start, m.anchor ?? 'exact']), [['m0000xi1', 'xi', 0, 'exact'], ['m0putin1', 'russia', 15, 'exact']]);
  });

  it('an article read while the editor still shows the text before a checkout: the agreeing pair on disk is not written over', async () => {
    const onDisk = serializeSidecar(sidecarOf(TEXT, BASE));
    const fs = new MemoryFileSystem({ [ARTICLE]: TEXT, [SIDECAR]: onDisk });
    const store = new AnnotationStore(fs, () => DEFAULT_CODEBOOK, 0);
    await store.open(ARTICLE, HEADED); // placed on the stale text shown
    assert.deepStrictEqual(store.get(ARTICLE)!.sidecar.mentions.map(m => m.start), [12, 27]);
    await new Promise(r => setTimeout(r, 20)); // the save the placement scheduled
    await store.flush();
    assert.deepStrictEqual(fs.written, []);
    await editorRereadsText(store);
    await store.flush();
    assert.deepStrictEqual(fs.written, []);
    assert.strictEqual(fs.files.get(SIDECAR), onDisk);
  });

  it('an annotation made on a text the editor has not re-read yet is saved, placed on the text the reload brings', async () => {
    const fs = new MemoryFileSystem({ [ARTICLE]: TEXT, [SIDECAR]: serializeSidecar(sidecarOf(TEXT, BASE)) });
    const store = new AnnotationStore(fs, () => DEFAULT_CODEBOOK, 0);
    await store.open(ARTICLE, HEADED); // the stale text shown
    const start = HEADED.indexOf('Beijing');
    store.saveDelayMs = 50;
    const [mine] = store.add(ARTICLE, [{ kind: 'mention', start, end: start + 7, entity: 'china' }]);
    await new Promise(r => setTimeout(r, 180)); // a few saves come and wait
    assert.deepStrictEqual(fs.written, [], 'waits for the reload');
    await editorRereadsText(store);
    await store.flush();
    const saved = loadSidecar(fs.files.get(SIDECAR)!).sidecar!;
    assert.deepStrictEqual(saved.mentions.map(m => [m.id, m.start]), [['m0000xi1', 0], ['m0putin1', 15], [mine.id, TEXT.indexOf('Beijing')]]);
    assert.strictEqual(saved.article.hash, hashText(TEXT));
  });

  it('a sidecar changed by another program just after a save compared it is merged, not taken instead of the unsaved changes', async () => {
    const { fs, store } = await setup();
    store.saveDelayMs = 60000;
    const start = TEXT.indexOf('Beijing');
    const [mine] = store.add(ARTICLE, [{ kind: 'mention', start, end: start + 7, entity: 'china' }]);
    // The teammate's file lands between the save's comparison (a read) and its write (after a stat).
    const stat = fs.stat.bind(fs);
    let landed = false;
    fs.stat = async location => {
      if (location === SIDECAR && !landed) { landed = true; fs.files.set(SIDECAR, serializeSidecar(sidecarOf(TEXT, [...BASE, ['m0moscow', 'moscow', 'Moscow']]))); }
      return stat(location);
    };
    await store.flush();
    assert.ok(landed);
    const want = ['m0000xi1', 'm0moscow', 'm0putin1', mine.id].sort().join(' ');
    assert.strictEqual(ids(store.get(ARTICLE)!.sidecar), want, 'in memory');
    assert.strictEqual(ids(loadSidecar(fs.files.get(SIDECAR)!).sidecar), want, 'on disk');
  });

  it('an article file that can no longer be read (replaced by a link) does not stop its annotations being saved', async () => {
    const { fs, store } = await setup();
    store.saveDelayMs = 60000;
    const edited = TEXT + 'More later.\n'; // saved in the editor: the sidecar's hash is of the text before
    store.applyTextEdits(ARTICLE, [{ start: TEXT.length, end: TEXT.length, text: 'More later.\n' }], edited);
    const readText = fs.readText.bind(fs);
    fs.readText = async location => { if (location === ARTICLE) throw new Error('refused: a symbolic link'); return readText(location); };
    const start = edited.indexOf('Beijing');
    store.add(ARTICLE, [{ kind: 'mention', start, end: start + 7, entity: 'china' }]);
    await store.flush();
    assert.strictEqual(loadSidecar(fs.files.get(SIDECAR)!).sidecar!.mentions.length, 3);
  });
});
