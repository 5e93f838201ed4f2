// The first minute: a sample article to try ClaimLens on, and a starter codebook for a workspace that has none.
// Both write into the workspace, so in Restricted Mode they are refused before anything happens (ids.ts).
import * as vscode from 'vscode';
import { DEFAULT_CODEBOOK, saveCodebook } from '../../core/codebook';
import { CODEBOOK_FILE, SIDECAR_SUFFIX } from '../../core/model';
import { CommandId } from '../../ids';
import { register, Services, UserError } from '../services';
import { toLocation } from '../workspaceFs';

/** The folder the sample goes into, and the files it holds (shipped in media/walkthrough/sample/). */
export const SAMPLE_FOLDER = 'claimlens-sample';
export const SAMPLE_ARTICLE = '000_30b9ca53c861b234.txt';
const SAMPLE_FILES = [SAMPLE_ARTICLE, SAMPLE_ARTICLE + SIDECAR_SUFFIX, CODEBOOK_FILE];
const OPEN_FOLDER = 'Open Folder…';

async function firstFolder(): Promise<vscode.WorkspaceFolder> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) return folder;
  const choice = await vscode.window.showInformationMessage('Open a folder first: ClaimLens keeps annotations beside the articles of a folder.', OPEN_FOLDER);
  if (choice === OPEN_FOLDER) await vscode.commands.executeCommand('workbench.action.files.openFolder');
  throw new UserError('Open a folder first.');
}

/** Copies the sample article, its annotations and its codebook into claimlens-sample/ (once) and opens it. */
async function openSampleArticle(services: Services, extensionUri: vscode.Uri): Promise<string> {
  const folder = await firstFolder();
  const target = vscode.Uri.joinPath(folder.uri, SAMPLE_FOLDER);
  for (const name of SAMPLE_FILES) {
    const location = toLocation(vscode.Uri.joinPath(target, name));
    if (await services.fs.stat(location)) continue; // never overwrite: the user may have annotated it already
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media/walkthrough/sample', name));
    await services.fs.writeTextAtomic(location, new TextDecoder().decode(bytes));
  }
  const article = vscode.Uri.joinPath(target, SAMPLE_ARTICLE);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(article), { preview: false });
  await services.tracker.track(editor.document);
  return toLocation(article);
}

/** Writes a codebook with the default entity types at the workspace root, unless there is one, and opens it. */
async function createCodebook(services: Services): Promise<string> {
  const folder = await firstFolder();
  const uri = vscode.Uri.joinPath(folder.uri, CODEBOOK_FILE);
  const location = toLocation(uri);
  if (!(await services.fs.stat(location))) {
    const header = '# The codebook of this corpus: entity types, actors with their aliases, and topics. Shared by everyone\n' +
      '# who annotates here; ClaimLens adds actors and topics as you annotate. Format: docs/FORMAT.md of ClaimLens.\n';
    await services.fs.writeTextAtomic(location, header + saveCodebook(DEFAULT_CODEBOOK));
  }
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  return location;
}

export function registerGettingStartedCommands(services: Services, extensionUri: vscode.Uri): vscode.Disposable[] {
  return [
    register(CommandId.openSampleArticle, () => openSampleArticle(services, extensionUri)),
    register(CommandId.createCodebook, () => createCodebook(services)),
  ];
}
