import * as assert from 'node:assert/strict';
import { Claim, Codebook, Mention, Sidecar } from '../../src/core/model';
import { CodePointIndex } from '../../src/core/text';
import {
  ArticleAnnotations, countNeedingReview, groupActors, groupClaimsByClaimant, groupClaimsByTopic, lineOf, mentionsByArticle,
  orphanReason, plural, preview, referencesTo, reviewItems, stanceBreakdown, stanceIcon, UNKNOWN_GROUP,
} from '../../src/core/treeModel';

const CODEBOOK: Codebook = {
  version: 1,
  types: [{ id: 'person', label: 'Person' }, { id: 'country', label: 'Country' }],
  stances: [{ id: 'support', label: 'Support' }, { id: 'oppose', label: 'Oppose' }, { id: 'neutral', label: 'Neutral' }],
  topics: [{ id: 'trade', label: 'Trade' }, { id: 'war', label: 'War' }],
  entities: [
    { id: 'xi', name: 'Xi Jinping', type: 'person', aliases: [] },
    { id: 'putin', name: 'Vladimir Putin', type: 'person', aliases: [] },
    { id: 'china', name: 'China', type: 'country', aliases: ['Beijing'] },
    { id: 'unused', name: 'Nobody', type: 'country', aliases: [] },
  ],
};

const TEXT_A = 'Xi Jinping met Putin.\nChina said trade will grow.\nXi Jinping agreed.\n';
const TEXT_B = 'Beijing and Putin disagree.\n';

function mention(text: string, id: string, entity: string, needle: string, anchor: Mention['anchor'] = 'exact', nth = 0): Mention {
  let start = -1;
  for (let k = 0; k <= nth; k++) start = text.indexOf(needle, start + 1);
  const ix = new CodePointIndex(text);
  return { id, entity, start, end: start + needle.length, ...ix.quote(start, start + needle.length), anchor };
}

function claim(text: string, id: string, claimant: string, needle: string, extra: Partial<Claim> = {}): Claim {
  const start = text.indexOf(needle);
  const ix = new CodePointIndex(text);
  return { id, claimant, start, end: start + needle.length, ...ix.quote(start, start + needle.length), anchor: 'exact', ...extra };
}

const sidecar = (mentions: Mention[], claims: Claim[] = []): Sidecar => ({ version: 1, article: {}, mentions, claims });

// Listed out of order on purpose: grouping sorts by article.
const ARTICLES: ArticleAnnotations[] = [
  { article: '/ws/b.txt', sidecar: sidecar([mention(TEXT_B, 'm5', 'china', 'Beijing'), mention(TEXT_B, 'm6', 'putin', 'Putin'), mention(TEXT_B, 'm7', 'ghost', 'disagree')],
    [claim(TEXT_B, 'c3', 'putin', 'Beijing and Putin disagree', { stance: 'oppose', topic: 'war' })]) },
  { article: '/ws/a.txt', sidecar: sidecar([
    mention(TEXT_A, 'm3', 'xi', 'Xi Jinping', 'exact', 1), mention(TEXT_A, 'm1', 'xi', 'Xi Jinping'), mention(TEXT_A, 'm2', 'putin', 'Putin'), mention(TEXT_A, 'm4', 'china', 'China'),
  ], [
    claim(TEXT_A, 'c1', 'china', 'trade will grow', { stance: 'support', topic: 'trade' }),
    claim(TEXT_A, 'c2', 'xi', 'agreed', { stance: 'support', addressee: 'putin' }),
  ]) },
];

describe('treeModel: actors', () => {
  it('groups entities by type in codebook order, most mentioned first, unknown ids last', () => {
    const groups = groupActors(CODEBOOK, ARTICLES);
    assert.deepEqual(groups.map(g => g.label), ['Person', 'Country', 'Not in the codebook']);
    assert.equal(groups[2].id, UNKNOWN_GROUP);
    assert.deepEqual(groups[0].entities.map(e => [e.id, e.mentions.length, e.articles, e.claims.length]), [['putin', 2, 2, 1], ['xi', 2, 1, 1]]);
    assert.deepEqual(groups[1].entities.map(e => [e.id, e.mentions.length]), [['china', 2]]);
    assert.deepEqual(groups[2].entities.map(e => [e.id, e.name, e.entity]), [['ghost', 'ghost', undefined]]);
  });

  it('lists unused codebook entities only when asked (workspace scope)', () => {
    const groups = groupActors(CODEBOOK, ARTICLES, { includeUnused: true });
    const nobody = groups.find(g => g.id === 'country')!.entities.find(e => e.id === 'unused');
    assert.ok(nobody);
    assert.equal(nobody.mentions.length, 0);
    assert.ok(!groupActors(CODEBOOK, ARTICLES).some(g => g.entities.some(e => e.id === 'unused')));
  });

  it('an entity that only makes claims is still an actor', () => {
    const only = [{ article: '/ws/c.txt', sidecar: sidecar([], [claim(TEXT_A, 'c9', 'china', 'trade')]) }];
    const groups = groupActors(CODEBOOK, only);
    assert.deepEqual(groups.map(g => g.entities.map(e => [e.id, e.mentions.length, e.claims.length])), [[['china', 0, 1]]]);
  });

  it('splits an entity’s mentions per article, in article order and then position', () => {
    const xi = groupActors(CODEBOOK, ARTICLES)[0].entities.find(e => e.id === 'xi')!;
    assert.deepEqual(mentionsByArticle(xi).map(g => [g.article, g.mentions.map(m => m.id)]), [['/ws/a.txt', ['m1', 'm3']]]);
    const putin = groupActors(CODEBOOK, ARTICLES)[0].entities.find(e => e.id === 'putin')!;
    assert.deepEqual(mentionsByArticle(putin).map(g => [g.article, g.mentions.map(m => m.id)]), [['/ws/a.txt', ['m2']], ['/ws/b.txt', ['m6']]]);
  });

  it('an empty corpus has no groups', () => {
    assert.deepEqual(groupActors(CODEBOOK, []), []);
  });
});

describe('treeModel: claims', () => {
  it('groups claims by claimant, the most productive first, then by name', () => {
    const groups = groupClaimsByClaimant(CODEBOOK, ARTICLES);
    assert.deepEqual(groups.map(g => [g.name, g.claims.map(c => c.annotation.id)]), [['China', ['c1']], ['Vladimir Putin', ['c3']], ['Xi Jinping', ['c2']]]);
  });

  it('groups claims by topic in codebook order, claims without a topic last', () => {
    const groups = groupClaimsByTopic(CODEBOOK, ARTICLES);
    assert.deepEqual(groups.map(g => [g.id, g.label, g.claims.map(c => c.annotation.id)]), [['trade', 'Trade', ['c1']], ['war', 'War', ['c3']], [undefined, 'No topic', ['c2']]]);
  });

  it('keeps a topic id the codebook does not know, under its id', () => {
    const odd = [{ article: '/ws/c.txt', sidecar: sidecar([], [claim(TEXT_A, 'c9', 'china', 'trade', { topic: 'tariffs' })]) }];
    assert.deepEqual(groupClaimsByTopic(CODEBOOK, odd).map(g => [g.id, g.label]), [['tariffs', 'tariffs']]);
  });

  it('breaks claims down by stance in codebook order', () => {
    const claims = groupClaimsByClaimant(CODEBOOK, ARTICLES).flatMap(g => g.claims);
    assert.equal(stanceBreakdown(CODEBOOK, claims), '2 support · 1 oppose');
    const none = [{ article: 'x', annotation: claim(TEXT_A, 'c', 'xi', 'agreed') }];
    assert.equal(stanceBreakdown(CODEBOOK, none), '1 no stance');
    assert.equal(stanceIcon('support'), 'support');
    assert.equal(stanceIcon('sceptical'), undefined);
    assert.equal(stanceIcon(undefined), undefined);
  });

  it('counts what refers to an entity: mentions, claims it makes, claims about or addressed to it', () => {
    const sidecars = ARTICLES.map(a => a.sidecar);
    assert.deepEqual(referencesTo(sidecars, 'putin'), { mentions: 2, claimsMade: 1, claimsAbout: 1, articles: 2 });
    assert.deepEqual(referencesTo(sidecars, 'unused'), { mentions: 0, claimsMade: 0, claimsAbout: 0, articles: 0 });
    assert.equal(plural(1, 'claim'), '1 claim');
    assert.equal(plural(2, 'entity', 'entities'), '2 entities');
  });
});

describe('treeModel: needs review', () => {
  const NOW = 'Xi Jinpin met Putin.\nChina said trade will grow.\n';
  const fuzzy: Mention = { ...mention(TEXT_A, 'm1', 'xi', 'Xi Jinping'), anchor: 'fuzzy', score: 0.9, end: 9 };
  const orphan: Claim = { ...claim(TEXT_A, 'c2', 'xi', 'agreed'), anchor: 'orphan' };
  const articles: ArticleAnnotations[] = [{ article: '/ws/a.txt', sidecar: sidecar([fuzzy, mention(TEXT_A, 'm2', 'putin', 'Putin')], [orphan]) }];

  it('lists fuzzy and orphaned annotations with then and now', () => {
    const items = reviewItems(articles, () => new CodePointIndex(NOW));
    assert.equal(countNeedingReview(articles), 2);
    assert.deepEqual(items.map(i => [i.annotation.id, i.anchor, i.then, i.now, i.reason]), [
      ['m1', 'fuzzy', 'Xi Jinping', 'Xi Jinpin', undefined],
      ['c2', 'orphan', 'agreed', undefined, 'quote not found'],
    ]);
  });

  it('prefers the reason recorded when the annotation was orphaned', () => {
    const items = reviewItems(articles, () => undefined, (_a, id) => (id === 'c2' ? 'ambiguous: 2 equally good places' : undefined));
    assert.equal(items[1].reason, 'ambiguous: 2 equally good places');
    assert.equal(items[0].now, undefined, 'no text, no “now”');
  });

  it('works out a reason from the current text', () => {
    assert.equal(orphanReason({ text: 'agreed' }, undefined), 'the article could not be read');
    assert.equal(orphanReason({ text: 'Putin' }, new CodePointIndex('Putin and Putin')), 'quote found 2 times, but the surrounding text matches none');
    assert.equal(orphanReason({ text: 'Putin' }, new CodePointIndex('Putin')), 'quote found once, but the surrounding text matches none');
    assert.equal(orphanReason({ text: '' }, new CodePointIndex('x')), 'empty quote');
  });
});

describe('treeModel: previews', () => {
  it('shows the annotation in brackets with context, highlighted, with its line', () => {
    const text = new CodePointIndex(TEXT_A);
    const p = preview(mention(TEXT_A, 'm', 'xi', 'Xi Jinping', 'exact', 1), text);
    assert.equal(p.label, '…will grow. [Xi Jinping] agreed. ');
    assert.equal(p.label.slice(p.highlight[0], p.highlight[1]), 'Xi Jinping');
    assert.equal(p.line, 3);
  });

  it('uses the stored quote for an orphan and has no line then', () => {
    const m: Mention = { ...mention(TEXT_A, 'm', 'putin', 'Putin'), anchor: 'orphan' };
    const p = preview(m, new CodePointIndex('something else entirely'));
    assert.equal(p.label, 'Xi Jinping met [Putin].\nChina said trade will…'.replace('\n', ' '));
    assert.equal(p.line, undefined);
  });

  it('shortens long texts and cuts context at word boundaries', () => {
    const long = 'word '.repeat(40);
    const text = `Before this sentence there is a lot of preamble text. ${long}and after it there is more text to read.`;
    const start = text.indexOf('word');
    const m: Mention = { id: 'm', entity: 'x', start, end: start + long.length, ...new CodePointIndex(text).quote(start, start + long.length), anchor: 'exact' };
    const p = preview(m, new CodePointIndex(text));
    assert.ok(p.label.startsWith('…'), p.label);
    assert.ok(p.label.endsWith('…'), p.label);
    assert.ok(p.label.slice(p.highlight[0], p.highlight[1]).endsWith('…'));
    assert.ok(p.label.length < 130, p.label);
  });

  it('counts lines in code points, astral characters included', () => {
    const text = new CodePointIndex('😀 one\n😀 two\nthree');
    assert.equal(lineOf(text, 0), 1);
    assert.equal(lineOf(text, 6), 2);
    assert.equal(lineOf(text, 12), 3);
  });
});
