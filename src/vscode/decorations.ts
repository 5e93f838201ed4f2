// Highlights: one decoration type per entity type and per stance (the fast path of
// setDecorations: Range[] only; hovers come from the HoverProvider), in the overview ruler too.
// Orphans are not drawn (they are in the Problems panel); fuzzy matches get a review outline.
import * as vscode from 'vscode';
import { ColorId, DEFAULT_STANCES, DEFAULT_TYPES } from '../ids';
import { Codebook, Sidecar } from '../core/model';
import { AnnotationStore } from '../store/annotationStore';
import { CodebookStore } from '../store/codebookStore';
import { Config } from './config';
import { positionsOf } from './positions';
import { toLocation } from './workspaceFs';

const REVIEW_KEY = 'review';

type RangesByKey = Map<string, vscode.Range[]>;

export class DecorationManager implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  /** Per editor: the annotations its decorations show, and the keys it has decorations for. */
  private drawn = new WeakMap<vscode.TextEditor, { sidecar: Sidecar; keys: Set<string> }>();
  /** Per document: the ranges last applied, or how to compute them when the editor moved them itself. */
  private readonly appliedByLocation = new Map<string, RangesByKey | (() => RangesByKey)>();
  /** What was last applied per editor document, by decoration key: read by tests and the bench. */
  readonly applied = {
    get: (location: string): RangesByKey | undefined => {
      const a = this.appliedByLocation.get(location);
      if (typeof a !== 'function') return a;
      const ranges = a();
      this.appliedByLocation.set(location, ranges);
      return ranges;
    },
  };

  /** @param codebookOf the codebook governing an article (the nearest above it); the workspace's by default */
  constructor(private readonly store: AnnotationStore, codebook: CodebookStore, private config: Config,
    private readonly codebookOf: (article: string) => CodebookStore = () => codebook) {}

  setConfig(config: Config): void {
    this.config = config;
    this.resetTypes();
  }

  /** Codebook colours may have changed: decoration types are rebuilt. */
  resetTypes(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
    this.appliedByLocation.clear();
    this.drawn = new WeakMap();
    for (const e of vscode.window.visibleTextEditors) this.refresh(e);
  }

  /** Brings an editor's highlights up to date; `redraw` sends them even when the editor shows them already. */
  refresh(editor: vscode.TextEditor, redraw = false): void {
    const location = toLocation(editor.document.uri);
    const state = this.store.get(location);
    const drawn = this.drawn.get(editor);
    if (state && drawn && this.config.highlightsEnabled && !redraw) {
      if (drawn.sidecar === state.sidecar) return; // nothing this editor shows changed
      if (state.untouchedShiftOf === drawn.sidecar) {
        // Typing that reached no annotation: the editor has moved every highlight with the text
        // already, so nothing is sent (5,000 ranges cost more than the rest of a keystroke).
        drawn.sidecar = state.sidecar;
        this.appliedByLocation.set(location, () => this.rangesOf(location));
        return;
      }
    }
    const ranges = this.rangesOf(location);
    const previous = drawn?.keys ?? new Set(this.applied.get(location)?.keys() ?? []);
    for (const key of new Set([...ranges.keys(), ...previous])) {
      editor.setDecorations(this.typeFor(key, this.codebookOf(location).codebook), ranges.get(key) ?? []);
    }
    this.appliedByLocation.set(location, ranges);
    if (state) this.drawn.set(editor, { sidecar: state.sidecar, keys: new Set(ranges.keys()) });
    else this.drawn.delete(editor);
  }

  /** The ranges of an article's highlights now, by decoration key. */
  private rangesOf(location: string): RangesByKey {
    const state = this.store.get(location);
    const ranges: RangesByKey = new Map();
    if (!state || !this.config.highlightsEnabled) return ranges;
    const cb = this.codebookOf(location).codebook;
    const typeOf = new Map(cb.entities.map(e => [e.id, e.type]));
    const pos = positionsOf(state.text);
    const add = (key: string, r: vscode.Range) => { let l = ranges.get(key); if (!l) ranges.set(key, l = []); l.push(r); };
    for (const m of state.sidecar.mentions) {
      if (m.anchor === 'orphan') continue;
      const r = pos.range(m.start, m.end);
      add(`type:${typeOf.get(m.entity) ?? 'unknown'}`, r);
      if (m.anchor === 'fuzzy') add(REVIEW_KEY, r);
    }
    for (const c of state.sidecar.claims) {
      if (c.anchor === 'orphan') continue;
      const r = pos.range(c.start, c.end);
      add(`stance:${c.stance ?? 'none'}`, r);
      if (c.anchor === 'fuzzy') add(REVIEW_KEY, r);
    }
    return ranges;
  }

  private typeFor(key: string, cb: Codebook): vscode.TextEditorDecorationType {
    let t = this.types.get(key);
    if (t) return t;
    const [kind, id] = key.split(':');
    // Own keys only: a type called `constructor` must not pick up Object.prototype's member as a colour.
    const override = Object.hasOwn(this.config.highlightColors, id) ? this.config.highlightColors[id] : undefined;
    if (key === REVIEW_KEY) {
      t = vscode.window.createTextEditorDecorationType({ outline: '1px dashed', outlineColor: new vscode.ThemeColor('editorWarning.foreground') });
    } else if (kind === 'type') {
      const codebookColor = cb.types.find(x => x.id === id)?.color;
      const color = override ? override
        : (DEFAULT_TYPES as readonly string[]).includes(id) ? new vscode.ThemeColor(ColorId.typeBackground(id))
        : codebookColor ? withAlpha(codebookColor, '40') : new vscode.ThemeColor('editor.findMatchHighlightBackground');
      t = vscode.window.createTextEditorDecorationType({
        backgroundColor: color, borderRadius: '2px',
        overviewRulerColor: color, overviewRulerLane: vscode.OverviewRulerLane.Center,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    } else {
      const color = override ? override
        : (DEFAULT_STANCES as readonly string[]).includes(id) ? new vscode.ThemeColor(ColorId.stanceUnderline(id))
        : new vscode.ThemeColor('claimlens.claimUnderline');
      t = vscode.window.createTextEditorDecorationType({
        borderColor: color, borderStyle: 'none none solid none', borderWidth: '0 0 2px 0',
        overviewRulerColor: color, overviewRulerLane: vscode.OverviewRulerLane.Right,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    }
    this.types.set(key, t);
    return t;
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
  }
}

/** #rgb / #rrggbb plus an alpha, so a codebook colour stays readable as a background. */
function withAlpha(color: string, alpha: string): string {
  if (/^#[0-9a-fA-F]{3}$/.test(color)) return '#' + [...color.slice(1)].map(c => c + c).join('') + alpha;
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return color + alpha;
  return color;
}
