// Which documents are articles, and keeping the store in step with them: edits typed in the editor
// shift offsets exactly; a reload from disk (checkout, pull, another editor) re-anchors.
import * as vscode from 'vscode';
import { SIDECAR_SUFFIX } from '../core/model';
import { TextEdit } from '../core/shift';
import { normalizeNewlines } from '../core/text';
import { AnnotationStore } from '../store/annotationStore';
import { Config } from './config';
import { positionsOf } from './positions';
import { toLocation } from './workspaceFs';

export class ArticleTracker implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Extension work per change event, in ms (last 200), for the editor benchmark. */
  readonly changeTimings: number[] = [];

  constructor(private readonly store: AnnotationStore, private config: Config) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument(d => void this.track(d)),
      vscode.workspace.onDidCloseTextDocument(d => void this.store.close(toLocation(d.uri))),
      vscode.workspace.onDidChangeTextDocument(e => this.onChange(e)),
    );
  }

  setConfig(config: Config): void {
    this.config = config;
    for (const d of vscode.workspace.textDocuments) void this.track(d);
  }

  isArticle(doc: vscode.TextDocument): boolean {
    return this.config.languages.includes(doc.languageId) && !doc.uri.path.endsWith(SIDECAR_SUFFIX)
      && doc.uri.scheme !== 'output' && doc.uri.scheme !== 'vscode-scm' && doc.uri.scheme !== 'git';
  }

  async trackAll(): Promise<void> {
    await Promise.all(vscode.workspace.textDocuments.map(d => this.track(d)));
  }

  async track(doc: vscode.TextDocument): Promise<void> {
    const location = toLocation(doc.uri);
    if (!this.isArticle(doc)) { if (this.store.get(location)) await this.store.close(location); return; }
    if (this.store.get(location)) return;
    await this.store.open(location, doc.getText());
  }

  /** Re-reads the sidecar of an open article (it changed on disk). */
  async reload(location: string): Promise<void> {
    const doc = vscode.workspace.textDocuments.find(d => toLocation(d.uri) === location);
    if (doc && this.store.get(location)) await this.store.open(location, doc.getText());
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length) return;
    const location = toLocation(e.document.uri);
    const state = this.store.get(location);
    if (!state) return;
    const t0 = performance.now();
    if (!e.document.isDirty && e.reason === undefined) {
      // The document now equals the file on disk after a change that was not typed here: the
      // file was changed outside the editor and reloaded. Re-anchor by quote.
      this.store.reanchorText(location, e.document.getText());
    } else {
      const old = positionsOf(state.text);
      const edits: TextEdit[] = e.contentChanges.map(c => ({ start: old.offset(c.range.start), end: old.offset(c.range.end), text: normalizeNewlines(c.text) }));
      this.store.applyTextEdits(location, edits, e.document.getText());
    }
    this.changeTimings.push(performance.now() - t0);
    if (this.changeTimings.length > 200) this.changeTimings.shift();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
