// Documents that are not articles, opened while articles are open: an untitled plain-text file, a git: and diff
// view of an article, an output channel, and the Chat view's input. None of them is tracked, none reads a sidecar,
// and the open article keeps its annotations, highlights and tree rows.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { api, readText, removeAndWaitForCorpus, waitFor, workspaceUri, writeText } from '../helpers';

const ARTICLE = '000_30b9ca53c861b234.txt';
const GIT_FOLDER = 'odd-documents-repo';

interface GitApi { openRepository(root: vscode.Uri): Promise<unknown>; toGitUri(uri: vscode.Uri, ref: string): vscode.Uri }

/** What a user sees of the article: its annotations, its highlights and the China row of the Entities view. */
async function observe(article: vscode.Uri): Promise<{ annotations: number; highlights: number; row: string; tracked: string[] }> {
  const { services, decorations, tree } = await api();
  const state = services.store.get(article.toString());
  const applied = decorations.applied.get(article.toString());
  const china = await tree.findEntity('china');
  return {
    annotations: state ? state.sidecar.mentions.length + state.sidecar.claims.length : -1,
    highlights: [...(applied?.values() ?? [])].reduce((n, ranges) => n + ranges.length, 0),
    row: china ? String(tree.getTreeItem(china).label) : 'no row',
    tracked: services.store.all().map(s => s.location).sort(),
  };
}

suite('Documents that are not articles', () => {
  let article: vscode.Uri;
  let before: Awaited<ReturnType<typeof observe>>;

  suiteSetup(async () => {
    await api();
    article = workspaceUri(ARTICLE);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(article));
    before = await waitFor('the article highlighted', async () => { const o = await observe(article); return o.highlights > 0 && o.row !== 'no row' && o; });
    rowBefore = before.row;
  });

  let rowBefore: string | undefined;
  suiteTeardown(() => removeAndWaitForCorpus(workspaceUri(GIT_FOLDER), rowBefore));

  async function assertUnchanged(what: string, odd: vscode.Uri): Promise<void> {
    const { services } = await api();
    assert.strictEqual(services.store.get(odd.toString()), undefined, `${what} (${odd.scheme}:) is not tracked as an article`);
    assert.strictEqual(services.tracker.failed(odd.toString()), false, `${what}: nothing failed`);
    // Back in the article: everything is as it was.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(article));
    const now = await waitFor(`the article highlighted again after ${what}`, async () => { const o = await observe(article); return o.highlights === before.highlights && o; }, 5000)
      .catch(async () => observe(article));
    assert.deepStrictEqual(now, before, `after ${what}, the article's annotations, highlights, tree row and tracked documents are unchanged`);
  }

  test('an untitled plain-text document', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'China and Russia said nothing at all.' });
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit(b => b.insert(new vscode.Position(0, 0), 'Beijing: '));
    await new Promise(r => setTimeout(r, 300));
    await assertUnchanged('an untitled document', doc.uri);
    // Close the edited untitled document without the save prompt.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a git: view and a diff view of an article', async function () {
    this.timeout(60_000);
    // A repository of its own, holding a copy of the article and its sidecar, with a commit to compare against.
    const folder = workspaceUri(GIT_FOLDER);
    const copy = vscode.Uri.joinPath(folder, ARTICLE);
    await writeText(copy, (await readText(article))!);
    await writeText(vscode.Uri.joinPath(folder, `${ARTICLE}.annotations.yaml`), (await readText(workspaceUri(`${ARTICLE}.annotations.yaml`)))!);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd: folder.fsPath });
    // The copy is one more annotated article of the workspace: the corpus counts grow by its mentions.
    const grown = await waitFor('the copy indexed', async () => { const o = await observe(article); return o.row !== before.row && o; }, 15_000);
    before = { ...before, row: grown.row };
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'article');
    const gitExtension = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
    assert.ok(gitExtension, 'the built-in Git extension is there (git is on in the test profile)');
    const gitApi = (await gitExtension.activate()).getAPI(1);
    await gitApi.openRepository(folder);
    const atHead = gitApi.toGitUri(copy, 'HEAD');
    const headDoc = await waitFor('the git: document', async () => { try { return await vscode.workspace.openTextDocument(atHead); } catch { return undefined; } }, 20_000);
    assert.strictEqual(headDoc.uri.scheme, 'git');
    await vscode.window.showTextDocument(headDoc);
    await assertUnchanged('a git: view', headDoc.uri);

    await vscode.commands.executeCommand('vscode.diff', atHead, copy, `${ARTICLE} (HEAD) ↔ ${ARTICLE}`);
    const { services } = await api();
    // The working-tree side of the diff is a workspace file, so it is an article; the HEAD side is not.
    await waitFor('the working-tree side tracked', () => services.store.get(copy.toString()));
    assert.strictEqual(services.store.get(atHead.toString()), undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    before = { ...before, tracked: (await observe(article)).tracked }; // the diff's model of the copy may stay open a while
    await assertUnchanged('a diff view', atHead);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('an output channel', async () => {
    const channel = vscode.window.createOutputChannel('ClaimLens odd-documents test');
    channel.appendLine('China said: "this is not an article".');
    channel.show(false);
    const doc = await waitFor('the output document', () => vscode.workspace.textDocuments.find(d => d.uri.scheme === 'output'), 10_000)
      .catch(() => undefined);
    await assertUnchanged('an output channel', doc?.uri ?? vscode.Uri.parse('output:none'));
    channel.dispose();
  });

  test('the Chat view input', async function () {
    const isChatInput = (d: vscode.TextDocument) => /chat/i.test(d.uri.scheme);
    if (!vscode.workspace.textDocuments.some(isChatInput))
      await vscode.commands.executeCommand('workbench.action.chat.open').then(undefined, () => undefined);
    const doc = await waitFor('a chat input document', () => vscode.workspace.textDocuments.find(isChatInput), 10_000).catch(() => undefined);
    if (!doc) { console.log('      (this VS Code has no chat input document; skipped)'); this.skip(); }
    assert.strictEqual(doc.languageId === 'plaintext' || doc.languageId.length > 0, true);
    await assertUnchanged(`the chat input (${doc.uri.scheme}:, ${doc.languageId})`, doc.uri);
  });
});
