// The composition root: builds the stores and the editor features, wires their events, and hands
// every disposable to VS Code. Nothing else creates long-lived objects.
import * as vscode from 'vscode';
import { CODEBOOK_FILE, SIDECAR_SUFFIX } from './core/model';
import { ContextKey } from './ids';
import { AnnotationStore } from './store/annotationStore';
import { CodebookRegistry } from './store/codebookRegistry';
import { CodebookStore } from './store/codebookStore';
import { CorpusView } from './store/corpusView';
import { FileSystem } from './store/fileSystem';
import { reanchorOnDisk } from './store/reanchorOnDisk';
import { ArticleAssociationOffer } from './vscode/articleAssociation';
import { ArticleTracker } from './vscode/articleTracker';
import { registerAgreementCommand } from './vscode/commands/agreement';
import { registerAnnotateCommands } from './vscode/commands/annotate';
import { registerCompareHeadCommand } from './vscode/commands/compareHead';
import { registerGettingStartedCommands } from './vscode/commands/gettingStarted';
import { registerMentionCommands } from './vscode/commands/mentions';
import { registerNavigateCommands } from './vscode/commands/navigate';
import { registerSuggestions, SuggestionController } from './vscode/suggestions';
import { ConfigWatcher } from './vscode/config';
import { DecorationManager } from './vscode/decorations';
import { DiagnosticsPublisher } from './vscode/diagnostics';
import { AnnotationHoverProvider } from './vscode/hoverProvider';
import { registerLanguageFeatures } from './vscode/language';
import { notifyError, setNotificationLog } from './vscode/notify';
import { PrompterHolder, QuickInputPrompter } from './vscode/prompter';
import { Services } from './vscode/services';
import { onGitRepositoryChange } from './vscode/gitEvents';
import { ExtensionLog } from './vscode/log';
import { StatusBar } from './vscode/statusBar';
import { registerNetworkCommand } from './vscode/network/command';
import { NetworkPanel } from './vscode/network/panel';
import { registerTreeCommands } from './vscode/tree/commands';
import { EntityTree } from './vscode/tree/provider';
import { toLocation, toUri, WorkspaceFileSystem } from './vscode/workspaceFs';
// Node for folders on disk; the web build substitutes src/node/local.web.ts (none).
import { localFileSystem } from './node/local';

export interface ClaimLensApi {
  services: Services;
  decorations: DecorationManager;
  prompter: PrompterHolder;
  statusBar: StatusBar;
  tree: EntityTree;
  associationOffer: ArticleAssociationOffer;
  suggestions: SuggestionController;
  /** The open Discourse Network panel, if any. */
  networkPanel(): NetworkPanel | undefined;
  /** How long activate() itself took, in ms (without loading the bundle): for the benchmarks. */
  activationMs: number;
  /** Resolves when the articles open at activation are loaded and highlighted. */
  highlighted: Promise<void>;
  /** Resolves when the workspace scan that follows activation has finished (after `highlighted`). */
  ready: Promise<void>;
}

/** In an untrusted workspace annotations are shown but nothing is written. */
class TrustGuardedFileSystem implements FileSystem {
  constructor(private readonly inner: FileSystem) {}
  readText(l: string) { return this.inner.readText(l); }
  stat(l: string) { return this.inner.stat(l); }
  findFiles(r: string, s: string) { return this.inner.findFiles(r, s); }
  async writeTextAtomic(l: string, t: string): Promise<void> {
    if (!vscode.workspace.isTrusted) throw new Error('this workspace is not trusted, so ClaimLens does not write files in it');
    return this.inner.writeTextAtomic(l, t);
  }
}

/** How long a closed article and its sidecar must be left alone before the sidecar is re-anchored on disk. */
const CLOSED_ARTICLE_SETTLE_MS = 500;

/** A created path that may be a folder full of articles (not a file ClaimLens knows, not inside .git). */
function mayBeFolder(uri: vscode.Uri): boolean {
  return !/\/\.git(\/|$)/.test(uri.path) && !/\.(txt|article|ya?ml|json|md|claimlens-tmp)$/i.test(uri.path);
}

export function activate(context: vscode.ExtensionContext): ClaimLensApi {
  const started = performance.now();
  const subs = context.subscriptions;
  const log = new ExtensionLog();
  subs.push(log);
  setNotificationLog(log); // command errors: the full text goes to the log, the notification stays inert
  subs.push({ dispose: () => setNotificationLog(undefined) });
  const failedSaves = new Set<string>();
  const config = new ConfigWatcher();
  const fs = new TrustGuardedFileSystem(new WorkspaceFileSystem({
    roots: () => (vscode.workspace.workspaceFolders ?? []).map(f => f.uri),
    privateRoots: () => (context.storageUri ? [context.storageUri] : []),
    maxDataBytes: () => config.value.maxDataBytes,
    local: localFileSystem,
  }));
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  const codebook = new CodebookStore(fs, root && toLocation(vscode.Uri.joinPath(root, CODEBOOK_FILE)));
  // Each article is checked against the nearest codebook above it, as on the command line.
  const codebooks = new CodebookRegistry(fs, () => (vscode.workspace.workspaceFolders ?? []).map(f => toLocation(f.uri)), codebook);
  const store = new AnnotationStore(fs, article => codebooks.codebookOf(article), config.value.saveDelayMs);
  flushPending = () => store.flush();
  // The workspace index is cached per workspace (outside the repository), keyed by file hash.
  const indexCache = context.storageUri && toLocation(vscode.Uri.joinPath(context.storageUri, 'workspace-index.json'));
  const corpus = new CorpusView(fs, store, () => (vscode.workspace.workspaceFolders ?? []).map(f => toLocation(f.uri)), indexCache);
  const tracker = new ArticleTracker(store, config.value, log, fs);
  const prompter = new PrompterHolder(new QuickInputPrompter());
  const services: Services = { fs, store, codebook, corpus, prompter, tracker, codebookOf: article => codebooks.storeOf(article) ?? codebook,
    resolveCodebook: async article => (await codebooks.resolve(article)) ?? codebook,
    codebooks: () => [codebook, ...codebooks.all().filter(s => s !== codebook)],
    onDidChangeCodebooks: listener => { const a = codebook.onDidChange(listener); const b = codebooks.onDidChange(listener); return { dispose: () => { a.dispose(); b.dispose(); } }; } };
  const decorations = new DecorationManager(store, codebook, config.value, article => codebooks.storeOf(article) ?? codebook);
  const diagnostics = new DiagnosticsPublisher(store, () => services.codebooks(), corpus);
  const statusBar = new StatusBar(store);
  subs.push(config, tracker, decorations, diagnostics, statusBar, { dispose: () => { void store.flush(); void corpus.persist(); store.dispose(); codebooks.dispose(); codebook.dispose(); corpus.dispose(); } });

  // Highlights follow each change at once; the corpus views and Problems panel when typing pauses.
  let corpusTimer: ReturnType<typeof setTimeout> | undefined;
  const corpusChanged = () => {
    clearTimeout(corpusTimer);
    corpusTimer = setTimeout(() => { corpus.notify(); diagnostics.publish(); }, 100);
  };
  // The Problems panel walks the whole corpus: after a burst of sidecars changed on disk (a
  // checkout), once when the changes pause, not once per file.
  let publishTimer: ReturnType<typeof setTimeout> | undefined;
  const publishSoon = () => { publishTimer ??= setTimeout(() => { publishTimer = undefined; diagnostics.publish(); }, 100); };
  // The registry tells of each folder whose codebook it found: a corpus of many folders opened at
  // once (or a workspace-wide search) finds hundreds in a burst. The first report is taken in at
  // once, the rest of a burst together, at most every 50 ms.
  let codebooksTimer: ReturnType<typeof setTimeout> | undefined;
  let codebooksPending = false;
  const codebooksChangedSoon = () => {
    if (codebooksTimer) { codebooksPending = true; return; }
    store.recheckAll(); decorations.resetTypes(); publishSoon();
    codebooksTimer = setTimeout(() => {
      codebooksTimer = undefined;
      if (codebooksPending) { codebooksPending = false; codebooksChangedSoon(); }
    }, 50);
  };
  subs.push({ dispose: () => { clearTimeout(corpusTimer); clearTimeout(publishTimer); clearTimeout(codebooksTimer); } });
  const refreshEditors = (location?: string) => {
    for (const e of vscode.window.visibleTextEditors) if (!location || toLocation(e.document.uri) === location) decorations.refresh(e);
    statusBar.update(vscode.window.activeTextEditor);
  };
  subs.push(
    store.onDidChange(state => { refreshEditors(state.location); corpusChanged(); }),
    codebook.onDidChange(() => { store.recheckAll(); decorations.resetTypes(); diagnostics.publish(); }),
    codebooks.onDidChange(codebooksChangedSoon),
    corpus.onDidChange(publishSoon),
    config.onDidChange(c => { store.saveDelayMs = c.saveDelayMs; tracker.setConfig(c); decorations.setConfig(c); refreshEditors(); }),
    vscode.window.onDidChangeVisibleTextEditors(editors => editors.forEach(e => decorations.refresh(e))),
    vscode.window.onDidChangeActiveTextEditor(e => statusBar.update(e)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => refreshEditors()),
    store.onDidFailSave(({ state, error }) => {
      // In Restricted Mode nothing is saved by design; the view says so once, not every save.
      if (!vscode.workspace.isTrusted) return;
      // Once per file until a save succeeds again: the annotations stay in memory and are retried.
      if (failedSaves.has(state.sidecarLocation)) return;
      failedSaves.add(state.sidecarLocation);
      notifyError(`could not save ${vscode.workspace.asRelativePath(toUri(state.sidecarLocation))}: ${error.message}. Your annotations are kept and saved with the next change.`);
    }),
    store.onDidSave(state => failedSaves.delete(state.sidecarLocation)),
  );

  // Files changed outside the editor: sidecars, the codebook, and articles that are not open.
  const sidecars = vscode.workspace.createFileSystemWatcher(`**/*${SIDECAR_SUFFIX}`);
  // Git writes an article and its sidecar one after the other, in either order: a closed article
  // is re-anchored on disk only once both have been quiet for a moment.
  const settling = new Map<string, ReturnType<typeof setTimeout>>();
  const reanchorClosedSoon = (article: string, onlyIfPending = false) => {
    if (onlyIfPending && !settling.has(article)) return;
    clearTimeout(settling.get(article));
    settling.set(article, setTimeout(() => {
      settling.delete(article);
      if (!store.get(article) && vscode.workspace.isTrusted) {
        void reanchorOnDisk(fs, article).then(r => { if (r === 'later') reanchorClosedSoon(article); }, e => log.fileFailure('reanchorOnDisk', article, e));
      }
    }, CLOSED_ARTICLE_SETTLE_MS));
  };
  subs.push({ dispose: () => settling.forEach(t => clearTimeout(t)) });
  const onSidecar = async (uri: vscode.Uri) => {
    const location = toLocation(uri);
    corpus.noteFileEvent();
    const article = location.slice(0, -SIDECAR_SUFFIX.length);
    reanchorClosedSoon(article, true);
    // Re-indexed a moment later with the others of the same burst (a checkout writes thousands):
    // the store's annotations stand in for the index's for an open article, so this never delays
    // loading the article's own highlights either.
    corpus.refreshSoon(location, (l, e) => log.fileFailure('indexFile', l, e));
    await tracker.reload(article);
  };
  // The Entities view's welcome content offers a starter codebook where there is none.
  const showHasCodebook = async () => void vscode.commands.executeCommand('setContext', ContextKey.hasCodebook,
    !!codebook.location && (await fs.stat(codebook.location)) !== undefined);
  const loadCodebook = () => codebook.load().catch(e => log.fileFailure('readCodebook', codebook.location ?? '(none)', e)).then(showHasCodebook);
  // Any codebook file: the registry reloads it (the primary one included) and looks again when one appears or goes.
  const onCodebookFile = (uri: vscode.Uri, existence: boolean) => codebooks.fileChanged(toLocation(uri), existence)
    .catch(e => log.fileFailure('readCodebook', toLocation(uri), e)).then(showHasCodebook);
  const codebookWatcher = vscode.workspace.createFileSystemWatcher(`**/${CODEBOOK_FILE}`);
  const articles = vscode.workspace.createFileSystemWatcher('**/*.{txt,article}', true, false, true);
  // A deleted folder reports no events for the files in it, nor does a folder moved in.
  const deletions = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  subs.push(sidecars, codebookWatcher, articles, deletions,
    deletions.onDidDelete(uri => {
      corpus.forgetFolder(toLocation(uri));
      tracker.deletedOnDisk(toLocation(uri));
      void codebooks.folderDeleted(toLocation(uri)).catch(e => log.fileFailure('readCodebook', toLocation(uri), e));
    }),
    deletions.onDidCreate(uri => {
      if (mayBeFolder(uri)) corpus.noteFileEvent(true);
      void tracker.createdOnDisk(toLocation(uri));
    }),
    sidecars.onDidChange(onSidecar), sidecars.onDidCreate(onSidecar), sidecars.onDidDelete(onSidecar),
    codebookWatcher.onDidChange(uri => onCodebookFile(uri, false)),
    codebookWatcher.onDidCreate(uri => onCodebookFile(uri, true)),
    codebookWatcher.onDidDelete(uri => onCodebookFile(uri, true)),
    articles.onDidChange(uri => {
      if (!store.get(toLocation(uri))) reanchorClosedSoon(toLocation(uri));
      void corpus.articleChanged(toLocation(uri)).catch(e => log.fileFailure('indexFile', toLocation(uri), e));
    }),
  );

  // A watcher event for an open article's sidecar can be lost in a burst: after git changed a
  // repository, and when the window regains focus (as VS Code re-checks its own editors then),
  // open articles whose sidecar differs from what was last read are re-read.
  const recheckOpenSidecars = async () => {
    for (const article of await store.staleOnDisk()) await tracker.reload(article);
  };
  // Git may also have deleted files whose events were lost: the index checks itself against the
  // disk, and open articles whose file is gone leave the store (each checked once git settles).
  const afterGit = () => {
    corpus.noteFileEvent(true);
    for (const state of store.all()) tracker.deletedOnDisk(state.location);
    return recheckOpenSidecars();
  };
  subs.push(onGitRepositoryChange(() => void afterGit().catch(e => log.fileFailure('reloadSidecar', '(open articles)', e))),
    vscode.window.onDidChangeWindowState(w => { if (w.focused) void recheckOpenSidecars().catch(e => log.fileFailure('reloadSidecar', '(open articles)', e)); }));

  subs.push(...registerAnnotateCommands(services), ...registerNavigateCommands(services), ...registerGettingStartedCommands(services, context.extensionUri),
    ...registerCompareHeadCommand(services), ...registerAgreementCommand(services));
  subs.push(vscode.languages.registerHoverProvider(
    config.value.languages.map(language => ({ language })), new AnnotationHoverProvider(store, article => services.codebookOf(article), corpus)));
  subs.push(...registerLanguageFeatures(services, config.value.languages), ...registerMentionCommands(services));
  // Suggestions build their gazetteer on first need, after activation.
  const suggestions = registerSuggestions(services, config.value.languages);
  subs.push(...suggestions.disposables);

  const tree = new EntityTree(services, config.value.treeScope, context.extensionUri);
  subs.push(tree, ...registerTreeCommands(services, tree), ...registerNetworkCommand(services, tree, context.extensionUri));
  const showTrust = () => { tree.view.message = vscode.workspace.isTrusted ? undefined
    : 'Restricted Mode: annotations are shown but not saved. Trust this folder to annotate it.'; };
  showTrust();
  subs.push(vscode.workspace.onDidGrantWorkspaceTrust(showTrust));

  const associationOffer = new ArticleAssociationOffer(fs, context.workspaceState);
  subs.push(associationOffer);

  // Activation only wires things up and returns: reading the codebook and the open articles'
  // sidecars follows at once, and the workspace scan only after their highlights are shown.
  // Nothing read from the workspace can fail activation: each failure is logged for its file.
  const highlighted = (async () => {
    await loadCodebook();
    await tracker.trackAll();
    refreshEditors();
    associationOffer.considerOpen();
  })().catch(e => log.fileFailure('openArticle', '(open articles)', e));
  const ready = highlighted.then(() => corpus.scan()).then(() => {
    for (const [location, problem] of corpus.readFailures) log.fileFailure('indexFile', location, problem.message);
    diagnostics.publish();
  }, e => log.fileFailure('indexFile', '(workspace scan)', e));
  return { services, decorations, prompter, statusBar, tree, associationOffer, suggestions: suggestions.controller,
    networkPanel: () => NetworkPanel.open, highlighted, ready, activationMs: performance.now() - started };
}

/** Writes the sidecar changes still waiting for their save; set by activate. */
let flushPending: (() => Promise<void>) | undefined;

/**
 * VS Code waits for the promise returned here (within its shutdown budget), so changes still
 * waiting for their debounced save reach the disk when the window closes. Everything else is
 * disposed through context.subscriptions.
 */
export function deactivate(): Promise<void> | undefined {
  return flushPending?.();
}
