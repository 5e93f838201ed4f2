// A repository from someone else, opened in the real editor: links planted where ClaimLens writes
// its temporary files, linked articles and sidecars leading outside the workspace, BOM and CRLF
// files, bytes that are not UTF-8, an oversized sidecar. Nothing outside the workspace is read or
// changed and every refused file is a problem at its place. The files come from
// test/fixtures/hostile-fs; the links are made here, pointing into a temp folder outside.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { runCli } from '../../../src/cli/run';
import { hashText } from '../../../src/core/text';
import { api, entityLabel, EXTENSION_ID, openArticle, pickValue, removeAndWaitForCorpus, select, waitFor, withAnswers, workspaceUri } from '../helpers';

const FOLDER = 'hostile-fs';
const ARTICLE = 'China and Russia met in Astana.\nBeijing said the talks went well.\n';

suite('Hostile repository: files in the real editor', () => {
  let dir = '', outside = '', secret = '', fixture = '', codebookBefore = '';
  let labelBefore: string | undefined;
  const secretText = 'export SECRET=do-not-touch\n';

  suiteSetup(async () => {
    await api();
    labelBefore = await entityLabel('china');
    codebookBefore = fs.readFileSync(workspaceUri('claimlens.codebook.yaml').fsPath, 'utf8');
    fixture = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test/fixtures/hostile-fs');
    dir = workspaceUri(FOLDER).fsPath;
    fs.cpSync(fixture, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'outside-secret.txt'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-outside-'));
    secret = path.join(outside, 'secret.txt');
    fs.writeFileSync(secret, secretText);
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.saveDelay', 50, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    await (await api()).services.store.flush();
    fs.rmSync(outside, { recursive: true, force: true });
    if (fs.readFileSync(workspaceUri('claimlens.codebook.yaml').fsPath, 'utf8') !== codebookBefore) {
      fs.writeFileSync(workspaceUri('claimlens.codebook.yaml').fsPath, codebookBefore);
      await waitFor('the codebook is restored', async () => (await api()).services.codebook.codebook.entities.every(e => !e.aliases.includes('SECRET')));
    }
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.saveDelay', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.maxSizeMB', undefined, vscode.ConfigurationTarget.Workspace);
    // Documents stay open in VS Code for a while after their editors close: drop this suite's
    // (read-only, refused) articles from the store now, so later suites do not see them.
    const { services } = await api();
    for (const s of services.store.all()) if (s.location.includes(`/${FOLDER}/`)) await services.store.close(s.location);
    await removeAndWaitForCorpus(workspaceUri(FOLDER), labelBefore);
  });

  const file = (name: string) => path.join(dir, name);
  const stateOf = async (name: string) => {
    const { services } = await api();
    return waitFor(`${name} is loaded`, () => services.store.get(vscode.Uri.file(file(name)).toString()));
  };
  // Tolerates the moment a replace leaves no file (the web file system deletes, then renames).
  const readOr = (name: string) => { try { return fs.readFileSync(file(name), 'utf8'); } catch { return ''; } };
  const savedWithHash = (name: string) => waitFor(`${name} is saved`, () => readOr(name).includes(hashText(ARTICLE)));
  /** An annotator's action, so that the article's sidecar is written (opening alone writes only when an annotation moved). */
  const annotateBeijing = async (name: string) => {
    const { services } = await api();
    const state = await stateOf(name);
    const start = ARTICLE.indexOf('Beijing');
    services.store.add(state.location, [{ kind: 'mention', start, end: start + 'Beijing'.length, entity: 'china' }]);
    await services.store.flush(state.location);
  };

  test('a stale sidecar is saved beside a planted .claimlens-tmp link without touching the file it points to', async () => {
    const planted = file('stale.txt.annotations.yaml.claimlens-tmp');
    fs.symlinkSync(secret, planted);
    await openArticle(`${FOLDER}/stale.txt`);
    await annotateBeijing('stale.txt');
    await savedWithHash('stale.txt.annotations.yaml');
    assert.strictEqual(fs.readFileSync(secret, 'utf8'), secretText, 'the file outside is unchanged');
    const st = fs.lstatSync(file('stale.txt.annotations.yaml'));
    assert.ok(st.isFile() && !st.isSymbolicLink(), 'the sidecar is still a plain file');
    assert.ok(fs.lstatSync(planted).isSymbolicLink(), 'the planted link is left as it was');
    assert.deepStrictEqual(fs.readdirSync(dir).filter(n => n.endsWith('.claimlens-tmp')), ['stale.txt.annotations.yaml.claimlens-tmp'], 'no temporary file of ours is left');
  });

  test('a planted .claimlens-tmp file is never read in place of a missing sidecar', async () => {
    fs.writeFileSync(file('fresh.txt'), ARTICLE);
    fs.copyFileSync(path.join(fixture, 'stale.txt.annotations.yaml'), file('fresh.txt.annotations.yaml.claimlens-tmp'));
    await openArticle(`${FOLDER}/fresh.txt`);
    const state = await stateOf('fresh.txt');
    assert.deepStrictEqual(state.sidecar.mentions, [], 'nothing was read from the temporary file');
  });

  test('an article that is a link to a file outside is not read or annotated', async () => {
    fs.symlinkSync(secret, file('secret.txt'));
    const sidecar = file('secret.txt.annotations.yaml');
    fs.writeFileSync(sidecar, 'claimlens: 1\nmentions:\n  - {id: m0000009, entity: china, start: 0, end: 6, text: "export"}\n');
    const before = fs.readFileSync(sidecar);
    const editor = await openArticle(`${FOLDER}/secret.txt`);
    const state = await stateOf('secret.txt');
    assert.ok(state.readonly, 'read-only');
    assert.deepStrictEqual(state.sidecar.mentions, []);
    assert.deepStrictEqual(state.problems.map(p => p.code), ['symlink']);
    assert.match(state.problems[0].message, /its article secret\.txt is a symbolic link/);
    // Annotating is refused: no quote of the outside file reaches a sidecar.
    select(editor, 'SECRET');
    await Promise.resolve(withAnswers([pickValue('china')], () => vscode.commands.executeCommand('claimlens.annotateActor'))).then(() => undefined, () => undefined);
    await (await api()).services.store.flush();
    assert.deepStrictEqual(fs.readFileSync(sidecar), before);
    assert.strictEqual(fs.readFileSync(secret, 'utf8'), secretText);
    assert.strictEqual(fs.readFileSync(workspaceUri('claimlens.codebook.yaml').fsPath, 'utf8'), codebookBefore, 'the codebook learnt no alias from the linked file');
    const diagnostics = await waitFor('the problem is in the Problems panel', () => {
      const d = vscode.languages.getDiagnostics(vscode.Uri.file(sidecar));
      return d.length ? d : undefined;
    });
    assert.strictEqual(diagnostics[0].code, 'symlink');
  });

  test('a sidecar that is a link to a file outside is refused, and neither side changes', async () => {
    const target = path.join(outside, 'linked.yaml');
    fs.copyFileSync(path.join(fixture, 'stale.txt.annotations.yaml'), target); // stale: a load would re-anchor and save it
    const targetBefore = fs.readFileSync(target);
    fs.writeFileSync(file('linked.txt'), ARTICLE);
    fs.symlinkSync(target, file('linked.txt.annotations.yaml'));
    await openArticle(`${FOLDER}/linked.txt`);
    const state = await stateOf('linked.txt');
    assert.ok(state.readonly);
    assert.deepStrictEqual(state.problems.map(p => p.code), ['symlink']);
    await new Promise(r => setTimeout(r, 300)); // longer than the save delay
    await (await api()).services.store.flush();
    assert.ok(fs.lstatSync(file('linked.txt.annotations.yaml')).isSymbolicLink());
    assert.deepStrictEqual(fs.readFileSync(target), targetBefore);
  });

  test('a refused sidecar of an article that is not open is listed in the Problems panel, not only in the log', async () => {
    const target = path.join(outside, 'unopened.yaml');
    fs.copyFileSync(path.join(fixture, 'stale.txt.annotations.yaml'), target);
    fs.writeFileSync(file('unopened.txt'), ARTICLE);
    fs.symlinkSync(target, file('unopened.txt.annotations.yaml'));
    const sidecarUri = vscode.Uri.file(file('unopened.txt.annotations.yaml'));
    await vscode.commands.executeCommand('claimlens.refresh');
    // The same problem an opened article shows: the refusal's own code and message.
    const diagnostic = await waitFor('a diagnostic on the refused sidecar', () => vscode.languages.getDiagnostics(sidecarUri).find(d => d.code === 'symlink'));
    assert.match(diagnostic.message, /symbolic link/i);
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  });

  test('a sidecar with a BOM and CRLF line endings keeps both when the editor rewrites it', async () => {
    await openArticle(`${FOLDER}/crlf.txt`);
    await annotateBeijing('crlf.txt');
    await savedWithHash('crlf.txt.annotations.yaml');
    const text = fs.readFileSync(file('crlf.txt.annotations.yaml'), 'utf8');
    assert.ok(text.startsWith('\uFEFFclaimlens: 1\r\n'), JSON.stringify(text.slice(0, 20)));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
  });

  test('a sidecar that is not UTF-8 is refused at the bad byte and never rewritten', async () => {
    const sidecar = file('latin1.txt.annotations.yaml');
    const before = fs.readFileSync(sidecar);
    await openArticle(`${FOLDER}/latin1.txt`);
    const state = await stateOf('latin1.txt');
    assert.ok(state.readonly);
    assert.deepStrictEqual(state.problems.map(p => [p.code, p.line, p.column]), [['invalid-utf8', 8, 3]]);
    await new Promise(r => setTimeout(r, 300));
    await (await api()).services.store.flush();
    assert.deepStrictEqual(fs.readFileSync(sidecar), before);
  });

  test('an article with a BOM: the editor and the command line count the same offsets', async () => {
    const editor = await openArticle(`${FOLDER}/bom.txt`);
    const state = await stateOf('bom.txt');
    assert.deepStrictEqual(state.problems.filter(p => p.severity === 'error'), []);
    const china = state.sidecar.mentions.find(m => m.entity === 'china')!;
    assert.strictEqual(editor.document.getText(new vscode.Range(editor.document.positionAt(china.start), editor.document.positionAt(china.end))), 'China');
    // Annotate in the editor, then ask the command line: the sidecar is current and canonical.
    select(editor, 'Beijing');
    await withAnswers([pickValue('china')], () => vscode.commands.executeCommand('claimlens.annotateActor'));
    await (await api()).services.store.flush();
    await waitFor('the new mention is saved', () => readOr('bom.txt.annotations.yaml').includes('text: "Beijing"'));
    let out = '';
    const code = await runCli(['fmt', '--check', 'bom.txt'], { cwd: dir, stdout: s => { out += s; }, stderr: s => { out += s; } });
    assert.strictEqual(code, 0, out);
  });

  test('a sidecar over claimlens.sidecar.maxSizeMB is skipped with a problem, before it is read', async () => {
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.maxSizeMB', 0.1, vscode.ConfigurationTarget.Workspace);
    fs.writeFileSync(file('big.txt'), ARTICLE);
    fs.writeFileSync(file('big.txt.annotations.yaml'), fs.readFileSync(path.join(fixture, 'stale.txt.annotations.yaml'), 'utf8') + `# ${'x'.repeat(150 * 1024)}\n`);
    await openArticle(`${FOLDER}/big.txt`);
    const state = await stateOf('big.txt');
    assert.deepStrictEqual(state.problems.map(p => p.code), ['too-large']);
    assert.match(state.problems[0].message, /over the limit of 102 KiB/);
  });
});
