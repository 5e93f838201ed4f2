// Suggestions in the editor: actor mentions found from the codebook's names, drawn with a dotted
// outline (distinct from annotations), accepted or rejected through a Quick Fix (Ctrl+.), commands
// and keybindings. A rejection is saved in the sidecar and never proposed again.
// The gazetteer is built on first need and rebuilt only when the codebook changes, so activation
// does not pay for it; suggestions are recomputed per text version and sidecar (a 100 KB article
// takes about a millisecond, so they simply follow each edit, redrawn once per burst of changes).
import * as vscode from 'vscode';
import { CommandId, ConfigKey } from '../../ids';
import { Codebook } from '../../core/model';
import { Gazetteer, MentionSuggestion, suggestMentions } from '../../core/suggest';
import { CodePointIndex } from '../../core/text';
import { ArticleState } from '../../store/annotationStore';
import { positionsOf } from '../positions';
import { activeArticle, register, Services, UserError } from '../services';
import { toLocation } from '../workspaceFs';

/** A label for an editor menu from codebook text: no `$(icon)` syntax survives. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

export class SuggestionController implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private gazetteer?: { codebook: Codebook; gazetteer: Gazetteer };
  private readonly computed = new WeakMap<ArticleState['sidecar'], { text: CodePointIndex; gazetteer: Gazetteer; suggestions: MentionSuggestion[] }>();
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    outline: '1px dotted', outlineColor: new vscode.ThemeColor('editorInfo.foreground'),
    overviewRulerColor: new vscode.ThemeColor('editorInfo.foreground'), overviewRulerLane: vscode.OverviewRulerLane.Left,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  /** What was last drawn per document location: read by tests. */
  readonly applied = new Map<string, MentionSuggestion[]>();
  private enabled = readEnabled();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.subs.push(
      services.store.onDidChange(state => this.schedule(state.location)),
      services.codebook.onDidChange(() => this.schedule()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      { dispose: () => clearTimeout(this.timer) },
      vscode.workspace.onDidChangeConfiguration(e => {
        if (!e.affectsConfiguration(ConfigKey.suggestionsEnabled)) return;
        this.enabled = readEnabled();
        this.schedule();
      }),
    );
  }

  /** The suggestions for an article as it is now (empty when switched off). */
  suggestionsFor(location: string): MentionSuggestion[] {
    const state = this.services.store.get(location);
    if (!state || !this.enabled) return [];
    const gazetteer = this.currentGazetteer();
    const cached = this.computed.get(state.sidecar);
    if (cached && cached.text === state.text && cached.gazetteer === gazetteer) return cached.suggestions;
    const suggestions = suggestMentions(gazetteer, state.text, state.sidecar);
    this.computed.set(state.sidecar, { text: state.text, gazetteer, suggestions });
    return suggestions;
  }

  private currentGazetteer(): Gazetteer {
    const codebook = this.services.codebook.codebook;
    if (this.gazetteer?.codebook !== codebook) this.gazetteer = { codebook, gazetteer: Gazetteer.fromCodebook(codebook) };
    return this.gazetteer.gazetteer;
  }

  refresh(editor: vscode.TextEditor): void {
    const location = toLocation(editor.document.uri);
    const state = this.services.store.get(location);
    const suggestions = state ? this.suggestionsFor(location) : [];
    if (!state && !this.applied.has(location)) return;
    const pos = state && positionsOf(state.text);
    editor.setDecorations(this.decoration, pos ? suggestions.map(s => pos.range(s.start, s.end)) : []);
    if (state) this.applied.set(location, suggestions); else this.applied.delete(location);
  }

  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: Set<string> | 'all' = new Set();

  /**
   * Redraws on the next turn of the event loop, once for a burst of changes: the articles opened
   * while the extension activates are drawn after activation, which so never builds the gazetteer.
   */
  private schedule(location?: string): void {
    if (location === undefined) this.pending = 'all';
    else if (this.pending !== 'all') this.pending.add(location);
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const pending = this.pending;
      this.pending = new Set();
      if (pending === 'all') this.refreshAll(); else pending.forEach(l => this.refreshLocation(l));
    }, 0);
  }

  private refreshLocation(location: string): void {
    for (const e of vscode.window.visibleTextEditors) if (toLocation(e.document.uri) === location) this.refresh(e);
  }

  private refreshAll(): void {
    for (const e of vscode.window.visibleTextEditors) this.refresh(e);
  }

  /** Suggestions touching a code-point span. */
  at(location: string, start: number, end: number): MentionSuggestion[] {
    return this.suggestionsFor(location).filter(s => s.start <= end && start <= s.end);
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const location = toLocation(document.uri);
    const state = this.services.store.get(location);
    if (!state) return [];
    const pos = positionsOf(state.text);
    const actions: vscode.CodeAction[] = [];
    for (const s of this.at(location, pos.offset(range.start), pos.offset(range.end))) {
      for (const entity of s.entity ? [s.entity] : s.candidates ?? []) {
        const name = this.services.codebook.codebook.entities.find(e => e.id === entity)?.name ?? entity;
        const action = new vscode.CodeAction(`Accept as ${plain(name)}`, vscode.CodeActionKind.QuickFix);
        action.command = { title: action.title, command: CommandId.acceptSuggestion, arguments: [document.uri.toString(), s.start, s.end, entity] };
        if (s.entity) action.isPreferred = true;
        actions.push(action);
      }
      const reject = new vscode.CodeAction(`Reject suggestion “${plain(s.text)}”`, vscode.CodeActionKind.QuickFix);
      reject.command = { title: reject.title, command: CommandId.rejectSuggestion, arguments: [document.uri.toString(), s.start, s.end, s.entity] };
      actions.push(reject);
    }
    return actions;
  }

  dispose(): void {
    this.subs.forEach(s => s.dispose());
    this.decoration.dispose();
  }
}

function readEnabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(ConfigKey.suggestionsEnabled) ?? true;
}

/** The controller, its Quick Fix provider and its commands. */
export function registerSuggestions(services: Services, languages: readonly string[]): { controller: SuggestionController; disposables: vscode.Disposable[] } {
  const controller = new SuggestionController(services);
  const { store } = services;
  const locationOf = (uri: unknown): string => {
    if (typeof uri !== 'string') throw new UserError('no article given');
    const location = toLocation(vscode.Uri.parse(uri));
    if (!store.get(location)) throw new UserError('that article is not open');
    return location;
  };
  const accept = (location: string, items: { start: number; end: number; entity: string }[]) => {
    if (items.length) store.add(location, items.map(i => ({ kind: 'mention' as const, ...i })), items.length > 1 ? 'accept suggestions' : 'accept suggestion');
    return items.length;
  };
  const atCursor = async () => {
    const { editor, state, location } = await activeArticle(services);
    const offset = positionsOf(state.text).offset(editor.selection.active);
    const found = controller.at(location, offset, offset);
    if (!found.length) throw new UserError('there is no suggestion at the cursor.');
    return { editor, state, location, suggestion: found[0] };
  };
  const disposables: vscode.Disposable[] = [
    controller,
    vscode.languages.registerCodeActionsProvider(languages.map(language => ({ language })), controller,
      { providedCodeActionKinds: SuggestionController.providedCodeActionKinds }),
    register(CommandId.acceptSuggestion, async (uri?: string, start?: number, end?: number, entity?: string) => {
      if (uri === undefined) {
        const { location, suggestion } = await atCursor();
        if (!suggestion.entity) throw new UserError(`“${suggestion.text}” names several actors; choose one with Quick Fix (Ctrl+.).`);
        return accept(location, [{ start: suggestion.start, end: suggestion.end, entity: suggestion.entity }]);
      }
      if (typeof start !== 'number' || typeof end !== 'number' || typeof entity !== 'string') throw new UserError('no suggestion given');
      return accept(locationOf(uri), [{ start, end, entity }]);
    }),
    register(CommandId.rejectSuggestion, async (uri?: string, start?: number, end?: number, entity?: string) => {
      if (uri === undefined) {
        const { location, suggestion } = await atCursor();
        return store.reject(location, [{ kind: 'mention', start: suggestion.start, end: suggestion.end, entity: suggestion.entity }]).length;
      }
      if (typeof start !== 'number' || typeof end !== 'number') throw new UserError('no suggestion given');
      return store.reject(locationOf(uri), [{ kind: 'mention', start, end, ...(typeof entity === 'string' ? { entity } : {}) }]).length;
    }),
    register(CommandId.acceptAllSuggestions, async () => {
      const { location } = await activeArticle(services);
      const items = controller.suggestionsFor(location).filter(s => s.entity).map(s => ({ start: s.start, end: s.end, entity: s.entity! }));
      const n = accept(location, items);
      void vscode.window.setStatusBarMessage(`ClaimLens: ${n} suggestion${n === 1 ? '' : 's'} accepted`, 3000);
      return n;
    }),
    register(CommandId.acceptAllSuggestionsForEntity, async () => {
      const { location, suggestion } = await atCursor();
      if (!suggestion.entity) throw new UserError(`“${suggestion.text}” names several actors; choose one with Quick Fix (Ctrl+.).`);
      const items = controller.suggestionsFor(location).filter(s => s.entity === suggestion.entity).map(s => ({ start: s.start, end: s.end, entity: s.entity! }));
      return accept(location, items);
    }),
    register(CommandId.rejectAllSuggestions, async () => {
      const { location } = await activeArticle(services);
      return store.reject(location, controller.suggestionsFor(location).map(s => ({ kind: 'mention' as const, start: s.start, end: s.end, entity: s.entity }))).length;
    }),
    register(CommandId.nextSuggestion, async () => {
      const { editor, state, location } = await activeArticle(services);
      const all = controller.suggestionsFor(location);
      if (!all.length) { void vscode.window.setStatusBarMessage('ClaimLens: no suggestions in this article', 3000); return; }
      const pos = positionsOf(state.text);
      const offset = pos.offset(editor.selection.end);
      const next = all.find(s => s.start >= offset && !(s.start === pos.offset(editor.selection.start) && s.end === offset)) ?? all[0];
      const range = pos.range(next.start, next.end);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
  ];
  return { controller, disposables };
}
