// Hover Markdown from untrusted text: everything from files is inert, only our links are live.
import * as assert from 'assert';
import { DEFAULT_CODEBOOK } from '../../src/core/codebook';
import { marked } from 'marked';
import { claimHover, commandLink, escapeMarkdown, firstWords, hoverActions, mentionHover } from '../../src/core/hoverText';
import { Claim, Codebook } from '../../src/core/model';

const HOSTILE = '[click](command:workbench.action.quit) <img src=x onerror=alert(1)> ![p](https://e.x/p.png) **bold** `code` # h';
const cb: Codebook = {
  ...DEFAULT_CODEBOOK,
  topics: [{ id: 'trade', label: 'Trade' }],
  entities: [
    { id: 'china', name: 'China', type: 'country', aliases: ['Beijing', 'PRC'], wikidata: 'Q148' },
    { id: 'xi', name: 'Xi Jinping', type: 'person', aliases: ['Xi'], affiliation: 'china' },
    { id: 'evil', name: HOSTILE, type: 'person', aliases: [HOSTILE] },
  ],
};
const claim = (over: Partial<Claim> = {}): Claim => ({ id: 'c1', claimant: 'xi', stance: 'oppose', topic: 'trade', object: 'china', form: 'reported-speech',
  start: 0, end: 10, text: 'tariffs must go', before: '', after: '', anchor: 'exact', note: HOSTILE, ...over });
const commands = { revealInTree: 'claimlens.revealInTree', listMentions: 'claimlens.listMentions' };

/** Live links in Markdown: `](` not preceded by a backslash. */
const liveLinks = (md: string) => [...md.matchAll(/(?<!\\)\]\((command:[^)]*|https?:[^)]*)\)/g)].map(m => m[1]);

describe('hover text', () => {
  it('escapes Markdown and HTML so hostile text stays inert', () => {
    const md = escapeMarkdown(HOSTILE);
    assert.deepStrictEqual(liveLinks(md), []);
    assert.ok(!md.includes('<'), 'no raw HTML');
    assert.ok(!md.includes('\\&gt;'), '> is an entity, not an escaped entity');
    assert.match(md, /&lt;img src=x onerror=alert\\\(1\\\)&gt;/);
  });

  it('builds the mention card with facts, counts and claims, and no link; the two command links come apart', () => {
    const md = mentionHover({ entityId: 'xi', codebook: cb, mentionsInArticle: 3, mentionsInCorpus: 12, articlesInCorpus: 2, claims: [claim()] });
    assert.match(md, /\*\*Xi Jinping\*\* · Person/);
    assert.match(md, /Also: Xi/);
    assert.match(md, /Affiliation: China/);
    assert.match(md, /Mentioned 3× in this article, 12× in 2 articles of the corpus/);
    assert.match(md, /Oppose · Trade: “tariffs must go”/);
    assert.deepStrictEqual(liveLinks(md), []);
    assert.deepStrictEqual(liveLinks(hoverActions('xi', commands)), [
      `command:claimlens.revealInTree?${encodeURIComponent('["xi"]')}`,
      `command:claimlens.listMentions?${encodeURIComponent('["xi"]')}`,
    ]);
  });

  it('keeps a hostile entity inert and its id inside its own link', () => {
    const md = mentionHover({ entityId: 'evil', codebook: cb, mentionsInArticle: 1, mentionsInCorpus: 1, articlesInCorpus: 1, claims: [] });
    assert.deepStrictEqual(liveLinks(md), []);
    const links = liveLinks(hoverActions('evil)](command:workbench.action.quit)', commands));
    assert.strictEqual(links.length, 2);
    assert.ok(links.every(l => /^command:claimlens\.(revealInTree|listMentions)\?/.test(l)), links.join('\n'));
  });

  it('encodes parentheses in command arguments', () => {
    const link = commandLink('Reveal', 'claimlens.revealInTree', ['a)b(c']);
    assert.deepStrictEqual(liveLinks(link), ['command:claimlens.revealInTree?%5B%22a%29b%28c%22%5D']);
  });

  it('builds the claim card with claimant, stance, topic, target, form and note', () => {
    const md = claimHover(claim(), cb);
    for (const part of [/Claimant: \*\*Xi Jinping\*\*/, /Stance: \*\*Oppose\*\*/, /Topic: \*\*Trade\*\*/, /Target: \*\*China\*\*/, /Form: \*\*reported speech\*\*/, /Note: /])
      assert.match(md, part);
    assert.deepStrictEqual(liveLinks(md), []);
    assert.match(claimHover(claim({ anchor: 'fuzzy', score: 0.8 }), cb), /needs review/);
  });

  it('renders URLs, e-mail addresses and links from files as text (rendered with marked, as VS Code does)', () => {
    const urls = ['http://3627733118/payload', 'https://example.com/a?b=c', 'www.example.com', 'ftp://10.0.0.1/x', 'mailto:a@b.example',
      'someone@example.com', '<https://example.com>', '[x](https://example.com)', 'HTTP://0x7f000001/', 'see:http://1/'];
    const note = urls.join(' and ');
    const withNote = { ...cb, entities: cb.entities.map(e => (e.id === 'xi' ? { ...e, note, aliases: urls } : e)) };
    const cards = [
      escapeMarkdown(note),
      mentionHover({ entityId: 'xi', codebook: withNote, mentionsInArticle: 1, mentionsInCorpus: 1, articlesInCorpus: 1, claims: [claim({ text: note })] }),
      claimHover(claim({ text: note, note }), withNote),
    ];
    for (const md of cards) {
      const html = marked.parse(md, { gfm: true, async: false });
      assert.doesNotMatch(html, /<a[\s>]|<img|href=/i, html);
    }
    // What a reader sees is the text as written.
    const text = marked.parse(escapeMarkdown(note), { gfm: true, async: false }).replace(/<\/?p>\n?/g, '')
      .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    assert.strictEqual(text, note);
  });

  it('cuts long text at a word', () => {
    assert.strictEqual(firstWords('one two three four', 9), 'one two…');
    assert.strictEqual(firstWords('short'), 'short');
  });
});
