// Text from a hostile repository in VS Code's own UI: notifications never carry a live link (VS Code
// renders `[label](command:…)` in them as one), and names never render as icons in quick picks and
// the status bar, so an actor cannot imitate "New actor…". What the extension hands to VS Code is
// observed by wrapping the window functions it calls, and checked with VS Code's own patterns.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaimLensApi } from '../../../src/extension';
import { api, openArticle, readText, removeFolder, select, type, waitFor, withAnswers, workspaceUri, writeText } from '../helpers';

const CODEBOOK = 'claimlens.codebook.yaml';
const FOLDER = 'zz-hostile';
/** Clicking it used to type a shell command into the terminal. */
const RUN = '[Run the migration](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';
const QUIT = '[x](command:workbench.action.quit)';
const FAKE_NEW = '$(add) New actor…';

/** vs/base/common/linkedText.ts: what a notification renders as a link. */
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^\)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const liveLinks = (text: string) => [...text.matchAll(LINK)].map(m => m[2]);
/** vs/base/browser/ui/iconLabel/iconLabels.ts: what a label renders as an icon. */
const ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
const icons = (text: string) => [...text.matchAll(ICON)].filter(m => !m[1]).map(m => m[2]);
const rendered = (text: string) => text.replace(ICON, (_, escaped: string | undefined, name: string) => (escaped ? `$(${name})` : `<icon:${name}>`));

type Window = typeof vscode.window;
type Shown = { kind: string; message: string };

/** Runs `fn` with the notification and status-bar functions of vscode.window observed; the calls go through. */
async function observingWindow<T>(fn: (shown: Shown[]) => Promise<T>): Promise<T> {
  const w = vscode.window as { -readonly [K in keyof Window]: Window[K] };
  const saved = { error: w.showErrorMessage, warning: w.showWarningMessage, info: w.showInformationMessage, status: w.setStatusBarMessage };
  const shown: Shown[] = [];
  const wrap = (kind: string, original: (...args: any[]) => any) => (message: string, ...rest: any[]) => { shown.push({ kind, message }); return original.call(vscode.window, message, ...rest); };
  w.showErrorMessage = wrap('error', saved.error) as Window['showErrorMessage'];
  w.showWarningMessage = wrap('warning', saved.warning) as Window['showWarningMessage'];
  w.showInformationMessage = wrap('info', saved.info) as Window['showInformationMessage'];
  w.setStatusBarMessage = wrap('status', saved.status) as Window['setStatusBarMessage'];
  try {
    return await fn(shown);
  } finally {
    Object.assign(w, { showErrorMessage: saved.error, showWarningMessage: saved.warning, showInformationMessage: saved.info, setStatusBarMessage: saved.status });
  }
}

function assertInert(shown: readonly Shown[]): void {
  for (const s of shown) {
    assert.deepEqual(liveLinks(s.message), [], `no live link in the ${s.kind} message: ${s.message}`);
    assert.ok(!s.message.includes('](command:'), `no link syntax survives: ${s.message}`);
  }
}

suite('Hostile text in notifications, quick picks and the status bar; prototype-named ids', () => {
  let claimlens: ClaimLensApi;
  let codebookBefore: string;

  suiteSetup(async () => {
    claimlens = await api();
    codebookBefore = (await readText(workspaceUri(CODEBOOK)))!;
  });

  async function setCodebook(text: string, loaded: () => boolean): Promise<void> {
    await writeText(workspaceUri(CODEBOOK), text);
    await waitFor('the codebook to reload', loaded);
  }

  teardown(async () => {
    if ((await readText(workspaceUri(CODEBOOK))) !== codebookBefore) {
      await setCodebook(codebookBefore, () => !claimlens.services.codebook.blocked && !claimlens.services.codebook.codebook.entities.some(e => e.id === 'fake-new'));
    }
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeFolder(FOLDER);
  });

  test('a command link in the codebook’s version line: renaming an actor fails with an inert message that points to the Problems panel', async () => {
    await setCodebook(codebookBefore.replace(/^claimlens: 1$/m, `claimlens: "${RUN.replace(/"/g, '\\"')}"`), () => claimlens.services.codebook.blocked);
    assert.ok(claimlens.services.codebook.codebook.entities.some(e => e.id === 'china'), 'the entities are still read');
    const shown = await observingWindow(async shown => {
      assert.equal(await vscode.commands.executeCommand('claimlens.renameEntity', 'china'), undefined, 'nothing was renamed');
      return shown;
    });
    const errors = shown.filter(s => s.kind === 'error');
    assert.equal(errors.length, 1, `one error notification: ${JSON.stringify(shown)}`);
    assertInert(shown);
    assert.match(errors[0].message, /Problems panel/);
    assert.match(errors[0].message, /claimlens\.codebook\.yaml has errors/);
    assert.equal(await readText(workspaceUri(CODEBOOK)), codebookBefore.replace(/^claimlens: 1$/m, `claimlens: "${RUN.replace(/"/g, '\\"')}"`), 'the codebook was not written');
  });

  test('F2 on a mention with that codebook: the refusal (which VS Code may show as a notification) is inert', async () => {
    const text = 'China spoke.\n';
    await writeText(workspaceUri(FOLDER, 'f2.txt'), text);
    await writeText(workspaceUri(FOLDER, 'f2.txt.annotations.yaml'), JSON.stringify({
      claimlens: 1, article: {}, mentions: [{ id: 'mf2', entity: 'china', start: 0, end: 5, text: 'China', before: '', after: text.slice(5) }], claims: [] }));
    const editor = await openArticle(`${FOLDER}/f2.txt`);
    await waitFor('the mention to load', () => claimlens.services.store.get(editor.document.uri.toString())?.sidecar.mentions.length === 1);
    await setCodebook(codebookBefore.replace(/^claimlens: 1$/m, `claimlens: "${RUN.replace(/"/g, '\\"')}"`), () => claimlens.services.codebook.blocked);
    for (const command of ['vscode.prepareRename', 'vscode.executeDocumentRenameProvider']) {
      const error = await Promise.resolve(vscode.commands.executeCommand(command, editor.document.uri, new vscode.Position(0, 2), 'New name'))
        .then(() => undefined, (e: unknown) => e as Error);
      assert.ok(error, `${command} refuses`);
      assert.match(error.message, /Cannot rename/);
      assert.deepEqual(liveLinks(error.message), [], error.message);
    }
  });

  test('entity ids and names in rename, reveal and list errors are inert', async () => {
    const shown = await observingWindow(async shown => {
      await vscode.commands.executeCommand('claimlens.renameEntity', QUIT);
      await vscode.commands.executeCommand('claimlens.revealInTree', RUN);
      await vscode.commands.executeCommand('claimlens.listMentions', RUN);
      return shown;
    });
    assert.equal(shown.length, 3, JSON.stringify(shown));
    assertInert(shown);
    // The id still reads as written, with a space between the brackets.
    assert.ok(shown[0].message.includes('[x] (command:workbench.action.quit)'), shown[0].message);
  });

  test('the quote of an annotation in the re-attach message is inert', async () => {
    const text = `Intro. ${QUIT} is the quote.\n`;
    const start = text.indexOf(QUIT), end = start + QUIT.length;
    const article = workspaceUri(FOLDER, 'reattach.txt');
    await writeText(article, text);
    await writeText(workspaceUri(FOLDER, 'reattach.txt.annotations.yaml'), JSON.stringify({
      claimlens: 1, article: {},
      mentions: [{ id: 'mhostile', entity: 'china', start, end, text: QUIT, before: text.slice(0, start), after: text.slice(end) }], claims: [],
    }));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const shown = await observingWindow(async shown => {
      await vscode.commands.executeCommand('claimlens.reattachAnchor', { article: article.toString(), id: 'mhostile' });
      return shown;
    });
    const info = shown.filter(s => s.kind === 'info');
    assert.equal(info.length, 1, JSON.stringify(shown));
    assert.match(info[0].message, /Re-attach to Selection/);
    assertInert(shown);
  });

  test('an actor named “$(add) New actor…” cannot imitate the New actor item, in the quick pick or the status bar', async () => {
    const fake = `  - id: fake-new\n    name: "${FAKE_NEW}"\n    type: person\n    aliases: ["$(warning) Russia"]\n`;
    await setCodebook(codebookBefore.replace(/^entities:\n/m, `entities:\n${fake}`), () => claimlens.services.codebook.codebook.entities.some(e => e.id === 'fake-new'));
    await writeText(workspaceUri(FOLDER, 'pick.txt'), 'The new actor arrived.\n');
    const editor = await openArticle(`${FOLDER}/pick.txt`);
    select(editor, 'new actor');

    // The real quick input: what VS Code is given to show.
    const w = vscode.window as { -readonly [K in keyof Window]: Window[K] };
    const original = w.createQuickPick;
    let picker: vscode.QuickPick<vscode.QuickPickItem & { value?: unknown }> | undefined;
    w.createQuickPick = (<T extends vscode.QuickPickItem>() => { const qp = original.call(vscode.window) as vscode.QuickPick<T>; picker = qp as never; return qp; }) as Window['createQuickPick'];
    let items: readonly (vscode.QuickPickItem & { value?: unknown })[];
    try {
      const run = vscode.commands.executeCommand('claimlens.annotateActor');
      items = await waitFor('the actor quick pick', () => picker && picker.items.length > 0 && picker.items);
      picker!.hide();
      assert.equal(await run, undefined, 'nothing was annotated');
    } finally {
      w.createQuickPick = original;
    }
    const withIcons = items.filter(i => icons(`${i.label} ${i.description ?? ''} ${i.detail ?? ''}`).length > 0);
    assert.deepEqual(withIcons.map(i => rendered(i.label)), ['<icon:add> New actor…'], 'only ClaimLens’s own item has an icon');
    const imitation = items.find(i => i.value === 'fake-new');
    assert.ok(imitation, `the fake actor is offered: ${items.map(i => i.label).join(' | ')}`);
    assert.equal(rendered(imitation.label), FAKE_NEW, 'its name reads as written');
    assert.equal(rendered(imitation.detail ?? ''), '$(warning) Russia', 'its aliases read as written');

    // Renaming it leaves a status-bar message with the names, which must not render icons either.
    const shown = await observingWindow(shown => withAnswers([type(`${FAKE_NEW} 2`), type('fake-new')], () =>
      vscode.commands.executeCommand('claimlens.renameEntity', 'fake-new')).then(() => shown));
    const status = shown.filter(s => s.kind === 'status');
    assert.equal(status.length, 1, JSON.stringify(shown));
    assert.deepEqual(icons(status[0].message), [], status[0].message);
    assert.ok(rendered(status[0].message).includes(`“${FAKE_NEW}” to “${FAKE_NEW} 2”`), status[0].message);

    // The Entities view shows names as plain strings (tree labels render no icons).
    claimlens.tree.setScope('workspace');
    const row = await waitFor('the renamed row', async () => { const n = await claimlens.tree.findEntity('fake-new'); return n && claimlens.tree.getTreeItem(n); });
    assert.equal(typeof row.label, 'string');
    assert.ok(String(row.label).startsWith(`${FAKE_NEW} 2`), String(row.label));
    assert.notEqual((row.tooltip as vscode.MarkdownString | undefined)?.supportThemeIcons, true);
  });

  test('ids named like Object.prototype members: the Entities view and the corpus count them, with the default type icon', async () => {
    const extra = ['constructor', '__proto__', 'toString'].map(id => `  - id: ${id}\n    name: "Actor ${id}"\n    type: constructor\n`).join('');
    await setCodebook(codebookBefore.replace(/^types:\n/m, 'types:\n  - {id: constructor, label: Ctor}\n').replace(/^entities:\n/m, `entities:\n${extra}`),
      () => claimlens.services.codebook.codebook.entities.some(e => e.id === '__proto__'));
    const text = 'constructor met __proto__ and toString; constructor left.\n';
    const at = (needle: string, nth = 0) => { let i = -1; for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1); return { start: i, end: i + needle.length, text: needle, before: '', after: '' }; };
    await writeText(workspaceUri(FOLDER, 'proto.txt'), text);
    await writeText(workspaceUri(FOLDER, 'proto.txt.annotations.yaml'), JSON.stringify({ claimlens: 1, article: {}, claims: [],
      mentions: [{ id: 'mp1', entity: 'constructor', ...at('constructor') }, { id: 'mp2', entity: '__proto__', ...at('__proto__') },
        { id: 'mp3', entity: 'toString', ...at('toString') }, { id: 'mp4', entity: 'constructor', ...at('constructor', 1) }] }));
    await openArticle(`${FOLDER}/proto.txt`); // highlights for a type called `constructor`
    await vscode.commands.executeCommand('claimlens.refresh');
    assert.equal(claimlens.services.corpus.mentionsOf('constructor').length, 2);
    assert.equal(claimlens.services.corpus.mentionsOf('__proto__').length, 1);
    assert.equal(claimlens.services.corpus.mentionsOf('hasOwnProperty').length, 0);
    claimlens.tree.setScope('workspace');
    const row = await waitFor('the constructor row', async () => { const n = await claimlens.tree.findEntity('constructor'); return n; });
    assert.equal(claimlens.tree.getTreeItem(row).label, 'Actor constructor (2)');
    assert.ok(await claimlens.tree.findEntity('__proto__'), 'a row for __proto__');
    const typeRow = row.parent!;
    const icon = claimlens.tree.getTreeItem(typeRow).iconPath as vscode.ThemeIcon;
    assert.equal(icon.id, 'symbol-class', 'the default icon, not Object.prototype.constructor');
  });
});
