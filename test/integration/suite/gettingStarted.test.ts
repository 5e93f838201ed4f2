// The first minute: Open the Sample Article copies the sample (article, sidecar, codebook) into claimlens-sample/
// without overwriting anything and opens it annotated; Create Starter Codebook never replaces a codebook.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, entityLabel, readText, removeAndWaitForCorpus, waitFor, workspaceUri, writeText } from '../helpers';

suite('Getting started', () => {
  let chinaBefore: string | undefined;
  suiteSetup(async () => { await api(); chinaBefore = await entityLabel('china'); });
  suiteTeardown(() => removeAndWaitForCorpus(workspaceUri('claimlens-sample'), chinaBefore));

  test('Open the Sample Article: the sample is copied once, opened and shown with its annotations', async () => {
    const { services } = await api();
    const location = await vscode.commands.executeCommand<string>('claimlens.openSampleArticle');
    const article = workspaceUri('claimlens-sample', '000_30b9ca53c861b234.txt');
    assert.strictEqual(location, article.toString());
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), article.toString());
    const state = await waitFor('the sample’s annotations', () => services.store.get(article.toString()));
    assert.ok(state.sidecar.mentions.length > 50, `${state.sidecar.mentions.length} mentions`);
    assert.ok(await readText(workspaceUri('claimlens-sample', 'claimlens.codebook.yaml')), 'its codebook is beside it');
    // Run again after the user changed the copy: nothing is overwritten.
    const sidecar = workspaceUri('claimlens-sample', '000_30b9ca53c861b234.txt.annotations.yaml');
    const edited = (await readText(sidecar))!.replace(/^/, '# my notes\n');
    await writeText(sidecar, edited);
    await vscode.commands.executeCommand('claimlens.openSampleArticle');
    assert.strictEqual(await readText(sidecar), edited);
  });

  test('Create Starter Codebook opens the existing codebook and leaves it as it was', async () => {
    const codebook = workspaceUri('claimlens.codebook.yaml');
    const before = await readText(codebook);
    await vscode.commands.executeCommand('claimlens.createCodebook');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), codebook.toString());
    assert.strictEqual(await readText(codebook), before);
  });
});
