// "Compare Annotations with HEAD": the current article's annotations (as they are in the editor,
// saved or not) against its sidecar in the last commit, summarised as `claimlens diff` does. HEAD
// is read through the built-in Git extension's API (no shell); the command is hidden where there
// is no git (see the when-clause in package.json), e.g. on vscode.dev.
import * as vscode from 'vscode';
import { diffSidecars, emptyDiff, formatDiffMarkdown } from '../../core/annotationDiff';
import { Sidecar } from '../../core/model';
import { hasErrors } from '../../core/problems';
import { loadSidecar } from '../../core/sidecarFormat';
import { normalizeNewlines } from '../../core/text';
import { CommandId } from '../../ids';
import { activeArticle, register, Services, UserError } from '../services';
import { toUri } from '../workspaceFs';

/** The part of the Git extension's API this command uses (extensions/git/src/api/git.d.ts). */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

export const COMPARE_SCHEME = 'claimlens-compare';

/** Read-only documents holding the summaries, by URI. */
class Summaries implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  add(name: string, markdown: string): vscode.Uri {
    // A new URI each time: the editor caches a virtual document's text by URI.
    const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${name} — annotations vs HEAD.md`, query: String(++this.count) });
    this.texts.set(uri.toString(), markdown);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

async function gitApi(): Promise<GitApi> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) throw new UserError('Comparing with HEAD needs the built-in Git extension.');
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports.enabled) throw new UserError('Git is turned off (setting git.enabled).');
  return exports.getAPI(1);
}

/** The sidecar at HEAD; undefined when HEAD has no such file (the annotations are new). */
async function sidecarAtHead(repository: GitRepository, sidecar: vscode.Uri): Promise<Sidecar | undefined> {
  let text: string;
  try {
    text = await repository.show('HEAD', sidecar.fsPath);
  } catch (e) {
    // The API reports a path missing at HEAD (or a repository without commits) as a git error.
    const stderr = String((e as { stderr?: string })?.stderr ?? (e as Error)?.message ?? e);
    if (/does not exist|exists on disk, but not in|invalid object name|bad revision|unknown revision/i.test(stderr)) return undefined;
    throw new UserError(`Could not read the sidecar at HEAD: ${stderr.trim().split('\n')[0]}`);
  }
  const loaded = loadSidecar(normalizeNewlines(text));
  if (!loaded.sidecar || hasErrors(loaded.problems)) throw new UserError('The sidecar at HEAD cannot be read (it has errors), so there is nothing to compare with.');
  return loaded.sidecar;
}

async function compareWithHead(services: Services, summaries: Summaries): Promise<vscode.Uri> {
  const { state } = await activeArticle(services);
  const sidecarUri = toUri(state.sidecarLocation);
  if (sidecarUri.scheme !== 'file') throw new UserError('Comparing with HEAD works for files on disk in a git repository.');
  const repository = (await gitApi()).getRepository(sidecarUri);
  if (!repository) throw new UserError('This article is not in a git repository that VS Code has open.');
  const head = await sidecarAtHead(repository, sidecarUri);
  const name = vscode.workspace.asRelativePath(sidecarUri, false);
  const diff = diffSidecars(emptyDiff(), name, head, state.sidecar);
  const uri = summaries.add(name.split('/').pop() ?? name, formatDiffMarkdown(diff, { title: `${name}: annotations compared with HEAD` }));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown').then(undefined, () => undefined);
  // The rendered preview when the Markdown extension is there; the text otherwise.
  const previewed = await vscode.commands.executeCommand('markdown.showPreviewToSide', uri).then(() => true, () => false);
  if (!previewed) await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return uri;
}

export function registerCompareHeadCommand(services: Services): vscode.Disposable[] {
  const summaries = new Summaries();
  return [
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, summaries),
    register(CommandId.compareWithHead, () => compareWithHead(services, summaries)),
  ];
}
