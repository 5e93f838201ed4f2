// The Entities view as an annotator sees it: actors by type with counts that match the sidecars,
// mentions in context, claims by claimant and topic, the scope toggle, and renaming, merging and
// deleting actors from the view's menu — with the saved YAML checked on disk.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { addEntity } from '../../../src/core/codebook';
import { Claim, Sidecar } from '../../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../../src/core/sidecarFormat';
import { CodePointIndex, hashText } from '../../../src/core/text';
import type { ClaimLensApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/vscode/tree/nodes';
import { api, openArticle, pickValue, readText, type, waitFor, withAnswers, workspaceUri, writeText, removeFolder } from '../helpers';
import { screenshot, screenshotsEnabled } from '../screenshot';

const SAMPLE = '000_30b9ca53c861b234.txt';
const OTHER_SAMPLE = '003_783d3b7188b5998a.txt';
const CODEBOOK = 'claimlens.codebook.yaml';

/** The n-th (0-based) occurrence of `needle` is annotated. */
type MentionSpec = [id: string, entity: string, needle: string, nth?: number];
type ClaimSpec = [id: string, claimant: string, needle: string, extra?: Partial<Claim>];

/** A sidecar for `text` that is current (right hash), so nothing re-anchors it. */
function sidecarFor(text: string, mentions: MentionSpec[], claims: ClaimSpec[] = []): string {
  const ix = new CodePointIndex(text);
  const span = (needle: string, nth = 0) => {
    let start = -1;
    for (let k = 0; k <= nth; k++) start = text.indexOf(needle, start + 1);
    assert.ok(start >= 0, `“${needle}” is in the test article`);
    return { start, end: start + needle.length, ...ix.quote(start, start + needle.length), anchor: 'exact' as const };
  };
  const s: Sidecar = { version: 1, article: { hash: hashText(text) },
    mentions: mentions.map(([id, entity, needle, nth]) => ({ id, entity, ...span(needle, nth) })),
    claims: claims.map(([id, claimant, needle, extra]) => ({ id, claimant, ...span(needle), ...extra })) };
  return serializeSidecar(s);
}

const label = (t: ClaimLensApi['tree'], n: TreeNode) => { const l = t.getTreeItem(n).label; return typeof l === 'string' ? l : l?.label ?? ''; };
const item = (t: ClaimLensApi['tree'], n: TreeNode) => t.getTreeItem(n);

async function root(t: ClaimLensApi['tree'], name: string): Promise<TreeNode> {
  const roots = await t.getChildren();
  const r = roots.find(n => label(t, n) === name);
  assert.ok(r, `a “${name}” group (have: ${roots.map(n => label(t, n)).join(', ')})`);
  return r;
}

/** Every entity row under Actors, by entity id. */
async function actorRows(t: ClaimLensApi['tree']): Promise<Map<string, TreeNode>> {
  const rows = new Map<string, TreeNode>();
  for (const type of await t.getChildren(await root(t, 'Actors')))
    for (const e of await t.getChildren(type)) if (e.kind === 'entity') rows.set(e.summary.id, e);
  return rows;
}

/** Mentions per entity and claims per claimant in every sidecar on disk. */
async function countsOnDisk(): Promise<{ mentions: Map<string, number>; claims: Map<string, number>; files: number }> {
  const mentions = new Map<string, number>(), claims = new Map<string, number>();
  const files = await vscode.workspace.findFiles('**/*.annotations.yaml');
  for (const uri of files) {
    const s = loadSidecar((await readText(uri))!).sidecar!;
    for (const m of s.mentions) mentions.set(m.entity, (mentions.get(m.entity) ?? 0) + 1);
    for (const c of s.claims) claims.set(c.claimant, (claims.get(c.claimant) ?? 0) + 1);
  }
  return { mentions, claims, files: files.length };
}

async function entityRow(t: ClaimLensApi['tree'], id: string, expected?: string): Promise<TreeNode> {
  let seen = 'no row';
  try {
    return await waitFor(`the row of ${id}`, async () => {
      const n = await t.findEntity(id);
      seen = n ? `“${label(t, n)}”` : 'no row';
      return n && (expected === undefined || label(t, n) === expected) && n;
    });
  } catch {
    throw new Error(`expected the row of ${id}${expected ? ` labelled “${expected}”` : ''}, have ${seen}`);
  }
}

async function setScope(scope: 'article' | 'workspace'): Promise<void> {
  const { tree } = await api();
  if (tree.scope !== scope) await vscode.commands.executeCommand('claimlens.toggleScope');
  assert.strictEqual(tree.scope, scope);
}

/** Writes a little corpus of its own for a test; the articles and the actors are unique to it. */
async function corpus(folder: string, files: Record<string, { text: string; sidecar: string }>, entities: { id: string; name: string; type: string; aliases?: string[] }[]): Promise<void> {
  const { services, tree } = await api();
  await services.codebook.update(cb => entities.reduce((c, e) => addEntity(c, e).codebook, cb));
  for (const [name, f] of Object.entries(files)) {
    await writeText(workspaceUri(folder, name), f.text);
    await writeText(workspaceUri(folder, `${name}.annotations.yaml`), f.sidecar);
  }
  for (const e of entities) await entityRow(tree, e.id);
}


suite('Entities view', () => {
  let codebookBefore: string | undefined;
  const folders: string[] = [];

  suiteSetup(async () => {
    codebookBefore = await readText(workspaceUri(CODEBOOK));
    await setScope('workspace');
    // Articles other suites deleted may still be open in memory (VS Code closes documents lazily);
    // the view rightly shows them, but the counts here are checked against the files on disk.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const { services } = await api();
    for (const state of services.store.all())
      if (!(await readText(vscode.Uri.parse(state.location)))) await services.store.close(state.location);
    await vscode.commands.executeCommand('claimlens.refresh'); // re-scans: a folder deleted as a whole may leave stale entries
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of folders) await removeFolder(f);
    if (codebookBefore !== undefined) await writeText(workspaceUri(CODEBOOK), codebookBefore);
    const { services } = await api();
    await waitFor('the codebook as it was', () => services.codebook.codebook.entities.every(e => !/^(rn|mg|dl|nx)-/.test(e.id)));
    await setScope('workspace');
  });

  // Registered only when screenshots are requested (npm run screenshots), so no run shows a skipped test.
  if (screenshotsEnabled()) {
    test('screenshot: the tree open beside a highlighted article', async () => {
      const { tree } = await api();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.getConfiguration('editor').update('wordWrap', 'on', vscode.ConfigurationTarget.Workspace);
      try {
        await openArticle(SAMPLE);
        await vscode.commands.executeCommand('workbench.actions.treeView.claimlens.entities.collapseAll');
        const xi = await entityRow(tree, 'xi-jinping');
        const [article] = await tree.getChildren(xi);
        const mentions = await tree.getChildren(article);
        await tree.view.reveal(mentions[mentions.length - 1], { select: false, focus: false, expand: true });
        const command = item(tree, mentions[0]).command!;
        await vscode.commands.executeCommand(command.command, ...command.arguments!);
        await tree.view.reveal(mentions[0], { select: true, focus: true });
        assert.ok(await screenshot('tree'), 'the screenshot was taken');
      } finally {
        await vscode.workspace.getConfiguration('editor').update('wordWrap', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });
  }

  test('actors are grouped by type, each with as many mentions as the sidecars hold', async () => {
    const { tree, services } = await api();
    await services.store.flush();
    const roots = await tree.getChildren();
    assert.deepStrictEqual(roots.map(n => label(tree, n)), ['Actors', 'Claims by claimant', 'Claims by topic', 'Needs review']);
    const disk = await countsOnDisk();
    const types = (await tree.getChildren(roots[0])).map(n => label(tree, n));
    assert.deepStrictEqual(types.slice(0, 4), ['Person', 'Country', 'Organization', 'Group'].filter(t => types.includes(t)));
    const cb = services.codebook.codebook;
    await waitFor('counts that match the sidecars on disk', async () => {
      const rows = await actorRows(tree);
      for (const [id, n] of disk.mentions) {
        const row = rows.get(id);
        const name = cb.entities.find(e => e.id === id)?.name ?? id;
        if (!row || label(tree, row) !== `${name} (${n})`) return false;
      }
      return true;
    });
    const rows = await actorRows(tree);
    const xi = rows.get('xi-jinping')!;
    assert.strictEqual(label(tree, xi), `Xi Jinping (${disk.mentions.get('xi-jinping')})`);
    assert.match(String(item(tree, xi).description), new RegExp(`^3 articles · ${disk.claims.get('xi-jinping') ?? 0} claims?$`));
    assert.strictEqual(item(tree, xi).contextValue, 'entity');
    // every codebook entity is listed in the workspace scope, used or not
    assert.strictEqual(rows.size, new Set([...cb.entities.map(e => e.id), ...disk.mentions.keys(), ...disk.claims.keys()]).size);
  });

  test('an entity opens into its articles, and each article into mentions in context with a line number', async () => {
    const { tree } = await api();
    const xi = await entityRow(tree, 'xi-jinping');
    const articles = await tree.getChildren(xi);
    assert.deepStrictEqual(articles.map(n => label(tree, n)), ['000_30b9ca53c861b234.txt', '003_783d3b7188b5998a.txt', '004_fc6dc60cd7fd8aaa.txt']);
    const sidecar = loadSidecar((await readText(workspaceUri(`${SAMPLE}.annotations.yaml`)))!).sidecar!;
    const expected = sidecar.mentions.filter(m => m.entity === 'xi-jinping');
    assert.strictEqual(item(tree, articles[0]).description, `${expected.length} mention${expected.length === 1 ? '' : 's'}`);
    const mentions = await tree.getChildren(articles[0]);
    assert.strictEqual(mentions.length, expected.length);
    const text = (await readText(workspaceUri(SAMPLE)))!;
    mentions.forEach((m, i) => {
      const it = item(tree, m);
      const l = it.label as vscode.TreeItemLabel;
      assert.ok(l.label.includes(`[${expected[i].text}]`), l.label);
      const [hs, he] = l.highlights![0] as [number, number];
      assert.strictEqual(l.label.slice(hs, he), expected[i].text);
      const line = text.slice(0, expected[i].start).split('\n').length;
      assert.strictEqual(it.description, `line ${line}`);
      assert.strictEqual(it.contextValue, 'mention');
      assert.deepStrictEqual(it.command?.arguments, [workspaceUri(SAMPLE).toString(), expected[i].id]);
      assert.strictEqual(tree.getParent(m), articles[0]);
    });
  });

  test('clicking a mention selects its text in the article', async () => {
    const { tree } = await api();
    const putin = await entityRow(tree, 'vladimir-putin');
    const [article] = await tree.getChildren(putin);
    const [first] = await tree.getChildren(article);
    const command = item(tree, first).command!;
    await vscode.commands.executeCommand(command.command, ...command.arguments!);
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.uri.toString(), (article.kind === 'article' && article.article));
    assert.strictEqual(editor.document.getText(editor.selection), first.kind === 'mention' && first.annotation.text);
  });

  test('Reveal in Tree (from a hover card) selects the entity’s row', async () => {
    const { tree } = await api();
    const id = await vscode.commands.executeCommand<string>('claimlens.revealInTree', 'xi-jinping');
    assert.strictEqual(id, 'entity:xi-jinping');
    await waitFor('the row selected', () => tree.view.selection[0]?.id === 'entity:xi-jinping');
    assert.ok(tree.view.visible, 'the view is shown');
  });

  test('claims are listed by claimant and by topic, with stance icons', async () => {
    const { tree, services } = await api();
    const disk = await countsOnDisk();
    const cb = services.codebook.codebook;
    const claimants = await tree.getChildren(await root(tree, 'Claims by claimant'));
    assert.strictEqual(claimants.length, disk.claims.size);
    for (const c of claimants) {
      assert.ok(c.kind === 'claimant');
      assert.strictEqual(label(tree, c), `${cb.entities.find(e => e.id === c.group.id)?.name ?? c.group.id} (${disk.claims.get(c.group.id)})`);
    }
    let stanced: TreeNode | undefined;
    for (const c of claimants) {
      stanced = (await tree.getChildren(c)).find(n => n.kind === 'claim' && ['support', 'oppose', 'neutral'].includes(n.annotation.stance ?? ''));
      if (stanced) break;
    }
    assert.ok(stanced && stanced.kind === 'claim', 'a claim with a stance');
    const icon = item(tree, stanced).iconPath as vscode.Uri;
    assert.ok(icon.path.endsWith(`media/stance-${stanced.annotation.stance}.svg`), icon.path);
    assert.strictEqual(item(tree, stanced).contextValue, 'claim');
    const total = [...disk.claims.values()].reduce((a, b) => a + b, 0);
    const topics = await tree.getChildren(await root(tree, 'Claims by topic'));
    let listed = 0;
    for (const t of topics) listed += (await tree.getChildren(t)).length;
    assert.strictEqual(listed, total, 'every claim is under one topic (or No topic)');
    assert.strictEqual(item(tree, await root(tree, 'Claims by topic')).description, `${total} claims`);
  });

  test('the scope switches between the current article and the whole workspace', async () => {
    const { tree } = await api();
    await openArticle(SAMPLE);
    await setScope('article');
    assert.strictEqual(tree.view.description, `Article: ${SAMPLE}`);
    const inArticle = loadSidecar((await readText(workspaceUri(`${SAMPLE}.annotations.yaml`)))!).sidecar!;
    const ids = new Set([...inArticle.mentions.map(m => m.entity), ...inArticle.claims.map(c => c.claimant)]);
    assert.deepStrictEqual([...(await actorRows(tree)).keys()].sort(), [...ids].sort());
    const xi = await entityRow(tree, 'xi-jinping');
    assert.deepStrictEqual((await tree.getChildren(xi)).map(n => label(tree, n)), [SAMPLE]);

    // another article in the editor: the view follows it
    await openArticle(OTHER_SAMPLE);
    const other = loadSidecar((await readText(workspaceUri(`${OTHER_SAMPLE}.annotations.yaml`)))!).sidecar!;
    const otherIds = [...new Set([...other.mentions.map(m => m.entity), ...other.claims.map(c => c.claimant)])].sort();
    await waitFor('the rows of the other article', async () => JSON.stringify([...(await actorRows(tree)).keys()].sort()) === JSON.stringify(otherIds));
    assert.strictEqual(tree.view.description, `Article: ${OTHER_SAMPLE}`);

    await setScope('workspace');
    assert.strictEqual(tree.view.description, 'Whole workspace');
    assert.ok((await actorRows(tree)).size > otherIds.length);
  });

  test('Reveal in Tree of an actor of another article switches to the whole workspace', async () => {
    const { tree } = await api();
    const other = loadSidecar((await readText(workspaceUri(`${OTHER_SAMPLE}.annotations.yaml`)))!).sidecar!;
    await openArticle(OTHER_SAMPLE);
    await setScope('article');
    const absent = (await api()).services.codebook.codebook.entities.find(e => !other.mentions.some(m => m.entity === e.id) && !other.claims.some(c => c.claimant === e.id))!;
    assert.strictEqual(await tree.findEntity(absent.id), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('claimlens.revealInTree', absent.id), `entity:${absent.id}`);
    assert.strictEqual(tree.scope, 'workspace');
  });

  test('Rename: a new name and id reach the codebook and every sidecar, open or not; comments survive', async () => {
    const { tree } = await api();
    const one = 'Ambassador Kira Voss met the press. Voss said little.\n';
    const two = 'Kira Voss left on Friday.\n';
    folders.push('tree-rename');
    await corpus('tree-rename', {
      'one.txt': { text: one, sidecar: sidecarFor(one, [['m1', 'rn-voss', 'Kira Voss'], ['m2', 'rn-voss', 'Voss', 1]], [['c1', 'rn-voss', 'said little']]) },
      'two.txt': { text: two, sidecar: '# reviewed\n' + sidecarFor(two, [['m1', 'rn-voss', 'Kira Voss']]).replace('claimlens: 1\n', 'claimlens: 1 # format\n') },
    }, [{ id: 'rn-voss', name: 'K. Voss', type: 'person' }]);
    await openArticle('tree-rename/one.txt'); // one open in the editor, the other not
    const row = await entityRow(tree, 'rn-voss', 'K. Voss (3)');

    const result = await withAnswers([type('Kira Voss'), type('kira-voss')], () => vscode.commands.executeCommand<{ id: string }>('claimlens.renameEntity', row));
    assert.strictEqual(result?.id, 'kira-voss');
    const codebook = (await readText(workspaceUri(CODEBOOK)))!;
    assert.match(codebook, /- id: kira-voss\n\s+name: Kira Voss\n\s+type: person\n\s+aliases: \[("?)K\. Voss\1\]/);
    assert.doesNotMatch(codebook, /rn-voss/);
    const first = (await readText(workspaceUri('tree-rename/one.txt.annotations.yaml')))!;
    assert.deepStrictEqual(loadSidecar(first).sidecar!.mentions.map(m => m.entity), ['kira-voss', 'kira-voss']);
    assert.strictEqual(loadSidecar(first).sidecar!.claims[0].claimant, 'kira-voss');
    const second = (await readText(workspaceUri('tree-rename/two.txt.annotations.yaml')))!;
    assert.match(second, /^# reviewed\nclaimlens: 1 # format\n/);
    assert.deepStrictEqual(loadSidecar(second).sidecar!.mentions.map(m => m.entity), ['kira-voss']);
    await entityRow(tree, 'kira-voss', 'Kira Voss (3)');
    assert.strictEqual(await tree.findEntity('rn-voss'), undefined);
  });

  test('Rename is refused before any question while a sidecar that may refer to the actor is broken', async () => {
    const { tree } = await api();
    const text = 'Nadia Orr spoke.\n';
    folders.push('tree-refuse');
    await corpus('tree-refuse', { 'one.txt': { text, sidecar: sidecarFor(text, [['m1', 'rn-orr', 'Nadia Orr']]) } }, [{ id: 'rn-orr', name: 'Nadia Orr', type: 'person' }]);
    const row = await entityRow(tree, 'rn-orr');
    const broken = 'claimlens: 1\nmentions:\n  - {id: m1, entity: rn-orr, start: 0\n';
    await writeText(workspaceUri('tree-refuse/two.txt'), text);
    await writeText(workspaceUri('tree-refuse/two.txt.annotations.yaml'), broken);
    const codebook = await readText(workspaceUri(CODEBOOK));
    const result = await withAnswers([], () => vscode.commands.executeCommand('claimlens.renameEntity', row));
    assert.strictEqual(result, undefined);
    assert.strictEqual(await readText(workspaceUri(CODEBOOK)), codebook, 'the codebook is untouched');
    assert.strictEqual(await readText(workspaceUri('tree-refuse/two.txt.annotations.yaml')), broken);
  });

  test('Merge: the actor’s mentions and claims move to the survivor after a confirmation that counts them', async () => {
    const { tree } = await api();
    const one = 'Leo Brandt and Minister Brandt are the same man.\n';
    const two = 'Minister Brandt said no.\n';
    folders.push('tree-merge');
    await corpus('tree-merge', {
      'one.txt': { text: one, sidecar: sidecarFor(one, [['m1', 'mg-leo', 'Leo Brandt'], ['m2', 'mg-brandt', 'Minister Brandt']]) },
      'two.txt': { text: two, sidecar: sidecarFor(two, [['m1', 'mg-brandt', 'Minister Brandt']], [['c1', 'mg-brandt', 'said no', { stance: 'oppose' }]]) },
    }, [{ id: 'mg-leo', name: 'Leo Brandt', type: 'person' }, { id: 'mg-brandt', name: 'Minister Brandt', type: 'person' }]);
    const row = await entityRow(tree, 'mg-brandt', 'Minister Brandt (2)');
    const before = await readText(workspaceUri('tree-merge/two.txt.annotations.yaml'));

    // declined: nothing changes
    const declined = await withAnswers([pickValue('mg-leo'), { confirm: false }], p => vscode.commands.executeCommand('claimlens.mergeEntity', row).then(r => ({ r, asked: p.asked })));
    assert.strictEqual(declined.r, undefined);
    assert.strictEqual(declined.asked[1].title, 'Merge “Minister Brandt” into “Leo Brandt”? 2 mentions, 1 claim it makes in 2 articles will refer to “Leo Brandt”.');
    assert.strictEqual(await readText(workspaceUri('tree-merge/two.txt.annotations.yaml')), before);

    await withAnswers([pickValue('mg-leo'), { confirm: true }], () => vscode.commands.executeCommand('claimlens.mergeEntity', row));
    const one2 = loadSidecar((await readText(workspaceUri('tree-merge/one.txt.annotations.yaml')))!).sidecar!;
    const two2 = loadSidecar((await readText(workspaceUri('tree-merge/two.txt.annotations.yaml')))!).sidecar!;
    assert.deepStrictEqual(one2.mentions.map(m => m.entity), ['mg-leo', 'mg-leo']);
    assert.deepStrictEqual([two2.mentions[0].entity, two2.claims[0].claimant], ['mg-leo', 'mg-leo']);
    const codebook = (await readText(workspaceUri(CODEBOOK)))!;
    assert.doesNotMatch(codebook, /mg-brandt/);
    assert.match(codebook, /- id: mg-leo\n\s+name: Leo Brandt\n\s+type: person\n\s+aliases: \[Minister Brandt\]/);
    const merged = await entityRow(tree, 'mg-leo', 'Leo Brandt (3)');
    assert.strictEqual(item(tree, merged).description, '2 articles · 1 claim');
    assert.strictEqual(await tree.findEntity('mg-brandt'), undefined);
  });

  test('Delete: refused while used unless a forced delete is confirmed; it says what goes', async () => {
    const { tree } = await api();
    const text = 'Valdoria protested. Valdoria called it theft.\n';
    folders.push('tree-delete');
    await corpus('tree-delete', {
      'one.txt': { text, sidecar: sidecarFor(text, [['m1', 'dl-valdoria', 'Valdoria'], ['m2', 'dl-other', 'called']], [['c1', 'dl-valdoria', 'called it theft'], ['c2', 'dl-other', 'protested', { addressee: 'dl-valdoria' }]]) },
    }, [{ id: 'dl-valdoria', name: 'Valdoria', type: 'country' }, { id: 'dl-other', name: 'Other', type: 'country' }, { id: 'dl-unused', name: 'Unused', type: 'country' }]);
    const row = await entityRow(tree, 'dl-valdoria', 'Valdoria (1)');
    const before = await readText(workspaceUri('tree-delete/one.txt.annotations.yaml'));

    const declined = await withAnswers([{ confirm: false }], p => vscode.commands.executeCommand('claimlens.deleteEntity', row).then(() => p.asked));
    assert.strictEqual(declined[0].title, '“Valdoria” is still used: 1 mention, 1 claim it makes, 1 claim addressed to it or about it in 1 article. Delete it anyway? 1 mention and 1 claim go with it.');
    assert.strictEqual(await readText(workspaceUri('tree-delete/one.txt.annotations.yaml')), before);
    assert.match((await readText(workspaceUri(CODEBOOK)))!, /id: dl-valdoria/);

    await withAnswers([{ confirm: true }], () => vscode.commands.executeCommand('claimlens.deleteEntity', row));
    const after = loadSidecar((await readText(workspaceUri('tree-delete/one.txt.annotations.yaml')))!).sidecar!;
    assert.deepStrictEqual(after.mentions.map(m => m.id), ['m2']);
    assert.deepStrictEqual(after.claims.map(c => [c.id, c.addressee]), [['c2', undefined]]);
    assert.doesNotMatch((await readText(workspaceUri(CODEBOOK)))!, /dl-valdoria/);
    await waitFor('the row gone', async () => !(await tree.findEntity('dl-valdoria')));

    // an actor nobody refers to: a plain confirmation
    const unused = await entityRow(tree, 'dl-unused', 'Unused (0)');
    const asked = await withAnswers([{ confirm: true }], p => vscode.commands.executeCommand('claimlens.deleteEntity', unused).then(() => p.asked));
    assert.strictEqual(asked[0].title, 'Delete “Unused” from the codebook? No annotation refers to it.');
    assert.doesNotMatch((await readText(workspaceUri(CODEBOOK)))!, /dl-unused/);
  });

  test('Reveal Next Mention cycles through the actor’s mentions across articles; Copy Id copies its id', async () => {
    const { tree } = await api();
    const one = 'Oskar Lind arrived. Lind spoke.\n';
    const two = 'Oskar Lind left.\n';
    folders.push('tree-next');
    await corpus('tree-next', {
      'a.txt': { text: one, sidecar: sidecarFor(one, [['m1', 'nx-lind', 'Oskar Lind'], ['m2', 'nx-lind', 'Lind', 1]]) },
      'b.txt': { text: two, sidecar: sidecarFor(two, [['m1', 'nx-lind', 'Oskar Lind']]) },
    }, [{ id: 'nx-lind', name: 'Oskar Lind', type: 'person' }]);
    const row = await entityRow(tree, 'nx-lind', 'Oskar Lind (3)');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await vscode.commands.executeCommand<{ article: string; id: string }>('claimlens.revealNextMention', row);
      const editor = vscode.window.activeTextEditor!;
      assert.strictEqual(editor.document.uri.toString(), r.article);
      seen.push(`${r.article.slice(r.article.lastIndexOf('/') + 1)}#${r.id}:${editor.document.getText(editor.selection)}`);
    }
    assert.deepStrictEqual(seen, ['a.txt#m1:Oskar Lind', 'a.txt#m2:Lind', 'b.txt#m1:Oskar Lind', 'a.txt#m1:Oskar Lind']);
    assert.strictEqual(await vscode.commands.executeCommand('claimlens.copyId', row), 'nx-lind');
  });

});
