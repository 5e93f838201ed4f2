// GraphML of a discourse network, for Gephi, networkx, igraph, yEd and Cytoscape: nodes with their
// kind, label and entity type; edges with weight and (two-mode) stance and stance counts, or
// (congruence, conflict) the topics that link the two actors. Every attribute is declared with a
// <key>. The output is deterministic (the network's own order, fixed attribute order) and every
// text comes from files, so all of it goes through xmlText.
//
// Written by hand rather than with an XML library: the document has one fixed shape, and the
// maintained writers cost far more than this file in dist/cli.js (xmlbuilder2 alone adds 305 KB
// minified); escaping is the one thing to get right, and it lives in one function below.
import { Codebook } from '../model';
import { collectClaims } from '../network/claims';
import { discourseNetworks, Network, NetworkKind, NetworkNode, OneModeEdge, TwoModeEdge } from '../network/networks';
import { ExportFormat } from './document';

export interface GraphmlOptions {
  /** Text of the graph's <desc> (e.g. the corpus and filters it was made from). */
  description?: string;
  /** Entity type labels by id, written as the node attribute `typeLabel`. */
  typeLabels?: ReadonlyMap<string, string>;
}

/** Characters XML 1.0 cannot hold at all (not even escaped): C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text safe in XML content and in double-quoted attributes: markup characters escaped; tab, CR and
 * LF as character references (a parser would otherwise normalise them away in attributes and
 * CRLF in content); characters XML cannot represent replaced by U+FFFD.
 */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\t\n\r]/g, ch => ESCAPES[ch]);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

interface Key { id: string; for: 'node' | 'edge' | 'graph'; name: string; type: 'string' | 'int' | 'double' }

const NODE_KEYS: Key[] = [
  { id: 'label', for: 'node', name: 'label', type: 'string' },
  { id: 'kind', for: 'node', name: 'kind', type: 'string' },
  { id: 'ref', for: 'node', name: 'ref', type: 'string' },
  { id: 'type', for: 'node', name: 'type', type: 'string' },
  { id: 'typeLabel', for: 'node', name: 'typeLabel', type: 'string' },
  { id: 'claims', for: 'node', name: 'claims', type: 'int' },
];
const TWO_MODE_KEYS: Key[] = [
  { id: 'weight', for: 'edge', name: 'weight', type: 'double' },
  { id: 'stance', for: 'edge', name: 'stance', type: 'string' },
  { id: 'support', for: 'edge', name: 'support', type: 'int' },
  { id: 'oppose', for: 'edge', name: 'oppose', type: 'int' },
  { id: 'neutral', for: 'edge', name: 'neutral', type: 'int' },
  { id: 'other', for: 'edge', name: 'other', type: 'int' },
];
const ONE_MODE_KEYS: Key[] = [
  { id: 'weight', for: 'edge', name: 'weight', type: 'double' },
  { id: 'topics', for: 'edge', name: 'topics', type: 'string' },
];

function data(key: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<data key="${key}">${typeof value === 'number' ? String(value) : xmlText(value)}</data>`;
}

function nodeXml(n: NetworkNode, options: GraphmlOptions): string {
  const typeLabel = n.type !== undefined ? options.typeLabels?.get(n.type) : undefined;
  return `    <node id="${xmlText(n.id)}">${data('label', n.label)}${data('kind', n.kind)}${data('ref', n.ref)}` +
    `${data('type', n.type)}${data('typeLabel', typeLabel)}${data('claims', n.claims)}</node>\n`;
}

function edgeXml(e: TwoModeEdge | OneModeEdge, i: number): string {
  const attrs = 'stance' in e
    ? `${data('weight', e.weight)}${data('stance', e.stance)}${data('support', e.support)}${data('oppose', e.oppose)}${data('neutral', e.neutral)}${data('other', e.other)}`
    : `${data('weight', e.weight)}${data('topics', e.topics.join(' '))}`;
  return `    <edge id="e${i}" source="${xmlText(e.source)}" target="${xmlText(e.target)}">${attrs}</edge>\n`;
}

/** The network as a GraphML document (UTF-8, LF line endings, final newline). */
export function toGraphml(network: Network, options: GraphmlOptions = {}): string {
  const keys = [
    { id: 'network', for: 'graph', name: 'network', type: 'string' } as Key,
    ...NODE_KEYS,
    ...(network.kind === 'two-mode' ? TWO_MODE_KEYS : ONE_MODE_KEYS),
  ];
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n' +
    '    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  for (const k of keys) out += `  <key id="${k.id}" for="${k.for}" attr.name="${k.name}" attr.type="${k.type}"/>\n`;
  out += `  <graph id="${network.kind}" edgedefault="undirected">\n`;
  if (options.description !== undefined) out += `    <desc>${xmlText(options.description)}</desc>\n`;
  out += `    ${data('network', network.kind)}\n`;
  for (const n of network.nodes) out += nodeXml(n, options);
  network.edges.forEach((e, i) => { out += edgeXml(e, i); });
  return out + '  </graph>\n</graphml>\n';
}

const NETWORK_KINDS: readonly NetworkKind[] = ['two-mode', 'congruence', 'conflict'];

/**
 * The codebook a corpus-wide network is drawn with: each entity, type and topic by id, the first
 * codebook (in article order) that defines it wins, as nested corpora rarely disagree on ids.
 */
function unitedCodebook(codebooks: readonly Codebook[]): Codebook {
  const pick = <T extends { id: string }>(lists: T[][]) => {
    const byId = new Map<string, T>();
    for (const list of lists) for (const x of list) if (!byId.has(x.id)) byId.set(x.id, x);
    return [...byId.values()];
  };
  const [first] = codebooks;
  return { ...first, types: pick(codebooks.map(c => c.types)), entities: pick(codebooks.map(c => c.entities)),
    topics: pick(codebooks.map(c => c.topics)), stances: pick(codebooks.map(c => c.stances)) };
}

/** `claimlens export --format graphml [--network two-mode|congruence|conflict]`. */
export const graphmlFormat: ExportFormat = {
  summary: 'the discourse network as GraphML for Gephi, networkx, igraph (--network two-mode|congruence|conflict)',
  networks: NETWORK_KINDS,
  render(documents, options) {
    const kind = (options.network ?? 'two-mode') as NetworkKind;
    if (!documents.length) return { files: [], notes: ['no annotated articles: nothing to export'] };
    const codebook = unitedCodebook([...new Set(documents.map(d => d.codebook))]);
    const claims = collectClaims(documents.map(d => ({ article: d.article, date: d.sidecar.article.date, claims: d.sidecar.claims })), codebook);
    const networks = discourseNetworks(claims, codebook);
    const network = kind === 'two-mode' ? networks.twoMode : kind === 'congruence' ? networks.congruence : networks.conflict;
    const notes = networks.withoutTopic ? [`${networks.withoutTopic} claim(s) without a topic are not in the network`] : [];
    const typeLabels = new Map(codebook.types.map(t => [t.id, t.label]));
    const description = `ClaimLens ${kind} network of ${documents.length} article(s), ${networks.claims} claim(s)`;
    return { files: [{ path: `${kind}.graphml`, text: toGraphml(network, { description, typeLabels }) }], notes };
  },
};
