// "Compare with Another Annotator's Copy…" in a real VS Code: another annotator's copy of an
// article's sidecar, kept outside the workspace (as a file received from a colleague would be), with
// one mention re-coded, one dropped and one claim's stance changed. The command, given the copy's
// Uri instead of asking with a dialog, shows the report beside the article and each disagreement
// as a diagnostic on it, and changes no file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AgreementResult } from '../../../src/vscode/commands/agreement';
import { loadSidecar, serializeSidecar } from '../../../src/core/sidecarFormat';
import { api, openArticle, readText, waitFor, workspaceUri } from '../helpers';

const ARTICLE = '000_30b9ca53c861b234.txt';
const SIDECAR = `${ARTICLE}.annotations.yaml`;
const SOURCE = 'ClaimLens agreement';

const agreementDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter(d => d.source === SOURCE);

suite('Compare with Another Annotator', () => {
  let folder: string;

  suiteSetup(() => { folder = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-agreement-')); });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('reports the agreement beside the article and marks each disagreement on it', async function () {
    this.timeout(60_000);
    const editor = await openArticle(ARTICLE);
    const article = editor.document.uri;
    const { services } = await api();
    await waitFor('the article tracked', () => services.store.get(article.toString()));
    const sidecarBefore = (await readText(workspaceUri(SIDECAR)))!;

    const copy = loadSidecar(sidecarBefore).sidecar!;
    const recoded = copy.mentions[1];
    const originalEntity = recoded.entity;
    recoded.entity = originalEntity === 'china' ? 'russia' : 'china';
    const dropped = copy.mentions.splice(5, 1)[0];
    copy.claims[0].stance = copy.claims[0].stance === 'oppose' ? 'support' : 'oppose';
    fs.mkdirSync(path.join(folder, 'bob'));
    const copyPath = path.join(folder, 'bob', SIDECAR);
    fs.writeFileSync(copyPath, serializeSidecar(copy));

    const result = await vscode.commands.executeCommand<AgreementResult>('claimlens.compareWithAnnotator', vscode.Uri.file(copyPath));
    assert.ok(result, 'the command compared the copies');
    assert.deepStrictEqual(result.report.annotators, ['this copy', 'bob']);
    assert.deepStrictEqual(result.report.disagreements.map(d => `${d.kind} ${d.issues.join('+')}`).sort(),
      ['claim stance', 'mention entity', 'mention missing']);

    // The report: plain text, beside the article, which keeps the focus.
    const report = vscode.workspace.textDocuments.find(d => d.uri.toString() === result.uri.toString());
    assert.ok(report, 'the report is open');
    assert.notStrictEqual(report.languageId, 'markdown');
    const text = report.getText();
    assert.match(text, /^000_30b9ca53c861b234\.txt: this copy \(.*\) compared with bob \(/);
    assert.match(text, /^Disagreements: 3$/m);
    assert.match(text, /^ {2}entity: Cohen's kappa \d\.\d{3} \(\d+ pairs\); Krippendorff's alpha \d\.\d{3}/m);
    assert.match(text, new RegExp(`entity differs — this copy: ${originalEntity} “`));
    assert.ok(vscode.window.visibleTextEditors.some(e => e.document === report), 'the report is shown');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), article.toString(), 'the article keeps the focus');

    // The diagnostics: one per disagreement, at the annotation, as information.
    const marks = await waitFor('the disagreements marked on the article', () => agreementDiagnostics(article).length === 3 && agreementDiagnostics(article));
    const at = (offset: number) => editor.document.positionAt(offset); // the sample article is BMP text
    const entityMark = marks.find(m => m.message.startsWith('Mention: entity differs'));
    assert.ok(entityMark, marks.map(m => m.message).join('\n'));
    assert.ok(entityMark.range.isEqual(new vscode.Range(at(recoded.start), at(recoded.end))), 'marked at the re-coded mention');
    assert.strictEqual(entityMark.severity, vscode.DiagnosticSeverity.Information);
    const missingMark = marks.find(m => m.message.startsWith('Mention: only this copy'));
    assert.ok(missingMark?.range.start.isEqual(at(dropped.start)), 'marked at the mention the other copy lacks');
    assert.ok(marks.some(m => m.message.startsWith('Claim: stance differs')));

    // Nothing was written.
    assert.strictEqual(await readText(workspaceUri(SIDECAR)), sidecarBefore);

    // Closing the report clears the marks.
    const tab = vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === result.uri.toString());
    assert.ok(tab, 'the report has a tab');
    await vscode.window.tabGroups.close(tab);
    await waitFor('the marks cleared', () => agreementDiagnostics(article).length === 0);
  });

  test('refuses a file that is not a readable sidecar, and marks nothing', async () => {
    const editor = await openArticle(ARTICLE);
    const broken = path.join(folder, 'broken.annotations.yaml');
    fs.writeFileSync(broken, 'claimlens: 1\nmentions: [\n');
    const result = await vscode.commands.executeCommand<AgreementResult | undefined>('claimlens.compareWithAnnotator', vscode.Uri.file(broken));
    assert.strictEqual(result, undefined);
    assert.strictEqual(agreementDiagnostics(editor.document.uri).length, 0);
  });
});
