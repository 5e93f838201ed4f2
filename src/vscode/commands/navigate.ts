// Moving between annotations, undo, and the sidecar file.
import * as vscode from 'vscode';
import { CommandId, ViewId } from '../../ids';
import { positionsOf } from '../positions';
import { activeArticle, register, Services, UserError } from '../services';
import { flashStatus } from '../statusBar';
import { toUri } from '../workspaceFs';

async function step(services: Services, direction: 1 | -1): Promise<unknown> {
  const { editor, state } = await activeArticle(services);
  const pos = positionsOf(state.text);
  const here = pos.offset(editor.selection.start);
  const spans = [...state.sidecar.mentions, ...state.sidecar.claims].filter(a => a.anchor !== 'orphan')
    .sort((a, b) => a.start - b.start || a.end - b.end);
  if (!spans.length) throw new UserError('This article has no annotations yet.');
  const target = direction === 1
    ? spans.find(a => a.start > here) ?? spans[0]
    : [...spans].reverse().find(a => a.start < here) ?? spans[spans.length - 1];
  const range = pos.range(target.start, target.end);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return target.id;
}

/** Opens an article and selects one of its annotations. */
export async function revealAnnotation(services: Services, article: string, id: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(toUri(article));
  const editor = await vscode.window.showTextDocument(doc, { preview: true });
  await services.tracker.track(doc);
  const state = services.store.get(article);
  const a = services.store.find(article, id);
  if (state && a) {
    const range = positionsOf(state.text).range(Math.min(a.start, state.text.length), Math.min(a.end, state.text.length));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return editor;
}

async function openSidecar(services: Services): Promise<unknown> {
  const { state, location } = await activeArticle(services);
  await services.store.flush(location);
  if ((await services.fs.stat(state.sidecarLocation)) === undefined) throw new UserError('This article has no annotations yet, so there is no sidecar file.');
  const doc = await vscode.workspace.openTextDocument(toUri(state.sidecarLocation));
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  return state.sidecarLocation;
}

export function registerNavigateCommands(services: Services): vscode.Disposable[] {
  return [
    register(CommandId.nextAnnotation, () => step(services, 1)),
    register(CommandId.previousAnnotation, () => step(services, -1)),
    register(CommandId.undo, () => {
      const label = services.store.undo();
      if (!label) throw new UserError('There is no annotation action to undo.');
      flashStatus(`ClaimLens: undid ${label}`, 3000);
      return label;
    }),
    register(CommandId.openSidecar, () => openSidecar(services)),
    register(CommandId.focusTree, () => vscode.commands.executeCommand(`${ViewId.entities}.focus`)),
    register(CommandId.revealAnnotation, (article: string, id: string) => revealAnnotation(services, article, id)),
  ];
}
