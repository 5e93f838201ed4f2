// The Entities view: actors by type, claims by claimant and by topic, and what needs review — for
// the current article or the whole workspace. It follows every change (annotations of open
// articles, sidecars on disk, the codebook, the active editor) with a short debounce.
import * as vscode from 'vscode';
import { Codebook, Sidecar } from '../../core/model';
import { CodePointIndex, normalizeNewlines } from '../../core/text';
import { ArticleAnnotations } from '../../core/treeModel';
import { ConfigKey, ContextKey, ViewId } from '../../ids';
import { forActiveArticle, forArticle, Services } from '../services';
import { toLocation } from '../workspaceFs';
import { fileName, Presentation, treeItem } from './items';
import { articlesShownBy, buildCorpora, buildRoots, childrenOf, CorpusNode, EntityNode, RootNode, snapshotOf, TreeNode, TreeScope } from './nodes';
import { CodebookStore } from '../../store/codebookStore';
import { partitionByCodebook } from '../codebookScope';

const DEBOUNCE_MS = 80;
const MAX_WAIT_MS = 400;

export class EntityTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TreeNode>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private roots?: TreeNode[];
  /** Texts of articles that are not open, read when a row needs them; kept while their sidecar stays the same. */
  private readonly texts = new Map<string, { sidecar: Sidecar; text?: CodePointIndex }>();
  private timer?: ReturnType<typeof setTimeout>;
  private firstPending?: number;
  private currentScope: TreeScope;
  private currentArticle?: string;

  constructor(private readonly services: Services, scope: TreeScope, private readonly extensionUri?: vscode.Uri) {
    this.currentScope = scope;
    this.view = vscode.window.createTreeView(ViewId.entities, { treeDataProvider: this, showCollapseAll: true });
    this.follow(vscode.window.activeTextEditor);
    this.subscriptions.push(this.view, this.changed,
      services.store.onDidChange(() => this.refresh()),
      services.corpus.onDidChange(() => this.refresh()),
      services.onDidChangeCodebooks(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(e => { if (this.follow(e) && this.currentScope === 'article') this.refresh(); }),
      vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration(ConfigKey.treeScope)) this.setScope(configuredScope()); }),
    );
    this.showScope();
  }

  get scope(): TreeScope {
    return this.currentScope;
  }

  /** The article the “current article” scope shows: the last article that had an active editor. */
  get article(): string | undefined {
    return this.currentArticle;
  }

  setScope(scope: TreeScope): void {
    if (scope === this.currentScope) return;
    this.currentScope = scope;
    this.showScope();
    this.refresh();
  }

  /**
   * The next request rebuilds every row (at once, so a caller sees the change right away); the
   * view is told when changes pause (at most MAX_WAIT_MS later), so a burst of them — typing —
   * redraws it once.
   */
  refresh(rereadTexts = false): void {
    if (rereadTexts) this.texts.clear();
    this.roots = undefined;
    clearTimeout(this.timer);
    this.firstPending ??= Date.now();
    const wait = Math.min(DEBOUNCE_MS, Math.max(0, this.firstPending + MAX_WAIT_MS - Date.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.firstPending = undefined;
      this.showScope();
      this.changed.fire(undefined);
    }, wait);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = treeItem(node, this.presentation(snapshotOf(node)?.codebook));
    item.id = node.id;
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.rootNodes();
    if (!node.children) {
      await this.loadTexts(articlesShownBy(node));
      node.children ??= childrenOf(node, article => this.textOf(article));
    }
    return node.children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /**
   * The entity's row under Actors, if it is in scope: under the codebook given (by default the
   * active article's, where the view shows several).
   */
  async findEntity(id: string, codebook: CodebookStore = forActiveArticle(this.services).codebook): Promise<EntityNode | undefined> {
    const top = this.rootNodes();
    const corpus = top.find((n): n is CorpusNode => n.kind === 'corpus' && n.snapshot.store === codebook);
    const actors = (corpus ? corpus.children : top).find((n): n is RootNode => n.kind === 'root' && n.root === 'actors');
    if (!actors) return undefined;
    for (const type of await this.getChildren(actors)) {
      const hit = (await this.getChildren(type)).find((n): n is EntityNode => n.kind === 'entity' && n.summary.id === id);
      if (hit) return hit;
    }
    return undefined;
  }

  private rootNodes(): TreeNode[] {
    if (!this.roots) {
      const reasonOf = (article: string, id: string) => this.services.store.get(article)?.orphanReasons.get(id);
      if (this.currentScope === 'article') {
        const store = forArticle(this.services, this.currentArticle).codebook;
        const articles = this.services.corpus.articles(article => article === this.currentArticle);
        this.roots = buildRoots({ articles, codebook: store.codebook, store, idPrefix: '', scope: 'article', reasonOf },
          this.currentArticle && fileName(this.currentArticle));
      } else {
        // Each codebook's articles apart: an id means one actor only within its codebook.
        const partitions = partitionByCodebook(this.services, this.services.corpus.articles());
        if (!partitions.length) partitions.push({ store: this.services.codebook, label: '', articles: [] });
        const several = partitions.length > 1;
        this.roots = buildCorpora(partitions.map(({ store, label, articles }) => ({ label, snapshot:
          { articles, codebook: store.codebook, store, idPrefix: several ? `${store.location ?? ''}|` : '', scope: 'workspace' as const, reasonOf } })));
      }
      const review = this.roots.flatMap(n => (n.kind === 'corpus' ? n.children : [n]))
        .reduce((sum, n) => sum + (n.kind === 'root' && n.root === 'review' ? n.count : 0), 0);
      this.view.badge = review ? { value: review, tooltip: `${review} annotation${review === 1 ? '' : 's'} to review` } : undefined;
    }
    return this.roots;
  }

  /** @param codebook the codebook of the rows shown (the workspace's by default) */
  private presentation(codebook: Codebook = this.services.codebook.codebook): Presentation {
    return {
      codebook,
      textOf: article => this.textOf(article),
      extensionUri: this.extensionUri,
    };
  }

  private textOf(article: string): CodePointIndex | undefined {
    return this.services.store.get(article)?.text ?? this.texts.get(article)?.text;
  }

  /** Reads the texts of closed articles that rows are about to show (again when their sidecar changed). */
  private async loadTexts(articles: readonly ArticleAnnotations[]): Promise<void> {
    const wanted = articles.filter(a => !this.services.store.get(a.article) && this.texts.get(a.article)?.sidecar !== a.sidecar);
    await Promise.all(wanted.map(async ({ article, sidecar }) => {
      const raw = await this.services.fs.readText(article).catch(() => undefined);
      this.texts.set(article, { sidecar, text: raw === undefined ? undefined : new CodePointIndex(normalizeNewlines(raw)) });
    }));
  }

  /** Follows the active editor when it shows an article; true when that is a different article. */
  private follow(editor: vscode.TextEditor | undefined): boolean {
    if (!editor || !this.services.tracker.isArticle(editor.document)) return false; // keep showing the last article
    const location = toLocation(editor.document.uri);
    if (location === this.currentArticle) return false;
    this.currentArticle = location;
    if (this.currentScope === 'article') this.showScope();
    return true;
  }

  private showScope(): void {
    void vscode.commands.executeCommand('setContext', ContextKey.treeScope, this.currentScope);
    this.view.description = this.currentScope === 'workspace' ? 'Whole workspace'
      : this.currentArticle ? `Article: ${fileName(this.currentArticle)}` : 'Current article';
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

export function configuredScope(): TreeScope {
  return vscode.workspace.getConfiguration().get<string>(ConfigKey.treeScope) === 'article' ? 'article' : 'workspace';
}
