// The annotator's day: open an article, see the highlights, annotate in two keystrokes, type
// while highlights follow, undo, navigate, and never lose the sidecar — in a real VS Code.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { screenshot, screenshotsEnabled } from '../screenshot';
import { api, offsetOf, openArticle, pickActive, pickLabel, pickValue, readText, select, type, waitFor, withAnswers, workspaceUri, writeText } from '../helpers';

const SAMPLE = '000_30b9ca53c861b234.txt';
const ARTICLE = 'editor-test/article.txt';
const ARTICLE_TEXT = [
  'TALKS IN GENEVA',
  'Maria Lopez, the envoy of Atlantis, said on Monday that “the blockade must end now”.',
  'Atlantis officials insisted that trade with Beijing would continue.',
  '',
].join('\n');

const sidecarUri = (name: string) => workspaceUri(`${name}.annotations.yaml`);

suite('Editor: highlights, annotating, editing', () => {
  let codebookBefore: string | undefined;

  suiteSetup(async () => {
    codebookBefore = await readText(workspaceUri('claimlens.codebook.yaml'));
    await writeText(workspaceUri(ARTICLE), ARTICLE_TEXT);
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.saveDelay', 50, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    await (await api()).services.store.flush(); // no save may land after the folder is gone
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri('editor-test'), { recursive: true }).then(undefined, () => undefined);
    if (codebookBefore !== undefined) await writeText(workspaceUri('claimlens.codebook.yaml'), codebookBefore);
    await vscode.workspace.getConfiguration('claimlens').update('sidecar.saveDelay', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a sample article shows every mention by entity type and every claim by stance', async () => {
    const editor = await openArticle(SAMPLE);
    const { decorations, services } = await api();
    const location = editor.document.uri.toString();
    const state = await waitFor('the sample is loaded', () => services.store.get(location));
    const applied = await waitFor('decorations', () => decorations.applied.get(location));
    const cb = services.codebook.codebook;
    const byType = new Map<string, number>();
    for (const m of state.sidecar.mentions) { const t = cb.entities.find(e => e.id === m.entity)!.type; byType.set(t, (byType.get(t) ?? 0) + 1); }
    for (const [t, n] of byType) assert.strictEqual(applied.get(`type:${t}`)?.length, n, `mentions of type ${t}`);
    const byStance = new Map<string, number>();
    for (const c of state.sidecar.claims) byStance.set(c.stance ?? 'none', (byStance.get(c.stance ?? 'none') ?? 0) + 1);
    for (const [s, n] of byStance) assert.strictEqual(applied.get(`stance:${s}`)?.length, n, `claims with stance ${s}`);
    // Each highlight covers exactly the annotated text.
    const first = state.sidecar.mentions[0];
    const range = applied.get(`type:${cb.entities.find(e => e.id === first.entity)!.type}`)![0];
    assert.strictEqual(editor.document.getText(range), first.text);
    assert.match((await api()).statusBar.item.text, new RegExp(`\\$\\(person\\) ${state.sidecar.mentions.length} \\$\\(quote\\) ${state.sidecar.claims.length}`));
  });

  test('Annotate Selection as Actor: a new actor goes to the codebook, the mention to the sidecar', async () => {
    const editor = await openArticle(ARTICLE);
    select(editor, 'Maria Lopez');
    const mention = await withAnswers([pickLabel('New actor'), type('Maria Lopez'), pickValue('person')], () =>
      vscode.commands.executeCommand<{ id: string; entity: string }>('claimlens.annotateActor'));
    assert.ok(mention, 'the command returns the new mention');
    assert.strictEqual(mention.entity, 'maria-lopez');
    const yaml = await waitFor('the sidecar', async () => (await readText(sidecarUri(ARTICLE)))?.includes('maria-lopez') && readText(sidecarUri(ARTICLE)));
    const start = offsetOf(ARTICLE_TEXT, 'Maria Lopez');
    assert.ok(yaml.includes(`  - {id: ${mention.id}, entity: maria-lopez, start: ${start}, end: ${start + 11}, text: "Maria Lopez"`), yaml);
    const codebook = await readText(workspaceUri('claimlens.codebook.yaml'));
    assert.match(codebook!, /- id: maria-lopez\n\s+name: Maria Lopez\n\s+type: person/);
  });

  test('an existing actor is offered first for one of its aliases, and the mention is highlighted', async () => {
    const editor = await openArticle(ARTICLE);
    select(editor, 'Beijing');
    const prompts = await withAnswers([pickActive()], async p => {
      await vscode.commands.executeCommand('claimlens.annotateActor');
      return p.asked;
    });
    assert.strictEqual(prompts[0].labels![prompts[0].activeIndex!], 'China', 'China (alias Beijing) is the likeliest');
    const { decorations } = await api();
    const ranges = await waitFor('a country highlight', () => decorations.applied.get(editor.document.uri.toString())?.get('type:country'));
    assert.deepStrictEqual(ranges.map(r => editor.document.getText(r)), ['Beijing']);
  });

  test('Mark Selection as Claim preselects the nearest actor of the sentence and saves stance, topic, note', async () => {
    const editor = await openArticle(ARTICLE);
    select(editor, '“the blockade must end now”');
    const { claim, asked } = await withAnswers([pickActive(), pickValue('oppose'), pickLabel('New topic'), type('Blockade'), type('said on Monday')],
      async p => ({ claim: await vscode.commands.executeCommand<{ id: string; claimant: string; form?: string }>('claimlens.markClaim'), asked: p.asked }));
    assert.strictEqual(asked[0].labels![asked[0].activeIndex!], 'Maria Lopez', 'the actor mentioned before the quote is preselected');
    assert.strictEqual(claim.claimant, 'maria-lopez');
    assert.strictEqual(claim.form, 'direct-quote');
    const yaml = await waitFor('the claim in the sidecar', async () => { const t = await readText(sidecarUri(ARTICLE)); return t?.includes(claim.id) && t; });
    assert.match(yaml, new RegExp(`  - id: ${claim.id}\\n    claimant: maria-lopez\\n    stance: oppose\\n    topic: blockade\\n    form: direct-quote\\n`));
    assert.match(yaml, /note: "said on Monday"/);
    assert.match((await readText(workspaceUri('claimlens.codebook.yaml')))!, /\{id: blockade, label: Blockade\}/);
  });

  test('typing moves highlights with the text at once and the sidecar follows', async () => {
    const editor = await openArticle(ARTICLE);
    const { decorations, services } = await api();
    const location = editor.document.uri.toString();
    const before = services.store.get(location)!.sidecar.mentions.find(m => m.entity === 'maria-lopez')!;
    await editor.edit(b => b.insert(new vscode.Position(1, 0), 'Yesterday, '));
    const after = services.store.get(location)!.sidecar.mentions.find(m => m.entity === 'maria-lopez')!;
    assert.strictEqual(after.start, before.start + 11, 'shifted by exactly the inserted length');
    assert.strictEqual(after.anchor, 'exact');
    const ranges = decorations.applied.get(location)!.get('type:person')!;
    assert.deepStrictEqual(ranges.map(r => editor.document.getText(r)), ['Maria Lopez']);
    const yaml = await waitFor('the saved shift', async () => { const t = await readText(sidecarUri(ARTICLE)); return t?.includes(`start: ${after.start}, end: ${after.end}`) && t; });
    assert.ok(yaml.includes('text: "Maria Lopez"'));
    // Typing away from every annotation: the editor moves the highlights itself, the text the
    // store derives from the edits is the document's, and the highlights still cover their text.
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    for (const ch of ['a', 'b', '\n', 'c']) await editor.edit(b => b.insert(editor.document.lineAt(editor.document.lineCount - 1).range.end, ch));
    assert.strictEqual(services.store.get(location)!.text.text, editor.document.getText().replace(/\r\n?/g, '\n'));
    assert.deepStrictEqual(decorations.applied.get(location)!.get('type:person')!.map(r => editor.document.getText(r)), ['Maria Lopez']);
    await editor.edit(b => b.delete(new vscode.Range(end, editor.document.lineAt(editor.document.lineCount - 1).range.end)));
    // Typing inside the mention resizes it; deleting it entirely orphans it but keeps it.
    const range = ranges[0];
    await editor.edit(b => b.delete(range));
    const orphan = services.store.get(location)!.sidecar.mentions.find(m => m.id === after.id)!;
    assert.strictEqual(orphan.anchor, 'orphan');
    assert.strictEqual(orphan.text, 'Maria Lopez', 'the orphan keeps its quote');
    await waitFor('an orphan diagnostic', () => vscode.languages.getDiagnostics(editor.document.uri).find(d => /Orphaned mention of maria-lopez/.test(d.message)));
    await vscode.commands.executeCommand('undo');
    await waitFor('the text is back', () => editor.document.getText().includes('Yesterday, Maria Lopez'));
    // Undo returns to a text seen before, so the mention returns exactly to where it was.
    const restored = await waitFor('the mention restored', () => { const m = services.store.find(location, after.id); return m?.anchor === 'exact' && m; });
    assert.deepStrictEqual([restored.start, restored.end, restored.text], [after.start, after.end, 'Maria Lopez']);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor('the article saved', () => !editor.document.isDirty);
  });

  test('Remove Annotation at Cursor, then Undo Last Annotation Action brings it back', async () => {
    const editor = await openArticle(ARTICLE);
    const { services } = await api();
    const location = editor.document.uri.toString();
    const beijing = services.store.get(location)!.sidecar.mentions.find(m => m.text === 'Beijing')!;
    select(editor, 'Beijing');
    editor.selection = new vscode.Selection(editor.selection.start.translate(0, 2), editor.selection.start.translate(0, 2));
    await vscode.commands.executeCommand('claimlens.removeAnnotation');
    assert.ok(!services.store.find(location, beijing.id), 'removed');
    await waitFor('the sidecar without it', async () => !(await readText(sidecarUri(ARTICLE)))?.includes(beijing.id));
    const label = await vscode.commands.executeCommand<string>('claimlens.undo');
    assert.strictEqual(label, 'remove annotation');
    assert.strictEqual(services.store.find(location, beijing.id)?.start, beijing.start);
    await waitFor('the sidecar with it again', async () => (await readText(sidecarUri(ARTICLE)))?.includes(beijing.id));
  });

  test('Edit Claim at Cursor changes exactly one line of the sidecar', async () => {
    const editor = await openArticle(ARTICLE);
    select(editor, 'blockade must');
    const before = (await readText(sidecarUri(ARTICLE)))!;
    await withAnswers([pickValue('stance'), pickValue('support')], () => vscode.commands.executeCommand('claimlens.editClaim'));
    const after = await waitFor('the edit saved', async () => { const t = await readText(sidecarUri(ARTICLE)); return t !== before && t; });
    const a = before.split('\n'), b = after.split('\n');
    assert.strictEqual(a.length, b.length);
    const changed = a.map((l, i) => [l, b[i]]).filter(([x, y]) => x !== y);
    assert.deepStrictEqual(changed, [['    stance: oppose', '    stance: support']]);
  });

  test('next / previous annotation select the annotations in order', async () => {
    const editor = await openArticle(ARTICLE);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('claimlens.nextAnnotation');
    const first = editor.document.getText(editor.selection);
    await vscode.commands.executeCommand('claimlens.nextAnnotation');
    const second = editor.document.getText(editor.selection);
    await vscode.commands.executeCommand('claimlens.previousAnnotation');
    assert.deepStrictEqual([first, second, editor.document.getText(editor.selection)], ['Maria Lopez', '“the blockade must end now”', 'Maria Lopez']);
  });

  test('Open Sidecar Beside Article opens the YAML in the other column', async () => {
    await openArticle(ARTICLE);
    await vscode.commands.executeCommand('claimlens.openSidecar');
    const active = vscode.window.activeTextEditor!;
    assert.ok(active.document.uri.path.endsWith(`${ARTICLE}.annotations.yaml`));
    assert.strictEqual(active.viewColumn, vscode.ViewColumn.Two);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('an article changed outside the editor is re-anchored; a deleted sentence is orphaned, not dropped', async () => {
    const editor = await openArticle(ARTICLE);
    const { services } = await api();
    const location = editor.document.uri.toString();
    const china = services.store.get(location)!.sidecar.mentions.find(m => m.text === 'Beijing')!;
    const changed = editor.document.getText().replace('TALKS IN GENEVA\n', 'TALKS IN GENEVA\nA new first paragraph, written in another editor.\n')
      .replace(/Yesterday, .*\n/, '');
    await writeText(workspaceUri(ARTICLE), changed);
    await waitFor('the document reloads', () => editor.document.getText() === changed);
    // Once the reload has settled, what was known before is found again by its quotes.
    const moved = await waitFor('Beijing found again by its quote', () => { const m = services.store.find(location, china.id); return m?.anchor === 'shifted' && m; });
    assert.strictEqual(changed.slice(moved.start, moved.end), 'Beijing');
    assert.strictEqual(moved.anchor, 'shifted', 'found again by its quote and context, and marked as moved');
    const yaml = await waitFor('orphan saved', async () => { const t = await readText(sidecarUri(ARTICLE)); return t?.includes('anchor: orphan') && t; });
    assert.match(yaml, /text: "“the blockade must end now”"/);
  });

  test('a broken sidecar is reported at its line and column and never overwritten', async () => {
    const name = 'editor-test/broken.txt';
    await writeText(workspaceUri(name), 'China said so.\n');
    const broken = 'claimlens: 1\nmentions:\n  - {id: m1, entity: china, start: 0, end: 5, text: "China"\n  - {id: m2\n';
    await writeText(sidecarUri(name), broken);
    const editor = await openArticle(name);
    const diagnostics = await waitFor('sidecar diagnostics', () => { const d = vscode.languages.getDiagnostics(sidecarUri(name)); return d.length > 0 && d; });
    assert.ok(diagnostics.some(d => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line >= 2), diagnostics.map(d => `${d.range.start.line}:${d.message}`).join('\n'));
    select(editor, 'China');
    // Refused before any question (nothing is asked, and the codebook learns no alias).
    await withAnswers([], () => vscode.commands.executeCommand('claimlens.annotateActor'));
    await new Promise(r => setTimeout(r, 300));
    assert.strictEqual(await readText(sidecarUri(name)), broken, 'the broken file is untouched');
  });

  test('a sidecar with a git conflict marker is flagged at the marker line', async () => {
    const name = 'editor-test/conflict.txt';
    await writeText(workspaceUri(name), 'China said so.\n');
    const text = 'claimlens: 1\narticle: {}\n<<<<<<< HEAD\nmentions: []\n=======\nmentions: []\n>>>>>>> theirs\nclaims: []\n';
    await writeText(sidecarUri(name), text);
    await openArticle(name);
    const d = await waitFor('a conflict diagnostic', () => vscode.languages.getDiagnostics(sidecarUri(name)).find(x => /conflict/.test(x.message)));
    assert.strictEqual(d.range.start.line, 2);
    assert.strictEqual(await readText(sidecarUri(name)), text);
  });

  test('the status bar counts the active article and a click shows the Entities view', async () => {
    const editor = await openArticle(SAMPLE);
    const { statusBar, services, tree } = await api();
    const state = services.store.get(editor.document.uri.toString())!;
    assert.strictEqual(statusBar.item.command, 'claimlens.focusTree');
    assert.match(statusBar.item.tooltip as string, new RegExp(`${state.sidecar.mentions.length} mentions, ${state.sidecar.claims.length} claims`));
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand(statusBar.item.command as string);
    await waitFor('the Entities view visible', () => tree.view.visible);
  });

  test('both annotate commands have default keybindings and editor context-menu entries', async () => {
    const ext = vscode.extensions.getExtension('claimlens.claimlens')!;
    const pkg = ext.packageJSON as { contributes: { keybindings: { command: string; when: string }[]; menus: Record<string, { command: string }[]> } };
    for (const command of ['claimlens.annotateActor', 'claimlens.markClaim']) {
      const kb = pkg.contributes.keybindings.find(k => k.command === command);
      assert.ok(kb && /editorHasSelection/.test(kb.when) && /article\|plaintext/.test(kb.when), `${command} keybinding`);
      assert.ok(pkg.contributes.menus['editor/context'].some(m => m.command === command), `${command} in the context menu`);
    }
  });

  if (screenshotsEnabled()) {
    test('screenshot: a sample article with its highlights', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.getConfiguration('editor').update('wordWrap', 'on', vscode.ConfigurationTarget.Workspace);
      const editor = await openArticle('004_fc6dc60cd7fd8aaa.txt');
      editor.selection = new vscode.Selection(22, 0, 22, 0);
      editor.revealRange(new vscode.Range(22, 0, 22, 0), vscode.TextEditorRevealType.AtTop);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      assert.ok(await screenshot('highlights'), 'screenshot saved');
      await vscode.workspace.getConfiguration('editor').update('wordWrap', undefined, vscode.ConfigurationTarget.Workspace);
    });
  }
});
