// The extension loads in a real VS Code, activates on an article, and everything the manifest promises is there.
// The manifest is read at run time, so a command added to package.json is covered without touching this file.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'claimlens.claimlens';

interface Manifest {
  contributes?: { commands?: { command: string }[]; views?: Record<string, { id: string }[]> };
}

suite('Activation', () => {
  let extension: vscode.Extension<unknown>;
  let manifest: Manifest;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    const articles = (await vscode.workspace.fs.readDirectory(folder.uri))
      .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.txt'))
      .map(([name]) => name).sort();
    assert.ok(articles.length > 0, 'the test workspace has articles');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, articles[0]));
    await vscode.window.showTextDocument(doc);

    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    extension = ext;
    await extension.activate();
    const raw = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'package.json'));
    manifest = JSON.parse(new TextDecoder().decode(raw)) as Manifest;
  });

  test('the extension is present and active', () => {
    assert.ok(extension.isActive);
    assert.match(vscode.version, /^1\./);
  });

  test('every command in contributes.commands is registered', async () => {
    const declared = (manifest.contributes?.commands ?? []).map(c => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter(id => !registered.has(id));
    assert.ok(declared.length > 0, 'package.json contributes commands');
    assert.ok(missing.length === 0, `declared in package.json but not registered (${missing.length} of ${declared.length}): ${missing.join(', ')}`);
  });

  test('the entities view exists', async () => {
    const views = Object.values(manifest.contributes?.views ?? {}).flat().map(v => v.id);
    assert.ok(views.includes('claimlens.entities'), `package.json contributes the claimlens.entities view (has: ${views.join(', ') || 'none'})`);
    await vscode.commands.executeCommand('claimlens.entities.focus'); // rejects when the view is unknown
  });
});
