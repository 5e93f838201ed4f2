// Offers, once per corpus folder, to open its plain-text files in the `article` language (wrapped prose, the
// article grammar) when a plain-text file there has a sidecar or sits under a codebook. The answer is remembered
// in the workspace's state; "Open as Articles" adds a files.associations pattern to that workspace folder's settings.
import * as vscode from 'vscode';
import { isWorkspaceScheme } from '../core/documentScope';
import { CODEBOOK_FILE, SIDECAR_SUFFIX } from '../core/model';
import { FileSystem } from '../store/fileSystem';
import { toLocation } from './workspaceFs';

export const OPEN_AS_ARTICLES = 'Open as Articles';
export const NOT_NOW = 'Not Now';
export const NEVER = 'Never for This Folder';

type Answer = 'accepted' | 'declined';
/** Shows the question; tests replace it with a scripted answer. */
export type Ask = (message: string, ...buttons: string[]) => Thenable<string | undefined>;

export class ArticleAssociationOffer implements vscode.Disposable {
  ask: Ask = (message, ...buttons) => vscode.window.showInformationMessage(message, ...buttons);
  /** Corpus folders asked about in this window (a dismissed question is asked again in the next window only). */
  private readonly asked = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly fs: FileSystem, private readonly state: vscode.Memento) {
    this.subscription = vscode.workspace.onDidOpenTextDocument(d => void this.consider(d));
  }

  /** Looks at every open document (at activation). */
  considerOpen(): void {
    for (const d of vscode.workspace.textDocuments) void this.consider(d);
  }

  /** Resolves to the pattern added, or undefined when nothing was asked or it was declined. */
  async consider(doc: vscode.TextDocument): Promise<string | undefined> {
    try {
      if (doc.languageId !== 'plaintext' || doc.uri.path.endsWith(SIDECAR_SUFFIX)) return undefined;
      const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
      if (!folder || !isWorkspaceScheme(doc.uri.scheme, [folder.uri.scheme])) return undefined;
      const corpus = await this.corpusFolder(doc.uri, folder.uri);
      if (!corpus) return undefined;
      const key = `claimlens.articleAssociation:${corpus.toString()}`;
      if (this.asked.has(key) || this.state.get<Answer>(key)) return undefined;
      this.asked.add(key);
      // No file or folder name in the message: it is text from the repository.
      const choice = await this.ask('This plain-text file has ClaimLens annotations. Open the plain-text files of its folder as articles, with wrapped prose and the article grammar?',
        OPEN_AS_ARTICLES, NOT_NOW, NEVER);
      if (choice === NEVER) await this.state.update(key, 'declined');
      if (choice !== OPEN_AS_ARTICLES) return undefined;
      await this.state.update(key, 'accepted');
      // files.associations is a window setting: it lives in the workspace's settings, so a pattern names the folder
      // (the workspace folder's own name too when several are open).
      const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
      const pattern = associationPattern(folder.uri, corpus, extensionOf(doc.uri.path), multiRoot ? folder.name : undefined);
      const files = vscode.workspace.getConfiguration('files');
      const current = files.inspect<Record<string, string>>('associations')?.workspaceValue ?? {};
      await files.update('associations', { ...current, [pattern]: 'article' }, vscode.ConfigurationTarget.Workspace);
      return pattern;
    } catch {
      return undefined; // an offer that cannot be made is not worth a message
    }
  }

  /** The nearest folder up to the workspace folder that holds a codebook; else the article's folder if it has a sidecar. */
  private async corpusFolder(article: vscode.Uri, root: vscode.Uri): Promise<vscode.Uri | undefined> {
    const rootPath = root.path.replace(/\/$/, '');
    for (let dir = vscode.Uri.joinPath(article, '..'); ; dir = vscode.Uri.joinPath(dir, '..')) {
      if (await this.fs.stat(toLocation(vscode.Uri.joinPath(dir, CODEBOOK_FILE)))) return dir;
      if (dir.path.replace(/\/$/, '') === rootPath || !dir.path.startsWith(rootPath)) break;
    }
    return await this.fs.stat(toLocation(article) + SIDECAR_SUFFIX) ? vscode.Uri.joinPath(article, '..') : undefined;
  }

  dispose(): void { this.subscription.dispose(); }
}

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}

/**
 * `*.txt` for the workspace folder itself; `**∕corpus/**∕*.txt` for a folder inside it (a pattern with a slash
 * matches full paths); with `rootName` (multi-root workspaces), the workspace folder's name leads the path.
 */
export function associationPattern(root: vscode.Uri, corpus: vscode.Uri, extension: string, rootName?: string): string {
  const rel = [rootName, corpus.path.replace(/\/$/, '').slice(root.path.replace(/\/$/, '').length).replace(/^\//, '')].filter(Boolean).join('/');
  const glob = (s: string) => s.replace(/[[\]{}*?]/g, c => `[${c}]`);
  return rel ? `**/${glob(rel)}/**/*${glob(extension)}` : `*${glob(extension)}`;
}
