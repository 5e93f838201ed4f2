// Smoke test of dist/web/extension.js in a real web-worker extension host (the one vscode.dev and github.dev use):
// it loads, activates, registers its commands, and shows the annotations of an article from its sidecar in a
// virtual file system (vscode-test-web://mount/, a temp copy of test/fixtures/workspace served by the test runner).
// Expectations come from the files themselves.
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { ClaimLensApi } from '../../src/extension';

const EXTENSION_ID = 'claimlens.claimlens';
const ARTICLE = '000_30b9ca53c861b234.txt';
const CODEBOOK = 'claimlens.codebook.yaml';

// The web worker has no `assert` module.
function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}
function equal<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

interface RawMention { id: string; entity: string; start: number; end: number; text: string }

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Editor position of a code-point offset (the sidecar's unit) in a document's text. */
function positionOf(doc: vscode.TextDocument, codePoint: number): vscode.Position {
  const text = doc.getText();
  let u = 0;
  for (let cp = 0; cp < codePoint && u < text.length; cp++) u += text.codePointAt(u)! > 0xffff ? 2 : 1;
  return doc.positionAt(u);
}

suite('Web extension host', () => {
  let extension: vscode.Extension<ClaimLensApi>;
  let api: ClaimLensApi;
  let folder: vscode.Uri;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<ClaimLensApi>(EXTENSION_ID);
    ok(ext, `${EXTENSION_ID} is installed`);
    extension = ext;
    api = await extension.activate();
    await api.ready;
    const f = vscode.workspace.workspaceFolders?.[0];
    ok(f, 'a workspace folder is open');
    folder = f.uri;
  });

  test('runs the browser bundle in a web worker, on a virtual workspace', () => {
    ok(extension.isActive, 'the extension is active');
    equal(extension.extensionKind, vscode.ExtensionKind.UI, 'extension kind (web worker host)');
    equal(typeof (globalThis as { process?: unknown }).process, 'undefined', 'typeof process (no Node here)');
    ok(folder.scheme !== 'file', `the workspace is a virtual file system (${folder.toString()})`);
  });

  test('every command in contributes.commands is registered', async () => {
    const manifest = extension.packageJSON as { contributes?: { commands?: { command: string }[] } };
    const declared = (manifest.contributes?.commands ?? []).map(c => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter(id => !registered.has(id));
    ok(declared.length > 0, 'package.json contributes commands');
    equal(missing.join(', '), '', `registered commands (of ${declared.length} declared)`);
  });

  test('an opened article shows the annotations of its sidecar, and a mention has a hover', async () => {
    const uri = vscode.Uri.joinPath(folder, ARTICLE);
    const sidecar = parse(await readText(vscode.Uri.joinPath(folder, `${ARTICLE}.annotations.yaml`))) as { mentions: RawMention[] };
    const codebook = parse(await readText(vscode.Uri.joinPath(folder, CODEBOOK))) as { entities: { id: string; name: string }[] };
    ok(sidecar.mentions.length > 0, 'the sidecar has mentions');

    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await api.services.tracker.track(doc);
    const state = api.services.store.get(doc.uri.toString());
    ok(state, `ClaimLens tracks ${doc.uri.toString()}`);
    equal(state.sidecar.mentions.map(m => m.id).sort().join(' '), sidecar.mentions.map(m => m.id).sort().join(' '), 'mention ids');
    equal(state.sidecar.mentions.filter(m => m.anchor !== 'exact').length, 0, 'mentions not exactly anchored');

    const mention = sidecar.mentions.find(m => m.text.length > 3)!;
    const entity = codebook.entities.find(e => e.id === mention.entity);
    ok(entity, `the codebook has ${mention.entity}`);
    const middle = positionOf(doc, Math.floor((mention.start + mention.end) / 2));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, middle);
    const text = hovers.flatMap(h => h.contents).map(c => (typeof c === 'string' ? c : c.value)).join('\n');
    ok(text.includes(entity.name), `the hover on “${mention.text}” names ${entity.name}; it says: ${text || '(no hover)'}`);
  });

  // The page of a webview cannot run in this tier: VS Code for the web serves each webview from its
  // own origin with a service worker, and the headless Chromium here refuses that third-party
  // service worker ("third party cookies") whatever the flags. The page itself is driven in the
  // desktop host (test/integration/suite/network.test.ts); here the command, the panel and its
  // page's bundle in the web build are checked.
  test('the Discourse Network panel opens here too, with its page under a strict CSP and its own bundle in the web build', async () => {
    await vscode.commands.executeCommand('claimlens.showNetwork');
    const panel = api.networkPanel();
    ok(panel, 'the command opened the panel');
    const html = panel.panel.webview.html;
    ok(/script-src 'nonce-[0-9a-f]{32}'/.test(html) && !/unsafe-inline|unsafe-eval/.test(html), 'nonce-only scripts');
    const src = /<script nonce="[0-9a-f]{32}" src="([^"]+)"/.exec(html)?.[1];
    ok(src && src.endsWith('/dist/webview/network.js'), `the page loads its own bundle (${src})`);
    const bundle = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'dist', 'webview', 'network.js'));
    ok(bundle.byteLength > 1000, 'the web build ships the page bundle');
    panel.dispose();
  });

  test('suggestions: a claim and a new actor are offered as Quick Fixes', async () => {
    const uri = vscode.Uri.joinPath(folder, 'web-suggestions.txt');
    const text = 'Beijing said that the sanctions were illegal and must end soon.\n\n'
      + 'Talks with Zorbak Quillfeather went on in Geneva. Officials praised Zorbak Quillfeather for his patience.\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await api.services.tracker.track(doc);
    const kinds = api.suggestions.suggestionsFor(doc.uri.toString()).map(s => s.kind).sort().join(' ');
    equal(kinds, 'claim mention new-actor', 'kinds of suggestions');
    const titles = async (needle: string) => {
      const at = doc.positionAt(text.indexOf(needle) + 2);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(at, at), vscode.CodeActionKind.QuickFix.value);
      return actions.map(a => a.title).join(' | ');
    };
    const onClaim = await titles('sanctions');
    ok(onClaim.includes('Accept claim by China'), `Quick Fixes on the claim: ${onClaim}`);
    const onName = await titles('Zorbak');
    ok(onName.includes('Add “Zorbak Quillfeather” as a new person and annotate 2 occurrences'), `Quick Fixes on the new name: ${onName}`);
  });
});
