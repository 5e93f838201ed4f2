// GraphML export, read back with a real XML parser: the declared keys, nodes, edges, weights and
// stances must be what the network holds, and hostile text must come back exactly (or, for what XML
// cannot hold at all, as U+FFFD) without breaking the document.
import * as assert from 'node:assert/strict';
import { DOMParser, Element } from '@xmldom/xmldom';
import { Codebook } from '../../src/core/model';
import { ArticleClaims, collectClaims } from '../../src/core/network/claims';
import { discourseNetworks } from '../../src/core/network/networks';
import { toGraphml, xmlText } from '../../src/core/exports/graphml';

const HOSTILE = 'A <b>&amp; "quoted" \'x\' ]]> \t tab\nline\r\nend';
const CODEBOOK: Codebook = {
  version: 1,
  types: [{ id: 'country', label: 'Country' }],
  stances: [{ id: 'support', label: 'Support' }, { id: 'oppose', label: 'Oppose' }, { id: 'neutral', label: 'Neutral' }],
  topics: [{ id: 't1', label: 'Trade & <tariffs>' }, { id: 't2', label: 'War' }],
  entities: [
    { id: 'a', name: HOSTILE, type: 'country', aliases: [] },
    { id: 'b', name: 'Beta\u0001\uD800', type: 'country', aliases: [] },
  ],
};
const claim = (id: string, claimant: string, stance: string, topic: string) => ({ id, claimant, stance, topic, start: 0, end: 1, text: 'x' });
const ARTICLES: ArticleClaims[] = [{ article: 'one.txt', claims: [
  claim('c1', 'a', 'support', 't1'), claim('c2', 'a', 'support', 't1'), claim('c3', 'b', 'oppose', 't1'),
  claim('c4', 'a', 'oppose', 't2'), claim('c5', 'b', 'oppose', 't2'), claim('c6', 'c', 'oppose', 't2'), claim('c7', 'b', 'support', 't2'),
] }];
const NETWORKS = discourseNetworks(collectClaims(ARTICLES, CODEBOOK), CODEBOOK);

/** Parses strictly: any error or warning of the parser fails the test (but the note that U+FFFD is in the text, which is expected here). */
function parse(xml: string) {
  const onError = (level: string, message: string) => {
    if (level === 'warning' && /replacement character/.test(message)) return;
    throw new Error(`${level}: ${message}`);
  };
  const doc = new DOMParser({ onError }).parseFromString(xml, 'text/xml');
  const all = (parent: { getElementsByTagName(n: string): ArrayLike<Element> }, name: string) => Array.from(parent.getElementsByTagName(name));
  const keys = new Map(all(doc, 'key').map(k => [k.getAttribute('id')!, { for: k.getAttribute('for'), name: k.getAttribute('attr.name'), type: k.getAttribute('attr.type') }]));
  const dataOf = (el: Element): Record<string, string> => Object.fromEntries(all(el, 'data').map(d => [keys.get(d.getAttribute('key')!)!.name!, d.textContent ?? '']));
  return {
    doc, keys,
    nodes: all(doc, 'node').map((n): Record<string, string> => ({ ...dataOf(n), id: n.getAttribute('id')! })),
    edges: all(doc, 'edge').map((e): Record<string, string> => ({ ...dataOf(e), source: e.getAttribute('source')!, target: e.getAttribute('target')! })),
  };
}

describe('GraphML export', () => {
  it('two-mode: keys declared, nodes and edges with weight, stance and counts', () => {
    const g = parse(toGraphml(NETWORKS.twoMode, { typeLabels: new Map([['country', 'Country']]) }));
    assert.equal(g.doc.documentElement!.namespaceURI, 'http://graphml.graphdrawing.org/xmlns');
    assert.deepEqual(g.keys.get('weight'), { for: 'edge', name: 'weight', type: 'double' });
    assert.deepEqual(g.keys.get('stance'), { for: 'edge', name: 'stance', type: 'string' });
    assert.equal(g.doc.getElementsByTagName('graph')[0].getAttribute('edgedefault'), 'undirected');
    assert.deepEqual(g.nodes.map(n => [n.id, n.kind, n.claims, n.typeLabel ?? '-']), [
      ['actor:a', 'actor', '3', 'Country'], ['actor:b', 'actor', '3', 'Country'], ['actor:c', 'actor', '1', '-'],
      ['topic:t1', 'topic', '3', '-'], ['topic:t2', 'topic', '4', '-'],
    ]);
    assert.deepEqual(g.edges.map(e => [e.source, e.target, e.weight, e.stance, e.support, e.oppose]), [
      ['actor:a', 'topic:t1', '2', 'support', '2', '0'],
      ['actor:a', 'topic:t2', '1', 'oppose', '0', '1'],
      ['actor:b', 'topic:t1', '1', 'oppose', '0', '1'],
      ['actor:b', 'topic:t2', '2', 'mixed', '1', '1'],
      ['actor:c', 'topic:t2', '1', 'oppose', '0', '1'],
    ]);
  });

  it('congruence and conflict: actor nodes, weights and the topics that link them', () => {
    // t1: a supports, b opposes. t2: a and c oppose, b is tied.
    const congruence = parse(toGraphml(NETWORKS.congruence));
    assert.deepEqual(congruence.nodes.map(n => n.id), ['actor:a', 'actor:b', 'actor:c']);
    assert.deepEqual(congruence.edges.map(e => [e.source, e.target, e.weight, e.topics]), [['actor:a', 'actor:c', '1', 't2']]);
    assert.equal(congruence.keys.has('stance'), false);
    const conflict = parse(toGraphml(NETWORKS.conflict, { description: 'filters: none' }));
    assert.deepEqual(conflict.edges.map(e => [e.source, e.target, e.weight, e.topics]), [['actor:a', 'actor:b', '1', 't1']]);
    assert.equal(conflict.doc.getElementsByTagName('desc')[0].textContent, 'filters: none');
  });

  it('file text is escaped: markup, quotes, tabs and line breaks come back exactly; what XML cannot hold becomes U+FFFD', () => {
    const xml = toGraphml(NETWORKS.twoMode, { description: HOSTILE });
    const g = parse(xml);
    assert.equal(g.nodes[0].label, HOSTILE);
    assert.equal(g.nodes[1].label, 'Beta\uFFFD\uFFFD');
    assert.equal(g.nodes.find(n => n.id === 'topic:t1')!.label, 'Trade & <tariffs>');
    assert.equal(g.doc.getElementsByTagName('desc')[0].textContent, HOSTILE);
    assert.ok(!xml.includes('<b>'), 'no markup from a name');
    assert.equal(xmlText('"<&>\'\u0000'), '&quot;&lt;&amp;&gt;&apos;\uFFFD');
    assert.equal(xmlText('😀 \uD83D\uDE00'), '😀 \uD83D\uDE00', 'surrogate pairs are kept');
  });

  it('ids from files are escaped in attributes and stay unique', () => {
    const articles: ArticleClaims[] = [{ article: 'x', claims: [claim('k', 'a"><node id="evil', 'support', 't&1')] }];
    const n = discourseNetworks(collectClaims(articles, CODEBOOK), CODEBOOK);
    const g = parse(toGraphml(n.twoMode));
    assert.deepEqual(g.nodes.map(x => x.id), ['actor:a"><node id="evil', 'topic:t&1']);
    assert.deepEqual(g.edges.map(e => [e.source, e.target]), [['actor:a"><node id="evil', 'topic:t&1']]);
  });

  it('is deterministic: the same network gives the same bytes, with LF line endings', () => {
    const again = discourseNetworks(collectClaims(ARTICLES, CODEBOOK), CODEBOOK);
    assert.equal(toGraphml(again.twoMode), toGraphml(NETWORKS.twoMode));
    assert.ok(!toGraphml(NETWORKS.twoMode).includes('\r'));
    assert.ok(toGraphml(NETWORKS.conflict).endsWith('</graphml>\n'));
  });
});
