// Which documents are articles, and keeping the store in step with them: edits typed in the editor
// shift offsets exactly; a reload from disk (checkout, pull, another editor) takes the sidecar on
// disk when it matches the new text, and re-anchors otherwise.
import * as vscode from 'vscode';
import { isWorkspaceScheme } from '../core/documentScope';
import { Sidecar, SIDECAR_SUFFIX } from '../core/model';
import { TextEdit } from '../core/shift';
import { normalizeNewlines, Utf16Edit } from '../core/text';
import { AnnotationStore } from '../store/annotationStore';
import { FileSystem } from '../store/fileSystem';
import { Config } from './config';
import { ExtensionLog } from './log';
import { positionsOf } from './positions';
import { toLocation } from './workspaceFs';

export class ArticleTracker implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Extension work per change event, in ms (last 200), for the editor benchmark. */
  readonly changeTimings: number[] = [];
  /** Per article: annotations as they were before the current burst of changes. */
  private readonly pending = new Map<string, { before: Sidecar; timer: ReturnType<typeof setTimeout> | undefined }>();
  static readonly SETTLE_MS = 150;
  private readonly opening = new Map<string, Promise<void>>();
  /** Per article: the document version whose text the store holds, as far as this tracker knows. */
  private readonly versions = new Map<string, number>();
  /** Per article: the texts before recent changes and the annotations on them (for undo/redo). */
  private readonly history = new Map<string, { text: string; sidecar: Sidecar }[]>();
  static readonly HISTORY = 100;

  /** @param fs the workspace's files, read under ClaimLens's rules (no links followed, nothing outside the workspace) */
  constructor(private readonly store: AnnotationStore, private config: Config, private readonly log: ExtensionLog, private readonly fs: FileSystem) {
    store.isDocumentDirty = location => this.documentAt(location)?.isDirty ?? false;
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument(d => void this.track(d)),
      vscode.workspace.onDidCloseTextDocument(d => this.untrack(d)),
      vscode.workspace.onDidChangeTextDocument(e => this.onChange(e)),
    );
  }

  setConfig(config: Config): void {
    this.config = config;
    for (const d of vscode.workspace.textDocuments) void this.track(d);
  }

  /** An article is a workspace file (allow-listed URI scheme) in one of the article languages, not a sidecar. */
  isArticle(doc: vscode.TextDocument): boolean {
    const folderSchemes = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri.scheme);
    return isWorkspaceScheme(doc.uri.scheme, folderSchemes) && this.config.languages.includes(doc.languageId)
      && !doc.uri.path.endsWith(SIDECAR_SUFFIX);
  }

  /** In one of the article languages, whatever its scheme (an untitled plain-text document is, but is not an article). */
  isAnnotatableLanguage(doc: vscode.TextDocument): boolean {
    return this.config.languages.includes(doc.languageId) && !doc.uri.path.endsWith(SIDECAR_SUFFIX);
  }

  /** The article is open in the store, or its annotations are being loaded. */
  isOpenOrOpening(location: string): boolean {
    return this.store.get(location) !== undefined || this.opening.has(location);
  }

  /** True when loading this article's annotations failed (the log says why); a later track tries again. */
  failed(location: string): boolean {
    return this.failures.has(location);
  }
  private readonly failures = new Set<string>();

  async trackAll(): Promise<void> {
    await Promise.all(vscode.workspace.textDocuments.map(d => this.track(d)));
  }

  /**
   * Starts or stops tracking a document. Never throws: a document whose sidecar cannot be read is
   * logged and left untracked, so one file never stops activation or the other articles.
   */
  async track(doc: vscode.TextDocument): Promise<void> {
    const location = toLocation(doc.uri);
    try {
      if (!this.isArticle(doc)) { if (this.store.get(location)) await this.store.close(location); return; }
      if (this.store.get(location)) return;
      // Opening reads the sidecar; callers arriving meanwhile wait for the same load.
      let opening = this.opening.get(location);
      if (!opening) {
        const version = doc.version;
        opening = this.store.open(location, doc.getText()).then(() => { this.versions.set(location, version); }).finally(() => this.opening.delete(location));
        this.opening.set(location, opening);
      }
      await opening;
      this.failures.delete(location);
    } catch (e) {
      this.failures.add(location);
      this.log.fileFailure('openArticle', location, e);
    }
  }

  /** Re-reads the sidecar of an open article (it changed on disk), keeping unsaved annotation changes. Never throws (see track). */
  async reload(location: string): Promise<void> {
    const doc = this.documentAt(location);
    if (!doc) return;
    if (!this.store.get(location)) {
      // An earlier load failed: the sidecar that changed may now be readable.
      if (this.failures.has(location)) await this.track(doc);
      return;
    }
    try {
      await this.store.reloadSidecar(location, doc.getText(), doc.isDirty);
    } catch (e) {
      this.log.fileFailure('reloadSidecar', location, e);
    }
  }

  private untrack(doc: vscode.TextDocument): void {
    const location = toLocation(doc.uri);
    this.history.delete(location);
    this.versions.delete(location);
    this.failures.delete(location);
    if (this.store.get(location)) void this.store.close(location).catch(e => this.log.fileFailure('openArticle', location, e));
  }

  /**
   * Files were deleted on disk (`location`, or a folder holding it): articles among them that are
   * still gone a moment later (git replaces a file by deleting and creating it) and whose document
   * is not dirty leave the store, so the Entities view and the index show the disk.
   */
  deletedOnDisk(location: string): void {
    const folder = location.endsWith('/') ? location : location + '/';
    const candidates = this.store.all().map(s => s.location).filter(l => l === location || l.startsWith(folder));
    if (!candidates.length) return;
    setTimeout(() => void Promise.all(candidates.map(async article => {
      const doc = this.documentAt(article);
      if (doc?.isDirty || !this.store.get(article)) return;
      const exists = (await this.fs.stat(article).catch(() => undefined)) !== undefined;
      if (!exists) this.store.forgetDeleted(article);
    })), ArticleTracker.DELETION_SETTLE_MS);
  }
  static readonly DELETION_SETTLE_MS = 1000;

  /**
   * A file appeared on disk (a checkout brought it back): its document, if still open and no
   * longer tracked, is tracked again once the editor shows the text on disk (it re-reads it a
   * moment later), so the annotations are placed on the right text.
   */
  async createdOnDisk(location: string, tries = 10): Promise<void> {
    const doc = this.documentAt(location);
    if (!doc || doc.isClosed || this.store.get(location)) return;
    const onDisk = await this.fs.readText(location).catch(() => undefined);
    if (onDisk === undefined) return;
    if (normalizeNewlines(onDisk) === normalizeNewlines(doc.getText()) || tries <= 1) { await this.track(doc); return; }
    await new Promise(r => setTimeout(r, 300));
    await this.createdOnDisk(location, tries - 1);
  }

  private documentAt(location: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find(d => toLocation(d.uri) === location);
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length) return;
    const location = toLocation(e.document.uri);
    const state = this.store.get(location);
    if (!state) return;
    const t0 = performance.now();
    // Highlights follow every change at once, exactly.
    if (!this.pending.has(location)) this.pending.set(location, { before: state.sidecar, timer: undefined });
    const old = positionsOf(state.text);
    const utf16: Utf16Edit[] = e.contentChanges.map(c => ({ start: old.utf16Offset(c.range.start), end: old.utf16Offset(c.range.end), text: normalizeNewlines(c.text) }));
    const edits: TextEdit[] = utf16.map(u => ({ start: old.index.toCodePoint(u.start), end: old.index.toCodePoint(u.end), text: u.text }));
    this.remember(location, state.text.text, state.sidecar);
    // The new text is the old one with the edits applied (no copy of the document per keystroke),
    // unless a carriage return was typed (it may join a line break next to it) or the store's text
    // may be of an older version than the one this change starts from (changes during a load).
    const incremental = this.versions.get(location) === e.document.version - 1 && !e.contentChanges.some(c => c.text.includes('\r'));
    const next = incremental ? old.index.edited(utf16) : undefined;
    if (next) old.edited(next, utf16);
    this.store.applyTextEdits(location, edits, next ?? e.document.getText());
    this.versions.set(location, e.document.version);
    if (e.reason !== undefined) {
      // Undo/redo returns to a text seen before: its annotations return to where they were then.
      const now = this.store.get(location)!.text.text;
      const then = [...(this.history.get(location) ?? [])].reverse().find(h => h.text.length === now.length && h.text === now);
      if (then) this.store.restoreFrom(location, then.sidecar);
    }
    this.changeTimings.push(performance.now() - t0);
    if (this.changeTimings.length > 200) this.changeTimings.shift();
    // A change that leaves the document clean was not typed here: the file was reloaded from
    // disk (checkout, pull, another editor). The dirty flag can lag the change event, so look a
    // moment later, then re-anchor what was known before by quote instead of trusting the shift.
    const pending = this.pending.get(location)!;
    clearTimeout(pending.timer);
    const version = e.document.version;
    pending.timer = setTimeout(() => {
      this.pending.delete(location);
      if (e.document.isClosed || e.document.isDirty || e.document.version !== version || e.reason !== undefined) return;
      void this.store.settleReload(location, pending.before, e.document.getText()).catch(err => this.log.fileFailure('reloadSidecar', location, err));
    }, ArticleTracker.SETTLE_MS);
  }

  private remember(location: string, text: string, sidecar: Sidecar): void {
    let h = this.history.get(location);
    if (!h) this.history.set(location, h = []);
    h.push({ text, sidecar });
    if (h.length > ArticleTracker.HISTORY) h.shift();
  }

  dispose(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
