// "Compare Annotations with HEAD" in a real VS Code: a git repository inside the workspace, an
// annotated article committed, one claim's stance changed and one mention removed afterwards; the
// command reads HEAD through the Git extension and shows the summary of those changes.
// The file name sorts last: the copied article's document can stay open (and tracked) for a while
// after its folder is removed, and other suites count the corpus's articles.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { loadSidecar, serializeSidecar } from '../../../src/core/sidecarFormat';
import { api, readText, removeFolder, waitFor, workspaceUri, writeText } from '../helpers';

const ARTICLE = '000_30b9ca53c861b234.txt';
const FOLDER = 'compare-head-repo';

interface GitApi { openRepository(root: vscode.Uri): Promise<unknown>; getRepository(uri: vscode.Uri): unknown }

suite('Compare Annotations with HEAD', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeFolder(FOLDER);
  });

  test('is offered only where git has a repository open', () => {
    const manifest = vscode.extensions.getExtension('claimlens.claimlens')!.packageJSON;
    const entry = manifest.contributes.menus.commandPalette.find((m: { command: string }) => m.command === 'claimlens.compareWithHead');
    // The manifest as the host reports it is normalised (operands reordered, quoted).
    assert.match(entry.when, /config\.git\.enabled/);
    assert.match(entry.when, /gitOpenRepositoryCount != '?0'?/);
  });

  test('summarises the changes of the current article against its last commit', async function () {
    this.timeout(90_000);
    const folder = workspaceUri(FOLDER);
    const article = vscode.Uri.joinPath(folder, ARTICLE), sidecarUri = vscode.Uri.joinPath(folder, `${ARTICLE}.annotations.yaml`);
    await writeText(article, (await readText(workspaceUri(ARTICLE)))!);
    const committed = (await readText(workspaceUri(`${ARTICLE}.annotations.yaml`)))!;
    await writeText(sidecarUri, committed);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: folder.fsPath });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'annotated');
    const gitExtension = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
    assert.ok(gitExtension, 'the built-in Git extension is there');
    const gitApi = (await gitExtension.activate()).getAPI(1);
    await gitApi.openRepository(folder);
    await waitFor('the repository known to the Git extension', () => gitApi.getRepository(sidecarUri), 20_000);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(article), { preview: false });
    const { services } = await api();
    await waitFor('the copy tracked', () => services.store.get(article.toString()));

    // An annotator's change, saved: a claim's stance re-coded and a mention removed.
    const s = loadSidecar(committed).sidecar!;
    const claim = s.claims[0], removed = s.mentions.splice(0, 1)[0];
    const stanceBefore = claim.stance!, stanceAfter = stanceBefore === 'oppose' ? 'support' : 'oppose';
    claim.stance = stanceAfter;
    await writeText(sidecarUri, serializeSidecar(s));
    await waitFor('the change loaded', () => services.store.get(article.toString())?.sidecar.claims.find(c => c.id === claim.id)?.stance === stanceAfter, 20_000);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(article), { preview: false });
    const uri = await vscode.commands.executeCommand<vscode.Uri>('claimlens.compareWithHead');
    assert.ok(uri, 'the command produced a summary');
    const summary = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(summary, /annotations compared with HEAD/);
    assert.match(summary, /^- mentions: 1 removed$/m);
    assert.match(summary, /^- claims: 1 changed$/m);
    assert.ok(summary.includes(`claim ${claim.id}: stance: &quot;${stanceBefore}&quot; → &quot;${stanceAfter}&quot;`), summary);
    assert.ok(summary.includes(`(${removed.id})`), summary);
    assert.ok(summary.indexOf('- claims: 1 changed') < summary.indexOf('<details>'), 'counts first, details folded');
  });
});
