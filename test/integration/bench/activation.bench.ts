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
/** An installed extension that does nothing (runTest.ts installs it for benchmarks): the host's own cost of activating one. */
const BASELINE_ID = 'claimlens.activation-baseline';

/**
 * The extension host's own timeline of one activation, from the performance marks it keeps
 * (vs/base/common/performance, Date.now() resolution): loading the extension's code, then its
 * activate() call and the promise it returns. Code loading plus activate() is what VS Code's
 * "Developer: Show Running Extensions" reports as an extension's activation time.
 */
function hostTimeline(id: string): { loading: number; activate: number; waiting: number } | undefined {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] } }).MonacoPerformanceMarks?.getMarks();
  const at = (what: string) => marks?.filter(m => m.name === `code/extHost/${what}/${id}`).pop()?.startTime;
  const [willLoad, didLoad, willActivate, didActivate] = ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'].map(at);
  if (willLoad === undefined || didLoad === undefined || willActivate === undefined || didActivate === undefined) return undefined;
  return { loading: didLoad - willLoad, activate: didActivate - willActivate, waiting: willActivate - didLoad };
}

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
    const a0 = performance.now();
    const api = await ext.activate();
    const active = performance.now();
    // Then, with the same article open, the extension that does nothing. The first activation in a
    // host also pays for warming it up, so ClaimLens goes first: its own part is not understated.
    const empty = vscode.extensions.getExtension(BASELINE_ID);
    assert.ok(empty && !empty.isActive, `${BASELINE_ID} is installed and inactive`);
    const b0 = performance.now();
    await empty.activate();
    const baselineMs = performance.now() - b0;
    assert.ok(ext.isActive);
    // Activation returns before reading anything; the highlights follow, then the workspace scan.
    await api.highlighted;
    const highlighted = performance.now();
    await api.ready;
    const scanned = performance.now();

    record('activation: extension.activate() with an article open', active - a0, 'ms', `${name}, ${doc.getText().length} chars; target < 50 ms`);
    record('activation baseline: an installed extension that does nothing, activated the same way', baselineMs, 'ms',
      `ClaimLens ${((active - a0) / baselineMs).toFixed(1)}x; its own part ${(active - a0 - baselineMs).toFixed(0)} ms (loading its bundle, activate())`);
    record('activation: of which activate() itself', api.activationMs, 'ms', 'the rest is loading the bundle and the host\'s own round trips');
    // As VS Code itself counts it, for ClaimLens and for the extension that does nothing.
    const own = hostTimeline(EXTENSION_ID), empty0 = hostTimeline(BASELINE_ID);
    assert.ok(own && empty0, 'the extension host keeps performance marks of each activation');
    record('activation as VS Code reports it (Running Extensions): loading the code + activate()', own.loading + own.activate, 'ms',
      `loading ${own.loading} ms, activate() ${own.activate} ms; target < 50 ms; also waited ${own.waiting} ms for the host to ready the extension's context (state storage)`);
    record('activation baseline as VS Code reports it: the extension that does nothing', empty0.loading + empty0.activate, 'ms',
      `loading ${empty0.loading} ms, activate() ${empty0.activate} ms; waited ${empty0.waiting} ms for its context`);
    record('activation: activate() until the article is highlighted', highlighted - a0, 'ms',
      `ratio ${((highlighted - a0) / (active - a0)).toFixed(1)}x activate() alone (which awaited this before)`);
    record('activation: activate() until the workspace scan is done', scanned - a0, 'ms');
    record('activation: open article + activate', opened - t0 + active - a0, 'ms');
  });
});
