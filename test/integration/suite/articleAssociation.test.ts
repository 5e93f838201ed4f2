// The offer to open a corpus folder's plain-text files as articles: asked once per folder, the answer kept, and
// "Open as Articles" switches the folder's files to the article language through a files.associations pattern.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { OPEN_AS_ARTICLES } from '../../../src/vscode/articleAssociation';
import { api, entityLabel, readText, removeAndWaitForCorpus, waitFor, workspaceUri, writeText } from '../helpers';

const FOLDER = 'offer-corpus';
const ARTICLE = '000_30b9ca53c861b234.txt';

suite('Open plain-text corpus files as articles', () => {
  let chinaBefore: string | undefined;
  suiteSetup(async () => { await api(); chinaBefore = await entityLabel('china'); });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('files').update('associations', undefined, vscode.ConfigurationTarget.Workspace);
    await removeAndWaitForCorpus(workspaceUri(FOLDER), chinaBefore);
  });

  test('a plain-text file under a codebook: asked once, and accepting opens the folder as articles', async function () {
    this.timeout(30_000);
    const { associationOffer } = await api();
    for (const name of ['claimlens.codebook.yaml', ARTICLE, `${ARTICLE}.annotations.yaml`])
      await writeText(workspaceUri(FOLDER, name), (await readText(workspaceUri(name)))!);
    await writeText(workspaceUri(FOLDER, 'second.txt'), 'Another article of the folder.\n');
    const asked: string[] = [];
    const ask = associationOffer.ask;
    associationOffer.ask = async (message: string) => { asked.push(message); return OPEN_AS_ARTICLES; };
    try {
      const doc = await vscode.workspace.openTextDocument(workspaceUri(FOLDER, ARTICLE));
      assert.strictEqual(doc.languageId, 'plaintext');
      await vscode.window.showTextDocument(doc);
      await waitFor('the question', () => asked.length > 0);
      assert.doesNotMatch(asked[0], new RegExp(FOLDER), 'no file or folder name in the message');
      const associations = await waitFor('the association in the folder settings', () =>
        vscode.workspace.getConfiguration('files').inspect<Record<string, string>>('associations')?.workspaceValue);
      assert.deepStrictEqual(associations, { [`**/${FOLDER}/**/*.txt`]: 'article' });
      const second = await vscode.workspace.openTextDocument(workspaceUri(FOLDER, 'second.txt'));
      await waitFor('the folder’s files open as articles', () => second.languageId === 'article');
      await new Promise(r => setTimeout(r, 300));
      assert.strictEqual(asked.length, 1, 'asked once for the folder');
      const outside = await vscode.workspace.openTextDocument(workspaceUri(ARTICLE));
      assert.strictEqual(outside.languageId, 'plaintext', 'files outside the folder are left alone');
    } finally {
      associationOffer.ask = ask;
    }
  });
});
