// Data integrity in the real host: a sidecar put back to an older text by another program (a git
// checkout) is taken in, not written over; a rename that cannot write one sidecar (read-only)
// changes nothing anywhere and says so; and deactivation waits for pending saves.

/**
 * Makes a file read-only so that replacing it really fails: chmod 0444, which the file system
 * enforces for a normal user only in a read-only folder (a rename replaces a read-only file), and
 * for root (who ignores permissions) the immutable attribute. Returns how to undo it, or
 * undefined when this system cannot make it fail.
 */
function lock(file: string): (() => void) | undefined {
  fs.chmodSync(file, 0o444);
  const folder = path.dirname(file);
  if (process.getuid?.() !== 0) {
    fs.chmodSync(folder, 0o555);
    return () => { fs.chmodSync(folder, 0o755); fs.chmodSync(file, 0o644); };
  }
  try { execFileSync('chattr', ['+i', file], { stdio: 'ignore' }); } catch { fs.chmodSync(file, 0o644); return undefined; }
  return () => { execFileSync('chattr', ['-i', file], { stdio: 'ignore' }); fs.chmodSync(file, 0o644); };
}
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { addEntity } from '../../../src/core/codebook';
import { Sidecar } from '../../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../../src/core/sidecarFormat';
import { CodePointIndex, hashText } from '../../../src/core/text';
import { api, EXTENSION_ID, openArticle, readText, removeFolder, type, waitFor, withAnswers, workspaceUri, writeText } from '../helpers';

const CODEBOOK = 'claimlens.codebook.yaml';
const TEXT = 'Dana Vale met Ivo Brandt in Lisbon. Vale said the talks went well.\n';

/** A current sidecar (right hash) for TEXT with mentions of the given needles. */
function sidecarFor(mentions: [id: string, entity: string, needle: string][]): string {
  const ix = new CodePointIndex(TEXT);
  const s: Sidecar = { version: 1, article: { hash: hashText(TEXT) }, claims: [],
    mentions: mentions.map(([id, entity, needle]) => {
      const start = TEXT.indexOf(needle);
      return { id, entity, start, end: start + needle.length, ...ix.quote(start, start + needle.length), anchor: 'exact' as const };
    }) };
  return serializeSidecar(s);
}

const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });
const entitiesIn = (yaml: string | undefined) => loadSidecar(yaml ?? '').sidecar?.mentions.map(m => m.entity).sort() ?? [];

suite('Data integrity', () => {
  const folders: string[] = [];
  const unlocks: (() => void)[] = [];
  let codebookBefore: string | undefined;

  suiteSetup(async () => {
    codebookBefore = await readText(workspaceUri(CODEBOOK));
    const { services } = await api();
    await services.codebook.update(cb => [
      { name: 'Dana Vale', type: 'person' }, { name: 'Ivo Brandt', type: 'person' }, { name: 'Lisbon', type: 'country' },
    ].reduce((c, e, i) => addEntity(c, { ...e, id: ['di-vale', 'di-brandt', 'di-lisbon'][i] }).codebook, cb));
  });

  suiteTeardown(async () => {
    for (const unlock of unlocks.splice(0)) unlock();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of folders) await removeFolder(f);
    if (codebookBefore !== undefined) await writeText(workspaceUri(CODEBOOK), codebookBefore);
    const { services } = await api();
    await waitFor('the codebook as it was', () => services.codebook.codebook.entities.every(e => !e.id.startsWith('di-')));
  });

  test('a sidecar put back to an older saved text by another program is taken in, and not written over', async () => {
    const { services } = await api();
    folders.push('integrity-revert');
    await writeText(workspaceUri('integrity-revert', 'a.txt'), TEXT);
    const sidecarUri = workspaceUri('integrity-revert', 'a.txt.annotations.yaml');
    const editor = await openArticle('integrity-revert/a.txt');
    await services.tracker.track(editor.document);
    const article = editor.document.uri.toString();
    services.store.add(article, [{ kind: 'mention', ...span('Dana Vale'), entity: 'di-vale' }]);
    await services.store.flush(article);
    const first = (await readText(sidecarUri))!;
    services.store.add(article, [{ kind: 'mention', ...span('Ivo Brandt'), entity: 'di-brandt' }]);
    await services.store.flush(article);
    assert.deepStrictEqual(entitiesIn(await readText(sidecarUri)), ['di-brandt', 'di-vale']);

    // `git checkout -- a.txt.annotations.yaml`: another program writes the first saved text back.
    fs.writeFileSync(sidecarUri.fsPath, first);
    await waitFor('the store to take the reverted sidecar in', () => services.store.get(article)?.sidecar.mentions.length === 1);
    assert.deepStrictEqual(services.store.get(article)!.sidecar.mentions.map(m => m.entity), ['di-vale']);
    // The next change is saved over the reverted file, without the discarded mention.
    services.store.add(article, [{ kind: 'mention', ...span('Lisbon'), entity: 'di-lisbon' }]);
    await services.store.flush(article);
    assert.deepStrictEqual(entitiesIn(await readText(sidecarUri)), ['di-lisbon', 'di-vale']);
  });

  test('deleting an annotation whose sidecar cannot be saved says so instead of reporting success, and keeps the change pending', async () => {
    const { services } = await api();
    folders.push('integrity-delete');
    await writeText(workspaceUri('integrity-delete', 'a.txt'), TEXT);
    const sidecarUri = workspaceUri('integrity-delete', 'a.txt.annotations.yaml');
    await writeText(sidecarUri, sidecarFor([['m1', 'di-vale', 'Dana Vale'], ['m2', 'di-vale', 'Vale']]));
    const editor = await openArticle('integrity-delete/a.txt');
    await services.tracker.track(editor.document);
    const location = editor.document.uri.toString();
    await waitFor('the article tracked', () => services.store.get(location)?.sidecar.mentions.length === 2);
    const before = await readText(sidecarUri);
    fs.chmodSync(sidecarUri.fsPath, 0o444); // ClaimLens never replaces a read-only file, whoever runs it
    unlocks.push(() => fs.chmodSync(sidecarUri.fsPath, 0o644));
    const result = await vscode.commands.executeCommand('claimlens.deleteAnnotation', { article: location, id: 'm2' });
    assert.strictEqual(result, undefined, 'the command failed instead of returning the deleted annotation');
    assert.strictEqual(await readText(sidecarUri), before, 'the file is as it was');
    const state = services.store.get(location)!;
    assert.deepStrictEqual([state.dirty, state.sidecar.mentions.map(m => m.id)], [true, ['m1']], 'the deletion is kept in memory, pending');
    fs.chmodSync(sidecarUri.fsPath, 0o644);
    await services.store.flush(location);
    assert.deepStrictEqual(loadSidecar((await readText(sidecarUri))!).sidecar!.mentions.map(m => m.id), ['m1'], 'saved once the file can be written');
  });

  test('a rename that cannot write a read-only sidecar changes nothing: codebook, sidecars and memory as before, and the user is told', async function () {
    const { services } = await api();
    folders.push('integrity-readonly');
    // two.txt lies in a folder of its own, which a normal user's lock makes read-only.
    const files = {
      'one.txt.annotations.yaml': sidecarFor([['m1', 'di-vale', 'Dana Vale'], ['m2', 'di-vale', 'Vale']]),
      'locked/two.txt.annotations.yaml': '# reviewed\n' + sidecarFor([['m1', 'di-vale', 'Dana Vale']]),
    };
    for (const name of ['one.txt', 'locked/two.txt']) await writeText(workspaceUri('integrity-readonly', name), TEXT);
    for (const [name, text] of Object.entries(files)) await writeText(workspaceUri('integrity-readonly', name), text);
    const editor = await openArticle('integrity-readonly/one.txt'); // one open in the editor, the other not
    await services.tracker.track(editor.document);
    await services.corpus.scan();
    const unlock = lock(workspaceUri('integrity-readonly', 'locked', 'two.txt.annotations.yaml').fsPath);
    if (!unlock) this.skip();
    unlocks.push(unlock);
    const codebook = await readText(workspaceUri(CODEBOOK));

    const shown: string[] = [];
    const window = vscode.window as { showErrorMessage: (...args: unknown[]) => Thenable<unknown> };
    const original = window.showErrorMessage;
    window.showErrorMessage = (...args: unknown[]) => { shown.push(String(args[0])); return original.apply(vscode.window, args); };
    let result: unknown;
    try {
      result = await withAnswers([type('Dana V. Vale'), type('dana-vale')], () => vscode.commands.executeCommand('claimlens.renameEntity', 'di-vale'));
    } finally {
      window.showErrorMessage = original;
    }

    assert.strictEqual(result, undefined, 'the command reports failure');
    assert.ok(shown.some(m => /two\.txt\.annotations\.yaml (could not be written|is read-only).*nothing was changed/.test(m)), `the user is told (shown: ${JSON.stringify(shown)})`);
    assert.strictEqual(await readText(workspaceUri(CODEBOOK)), codebook, 'the codebook is unchanged');
    for (const [name, text] of Object.entries(files)) assert.strictEqual(await readText(workspaceUri('integrity-readonly', name)), text, `${name} is unchanged`);
    assert.ok(services.codebook.codebook.entities.some(e => e.id === 'di-vale') && !services.codebook.codebook.entities.some(e => e.id === 'dana-vale'));
    assert.deepStrictEqual(services.store.get(editor.document.uri.toString())!.sidecar.mentions.map(m => m.entity), ['di-vale', 'di-vale']);
    // Nothing pending writes the new id later either.
    await services.store.flush();
    assert.strictEqual(await readText(workspaceUri('integrity-readonly', 'one.txt.annotations.yaml')), files['one.txt.annotations.yaml']);

    // Once the file is writable again, the same rename goes through everywhere.
    unlocks.splice(unlocks.indexOf(unlock), 1);
    unlock();
    const renamed = await withAnswers([type('Dana V. Vale'), type('dana-vale')], () => vscode.commands.executeCommand<{ id: string }>('claimlens.renameEntity', 'di-vale'));
    assert.strictEqual(renamed?.id, 'dana-vale');
    for (const name of Object.keys(files)) assert.deepStrictEqual([...new Set(entitiesIn(await readText(workspaceUri('integrity-readonly', name))))], ['dana-vale'], name);
  });

  test('deactivate returns the pending saves, so VS Code waits for them', async () => {
    const { services } = await api();
    folders.push('integrity-deactivate');
    await writeText(workspaceUri('integrity-deactivate', 'a.txt'), TEXT);
    const editor = await openArticle('integrity-deactivate/a.txt');
    await services.tracker.track(editor.document);
    const article = editor.document.uri.toString();
    const delay = services.store.saveDelayMs;
    services.store.saveDelayMs = 60_000; // the debounced save would come much later
    try {
      services.store.add(article, [{ kind: 'mention', ...span('Dana Vale'), entity: 'di-vale' }]);
      const sidecarUri = workspaceUri('integrity-deactivate', 'a.txt.annotations.yaml');
      assert.strictEqual(await readText(sidecarUri), undefined, 'not saved yet');
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      // The module VS Code loaded (the same instance: Node's module cache).
      const main = require(path.join(extension.extensionPath, 'dist', 'extension.js')) as { deactivate(): unknown };
      const pending = main.deactivate();
      assert.ok(pending instanceof Promise, 'deactivate returns a promise');
      await pending;
      assert.deepStrictEqual(entitiesIn(await readText(sidecarUri)), ['di-vale'], 'the pending change is on disk once it resolves');
    } finally {
      services.store.saveDelayMs = delay;
    }
  });
});
