// The Discourse Network panel: a webview over the workspace index showing the actor–topic network, the
// congruence and conflict networks and the stance matrix, for the Entities view's scope (current article
// or whole workspace; the panel's scope button is the view's toggle). It follows the Entities view's
// refreshes, so it redraws with the same debounce after edits.
//
// The webview's code is its own bundle (dist/webview/network.js, built from webview/network/main.ts) and is
// loaded only when the panel opens. The page has a strict Content-Security-Policy: no inline script or
// style, scripts only with the page's nonce, resources only from dist/webview.
import * as vscode from 'vscode';
import { ArticleClaims, collectClaims, filterChoices, NetworkClaim, NetworkFilters } from '../../core/network/claims';
import { claimsFor, discourseNetworks, DiscourseNetworks, NetworkSelection } from '../../core/network/networks';
import { CommandId } from '../../ids';
import { revealAnnotation } from '../commands/navigate';
import { forArticle, governedBy, Services } from '../services';
import { CodebookStore } from '../../store/codebookStore';
import { codebooksWithActors, folderLabel } from '../codebookScope';
import { fileName } from '../tree/items';
import { EntityTree } from '../tree/provider';
import { toUri } from '../workspaceFs';
import { ClaimRow, FromWebview, NETWORK_VIEWS, NetworkView, ToWebview } from './protocol';

export const NETWORK_PANEL_TYPE = 'claimlens.network';
/** Claims listed for one selection; the rest are counted. */
const MAX_LISTED = 500;

/** What the panel last computed, so a selection lists exactly the claims the networks were built from. */
interface Computed { claims: NetworkClaim[]; networks: DiscourseNetworks }

export class NetworkPanel implements vscode.Disposable {
  private static current?: NetworkPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private filters: NetworkFilters = {};
  private computed?: Computed;
  private disposed = false;
  private readonly posted = new vscode.EventEmitter<ToWebview>();
  private readonly received = new vscode.EventEmitter<FromWebview>();
  /** Every message sent to the webview (tests watch it). */
  readonly onDidPost = this.posted.event;
  /** Every well-formed message from the webview, after it was handled. */
  readonly onDidReceive = this.received.event;

  /** Opens the panel, or brings the open one to the front. */
  static show(services: Services, tree: EntityTree, extensionUri: vscode.Uri): NetworkPanel {
    if (NetworkPanel.current) {
      NetworkPanel.current.panel.reveal();
      return NetworkPanel.current;
    }
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(NETWORK_PANEL_TYPE, 'Discourse Network', vscode.ViewColumn.Beside,
      { enableScripts: true, localResourceRoots: [root] });
    NetworkPanel.current = new NetworkPanel(panel, services, tree, root);
    return NetworkPanel.current;
  }

  /** The open panel, if any. */
  static get open(): NetworkPanel | undefined {
    return NetworkPanel.current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly services: Services, private readonly tree: EntityTree,
    private readonly root: vscode.Uri) {
    panel.webview.html = this.html();
    this.subscriptions.push(this.posted, this.received,
      panel.webview.onDidReceiveMessage(m => this.handle(m)),
      panel.onDidDispose(() => this.dispose()),
      // The view has already waited for edits to pause; following it keeps both in step.
      tree.onDidChangeTreeData(() => this.update()),
      // Another article may be under another codebook, and so show another network.
      // (after the Entities view has followed the editor, whichever hears of it first)
      vscode.window.onDidChangeActiveTextEditor(() => setTimeout(() => { if (this.codebookInScope() !== this.shownCodebook) this.update(); }, 0)),
    );
  }

  /** The codebook of the networks last sent. */
  private shownCodebook?: CodebookStore;

  /** Handles a message from the webview (tests call it directly too). Anything malformed is ignored. */
  async handle(raw: unknown): Promise<void> {
    const m = parseMessage(raw);
    if (!m) return;
    switch (m.type) {
      case 'ready': this.update(); break;
      case 'filters': this.filters = m.filters; this.update(); break;
      case 'select': await this.post(this.claimsMessage(m.selection)); break;
      case 'reveal':
        // Only a claim the panel listed: the webview never names an arbitrary file to open.
        if (this.computed?.claims.some(c => c.article === m.article && c.id === m.id)) await this.reveal(m.article, m.id);
        break;
      case 'toggleScope': await vscode.commands.executeCommand(CommandId.toggleScope); break;
      case 'rendered': break;
    }
    this.received.fire(m);
  }

  /** Opens the article at the claim in another editor group than the panel's, so the panel stays in view. */
  private async reveal(article: string, id: string): Promise<void> {
    const column = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(toUri(article)), { viewColumn: column, preview: true });
    await revealAnnotation(this.services, article, id);
  }

  /** Focuses (and with activate, opens) a node, edge or cell in the webview, as a keyboard user would. */
  focus(view: NetworkView, selection: NetworkSelection, activate = false): Thenable<boolean> {
    return this.post({ type: 'focus', view, selection, activate });
  }

  /** Recomputes the networks for the current scope and filters and sends them. */
  update(): void {
    // A hidden webview is unloaded; it asks again ('ready') when it is shown.
    if (this.disposed || !this.panel.visible) return;
    const articles = this.articlesInScope();
    this.shownCodebook = this.codebookInScope();
    const codebook = this.shownCodebook.codebook;
    const claims = collectClaims(articles, codebook, this.filters);
    const networks = discourseNetworks(claims, codebook);
    this.computed = { claims, networks };
    const typeColors: Record<string, string> = {};
    for (const t of codebook.types) if (t.color) typeColors[t.id] = t.color;
    const scope = this.tree.scope;
    const several = codebooksWithActors(this.services).length > 1;
    const scopeLabel = scope === 'workspace' ? (several ? `Articles of the codebook in ${folderLabel(this.shownCodebook.location)}` : 'Whole workspace') : this.tree.article ? `Article: ${fileName(this.tree.article)}` : 'Current article';
    void this.post({ type: 'data', scope, scopeLabel, filters: this.filters, choices: filterChoices(articles, codebook, fileName), networks, typeColors });
  }

  /**
   * The codebook of the current article (the workspace's without one). An id means one actor only
   * within its codebook, so the networks never mix the articles of several codebooks.
   */
  private codebookInScope(): CodebookStore {
    return forArticle(this.services, this.tree.article).codebook;
  }

  /** The articles of the Entities view's scope and the current article's codebook, as the networks read them. */
  private articlesInScope(): ArticleClaims[] {
    const inScope = this.tree.scope === 'workspace' ? this.services.corpus.articles(governedBy(this.services, this.codebookInScope()))
      : this.services.corpus.articles(a => a === this.tree.article);
    return inScope.map(a => ({ article: a.article, date: a.sidecar.article.date, claims: a.sidecar.claims }));
  }

  private claimsMessage(selection: NetworkSelection): ToWebview {
    const codebook = this.codebookInScope().codebook;
    const computed = this.computed ?? { claims: [], networks: discourseNetworks([], codebook) };
    const found = claimsFor(selection, computed.claims, computed.networks);
    const entity = new Map(codebook.entities.map(e => [e.id, e.name]));
    const topic = new Map(codebook.topics.map(t => [t.id, t.label]));
    const stance = new Map(codebook.stances.map(s => [s.id, s.label]));
    const claims: ClaimRow[] = found.slice(0, MAX_LISTED).map(c => ({
      article: c.article, articleName: fileName(c.article), id: c.id, claimant: entity.get(c.claimant) ?? c.claimant,
      ...(c.stance !== undefined ? { stance: c.stance, stanceLabel: stance.get(c.stance) ?? c.stance } : {}),
      ...(c.topic !== undefined ? { topic: topic.get(c.topic) ?? c.topic } : {}),
      ...(c.date !== undefined ? { date: c.date } : {}), text: c.text,
    }));
    const label = (nodeId: string) => computed.networks.twoMode.nodes.find(n => n.id === nodeId)?.label ?? nodeId;
    const what = selection.kind === 'node' ? label(selection.node)
      : selection.kind === 'cell' ? `${label(`actor:${selection.actor}`)} on ${label(`topic:${selection.topic}`)}`
      : selection.network === 'two-mode' ? `${label(selection.source)} on ${label(selection.target)}`
      : `${label(selection.source)} and ${label(selection.target)} (${selection.network})`;
    const count = found.length > MAX_LISTED ? `first ${MAX_LISTED} of ${found.length} claims` : `${found.length} claim${found.length === 1 ? '' : 's'}`;
    return { type: 'claims', selection, title: `${what}: ${count}`, claims };
  }

  private async post(message: ToWebview): Promise<boolean> {
    if (this.disposed) return false;
    const delivered = await this.panel.webview.postMessage(message);
    this.posted.fire(message);
    return delivered;
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.root, 'network.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.root, 'network.css'));
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Discourse Network</title>
</head>
<body>
<main id="app" aria-live="polite"><p>Loading the discourse network…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (NetworkPanel.current === this) NetworkPanel.current = undefined;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.panel.dispose();
  }
}

/** 128 random bits; Web Crypto is global in browsers and Node 19+, the Node 18 of older desktop hosts lacks it. */
function randomNonce(): string {
  const values = new Uint8Array(16);
  const webCrypto = (globalThis as { crypto?: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto;
  if (webCrypto) webCrypto.getRandomValues(values); else for (let i = 0; i < values.length; i++) values[i] = Math.floor(Math.random() * 256);
  return Array.from(values, b => b.toString(16).padStart(2, '0')).join('');
}

const isString = (x: unknown): x is string => typeof x === 'string';
const stringList = (x: unknown): string[] | undefined => (Array.isArray(x) && x.every(isString) ? x : undefined);

function parseSelection(x: unknown): NetworkSelection | undefined {
  const s = x as Record<string, unknown> | null;
  if (!s || typeof s !== 'object') return undefined;
  if (s.kind === 'node' && isString(s.node)) return { kind: 'node', node: s.node };
  if (s.kind === 'cell' && isString(s.actor) && isString(s.topic)) return { kind: 'cell', actor: s.actor, topic: s.topic };
  if (s.kind === 'edge' && isString(s.source) && isString(s.target) && (s.network === 'two-mode' || s.network === 'congruence' || s.network === 'conflict'))
    return { kind: 'edge', network: s.network, source: s.source, target: s.target };
  return undefined;
}

function parseFilters(x: unknown): NetworkFilters | undefined {
  const f = x as Record<string, unknown> | null;
  if (!f || typeof f !== 'object') return undefined;
  const out: NetworkFilters = {};
  for (const key of ['topics', 'stances', 'types', 'articles'] as const) { const list = stringList(f[key]); if (list?.length) out[key] = list; }
  for (const key of ['from', 'to'] as const) { const v = f[key]; if (isString(v) && /^\d{4}-\d{2}-\d{2}$/.test(v)) out[key] = v; }
  return out;
}

/** The message, if it is one the webview may send. */
export function parseMessage(raw: unknown): FromWebview | undefined {
  const m = raw as Record<string, unknown> | null;
  if (!m || typeof m !== 'object') return undefined;
  switch (m.type) {
    case 'ready': case 'toggleScope': return { type: m.type };
    case 'rendered': return NETWORK_VIEWS.includes(m.view as NetworkView) && [m.nodes, m.edges, m.cells].every(n => typeof n === 'number')
      ? { type: 'rendered', view: m.view as NetworkView, nodes: m.nodes as number, edges: m.edges as number, cells: m.cells as number } : undefined;
    case 'filters': { const filters = parseFilters(m.filters); return filters && { type: 'filters', filters }; }
    case 'select': { const selection = parseSelection(m.selection); return selection && { type: 'select', selection }; }
    case 'reveal': return isString(m.article) && isString(m.id) ? { type: 'reveal', article: m.article, id: m.id } : undefined;
    default: return undefined;
  }
}
