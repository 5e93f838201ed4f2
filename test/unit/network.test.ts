// Discourse networks on a corpus small enough to count by hand (the expected values below were
// worked out on paper from the claims table, not produced by the code under test).
import * as assert from 'node:assert/strict';
import { Codebook } from '../../src/core/model';
import { ArticleClaims, collectClaims, filterChoices, NetworkFilters } from '../../src/core/network/claims';
import { claimsFor, discourseNetworks, DiscourseNetworks, edgeStance, position } from '../../src/core/network/networks';

const CODEBOOK: Codebook = {
  version: 1,
  types: [{ id: 'person', label: 'Person' }, { id: 'country', label: 'Country' }],
  stances: [{ id: 'support', label: 'Support' }, { id: 'oppose', label: 'Oppose' }, { id: 'neutral', label: 'Neutral' }],
  topics: [{ id: 't1', label: 'Topic one' }, { id: 't2', label: 'Topic two' }],
  entities: [
    { id: 'a', name: 'Alpha', type: 'country', aliases: [] },
    { id: 'b', name: 'Beta', type: 'country', aliases: [] },
    { id: 'c', name: 'Gamma', type: 'person', aliases: [] },
    { id: 'd', name: 'Delta', type: 'person', aliases: [] },
  ],
};

let offset = 0;
const claim = (id: string, claimant: string, stance?: string, topic?: string) =>
  ({ id, claimant, ...(stance ? { stance } : {}), ...(topic ? { topic } : {}), start: offset, end: (offset += 10), text: `claim ${id}` });

//  claim  article  date        claimant  stance   topic
//  c1     art1     2024-01-10  a         support  t1
//  c2     art1                 a         oppose   t1
//  c3     art1                 a         support  t1
//  c4     art1                 b         support  t1
//  c5     art1                 c         oppose   t1
//  c6     art2     2024-02-20  a         oppose   t2
//  c7     art2                 b         oppose   t2
//  c8     art2                 c         support  t2
//  c9     art2                 c         oppose   t2
//  c10    art2                 d         neutral  t1
//  c11    art2                 d         support  (none)
//  c12    art3     (no date)   b         neutral  t2
//  c13    art3                 x         support  t1      (x is not in the codebook)
const ARTICLES: ArticleClaims[] = [
  { article: 'art1', date: '2024-01-10', claims: [claim('c1', 'a', 'support', 't1'), claim('c2', 'a', 'oppose', 't1'), claim('c3', 'a', 'support', 't1'),
    claim('c4', 'b', 'support', 't1'), claim('c5', 'c', 'oppose', 't1')] },
  { article: 'art2', date: '2024-02-20', claims: [claim('c6', 'a', 'oppose', 't2'), claim('c7', 'b', 'oppose', 't2'), claim('c8', 'c', 'support', 't2'),
    claim('c9', 'c', 'oppose', 't2'), claim('c10', 'd', 'neutral', 't1'), claim('c11', 'd', 'support')] },
  { article: 'art3', claims: [claim('c12', 'b', 'neutral', 't2'), claim('c13', 'x', 'support', 't1')] },
];

function networks(filters: NetworkFilters = {}): DiscourseNetworks {
  return discourseNetworks(collectClaims(ARTICLES, CODEBOOK, filters), CODEBOOK);
}

const edges = (n: { edges: { source: string; target: string; weight: number }[] }) =>
  n.edges.map(e => `${e.source.replace('actor:', '')}-${e.target.replace(/^(actor|topic):/, '')}:${e.weight}`);

describe('discourse networks', () => {
  it('edge stance and position: mixed means both support and oppose; a tie has no position', () => {
    assert.equal(edgeStance({ support: 2, oppose: 1, neutral: 0, other: 0 }), 'mixed');
    assert.equal(edgeStance({ support: 0, oppose: 1, neutral: 4, other: 0 }), 'oppose');
    assert.equal(edgeStance({ support: 0, oppose: 0, neutral: 1, other: 1 }), 'neutral');
    assert.equal(position({ support: 2, oppose: 1, neutral: 0, other: 0 }), 'support');
    assert.equal(position({ support: 1, oppose: 1, neutral: 3, other: 0 }), undefined);
    assert.equal(position({ support: 0, oppose: 0, neutral: 3, other: 0 }), undefined);
  });

  it('two-mode: actor and topic nodes, one edge per actor × topic weighted by claims, coloured by stance', () => {
    const n = networks();
    assert.deepEqual(n.twoMode.nodes.map(x => [x.id, x.label, x.type ?? '-', x.claims]), [
      ['actor:a', 'Alpha', 'country', 4], ['actor:b', 'Beta', 'country', 3], ['actor:c', 'Gamma', 'person', 3],
      ['actor:d', 'Delta', 'person', 1], ['actor:x', 'x', '-', 1],
      ['topic:t1', 'Topic one', '-', 7], ['topic:t2', 'Topic two', '-', 5],
    ]);
    assert.deepEqual(n.twoMode.edges.map(e => [e.source, e.target, e.weight, e.stance, e.support, e.oppose, e.neutral]), [
      ['actor:a', 'topic:t1', 3, 'mixed', 2, 1, 0],
      ['actor:a', 'topic:t2', 1, 'oppose', 0, 1, 0],
      ['actor:b', 'topic:t1', 1, 'support', 1, 0, 0],
      ['actor:b', 'topic:t2', 2, 'oppose', 0, 1, 1],
      ['actor:c', 'topic:t1', 1, 'oppose', 0, 1, 0],
      ['actor:c', 'topic:t2', 2, 'mixed', 1, 1, 0],
      ['actor:d', 'topic:t1', 1, 'neutral', 0, 0, 1],
      ['actor:x', 'topic:t1', 1, 'support', 1, 0, 0],
    ]);
    assert.equal(n.claims, 12);
    assert.equal(n.withoutTopic, 1, 'c11 has no topic');
  });

  it('congruence and conflict: majority positions, weighted by the number of shared topics', () => {
    const n = networks();
    // t1: a (2:1), b, x support; c opposes; d only neutral. t2: a, b oppose; c tied (no position).
    assert.deepEqual(edges(n.congruence), ['a-b:2', 'a-x:1', 'b-x:1']);
    assert.deepEqual(n.congruence.edges[0].topics, ['t1', 't2']);
    assert.deepEqual(edges(n.conflict), ['a-c:1', 'b-c:1', 'c-x:1']);
    assert.deepEqual(n.conflict.edges.map(e => e.topics), [['t1'], ['t1'], ['t1']]);
    assert.deepEqual(n.congruence.nodes.map(x => x.id), ['actor:a', 'actor:b', 'actor:c', 'actor:d', 'actor:x'], 'every actor, isolates too');
  });

  it('stance matrix: support, oppose, neutral counts per actor × topic', () => {
    const m = networks().matrix;
    assert.deepEqual(m.actors.map(a => a.ref), ['a', 'b', 'c', 'd', 'x']);
    assert.deepEqual(m.topics.map(t => t.ref), ['t1', 't2']);
    const cell = (a: number, t: number) => { const c = m.cells[a][t]; return `${c.support}/${c.oppose}/${c.neutral}`; };
    assert.deepEqual(m.actors.map((_, a) => [cell(a, 0), cell(a, 1)]), [
      ['2/1/0', '0/1/0'], ['1/0/0', '0/1/1'], ['0/1/0', '1/1/0'], ['0/0/1', '0/0/0'], ['1/0/0', '0/0/0'],
    ]);
  });

  it('filter by stance: without neutral claims Delta drops out and Beta only opposes t2', () => {
    const n = networks({ stances: ['support', 'oppose'] });
    assert.deepEqual(n.twoMode.nodes.map(x => x.ref), ['a', 'b', 'c', 'x', 't1', 't2']);
    const bt2 = n.twoMode.edges.find(e => e.source === 'actor:b' && e.target === 'topic:t2')!;
    assert.deepEqual([bt2.weight, bt2.stance], [1, 'oppose']);
    assert.deepEqual(edges(n.congruence), ['a-b:2', 'a-x:1', 'b-x:1']);
  });

  it('filter by topic, entity type, article and date range', () => {
    assert.deepEqual(edges(networks({ topics: ['t2'] }).twoMode), ['a-t2:1', 'b-t2:2', 'c-t2:2']);
    // Countries only: x (not in the codebook) has no type and goes too.
    const countries = networks({ types: ['country'] });
    assert.deepEqual(edges(countries.twoMode), ['a-t1:3', 'a-t2:1', 'b-t1:1', 'b-t2:2']);
    assert.deepEqual(edges(countries.conflict), []);
    assert.deepEqual(edges(networks({ articles: ['art3'] }).twoMode), ['b-t2:1', 'x-t1:1']);
    // From February: art2 only (art3 has no date, so a date filter leaves it out).
    const feb = networks({ from: '2024-02-01' });
    assert.deepEqual(edges(feb.twoMode), ['a-t2:1', 'b-t2:1', 'c-t2:2', 'd-t1:1']);
    assert.equal(feb.withoutTopic, 1);
    assert.deepEqual(edges(networks({ from: '2024-01-10', to: '2024-01-10' }).twoMode), ['a-t1:3', 'b-t1:1', 'c-t1:1']);
    assert.deepEqual(networks({ to: '2023-12-31' }).twoMode.nodes, []);
  });

  it('claims behind a node, an edge and a cell', () => {
    const claims = collectClaims(ARTICLES, CODEBOOK);
    const n = discourseNetworks(claims, CODEBOOK);
    const ids = (xs: { id: string }[]) => xs.map(x => x.id);
    assert.deepEqual(ids(claimsFor({ kind: 'node', node: 'actor:c' }, claims, n)), ['c5', 'c8', 'c9']);
    assert.deepEqual(ids(claimsFor({ kind: 'node', node: 'actor:d' }, claims, n)), ['c10'], 'without its topic-less claim');
    assert.deepEqual(ids(claimsFor({ kind: 'node', node: 'topic:t2' }, claims, n)), ['c6', 'c7', 'c8', 'c9', 'c12']);
    assert.deepEqual(ids(claimsFor({ kind: 'cell', actor: 'a', topic: 't1' }, claims, n)), ['c1', 'c2', 'c3']);
    assert.deepEqual(ids(claimsFor({ kind: 'edge', network: 'two-mode', source: 'actor:b', target: 'topic:t2' }, claims, n)), ['c7', 'c12']);
    assert.deepEqual(ids(claimsFor({ kind: 'edge', network: 'congruence', source: 'actor:a', target: 'actor:b' }, claims, n)),
      ['c1', 'c2', 'c3', 'c4', 'c6', 'c7', 'c12']);
    assert.deepEqual(ids(claimsFor({ kind: 'edge', network: 'conflict', source: 'actor:c', target: 'actor:a' }, claims, n)), ['c1', 'c2', 'c3', 'c5']);
    assert.deepEqual(ids(claimsFor({ kind: 'edge', network: 'conflict', source: 'actor:a', target: 'actor:b' }, claims, n)), [], 'no such edge');
    assert.deepEqual(claimsFor({ kind: 'node', node: 'actor:a' }, claims, n)[0], { id: 'c1', article: 'art1', date: '2024-01-10', claimant: 'a',
      stance: 'support', topic: 't1', start: 0, end: 10, text: 'claim c1' });
  });

  it('an entity and a topic with the same id are two nodes', () => {
    const articles: ArticleClaims[] = [{ article: 'z', claims: [claim('k1', 'taiwan', 'support', 'taiwan')] }];
    const n = discourseNetworks(collectClaims(articles, CODEBOOK), CODEBOOK);
    assert.deepEqual(n.twoMode.nodes.map(x => x.id), ['actor:taiwan', 'topic:taiwan']);
    assert.deepEqual(edges(n.twoMode), ['taiwan-taiwan:1']);
  });

  it('other stance ids count as other unless a classification says otherwise', () => {
    const articles: ArticleClaims[] = [{ article: 'z', claims: [claim('k1', 'a', 'agree', 't1'), claim('k2', 'b', 'agree', 't1'), claim('k3', 'c')] }];
    const claims = collectClaims(articles, CODEBOOK);
    const plain = discourseNetworks(claims, CODEBOOK);
    assert.deepEqual(plain.twoMode.edges.map(e => [e.stance, e.other]), [['neutral', 1], ['neutral', 1]]);
    assert.deepEqual(plain.congruence.edges, []);
    const mapped = discourseNetworks(claims, CODEBOOK, { stanceClass: s => (s === 'agree' ? 'support' : 'other') });
    assert.deepEqual(edges(mapped.congruence), ['a-b:1']);
  });

  it('filter choices: codebook values, ids only the claims use, articles with claims and the date range', () => {
    const choices = filterChoices([...ARTICLES, { article: 'art0', date: '2020-01-01', claims: [] }], CODEBOOK, a => a.toUpperCase());
    assert.deepEqual(choices.topics.map(t => t.id), ['t1', 't2']);
    assert.deepEqual(choices.stances.map(t => t.id), ['support', 'oppose', 'neutral']);
    assert.deepEqual(choices.types.map(t => t.label), ['Person', 'Country']);
    assert.deepEqual(choices.articles, [{ id: 'art1', label: 'ART1' }, { id: 'art2', label: 'ART2' }, { id: 'art3', label: 'ART3' }]);
    assert.deepEqual(choices.dates, { from: '2024-01-10', to: '2024-02-20' }, 'an article without claims does not widen it');
  });
});
