// Suggestions in the editor: actor mentions found from the codebook's names, claims proposed from
// attribution cues and new actors (capitalised names not in the codebook), each drawn with its
// own outline (distinct from annotations), accepted or rejected through a Quick Fix (Ctrl+.), the
// hover's links, commands and keybindings. A rejection is saved in the sidecar and never proposed
// again. The gazetteer is built on first need and rebuilt only when the codebook changes, so
// activation does not pay for it; suggestions are recomputed per text version and sidecar (a few
// milliseconds for a 100 KB article, so they simply follow each edit, redrawn once per burst).
import * as vscode from 'vscode';
import { addEntity } from '../../core/codebook';
import { Codebook, Rejection } from '../../core/model';
import { articleSuggestions, Gazetteer, newSuggestionCaches, spansOf, Suggestion, SuggestionCaches, suggestionActions, suggestionCard } from '../../core/suggest';
import { CodePointIndex } from '../../core/text';
import { CommandId, ConfigKey, SUGGESTION_HOVER_COMMANDS } from '../../ids';
import { ArticleState } from '../../store/annotationStore';
import { positionsOf } from '../positions';
import { PickItem } from '../prompter';
import { activeArticle, assertCodebookWritable, forArticle, register, Services, UserError } from '../services';
import { toLocation } from '../workspaceFs';
import { fromFiles, trustedLinks } from '../markdown';

/** A label for an editor menu from codebook or article text: no `$(icon)` syntax survives. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

type Kind = Suggestion['kind'];
const KINDS: readonly Kind[] = ['mention', 'claim', 'new-actor'];

/** Each kind its outline: mentions dotted, claims dashed (they are long and hold mentions), new actors dotted in another colour. */
function decorationFor(kind: Kind): vscode.TextEditorDecorationType {
  const color = new vscode.ThemeColor(kind === 'mention' ? 'editorInfo.foreground' : kind === 'claim' ? 'editorHint.foreground' : 'editorWarning.foreground');
  return vscode.window.createTextEditorDecorationType({
    outline: `1px ${kind === 'claim' ? 'dashed' : 'dotted'}`, outlineColor: color,
    overviewRulerColor: color, overviewRulerLane: vscode.OverviewRulerLane.Left,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
}

const touches = (s: Suggestion, start: number, end: number) => spansOf(s).some(x => x.start <= end && start <= x.end);
/** The narrowest first: a mention inside a proposed claim comes before the claim. */
const narrowestFirst = (a: Suggestion, b: Suggestion) => (a.end - a.start) - (b.end - b.start) || a.start - b.start;

export class SuggestionController implements vscode.Disposable, vscode.CodeActionProvider, vscode.HoverProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly computed = new WeakMap<ArticleState['sidecar'], { text: CodePointIndex; gazetteer: Gazetteer; suggestions: Suggestion[] }>();
  /** Per article, what the last computation found paragraph by paragraph (valid for one gazetteer). */
  private readonly caches = new Map<string, { gazetteer: Gazetteer; caches: SuggestionCaches }>();
  private readonly decorations = new Map(KINDS.map(k => [k, decorationFor(k)]));
  /** What was last drawn per document location: read by tests. */
  readonly applied = new Map<string, Suggestion[]>();
  private enabled = readEnabled();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.subs.push(
      services.store.onDidChange(state => this.schedule(state.location)),
      services.codebook.onDidChange(() => this.schedule()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.workspace.onDidCloseTextDocument(d => this.caches.delete(toLocation(d.uri))),
      { dispose: () => clearTimeout(this.timer) },
      vscode.workspace.onDidChangeConfiguration(e => {
        if (!e.affectsConfiguration(ConfigKey.suggestionsEnabled)) return;
        this.enabled = readEnabled();
        this.schedule();
      }),
    );
  }

  /** The suggestions for an article as it is now, by start (empty when switched off). */
  suggestionsFor(location: string): Suggestion[] {
    const state = this.services.store.get(location);
    if (!state || !this.enabled) return [];
    const codebook = this.services.codebookOf(location).codebook;
    const gazetteer = this.gazetteerOf(codebook);
    const cached = this.computed.get(state.sidecar);
    if (cached && cached.text === state.text && cached.gazetteer === gazetteer) return cached.suggestions;
    let caches = this.caches.get(location);
    if (caches?.gazetteer !== gazetteer) this.caches.set(location, caches = { gazetteer, caches: newSuggestionCaches() });
    const { mentions, claims, newActors } = articleSuggestions(gazetteer, state.text, state.sidecar, codebook, caches.caches);
    const suggestions = [...mentions, ...claims, ...newActors].sort((a, b) => a.start - b.start || a.end - b.end);
    this.computed.set(state.sidecar, { text: state.text, gazetteer, suggestions });
    return suggestions;
  }

  /** Whether the suggestions for the article as it is now are known already. */
  private isComputed(location: string): boolean {
    const state = this.services.store.get(location);
    if (!state || !this.enabled) return true;
    const cached = this.computed.get(state.sidecar);
    return cached !== undefined && cached.text === state.text && cached.gazetteer === this.gazetteers.get(this.services.codebookOf(location).codebook);
  }

  /** The gazetteer of a codebook (each article's own, the nearest above it), built once per codebook version. */
  private gazetteerOf(codebook: Codebook): Gazetteer {
    let gazetteer = this.gazetteers.get(codebook);
    if (!gazetteer) this.gazetteers.set(codebook, gazetteer = Gazetteer.fromCodebook(codebook));
    return gazetteer;
  }
  private readonly gazetteers = new WeakMap<Codebook, Gazetteer>();

  refresh(editor: vscode.TextEditor): void {
    const location = toLocation(editor.document.uri);
    const state = this.services.store.get(location);
    const suggestions = state ? this.suggestionsFor(location) : [];
    if (!state && !this.applied.has(location)) return;
    const pos = state && positionsOf(state.text);
    for (const [kind, decoration] of this.decorations) {
      editor.setDecorations(decoration, pos ? suggestions.filter(s => s.kind === kind).flatMap(spansOf).map(s => pos.range(s.start, s.end)) : []);
    }
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

  /** Suggestions touching a code-point span, the narrowest first. */
  at(location: string, start: number, end: number): Suggestion[] {
    return this.suggestionsFor(location).filter(s => touches(s, start, end)).sort(narrowestFirst);
  }

  /** The suggestion of a kind that starts and ends there (a new actor: at any occurrence). */
  find(location: string, kind: Kind, start: number, end: number): Suggestion | undefined {
    return this.suggestionsFor(location).find(s => s.kind === kind && spansOf(s).some(x => x.start === start && x.end === end));
  }

  private nameOf(location: string, entity: string): string {
    return this.services.codebookOf(location).codebook.entities.find(e => e.id === entity)?.name ?? entity;
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, _context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const uri = document.uri.toString(), location = toLocation(document.uri);
    if (!this.services.store.get(location)) return [];
    // The workbench asks as soon as an editor opens, often before this host has heard of the editor:
    // computing a whole article's suggestions first would hold up its highlights. They wait a turn.
    if (!this.isComputed(location)) {
      await new Promise(resolve => setTimeout(resolve, 0));
      if (token.isCancellationRequested) return [];
    }
    const state = this.services.store.get(location);
    if (!state) return [];
    const pos = positionsOf(state.text);
    const actions: vscode.CodeAction[] = [];
    const action = (title: string, command: string, args: unknown[], preferred = false) => {
      const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      a.command = { title, command, arguments: args };
      if (preferred) a.isPreferred = true;
      actions.push(a);
    };
    for (const s of this.at(location, pos.offset(range.start), pos.offset(range.end))) {
      if (s.kind === 'mention') {
        for (const entity of s.entity ? [s.entity] : s.candidates ?? [])
          action(`Accept as ${plain(this.nameOf(location, entity))}`, CommandId.acceptSuggestion, [uri, s.start, s.end, entity], !!s.entity);
        action(`Reject suggestion “${plain(s.text)}”`, CommandId.rejectSuggestion, [uri, s.start, s.end, s.entity]);
      } else if (s.kind === 'claim') {
        action(s.claimant ? `Accept claim by ${plain(this.nameOf(location, s.claimant))}` : 'Accept claim…', CommandId.acceptSuggestion, [uri, s.start, s.end, s.claimant ?? null, 'claim']);
        action('Reject suggested claim', CommandId.rejectSuggestion, [uri, s.start, s.end, s.claimant ?? null, 'claim']);
      } else {
        const type = this.services.codebookOf(location).codebook.types.find(t => t.id === s.type)?.label ?? s.type;
        action(`Add “${plain(s.name)}” as a new ${plain(type.toLowerCase())} and annotate ${s.occurrences.length} occurrences`,
          CommandId.acceptSuggestion, [uri, s.start, s.end, null, 'new-actor']);
        action(`Reject new actor “${plain(s.name)}”`, CommandId.rejectSuggestion, [uri, s.start, s.end, null, 'new-actor']);
      }
    }
    return actions;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const location = toLocation(document.uri);
    const state = this.services.store.get(location);
    if (!state) return undefined;
    const pos = positionsOf(state.text);
    const offset = pos.offset(position);
    const hits = this.at(location, offset, offset).filter(s => spansOf(s).some(x => x.start <= offset && offset < x.end));
    if (!hits.length) return undefined;
    const cb = this.services.codebookOf(location).codebook;
    const commands = { accept: CommandId.acceptSuggestion, reject: CommandId.rejectSuggestion };
    const parts = hits.slice(0, 2).flatMap(s => [fromFiles(suggestionCard(s, cb)), actions(suggestionActions(s, document.uri.toString(), cb, commands))]);
    const span = spansOf(hits[0]).find(x => x.start <= offset && offset < x.end)!;
    return new vscode.Hover(parts, pos.range(span.start, span.end));
  }

  dispose(): void {
    this.subs.forEach(s => s.dispose());
    this.decorations.forEach(d => d.dispose());
  }
}

/** The extension's own links: trusted for its own commands only. */
const actions = (markdown: string) => trustedLinks(markdown, SUGGESTION_HOVER_COMMANDS);

function readEnabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(ConfigKey.suggestionsEnabled) ?? true;
}

const isKind = (k: unknown): k is Kind => typeof k === 'string' && (KINDS as readonly string[]).includes(k);

/** The controller, its Quick Fix and hover providers and its commands. */
export function registerSuggestions(services: Services, languages: readonly string[]): { controller: SuggestionController; disposables: vscode.Disposable[] } {
  const controller = new SuggestionController(services);
  const { store } = services;
  const locationOf = (uri: unknown): string => {
    if (typeof uri !== 'string') throw new UserError('no article given');
    const location = toLocation(vscode.Uri.parse(uri));
    if (!store.get(location)) throw new UserError('that article is not open');
    return location;
  };
  const acceptMentions = (location: string, items: { start: number; end: number; entity: string }[]) => {
    if (items.length) store.add(location, items.map(i => ({ kind: 'mention' as const, ...i })), items.length > 1 ? 'accept suggestions' : 'accept suggestion');
    return items.length;
  };
  const found = (location: string, kind: Kind, start: unknown, end: unknown): Suggestion => {
    const s = typeof start === 'number' && typeof end === 'number' ? controller.find(location, kind, start, end) : undefined;
    if (!s) throw new UserError('That suggestion is no longer there.');
    return s;
  };

  /** A suggested claim becomes a claim: the claimant as guessed (or picked), stance and topic asked as Mark Claim asks them. */
  const acceptClaim = async (location: string, s: Extract<Suggestion, { kind: 'claim' }>, claimant: string | undefined) => {
    const cb = services.codebookOf(location).codebook;
    if (!claimant) {
      claimant = await services.prompter.pick(cb.entities.map((e): PickItem<string> => ({ label: e.name, description: e.id, value: e.id })),
        { title: 'Claim: who makes it?', placeholder: 'Type to search actors' });
      if (!claimant) return undefined;
    }
    const stance = await services.prompter.pick<string | null>([...cb.stances.map(x => ({ label: x.label, description: x.id, value: x.id as string | null })),
      { label: 'No stance', value: null }], { title: `Claim by ${cb.entities.find(e => e.id === claimant)?.name ?? claimant}: stance` });
    if (stance === undefined) return undefined;
    const topic = await services.prompter.pick<string | null>([...cb.topics.map(x => ({ label: x.label, description: x.id, value: x.id as string | null })),
      { label: 'No topic', value: null }], { title: 'Claim: topic' });
    if (topic === undefined) return undefined;
    return store.add(location, [{ kind: 'claim', start: s.start, end: s.end, claimant, form: s.form,
      stance: stance ?? undefined, topic: topic ?? undefined }], 'accept suggested claim')[0];
  };

  /** A new actor joins the codebook with its guessed type (asked when the codebook has no such type) and every occurrence is annotated. */
  const acceptNewActor = async (location: string, s: Extract<Suggestion, { kind: 'new-actor' }>) => {
    // The actor joins the codebook of this article (the nearest one above it).
    const scoped = forArticle(services, location);
    assertCodebookWritable(scoped, 'add an actor');
    if (store.get(location)!.readonly) throw new UserError('The annotations of this article cannot be changed now; the Problems panel says why.');
    const cb = scoped.codebook.codebook;
    let type: string | undefined = cb.types.some(t => t.id === s.type) ? s.type : undefined;
    type ??= await services.prompter.pick(cb.types.map(t => ({ label: t.label, description: t.id, value: t.id })), { title: `New actor “${s.name}”: type` });
    if (!type) return undefined;
    let entity: string | undefined;
    await scoped.codebook.update(c => { const r = addEntity(c, { name: s.name, type: type! }); entity = r.entity.id; return r.codebook; });
    if (!entity) return undefined;
    return acceptMentions(location, s.occurrences.map(o => ({ ...o, entity: entity! })));
  };

  const reject = (location: string, s: Suggestion, entity?: string) => {
    if (s.kind === 'new-actor') return store.reject(location, s.occurrences.map(o => ({ kind: 'mention' as const, ...o }))).length;
    const proposed = entity ?? (s.kind === 'mention' ? s.entity : s.claimant);
    return store.reject(location, [{ kind: s.kind, start: s.start, end: s.end, ...(proposed ? { entity: proposed } : {}) }]).length;
  };

  const atCursor = async () => {
    const { editor, state, location } = await activeArticle(services);
    const offset = positionsOf(state.text).offset(editor.selection.active);
    const here = controller.at(location, offset, offset);
    if (!here.length) throw new UserError('there is no suggestion at the cursor.');
    return { editor, state, location, suggestion: here[0] };
  };
  const ambiguous = (s: Suggestion) => new UserError(`“${s.text}” names several actors; choose one with Quick Fix (Ctrl+.).`);

  const disposables: vscode.Disposable[] = [
    controller,
    vscode.languages.registerCodeActionsProvider(languages.map(language => ({ language })), controller,
      { providedCodeActionKinds: SuggestionController.providedCodeActionKinds }),
    vscode.languages.registerHoverProvider(languages.map(language => ({ language })), controller),
    // Arguments (from Quick Fix, hover links or a caller): the article, the suggestion's start and
    // end, the entity (mention) or claimant (claim), and its kind (mention when absent).
    register(CommandId.acceptSuggestion, async (uri?: string, start?: number, end?: number, entity?: string | null, kind?: string) => {
      let location: string, s: Suggestion | undefined;
      if (uri === undefined) {
        ({ location, suggestion: s } = await atCursor());
        entity = s.kind === 'mention' ? s.entity : undefined;
        if (s.kind === 'mention' && !entity) throw ambiguous(s);
      } else {
        location = locationOf(uri);
        if (kind !== undefined && !isKind(kind)) throw new UserError('no suggestion given');
        if (kind === undefined || kind === 'mention') {
          if (typeof start !== 'number' || typeof end !== 'number' || typeof entity !== 'string') throw new UserError('no suggestion given');
          return acceptMentions(location, [{ start, end, entity }]);
        }
        s = found(location, kind, start, end);
      }
      if (s.kind === 'mention') return acceptMentions(location, [{ start: s.start, end: s.end, entity: entity! }]);
      if (s.kind === 'claim') return acceptClaim(location, s, typeof entity === 'string' ? entity : s.claimant);
      return acceptNewActor(location, s);
    }),
    register(CommandId.rejectSuggestion, async (uri?: string, start?: number, end?: number, entity?: string | null, kind?: string) => {
      if (uri === undefined) {
        const { location, suggestion } = await atCursor();
        return reject(location, suggestion);
      }
      const location = locationOf(uri);
      if (kind !== undefined && kind !== 'mention') {
        if (!isKind(kind)) throw new UserError('no suggestion given');
        return reject(location, found(location, kind, start, end), typeof entity === 'string' ? entity : undefined);
      }
      if (typeof start !== 'number' || typeof end !== 'number') throw new UserError('no suggestion given');
      return store.reject(location, [{ kind: 'mention', start, end, ...(typeof entity === 'string' ? { entity } : {}) }]).length;
    }),
    // Accepting everything takes the mentions of one actor: claims need a stance and topic, new
    // actors a look.
    register(CommandId.acceptAllSuggestions, async () => {
      const { location } = await activeArticle(services);
      const items = controller.suggestionsFor(location).flatMap(s => s.kind === 'mention' && s.entity ? [{ start: s.start, end: s.end, entity: s.entity }] : []);
      const n = acceptMentions(location, items);
      void vscode.window.setStatusBarMessage(`ClaimLens: ${n} suggestion${n === 1 ? '' : 's'} accepted`, 3000);
      return n;
    }),
    register(CommandId.acceptAllSuggestionsForEntity, async () => {
      const { location, suggestion } = await atCursor();
      if (suggestion.kind === 'new-actor') return acceptNewActor(location, suggestion);
      if (suggestion.kind === 'claim') throw new UserError('Claims are accepted one at a time (each needs a stance and topic); put the cursor on a suggested mention.');
      const entity = suggestion.entity;
      if (!entity) throw ambiguous(suggestion);
      const items = controller.suggestionsFor(location).flatMap(s => s.kind === 'mention' && s.entity === entity ? [{ start: s.start, end: s.end, entity }] : []);
      return acceptMentions(location, items);
    }),
    register(CommandId.rejectAllSuggestions, async () => {
      const { location } = await activeArticle(services);
      const drafts = controller.suggestionsFor(location).flatMap((s): Pick<Rejection, 'kind' | 'start' | 'end' | 'entity'>[] => s.kind === 'new-actor'
        ? s.occurrences.map(o => ({ kind: 'mention', ...o }))
        : [{ kind: s.kind, start: s.start, end: s.end, entity: s.kind === 'mention' ? s.entity : s.claimant }]);
      return store.reject(location, drafts).length;
    }),
    register(CommandId.nextSuggestion, async () => {
      const { editor, state, location } = await activeArticle(services);
      const all = controller.suggestionsFor(location).flatMap(spansOf).sort((a, b) => a.start - b.start || a.end - b.end);
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
