// Every annotated article of the workspace, for the tree, hover counts, references and symbols.
// Sidecars on disk are summarised by the WorkspaceIndex (cached by file hash and persisted across
// editor restarts, so re-opening a large corpus reads almost nothing); open articles are read live from the
// AnnotationStore, so unsaved work shows everywhere at once.
import { Claim, Mention, Sidecar, compareSpans, emptySidecar } from '../core/model';
import { Problem } from '../core/problems';
import { loadSidecar } from '../core/sidecarFormat';
import { ArticleLines, CodePointIndex } from '../core/text';
import { AnnotationStore, ArticleState } from './annotationStore';
import { Emitter } from './events';
import { FileSystem } from './fileSystem';
import { readFailure, SidecarSummary, WorkspaceIndex } from './workspaceIndex';

export interface CorpusArticle {
  article: string;
  sidecarLocation: string;
  /**
   * The annotations. For articles that are not open this is built from the index summary: texts
   * are previews (cut to 80 characters) and the context before/after is left empty — enough for
   * lists and counts; code that edits sidecars reads the files themselves.
   */
  sidecar: Sidecar;
  /** Problems found when the sidecar was read from disk (open articles: those of the store). */
  problems: Problem[];
}

export interface LocatedMention { article: string; mention: Mention }
export interface ArticleMentions {
  article: string;
  mentions: Mention[];
  /** The article's current text, when it is open. */
  text?: CodePointIndex;
  /** Its line starts as the index read them, when it is not open. */
  lines?: ArticleLines;
}
export interface LocatedClaim { article: string; claim: Claim }

export class CorpusView {
  private index: WorkspaceIndex;
  /** Articles built from summaries, reused while the summary's hash is the same. */
  private readonly fromSummary = new Map<string, { hash: string; entry: CorpusArticle }>();
  /** Positioned problems of sidecars on disk that have errors (read in full, as they are few). */
  private readonly problems = new Map<string, Problem[]>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param cacheLocation where the index is persisted across editor restarts (none: not persisted)
   */
  constructor(private readonly fs: FileSystem, private readonly store: AnnotationStore, private readonly roots: () => readonly string[],
    private readonly cacheLocation?: string) {
    this.index = new WorkspaceIndex(fs, roots());
  }

  /** Indexes the workspace: from the persisted cache where files are unchanged, reading the rest. */
  /** Sidecars the last scan could not read, with why (the editor logs them). */
  get readFailures(): ReadonlyMap<string, Problem> { return this.index.readFailures; }

  async scan(): Promise<void> {
    const roots = this.roots();
    if (this.index.size === 0 || roots.join('\n') !== this.index.roots.join('\n')) {
      let snapshot: unknown;
      try { snapshot = this.cacheLocation ? JSON.parse((await this.fs.readText(this.cacheLocation)) ?? 'null') : undefined; } catch { snapshot = undefined; }
      this.index = WorkspaceIndex.fromJSON(this.fs, roots, snapshot);
    }
    await this.index.build();
    await this.readProblems(this.index.summaries());
    this.persistSoon();
    this.changed.fire();
  }

  /** A sidecar changed, appeared or disappeared on disk. */
  async refresh(sidecarLocation: string): Promise<void> {
    let summary;
    try {
      summary = await this.index.update(sidecarLocation);
      this.index.readFailures.delete(sidecarLocation);
    } catch (e) {
      // Left out of the index, and said where the user looks (the Problems panel) as well as in the log.
      this.index.remove(sidecarLocation);
      this.index.readFailures.set(sidecarLocation, readFailure(sidecarLocation, e));
      this.changed.fire();
      throw e;
    }
    this.problems.delete(sidecarLocation);
    if (summary) await this.readProblems([summary]);
    this.persistSoon();
    this.changed.fire();
  }

  /**
   * A sidecar changed on disk, as a file watcher reports: re-indexed a moment later with the others
   * reported meanwhile, so that indexing never delays what an editor does with the same file (the
   * highlights of an article being opened). `onFailure` hears of a file that could not be read.
   */
  refreshSoon(sidecarLocation: string, onFailure?: (location: string, error: unknown) => void): void {
    this.dueRefreshes.set(sidecarLocation, onFailure);
    this.refreshTimer ??= setTimeout(() => void this.refreshDue(), CorpusView.REFRESH_DELAY_MS);
  }

  static readonly REFRESH_DELAY_MS = 200;
  private readonly dueRefreshes = new Map<string, ((location: string, error: unknown) => void) | undefined>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  private async refreshDue(): Promise<void> {
    this.refreshTimer = undefined;
    const due = [...this.dueRefreshes];
    this.dueRefreshes.clear();
    for (const [location, onFailure] of due) {
      try { await this.refresh(location); } catch (e) { onFailure?.(location, e); }
    }
  }

  /**
   * A file-watcher event. Watchers drop and coalesce events under load (a pull or checkout of a
   * big branch writes thousands of files at once), so after a burst of events — or when a folder
   * may have appeared, which reports nothing for the files in it — the index checks itself
   * against the disk once events quiet down (and at least every few seconds while they flow).
   * Single saves cost nothing extra.
   */
  noteFileEvent(maybeFolder = false): void {
    this.eventsSinceReconcile++;
    if (maybeFolder || this.eventsSinceReconcile >= CorpusView.BURST_EVENTS) this.scheduleReconcile();
  }

  static readonly BURST_EVENTS = 8;
  static readonly RECONCILE_QUIET_MS = 750;
  static readonly RECONCILE_MAX_WAIT_MS = 4000;
  private eventsSinceReconcile = 0;
  private reconcileTimer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingAt: number | undefined;
  private reconciling: Promise<void> | undefined;
  private reconcileAgain = false;

  private scheduleReconcile(): void {
    const now = Date.now();
    this.firstPendingAt ??= now;
    clearTimeout(this.reconcileTimer);
    const wait = Math.max(0, Math.min(CorpusView.RECONCILE_QUIET_MS, this.firstPendingAt + CorpusView.RECONCILE_MAX_WAIT_MS - now));
    this.reconcileTimer = setTimeout(() => { this.firstPendingAt = undefined; void this.reconcile(); }, wait);
  }

  /** Brings the index in line with the disk: finds every sidecar, re-reads those whose size or time changed. */
  async reconcile(): Promise<void> {
    if (this.reconciling) { this.reconcileAgain = true; return this.reconciling; }
    this.eventsSinceReconcile = 0;
    this.reconciling = (async () => {
      try {
        const stats = await this.index.build();
        if (stats.parsed === 0 && stats.removed === 0) return;
        await this.readProblems(this.index.summaries());
        this.persistSoon();
        this.changed.fire();
      } catch (e) {
        console.error('ClaimLens: re-checking the index failed', e);
      } finally {
        this.reconciling = undefined;
        if (this.reconcileAgain) { this.reconcileAgain = false; this.scheduleReconcile(); }
      }
    })();
    return this.reconciling;
  }

  /** An article changed on disk: the line starts the index keeps for it are read again. */
  async articleChanged(article: string): Promise<void> {
    await this.index.articleChanged(article);
    this.persistSoon();
  }

  /** A folder was deleted: forget every sidecar under it. */
  forgetFolder(folder: string): void {
    const prefix = folder.endsWith('/') ? folder : folder + '/';
    let any = false;
    for (const s of this.index.summaries()) if (s.sidecar.startsWith(prefix)) { this.index.remove(s.sidecar); this.problems.delete(s.sidecar); any = true; }
    if (any) { this.persistSoon(); this.changed.fire(); }
  }

  private async readProblems(summaries: readonly SidecarSummary[]): Promise<void> {
    for (const s of summaries) {
      if (!s.errors) continue;
      const text = await this.fs.readText(s.sidecar);
      if (text !== undefined) this.problems.set(s.sidecar, loadSidecar(text).problems.map(p => ({ ...p, file: s.sidecar })));
    }
  }

  /** Fires the change event (e.g. after the store changed an open article). */
  notify(): void {
    this.changed.fire();
  }

  /**
   * Every annotated article, in location order.
   * @param governs which articles to take (those of one codebook, say); all by default
   */
  articles(governs?: (article: string) => boolean): CorpusArticle[] {
    const result = new Map<string, CorpusArticle>();
    for (const s of this.index.summaries()) if (!governs || governs(s.article)) result.set(s.article, this.entryOf(s));
    for (const s of this.store.all()) {
      if (governs && !governs(s.location)) continue;
      if (s.sidecar.mentions.length || s.sidecar.claims.length || result.has(s.location))
        result.set(s.location, { article: s.location, sidecarLocation: s.sidecarLocation, sidecar: s.sidecar, problems: s.problems });
    }
    return [...result.values()].sort((a, b) => (a.article < b.article ? -1 : a.article > b.article ? 1 : 0));
  }

  private entryOf(s: SidecarSummary): CorpusArticle {
    const known = this.fromSummary.get(s.sidecar);
    if (known && known.hash === s.hash && known.entry.problems === (this.problems.get(s.sidecar) ?? known.entry.problems)) return known.entry;
    // The index's own mention and claim objects (previews, no context), not a copy of each.
    const mentions: Mention[] = Object.values(s.mentions).flat();
    const sidecar: Sidecar = { ...emptySidecar(), article: { ...(s.title !== undefined ? { title: s.title } : {}), ...(s.date !== undefined ? { date: s.date } : {}) },
      mentions: mentions.sort(compareSpans), claims: [...s.claims] };
    const entry: CorpusArticle = { article: s.article, sidecarLocation: s.sidecar, sidecar, problems: this.problems.get(s.sidecar) ?? [] };
    this.fromSummary.set(s.sidecar, { hash: s.hash, entry });
    return entry;
  }

  mentionsOf(entityId: string, governs?: (article: string) => boolean): LocatedMention[] {
    return this.mentionsByArticle(entityId, governs).flatMap(a => a.mentions.map(mention => ({ article: a.article, mention })));
  }

  /**
   * The mentions of an entity, by article in article order, with what places them in an editor
   * without reading the article: the live text of an open article, or the line starts the index
   * keeps for the others (absent when the article could not be read). Mentions of articles that
   * are not open carry previews and no context, as in articles(). `governs` chooses the articles
   * (those of one codebook, where an id means one actor); all by default.
   */
  mentionsByArticle(entityId: string, governs?: (article: string) => boolean): ArticleMentions[] {
    const open = this.openStates();
    const result: ArticleMentions[] = [];
    for (const s of this.index.summaries()) {
      const refs = open.has(s.article) ? undefined : s.mentions[entityId];
      if (!refs?.length || (governs && !governs(s.article))) continue;
      result.push({ article: s.article, lines: s.lines, mentions: refs.slice() }); // the index's own mentions, not copies
    }
    for (const state of open.values()) {
      if (governs && !governs(state.location)) continue;
      const mentions = state.sidecar.mentions.filter(m => m.entity === entityId);
      if (mentions.length) result.push({ article: state.location, text: state.text, mentions });
    }
    return result.sort((a, b) => (a.article < b.article ? -1 : a.article > b.article ? 1 : 0));
  }

  /** Open articles whose annotations the store gives instead of the index (as articles() takes them). */
  private openStates(): Map<string, ArticleState> {
    const open = new Map<string, ArticleState>();
    for (const s of this.store.all()) {
      if (s.sidecar.mentions.length || s.sidecar.claims.length || this.index.get(s.sidecarLocation)) open.set(s.location, s);
    }
    return open;
  }

  claimsBy(entityId: string, governs?: (article: string) => boolean): LocatedClaim[] {
    return this.articles(governs).flatMap(a => a.sidecar.claims.filter(c => c.claimant === entityId).map(claim => ({ article: a.article, claim })));
  }

  /** Writes the index snapshot when changes pause. */
  private persistSoon(): void {
    if (!this.cacheLocation) return;
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => void this.persist(), 2000);
  }

  async persist(): Promise<void> {
    clearTimeout(this.persistTimer);
    if (!this.cacheLocation) return;
    try {
      await this.fs.writeTextAtomic(this.cacheLocation, JSON.stringify(this.index.toJSON()));
    } catch {
      // A cache that cannot be written only costs a slower start next time.
    }
  }

  dispose(): void {
    clearTimeout(this.persistTimer);
    clearTimeout(this.reconcileTimer);
    clearTimeout(this.refreshTimer);
    this.changed.dispose();
  }
}
