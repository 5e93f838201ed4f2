// The Discourse Network webview: draws what the extension sends (networks, matrix, filter choices) and
// tells it what the user picks. Layout with d3-force, drawn as SVG, so every node and edge is a focusable
// element (Tab to it, Enter to open it) and the theme's CSS variables colour it. Every text here comes
// from files: it is only ever set as textContent or as an attribute value, never parsed as HTML.
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, SimulationLinkDatum, SimulationNodeDatum } from 'd3-force';
import type { NetworkFilters } from '../../src/core/network/claims';
import type { NetworkNode, NetworkSelection, OneModeEdge, TwoModeEdge } from '../../src/core/network/networks';
import type { ClaimRow, FromWebview, NetworkView, ToWebview } from '../../src/vscode/network/protocol';
import './style.css';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void; getState(): unknown; setState(state: unknown): void };

const host = acquireVsCodeApi();
type DataMessage = Extract<ToWebview, { type: 'data' }>;

const VIEWS: { id: NetworkView; label: string }[] = [
  { id: 'two-mode', label: 'Actors × topics' },
  { id: 'congruence', label: 'Congruence' },
  { id: 'conflict', label: 'Conflict' },
  { id: 'matrix', label: 'Stance matrix' },
];

let data: DataMessage | undefined;
let view: NetworkView = ((host.getState() as { view?: NetworkView } | undefined)?.view) ?? 'two-mode';
/** Where each node was last placed, per view: a redraw after an edit starts from there, so the picture stays put. */
const placed = new Map<NetworkView, Map<string, { x: number; y: number }>>();
/** Activates each focusable element by its selection key. */
const activators = new Map<string, () => void>();
let choicesShown = '';

// ------------------------------------------------------------------ DOM helpers (text only)

type Child = Node | string | undefined | false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

const keyOf = (s: NetworkSelection): string => (s.kind === 'node' ? `node|${s.node}` : s.kind === 'cell' ? `cell|${s.actor}|${s.topic}` : `edge|${s.network}|${s.source}|${s.target}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Makes an element a keyboard- and mouse-activated control for a selection. */
function selectable<E extends Element>(e: E, selection: NetworkSelection, label: string): E {
  const key = keyOf(selection);
  const activate = () => {
    document.querySelectorAll('.selected').forEach(x => x.classList.remove('selected'));
    e.classList.add('selected');
    host.postMessage({ type: 'select', selection });
  };
  activators.set(key, activate);
  e.setAttribute('tabindex', '0');
  e.setAttribute('role', 'button');
  e.setAttribute('aria-label', label);
  e.setAttribute('data-key', key);
  e.addEventListener('click', activate);
  e.addEventListener('keydown', ev => {
    const k = (ev as KeyboardEvent).key;
    if (k === 'Enter' || k === ' ') { ev.preventDefault(); activate(); }
  });
  return e;
}

function elementFor(key: string): HTMLElement | SVGElement | undefined {
  for (const e of Array.from(document.querySelectorAll<HTMLElement | SVGElement>('[data-key]'))) if (e.dataset.key === key) return e;
  return undefined;
}

// ------------------------------------------------------------------ page

const app = document.getElementById('app')!;
const toolbar = el('header', { class: 'toolbar' });
const filterBar = el('section', { class: 'filters', 'aria-label': 'Filters' });
const viewArea = el('div', { class: 'view', id: 'view' });
const claimsArea = el('aside', { class: 'claims', 'aria-label': 'Claims', 'aria-live': 'polite' });
const legend = el('footer', { class: 'legend' });
app.replaceChildren(toolbar, filterBar, el('div', { class: 'body' }, viewArea, claimsArea), legend);
showClaimsHint();

function showClaimsHint(): void {
  claimsArea.replaceChildren(el('p', { class: 'hint' }, 'Click a node, an edge or a cell (or focus it and press Enter) to list its claims.'));
}

function drawToolbar(d: DataMessage): void {
  const scope = el('button', { class: 'scope', title: 'Toggle Current Article / Whole Workspace (as in the Entities view)' }, d.scopeLabel);
  scope.addEventListener('click', () => host.postMessage({ type: 'toggleScope' }));
  const tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Network' });
  for (const v of VIEWS) {
    const tab = el('button', { role: 'tab', 'aria-selected': String(v.id === view), class: v.id === view ? 'tab active' : 'tab' }, v.label);
    tab.addEventListener('click', () => { setView(v.id); });
    tabs.append(tab);
  }
  toolbar.replaceChildren(scope, tabs);
}

function setView(next: NetworkView): void {
  view = next;
  host.setState({ view });
  if (data) { drawToolbar(data); drawView(data); }
}

// ------------------------------------------------------------------ filters

function drawFilters(d: DataMessage): void {
  const shown = JSON.stringify(d.choices);
  if (shown !== choicesShown) {
    choicesShown = shown;
    const select = (name: keyof NetworkFilters, label: string, all: string, options: { id: string; label: string }[]) => {
      const s = el('select', { 'data-filter': name, 'aria-label': label }, el('option', { value: '' }, all));
      for (const o of options) s.append(el('option', { value: o.id }, o.label));
      s.addEventListener('change', sendFilters);
      return el('label', {}, `${label} `, s);
    };
    const date = (name: 'from' | 'to', label: string) => {
      const input = el('input', { type: 'date', 'data-filter': name, 'aria-label': label,
        ...(d.choices.dates ? { min: d.choices.dates.from, max: d.choices.dates.to } : {}) });
      input.addEventListener('change', sendFilters);
      return el('label', {}, `${label} `, input);
    };
    const reset = el('button', { class: 'reset' }, 'Clear filters');
    reset.addEventListener('click', () => {
      filterBar.querySelectorAll<HTMLSelectElement | HTMLInputElement>('[data-filter]').forEach(x => { x.value = ''; });
      sendFilters();
    });
    filterBar.replaceChildren(
      select('topics', 'Topic', 'All topics', d.choices.topics), select('stances', 'Stance', 'All stances', d.choices.stances),
      select('types', 'Type', 'All types', d.choices.types), select('articles', 'Article', 'All articles', d.choices.articles),
      date('from', 'From'), date('to', 'To'), reset);
  }
  for (const x of Array.from(filterBar.querySelectorAll<HTMLSelectElement | HTMLInputElement>('[data-filter]'))) {
    const v = d.filters[x.dataset.filter as keyof NetworkFilters];
    x.value = Array.isArray(v) ? v[0] ?? '' : typeof v === 'string' ? v : '';
  }
}

function sendFilters(): void {
  const filters: NetworkFilters = {};
  for (const x of Array.from(filterBar.querySelectorAll<HTMLSelectElement | HTMLInputElement>('[data-filter]'))) {
    const name = x.dataset.filter as keyof NetworkFilters;
    if (!x.value) continue;
    if (name === 'from' || name === 'to') filters[name] = x.value;
    else filters[name] = [x.value];
  }
  host.postMessage({ type: 'filters', filters });
}

// ------------------------------------------------------------------ networks

interface LayoutNode extends SimulationNodeDatum { node: NetworkNode; r: number }
type Edge = TwoModeEdge | OneModeEdge;

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

function layout(nodes: NetworkNode[], edges: Edge[], previous: Map<string, { x: number; y: number }>): LayoutNode[] {
  const maxClaims = Math.max(1, ...nodes.map(n => n.claims));
  const laid: LayoutNode[] = nodes.map((node, i) => {
    const p = previous.get(node.id);
    // New nodes start on a spiral (deterministic: the same data gives the same picture).
    const angle = i * 2.399963, radius = 12 * Math.sqrt(i + 1);
    return { node, r: 5 + 13 * Math.sqrt(node.claims / maxClaims), x: p?.x ?? radius * Math.cos(angle), y: p?.y ?? radius * Math.sin(angle) };
  });
  const byId = new Map(laid.map(n => [n.node.id, n]));
  const links: SimulationLinkDatum<LayoutNode>[] = edges.map(e => ({ source: byId.get(e.source)!, target: byId.get(e.target)! }));
  const known = laid.filter(n => previous.has(n.node.id)).length;
  const simulation = forceSimulation(laid)
    .force('link', forceLink(links).distance(90).strength(0.3))
    .force('charge', forceManyBody().strength(-320))
    .force('collide', forceCollide<LayoutNode>(n => n.r + 10))
    // A weak pull to the middle keeps isolated actors and separate components in view.
    .force('x', forceX(0).strength(0.06)).force('y', forceY(0).strength(0.06))
    .stop();
  // A redraw of a known picture only settles what changed.
  if (known === laid.length && known > 0) simulation.alpha(0.1);
  const ticks = Math.ceil(Math.log(simulation.alphaMin()) / Math.log(1 - simulation.alphaDecay()));
  simulation.tick(known === laid.length && known > 0 ? Math.min(60, ticks) : ticks);
  return laid;
}

function drawNetwork(d: DataMessage, kind: Exclude<NetworkView, 'matrix'>): { nodes: number; edges: number } {
  const network = kind === 'two-mode' ? d.networks.twoMode : kind === 'congruence' ? d.networks.congruence : d.networks.conflict;
  if (!network.nodes.length) {
    viewArea.replaceChildren(el('p', { class: 'empty' }, emptyText(d)));
    return { nodes: 0, edges: 0 };
  }
  const previous = placed.get(kind) ?? new Map();
  const laid = layout(network.nodes, network.edges, previous);
  placed.set(kind, new Map(laid.map(n => [n.node.id, { x: n.x!, y: n.y! }])));
  const at = new Map(laid.map(n => [n.node.id, n]));
  const labelOf = (id: string) => at.get(id)?.node.label ?? id;
  const maxWeight = Math.max(1, ...network.edges.map(e => e.weight));
  const width = (w: number) => 1 + 5 * Math.sqrt(w / maxWeight);

  const root = svg('svg', { class: `network ${kind}`, role: 'group', 'aria-label': `${VIEWS.find(v => v.id === kind)!.label} network` });
  const scene = svg('g');
  const lines = svg('g', { class: 'edges', 'aria-hidden': 'true' });
  const nodeLayer = svg('g', { class: 'nodes' });
  const hits = svg('g', { class: 'edge-hits' });
  for (const e of network.edges) {
    const s = at.get(e.source)!, t = at.get(e.target)!;
    const cls = 'stance' in e ? `edge ${e.stance}` : `edge ${kind}`;
    lines.append(svg('line', { class: cls, x1: s.x!, y1: s.y!, x2: t.x!, y2: t.y!, 'stroke-width': width(e.weight) }));
    // A wide transparent twin over the nodes: easy to hit with the mouse, and in Tab order after the nodes.
    const hit = svg('line', { class: 'edge-hit', x1: s.x!, y1: s.y!, x2: t.x!, y2: t.y! });
    const what = 'stance' in e
      ? `${labelOf(e.source)} on ${labelOf(e.target)}: ${plural(e.weight, 'claim')}, ${e.stance} (${e.support} support, ${e.oppose} oppose, ${e.neutral} neutral)`
      : `${labelOf(e.source)} and ${labelOf(e.target)}: ${kind === 'congruence' ? 'agree' : 'disagree'} on ${plural(e.weight, 'topic')}`;
    const title = svg('title');
    title.textContent = what;
    hit.append(title);
    hits.append(selectable(hit, { kind: 'edge', network: kind, source: e.source, target: e.target }, what));
  }
  for (const n of laid) {
    const g = svg('g', { class: `node ${n.node.kind}`, transform: `translate(${n.x!.toFixed(1)},${n.y!.toFixed(1)})` });
    const color = n.node.type !== undefined ? d.typeColors[n.node.type] : undefined;
    const shape = n.node.kind === 'topic'
      ? svg('rect', { x: -n.r, y: -n.r, width: 2 * n.r, height: 2 * n.r, rx: 3 })
      : svg('circle', { r: n.r });
    if (n.node.kind === 'actor' && color && HEX.test(color)) shape.setAttribute('fill', color);
    else shape.classList.add('default-fill');
    const label = svg('text', { x: n.r + 3, y: 4 });
    label.textContent = n.node.label;
    const title = svg('title');
    const what = `${n.node.label} (${n.node.kind}${n.node.type ? `, ${n.node.type}` : ''}): ${plural(n.node.claims, 'claim')}`;
    title.textContent = what;
    g.append(title, shape, label);
    nodeLayer.append(selectable(g, { kind: 'node', node: n.node.id }, what));
  }
  scene.append(lines, nodeLayer, hits);
  root.append(scene);
  viewArea.replaceChildren(root);
  fitAndZoom(root, laid);
  return { nodes: laid.length, edges: network.edges.length };
}

/** Fits the drawing into the view; the wheel zooms around the pointer and dragging the background pans. */
function fitAndZoom(root: SVGSVGElement, laid: LayoutNode[]): void {
  const pad = 60;
  const xs = laid.map(n => n.x!), ys = laid.map(n => n.y!);
  let box = { x: Math.min(...xs) - pad, y: Math.min(...ys) - pad, w: Math.max(...xs) - Math.min(...xs) + 3 * pad, h: Math.max(...ys) - Math.min(...ys) + 2 * pad };
  const apply = () => root.setAttribute('viewBox', `${box.x} ${box.y} ${box.w} ${box.h}`);
  apply();
  root.addEventListener('wheel', ev => {
    ev.preventDefault();
    const rect = root.getBoundingClientRect();
    const f = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    const px = box.x + ((ev.clientX - rect.left) / rect.width) * box.w, py = box.y + ((ev.clientY - rect.top) / rect.height) * box.h;
    box = { x: px - (px - box.x) * f, y: py - (py - box.y) * f, w: box.w * f, h: box.h * f };
    apply();
  }, { passive: false });
  let drag: { x: number; y: number; box: typeof box } | undefined;
  root.addEventListener('pointerdown', ev => { if (ev.target === root) { drag = { x: ev.clientX, y: ev.clientY, box }; root.setPointerCapture(ev.pointerId); } });
  root.addEventListener('pointermove', ev => {
    if (!drag) return;
    const rect = root.getBoundingClientRect(), scale = Math.max(drag.box.w / rect.width, drag.box.h / rect.height);
    box = { ...drag.box, x: drag.box.x - (ev.clientX - drag.x) * scale, y: drag.box.y - (ev.clientY - drag.y) * scale };
    apply();
  });
  root.addEventListener('pointerup', () => { drag = undefined; });
}

// ------------------------------------------------------------------ matrix

function drawMatrix(d: DataMessage): number {
  const m = d.networks.matrix;
  if (!m.actors.length) {
    viewArea.replaceChildren(el('p', { class: 'empty' }, emptyText(d)));
    return 0;
  }
  let cells = 0;
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Actor'));
  for (const t of m.topics) head.append(el('th', { scope: 'col' }, t.label));
  const body = el('tbody');
  m.actors.forEach((a, i) => {
    const row = el('tr', {}, el('th', { scope: 'row' }, a.label));
    m.topics.forEach((t, j) => {
      const c = m.cells[i][j];
      const total = c.support + c.oppose + c.neutral + c.other;
      if (!total) { row.append(el('td', { class: 'none' })); return; }
      const td = el('td', { class: 'cell' },
        el('span', { class: 'count support', title: 'support' }, String(c.support)),
        el('span', { class: 'count oppose', title: 'oppose' }, String(c.oppose)),
        el('span', { class: 'count neutral', title: 'neutral' }, String(c.neutral)),
        c.other ? el('span', { class: 'count other', title: 'other stance or none' }, String(c.other)) : undefined);
      row.append(selectable(td, { kind: 'cell', actor: a.ref, topic: t.ref },
        `${a.label} on ${t.label}: ${c.support} support, ${c.oppose} oppose, ${c.neutral} neutral${c.other ? `, ${c.other} other` : ''}`));
      cells++;
    });
    body.append(row);
  });
  viewArea.replaceChildren(el('table', { class: 'matrix' },
    el('caption', {}, 'Claims per actor and topic: support · oppose · neutral'), el('thead', {}, head), body));
  return cells;
}

function emptyText(d: DataMessage): string {
  const without = d.networks.withoutTopic ? ` (${plural(d.networks.withoutTopic, 'claim')} without a topic)` : '';
  return `No claims with a topic in this scope${Object.keys(d.filters).length ? ' and filters' : ''}${without}.`;
}

// ------------------------------------------------------------------ drawing and messages

function drawView(d: DataMessage): void {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
  activators.clear();
  let counts = { nodes: 0, edges: 0, cells: 0 };
  if (view === 'matrix') counts = { ...counts, cells: drawMatrix(d) };
  else counts = { ...drawNetwork(d, view), cells: 0 };
  if (focused) (elementFor(focused) as HTMLElement | undefined)?.focus();
  const n = d.networks;
  legend.replaceChildren(
    el('span', { class: 'key support' }, 'support'), el('span', { class: 'key oppose' }, 'oppose'),
    el('span', { class: 'key mixed' }, 'mixed (both)'), el('span', { class: 'key neutral' }, 'neutral'),
    el('span', { class: 'totals' }, `${plural(n.claims, 'claim')}, ${plural(n.matrix.actors.length, 'actor')}, ${plural(n.matrix.topics.length, 'topic')}` +
      (n.withoutTopic ? `; ${n.withoutTopic} without a topic left out` : '')));
  host.postMessage({ type: 'rendered', view, ...counts });
}

function showClaims(title: string, claims: ClaimRow[]): void {
  const list = el('ul', { class: 'claim-list' });
  for (const c of claims) {
    const button = el('button', { class: 'claim' },
      el('span', { class: `badge ${c.stance ?? 'none'}` }, c.stanceLabel ?? 'no stance'),
      el('span', { class: 'who' }, c.claimant), c.topic ? el('span', { class: 'topic' }, ` · ${c.topic}`) : undefined,
      el('span', { class: 'where' }, ` · ${c.articleName}${c.date ? `, ${c.date}` : ''}`),
      el('q', { class: 'text' }, c.text));
    button.addEventListener('click', () => host.postMessage({ type: 'reveal', article: c.article, id: c.id }));
    list.append(el('li', {}, button));
  }
  claimsArea.replaceChildren(el('h2', {}, title), list);
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  switch (m.type) {
    case 'data':
      data = m;
      drawToolbar(m);
      drawFilters(m);
      drawView(m);
      break;
    case 'claims':
      showClaims(m.title, m.claims);
      break;
    case 'focus': {
      if (m.view !== view) setView(m.view);
      const key = keyOf(m.selection);
      (elementFor(key) as HTMLElement | undefined)?.focus();
      if (m.activate) activators.get(key)?.();
      break;
    }
  }
});

host.postMessage({ type: 'ready' });
