// Several corpora in one workspace, each under its own codebook: the same id is a different actor
// in each, so the Entities view, references, hover counts, symbols and corpus-wide operations keep
// them apart — each article is read with the nearest codebook above it, as on the command line.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Sidecar } from '../../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../../src/core/sidecarFormat';
import { CodePointIndex, hashText } from '../../../src/core/text';
import { ToWebview } from '../../../src/vscode/network/protocol';
import { TreeNode } from '../../../src/vscode/tree/nodes';
import { api, readText, removeFolder, type, waitFor, withAnswers, workspaceUri, writeText } from '../helpers';

const FOLDER = 'two-corpora';
const DESK_A = `${FOLDER}/desk-a`;
const DESK_B = `${FOLDER}/desk-b`;
const TEXT_A = 'China and the Alliance met in Geneva.\nChina said the talks went well.\n';
const TEXT_B = 'China Daily reported the meeting.\nChina Daily quoted no one.\n';

function sidecarOf(text: string, mentions: [string, string, string, number?][], claims: { id: string; claimant: string; topic: string; quote: string }[] = []): string {
  const index = new CodePointIndex(text);
  const sidecar: Sidecar = { version: 1, article: { hash: hashText(text) },
    claims: claims.map(({ id, claimant, topic, quote }) => {
      const start = text.indexOf(quote);
      return { id, claimant, topic, start, end: start + quote.length, ...index.quote(start, start + quote.length), anchor: 'exact' as const };
    }),
    mentions: mentions.map(([id, entity, needle, occurrence = 0]) => {
      let start = -1;
      for (let k = 0; k <= occurrence; k++) start = text.indexOf(needle, start + 1);
      return { id, entity, start, end: start + needle.length, ...index.quote(start, start + needle.length), anchor: 'exact' as const };
    }) };
  return serializeSidecar(sidecar);
}

const label = (tree: { getTreeItem(n: TreeNode): vscode.TreeItem }, n: TreeNode) => {
  const l = tree.getTreeItem(n).label;
  return typeof l === 'string' ? l : l?.label ?? '';
};

/** The actor rows (label by id) under one corpus row of the Entities view. */
async function actorsOf(corpusLabel: string): Promise<Map<string, string>> {
  const { tree } = await api();
  const corpus = (await tree.getChildren()).find(n => n.kind === 'corpus' && n.label === corpusLabel);
  assert.ok(corpus, `a row for ${corpusLabel}`);
  const actors = (await tree.getChildren(corpus)).find(n => n.kind === 'root' && n.root === 'actors')!;
  const rows = new Map<string, string>();
  for (const type of await tree.getChildren(actors))
    for (const e of await tree.getChildren(type)) if (e.kind === 'entity') rows.set(e.summary.id, label(tree, e));
  return rows;
}

suite('Several codebooks in one workspace', () => {
  const rootCodebook = workspaceUri('claimlens.codebook.yaml');
  let rootCodebookBefore: string | undefined;

  suiteSetup(async () => {
    const { services, tree } = await api();
    tree.setScope('workspace');
    rootCodebookBefore = await readText(rootCodebook);
    await writeText(workspaceUri(DESK_A, 'claimlens.codebook.yaml'), [
      'claimlens: 1', 'entities:', '  - {id: china, name: China, type: country}', '  - {id: alliance, name: The Alliance, type: organization}', ''].join('\n'));
    await writeText(workspaceUri(DESK_B, 'claimlens.codebook.yaml'), [
      'claimlens: 1', 'entities:', '  - {id: china, name: China Daily, type: organization}', 'topics:', '  - {id: press, label: Press}', ''].join('\n'));
    await writeText(workspaceUri(DESK_A, 'a.txt'), TEXT_A);
    await writeText(workspaceUri(DESK_A, 'a.txt.annotations.yaml'), sidecarOf(TEXT_A, [['m1', 'china', 'China'], ['m2', 'alliance', 'Alliance'], ['m3', 'china', 'China', 1]]));
    await writeText(workspaceUri(DESK_B, 'b.txt'), TEXT_B);
    await writeText(workspaceUri(DESK_B, 'b.txt.annotations.yaml'), sidecarOf(TEXT_B, [['m1', 'china', 'China Daily'], ['m2', 'china', 'China Daily', 1]],
      [{ id: 'c1', claimant: 'china', topic: 'press', quote: 'China Daily quoted no one' }]));
    await vscode.commands.executeCommand('claimlens.refresh');
    const b = workspaceUri(DESK_B, 'b.txt').toString();
    await waitFor('desk-b read with its own codebook', async () => (await services.resolveCodebook(b)).codebook.entities[0]?.name === 'China Daily');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeFolder(FOLDER);
  });

  test('the Entities view shows each codebook\'s articles under a row of their own, the same id as different actors', async () => {
    const { tree } = await api();
    const corpora = await waitFor('a row per codebook', async () => {
      const top = (await tree.getChildren()).filter(n => n.kind === 'corpus').map(n => label(tree, n));
      return top.includes(DESK_A) && top.includes(DESK_B) && top;
    });
    assert.strictEqual(corpora[0], (vscode.workspace.workspaceFolders ?? [])[0].name, 'the workspace\'s own codebook first');
    const a = await actorsOf(DESK_A);
    const b = await actorsOf(DESK_B);
    assert.deepStrictEqual([a.get('china'), a.get('alliance'), b.get('china'), b.size], ['China (2)', 'The Alliance (1)', 'China Daily (2)', 1]);
    // The workspace's own China counts none of them.
    const own = await actorsOf(corpora[0]);
    const count = (l: string | undefined) => Number(/\((\d+)\)$/.exec(l ?? '')?.[1]);
    const ownChina = own.get('china');
    assert.ok(ownChina && !ownChina.startsWith('China Daily'), ownChina);
    const { services } = await api();
    const fixtures = services.corpus.mentionsOf('china', article => !article.includes(`/${FOLDER}/`)).length;
    assert.strictEqual(count(ownChina), fixtures);
  });

  test('Find All References and the hover count the mentions of the article\'s own codebook only', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri(DESK_B, 'b.txt'));
    await vscode.window.showTextDocument(doc);
    const { services } = await api();
    await waitFor('the article loaded', () => services.store.get(doc.uri.toString()));
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, new vscode.Position(0, 2));
    assert.deepStrictEqual(refs.map(r => `${r.uri.path.split('/').pop()}:${r.range.start.line}`), ['b.txt:0', 'b.txt:1']);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 2));
    const text = hovers.flatMap(h => h.contents).map(c => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(text, /China Daily/);
    assert.match(text, /2× in 1 article of the corpus/);
  });

  test('Go to Symbol in Workspace names each codebook\'s actor with its folder', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'China Daily');
    const daily = symbols.find(s => s.name.startsWith('China Daily'));
    assert.ok(daily, symbols.map(s => s.name).join(', '));
    assert.strictEqual(daily.containerName, `Organization · ${DESK_B}`);
    assert.ok(daily.location.uri.path.endsWith(`${DESK_B}/b.txt`));
  });

  test('the Discourse Network of an article is drawn from the claims and the actors of its own codebook', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(DESK_B, 'b.txt')));
    await vscode.commands.executeCommand('claimlens.showNetwork');
    const { networkPanel } = await api();
    const panel = networkPanel()!;
    const posted: ToWebview[] = [];
    const listening = panel.onDidPost(m => posted.push(m));
    try {
      panel.update();
      const data = await waitFor('the network data', () => posted.find((m): m is Extract<ToWebview, { type: 'data' }> => m.type === 'data'), 20_000);
      assert.deepStrictEqual(data.networks.twoMode.nodes.map(n => `${n.id}=${n.label}`).sort(), ['actor:china=China Daily', 'topic:press=Press']);
      assert.deepStrictEqual(data.networks.twoMode.edges.map(e => `${e.source}|${e.target}:${e.weight}`), ['actor:china|topic:press:1']);
      assert.match(data.scopeLabel, /desk-b/);
    } finally {
      listening.dispose();
      panel.dispose();
    }
  });

  test('renaming an actor from one codebook\'s row changes that codebook and its sidecars, nothing of the others', async () => {
    const { tree } = await api();
    const aSidecar = await readText(workspaceUri(DESK_A, 'a.txt.annotations.yaml'));
    const aCodebook = await readText(workspaceUri(DESK_A, 'claimlens.codebook.yaml'));
    const corpus = (await tree.getChildren()).find(n => n.kind === 'corpus' && n.label === DESK_B)!;
    const actors = (await tree.getChildren(corpus)).find(n => n.kind === 'root' && n.root === 'actors')!;
    let row: TreeNode | undefined;
    for (const t of await tree.getChildren(actors)) row ??= (await tree.getChildren(t)).find(n => n.kind === 'entity' && n.summary.id === 'china');
    assert.ok(row);
    const result = await withAnswers([type('China Daily newspaper'), type('china-daily')],
      () => vscode.commands.executeCommand<{ id: string; written: string[]; replaced: string[] }>('claimlens.renameEntity', row));
    assert.strictEqual(result?.id, 'china-daily');
    const changed = [...result.written, ...result.replaced];
    assert.ok(changed.length === 1 && changed[0].includes('/desk-b/b.txt'), changed.join(', '));
    const bSidecar = loadSidecar((await readText(workspaceUri(DESK_B, 'b.txt.annotations.yaml')))!).sidecar!;
    assert.deepStrictEqual(bSidecar.mentions.map(m => m.entity), ['china-daily', 'china-daily']);
    assert.match((await readText(workspaceUri(DESK_B, 'claimlens.codebook.yaml')))!, /id: china-daily/);
    assert.strictEqual(await readText(workspaceUri(DESK_A, 'a.txt.annotations.yaml')), aSidecar, 'the other corpus\'s sidecar is untouched');
    assert.strictEqual(await readText(workspaceUri(DESK_A, 'claimlens.codebook.yaml')), aCodebook, 'the other corpus\'s codebook is untouched');
    assert.strictEqual(await readText(rootCodebook), rootCodebookBefore, 'the workspace\'s codebook is untouched');
  });
});
