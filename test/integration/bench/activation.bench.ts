// How long ClaimLens takes to get going once an article is open: `extension.activate()` = loading
// dist/extension.js + activate() + anything it awaits. runTest.ts loads a copy of the extension without
// activation events for benchmarks, so it is still inactive here whatever the workbench did at startup.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClaimLensApi } from '../../../src/extension';
import { record, repoRoot } from './results';

const EXTENSION_ID = 'claimlens.claimlens';

suite('Activation benchmark', () => {
  test('open an article -> extension active', async () => {
    const ext = vscode.extensions.getExtension<ClaimLensApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    assert.ok(!ext.isActive, 'ClaimLens must not be active before the benchmark opens an article');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');

    // the largest sample article, copied into the (empty) workspace
    const samples = path.join(repoRoot(), 'samples');
    const name = fs.readdirSync(samples).filter(f => f.endsWith('.txt'))
      .sort((a, b) => fs.statSync(path.join(samples, b)).size - fs.statSync(path.join(samples, a)).size)[0];
    const target = vscode.Uri.joinPath(folder.uri, name);
    await vscode.workspace.fs.writeFile(target, fs.readFileSync(path.join(samples, name)));

    const t0 = performance.now();
    const doc = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(doc);
    const opened = performance.now();
    const api = await ext.activate();
    const active = performance.now();
    assert.ok(ext.isActive);
    // Activation returns before reading anything; the highlights follow, then the workspace scan.
    await api.highlighted;
    const highlighted = performance.now();
    await api.ready;
    const scanned = performance.now();

    record('activation: extension.activate() with an article open', active - opened, 'ms', `${name}, ${doc.getText().length} chars; target < 50 ms`);
    record('activation: of which activate() itself', api.activationMs, 'ms', 'the rest is loading the bundle and the host\'s own round trips');
    record('activation: activate() until the article is highlighted', highlighted - opened, 'ms',
      `ratio ${((highlighted - opened) / (active - opened)).toFixed(1)}x activate() alone (which awaited this before)`);
    record('activation: activate() until the workspace scan is done', scanned - opened, 'ms');
    record('activation: open article + activate', active - t0, 'ms');
  });
});
