// Claim and new-actor suggestions in a real VS Code, driven as a user does: the Quick Fix menu and
// the hover at the suggestion, then the saved sidecar and codebook.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, openArticle, pickLabel, readText, waitFor, withAnswers, workspaceUri, writeText } from '../helpers';

const ARTICLE = 'suggest-claims-test/article.txt';
const TEXT = 'Beijing said that the sanctions were illegal and must end soon.\n\n'
  + 'On Monday the talks with Zorbak Quillfeather went on in Geneva. Officials praised Zorbak Quillfeather for his patience.\n\n'
  + 'Reporters asked Quentin Marlowby about it, and the office of Quentin Marlowby declined to comment.\n';
const sidecarUri = workspaceUri(`${ARTICLE}.annotations.yaml`);
const codebookUri = workspaceUri('claimlens.codebook.yaml');

async function quickFixes(editor: vscode.TextEditor, needle: string): Promise<vscode.CodeAction[]> {
  const at = editor.document.positionAt(editor.document.getText().indexOf(needle) + 2);
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider',
    editor.document.uri, new vscode.Range(at, at), vscode.CodeActionKind.QuickFix.value);
}

async function hoverText(editor: vscode.TextEditor, needle: string): Promise<string[]> {
  const at = editor.document.positionAt(editor.document.getText().indexOf(needle) + 2);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value)));
}

const run = (action: vscode.CodeAction | undefined) => vscode.commands.executeCommand(action!.command!.command, ...(action!.command!.arguments ?? []));

suite('Suggestions: claims and new actors, by Quick Fix and hover', () => {
  let codebookBefore: string;
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.saveDelay', 50, vscode.ConfigurationTarget.Workspace);
    codebookBefore = (await readText(codebookUri))!;
    await writeText(workspaceUri(ARTICLE), TEXT);
  });

  suiteTeardown(async () => {
    const { services } = await api();
    await services.store.flush();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri('suggest-claims-test'), { recursive: true }).then(undefined, () => undefined);
    await writeText(codebookUri, codebookBefore);
    await waitFor('codebook restored', () => !services.codebook.codebook.entities.some(e => e.name === 'Zorbak Quillfeather'));
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.saveDelay', undefined, vscode.ConfigurationTarget.Workspace);
  });

  const drawn = async (editor: vscode.TextEditor) => {
    const { suggestions } = await api();
    return waitFor('suggestions drawn', () => {
      const s = suggestions.applied.get(editor.document.uri.toString());
      return s && s.some(x => x.kind === 'claim') && s;
    });
  };

  test('a reporting verb gives a claim suggestion whose hover says what it is, with Accept and Reject links only', async () => {
    const editor = await openArticle(ARTICLE);
    const shown = await drawn(editor);
    const claim = shown.find(s => s.kind === 'claim');
    assert.deepEqual(claim && { text: claim.text, claimant: claim.kind === 'claim' && claim.claimant },
      { text: 'the sanctions were illegal and must end soon', claimant: 'china' });
    const hover = await hoverText(editor, 'sanctions were');
    assert.ok(hover.some(h => h.includes('Suggested claim by **China**')), hover.join('\n'));
    const links = hover.join('\n').match(/\(command:[^?)]+/g) ?? [];
    assert.ok(links.length >= 2, hover.join('\n'));
    assert.deepEqual([...new Set(links)].sort(), ['(command:claimlens.acceptSuggestion', '(command:claimlens.rejectSuggestion']);
  });

  test('Quick Fix “Accept claim by China” asks stance and topic and saves the claim', async () => {
    const editor = await openArticle(ARTICLE);
    await drawn(editor);
    const actions = await quickFixes(editor, 'sanctions were');
    const accept = actions.find(a => a.title === 'Accept claim by China');
    assert.ok(accept, `actions: ${actions.map(a => a.title).join(', ')}`);
    assert.ok(actions.some(a => a.title === 'Reject suggested claim'));
    await withAnswers([pickLabel('Oppose'), pickLabel('No topic')], () => run(accept));
    await waitFor('the sidecar has the claim', async () => {
      const t = (await readText(sidecarUri)) ?? '';
      return /claimant: china.*stance: oppose|stance: oppose.*claimant: china/s.test(t) && t.includes('text: "the sanctions were illegal and must end soon"')
        && t.includes('form: reported-speech');
    });
    const { suggestions } = await api();
    await waitFor('claim suggestion gone', () => !suggestions.applied.get(editor.document.uri.toString())?.some(s => s.kind === 'claim'));
  });

  test('Quick Fix on a new name adds it to the codebook as a person and annotates both occurrences', async () => {
    const editor = await openArticle(ARTICLE);
    const { suggestions } = await api();
    await waitFor('new actor drawn', () => suggestions.applied.get(editor.document.uri.toString())?.some(s => s.kind === 'new-actor' && s.name === 'Zorbak Quillfeather'));
    const hover = await hoverText(editor, 'Zorbak');
    assert.ok(hover.some(h => h.includes('New actor: **Zorbak Quillfeather** · Person, 2 occurrences')), hover.join('\n'));
    const actions = await quickFixes(editor, 'Zorbak');
    const add = actions.find(a => a.title === 'Add “Zorbak Quillfeather” as a new person and annotate 2 occurrences');
    assert.ok(add, `actions: ${actions.map(a => a.title).join(', ')}`);
    assert.ok(actions.some(a => a.title === 'Reject new actor “Zorbak Quillfeather”'));
    await run(add);
    await waitFor('the codebook has the actor', async () => /name: Zorbak Quillfeather\n\s+type: person/.test((await readText(codebookUri)) ?? ''));
    const yaml = await waitFor('the sidecar has both mentions', async () => {
      const t = (await readText(sidecarUri)) ?? '';
      return (t.match(/entity: zorbak-quillfeather, start: \d+, end: \d+, text: "Zorbak Quillfeather"/g) ?? []).length === 2 && t;
    });
    assert.ok(!yaml.includes('rejections'), 'nothing rejected');
    await waitFor('new actor gone', () => !suggestions.applied.get(editor.document.uri.toString())?.some(s => s.kind === 'new-actor' && s.name === 'Zorbak Quillfeather'));
  });

  test('the hover’s Reject link on a new name rejects each occurrence in the sidecar, and it is not proposed again', async () => {
    const editor = await openArticle(ARTICLE);
    const { suggestions } = await api();
    const location = editor.document.uri.toString();
    await waitFor('new actor drawn', () => suggestions.applied.get(location)?.some(s => s.kind === 'new-actor' && s.name === 'Quentin Marlowby'));
    const hover = (await hoverText(editor, 'Quentin')).join('\n');
    const link = /\[Reject\]\(command:claimlens\.rejectSuggestion\?([^)]+)\)/.exec(hover);
    assert.ok(link, hover);
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    await vscode.commands.executeCommand('claimlens.rejectSuggestion', ...args);
    await waitFor('two rejections saved', async () =>
      ((await readText(sidecarUri)) ?? '').match(/- \{id: r[0-9a-z]{7}, start: \d+, end: \d+, text: "Quentin Marlowby"/g)?.length === 2);
    await waitFor('not proposed again', () => !suggestions.applied.get(location)?.some(s => s.kind === 'new-actor' && s.name === 'Quentin Marlowby'));
  });
});
