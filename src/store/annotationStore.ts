// The single source of truth for the annotations of open articles. The editor layer feeds it
// text changes and user actions; decorations, hovers, the tree, the status bar and diagnostics
// react to its change event. Sidecars are written shortly after each change (debounced, atomic)
// and never while they have errors.
import { reanchorSidecar } from '../core/anchorSidecar';
import { newId } from '../core/ids';
import { Annotation, Claim, compareSpans, emptySidecar, isClaim, Mention, Rejection, Sidecar, sidecarPathFor } from '../core/model';
import { hasErrors, Problem } from '../core/problems';
import { LoadedSidecar, loadSidecar, sameAnnotations, saveSidecar } from '../core/sidecarFormat';
import { mergeSidecars3 } from '../core/sidecarMerge3';
import { applyEdits, TextEdit } from '../core/shift';
import { CodePointIndex, hashText, normalizeNewlines } from '../core/text';
import { checkSidecar } from '../core/validate';
import { Codebook } from '../core/model';
import { Emitter } from './events';
import { FileStat, FileSystem, isFileRefused, readOnlyError, sameFileStat, statAfterWrite } from './fileSystem';

export interface ArticleState {
  readonly location: string;
  readonly sidecarLocation: string;
  /** The article's current (normalised) text, as the annotations' offsets refer to it. */
  text: CodePointIndex;
  sidecar: Sidecar;
  /** Problems of the sidecar file (syntax, shape, references, anchors), with positions. */
  problems: Problem[];
  /** Reasons for orphaned annotations, by id (from the last re-anchoring). */
  orphanReasons: Map<string, string>;
  /** The sidecar could not be read: nothing is shown as editable and the file is never written. */
  readonly: boolean;
  loaded?: LoadedSidecar;
  /** The sidecar's text as this store last read or wrote it (undefined: there was no file). */
  lastWritten?: string;
  /** The file's size and modification time then: with the text, what tells an echo of that from a change. */
  lastStat?: FileStat;
  /**
   * When the file last read was saved against another text than the editor's, its annotations were
   * re-anchored onto the editor's text: where each was placed, by id. One still there is the
   * file's own, unchanged (its place on the file's text is the file's). Valid while `source` is
   * `lastWritten`.
   */
  placedFromFile?: { source: string; places: Map<string, string> };
  dirty: boolean;
  /** Why the last save failed (cleared by a save that succeeds). */
  saveError?: Error;
  /** Replaced by a reload from disk: this state is never written again. */
  superseded?: boolean;
  /** A flush asked for this save: it is written now, not postponed while the article settles on disk. */
  flushing?: boolean;
  /** Checks are due (deferred while typing). */
  needsCheck?: boolean;
  /**
   * The annotations before the last text edit when that edit reached none of them (every span kept
   * its length and text): an editor's own decorations have followed such an edit already.
   */
  untouchedShiftOf?: Sidecar;
  /** The save under way, if any. */
  saving?: Promise<void>;
}

export type AnnotationDraft =
  | { kind: 'mention'; start: number; end: number; entity: string }
  | ({ kind: 'claim'; start: number; end: number } & Omit<Claim, 'id' | 'start' | 'end' | 'text' | 'before' | 'after' | 'anchor' | 'score'>);

type UndoRecord =
  | { location: string; label: string; kind: 'added'; ids: string[] }
  | { location: string; label: string; kind: 'removed' | 'updated'; annotations: Annotation[] };

export class AnnotationStore {
  private readonly articles = new Map<string, ArticleState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly undoStack: UndoRecord[] = [];
  private readonly changed = new Emitter<ArticleState>();
  /** Fires after any change to an article's annotations or problems. */
  readonly onDidChange = this.changed.event;
  private readonly saved = new Emitter<ArticleState>();
  readonly onDidSave = this.saved.event;
  private readonly failed = new Emitter<{ state: ArticleState; error: Error }>();
  /** A sidecar could not be written (the annotations stay in memory and are retried). */
  readonly onDidFailSave = this.failed.event;

  /** Whether the editor holds unsaved typing in an article (then its text on disk is not what the annotations refer to). */
  isDocumentDirty: (location: string) => boolean = () => false;

  /** @param codebook the codebook governing an article (the nearest one above it) */
  constructor(private readonly fs: FileSystem, private readonly codebook: (article: string) => Codebook, public saveDelayMs = 300) {}

  get(location: string): ArticleState | undefined {
    return this.articles.get(location);
  }

  all(): ArticleState[] {
    return [...this.articles.values()];
  }

  /** Loads (or reloads) the sidecar of an article whose current text is `rawText`. */
  async open(location: string, rawText: string): Promise<ArticleState> {
    const previous = this.articles.get(location);
    if (!previous) return this.load(location, new CodePointIndex(normalizeNewlines(rawText)));
    // A reload waits for a save under way, so it reads what that save wrote and no save of the
    // annotations it replaces runs after it.
    const textAtCall = previous.text;
    return this.underSaveQueue(previous, async () => {
      const current = this.articles.get(location);
      if (!current) return previous; // closed meanwhile
      return this.load(location, current.text !== textAtCall ? current.text : new CodePointIndex(normalizeNewlines(rawText)), current);
    });
  }

  /** Reads the sidecar; `previous` is the article's state when it is open already (a reload). */
  private async load(location: string, text: CodePointIndex, previous?: ArticleState): Promise<ArticleState> {
    const sidecarLocation = sidecarPathFor(location);
    // The stat first: a change between the two reads then only costs a needless reload later.
    const stat = await this.fs.stat(sidecarLocation);
    // A refused file (a link, outside the workspace, too large, not UTF-8) is shown as its problem
    // and never read or written.
    let source: string | undefined, refused: Problem | undefined;
    try { source = await this.fs.readText(sidecarLocation); } catch (e) { if (!isFileRefused(e)) throw e; refused = e.toProblem(); }
    if (previous && !refused && this.isOwnWriteEcho(previous, source, stat)) {
      // The file is as this store last wrote (or read) it: the file watcher's echo, nothing to reload.
      return previous;
    }
    if (previous && source === undefined && !refused && previous.lastWritten !== undefined && !previous.readonly) {
      // Our sidecar vanished: a replace in progress, or deleted by hand while the article is open.
      // The annotations in memory are kept (and written with the next change).
      return previous;
    }
    // The file changed under us (edited by hand, checked out): the disk wins over a pending save.
    clearTimeout(this.timers.get(location));
    this.timers.delete(location);
    if (previous) previous.superseded = true;
    const state: ArticleState = { location, sidecarLocation, text, sidecar: emptySidecar(), problems: [], orphanReasons: new Map(),
      readonly: false, dirty: false, lastStat: stat };
    if (refused) {
      state.readonly = true;
      state.problems = [refused];
    } else if (source !== undefined) {
      const loaded = loadSidecar(source);
      state.loaded = loaded;
      state.lastWritten = source;
      // The base of the first save's comparison is what was just parsed (parsing it again costs as much as the load).
      if (loaded.sidecar && !source.includes('\r')) this.baseCache = { source, sidecar: loaded.sidecar };
      state.problems = loaded.problems.map(p => ({ ...p, file: sidecarLocation }));
      if (!loaded.sidecar || hasErrors(loaded.problems)) {
        state.readonly = true;
        if (loaded.sidecar) state.sidecar = loaded.sidecar;
      } else {
        const r = reanchorSidecar(loaded.sidecar, text);
        state.sidecar = r.sidecar;
        state.orphanReasons = r.orphanReasons;
        notePlacement(state, source, loaded.sidecar, r.sidecar);
        // A hand-written sidecar without a hash gets one only when something else changes.
        if (r.changed && loaded.sidecar.article.hash !== undefined) state.dirty = true;
      }
    }
    this.articles.set(location, state);
    this.recheck(state);
    this.changed.fire(state);
    if (state.dirty) this.scheduleSave(state);
    return state;
  }

  close(location: string): Promise<void> {
    const p = this.flush(location);
    this.articles.delete(location);
    return p;
  }

  /**
   * The article's file was deleted on disk while its document lingers in the editor's memory:
   * it leaves the store without a save (a save would put a sidecar beside nothing). Unsaved
   * annotation changes are never dropped: then it stays, and false is returned.
   */
  forgetDeleted(location: string): boolean {
    const state = this.articles.get(location);
    if (!state) return false;
    if (state.dirty && !state.readonly) return false;
    clearTimeout(this.timers.get(location));
    this.timers.delete(location);
    state.superseded = true;
    this.articles.delete(location);
    this.changed.fire(state);
    return true;
  }

  /**
   * Edits made in the editor: offsets move exactly with the change (never fuzzy). `edits` are
   * in code points of the text before the change; `next` is the text after it, raw or already
   * normalised and indexed (the editor derives it from the edits instead of reading the document).
   */
  applyTextEdits(location: string, edits: readonly TextEdit[], next: string | CodePointIndex): void {
    const state = this.articles.get(location);
    if (!state) return;
    const text = typeof next === 'string' ? new CodePointIndex(normalizeNewlines(next)) : next;
    state.text = text;
    if (state.readonly) return;
    const before = state.sidecar;
    state.sidecar = { ...before, mentions: applyEdits(before.mentions, edits, text), claims: applyEdits(before.claims, edits, text) };
    if (before.rejections?.length) state.sidecar.rejections = applyEdits(before.rejections, edits, text);
    state.untouchedShiftOf = reachesAny(edits, before) ? undefined : before;
    this.touch(state, false);
  }

  /**
   * The last change turned out not to be typed here (the file was reloaded from disk: checkout,
   * pull, another editor). Annotations known before it are found again by their quotes as they
   * were then, with their old offsets as hints; annotations added since are left alone.
   */
  reanchorFrom(location: string, before: Sidecar, rawText: string): void {
    const state = this.articles.get(location);
    if (!state || state.readonly) return;
    state.text = new CodePointIndex(normalizeNewlines(rawText));
    const known = new Set([...before.mentions, ...before.claims].map(a => a.id));
    const current = new Map([...state.sidecar.mentions, ...state.sidecar.claims].map(a => [a.id, a]));
    // Take the pre-change quotes of annotations that still exist (removals since are respected).
    const keep = <T extends Annotation>(list: T[]) => list.filter(a => current.has(a.id))
      .map(a => ({ ...a, ...pickFields(current.get(a.id)!) }) as T);
    const r = reanchorSidecar({ ...before, article: { ...before.article, hash: undefined }, mentions: keep(before.mentions), claims: keep(before.claims) }, state.text);
    for (const [id, reason] of r.orphanReasons) state.orphanReasons.set(id, reason);
    const fresh = <T extends Annotation>(list: T[]) => list.filter(a => !known.has(a.id));
    state.sidecar = { ...state.sidecar, mentions: [...r.sidecar.mentions, ...fresh(state.sidecar.mentions)].sort(compareSpans),
      claims: [...r.sidecar.claims, ...fresh(state.sidecar.claims)].sort(compareSpans) };
    this.touch(state);
  }

  /**
   * Undo or redo brought the text back to an earlier state: annotations known then take back the
   * places (and quotes) they had then, exactly — an annotation whose text an edit deleted comes
   * back instead of staying orphaned. Fields edited since (stance, note…) and annotations added
   * since are kept.
   */
  restoreFrom(location: string, then: Sidecar): void {
    const state = this.articles.get(location);
    if (!state || state.readonly) return;
    const places = new Map([...then.mentions, ...then.claims].map(a => [a.id, a]));
    let changed = false;
    const restore = <T extends Annotation>(a: T): T => {
      const p = places.get(a.id);
      if (!p || (p.start === a.start && p.end === a.end && p.anchor === a.anchor && p.text === a.text)) return a;
      changed = true;
      const next = { ...a, start: p.start, end: p.end, text: p.text, before: p.before, after: p.after, anchor: p.anchor };
      if (p.score === undefined) delete next.score; else next.score = p.score;
      if (p.anchor !== 'orphan') state.orphanReasons.delete(a.id);
      return next;
    };
    const mentions = state.sidecar.mentions.map(restore), claims = state.sidecar.claims.map(restore);
    if (!changed) return;
    state.sidecar = { ...state.sidecar, mentions: mentions.sort(compareSpans), claims: claims.sort(compareSpans) };
    this.touch(state, false);
  }

  annotationsAt(location: string, offset: number): Annotation[] {
    const state = this.articles.get(location);
    if (!state) return [];
    return [...state.sidecar.mentions, ...state.sidecar.claims]
      .filter(a => a.anchor !== 'orphan' && a.start <= offset && offset <= a.end)
      .sort((a, b) => (a.end - a.start) - (b.end - b.start));
  }

  find(location: string, id: string): Annotation | undefined {
    const s = this.articles.get(location)?.sidecar;
    return s?.mentions.find(m => m.id === id) ?? s?.claims.find(c => c.id === id);
  }

  add(location: string, drafts: readonly AnnotationDraft[], label = 'annotate'): Annotation[] {
    const state = this.writable(location);
    const taken = new Set([...state.sidecar.mentions, ...state.sidecar.claims].map(a => a.id));
    const added: Annotation[] = [];
    const mentions = [...state.sidecar.mentions], claims = [...state.sidecar.claims];
    for (const d of drafts) {
      if (d.end <= d.start || d.end > state.text.length) throw new Error('select some text of the article first');
      const span = { start: d.start, end: d.end, ...state.text.quote(d.start, d.end), anchor: 'exact' as const };
      if (d.kind === 'mention') {
        const m: Mention = { id: newId('m', taken), entity: d.entity, ...span };
        mentions.push(m); added.push(m); taken.add(m.id);
      } else {
        const { kind: _k, start: _s, end: _e, ...fields } = d;
        const c: Claim = { id: newId('c', taken), ...stripUndefined(fields), ...span };
        claims.push(c); added.push(c); taken.add(c.id);
      }
    }
    state.sidecar = { ...state.sidecar, mentions: mentions.sort(compareSpans), claims: claims.sort(compareSpans) };
    this.pushUndo({ location, label, kind: 'added', ids: added.map(a => a.id) });
    this.touch(state);
    return added;
  }

  /** Records rejected suggestions in the sidecar (with quote and context), so they are never proposed again. */
  reject(location: string, drafts: readonly Pick<Rejection, 'start' | 'end' | 'kind' | 'entity'>[]): Rejection[] {
    const state = this.writable(location);
    const existing = state.sidecar.rejections ?? [];
    const taken = new Set([...state.sidecar.mentions, ...state.sidecar.claims, ...existing].map(a => a.id));
    const added = drafts.filter(d => d.end > d.start && d.end <= state.text.length).map((d): Rejection => {
      const r: Rejection = { id: newId('r', taken), kind: d.kind, ...(d.entity ? { entity: d.entity } : {}),
        start: d.start, end: d.end, ...state.text.quote(d.start, d.end), anchor: 'exact' };
      taken.add(r.id);
      return r;
    });
    if (!added.length) return [];
    state.sidecar = { ...state.sidecar, rejections: [...existing, ...added].sort(compareSpans) };
    this.touch(state);
    return added;
  }

  remove(location: string, ids: readonly string[], label = 'remove annotation'): Annotation[] {
    const state = this.writable(location);
    const gone = new Set(ids);
    const removed = [...state.sidecar.mentions, ...state.sidecar.claims].filter(a => gone.has(a.id));
    if (!removed.length) return [];
    state.sidecar = { ...state.sidecar, mentions: state.sidecar.mentions.filter(m => !gone.has(m.id)), claims: state.sidecar.claims.filter(c => !gone.has(c.id)) };
    this.pushUndo({ location, label, kind: 'removed', annotations: removed });
    this.touch(state);
    return removed;
  }

  /** Replaces annotations by id (same id, new fields); used for edits, accept and re-attach. */
  update(location: string, next: readonly Annotation[], label = 'edit annotation'): void {
    const state = this.writable(location);
    const byId = new Map(next.map(a => [a.id, a]));
    const before = [...state.sidecar.mentions, ...state.sidecar.claims].filter(a => byId.has(a.id));
    state.sidecar = {
      ...state.sidecar,
      mentions: state.sidecar.mentions.map(m => (byId.get(m.id) as Mention | undefined) ?? m).sort(compareSpans),
      claims: state.sidecar.claims.map(c => (byId.get(c.id) as Claim | undefined) ?? c).sort(compareSpans),
    };
    this.pushUndo({ location, label, kind: 'updated', annotations: before });
    this.touch(state);
  }

  /** Moves an annotation to a new span of the current text and marks it exact (review done). */
  reattach(location: string, id: string, start: number, end: number, label = 're-attach annotation'): void {
    const state = this.writable(location);
    const a = this.find(location, id);
    if (!a) throw new Error(`no annotation ${id}`);
    const next = { ...a, start, end, ...state.text.quote(start, end), anchor: 'exact' as const };
    delete (next as Partial<Annotation>).score;
    state.orphanReasons.delete(id);
    this.update(location, [next], label);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Reverts the last annotation action (of any open article); returns its label. */
  undo(): string | undefined {
    const rec = this.undoStack.pop();
    if (!rec) return undefined;
    const state = this.articles.get(rec.location);
    if (!state || state.readonly) return undefined;
    let { mentions, claims } = state.sidecar;
    if (rec.kind === 'added') {
      const ids = new Set(rec.ids);
      mentions = mentions.filter(m => !ids.has(m.id));
      claims = claims.filter(c => !ids.has(c.id));
    } else {
      const ids = new Set(rec.annotations.map(a => a.id));
      // The text may have moved since: put each annotation back where its quote is now.
      const restored = reanchorSidecar({ ...emptySidecar(), mentions: rec.annotations.filter(a => !isClaim(a)) as Mention[],
        claims: rec.annotations.filter(isClaim) }, state.text);
      mentions = [...mentions.filter(m => !ids.has(m.id)), ...restored.sidecar.mentions].sort(compareSpans);
      claims = [...claims.filter(c => !ids.has(c.id)), ...restored.sidecar.claims].sort(compareSpans);
    }
    state.sidecar = { ...state.sidecar, mentions, claims };
    this.touch(state);
    return rec.label;
  }

  /** Re-runs the checks that depend on the codebook (after it changed). */
  recheckAll(): void {
    for (const state of this.articles.values()) { this.recheck(state); this.changed.fire(state); }
  }

  async flush(location?: string): Promise<void> {
    const targets = location ? [this.articles.get(location)].filter((s): s is ArticleState => !!s) : [...this.articles.values()];
    for (const s of targets) s.flushing = true;
    try {
      await Promise.all(targets.map(s => this.save(s)));
    } finally {
      for (const s of targets) s.flushing = false;
    }
  }

  private writable(location: string): ArticleState {
    const state = this.articles.get(location);
    if (!state) throw new Error('open the article first');
    if (state.readonly) throw new Error(`the sidecar ${state.sidecarLocation} has errors; fix them first (nothing is written while it is broken)`);
    return state;
  }

  private pushUndo(rec: UndoRecord): void {
    this.undoStack.push(rec);
    if (this.undoStack.length > 200) this.undoStack.shift();
  }

  /**
   * After any change: listeners hear of it at once; the checks (which hash the whole text) run at
   * once for user actions but only when typing pauses for text edits, with the save.
   */
  private touch(state: ArticleState, checkNow = true): void {
    state.dirty = true;
    if (checkNow) this.recheck(state); else state.needsCheck = true;
    this.changed.fire(state);
    this.scheduleSave(state);
  }

  private recheck(state: ArticleState): void {
    state.needsCheck = false;
    if (state.readonly) return;
    const shape = state.loaded?.problems.filter(p => p.severity === 'error') ?? [];
    // Positions in the file are only known for what was loaded; new problems point at the top.
    const locate = state.dirty || !state.loaded ? () => ({ line: 1, column: 1 }) : state.loaded.locate;
    const checked = checkSidecar({ ...state.sidecar, article: { ...state.sidecar.article, hash: hashText(state.text.text) } },
      { codebook: this.codebook(state.location), article: state.text, locate });
    state.problems = [...shape, ...checked].map(p => ({ ...p, file: state.sidecarLocation }));
  }

  private scheduleSave(state: ArticleState): void {
    clearTimeout(this.timers.get(state.location));
    this.timers.set(state.location, setTimeout(() => {
      if (state.needsCheck) { this.recheck(state); this.changed.fire(state); }
      void this.save(state);
    }, this.saveDelayMs));
  }

  /** Saves run one after another per article, so flush() also waits for a save already under way. */
  private save(state: ArticleState): Promise<void> {
    clearTimeout(this.timers.get(state.location));
    this.timers.delete(state.location);
    return this.underSaveQueue(state, () => this.write(state));
  }

  /** Runs `task` after the article's saves (and reloads) queued so far; later ones wait for it. */
  private underSaveQueue<T>(state: ArticleState, task: () => Promise<T>): Promise<T> {
    const result = (state.saving ?? Promise.resolve()).then(task, task);
    state.saving = result.then(() => undefined, () => undefined);
    return result;
  }

  private async write(state: ArticleState): Promise<void> {
    if (!state.dirty || state.readonly || state.superseded) return;
    if (!(await this.reconcileWithDisk(state)) || state.readonly) return;
    try {
      let stat = await this.fs.stat(state.sidecarLocation);
      for (let tries = 1; ; tries++) {
        if (stat?.readonly) throw readOnlyError(state.sidecarLocation);
        if (!(await this.changedOnDisk(state, stat))) break;
        // Another program changed the file since it was compared: compared again, so what it
        // brought is merged with the unsaved changes, never written over (an article closed
        // meanwhile is just not written; a file that keeps changing is tried again later).
        if (this.articles.get(state.location) !== state) return;
        if (tries > 3) { this.scheduleSave(state); return; }
        if (!(await this.reconcileWithDisk(state)) || state.readonly) return;
        stat = await this.fs.stat(state.sidecarLocation);
      }
      const sidecar: Sidecar = { ...state.sidecar, article: { ...state.sidecar.article, hash: hashText(state.text.text) } };
      if (!state.loaded && sidecar.mentions.length === 0 && sidecar.claims.length === 0 && !sidecar.rejections?.length) { state.dirty = false; return; } // nothing worth a file yet
      if (this.unchangedSinceSaved(state, sidecar)) { state.dirty = false; return; }
      // Serialising can fail (a hand-written file the writer cannot handle): then, like a failed
      // write, the annotations stay dirty in memory and the failure is reported.
      const text = saveSidecar(sidecar, state.loaded);
      state.dirty = false; // changes made while writing set it again
      if (text === state.lastWritten) return;
      try {
        await this.fs.writeTextAtomic(state.sidecarLocation, text);
      } catch (e) {
        state.dirty = true;
        throw e;
      }
      state.lastWritten = text;
      state.lastStat = await statAfterWrite(this.fs, state.sidecarLocation, text);
      state.saveError = undefined;
      if (!state.loaded) state.loaded = loadSidecar(text);
      this.saved.fire(state);
    } catch (e) {
      // Kept in memory; the next change or flush tries again.
      state.dirty = true;
      state.saveError = e instanceof Error ? e : new Error(String(e));
      this.failed.fire({ state, error: state.saveError });
    }
  }

  /**
   * Echo detection: the file on disk is exactly the one this store last wrote or read — the same
   * text and the same size and modification time. Any other file, even an older text this store
   * once wrote (put back by `git checkout`), is a change made by someone else.
   */
  private isOwnWriteEcho(state: ArticleState, source: string | undefined, stat: FileStat | undefined): boolean {
    return source !== undefined && source === state.lastWritten && sameFileStat(stat, state.lastStat);
  }

  /**
   * Before a save: has the file changed since this store last read or wrote it? Cheap when it has
   * not (one stat); a file only touched (same text) is not a change.
   */
  private async changedOnDisk(state: ArticleState, stat: FileStat | undefined): Promise<boolean> {
    if (sameFileStat(stat, state.lastStat)) return false;
    const source = await this.fs.readText(state.sidecarLocation);
    if (source !== undefined && source === state.lastWritten) { state.lastStat = stat; return false; }
    return true;
  }

  // ---------------------------------------------------------------- corpus-wide operations

  /**
   * Saves an open article's pending changes now and throws when they could not be written (a
   * corpus-wide operation starts from what is on disk).
   */
  async saveOrThrow(location: string): Promise<void> {
    await this.flush(location);
    const state = this.articles.get(location);
    if (state && state.dirty && state.saveError) throw state.saveError;
  }

  /**
   * Holds the saves and reloads of an open article until the returned function is called, while a
   * corpus-wide operation writes its sidecar; resolves once a save under way has finished.
   */
  async holdSaves(location: string): Promise<() => void> {
    const state = this.articles.get(location);
    if (!state) return () => undefined;
    let release!: () => void, reached!: () => void;
    const released = new Promise<void>(r => { release = r; });
    const atGate = new Promise<void>(r => { reached = r; });
    void this.underSaveQueue(state, () => { reached(); return released; });
    await atGate;
    return release;
  }

  /**
   * The text an open article's sidecar would have with these annotations, without changing
   * anything: a corpus-wide operation prepares every file before it writes any.
   */
  stageSidecar(location: string, sidecar: Sidecar): string {
    const state = this.writable(location);
    const loaded = state.loaded && { ...state.loaded, document: state.loaded.document?.clone() };
    return saveSidecar({ ...sidecar, article: { ...sidecar.article, hash: hashText(state.text.text) } }, loaded);
  }

  /** A corpus-wide operation wrote (or restored) this open article's sidecar: remember it as our own write. */
  async noteWritten(location: string, text: string): Promise<void> {
    const state = this.articles.get(location);
    if (!state) return;
    state.lastWritten = text;
    state.lastStat = await statAfterWrite(this.fs, state.sidecarLocation, text);
  }

  /**
   * The operation is complete: the article's annotations become `sidecar`, whose file is `text`.
   * `changedMeanwhile`: they differ from what was written (typed during the operation), so they
   * are saved again.
   */
  adoptWritten(location: string, sidecar: Sidecar, text: string, changedMeanwhile: boolean): void {
    const state = this.articles.get(location);
    if (!state || state.superseded || state.readonly) return;
    state.sidecar = sidecar;
    state.loaded = loadSidecar(text);
    state.dirty = state.dirty || changedMeanwhile;
    this.recheck(state);
    this.changed.fire(state);
    if (state.dirty) this.scheduleSave(state);
  }

  // ------------------------------------------------------------ the files changed on disk
  // Git (checkout, pull, stash, reset) and other programs rewrite articles and sidecars, in
  // either order and with any delay between them. The rule: what is on disk wins for everything
  // that was saved; unsaved changes are replayed onto it by annotation id (three-way: base = last
  // saved, ours = memory, theirs = disk); and a sidecar is written only when an annotation changed.
  // A sidecar on disk whose hash matches its article is used as it is.

  /**
   * The sidecar of an open article changed on disk. `rawText` is the editor's text and
   * `documentDirty` whether it holds unsaved typing.
   */
  async reloadSidecar(location: string, rawText: string, documentDirty: boolean): Promise<void> {
    const state = this.articles.get(location);
    if (!state) return;
    const source = await this.fs.readText(state.sidecarLocation);
    if (source !== undefined && !state.readonly && source === state.lastWritten) return; // our own write, echoed (no need to parse it)
    const loaded = source === undefined ? undefined : loadSidecar(normalizeNewlines(source));
    if (source === undefined || state.readonly || !loaded?.sidecar || hasErrors(loaded.problems)) { await this.open(location, rawText); return; }
    if (source === state.lastWritten) return; // our own write, echoed
    const current = this.articles.get(location);
    if (current !== state) return; // reopened meanwhile
    const text = normalizeNewlines(rawText);
    if (text !== state.text.text) return; // the editor's text moved on: the change event that follows settles it
    if (await this.editorBehindDisk(state, loaded.sidecar, documentDirty)) {
      // Git wrote the sidecar first; the editor has not re-read the article yet. When it has, the
      // sidecar matches the text and is used as it is (see settleReload).
      return;
    }
    this.adopt(state, source, loaded, state.sidecar);
  }

  /**
   * The editor re-read an open article from disk (checkout, pull, another editor). `before` are
   * the annotations as they were before that change. A sidecar on disk that matches the new text
   * is used as it is, with unsaved annotation changes replayed onto it; otherwise the annotations
   * known before are found again by their quotes (reanchorFrom).
   */
  async settleReload(location: string, before: Sidecar, rawText: string): Promise<void> {
    const state = this.articles.get(location);
    if (!state || state.readonly) return;
    const text = normalizeNewlines(rawText);
    const source = await this.fs.readText(state.sidecarLocation);
    if (this.articles.get(location) !== state || state.text.text !== text) return; // changed meanwhile: a later settle follows
    const loaded = source === undefined ? undefined : loadSidecar(normalizeNewlines(source));
    if (source !== undefined && loaded?.sidecar && !hasErrors(loaded.problems) && loaded.sidecar.article.hash === hashText(text)) {
      // Places as they were before the reload (on the old text, like the base's: the exact shift
      // of a reload is no evidence), current fields, and what was added since.
      const known = new Set([...before.mentions, ...before.claims].map(a => a.id));
      const now = new Map([...state.sidecar.mentions, ...state.sidecar.claims].map(a => [a.id, a]));
      const keep = <T extends Annotation>(then: T[], current: T[]): T[] => [
        ...then.filter(a => now.has(a.id)).map(a => ({ ...a, ...pickFields(now.get(a.id)!) }) as T),
        ...current.filter(a => !known.has(a.id))];
      this.adopt(state, source, loaded, { ...state.sidecar, mentions: keep(before.mentions, state.sidecar.mentions), claims: keep(before.claims, state.sidecar.claims) });
      return;
    }
    this.reanchorFrom(location, before, rawText);
  }

  /**
   * Open articles whose sidecar on disk is not what was last read or written: a file watcher
   * event was missed (they drop events under load). Cheap: one read per open article.
   */
  async staleOnDisk(): Promise<string[]> {
    const stale: string[] = [];
    for (const state of [...this.articles.values()]) {
      if (state.superseded) continue;
      const source = await this.fs.readText(state.sidecarLocation).catch(() => state.lastWritten);
      if (source !== state.lastWritten) stale.push(state.location);
    }
    return stale;
  }

  /**
   * The editor, without unsaved typing, shows another text than the article on disk, which
   * `sidecar` was saved against: git wrote both, and the editor has not re-read the article yet.
   */
  private async editorBehindDisk(state: ArticleState, sidecar: Sidecar, documentDirty = this.isDocumentDirty(state.location)): Promise<boolean> {
    const hash = sidecar.article.hash, shown = state.text.text;
    if (hash === undefined || documentDirty || hash === hashText(shown)) return false;
    // An article that cannot be read (refused: a link, too large, not UTF-8) compares with nothing.
    const disk = await this.fs.readText(state.location).catch(() => undefined);
    if (disk === undefined) return false;
    const text = normalizeNewlines(disk);
    return text !== shown && hashText(text) === hash;
  }

  /** The annotations last read from or written to the file: the base of a three-way merge. */
  private baseOf(state: ArticleState): Sidecar {
    if (state.lastWritten === undefined) return emptySidecar();
    if (this.baseCache?.source !== state.lastWritten) {
      const sidecar = loadSidecar(normalizeNewlines(state.lastWritten)).sidecar ?? emptySidecar();
      this.baseCache = { source: state.lastWritten, sidecar };
    }
    return this.baseCache.sidecar;
  }
  private baseCache?: { source: string; sidecar: Sidecar };

  /**
   * Takes the sidecar on disk (`source`) as the new saved state and replays onto it what `ours`
   * changed since the last save. Written again only when that leaves annotations the file lacks.
   */
  private adopt(state: ArticleState, source: string, loaded: LoadedSidecar, ours: Sidecar): void {
    const theirs = loaded.sidecar!;
    const base = this.baseOf(state);
    ours = this.asFiled(state, base, ours);
    const taken = new Set<string>();
    const merged = mergeSidecars3(base, ours, theirs, { newId: (prefix, used) => { const id = newId(prefix, new Set([...used, ...taken])); taken.add(id); return id; } });
    const placed = this.placeMerged(merged.sidecar, theirs, state.text);
    clearTimeout(this.timers.get(state.location));
    this.timers.delete(state.location);
    state.sidecar = placed.sidecar;
    state.loaded = loaded;
    state.lastWritten = source;
    notePlacement(state, source, theirs, placed.sidecar);
    state.problems = loaded.problems.map(p => ({ ...p, file: state.sidecarLocation }));
    state.orphanReasons = placed.orphanReasons;
    // Written again only for unsaved changes replayed onto the file; re-anchoring a sidecar newer
    // than the article (git wrote it first) waits for the article, it is not written back.
    state.dirty = !sameAnnotations(merged.sidecar, theirs);
    this.recheck(state);
    this.changed.fire(state);
    if (state.dirty) this.scheduleSave(state);
  }

  /**
   * `ours` with each annotation that still stands where the last file read was re-anchored to
   * (see placedFromFile) put back as that file has it: the base of a merge is on the file's text,
   * and a place given by re-anchoring is no change of ours.
   */
  private asFiled(state: ArticleState, base: Sidecar, ours: Sidecar): Sidecar {
    const placed = state.placedFromFile;
    if (!placed || placed.source !== state.lastWritten) return ours;
    const filed = new Map([...base.mentions, ...base.claims].map(a => [a.id, a]));
    const back = <T extends Annotation>(list: T[]): T[] => list.map(a => {
      const own = filed.get(a.id);
      return own && placed.places.get(a.id) === placeOf(a) ? { ...own, ...pickFields(a) } as T : a;
    });
    return { ...ours, mentions: back(ours.mentions), claims: back(ours.claims) };
  }

  /**
   * Puts a merge result on the editor's text. When the file was saved against another text, all
   * of it is re-anchored; otherwise only annotations not placed as the file places them (ours,
   * whose places may refer to an older text) are found again by their quotes.
   */
  private placeMerged(merged: Sidecar, theirs: Sidecar, text: CodePointIndex): { sidecar: Sidecar; orphanReasons: Map<string, string> } {
    if (merged.article.hash !== hashText(text.text)) return reanchorSidecar(merged, text);
    const filed = new Map([...theirs.mentions, ...theirs.claims].map(a => [a.id, placeOf(a)]));
    const settled = (a: Annotation) => filed.get(a.id) === placeOf(a) || (a.anchor !== 'orphan' && a.end <= text.length && text.slice(a.start, a.end) === a.text);
    const others = { ...emptySidecar(), mentions: merged.mentions.filter(a => !settled(a)), claims: merged.claims.filter(a => !settled(a)) };
    if (!others.mentions.length && !others.claims.length) return { sidecar: merged, orphanReasons: new Map() };
    const found = reanchorSidecar(others, text);
    const byId = new Map([...found.sidecar.mentions, ...found.sidecar.claims].map(a => [a.id, a]));
    return { sidecar: { ...merged, mentions: merged.mentions.map(a => (byId.get(a.id) as Mention | undefined) ?? a).sort(compareSpans),
      claims: merged.claims.map(a => (byId.get(a.id) as Claim | undefined) ?? a).sort(compareSpans) }, orphanReasons: found.orphanReasons };
  }

  /** Nothing but the hash differs from what was last saved: nothing to write. */
  private unchangedSinceSaved(state: ArticleState, sidecar: Sidecar): boolean {
    return state.lastWritten !== undefined && sameAnnotations(sidecar, this.baseOf(state));
  }

  private readonly postponed = new Map<string, number>();
  /** After an article changed on disk, git may still be writing its sidecar: saves wait this long. */
  static readonly DISK_QUIET_MS = 1500;

  /** Saves wait for the disk to settle at most this many times in a row, then go on. */
  private mayPostpone(state: ArticleState): boolean {
    return (this.postponed.get(state.location) ?? 0) < 10;
  }

  private postpone(state: ArticleState): false {
    this.postponed.set(state.location, (this.postponed.get(state.location) ?? 0) + 1);
    this.scheduleSave(state);
    return false;
  }

  /** The article file changed a moment ago (not typed here): its sidecar may be on its way. */
  private async articleJustChanged(state: ArticleState): Promise<boolean> {
    if (state.flushing || !this.mayPostpone(state) || this.isDocumentDirty(state.location)) return false;
    const st = await this.fs.stat(state.location).catch(() => undefined);
    return st !== undefined && Date.now() - st.mtime < AnnotationStore.DISK_QUIET_MS;
  }

  /**
   * Just before a save: when another program changed the sidecar since it was last read, its
   * content becomes the base and unsaved changes are replayed onto it (never written over). True
   * when the save should go on.
   */
  private async reconcileWithDisk(state: ArticleState): Promise<boolean> {
    let source: string | undefined;
    try {
      source = await this.fs.readText(state.sidecarLocation);
    } catch {
      return true; // unreadable now: the write reports what is wrong
    }
    if (source === undefined || source === state.lastWritten) {
      if (source !== undefined) {
        if (await this.articleJustChanged(state)) return this.postpone(state);
        const base = this.baseOf(state);
        if (await this.editorBehindDisk(state, base)) {
          // Git wrote this sidecar with an article the editor has not re-read yet: the pair on disk
          // agrees, and its annotations merely placed on the stale text are not written over it.
          if (this.unchangedSinceSaved(state, this.asFiled(state, base, state.sidecar))) { state.dirty = false; this.postponed.delete(state.location); return false; }
          // Changes made here wait for the editor's reload, which re-places them; not for ever.
          if (!state.flushing && this.mayPostpone(state)) return this.postpone(state);
        }
      }
      this.postponed.delete(state.location);
      return true;
    }
    const loaded = loadSidecar(normalizeNewlines(source));
    if (!loaded.sidecar || hasErrors(loaded.problems)) return false; // the watcher shows it read-only; memory keeps the work
    if (this.mayPostpone(state) && await this.editorBehindDisk(state, loaded.sidecar)) {
      // The article on disk is about to be re-read by the editor; save once it has.
      return this.postpone(state);
    }
    this.postponed.delete(state.location);
    this.adopt(state, source, loaded, state.sidecar);
    return state.dirty;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.changed.dispose();
    this.saved.dispose();
    this.failed.dispose();
  }
}

/**
 * Whether an edit reaches a placed mention or claim: inside it or touching either end (where an
 * editor's decoration may grow while the annotation does not).
 */
function reachesAny(edits: readonly TextEdit[], sidecar: Sidecar): boolean {
  const reaches = (a: Annotation) => {
    if (a.anchor === 'orphan') return false;
    for (const ed of edits) if (ed.start <= a.end && a.start <= ed.end) return true;
    return false;
  };
  return sidecar.mentions.some(reaches) || sidecar.claims.some(reaches);
}

/** Where an annotation stands, as far as re-anchoring decides it. */
function placeOf(a: Annotation): string {
  return `${a.start}:${a.end}:${a.text}`;
}

/** Records where a file's annotations were re-anchored to, when the file was saved against another text. */
function notePlacement(state: ArticleState, source: string, filed: Sidecar, placed: Sidecar): void {
  state.placedFromFile = filed.article.hash === undefined || filed.article.hash === hashText(state.text.text) ? undefined
    : { source, places: new Map([...placed.mentions, ...placed.claims].map(a => [a.id, placeOf(a)])) };
}

/** Non-positional fields (entity, stance, note…) as they are now, over an older annotation. */
function pickFields(now: Annotation): Partial<Annotation> {
  const { start: _s, end: _e, text: _t, before: _b, after: _a, anchor: _n, score: _c, ...fields } = now;
  return fields;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}
