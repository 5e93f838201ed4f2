// Needs review: an article changes on disk, outside the editor; annotations that could only be
// placed approximately (fuzzy) or not at all (orphans) are listed with what was there then and
// what is there now, and each can be accepted, re-attached to a selection or deleted — with the
// sidecar checked on disk after every step.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Annotation, Sidecar } from '../../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../../src/core/sidecarFormat';
import { CodePointIndex, hashText } from '../../../src/core/text';
import type { ClaimLensApi } from '../../../src/extension';
import type { ReviewNode, TreeNode } from '../../../src/vscode/tree/nodes';
import { api, openArticle, readText, select, waitFor, workspaceUri, writeText, removeFolder } from '../helpers';

const FOLDER = 'review-test';

const BEFORE = [
  'REVIEW DESK',
  'Ambassador Kira Voss of Valdoria arrived in the capital on Tuesday for two days of talks.',
  'Minister Leo Brandt welcomed her and said the border agreement would be signed within a month.',
  'Observers from the Northern League expect the ceremony to take place in the old town hall.',
  '',
].join('\n');

// “Leo Brandt” and the claim change a little (fuzzy); “the Northern League” is gone (orphan).
const AFTER = [
  'REVIEW DESK',
  'Ambassador Kira Vossberg of Valdoria arrived in the capital on Tuesday for two days of talks.',
  'Minister Leo Brant welcomed her and said the border agreement would be signed within weeks.',
  'Observers expect the ceremony to take place in the old town hall.',
  '',
].join('\n');

function sidecarFor(text: string): string {
  const ix = new CodePointIndex(text);
  const span = (needle: string) => { const start = text.indexOf(needle); return { start, end: start + needle.length, ...ix.quote(start, start + needle.length), anchor: 'exact' as const }; };
  const s: Sidecar = { version: 1, article: { hash: hashText(text) },
    mentions: [
      { id: 'm1', entity: 'rv-voss', ...span('Kira Voss') },
      { id: 'm2', entity: 'rv-brandt', ...span('Leo Brandt') },
      { id: 'm3', entity: 'rv-league', ...span('the Northern League') },
      { id: 'm4', entity: 'rv-valdoria', ...span('Valdoria') },
    ],
    claims: [{ id: 'c1', claimant: 'rv-brandt', stance: 'support', ...span('the border agreement would be signed within a month') }] };
  return serializeSidecar(s);
}

const label = (t: ClaimLensApi['tree'], n: TreeNode) => { const l = t.getTreeItem(n).label; return typeof l === 'string' ? l : l?.label ?? ''; };

async function reviewRows(t: ClaimLensApi['tree'], article: string): Promise<ReviewNode[]> {
  const roots = await t.getChildren();
  const review = roots.find(n => n.kind === 'root' && n.root === 'review');
  assert.ok(review, 'a Needs review group');
  return (await t.getChildren(review)).filter((n): n is ReviewNode => n.kind === 'review' && n.article === article);
}

async function annotationsOnDisk(name: string): Promise<Map<string, Annotation>> {
  const s = loadSidecar((await readText(workspaceUri(FOLDER, `${name}.annotations.yaml`)))!).sidecar!;
  return new Map([...s.mentions, ...s.claims].map(a => [a.id, a]));
}

/** Writes a fresh article and its (current) sidecar, then changes the article on disk. */
async function changedOnDisk(name: string): Promise<string> {
  const uri = workspaceUri(FOLDER, name);
  await writeText(uri, BEFORE);
  await writeText(workspaceUri(FOLDER, `${name}.annotations.yaml`), sidecarFor(BEFORE));
  const { services } = await api();
  await waitFor('the corpus to read the sidecar', () => services.corpus.articles().some(a => a.article === uri.toString()));
  await writeText(uri, AFTER);
  return uri.toString();
}


suite('Needs review', () => {
  suiteSetup(async () => {
    const { tree } = await api();
    if (tree.scope !== 'workspace') await vscode.commands.executeCommand('claimlens.toggleScope');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeFolder(FOLDER);
  });

  test('an article changed outside the editor lists its fuzzy and orphaned annotations with then and now', async () => {
    const { tree } = await api();
    const article = await changedOnDisk('listed.txt');
    const rows = await waitFor('the review rows', async () => { const r = await reviewRows(tree, article); return r.length === 3 && r; });
    const shown = rows.map(r => { const it = tree.getTreeItem(r); return [r.annotation.id, label(tree, r), it.description, it.contextValue]; });
    assert.deepStrictEqual(shown, [
      ['m2', '“Leo Brandt”', 'now “Leo Brant” · listed.txt', 'review'],
      ['c1', '“the border agreement would be signed within a month”', 'now “the border agreement would be signed within weeks” · listed.txt', 'review'],
      ['m3', '“the Northern League”', 'orphan: quote not found · listed.txt', 'reviewOrphan'],
    ]);
    const tooltip = tree.getTreeItem(rows[0]).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /\| then \| now \|/);
    assert.match(tooltip.value, /Leo Brandt \| Leo Brant/);
    // the sidecar on disk says the same: nothing was moved or dropped silently
    const disk = await annotationsOnDisk('listed.txt');
    assert.deepStrictEqual([...disk.values()].map(a => [a.id, a.anchor]).sort(), [['c1', 'fuzzy'], ['m1', 'exact'], ['m2', 'fuzzy'], ['m3', 'orphan'], ['m4', 'exact']]);
    assert.strictEqual(disk.get('m2')!.text, 'Leo Brandt', 'a fuzzy match keeps its old quote until it is accepted');
    const roots = await tree.getChildren();
    const review = roots.find(n => n.kind === 'root' && n.root === 'review')!;
    assert.ok(Number(tree.getTreeItem(review).description) >= 3);
  });

  test('Accept New Place marks a fuzzy match exact and stores the current text as its quote', async () => {
    const { tree } = await api();
    const article = await changedOnDisk('accept.txt');
    const rows = await waitFor('the review rows', async () => { const r = await reviewRows(tree, article); return r.length === 3 && r; });
    const m2 = rows.find(r => r.annotation.id === 'm2')!;
    await vscode.commands.executeCommand('claimlens.acceptAnchor', m2);
    const disk = await annotationsOnDisk('accept.txt');
    const start = AFTER.indexOf('Leo Brant');
    assert.deepStrictEqual([disk.get('m2')!.anchor, disk.get('m2')!.text, disk.get('m2')!.start, disk.get('m2')!.end], ['exact', 'Leo Brant', start, start + 9]);
    assert.strictEqual(disk.get('m2')!.score, undefined);
    assert.strictEqual(disk.get('c1')!.anchor, 'fuzzy', 'the others wait for their own review');
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.getText(editor.selection), 'Leo Brant', 'the accepted place is shown');
    await waitFor('the row gone', async () => (await reviewRows(tree, article)).map(r => r.annotation.id).join() === 'c1,m3');
  });

  test('Re-attach to Selection moves an orphan to the selected text; without a selection it asks for one', async () => {
    const { tree } = await api();
    const article = await changedOnDisk('reattach.txt');
    const rows = await waitFor('the review rows', async () => { const r = await reviewRows(tree, article); return r.length === 3 && r; });
    const orphan = rows.find(r => r.annotation.id === 'm3')!;
    const before = await readText(workspaceUri(FOLDER, 'reattach.txt.annotations.yaml'));

    // no selection in the article yet: it is shown, and nothing changes
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual(await vscode.commands.executeCommand('claimlens.reattachAnchor', orphan), undefined);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), article);
    assert.ok(vscode.window.activeTextEditor!.selection.isEmpty);
    assert.strictEqual(await readText(workspaceUri(FOLDER, 'reattach.txt.annotations.yaml')), before);

    const editor = await openArticle(`${FOLDER}/reattach.txt`);
    select(editor, 'the old town hall');
    await vscode.commands.executeCommand('claimlens.reattachAnchor', orphan);
    const disk = await annotationsOnDisk('reattach.txt');
    const start = AFTER.indexOf('the old town hall');
    assert.deepStrictEqual([disk.get('m3')!.anchor, disk.get('m3')!.text, disk.get('m3')!.start, disk.get('m3')!.end], ['exact', 'the old town hall', start, start + 17]);
    assert.strictEqual(disk.get('m3')!.before, AFTER.slice(start - 32, start));
    await waitFor('the row gone', async () => !(await reviewRows(tree, article)).some(r => r.annotation.id === 'm3'));
  });

  test('Delete Annotation removes it from the sidecar and from the list', async () => {
    const { tree } = await api();
    const article = await changedOnDisk('delete.txt');
    const rows = await waitFor('the review rows', async () => { const r = await reviewRows(tree, article); return r.length === 3 && r; });
    await vscode.commands.executeCommand('claimlens.deleteAnnotation', rows.find(r => r.annotation.id === 'm3'));
    await vscode.commands.executeCommand('claimlens.deleteAnnotation', rows.find(r => r.annotation.id === 'c1'));
    const disk = await annotationsOnDisk('delete.txt');
    assert.deepStrictEqual([...disk.keys()].sort(), ['m1', 'm2', 'm4']);
    await waitFor('only m2 left to review', async () => (await reviewRows(tree, article)).map(r => r.annotation.id).join() === 'm2');
  });

  test('an orphan cannot be “accepted”: the command says why and changes nothing', async () => {
    const { tree } = await api();
    const article = await changedOnDisk('orphan.txt');
    const rows = await waitFor('the review rows', async () => { const r = await reviewRows(tree, article); return r.length === 3 && r; });
    const before = await readText(workspaceUri(FOLDER, 'orphan.txt.annotations.yaml'));
    assert.strictEqual(await vscode.commands.executeCommand('claimlens.acceptAnchor', rows.find(r => r.annotation.id === 'm3')), undefined);
    const { services } = await api();
    await services.store.flush();
    assert.strictEqual(await readText(workspaceUri(FOLDER, 'orphan.txt.annotations.yaml')), before);
  });

  test('an open article reloaded from disk lists its annotations to review too', async () => {
    const { tree } = await api();
    const uri = workspaceUri(FOLDER, 'open.txt');
    await writeText(uri, BEFORE);
    await writeText(workspaceUri(FOLDER, 'open.txt.annotations.yaml'), sidecarFor(BEFORE));
    await openArticle(`${FOLDER}/open.txt`);
    const { services } = await api();
    await waitFor('the article is tracked', () => services.store.get(uri.toString())?.sidecar.mentions.length === 4);
    await writeText(uri, AFTER); // outside the editor: the document reloads and re-anchors
    const rows = await waitFor('the review rows', async () => { const r = await reviewRows(tree, uri.toString()); return r.length === 3 && r; });
    assert.deepStrictEqual(rows.map(r => [r.annotation.id, r.item.then, r.item.now ?? r.item.reason]), [
      ['m2', 'Leo Brandt', 'Leo Brant'],
      ['c1', 'the border agreement would be signed within a month', 'the border agreement would be signed within weeks'],
      ['m3', 'the Northern League', 'quote not found'],
    ]);
    await vscode.commands.executeCommand('claimlens.acceptAnchor', rows[1]);
    const disk = await annotationsOnDisk('open.txt');
    assert.deepStrictEqual([disk.get('c1')!.anchor, disk.get('c1')!.text], ['exact', 'the border agreement would be signed within weeks']);
  });
});
