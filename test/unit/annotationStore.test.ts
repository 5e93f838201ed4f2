// The store behind the editor: loading, annotating, exact shifting, re-anchoring after reloads,
// undo, saving (canonical, debounced) and refusing to write broken sidecars.
import * as assert from 'assert';
import { Mention } from '../../src/core/model';
import { loadSidecar } from '../../src/core/sidecarFormat';
import { AnnotationStore } from '../../src/store/annotationStore';
import { CodebookStore } from '../../src/store/codebookStore';
import { MemoryFileSystem } from '../support/memoryFileSystem';
import { ARTICLE, at, CODEBOOK, SIDECAR, TEXT } from '../support/oneArticle';

function setup(files: Record<string, string> = {}) {
  const fs = new MemoryFileSystem(files);
  const store = new AnnotationStore(fs, () => CODEBOOK, 0);
  return { fs, store };
}


describe('AnnotationStore', () => {
  it('starts empty without a sidecar and writes none until something is annotated', async () => {
    const { fs, store } = setup();
    const state = await store.open(ARTICLE, TEXT);
    assert.strictEqual(state.sidecar.mentions.length, 0);
    await store.flush();
    assert.strictEqual(fs.files.has(SIDECAR), false);
  });

  it('adds mentions and claims with quote and context and saves the canonical form', async () => {
    const { fs, store } = setup();
    await store.open(ARTICLE, TEXT);
    const [m] = store.add(ARTICLE, [{ kind: 'mention', ...at('Xi Jinping'), entity: 'xi' }]);
    const [c] = store.add(ARTICLE, [{ kind: 'claim', ...at('the talks were “frank”'), claimant: 'china', stance: 'neutral' }]);
    assert.match(m.id, /^m[0-9a-z]{7}$/);
    assert.match(c.id, /^c[0-9a-z]{7}$/);
    await store.flush();
    const text = fs.files.get(SIDECAR)!;
    const loaded = loadSidecar(text);
    assert.ok(!loaded.document, 'canonical');
    assert.deepStrictEqual(loaded.sidecar!.mentions[0], { ...m, text: 'Xi Jinping', before: '', after: ' met Vladimir Putin in Moscow.\nB' });
    assert.strictEqual(loaded.sidecar!.claims[0].stance, 'neutral');
    assert.match(loaded.sidecar!.article.hash!, /^sha256:/);
  });

  it('tells an edit that reached no annotation (the editor moved its highlights itself) from one that did', async () => {
    const { store } = setup();
    await store.open(ARTICLE, TEXT);
    const [xi] = store.add(ARTICLE, [{ kind: 'mention', ...at('Xi Jinping'), entity: 'xi' }]);
    const before = store.get(ARTICLE)!.sidecar;
    store.applyTextEdits(ARTICLE, [{ start: xi.end + 2, end: xi.end + 2, text: 'z' }], TEXT.slice(0, xi.end + 2) + 'z' + TEXT.slice(xi.end + 2));
    assert.strictEqual(store.get(ARTICLE)!.untouchedShiftOf, before, 'an edit away from every annotation');
    const text = store.get(ARTICLE)!.text.text;
    store.applyTextEdits(ARTICLE, [{ start: xi.end, end: xi.end, text: 's' }], text.slice(0, xi.end) + 's' + text.slice(xi.end));
    assert.strictEqual(store.get(ARTICLE)!.untouchedShiftOf, undefined, 'typing at the end of a mention reaches it');
  });

  it('shifts annotations exactly with typed edits and orphans a deleted one without dropping it', async () => {
    const { store } = setup();
    await store.open(ARTICLE, TEXT);
    const [xi, putin] = store.add(ARTICLE, [{ kind: 'mention', ...at('Xi Jinping'), entity: 'xi' }, { kind: 'mention', ...at('Vladimir Putin'), entity: 'putin' }]);
    const typed = 'President ' + TEXT;
    store.applyTextEdits(ARTICLE, [{ start: 0, end: 0, text: 'President ' }], typed);
    assert.strictEqual(store.find(ARTICLE, xi.id)!.start, 10);
    assert.strictEqual(store.find(ARTICLE, putin.id)!.start, putin.start + 10);
    const p = store.find(ARTICLE, putin.id)!;
    store.applyTextEdits(ARTICLE, [{ start: p.start, end: p.end, text: '' }], typed.slice(0, p.start) + typed.slice(p.end));
    const orphan = store.find(ARTICLE, putin.id)!;
    assert.strictEqual(orphan.anchor, 'orphan');
    assert.strictEqual(orphan.text, 'Vladimir Putin');
  });

  it('re-anchors by quote after a reload from disk, keeping annotations added since', async () => {
    const { store } = setup();
    await store.open(ARTICLE, TEXT);
    const [beijing] = store.add(ARTICLE, [{ kind: 'mention', ...at('Beijing'), entity: 'china' }]);
    const before = store.get(ARTICLE)!.sidecar;
    const reloaded = 'A new line.\n' + TEXT;
    // The editor's line diff replaces whole lines; the exact shift would orphan or clip them.
    store.applyTextEdits(ARTICLE, [{ start: 0, end: TEXT.length, text: reloaded }], reloaded);
    const [fresh] = store.add(ARTICLE, [{ kind: 'mention', start: 0, end: 1, entity: 'xi' }]);
    store.reanchorFrom(ARTICLE, before, reloaded);
    const moved = store.find(ARTICLE, beijing.id)!;
    assert.strictEqual(reloaded.slice(moved.start, moved.end), 'Beijing');
    assert.strictEqual(moved.anchor, 'shifted');
    assert.ok(store.find(ARTICLE, fresh.id));
  });

  it('puts annotations back where they were when undo returns to an earlier text', async () => {
    const { store } = setup();
    await store.open(ARTICLE, TEXT);
    const [putin] = store.add(ARTICLE, [{ kind: 'mention', ...at('Vladimir Putin'), entity: 'putin' }]);
    const before = store.get(ARTICLE)!.sidecar;
    store.applyTextEdits(ARTICLE, [{ start: putin.start, end: putin.end, text: '' }], TEXT.slice(0, putin.start) + TEXT.slice(putin.end));
    assert.strictEqual(store.find(ARTICLE, putin.id)!.anchor, 'orphan');
    store.update(ARTICLE, [{ ...store.find(ARTICLE, putin.id)!, entity: 'xi' } as typeof putin]);
    store.applyTextEdits(ARTICLE, [{ start: putin.start, end: putin.start, text: 'Vladimir Putin' }], TEXT);
    store.restoreFrom(ARTICLE, before);
    const back = store.find(ARTICLE, putin.id) as Mention;
    assert.deepStrictEqual([back.start, back.end, back.anchor, back.text], [putin.start, putin.end, 'exact', 'Vladimir Putin']);
    assert.strictEqual(back.entity, 'xi', 'a field edited since is kept');
  });

  it('undoes additions, removals and edits', async () => {
    const { store } = setup();
    await store.open(ARTICLE, TEXT);
    const [m] = store.add(ARTICLE, [{ kind: 'mention', ...at('Moscow'), entity: 'putin' }]);
    store.update(ARTICLE, [{ ...m, entity: 'xi' } as typeof m]);
    assert.strictEqual(store.undo(), 'edit annotation');
    assert.strictEqual((store.find(ARTICLE, m.id) as { entity: string }).entity, 'putin');
    store.remove(ARTICLE, [m.id]);
    assert.strictEqual(store.find(ARTICLE, m.id), undefined);
    store.undo();
    assert.strictEqual(store.find(ARTICLE, m.id)!.start, m.start);
    store.undo();
    assert.strictEqual(store.find(ARTICLE, m.id), undefined);
    assert.strictEqual(store.undo(), undefined);
  });

  it('re-anchors an existing sidecar whose article changed, and saves it', async () => {
    const { fs, store } = setup();
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [{ kind: 'mention', ...at('Moscow'), entity: 'putin' }]);
    await store.flush();
    await store.close(ARTICLE);
    const state = await store.open(ARTICLE, 'Breaking. ' + TEXT);
    assert.strictEqual(state.sidecar.mentions[0].start, at('Moscow').start + 10);
    await store.flush();
    assert.match(fs.files.get(SIDECAR)!, /start: 43, end: 49, text: "Moscow"/);
    assert.doesNotMatch(fs.files.get(SIDECAR)!, /anchor/, 'a moved annotation needs no review: no anchor state is written');
  });

  it('never writes a sidecar with errors and reports where they are', async () => {
    const broken = 'claimlens: 1\nmentions:\n  - {id: m1, entity: xi, start: 0, end: 2\n';
    const { fs, store } = setup({ [SIDECAR]: broken });
    const state = await store.open(ARTICLE, TEXT);
    assert.ok(state.readonly);
    assert.ok(state.problems.some(p => p.severity === 'error' && p.line >= 3), JSON.stringify(state.problems));
    assert.throws(() => store.add(ARTICLE, [{ kind: 'mention', ...at('Xi Jinping'), entity: 'xi' }]), /has errors/);
    await store.flush();
    assert.strictEqual(fs.files.get(SIDECAR), broken);
    assert.strictEqual(fs.writes, 0);
  });

  it('keeps comments of a hand-written sidecar when annotating', async () => {
    const hand = `# coded by A.\nclaimlens: 1\nmentions:\n  - {id: m1, entity: xi, start: 0, end: 10, text: Xi Jinping}  # checked\n`;
    const { fs, store } = setup({ [SIDECAR]: hand });
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [{ kind: 'mention', ...at('Beijing'), entity: 'china' }]);
    await store.flush();
    const text = fs.files.get(SIDECAR)!;
    assert.match(text, /^# coded by A\./);
    assert.match(text, /# checked/);
    assert.match(text, /entity: china/);
  });

  it('ignores the file watcher echo of its own write while the next save is pending', async () => {
    const { store } = setup();
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [{ kind: 'mention', ...at('Xi Jinping'), entity: 'xi' }]);
    await store.flush();
    store.saveDelayMs = 60_000;
    store.add(ARTICLE, [{ kind: 'mention', ...at('Beijing'), entity: 'china' }]);
    // The watcher reports the first write (the file is as written) while the second is pending: nothing is reloaded.
    const state = await store.open(ARTICLE, TEXT);
    assert.strictEqual(state, store.get(ARTICLE));
    assert.strictEqual(state.sidecar.mentions.length, 2);
    assert.strictEqual(state.dirty, true);
    store.dispose();
  });

  it('flags unknown entities from the codebook as problems', async () => {
    const { store } = setup();
    await store.open(ARTICLE, TEXT);
    store.add(ARTICLE, [{ kind: 'mention', ...at('Moscow'), entity: 'moscow-city' }]);
    assert.ok(store.get(ARTICLE)!.problems.some(p => p.code === 'unknown-entity'));
  });
});

describe('CodebookStore', () => {
  it('uses the default codebook without a file and creates the file on the first change', async () => {
    const fs = new MemoryFileSystem();
    const cb = new CodebookStore(fs, '/ws/claimlens.codebook.yaml');
    await cb.load();
    assert.deepStrictEqual(cb.codebook.types.map(t => t.id), ['person', 'country', 'organization', 'group']);
    await cb.update(c => ({ ...c, topics: [{ id: 'energy', label: 'Energy' }] }));
    assert.match(fs.files.get('/ws/claimlens.codebook.yaml')!, /\{id: energy, label: Energy\}/);
  });

  it('refuses to change a codebook with errors and keeps the file as it is', async () => {
    const broken = 'claimlens: 1\nentities:\n  - {id: x, type: nope\n';
    const fs = new MemoryFileSystem({ '/ws/claimlens.codebook.yaml': broken });
    const cb = new CodebookStore(fs, '/ws/claimlens.codebook.yaml');
    await cb.load();
    assert.ok(cb.blocked);
    await assert.rejects(cb.update(c => ({ ...c, topics: [] })), /codebook has errors/);
    assert.strictEqual(fs.files.get('/ws/claimlens.codebook.yaml'), broken);
  });
});
