// Counts for the active article; a click focuses the Entities view. Also the short status-bar
// messages commands leave (which render `$(name)` as an icon, so names from files are escaped).
import * as vscode from 'vscode';
import { plainLabel } from '../core/plainText';
import { CommandId } from '../ids';
import { AnnotationStore } from '../store/annotationStore';
import { toLocation } from './workspaceFs';

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('claimlens.counts', vscode.StatusBarAlignment.Right, 100);

  constructor(private readonly store: AnnotationStore) {
    this.item.name = 'ClaimLens';
    this.item.command = CommandId.focusTree;
  }

  update(editor: vscode.TextEditor | undefined): void {
    const state = editor && this.store.get(toLocation(editor.document.uri));
    if (!state) { this.item.hide(); return; }
    const { mentions, claims } = state.sidecar;
    let orphans = 0, review = 0;
    for (const list of [mentions, claims]) for (const a of list) { if (a.anchor === 'orphan') orphans++; else if (a.anchor === 'fuzzy') review++; }
    this.item.text = `$(person) ${mentions.length} $(quote) ${claims.length}` + (orphans ? ` $(warning) ${orphans}` : '') + (review ? ` $(eye) ${review}` : '');
    this.item.tooltip = `ClaimLens: ${mentions.length} mentions, ${claims.length} claims, ${orphans} orphaned, ${review} to review` +
      (state.readonly ? ' — the sidecar has errors and is read-only' : '');
    this.item.backgroundColor = state.readonly ? new vscode.ThemeColor('statusBarItem.errorBackground') : orphans ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** A transient status-bar message; its text (often with names from files) never renders icons. */
export function flashStatus(text: string, ms: number): void {
  void vscode.window.setStatusBarMessage(plainLabel(text), ms);
}
