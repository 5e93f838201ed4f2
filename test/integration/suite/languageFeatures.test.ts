// Find All References, the Outline, Go to Symbol in Workspace, Rename and "List all mentions", driven through
// VS Code's own commands like a user's keystrokes would. Expectations are computed from the sidecar files on disk,
// independently of the extension's code. Files this suite adds or changes in the workspace are put back at the end.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { ClaimLensApi } from '../../../src/extension';
import type { Prompter } from '../../../src/vscode/prompter';
import { api as activate, readText as readFile, waitFor, workspaceUri, writeText } from '../helpers';

const CODEBOOK = 'claimlens.codebook.yaml';
const ARTICLE = '000_30b9ca53c861b234.txt';

interface RawSpan { id: string; start: number; end: number; text: string; anchor?: string }
interface RawMention extends RawSpan { entity: string }
interface RawClaim extends RawSpan { claimant: string; stance?: string; topic?: string; object?: string; note?: string }
interface RawSidecar { mentions?: RawMention[]; claims?: RawClaim[] }

let api: ClaimLensApi;

const file = (name: string) => workspaceUri(name);
const readText = async (uri: vscode.Uri) => { const t = await readFile(uri); assert.ok(t !== undefined, `${uri.path} exists`); return t; };
const sameUri = (a: vscode.Uri, b: vscode.Uri) => a.toString() === b.toString();
/** The sidecar format's `hash` of a normalised article text. */
const hashOf = (normalized: string) => 'sha256:' + createHash('sha256').update(normalized, 'utf8').digest('hex').slice(0, 16);

/**
 * The sidecars of the sample articles at the top of the workspace, read from disk, by article file name. Other
 * suites add (and remove) articles of their own; expectations here are about the samples.
 */
async function sidecarsOnDisk(): Promise<Map<string, RawSidecar>> {
  const result = new Map<string, RawSidecar>();
  for (const [name, type] of await vscode.workspace.fs.readDirectory(workspaceUri())) {
    if (type !== vscode.FileType.File || !/^\d{3}_.*\.txt\.annotations\.yaml$/.test(name)) continue;
    result.set(name.slice(0, -'.annotations.yaml'.length), parse(await readText(file(name))) as RawSidecar);
  }
  return result;
}

/** Locations in the sample articles (see sidecarsOnDisk). */
const inSamples = (locations: vscode.Location[], samples: Map<string, RawSidecar>) =>
  locations.filter(l => samples.has(l.uri.path.split('/').pop()!) && sameUri(l.uri, file(l.uri.path.split('/').pop()!)));

/** Editor position of a code-point offset, computed on the LF-normalised text (as the format counts). */
function positionOf(rawText: string, codePoint: number): vscode.Position {
  const text = rawText.replace(/\r\n?/g, '\n');
  let u = 0;
  for (let cp = 0; cp < codePoint && u < text.length; cp++) u += text.codePointAt(u)! > 0xffff ? 2 : 1;
  const lineStart = text.lastIndexOf('\n', u - 1) + 1;
  return new vscode.Position(text.slice(0, u).split('\n').length - 1, u - lineStart);
}

/** A code-point offset inside the span that no mention covers (so the cursor is on the claim only). */
function offsetOutsideMentions(span: RawSpan, mentions: readonly RawMention[]): number | undefined {
  for (let o = span.start + 1; o < span.end; o++) if (!mentions.some(m => m.start <= o && o <= m.end)) return o;
  return undefined;
}

/** Writes the codebook and waits until the extension and any open editor of it have the new text. */
async function writeCodebook(text: string, loaded: (api: ClaimLensApi) => boolean): Promise<void> {
  await writeText(file(CODEBOOK), text);
  await waitFor('the codebook to reload', () => loaded(api));
  await waitFor('the open codebook document to reload', () => {
    const doc = vscode.workspace.textDocuments.find(d => sameUri(d.uri, file(CODEBOOK)));
    return !doc || doc.getText() === text;
  });
}

suite('Language features: references, outline, workspace symbols, rename, list mentions', () => {
  let doc: vscode.TextDocument;
  let sidecars: Map<string, RawSidecar>;
  let originalCodebook: string;
  const added: vscode.Uri[] = [];

  suiteSetup(async () => {
    api = await activate();
    originalCodebook = await readText(file(CODEBOOK));
    await api.services.store.flush();
    sidecars = await sidecarsOnDisk();
    assert.ok(sidecars.get(ARTICLE)?.mentions?.length, `the test workspace has the annotated sample ${ARTICLE}`);
    doc = await vscode.workspace.openTextDocument(file(ARTICLE));
    await vscode.window.showTextDocument(doc);
    await waitFor('the article to be tracked', () => api.services.store.get(doc.uri.toString()));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of added) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    if ((await readText(file(CODEBOOK))) !== originalCodebook)
      await writeCodebook(originalCodebook, a => !a.services.codebook.codebook.entities.some(e => e.id === 'test-unmentioned') &&
        a.services.codebook.codebook.entities.find(e => e.id === 'wang-yi')?.name === 'Wang Yi');
  });

  /** Mentions of an entity in corpus order (by article, then position), orphans left out. */
  const mentionsOf = (entity: string) => [...sidecars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([article, s]) =>
    (s.mentions ?? []).filter(m => m.entity === entity && m.anchor !== 'orphan').sort((a, b) => a.start - b.start).map(m => ({ article, m })));
  const mentionIn = (article: string, entity: string) => sidecars.get(article)!.mentions!.find(m => m.entity === entity)!;
  const middle = (span: RawSpan) => positionOf(doc.getText(), Math.floor((span.start + span.end) / 2));

  /** Opens each location's document and checks that its range holds the text the sidecar says. */
  async function assertLocationsAreMentions(locations: vscode.Location[], expected: { article: string; m: RawMention }[]) {
    const got = locations.map(l => `${l.uri.path.split('/').pop()}@${l.range.start.line}:${l.range.start.character}`).sort();
    const texts = new Map<string, string>();
    const want: string[] = [];
    for (const { article, m } of expected) {
      if (!texts.has(article)) texts.set(article, await readText(file(article)));
      const p = positionOf(texts.get(article)!, m.start);
      want.push(`${article}@${p.line}:${p.character}`);
    }
    assert.deepEqual(got, want.sort());
    for (const l of locations) {
      const d = await vscode.workspace.openTextDocument(l.uri);
      const m = expected.find(x => l.uri.path.endsWith('/' + x.article) && positionOf(d.getText(), x.m.start).isEqual(l.range.start))!;
      assert.equal(d.getText(l.range), m.m.text, `${l.uri.path}:${l.range.start.line}`);
    }
  }

  test('Find All References on a mention lists every mention of its entity across the workspace', async () => {
    const china = mentionIn(ARTICLE, 'china');
    const locations = inSamples(await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, middle(china)), sidecars);
    const expected = mentionsOf('china');
    assert.ok(new Set(expected.map(e => e.article)).size > 1, 'China is mentioned in several articles');
    assert.equal(locations.length, expected.length);
    await assertLocationsAreMentions(locations, expected);
  });

  test('Find All References on a claim lists the mentions of its claimant', async () => {
    const s = sidecars.get(ARTICLE)!;
    const claim = s.claims!.find(c => offsetOutsideMentions(c, s.mentions!) !== undefined && mentionsOf(c.claimant).length > 0)!;
    const at = positionOf(doc.getText(), offsetOutsideMentions(claim, s.mentions!)!);
    const locations = inSamples(await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at), sidecars);
    await assertLocationsAreMentions(locations, mentionsOf(claim.claimant));
  });

  test('Find All References outside annotations finds nothing', async () => {
    const s = sidecars.get(ARTICLE)!;
    const spans = [...s.mentions!, ...s.claims!];
    let o = 0;
    while (spans.some(a => a.start <= o && o <= a.end)) o++;
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc.getText(), o));
    assert.deepEqual(locations, []);
  });

  test('references land on the right characters in a CRLF article with astral characters that is not open', async () => {
    const text = 'Emoji 😀 first line\r\n\r\nOn 🇨🇳 day two, Xi Jinping 🙂 met Putin.\r\nLast 😀 line: Xi Jinping again.\r\n';
    const normalized = text.replace(/\r\n/g, '\n');
    const cps = Array.from(normalized);
    const find = (needle: string, from = 0) => { const u = normalized.indexOf(needle, from); return { start: Array.from(normalized.slice(0, u)).length, u }; };
    const spans = [find('Xi Jinping'), find('Xi Jinping', normalized.indexOf('Last')), find('Putin')];
    const mentions = spans.map((s, i) => {
      const len = i === 2 ? 5 : 10;
      return { id: `mcrlf${i}`, entity: i === 2 ? 'vladimir-putin' : 'xi-jinping', start: s.start, end: s.start + len,
        text: cps.slice(s.start, s.start + len).join(''), before: cps.slice(Math.max(0, s.start - 32), s.start).join(''),
        after: cps.slice(s.start + len, s.start + len + 32).join('') };
    });
    const article = file('zz-crlf-astral.txt'), sidecar = file('zz-crlf-astral.txt.annotations.yaml');
    added.push(article, sidecar);
    await writeText(article, text);
    // With the text's hash the sidecar is current: nothing re-anchors and rewrites it behind the test's back.
    await writeText(sidecar, JSON.stringify({ claimlens: 1, article: { title: 'CRLF and astral characters', hash: hashOf(normalized) }, mentions, claims: [] }, null, 1));
    await waitFor('the corpus to pick up the new sidecar',
      () => api.services.corpus.mentionsOf('xi-jinping').some(m => m.article === article.toString()));
    assert.ok(!vscode.workspace.textDocuments.some(d => sameUri(d.uri, article)), 'the CRLF article is not open');

    const xi = mentionIn(ARTICLE, 'xi-jinping');
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, middle(xi));
    const here = locations.filter(l => sameUri(l.uri, article));
    assert.equal(here.length, 2);
    // The file's own lines (CRLF breaks), as the editor will show them: the ranges hold the names.
    const lines = text.split('\r\n');
    assert.deepEqual(here.map(l => l.range.start.line), [2, 3]);
    assert.deepEqual(here.map(l => (assert.equal(l.range.end.line, l.range.start.line), lines[l.range.start.line].slice(l.range.start.character, l.range.end.character))),
      ['Xi Jinping', 'Xi Jinping']);

    await vscode.workspace.fs.delete(sidecar);
    await waitFor('the corpus to drop the sidecar', () => !api.services.corpus.articles().some(a => a.article === article.toString()));
  });

  test('the Outline lists the actors, each with its mentions, and the claims', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const s = sidecars.get(ARTICLE)!;
    const entities = new Set(s.mentions!.filter(m => m.anchor !== 'orphan').map(m => m.entity));
    const claims = s.claims!.filter(c => c.anchor !== 'orphan');
    const actorSymbols = symbols.filter(x => x.kind !== vscode.SymbolKind.Event);
    const claimSymbols = symbols.filter(x => x.kind === vscode.SymbolKind.Event);
    assert.equal(actorSymbols.length, entities.size, 'one symbol per entity');
    assert.equal(claimSymbols.length, claims.length, 'one symbol per claim');

    const byName = (name: string) => actorSymbols.find(x => x.name === name)!;
    const china = byName('China');
    assert.equal(china.kind, vscode.SymbolKind.Namespace, 'countries are namespaces');
    assert.equal(byName('Xi Jinping').kind, vscode.SymbolKind.Object, 'people are objects');
    assert.equal(byName('World Trade Organization').kind, vscode.SymbolKind.Class, 'organisations are classes');
    assert.equal(actorSymbols.find(x => x.detail.startsWith('Group'))?.kind, vscode.SymbolKind.Struct, 'groups are structs');
    const chinaMentions = s.mentions!.filter(m => m.entity === 'china');
    assert.equal(china.children.length, chinaMentions.length);
    assert.match(china.detail, new RegExp(`^Country · ${chinaMentions.length} mentions$`));
    assert.deepEqual(china.children.map(c => doc.getText(c.range)), chinaMentions.sort((a, b) => a.start - b.start).map(m => m.text));
    // An actor sits at its first mention (a range from first to last mention would overlap every other actor, and
    // breadcrumbs and sticky scroll would show the wrong one).
    assert.ok(china.range.isEqual(china.selectionRange) && doc.getText(china.range) === chinaMentions[0].text);

    const first = [...claims].sort((a, b) => a.start - b.start)[0];
    const firstSymbol = claimSymbols.sort((a, b) => a.range.start.compareTo(b.range.start))[0];
    assert.equal(doc.getText(firstSymbol.range), first.text);
    const claimant = api.services.codebook.codebook.entities.find(e => e.id === first.claimant)!.name;
    const stance = api.services.codebook.codebook.stances.find(x => x.id === first.stance)?.label;
    assert.ok(firstSymbol.name.startsWith(`${claimant}${stance ? ` (${stance})` : ''}: ${first.text.slice(0, 10)}`), firstSymbol.name);
  });

  test('Go to Symbol in Workspace finds actors by name and by alias, at their first mention', async () => {
    const byAlias = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'kreml');
    const russia = byAlias.find(x => x.name === 'Russia (the Kremlin)');
    assert.ok(russia, `an alias finds its actor: ${byAlias.map(x => x.name).join(', ')}`);
    assert.equal(russia.kind, vscode.SymbolKind.Namespace);
    assert.equal(russia.containerName, 'Country');
    const firstArticle = [...sidecars.keys()].filter(a => mentionsOf('russia').some(x => x.article === a)).sort()[0];
    const first = sidecars.get(firstArticle)!.mentions!.filter(m => m.entity === 'russia').sort((a, b) => a.start - b.start)[0];
    assert.ok(russia.location.uri.path.endsWith('/' + firstArticle));
    const d = await vscode.workspace.openTextDocument(russia.location.uri);
    assert.deepEqual(russia.location.range.start, positionOf(d.getText(), first.start));
    assert.equal(d.getText(russia.location.range), first.text);

    const byName = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'xi jin');
    assert.equal(byName[0]?.name, 'Xi Jinping');
    const fuzzy = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'vldmr');
    assert.ok(fuzzy.some(x => x.name === 'Vladimir Putin'), 'characters in order match');
    const all = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', '');
    assert.equal(all.length, api.services.codebook.codebook.entities.length, 'the empty query lists every actor');
  });

  test('an actor nobody mentions is found at its entry in the codebook', async () => {
    assert.match(originalCodebook, /\nentities:\n[\s\S]*$/);
    assert.ok(!/\n[a-z]+:/.test(originalCodebook.slice(originalCodebook.indexOf('\nentities:') + 1).replace(/^entities:/, '')), 'entities is the last key');
    const extra = `  - id: test-unmentioned\n    name: Quentin Nobody\n    type: person\n`;
    const text = originalCodebook.replace(/\n*$/, '\n') + extra;
    await writeCodebook(text, a => a.services.codebook.codebook.entities.some(e => e.id === 'test-unmentioned'));
    const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'quentin');
    assert.equal(found.length, 1);
    assert.ok(sameUri(found[0].location.uri, file(CODEBOOK)));
    assert.equal(found[0].location.range.start.line, text.split('\n').indexOf('  - id: test-unmentioned'));
  });

  test('Rename on a mention renames the actor in the codebook only (old name kept as alias, comments kept)', async () => {
    // A hand-written comment and an inline comment the rename must keep.
    const withComments = originalCodebook.replace(/\nentities:\n/, '\n# Reviewed by the team, March\nentities:\n')
      .replace(/(\n {4}name: "?Wang Yi"?)\n/, '$1 # foreign minister\n');
    assert.notEqual(withComments, originalCodebook);
    assert.ok(withComments.includes('# foreign minister'));
    await writeCodebook(withComments, a => a.services.codebook.codebook.entities.some(e => e.id === 'wang-yi'));
    const articleBefore = doc.getText();

    const wang = mentionIn(ARTICLE, 'wang-yi');
    const at = middle(wang);
    const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', doc.uri, at);
    assert.equal(prepared.placeholder, 'Wang Yi');
    assert.equal(doc.getText(prepared.range), wang.text);

    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, 'Wang Yi (FM)');
    assert.deepEqual(edit.entries().map(([uri]) => uri.path.split('/').pop()), [CODEBOOK], 'only the codebook changes');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const codebookDoc = vscode.workspace.textDocuments.find(d => sameUri(d.uri, file(CODEBOOK)))!;
    assert.ok(codebookDoc.isDirty, 'the edit is applied in the editor (undoable there) and saved by the user');
    assert.ok(await codebookDoc.save());

    const after = await readText(file(CODEBOOK));
    const before = withComments.split('\n'), lines = after.split('\n');
    const changed = before.flatMap((line, i) => (line === lines[i] ? [] : [{ before: line, after: lines[i] }]));
    assert.equal(lines.length, before.length, 'no line added or removed');
    assert.equal(changed.length, 2, `exactly the name and the aliases change:\n${JSON.stringify(changed, null, 1)}`);
    assert.match(changed[0].after, /^ {4}name: "?Wang Yi \(FM\)"? # foreign minister$/);
    assert.match(changed[1].before, /^ {4}aliases: \[(.*)\]$/);
    assert.equal(changed[1].after, changed[1].before.replace(/\]$/, ', Wang Yi]'), 'the old name becomes an alias');
    assert.ok(after.includes('\n# Reviewed by the team, March\n'));

    await waitFor('the codebook to reload', () => api.services.codebook.codebook.entities.find(e => e.id === 'wang-yi')?.name === 'Wang Yi (FM)');
    assert.equal(doc.getText(), articleBefore, 'the article text is not changed');
    assert.equal(doc.isDirty, false);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    assert.ok(hovers.some(h => h.contents.some(c => typeof c !== 'string' && 'value' in c && c.value.includes('Wang Yi \\(FM\\)'))), 'the hover shows the new name');
  });

  test('Rename explains why not: a broken codebook, or no mention at the cursor', async () => {
    const wang = mentionIn(ARTICLE, 'wang-yi');
    const broken = originalCodebook.replace(/\nentities:\n/, '\nentities:\n  - [unclosed\n');
    await writeCodebook(broken, a => a.services.codebook.blocked);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', doc.uri, middle(wang))),
      /claimlens\.codebook\.yaml has errors \(.+ at line \d+\); fix them first/);
    await writeCodebook(originalCodebook, a => !a.services.codebook.blocked);

    const s = sidecars.get(ARTICLE)!;
    const claim = s.claims!.find(c => offsetOutsideMentions(c, s.mentions!) !== undefined)!;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', doc.uri,
      positionOf(doc.getText(), offsetOutsideMentions(claim, s.mentions!)!))), /actor mention/);
  });

  test('List All Mentions shows the references peek in the editor', async () => {
    await vscode.window.showTextDocument(doc);
    const result = await vscode.commands.executeCommand<vscode.Location[]>('claimlens.listMentions', 'wang-yi');
    assert.ok(Array.isArray(result));
    await assertLocationsAreMentions(inSamples(result, sidecars), mentionsOf('wang-yi'));
    await vscode.commands.executeCommand('closeReferenceSearch');
  });

  test('List All Mentions without an editor offers the mentions in a quick pick and opens the one picked', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const expected = mentionsOf('united-kingdom');
    let offered: { label: string; description?: string; value: unknown }[] = [];
    const original = api.prompter.current;
    // Answers the quick pick like a user choosing the last mention; every other question goes to the real prompter.
    const pick: Prompter['pick'] = async items => { offered = items; return items[items.length - 1].value; };
    api.prompter.current = Object.assign(Object.create(original) as Prompter, { pick });
    try {
      await vscode.commands.executeCommand('claimlens.listMentions', 'united-kingdom');
    } finally {
      api.prompter.current = original;
    }
    assert.equal(offered.length, expected.length);
    const last = expected[expected.length - 1];
    assert.equal(offered[offered.length - 1].description, last.article);
    const editor = vscode.window.activeTextEditor!;
    assert.ok(editor.document.uri.path.endsWith('/' + last.article));
    assert.equal(editor.document.getText(editor.selection), last.m.text);
  });
});
