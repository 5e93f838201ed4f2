// Suggestions in a real VS Code: a sample article whose sidecar lost two mentions shows them as
// suggestions; the Quick Fix accepts one into the sidecar; a rejection is saved in the sidecar and
// the suggestion does not come back.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, openArticle, readText, waitFor, workspaceUri, writeText } from '../helpers';

const SAMPLE = '000_30b9ca53c861b234.txt';
const ARTICLE = 'suggest-test/article.txt';
const sidecarUri = workspaceUri(`${ARTICLE}.annotations.yaml`);

suite('Suggestions: found, accepted by Quick Fix, rejected for good', () => {
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.saveDelay', 50, vscode.ConfigurationTarget.Workspace);
    const text = (await readText(workspaceUri(SAMPLE)))!;
    // The sample's sidecar without its mentions of Stephen Walt and of Moscow.
    const sidecar = (await readText(workspaceUri(`${SAMPLE}.annotations.yaml`)))!
      .split('\n').filter(l => !/entity: (stephen-walt|russia), start: (433|476),/.test(l)).join('\n');
    await writeText(workspaceUri(ARTICLE), text);
    await writeText(sidecarUri, sidecar);
  });

  suiteTeardown(async () => {
    await (await api()).services.store.flush();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri('suggest-test'), { recursive: true }).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.saveDelay', undefined, vscode.ConfigurationTarget.Workspace);
  });

  const drawn = async (editor: vscode.TextEditor) => {
    const { suggestions } = await api();
    return waitFor('suggestions drawn', () => suggestions.applied.get(editor.document.uri.toString()));
  };

  test('the removed mentions are drawn as suggestions, and the annotated ones are not', async () => {
    const editor = await openArticle(ARTICLE);
    const shown = await waitFor('Stephen Walt suggested', async () => {
      const s = (await drawn(editor)).flatMap(x => (x.kind === 'mention' ? [x] : []));
      return s.some(x => x.text === 'Stephen Walt') && s;
    });
    assert.ok(shown.some(s => s.start === 433 && s.entity === 'stephen-walt'));
    assert.ok(shown.some(s => s.start === 476 && s.text === 'Moscow' && s.entity === 'russia'));
    const state = (await api()).services.store.get(editor.document.uri.toString())!;
    for (const s of shown) assert.ok(!state.sidecar.mentions.some(m => m.start < s.end && s.start < m.end), `“${s.text}” overlaps a mention`);
  });

  test('Quick Fix “Accept as Stephen Walt” adds the mention to the sidecar', async () => {
    const editor = await openArticle(ARTICLE);
    await drawn(editor);
    const at = editor.document.positionAt(editor.document.getText().indexOf('Stephen Walt') + 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider',
      editor.document.uri, new vscode.Range(at, at), vscode.CodeActionKind.QuickFix.value);
    const accept = actions.find(a => a.title === 'Accept as Stephen Walt');
    assert.ok(accept?.command, `actions: ${actions.map(a => a.title).join(', ')}`);
    assert.ok(actions.some(a => a.title.startsWith('Reject suggestion')));
    await vscode.commands.executeCommand(accept.command.command, ...(accept.command.arguments ?? []));
    const yaml = await waitFor('the sidecar has the mention', async () => {
      const t = await readText(sidecarUri);
      return t?.includes('entity: stephen-walt, start: 433, end: 445, text: "Stephen Walt"') && t;
    });
    assert.ok(!yaml.includes('rejections'), 'nothing rejected');
    const now = await waitFor('suggestion gone', async () => {
      const s = (await api()).suggestions.applied.get(editor.document.uri.toString())!;
      return !s.some(x => x.start === 433) && s;
    });
    assert.ok(now.some(s => s.start === 476), 'the other suggestion stays');
  });

  test('Quick Fix “Reject” saves the rejection in the sidecar and the suggestion never comes back', async () => {
    const editor = await openArticle(ARTICLE);
    await drawn(editor);
    const at = editor.document.positionAt(476 + 2);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider',
      editor.document.uri, new vscode.Range(at, at), vscode.CodeActionKind.QuickFix.value);
    const reject = actions.find(a => a.title === 'Reject suggestion “Moscow”');
    assert.ok(reject?.command, `actions: ${actions.map(a => a.title).join(', ')}`);
    await vscode.commands.executeCommand(reject.command.command, ...(reject.command.arguments ?? []));
    await waitFor('the sidecar has the rejection', async () =>
      /\nrejections:\n {2}- \{id: r[0-9a-z]{7}, entity: russia, start: 476, end: 482, text: "Moscow"/.test((await readText(sidecarUri)) ?? ''));
    const { suggestions, services } = await api();
    await waitFor('suggestion gone', () => !suggestions.applied.get(editor.document.uri.toString())!.some(s => s.start === 476));
    // Typing above it moves the rejection with the text; it still holds.
    await editor.edit(b => b.insert(new vscode.Position(0, 0), 'Update: '));
    const location = editor.document.uri.toString();
    await waitFor('rejection shifted', () => services.store.get(location)!.sidecar.rejections?.[0]?.start === 484);
    await waitFor('redrawn', () => suggestions.applied.get(location)!.some(s => s.text === 'Stephen Walt') === false
      && !suggestions.applied.get(location)!.some(s => s.start === 484));
    assert.ok(!suggestions.suggestionsFor(location).some(s => s.text === 'Moscow' && s.start === 484));
    await vscode.commands.executeCommand('undo');
  });

  test('with suggestions switched off nothing is drawn', async () => {
    const editor = await openArticle(ARTICLE);
    await vscode.workspace.getConfiguration('claimlens').update('suggestions.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('nothing drawn', async () => (await api()).suggestions.applied.get(editor.document.uri.toString())?.length === 0);
    } finally {
      await vscode.workspace.getConfiguration('claimlens').update('suggestions.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
