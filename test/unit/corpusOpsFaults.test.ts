// Fault injection for rename, merge and delete of an entity across the corpus, and for a plain
// save: a write fails at every step (and then a write that puts a file back fails too). Whatever
// fails, no work is lost — every file has its old text, or all have the new one, or the error
// names exactly the files left with the new text — and the caller is told.
import * as assert from 'node:assert/strict';
import { CorpusChange, deleteEntity, mergeEntities, renameEntity } from '../../src/core/codebook';
import { Codebook, Sidecar } from '../../src/core/model';
import { loadSidecar } from '../../src/core/sidecarFormat';
import { AnnotationStore } from '../../src/store/annotationStore';
import { CodebookStore } from '../../src/store/codebookStore';
import { CorpusOperationError, CorpusOpsContext, IncompleteCorpusOperationError, runCorpusOperation } from '../../src/store/corpusOps';
import { FaultyFileSystem } from '../support/faultyFileSystem';
import { MemoryFileSystem } from '../support/memoryFileSystem';
import { A, openTeamWorld, teamFiles } from '../support/teamCorpus';
import { refuseToWriteDocumentsMarkedUnwritable } from '../support/unwritableDocument';

interface World { fs: FaultyFileSystem; store: AnnotationStore; codebook: CodebookStore; ctx: CorpusOpsContext }

/** The corpus with a.txt open in the editor (b and c are not); `edit` changes files first. */
async function world(edit: (files: Record<string, string>) => void = () => undefined): Promise<World> {
  const files = teamFiles();
  edit(files);
  return openTeamWorld(new FaultyFileSystem(new MemoryFileSystem(files)));
}

type Operation = (cb: Codebook, corpus: ReadonlyMap<string, Sidecar>) => CorpusChange;
const OPERATIONS: [name: string, ids: string[], op: Operation][] = [
  ['rename', ['putin'], (cb, corpus) => renameEntity(cb, corpus, 'putin', { id: 'vladimir-putin', name: 'Vladimir V. Putin' })],
  ['merge', ['xi', 'china'], (cb, corpus) => mergeEntities(cb, corpus, 'xi', 'china')],
  ['delete', ['xi'], (cb, corpus) => deleteEntity(cb, corpus, 'xi', true)],
];

const contents = (w: World) => new Map(w.fs.files);
const sidecarFiles = Object.keys(teamFiles()).filter(f => f.endsWith('.yaml'));
const inMemory = (w: World) => JSON.stringify({ codebook: w.codebook.codebook, a: w.store.get('/ws/a.txt')!.sidecar });

/** Every file is exactly as in `expected`; says which are not. */
function assertFiles(w: World, expected: Map<string, string>, what: string): void {
  const differ = sidecarFiles.filter(f => w.fs.files.get(f) !== expected.get(f));
  assert.deepEqual(differ, [], `${what}: these files differ`);
}

describe('corpus operations under write failures', () => {
  for (const [name, ids, op] of OPERATIONS) {
    describe(name, () => {
      let old: Map<string, string>, updated: Map<string, string>, writes: number, changed: string[], memoryBefore: string;

      before(async () => {
        const w = await world();
        old = contents(w);
        memoryBefore = inMemory(w);
        const start = w.fs.attempts;
        await runCorpusOperation(w.ctx, ids, name, op);
        await w.store.flush();
        writes = w.fs.attempts - start;
        updated = contents(w);
        changed = sidecarFiles.filter(f => old.get(f) !== updated.get(f));
        assert.ok(changed.includes('/ws/claimlens.codebook.yaml') && changed.includes('/ws/a.txt.annotations.yaml'), 'the codebook and the open article change');
        assert.equal(writes, changed.length, 'each changed file is written once');
      });

      it('a write failing at any step leaves every file and the memory as before, says so, and can be run again', async () => {
        for (let n = 1; n <= writes; n++) {
          const w = await world();
          w.fs.failing = new Set([w.fs.attempts + n]);
          await assert.rejects(runCorpusOperation(w.ctx, ids, name, op), (e: Error) => {
            assert.ok(e instanceof CorpusOperationError && !(e instanceof IncompleteCorpusOperationError), `write #${n}: ${e.message}`);
            assert.match(e.message, /could not be written \(EACCES: permission denied.*\).*nothing was changed/, `write #${n}`);
            return true;
          });
          const failed = w.fs.failures[0].location.replace(/^.*\//, '');
          await w.store.flush();
          assertFiles(w, old, `write #${n} (${failed}) failed`);
          assert.equal(inMemory(w), memoryBefore, `write #${n}: the codebook and the open article are unchanged in memory`);
          // Nothing stands in the way of running it again.
          await runCorpusOperation(w.ctx, ids, name, op);
          await w.store.flush();
          assertFiles(w, updated, `run again after write #${n} failed`);
        }
      });

      it('when putting a file back fails too, the error lists exactly the files left with the new text, and finishing restores them', async () => {
        let cases = 0;
        for (let n = 2; n <= writes; n++) {
          for (let r = 1; r < n; r++) {
            const w = await world();
            const base = w.fs.attempts;
            w.fs.failing = new Set([base + n, base + n + r]);
            let error: IncompleteCorpusOperationError | undefined;
            await runCorpusOperation(w.ctx, ids, name, op).catch(e => { error = e; });
            assert.ok(error instanceof IncompleteCorpusOperationError, `write #${n}, restore #${r}: ${error}`);
            const withNewText = sidecarFiles.filter(f => w.fs.files.get(f) === updated.get(f) && old.get(f) !== updated.get(f));
            const withOldText = sidecarFiles.filter(f => w.fs.files.get(f) === old.get(f));
            assert.deepEqual([...withNewText, ...withOldText].sort(), [...sidecarFiles].sort(), 'every file has its old or its new text');
            assert.deepEqual(error.unrestored.map(u => u.location).sort(), withNewText.sort(), `write #${n}, restore #${r}: the error names exactly the files left changed`);
            assert.equal(withNewText.length, 1);
            for (const f of withNewText) assert.ok(error.message.includes(f.replace(/^.*\//, '')), error.message);
            assert.equal(inMemory(w), memoryBefore, 'memory keeps the old version');
            assert.deepEqual(await error.finish(), [], 'finishing puts the previous text back');
            await w.store.flush();
            assertFiles(w, old, `after finishing (write #${n}, restore #${r})`);
            cases++;
          }
        }
        assert.ok(cases >= 1);
      });
    });
  }

  describe('a file that cannot be serialised stops the operation before anything is written', () => {
    refuseToWriteDocumentsMarkedUnwritable();

    for (const file of ['/ws/claimlens.codebook.yaml', '/ws/a.txt.annotations.yaml', '/ws/b.txt.annotations.yaml']) {
      it(`${file.replace(/^.*\//, '')}${file.includes('/a.txt') ? ' (of an open article)' : ''}`, async () => {
        const w = await world(files => { files[file] += 'unwritable: yes\n'; });
        const memory = inMemory(w);
        const start = contents(w);
        await assert.rejects(runCorpusOperation(w.ctx, ['putin'], 'rename', OPERATIONS[0][2]),
          new RegExp(`${file.replace(/^.*\//, '').replace(/\./g, '\\.')} could not be written in its new form \\(cannot stringify this document\\); nothing was changed`));
        await w.store.flush();
        assert.deepEqual(w.fs.inner.written, [], 'nothing was written');
        assertFiles(w, start, 'after the refusal');
        assert.equal(inMemory(w), memory);
      });
    }
  });

  for (const file of ['/ws/claimlens.codebook.yaml', '/ws/a.txt.annotations.yaml', '/ws/b.txt.annotations.yaml']) {
    it(`a read-only ${file.replace(/^.*\//, '')} stops the operation before anything is written`, async () => {
      const w = await world();
      const start = contents(w), memory = inMemory(w);
      w.fs.inner.readonlyFiles.add(file);
      await assert.rejects(runCorpusOperation(w.ctx, ['putin'], 'rename', OPERATIONS[0][2]),
        new RegExp(`${file.replace(/^.*\//, '').replace(/\./g, '\\.')} is read-only; nothing was changed`));
      await w.store.flush();
      assert.deepEqual(w.fs.inner.written, []);
      assertFiles(w, start, 'after the refusal');
      assert.equal(inMemory(w), memory);
    });
  }

  it('an open article whose pending changes cannot be saved stops the operation before anything is written', async () => {
    const w = await world();
    const start = contents(w);
    w.store.add('/ws/a.txt', [{ kind: 'mention', start: A.indexOf('Putin'), end: A.indexOf('Putin') + 5, entity: 'xi' }]);
    w.fs.failing = new Set([w.fs.attempts + 1]);
    await assert.rejects(runCorpusOperation(w.ctx, ['putin'], 'rename', OPERATIONS[0][2]), /a\.txt\.annotations\.yaml could not be saved first \(EACCES.*\); nothing was changed/);
    assertFiles(w, start, 'after the refusal');
    assert.ok(w.codebook.codebook.entities.some(e => e.id === 'putin'));
    assert.ok(w.store.get('/ws/a.txt')!.dirty, 'the pending change is still pending');
  });
});

describe('a plain save under a write failure', () => {
  it('keeps the change in memory and dirty, reports it, and writes it with the next flush', async () => {
    const w = await world();
    const start = w.fs.files.get('/ws/a.txt.annotations.yaml');
    const failures: Error[] = [], saves: string[] = [];
    w.store.onDidFailSave(({ error }) => failures.push(error));
    w.store.onDidSave(s => saves.push(s.location));
    const [m] = w.store.add('/ws/a.txt', [{ kind: 'mention', start: A.indexOf('Putin'), end: A.indexOf('Putin') + 5, entity: 'xi' }]);
    w.fs.failing = new Set([w.fs.attempts + 1]);
    await w.store.flush();
    assert.equal(w.fs.files.get('/ws/a.txt.annotations.yaml'), start);
    assert.equal(w.store.get('/ws/a.txt')!.dirty, true);
    assert.deepEqual(failures.map(e => e.message.replace(/,.*/, '')), ['EACCES: permission denied']);
    await w.store.flush();
    assert.deepEqual(saves, ['/ws/a.txt']);
    assert.ok(loadSidecar(w.fs.files.get('/ws/a.txt.annotations.yaml')!).sidecar!.mentions.some(x => x.id === m.id));
  });
});
