// Hover cards in a real VS Code: what they say about a mention and a claim, that their two command links work,
// and that nothing from a sidecar or the codebook can become a live link, an image or HTML. Expectations come from
// the files on disk. Files this suite adds or changes are put back at the end.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as vscode from 'vscode';
import { parse, parseDocument, YAMLSeq } from 'yaml';
import type { ClaimLensApi } from '../../../src/extension';
import { screenshot, screenshotsEnabled } from '../screenshot';
import { api as activate, readText, waitFor, workspaceUri, writeText } from '../helpers';

const CODEBOOK = 'claimlens.codebook.yaml';
const ARTICLE = '000_30b9ca53c861b234.txt';
const ALLOWED = ['claimlens.revealInTree', 'claimlens.listMentions'];

interface RawSpan { id: string; start: number; end: number; text: string; anchor?: string }
interface RawMention extends RawSpan { entity: string }
interface RawClaim extends RawSpan { claimant: string; stance?: string; topic?: string; object?: string; note?: string }
interface RawSidecar { mentions: RawMention[]; claims: RawClaim[] }
interface RawCodebook {
  types: { id: string; label: string }[]; stances: { id: string; label: string }[]; topics: { id: string; label: string }[];
  entities: { id: string; name: string; type: string; aliases?: string[]; affiliation?: string }[];
}

let api: ClaimLensApi;

/** Editor position of a code-point offset of the LF-normalised text. */
function positionOf(rawText: string, codePoint: number): vscode.Position {
  const text = rawText.replace(/\r\n?/g, '\n');
  let u = 0;
  for (let cp = 0; cp < codePoint && u < text.length; cp++) u += text.codePointAt(u)! > 0xffff ? 2 : 1;
  return new vscode.Position(text.slice(0, u).split('\n').length - 1, u - (text.lastIndexOf('\n', u - 1) + 1));
}

function offsetOutsideMentions(span: RawSpan, mentions: readonly RawMention[]): number | undefined {
  for (let o = span.start + 1; o < span.end; o++) if (!mentions.some(m => m.start <= o && o <= m.end)) return o;
  return undefined;
}

/**
 * The hover at a position: its Markdown parts (the cards from file text, and the mention cards' own links),
 * and all their text joined.
 */
async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<{ parts: vscode.MarkdownString[]; value: string }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  assert.equal(hovers.length, 1, 'one hover from ClaimLens');
  const parts = hovers[0].contents.filter((c): c is vscode.MarkdownString => typeof c === 'object' && 'value' in c && c.value.length > 0);
  return { parts, value: parts.map(p => p.value).join('\n\n') };
}

const ENTITIES = new Map([['lt', '<'], ['gt', '>'], ['quot', '"'], ['amp', '&']]);

/**
 * The text a reader sees, as CommonMark renders it: a backslash before ASCII punctuation makes that character
 * literal (so `\\&gt;` reads “&gt;”), an entity reference reads as its character. Emphasis markers stay.
 */
function shown(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i];
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(markdown[i + 1] ?? '')) { out += markdown[++i]; continue; }
    const entity = c === '&' ? /^&(lt|gt|quot|amp|#(\d+));/.exec(markdown.slice(i)) : null;
    if (entity) { out += entity[2] ? String.fromCodePoint(Number(entity[2])) : ENTITIES.get(entity[1]); i += entity[0].length - 1; continue; }
    out += c;
  }
  return out;
}

/** Live `command:` links of a Markdown text: their command ids and decoded arguments. */
function commandLinks(markdown: string): { command: string; args: unknown }[] {
  return [...markdown.matchAll(/\]\(\s*<?command:([^?)\s>]*)(?:\?([^)\s>]*))?/g)]
    .map(m => ({ command: m[1], args: m[2] === undefined ? undefined : JSON.parse(decodeURIComponent(m[2])) }));
}

/** The text of the extension's own links under a mention card. */
const ACTIONS = /^\[Reveal in tree\]\(command:claimlens\.revealInTree\?[^)\s]*\) · \[List all mentions\]\(command:claimlens\.listMentions\?[^)\s]*\)$/;

/** File text is in untrusted parts; the only trusted part is the extension's two links, trusted for those two commands. */
function assertTrustLimited(parts: readonly vscode.MarkdownString[]): void {
  for (const md of parts) {
    assert.notEqual(md.supportHtml, true, 'HTML is not rendered');
    assert.notEqual(md.supportThemeIcons, true, 'no icons');
    if (md.isTrusted) {
      assert.deepEqual(md.isTrusted, { enabledCommands: ALLOWED }, 'only the hover commands are trusted');
      assert.match(md.value, ACTIONS, 'the trusted part holds only the extension\'s own links');
    }
  }
  assert.ok(parts.some(md => !md.isTrusted), 'the card itself is untrusted');
}

suite('Hover cards', () => {
  let doc: vscode.TextDocument;
  let sidecar: RawSidecar;
  let cb: RawCodebook;
  let codebookBefore: string;
  const added: vscode.Uri[] = [];

  suiteSetup(async () => {
    api = await activate();
    codebookBefore = (await readText(workspaceUri(CODEBOOK)))!;
    cb = parse(codebookBefore) as RawCodebook;
    doc = await vscode.workspace.openTextDocument(workspaceUri(ARTICLE));
    await vscode.window.showTextDocument(doc, { preview: false });
    await waitFor('the article to be tracked', () => api.services.store.get(doc.uri.toString()));
    await api.services.store.flush();
    sidecar = parse((await readText(workspaceUri(`${ARTICLE}.annotations.yaml`)))!) as RawSidecar;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of added) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    if ((await readText(workspaceUri(CODEBOOK))) !== codebookBefore) {
      await writeText(workspaceUri(CODEBOOK), codebookBefore);
      await waitFor('the codebook to be restored', () => !api.services.codebook.codebook.entities.some(e => e.id === 'evil'));
    }
  });

  /** Mentions of an entity in the sample articles, from their sidecars on disk. */
  async function sampleMentions(entity: string): Promise<{ article: string; m: RawMention }[]> {
    const result: { article: string; m: RawMention }[] = [];
    for (const [name] of (await vscode.workspace.fs.readDirectory(workspaceUri())).filter(([n]) => /^\d{3}_.*\.txt\.annotations\.yaml$/.test(n))) {
      const s = parse((await readText(workspaceUri(name)))!) as RawSidecar;
      for (const m of s.mentions) if (m.entity === entity) result.push({ article: name, m });
    }
    return result;
  }

  test('a mention: name, type, aliases, affiliation, counts in the article and the corpus, its claims, two working command links', async () => {
    const entity = cb.entities.find(e => e.id === 'wang-yi')!;
    const mention = sidecar.mentions.find(m => m.entity === entity.id)!;
    const { parts, value } = await hoverAt(doc.uri, positionOf(doc.getText(), mention.start + 1));
    assertTrustLimited(parts);
    const text = shown(value);
    const type = cb.types.find(t => t.id === entity.type)!.label;
    const affiliation = cb.entities.find(e => e.id === entity.affiliation)!.name;
    assert.ok(text.includes(`**${entity.name}** · ${type}`), text);
    assert.ok(text.includes(`Also: ${entity.aliases!.join(', ')}`), text);
    assert.ok(text.includes(`Affiliation: ${affiliation}`), text);

    const inArticle = sidecar.mentions.filter(m => m.entity === entity.id).length;
    const inCorpus = await sampleMentions(entity.id);
    const articles = new Set(inCorpus.map(x => x.article)).size;
    assert.ok(text.includes(`Mentioned ${inArticle}× in this article, ${inCorpus.length}× in ${articles} article${articles === 1 ? '' : 's'} of the corpus`), text);

    const claims = sidecar.claims.filter(c => c.claimant === entity.id);
    if (claims.length) {
      assert.ok(text.includes(`**Claims** (${claims.length})`), text);
      for (const c of claims.slice(0, 8)) assert.ok(text.includes(`“${c.text.replace(/\s+/g, ' ').slice(0, 20)}`), `claim ${c.id} is listed`);
    }

    const links = commandLinks(value);
    assert.deepEqual(links, [{ command: 'claimlens.revealInTree', args: [entity.id] }, { command: 'claimlens.listMentions', args: [entity.id] }]);
    assert.match(value, /\[Reveal in tree\]\(command:/);
    assert.match(value, /\[List all mentions\]\(command:/);
    // The link runs the command with its arguments, as a click would.
    const listed = await vscode.commands.executeCommand<vscode.Location[]>(links[1].command, ...(links[1].args as unknown[]));
    assert.equal(listed.filter(l => /\/\d{3}_[^/]*\.txt$/.test(l.uri.path)).length, inCorpus.length);
    await vscode.commands.executeCommand('closeReferenceSearch');
  });

  test('a claim: claimant, stance, topic, target and note', async () => {
    const claim = sidecar.claims.find(c => c.stance && c.topic && c.object && c.note && offsetOutsideMentions(c, sidecar.mentions) !== undefined)!;
    assert.ok(claim, 'the sample has a claim with stance, topic, target and note');
    const { parts, value } = await hoverAt(doc.uri, positionOf(doc.getText(), offsetOutsideMentions(claim, sidecar.mentions)!));
    assertTrustLimited(parts);
    assert.ok(parts.every(md => !md.isTrusted), 'nothing of a claim card is trusted');
    const text = shown(value);
    const name = (id: string) => cb.entities.find(e => e.id === id)!.name;
    assert.ok(text.includes(`Claimant: **${name(claim.claimant)}**`), text);
    assert.ok(text.includes(`Stance: **${cb.stances.find(s => s.id === claim.stance)!.label}**`), text);
    assert.ok(text.includes(`Topic: **${cb.topics.find(t => t.id === claim.topic)!.label}**`), text);
    assert.ok(text.includes(`Target: **${name(claim.object!)}**`), text);
    assert.ok(text.includes(`Note: ${claim.note!.replace(/\s+/g, ' ')}`), text);
    assert.ok(text.startsWith(`**Claim** “${claim.text.replace(/\s+/g, ' ').slice(0, 30)}`), text);
    assert.deepEqual(commandLinks(value), [], 'a claim card has no command links');
  });

  const quit = '[click](command:workbench.action.quit)';
  const del = '[x](command:claimlens.deleteEntity?%5B%22china%22%5D)';
  const allowedButForged = '[list](command:claimlens.listMentions?%5B%22china%22%5D)';
  const img = '<img src=x onerror=alert(1)>';
  const anchor = '<a href="command:workbench.action.quit">open</a>';
  const picture = '![pixel](https://example.com/p.png)';
  const bareUrls = 'http://3627733118/payload https://example.com/x www.example.com someone@example.com';
  const evil = {
    id: 'evil', type: 'person',
    name: `Evil ${quit} ${img}`,
    aliases: [del, anchor, picture],
    note: `<script>alert(1)</script> ${allowedButForged} ${bareUrls}`,
  };
  const topic = { id: 'evil-topic', label: `${img} ${quit}` };
  const note = `${quit} ${del} ${img} ${anchor} ${picture} ${allowedButForged} <b>bold</b> ${bareUrls}`;
  let hostile: Promise<{ onMention: { parts: vscode.MarkdownString[]; value: string }; onClaim: { parts: vscode.MarkdownString[]; value: string } }> | undefined;

  /** An article whose sidecar and codebook entries carry links, HTML and images; the hovers on its mention and claim. */
  function hostileHovers() {
    return hostile ??= (async () => {
      const codebook = parseDocument(codebookBefore);
      (codebook.get('entities') as YAMLSeq).add(codebook.createNode(evil));
      (codebook.get('topics') as YAMLSeq).add(codebook.createNode(topic));
      await writeText(workspaceUri(CODEBOOK), codebook.toString());
      await waitFor('the codebook with the hostile entity', () => api.services.codebook.codebook.entities.some(e => e.id === 'evil'));

      const articleText = `Evil spoke today. Later the speaker said ${quit} ${img} was final.\n`;
      const claimStart = articleText.indexOf(quit), claimEnd = articleText.indexOf(' was final');
      const quote = (s: number, e: number) => ({ start: s, end: e, text: articleText.slice(s, e), before: articleText.slice(Math.max(0, s - 32), s), after: articleText.slice(e, e + 32) });
      const article = workspaceUri('zz-hover-security.txt'), sidecarUri = workspaceUri('zz-hover-security.txt.annotations.yaml');
      added.push(article, sidecarUri);
      await writeText(article, articleText);
      await writeText(sidecarUri, JSON.stringify({
        claimlens: 1, article: { title: `${quit} ${img}`, hash: 'sha256:' + createHash('sha256').update(articleText, 'utf8').digest('hex').slice(0, 16) },
        mentions: [{ id: 'mevil001', entity: 'evil', ...quote(0, 4) }],
        claims: [{ id: 'cevil001', claimant: 'evil', stance: 'oppose', topic: 'evil-topic', object: 'evil', addressee: 'evil', ...quote(claimStart, claimEnd), note }],
      }, null, 1));
      const securityDoc = await vscode.workspace.openTextDocument(article);
      await vscode.window.showTextDocument(securityDoc);
      await waitFor('the hostile sidecar to load', () => api.services.store.get(article.toString())?.sidecar.claims.length === 1);
      return {
        onMention: await hoverAt(securityDoc.uri, new vscode.Position(0, 2)),
        onClaim: await hoverAt(securityDoc.uri, new vscode.Position(0, claimStart + 2)),
      };
    })();
  }

  test('SECURITY: command links, raw HTML and images in sidecar and codebook text are never live; only the allow-listed links are', async () => {
    const { onMention, onClaim } = await hostileHovers();
    for (const { parts, value } of [onMention, onClaim]) {
      assertTrustLimited(parts);
      assert.ok(!/(https?|ftp|mailto):|www\.|@/i.test(value), `no URL or address a renderer would link: ${value}`);
      assert.ok(!/<img|<a[\s>]|<script|<b>/i.test(value), `no raw HTML: ${value}`);
      assert.ok(!/(^|[^\\])!\[/.test(value), 'no live image');
      assert.ok(!value.includes('](command:workbench') && !value.includes('](command:claimlens.deleteEntity'), 'no live link from the files');
      for (const link of commandLinks(value)) assert.ok(ALLOWED.includes(link.command), `only allow-listed commands are linked: ${link.command}`);
    }
    assert.deepEqual(commandLinks(onMention.value), [{ command: 'claimlens.revealInTree', args: ['evil'] }, { command: 'claimlens.listMentions', args: ['evil'] }],
      'the only live links are the two the extension builds, with the entity id as argument (the forged listMentions link is text)');
    assert.deepEqual(commandLinks(onClaim.value), []);
  });

  test('hostile text from the files reads exactly as written', async () => {
    const { onMention, onClaim } = await hostileHovers();
    const mentionText = shown(onMention.value), claimText = shown(onClaim.value);
    for (const s of [evil.name, ...evil.aliases, evil.note, topic.label]) assert.ok(mentionText.includes(s), `mention card shows “${s}”:\n${mentionText}`);
    for (const s of [note, evil.name, topic.label, `${quit} ${img}`]) assert.ok(claimText.includes(s), `claim card shows “${s}”:\n${claimText}`);
  });

  if (screenshotsEnabled()) test('screenshot: a hover card over a highlighted mention', async () => {
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const mention = sidecar.mentions.find(m => m.entity === 'wang-yi')!;
    const at = positionOf(doc.getText(), mention.start + 3);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    await new Promise(r => setTimeout(r, 300)); // highlights painted
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise(r => setTimeout(r, 800)); // the card rendered
    assert.ok(await screenshot('hover'), 'the screenshot was taken');
  });
});
