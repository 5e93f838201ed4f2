import * as assert from 'node:assert/strict';
import { deleteEntity, mergeEntities, renameEntity } from '../../src/core/codebook';
import { loadSidecar } from '../../src/core/sidecarFormat';
import { AnnotationStore } from '../../src/store/annotationStore';
import { CodebookStore } from '../../src/store/codebookStore';
import { applyCorpusChange, CorpusOperationError, CorpusOpsContext, readCorpus, runCorpusOperation } from '../../src/store/corpusOps';
import { MemoryFileSystem } from '../support/memoryFileSystem';
import { A, C, CODEBOOK, openTeamWorld, teamFiles } from '../support/teamCorpus';

interface World { fs: MemoryFileSystem; store: AnnotationStore; codebook: CodebookStore; ctx: CorpusOpsContext }

async function world(extra: Record<string, string> = {}): Promise<World> {
  return openTeamWorld(new MemoryFileSystem({ ...teamFiles(), ...extra }));
}

const entitiesOf = (yaml: string) => loadSidecar(yaml).sidecar!.mentions.map(m => `${m.id}:${m.entity}`);

describe('corpusOps: reading the corpus', () => {
  it('takes open articles from the store and the others from disk', async () => {
    const w = await world();
    const snap = await readCorpus(w.ctx);
    assert.deepEqual([...snap.corpus.keys()].sort(), ['/ws/a.txt.annotations.yaml', '/ws/b.txt.annotations.yaml', '/ws/sub/c.txt.annotations.yaml']);
    assert.equal(snap.corpus.get('/ws/a.txt.annotations.yaml'), w.store.get('/ws/a.txt')!.sidecar);
    assert.deepEqual([...snap.open], [['/ws/a.txt.annotations.yaml', '/ws/a.txt']]);
    assert.deepEqual([...snap.onDisk.keys()].sort(), ['/ws/b.txt.annotations.yaml', '/ws/sub/c.txt.annotations.yaml']);
    assert.deepEqual(snap.broken, []);
  });

  it('takes only the articles the codebook governs, open or not, when asked', async () => {
    const w = await world();
    await w.store.open('/ws/sub/c.txt', C); // open, but under another codebook
    const governs = async (article: string) => !article.startsWith('/ws/sub/');
    const snap = await readCorpus({ ...w.ctx, governs });
    assert.deepEqual([...snap.corpus.keys()].sort(), ['/ws/a.txt.annotations.yaml', '/ws/b.txt.annotations.yaml']);
    assert.deepEqual([...snap.open], [['/ws/a.txt.annotations.yaml', '/ws/a.txt']]);
    const r = await runCorpusOperation({ ...w.ctx, governs }, ['putin'], 'rename', (cb, corpus) => renameEntity(cb, corpus, 'putin', { id: 'vp', name: 'V. Putin' }));
    assert.deepEqual([r.written, r.replaced], [['/ws/b.txt.annotations.yaml'], ['/ws/a.txt']]);
    assert.deepEqual(w.store.get('/ws/sub/c.txt')!.sidecar.mentions.map(m => m.entity), ['china', 'putin'], 'the other codebook\'s article keeps its id');
  });
});

describe('corpusOps: rename, merge and delete across the corpus', () => {
  it('renames an id in open and closed sidecars and in the codebook, keeping comments', async () => {
    const w = await world();
    const r = await runCorpusOperation(w.ctx, ['putin'], 'rename', (cb, corpus) => renameEntity(cb, corpus, 'putin', { id: 'vladimir-putin', name: 'Vladimir V. Putin' }));
    assert.deepEqual(r.written.sort(), ['/ws/b.txt.annotations.yaml', '/ws/sub/c.txt.annotations.yaml']);
    assert.deepEqual(r.replaced, ['/ws/a.txt']);
    // the open article: replaced in the store, written by it
    assert.deepEqual(w.store.get('/ws/a.txt')!.sidecar.mentions.map(m => m.entity), ['xi', 'vladimir-putin', 'china']);
    await w.store.flush();
    assert.deepEqual(entitiesOf(w.fs.files.get('/ws/a.txt.annotations.yaml')!), ['m1:xi', 'm2:vladimir-putin', 'm3:china']);
    // closed ones: rewritten in place
    const b = w.fs.files.get('/ws/b.txt.annotations.yaml')!;
    assert.deepEqual(entitiesOf(b), ['m1:vladimir-putin', 'm2:xi']);
    assert.match(b, /^# checked by Ana\n/);
    assert.match(b, /# the host/);
    assert.match(b, /reviewer: ana/);
    assert.deepEqual(entitiesOf(w.fs.files.get('/ws/sub/c.txt.annotations.yaml')!), ['m1:china', 'm2:vladimir-putin']);
    // the codebook, with its comment, the new id and name, the old name as an alias
    const cb = w.fs.files.get('/ws/claimlens.codebook.yaml')!;
    assert.match(cb, /# the team's actors/);
    assert.match(cb, /id: vladimir-putin/);
    assert.deepEqual(w.codebook.codebook.entities.find(e => e.id === 'vladimir-putin')?.aliases, ['Vladimir Putin']);
    assert.ok(!w.codebook.codebook.entities.some(e => e.id === 'putin'));
  });

  it('a rename of the name only touches the codebook', async () => {
    const w = await world();
    const r = await runCorpusOperation(w.ctx, ['xi'], 'rename', (cb, corpus) => renameEntity(cb, corpus, 'xi', { name: 'Xi' }));
    assert.deepEqual([r.written, r.replaced], [[], []]);
    assert.deepEqual(w.fs.written, ['/ws/claimlens.codebook.yaml']);
  });

  it('merges one entity into another everywhere, claims included', async () => {
    const w = await world();
    await runCorpusOperation(w.ctx, ['xi', 'china'], 'merge', (cb, corpus) => mergeEntities(cb, corpus, 'xi', 'china'));
    await w.store.flush();
    assert.deepEqual(entitiesOf(w.fs.files.get('/ws/a.txt.annotations.yaml')!), ['m1:china', 'm2:putin', 'm3:china']);
    assert.equal(loadSidecar(w.fs.files.get('/ws/a.txt.annotations.yaml')!).sidecar!.claims[0].claimant, 'china');
    assert.deepEqual(entitiesOf(w.fs.files.get('/ws/b.txt.annotations.yaml')!), ['m1:putin', 'm2:china']);
    assert.deepEqual(w.codebook.codebook.entities.find(e => e.id === 'china')?.aliases, ['Beijing', 'Xi Jinping']);
  });

  it('a forced delete removes the entity’s mentions and claims', async () => {
    const w = await world();
    await assert.rejects(runCorpusOperation(w.ctx, ['xi'], 'delete', (cb, corpus) => deleteEntity(cb, corpus, 'xi')), /still referenced by 2 mention\(s\), 1 claim/);
    assert.equal(w.fs.written.length, 0, 'a refused delete writes nothing');
    await runCorpusOperation(w.ctx, ['xi'], 'delete', (cb, corpus) => deleteEntity(cb, corpus, 'xi', true));
    await w.store.flush();
    assert.deepEqual(entitiesOf(w.fs.files.get('/ws/a.txt.annotations.yaml')!), ['m2:putin', 'm3:china']);
    assert.deepEqual(loadSidecar(w.fs.files.get('/ws/a.txt.annotations.yaml')!).sidecar!.claims, []);
    assert.deepEqual(entitiesOf(w.fs.files.get('/ws/b.txt.annotations.yaml')!), ['m1:putin']);
    assert.equal(w.fs.written.filter(l => l.includes('/sub/')).length, 0, 'c.txt does not mention xi and is left alone');
  });
});

describe('corpusOps: refusing up front', () => {
  const BROKEN = 'claimlens: 1\nmentions:\n  - {id: m1, entity: putin, start: 0, end: 5\n';

  it('refuses when a sidecar that may refer to the entity has errors, and writes nothing', async () => {
    const w = await world({ '/ws/d.txt': 'Putin.\n', '/ws/d.txt.annotations.yaml': BROKEN });
    await assert.rejects(runCorpusOperation(w.ctx, ['putin'], 'rename “Vladimir Putin”', (cb, corpus) => renameEntity(cb, corpus, 'putin', { id: 'vp' })),
      (e: Error) => e instanceof CorpusOperationError && /cannot rename “Vladimir Putin”: a sidecar that may refer to it has errors: d\.txt\.annotations\.yaml \(line \d+: .+\)\. Fix it first — nothing was changed\./.test(e.message));
    assert.deepEqual(w.fs.written, []);
    assert.equal(w.store.get('/ws/a.txt')!.dirty, false);
  });

  it('lets a broken sidecar that cannot refer to the entity be', async () => {
    const w = await world({ '/ws/d.txt': 'Putin.\n', '/ws/d.txt.annotations.yaml': BROKEN });
    await runCorpusOperation(w.ctx, ['xi'], 'rename', (cb, corpus) => renameEntity(cb, corpus, 'xi', { id: 'xi-jinping' }));
    assert.deepEqual(entitiesOf(w.fs.files.get('/ws/b.txt.annotations.yaml')!), ['m1:putin', 'm2:xi-jinping']);
    assert.equal(w.fs.files.get('/ws/d.txt.annotations.yaml'), BROKEN);
  });

  it('refuses when an open article’s sidecar is broken', async () => {
    const w = await world({ '/ws/d.txt': 'Putin.\n', '/ws/d.txt.annotations.yaml': BROKEN });
    await w.store.open('/ws/d.txt', 'Putin.\n');
    assert.equal(w.store.get('/ws/d.txt')!.readonly, true);
    await assert.rejects(runCorpusOperation(w.ctx, ['putin'], 'merge', (cb, corpus) => mergeEntities(cb, corpus, 'putin', 'xi')), /cannot merge: a sidecar .* has errors: d\.txt\.annotations\.yaml/);
    assert.deepEqual(w.fs.written, []);
  });

  it('refuses when the codebook has errors', async () => {
    const w = await world({ '/ws/claimlens.codebook.yaml': CODEBOOK + '  - {id: xi, name: Again, type: person}\n' });
    assert.ok(w.codebook.blocked);
    await assert.rejects(runCorpusOperation(w.ctx, ['putin'], 'rename', (cb, corpus) => renameEntity(cb, corpus, 'putin', { id: 'vp' })),
      /cannot rename: the codebook has errors \(line \d+: duplicate entity id `xi`\); fix them first — nothing was changed/);
    assert.deepEqual(w.fs.written, []);
  });

  it('refuses when a sidecar changed on disk after it was read', async () => {
    const w = await world();
    const snap = await readCorpus(w.ctx);
    const change = renameEntity(snap.codebook, snap.corpus, 'putin', { id: 'vp' });
    w.fs.files.set('/ws/sub/c.txt.annotations.yaml', w.fs.files.get('/ws/sub/c.txt.annotations.yaml')! + '# edited meanwhile\n');
    await assert.rejects(applyCorpusChange(w.ctx, snap, change), /c\.txt\.annotations\.yaml changed while the operation ran; nothing was changed/);
    assert.deepEqual(w.fs.written, []);
    assert.equal(w.store.get('/ws/a.txt')!.sidecar.mentions[1].entity, 'putin');
  });

  it('refuses when an open article’s annotations changed after they were read', async () => {
    const w = await world();
    const snap = await readCorpus(w.ctx);
    const change = renameEntity(snap.codebook, snap.corpus, 'putin', { id: 'vp' });
    w.store.remove('/ws/a.txt', ['m3']);
    await assert.rejects(applyCorpusChange(w.ctx, snap, change), /a\.txt\.annotations\.yaml changed while the operation ran/);
    assert.ok(!w.fs.written.includes('/ws/claimlens.codebook.yaml'));
  });
});

describe('corpusOps: edits made while the operation writes', () => {
  it('keeps edits typed while the codebook was being written: places from now, references from the operation', async () => {
    const w = await world();
    w.fs.beforeWrite = location => {
      if (location !== '/ws/claimlens.codebook.yaml') return;
      w.fs.beforeWrite = undefined;
      // “Breaking: ” typed at the start of a.txt, and a new mention of Putin added
      w.store.applyTextEdits('/ws/a.txt', [{ start: 0, end: 0, text: 'Breaking: ' }], 'Breaking: ' + A);
      const s = 'Breaking: '.length + A.indexOf('Putin');
      w.store.add('/ws/a.txt', [{ kind: 'mention', start: s, end: s + 5, entity: 'putin' }]);
    };
    await runCorpusOperation(w.ctx, ['xi'], 'rename', (cb, corpus) => renameEntity(cb, corpus, 'xi', { id: 'xi-jinping' }));
    await w.store.flush();
    const saved = loadSidecar(w.fs.files.get('/ws/a.txt.annotations.yaml')!).sidecar!;
    const shift = 'Breaking: '.length;
    assert.deepEqual(saved.mentions.filter(m => m.id.length === 2).map(m => [m.id, m.entity, m.start]),
      [['m1', 'xi-jinping', shift + A.indexOf('Xi Jinping')], ['m2', 'putin', shift + A.indexOf('Putin')], ['m3', 'china', shift + A.indexOf('Beijing')]]);
    assert.equal(saved.mentions.length, 4, 'the mention added meanwhile is kept');
    assert.equal(saved.claims[0].claimant, 'xi-jinping');
    assert.equal(saved.claims[0].start, shift + A.indexOf('met Putin'));
  });
});
