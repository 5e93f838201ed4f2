// The Discourse Network panel in a real VS Code, on the sample corpus: its page loads under its strict CSP
// and draws what the index holds (actor–topic weights counted here from the sidecars on disk), a node
// activated in the page lists its claims, a listed claim opens the article at the claim, filters and the
// scope switch recompute it, and it follows an edit.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Claim } from '../../../src/core/model';
import { loadSidecar } from '../../../src/core/sidecarFormat';
import type { NetworkSelection } from '../../../src/core/network/networks';
import type { NetworkPanel } from '../../../src/vscode/network/panel';
import type { FromWebview, ToWebview } from '../../../src/vscode/network/protocol';
import { api, openArticle, readText, waitFor } from '../helpers';
import { screenshot, screenshotsEnabled } from '../screenshot';

const SAMPLE = '000_30b9ca53c861b234.txt';

type Data = Extract<ToWebview, { type: 'data' }>;

/** Records what the panel sends and receives, so a test can wait for the next message of a kind. */
class Recorder implements vscode.Disposable {
  readonly posted: ToWebview[] = [];
  readonly received: FromWebview[] = [];
  private readonly subs: vscode.Disposable[];
  constructor(panel: NetworkPanel) {
    this.subs = [panel.onDidPost(m => this.posted.push(m)), panel.onDidReceive(m => this.received.push(m))];
  }
  mark(): { posted: number; received: number } { return { posted: this.posted.length, received: this.received.length }; }
  async nextPosted<T extends ToWebview['type']>(type: T, since: { posted: number }, test: (m: Extract<ToWebview, { type: T }>) => boolean = () => true): Promise<Extract<ToWebview, { type: T }>> {
    return waitFor(`a ${type} message to the page`, () => this.posted.slice(since.posted)
      .find((m): m is Extract<ToWebview, { type: T }> => m.type === type && test(m as Extract<ToWebview, { type: T }>)), 20_000);
  }
  async nextReceived<T extends FromWebview['type']>(type: T, since: { received: number }, test: (m: Extract<FromWebview, { type: T }>) => boolean = () => true): Promise<Extract<FromWebview, { type: T }>> {
    return waitFor(`a ${type} message from the page`, () => this.received.slice(since.received)
      .find((m): m is Extract<FromWebview, { type: T }> => m.type === type && test(m as Extract<FromWebview, { type: T }>)), 20_000);
  }
  dispose(): void { this.subs.forEach(s => s.dispose()); }
}

/**
 * Every claim of the workspace index the panel draws from (the sidecars on disk, and open articles
 * as the editor holds them), and the actor × topic weights counted from them one by one.
 */
async function claimsInIndex(): Promise<{ weights: Map<string, number>; claims: Map<string, { uri: vscode.Uri; claim: Claim }> }> {
  const { services } = await api();
  const weights = new Map<string, number>(), claims = new Map<string, { uri: vscode.Uri; claim: Claim }>();
  for (const a of services.corpus.articles()) {
    for (const c of a.sidecar.claims) {
      claims.set(c.id, { uri: vscode.Uri.parse(a.article), claim: c });
      if (c.topic === undefined) continue;
      const key = `actor:${c.claimant}|topic:${c.topic}`;
      weights.set(key, (weights.get(key) ?? 0) + 1);
    }
  }
  return { weights, claims };
}

suite('Discourse network panel', () => {
  let panel: NetworkPanel;
  let rec: Recorder;
  let data: Data;

  suiteSetup(async () => {
    const { tree } = await api();
    tree.setScope('workspace');
    // The article on the left, the panel beside it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await openArticle(SAMPLE);
    await vscode.commands.executeCommand('claimlens.showNetwork');
    const { networkPanel } = await api();
    panel = networkPanel()!;
    assert.ok(panel, 'the command opened the panel');
    rec = new Recorder(panel);
    // The page loads its bundle, says it is ready and reports what it drew.
    await rec.nextReceived('rendered', { received: 0 });
    data = [...rec.posted].reverse().find((m): m is Data => m.type === 'data') ?? await rec.nextPosted('data', { posted: 0 });
  });

  suiteTeardown(async () => {
    rec?.dispose();
    panel?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the page runs under a strict CSP: nonce-only scripts, resources only from dist/webview', () => {
    const html = panel.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[0-9a-f]{32}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(html, /<script(?![^>]*nonce=)/, 'every script carries the nonce');
    const roots = panel.panel.webview.options.localResourceRoots!.map(u => u.path);
    assert.equal(roots.length, 1);
    assert.match(roots[0], /\/dist\/webview$/);
  });

  test('its data matches the index: every actor × topic edge with the number of claims in it', async () => {
    const { weights } = await claimsInIndex();
    assert.equal(data.scope, 'workspace');
    const edges = new Map(data.networks.twoMode.edges.map(e => [`${e.source}|${e.target}`, e.weight]));
    assert.deepEqual([...edges].sort(), [...weights].sort());
    const actors = new Set([...weights.keys()].map(k => k.split('|')[0])), topics = new Set([...weights.keys()].map(k => k.split('|')[1]));
    assert.deepEqual(data.networks.twoMode.nodes.map(n => n.id).sort(), [...actors, ...topics].sort());
    assert.ok(data.networks.congruence.edges.length > 0 && data.networks.conflict.edges.length > 0, 'the samples have agreeing and disagreeing actors');
    // What the page drew is what it was sent.
    const drawn = [...rec.received].reverse().find((m): m is Extract<FromWebview, { type: 'rendered' }> => m.type === 'rendered')!;
    assert.deepEqual([drawn.view, drawn.nodes, drawn.edges], ['two-mode', data.networks.twoMode.nodes.length, data.networks.twoMode.edges.length]);
  });

  test('a node activated in the page lists its claims, and a listed claim opens the article at the claim', async () => {
    const china: NetworkSelection = { kind: 'node', node: 'actor:china' };
    const since = rec.mark();
    assert.ok(await panel.focus('two-mode', china, true), 'the page got the focus message');
    // The page itself posts the selection back, as a click or Enter would.
    await rec.nextReceived('select', since, m => m.selection.kind === 'node' && m.selection.node === 'actor:china');
    const listed = await rec.nextPosted('claims', since);
    const { claims } = await claimsInIndex();
    const expected = [...claims.values()].filter(c => c.claim.claimant === 'china' && c.claim.topic !== undefined).map(c => c.claim.id).sort();
    assert.deepEqual(listed.claims.map(c => c.id).sort(), expected);
    assert.ok(listed.claims.every(c => c.claimant === 'China'));

    const target = listed.claims[listed.claims.length - 1];
    await panel.handle({ type: 'reveal', article: target.article, id: target.id });
    const editor = await waitFor('the article in the editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === target.article && !e.selection.isEmpty && e;
    });
    // The index keeps a claim's text shortened; the sidecar has it whole.
    const onDisk = loadSidecar((await readText(vscode.Uri.parse(target.article + '.annotations.yaml')))!).sidecar!.claims.find(c => c.id === target.id)!;
    assert.equal(editor.document.getText(editor.selection), onDisk.text);
    assert.equal(editor.viewColumn, vscode.ViewColumn.One, 'beside the panel, not over it');
    assert.ok(panel.panel.visible, 'the panel stays in view');
  });

  test('a claim of a file the panel did not list is not opened', async () => {
    const outside = vscode.Uri.file('/etc/hostname').toString();
    await panel.handle({ type: 'reveal', article: outside, id: 'x' });
    await new Promise(r => setTimeout(r, 300));
    assert.ok(!vscode.workspace.textDocuments.some(d => d.uri.toString() === outside));
  });

  test('the stance matrix draws a cell per actor × topic, and a cell lists its claims', async () => {
    let since = rec.mark();
    const edge = data.networks.twoMode.edges.find(e => e.weight > 1)!;
    const cell: NetworkSelection = { kind: 'cell', actor: edge.source.slice('actor:'.length), topic: edge.target.slice('topic:'.length) };
    await panel.focus('matrix', cell, true);
    const drawn = await rec.nextReceived('rendered', since, m => m.view === 'matrix');
    assert.equal(drawn.cells, data.networks.twoMode.edges.length);
    const listed = await rec.nextPosted('claims', since);
    assert.equal(listed.claims.length, edge.weight);
    since = rec.mark();
    await panel.focus('conflict', { kind: 'edge', network: 'conflict', source: data.networks.conflict.edges[0].source, target: data.networks.conflict.edges[0].target }, true);
    const conflict = await rec.nextReceived('rendered', since, m => m.view === 'conflict');
    assert.deepEqual([conflict.nodes, conflict.edges], [data.networks.conflict.nodes.length, data.networks.conflict.edges.length]);
    assert.ok((await rec.nextPosted('claims', since)).claims.length >= 2, 'both actors’ claims on the topics they disagree on');
    await panel.focus('two-mode', { kind: 'node', node: 'actor:china' });
  });

  test('filters and the scope switch recompute the networks', async () => {
    let since = rec.mark();
    await panel.handle({ type: 'filters', filters: { topics: ['taiwan'], stances: ['support'] } });
    const filtered = await rec.nextPosted('data', since);
    assert.ok(filtered.networks.twoMode.edges.length > 0);
    assert.ok(filtered.networks.twoMode.edges.every(e => e.target === 'topic:taiwan' && e.stance === 'support' && e.weight === e.support));
    since = rec.mark();
    await panel.handle({ type: 'filters', filters: {} });
    assert.equal((await rec.nextPosted('data', since)).networks.twoMode.edges.length, data.networks.twoMode.edges.length);

    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await openArticle(SAMPLE);
    since = rec.mark();
    await panel.handle({ type: 'toggleScope' });
    const article = await rec.nextPosted('data', since, m => m.scope === 'article');
    assert.match(article.scopeLabel, new RegExp(SAMPLE.replace('.', '\\.')));
    const { weights } = await claimsInIndex();
    assert.ok(article.networks.claims > 0 && article.networks.claims < [...weights.values()].reduce((a, b) => a + b, 0), 'one article’s claims');
    since = rec.mark();
    await panel.handle({ type: 'toggleScope' });
    await rec.nextPosted('data', since, m => m.scope === 'workspace');
  });

  test('follows an edit: a changed stance redraws the edge', async () => {
    const { services } = await api();
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    const editor = await openArticle(SAMPLE);
    const location = editor.document.uri.toString();
    const state = services.store.get(location)!;
    const claim = state.sidecar.claims.find(c => c.stance === 'support' && c.topic !== undefined)!;
    const key = (d: Data) => d.networks.twoMode.edges.find(e => e.source === `actor:${claim.claimant}` && e.target === `topic:${claim.topic}`);
    const before = key(data)!;
    const since = rec.mark();
    services.store.update(location, [{ ...claim, stance: 'oppose' }]);
    try {
      const after = await rec.nextPosted('data', since, m => key(m)?.oppose === before.oppose + 1);
      assert.equal(key(after)!.support, before.support - 1);
      assert.equal(key(after)!.weight, before.weight);
    } finally {
      services.store.update(location, [claim]);
      await services.store.flush(location);
    }
    await rec.nextPosted('data', since, m => key(m)?.support === before.support);
  });

  // Registered only when screenshots are requested (npm run screenshots), so no run shows a skipped test.
  if (screenshotsEnabled()) {
    test('screenshot: the panel on the samples with an actor’s claims listed', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await openArticle(SAMPLE);
      await vscode.commands.executeCommand('claimlens.showNetwork');
      await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
      const { networkPanel } = await api();
      panel = networkPanel()!;
      rec.dispose();
      rec = new Recorder(panel);
      await rec.nextReceived('rendered', { received: 0 });
      const since = rec.mark();
      await panel.focus('two-mode', { kind: 'node', node: 'actor:china' }, true);
      await rec.nextPosted('claims', since);
      await new Promise(r => setTimeout(r, 500));
      try {
        assert.ok(await screenshot('network'), 'the screenshot was taken');
      } finally {
        await vscode.commands.executeCommand('workbench.view.explorer'); // later suites' screenshots show the side bar
      }
    });
  }
});
