// Restricted Mode in a real VS Code with workspace trust on: the folder is not trusted. Showing, hovering and
// browsing work; a writing command says so before asking anything and changes no file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, readText, waitFor, workspaceUri } from '../helpers';

const ARTICLE = '000_30b9ca53c861b234.txt';

suite('Restricted Mode', () => {
  suiteSetup(async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'this run opens the folder with workspace trust on, untrusted');
  });

  test('articles are highlighted, hover cards and the Entities view work', async () => {
    const { decorations, tree } = await api();
    const uri = workspaceUri(ARTICLE);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const ranges = await waitFor('highlights', () => {
      const all = [...(decorations.applied.get(uri.toString())?.values() ?? [])].flat();
      return all.length > 0 && all;
    }, 15_000);
    assert.ok(ranges.length > 50, `the article is highlighted (${ranges.length})`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, ranges[0].start.translate(0, 1));
    const text = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Mentioned \d+×/);
    const china = await waitFor('the China row', () => tree.findEntity('china'));
    assert.match(String(tree.getTreeItem(china).label), /^China \(\d+\)$/);
    assert.match(tree.view.message ?? '', /Restricted Mode/, 'the Entities view says why nothing is saved');
    assert.ok(editor);
  });

  test('a writing command asks nothing, says why and offers Manage Workspace Trust, and writes nothing', async () => {
    const { prompter } = await api();
    const sidecar = workspaceUri(`${ARTICLE}.annotations.yaml`);
    const codebook = workspaceUri('claimlens.codebook.yaml');
    const before = [await readText(sidecar), await readText(codebook)];
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(ARTICLE)));
    editor.selection = new vscode.Selection(0, 0, 0, 8);
    const asked: string[] = [];
    const saved = prompter.current;
    prompter.current = {
      pick: async (_items, o) => { asked.push(o.title); return undefined; },
      input: async o => { asked.push(o.title); return undefined; },
      confirm: async m => { asked.push(m); return false; },
    };
    // The warning goes through the same window API object the extension uses.
    const shown: { message: string; items: string[] }[] = [];
    const original = vscode.window.showWarningMessage;
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string, ...items: string[]) => { shown.push({ message, items }); return undefined; };
    try {
      for (const command of ['claimlens.annotateActor', 'claimlens.markClaim']) await vscode.commands.executeCommand(command);
      await new Promise(r => setTimeout(r, 300));
    } finally {
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
      prompter.current = saved;
    }
    assert.deepStrictEqual(asked, [], 'no question was asked');
    assert.strictEqual(shown.length, 2, 'each command said why');
    assert.match(shown[0].message, /Restricted Mode/);
    assert.deepStrictEqual(shown[0].items, ['Manage Workspace Trust']);
    assert.deepStrictEqual([await readText(sidecar), await readText(codebook)], before, 'no file changed');
  });
});
