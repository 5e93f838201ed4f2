// What commands and providers share; built once in extension.ts.
import * as vscode from 'vscode';
import { CODEBOOK_FILE } from '../core/model';
import { AnnotationStore, ArticleState } from '../store/annotationStore';
import { CodebookStore } from '../store/codebookStore';
import { CorpusView } from '../store/corpusView';
import { FileSystem } from '../store/fileSystem';
import { WRITING_COMMANDS } from '../ids';
import { ArticleTracker } from './articleTracker';
import { notifyError } from './notify';
import { positionsOf } from './positions';
import { Prompter } from './prompter';
import { toLocation } from './workspaceFs';

export interface Services {
  fs: FileSystem;
  store: AnnotationStore;
  codebook: CodebookStore;
  corpus: CorpusView;
  prompter: Prompter;
  tracker: ArticleTracker;
  /**
   * The store of the codebook governing an article: the nearest `claimlens.codebook.yaml` above
   * it, as on the command line (the workspace's while that is still being looked up).
   */
  codebookOf(article: string): CodebookStore;
  /** The same, once the lookup has finished (for operations that must not guess). */
  resolveCodebook(article: string): Promise<CodebookStore>;
  /** Every codebook found so far: the workspace's and each nested corpus's. */
  codebooks(): CodebookStore[];
  /** Fires when a codebook changed, appeared or went, or a lookup found which one governs a folder. */
  onDidChangeCodebooks(listener: () => void): { dispose(): void };
}

/** Whether an article is governed by a codebook (the articles an operation on that codebook reaches). */
export function governedBy(services: Services, store: CodebookStore): (article: string) => boolean {
  return article => services.codebookOf(article) === store;
}

/** The services with `store` in place of the workspace's codebook. */
export function withCodebook(services: Services, store: CodebookStore): Services {
  return store === services.codebook ? services : { ...services, codebook: store };
}

/** The services as one article sees them: its own codebook in place of the workspace's. */
export function forArticle(services: Services, article: string | undefined): Services {
  return article === undefined ? services : withCodebook(services, services.codebookOf(article));
}

/** The services as the active editor's article sees them (see forArticle). */
export function forActiveArticle(services: Services): Services {
  const editor = vscode.window.activeTextEditor;
  return editor ? forArticle(services, toLocation(editor.document.uri)) : services;
}

/** The active article editor and its annotation state, or a clear message why there is none. */
export async function activeArticle(services: Services): Promise<{ editor: vscode.TextEditor; state: ArticleState; location: string }> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new UserError('Open an article first.');
  await services.tracker.track(editor.document);
  const location = toLocation(editor.document.uri);
  const state = services.store.get(location);
  if (!state && services.tracker.failed(location)) throw new UserError('ClaimLens could not load the annotations of this article. The ClaimLens log (Output panel) says why.');
  if (!state && services.tracker.isAnnotatableLanguage(editor.document)) throw new UserError('ClaimLens annotates files of the workspace; save this document in the workspace folder first.');
  if (!state) throw new UserError(`ClaimLens annotates ${'`'}article${'`'} and plain-text files; this is ${editor.document.languageId}.`);
  return { editor, state, location };
}

/** Code-point span of the editor's selection. */
export function selectionSpan(editor: vscode.TextEditor, state: ArticleState): { start: number; end: number } {
  const pos = positionsOf(state.text);
  return { start: pos.offset(editor.selection.start), end: pos.offset(editor.selection.end) };
}

/** An error meant for the user: shown as a message, not logged as a failure. */
export class UserError extends Error {}

export const MANAGE_TRUST = 'Manage Workspace Trust';

/** Says why a writing command does nothing in Restricted Mode, with the way out. */
export async function explainRestrictedMode(): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    'ClaimLens does not change files in Restricted Mode: annotations are shown, not saved. Trust this folder to annotate it.', MANAGE_TRUST);
  if (choice === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
}

/**
 * Refuses a change while the codebook has errors. They are listed in the Problems panel; their
 * text (which quotes the file) is not repeated in the notification.
 */
export function assertCodebookWritable(services: Services, what: string): void {
  if (services.codebook.blocked) throw new UserError(`Cannot ${what}: ${CODEBOOK_FILE} has errors, listed in the Problems panel. Nothing was changed.`);
}

export function register(id: string, run: (...args: any[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    if (!vscode.workspace.isTrusted && (WRITING_COMMANDS as readonly string[]).includes(id)) {
      // Before any question: nothing would be saved, so nothing is asked.
      void explainRestrictedMode();
      return undefined;
    }
    try {
      return await run(...args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // The message may quote files (names, ids, problem text): notifyError shows it inert.
      if (e instanceof UserError) notifyError(message);
      else { notifyError(message, e); console.error(`ClaimLens: ${id} failed`, e); }
      return undefined;
    }
  });
}
