// A compact, corpus-wide index of the sidecars in a workspace, for the editor's tree, Find All
// References, Workspace Symbols and the status bar: per sidecar, the article it annotates, the
// mentions of each entity (offsets and a text preview), the claims (claimant, stance, topic,
// preview) and orphan counts. It never keeps whole sidecars in memory.
//
// Entries are cached by a fast hash of each sidecar file's text. The cache serialises to JSON
// (toJSON/fromJSON), so the editor can persist it between runs: re-opening an unchanged workspace
// only reads and hashes the files. Works over the FileSystem port (no editor imports).
import { AnchorState, articlePathFor, Claim, ClaimForm, Mention, SIDECAR_SUFFIX, sidecarPathFor } from '../core/model';
import { hasErrors, Problem } from '../core/problems';
import { loadSidecar } from '../core/sidecarFormat';
import { ArticleLines, articleLinesOf, CodePointIndex, normalizeNewlines } from '../core/text';
import { FileSystem, isFileRefused } from './fileSystem';

/** Code points of annotation text kept as a preview. */
export const PREVIEW_LENGTH = 80;
/** Version of the JSON snapshot; a snapshot of another version is ignored. */
export const INDEX_FORMAT_VERSION = 3;
/** Files read at once while building. */
const CONCURRENCY = 32;

/**
 * A mention as the index keeps it: its `text` is cut to PREVIEW_LENGTH code points and its context
 * (before, after) is empty. Whole mentions, so that views of the corpus hand out these objects
 * instead of a copy of each.
 */
export type MentionRef = Mention;

/**
 * A claim as the index keeps it (no note or score, an empty context); its `text` is cut to
 * PREVIEW_LENGTH code points. Shaped as a Claim for the same reason as MentionRef.
 */
export type ClaimRef = Omit<Claim, 'note' | 'score'>;

export interface SidecarSummary {
  /** Location of the sidecar file. */
  sidecar: string;
  /** Location of the article it annotates. */
  article: string;
  /** Fast hash of the sidecar file's text (the cache key). */
  hash: string;
  title?: string;
  date?: string;
  /** Mentions by entity id, in position order. */
  mentions: Record<string, MentionRef[]>;
  /** Claims in position order. */
  claims: ClaimRef[];
  orphans: { mentions: number; claims: number };
  /** Annotations placed by a fuzzy match, waiting for review. */
  fuzzy: number;
  /** Reading problems (syntax, shape); a file with errors has no annotations here. */
  errors: number;
  warnings: number;
  /** Size and modification time of the file when it was read (absent for unsaved text). */
  stat?: { size: number; mtime: number };
  /**
   * Where the article's lines start, as it was when the sidecar was read: places of annotations
   * in editor coordinates without reading the article (absent when it could not be read).
   */
  lines?: ArticleLines;
}

export interface EntityCount {
  entity: string;
  mentions: number;
  /** Claims made by the entity. */
  claims: number;
  /** Sidecars that mention it or carry its claims. */
  files: number;
}

export interface MentionHit { sidecar: string; article: string; entity: string; mention: MentionRef }
export interface ClaimHit { sidecar: string; article: string; claim: ClaimRef }

/** A mention in a snapshot: [id, start, end, text, anchor] (anchor left out when exact). */
type MentionTuple = [string, number, number, string, AnchorState?];
/** A claim in a snapshot: [id, claimant, start, end, text, anchor, stance, topic, addressee, object, form], absent ones null, trailing nulls left out. */
type ClaimTuple = (string | number | null)[];

/** One sidecar in a snapshot: the summary with short keys and annotations as tuples. */
export interface SnapshotEntry {
  /** sidecar location */ s: string;
  /** hash */ h: string;
  /** title */ t?: string;
  /** date */ d?: string;
  /** mentions by entity */ m: Record<string, MentionTuple[]>;
  /** claims */ c: ClaimTuple[];
  /** errors, warnings */ p: [number, number];
  /** size, mtime of the file when it was read */ f?: [number, number];
  /** the article's line starts and astral characters */ l?: [number[], number[]?];
}

/** The persisted form of the index: compact, stable, plain JSON. */
export interface IndexSnapshot {
  format: 'claimlens-index';
  version: number;
  entries: SnapshotEntry[];
}

export interface BuildStats {
  sidecars: number;
  /** Entries taken from the cache (file text unchanged). */
  reused: number;
  /** Entries (re)read from their text. */
  parsed: number;
  /** Entries dropped because their file is gone. */
  removed: number;
}

/**
 * A fast, non-cryptographic fingerprint of a text (two 32-bit FNV-1a style lanes plus the length);
 * only used to tell whether a file changed since it was indexed.
 */
export function fastHash(text: string): string {
  let a = 0x811c9dc5, b = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return (a >>> 0).toString(36) + '.' + (b >>> 0).toString(36) + '.' + text.length.toString(36);
}

/** The first PREVIEW_LENGTH code points of `text`, with an ellipsis when cut. */
export function preview(text: string, max = PREVIEW_LENGTH): string {
  if (text.length <= max) return text;
  const cps = Array.from(text);
  return cps.length <= max ? text : cps.slice(0, max - 1).join('') + '…';
}

/**
 * An empty map from entity id to T. It has no prototype, so ids such as `constructor` or
 * `__proto__` are plain keys (a `{}` would answer them with Object.prototype's members).
 */
const byEntity = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/**
 * The strings the summaries keep, each in storage of its own. A substring may be kept as a view
 * into the whole text it was cut from (V8 does so from 13 characters on): summaries holding such
 * views of what they read would keep the text of every sidecar file in memory. Values that repeat
 * across a corpus (mention texts, which are mostly names; entity ids, stances, topics) are kept once.
 */
export class StringPool {
  private readonly kept = new Map<string, string>();

  /** A copy of `s` of its own, shared with every other string equal to it taken through this pool. */
  shared(s: string): string {
    let kept = this.kept.get(s);
    if (kept === undefined) {
      kept = ownCopy(s);
      this.kept.set(kept, kept); // keyed by the copy too: a key is kept as well
    }
    return kept;
  }

  get size(): number { return this.kept.size; }
}

/** `s` in storage of its own, not a view into a longer string (see StringPool). */
export function ownCopy(s: string): string {
  // Concatenating makes a new string; cutting the added character off again copies out of it.
  return (' ' + s).slice(1);
}

// One shape for every mention (and claim) the index makes, whether read from a file or a snapshot.
const mentionRef = (id: string, entity: string, start: number, end: number, text: string, anchor: AnchorState): MentionRef =>
  ({ id, entity, start, end, text, before: '', after: '', anchor });
const claimRef = (id: string, claimant: string, start: number, end: number, text: string, anchor: AnchorState): ClaimRef =>
  ({ id, claimant, start, end, text, before: '', after: '', anchor });

/** The summary of one sidecar file's text; `strings` keeps its strings apart from the text. */
export function summarize(sidecarLocation: string, text: string, hash = fastHash(text), strings = new StringPool()): SidecarSummary {
  const loaded = loadSidecar(text);
  const summary: SidecarSummary = {
    sidecar: sidecarLocation, article: articlePathFor(sidecarLocation) ?? sidecarLocation, hash,
    mentions: byEntity(), claims: [], orphans: { mentions: 0, claims: 0 }, fuzzy: 0,
    errors: loaded.problems.filter(p => p.severity === 'error').length,
    warnings: loaded.problems.filter(p => p.severity === 'warning').length,
  };
  const s = loaded.sidecar;
  if (!s || hasErrors(loaded.problems)) return summary;
  if (s.article.title !== undefined) summary.title = ownCopy(s.article.title);
  if (s.article.date !== undefined) summary.date = strings.shared(s.article.date);
  const byPosition = (x: { start: number; end: number; id: string }, y: { start: number; end: number; id: string }) =>
    x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  for (const m of [...s.mentions].sort(byPosition)) {
    const entity = strings.shared(m.entity);
    (summary.mentions[entity] ??= []).push(mentionRef(ownCopy(m.id), entity, m.start, m.end, strings.shared(preview(m.text)), strings.shared(m.anchor) as AnchorState));
    if (m.anchor === 'orphan') summary.orphans.mentions++;
    else if (m.anchor === 'fuzzy') summary.fuzzy++;
  }
  for (const c of [...s.claims].sort(byPosition)) {
    const ref = claimRef(ownCopy(c.id), strings.shared(c.claimant), c.start, c.end, ownCopy(preview(c.text)), strings.shared(c.anchor) as AnchorState);
    if (c.stance !== undefined) ref.stance = strings.shared(c.stance);
    if (c.topic !== undefined) ref.topic = strings.shared(c.topic);
    if (c.addressee !== undefined) ref.addressee = strings.shared(c.addressee);
    if (c.object !== undefined) ref.object = strings.shared(c.object);
    if (c.form !== undefined) ref.form = strings.shared(c.form) as ClaimForm;
    summary.claims.push(ref);
    if (c.anchor === 'orphan') summary.orphans.claims++;
    else if (c.anchor === 'fuzzy') summary.fuzzy++;
  }
  return summary;
}

export class WorkspaceIndex {
  /** Summaries by sidecar location; entries from a snapshot stay packed until first used. */
  private readonly entries = new Map<string, SidecarSummary | SnapshotEntry>();
  /** The strings of every summary (see StringPool). */
  private readonly strings = new StringPool();

  /**
   * @param fs the file system port
   * @param roots folders (locations) whose sidecars are indexed, recursively
   */
  constructor(private readonly fs: FileSystem, readonly roots: readonly string[]) {}

  /**
   * An index primed with a persisted snapshot. Its entries answer queries at once; build()
   * then checks every file against them and re-reads only the changed ones. A snapshot of
   * another format version, or one that is not a snapshot, is ignored.
   */
  static fromJSON(fs: FileSystem, roots: readonly string[], snapshot: unknown): WorkspaceIndex {
    const index = new WorkspaceIndex(fs, roots);
    const s = snapshot as Partial<IndexSnapshot> | null;
    if (s && s.format === 'claimlens-index' && s.version === INDEX_FORMAT_VERSION && Array.isArray(s.entries)) {
      // A damaged entry is left out, so build() simply re-reads its file.
      for (const e of s.entries) if (isSnapshotEntry(e)) index.entries.set(e.s, e);
    }
    return index;
  }

  /** A plain-data snapshot of the index, in a stable order (JSON.stringify it to persist). */
  toJSON(): IndexSnapshot {
    const entries = [...this.entries.values()].map(e => (isSnapshotEntry(e) ? e : encodeEntry(e)));
    return { format: 'claimlens-index', version: INDEX_FORMAT_VERSION, entries: entries.sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0)) };
  }

  /**
   * Finds every sidecar under the roots and brings the index in line with them. The hash of a
   * file's text decides whether it is parsed again; `verify: 'stat'` (the default) first trusts
   * an entry whose file has the same size and modification time as when it was read, without
   * reading it. `verify: 'hash'` reads and hashes every file.
   */
  async build(options: { verify?: 'stat' | 'hash' } = {}): Promise<BuildStats> {
    const trustStat = (options.verify ?? 'stat') === 'stat';
    const found = new Set<string>();
    for (const root of this.roots) for (const f of await this.fs.findFiles(root, SIDECAR_SUFFIX)) found.add(f);
    const stats: BuildStats = { sidecars: 0, reused: 0, parsed: 0, removed: 0 };
    for (const location of [...this.entries.keys()]) if (!found.has(location)) { this.entries.delete(location); stats.removed++; }
    const queue = [...found];
    const worker = async (): Promise<void> => {
      for (let location = queue.pop(); location !== undefined; location = queue.pop()) {
        // One unreadable file (permissions, a vanished provider) must not stop the others.
        let r: Awaited<ReturnType<WorkspaceIndex['refresh']>>;
        try {
          r = await this.refresh(location, trustStat);
          this.readFailures.delete(location);
        } catch (e) {
          this.entries.delete(location);
          this.readFailures.set(location, readFailure(location, e));
          continue;
        }
        if (r === 'reused') stats.reused++;
        else if (r === 'parsed') stats.parsed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    stats.sidecars = this.entries.size;
    return stats;
  }

  /**
   * Re-indexes one sidecar (or the sidecar of an article) after it changed on disk; a file that
   * no longer exists is removed. Returns the new summary, or undefined when there is none.
   */
  async update(location: string): Promise<SidecarSummary | undefined> {
    const sidecar = location.endsWith(SIDECAR_SUFFIX) ? location : sidecarPathFor(location);
    await this.refresh(sidecar, false);
    return this.summary(sidecar);
  }

  /** Indexes a sidecar from text the caller already has (an unsaved editor buffer, a just-written file). */
  updateFromText(sidecarLocation: string, text: string): SidecarSummary {
    const hash = fastHash(text);
    if (this.hashOf(sidecarLocation) === hash) return this.summary(sidecarLocation)!;
    const summary = summarize(sidecarLocation, text, hash, this.strings);
    this.entries.set(sidecarLocation, summary);
    return summary;
  }

  /** Sidecars the last build could not read, with why; they are left out of the index until they can be. */
  readonly readFailures = new Map<string, Problem>();

  /** Forgets a sidecar (or the sidecar of an article); true when it was indexed. */
  remove(location: string): boolean {
    return this.entries.delete(location.endsWith(SIDECAR_SUFFIX) ? location : sidecarPathFor(location))
      || this.entries.delete(location);
  }

  private async refresh(sidecar: string, trustStat: boolean): Promise<'reused' | 'parsed' | 'gone'> {
    // Stat before reading: a change between the two leaves a stat that no longer matches.
    const st = await this.fs.stat(sidecar);
    if (st === undefined) { this.entries.delete(sidecar); return 'gone'; }
    const stat = { size: st.size, mtime: st.mtime };
    const known = this.statOf(sidecar);
    if (trustStat && known && known.size === stat.size && known.mtime === stat.mtime) return 'reused';
    const text = await this.fs.readText(sidecar);
    if (text === undefined) { this.entries.delete(sidecar); return 'gone'; }
    const hash = fastHash(text);
    if (this.hashOf(sidecar) === hash) { this.setStat(sidecar, stat); return 'reused'; }
    const summary: SidecarSummary = { ...summarize(sidecar, text, hash, this.strings), stat };
    const lines = await this.readLines(summary.article);
    if (lines) summary.lines = lines;
    this.entries.set(sidecar, summary);
    return 'parsed';
  }

  /** The line starts of an article on disk; undefined when it cannot be read. */
  private async readLines(article: string): Promise<ArticleLines | undefined> {
    try {
      const text = await this.fs.readText(article);
      return text === undefined ? undefined : articleLinesOf(new CodePointIndex(normalizeNewlines(text)));
    } catch {
      return undefined; // refused or unreadable: positions are then looked up the slow way
    }
  }

  /** An article changed on disk: its line starts are read again (when its sidecar is indexed). */
  async articleChanged(article: string): Promise<void> {
    const sidecar = sidecarPathFor(article);
    if (!this.entries.has(sidecar)) return;
    const lines = await this.readLines(article);
    const summary = this.summary(sidecar);
    if (!summary) return;
    if (lines) summary.lines = lines; else delete summary.lines;
  }

  private statOf(location: string): { size: number; mtime: number } | undefined {
    const e = this.entries.get(location);
    if (e === undefined) return undefined;
    if (!isSnapshotEntry(e)) return e.stat;
    return e.f && { size: e.f[0], mtime: e.f[1] };
  }

  private setStat(location: string, stat: { size: number; mtime: number }): void {
    const e = this.entries.get(location);
    if (e === undefined) return;
    if (isSnapshotEntry(e)) e.f = [stat.size, stat.mtime];
    else e.stat = stat;
  }

  private hashOf(location: string): string | undefined {
    const e = this.entries.get(location);
    return e === undefined ? undefined : isSnapshotEntry(e) ? e.h : e.hash;
  }

  /** The entry for a sidecar location, unpacked. */
  private summary(location: string): SidecarSummary | undefined {
    const e = this.entries.get(location);
    if (e === undefined || !isSnapshotEntry(e)) return e;
    try {
      const unpacked = decodeEntry(e, this.strings);
      this.entries.set(location, unpacked);
      return unpacked;
    } catch {
      this.entries.delete(location); // damaged: the next build() or update() reads the file again
      return undefined;
    }
  }

  private all(): SidecarSummary[] {
    return [...this.entries.keys()].flatMap(k => this.summary(k) ?? []);
  }

  // ------------------------------------------------------------ queries

  get size(): number { return this.entries.size; }

  get(location: string): SidecarSummary | undefined {
    return this.summary(location) ?? this.summary(sidecarPathFor(location));
  }

  /** Every summary, by sidecar location. */
  summaries(): SidecarSummary[] {
    return this.all().sort((a, b) => (a.sidecar < b.sidecar ? -1 : a.sidecar > b.sidecar ? 1 : 0));
  }

  /** Every entity that is mentioned or makes a claim, with its counts, most mentioned first. */
  entities(): EntityCount[] {
    const counts = new Map<string, EntityCount>();
    const of = (entity: string) => {
      let c = counts.get(entity);
      if (!c) counts.set(entity, c = { entity, mentions: 0, claims: 0, files: 0 });
      return c;
    };
    for (const s of this.all()) {
      const here = new Set<string>();
      for (const [entity, list] of Object.entries(s.mentions)) { of(entity).mentions += list.length; here.add(entity); }
      for (const c of s.claims) { of(c.claimant).claims++; here.add(c.claimant); }
      for (const e of here) of(e).files++;
    }
    return [...counts.values()].sort((a, b) => b.mentions - a.mentions || b.claims - a.claims || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));
  }

  /** Every mention of an entity across the corpus, by sidecar location then position. */
  mentionsOf(entity: string): MentionHit[] {
    const hits: MentionHit[] = [];
    for (const s of this.summaries()) for (const mention of s.mentions[entity] ?? []) hits.push({ sidecar: s.sidecar, article: s.article, entity, mention });
    return hits;
  }

  /** Claims made by an entity. */
  claimsBy(claimant: string): ClaimHit[] {
    return this.claimsWhere(c => c.claimant === claimant);
  }

  /** Claims on a topic. */
  claimsByTopic(topic: string): ClaimHit[] {
    return this.claimsWhere(c => c.topic === topic);
  }

  /** Claims in which an entity takes part: as claimant, addressee or object. */
  claimsInvolving(entity: string): ClaimHit[] {
    return this.claimsWhere(c => c.claimant === entity || c.addressee === entity || c.object === entity);
  }

  claimsWhere(test: (c: ClaimRef) => boolean): ClaimHit[] {
    const hits: ClaimHit[] = [];
    for (const s of this.summaries()) for (const claim of s.claims) if (test(claim)) hits.push({ sidecar: s.sidecar, article: s.article, claim });
    return hits;
  }

  /** Corpus totals, for the status bar. */
  totals(): { sidecars: number; mentions: number; claims: number; orphans: number; fuzzy: number; broken: number } {
    const t = { sidecars: this.entries.size, mentions: 0, claims: 0, orphans: 0, fuzzy: 0, broken: 0 };
    for (const s of this.all()) {
      for (const list of Object.values(s.mentions)) t.mentions += list.length;
      t.claims += s.claims.length;
      t.orphans += s.orphans.mentions + s.orphans.claims;
      t.fuzzy += s.fuzzy;
      if (s.errors > 0) t.broken++;
    }
    return t;
  }
}

// ---------------------------------------------------------------- snapshot encoding

const CLAIM_OPTIONAL = ['stance', 'topic', 'addressee', 'object', 'form'] as const;

function encodeEntry(x: SidecarSummary): SnapshotEntry {
  const m: Record<string, MentionTuple[]> = byEntity();
  for (const [entity, list] of Object.entries(x.mentions))
    m[entity] = list.map(r => (r.anchor === 'exact' ? [r.id, r.start, r.end, r.text] : [r.id, r.start, r.end, r.text, r.anchor]));
  const c = x.claims.map(r => {
    const t: ClaimTuple = [r.id, r.claimant, r.start, r.end, r.text, r.anchor === 'exact' ? null : r.anchor, ...CLAIM_OPTIONAL.map(k => r[k] ?? null)];
    while (t[t.length - 1] === null) t.pop();
    return t;
  });
  return { s: x.sidecar, h: x.hash, ...(x.title !== undefined ? { t: x.title } : {}), ...(x.date !== undefined ? { d: x.date } : {}),
    m, c, p: [x.errors, x.warnings], ...(x.stat ? { f: [x.stat.size, x.stat.mtime] } : {}),
    ...(x.lines ? { l: x.lines.astral ? [x.lines.starts, x.lines.astral] : [x.lines.starts] } : {}) };
}

function isSnapshotEntry(e: unknown): e is SnapshotEntry {
  const x = e as SnapshotEntry | null;
  return !!x && typeof x === 'object' && typeof x.s === 'string' && typeof x.h === 'string' && Array.isArray(x.p)
    && typeof x.m === 'object' && x.m !== null && Array.isArray(x.c);
}

function decodeEntry(e: SnapshotEntry, strings: StringPool): SidecarSummary {
  const x: SidecarSummary = { sidecar: e.s, article: articlePathFor(e.s) ?? e.s, hash: e.h, mentions: byEntity(), claims: [],
    orphans: { mentions: 0, claims: 0 }, fuzzy: 0, errors: e.p[0], warnings: e.p[1] };
  if (e.f !== undefined) x.stat = { size: e.f[0], mtime: e.f[1] };
  if (e.t !== undefined) x.title = e.t;
  if (e.d !== undefined) x.date = e.d;
  if (Array.isArray(e.l) && Array.isArray(e.l[0])) x.lines = e.l[1] ? { starts: e.l[0], astral: e.l[1] } : { starts: e.l[0] };
  for (const [key, list] of Object.entries(e.m)) {
    const entity = strings.shared(key);
    x.mentions[entity] = list.map(([id, start, end, text, anchor = 'exact']) => {
      if (anchor === 'orphan') x.orphans.mentions++;
      else if (anchor === 'fuzzy') x.fuzzy++;
      return mentionRef(id, entity, start, end, strings.shared(text), anchor);
    });
  }
  for (const t of e.c) {
    const anchor = (t[5] ?? 'exact') as AnchorState;
    const r = claimRef(t[0] as string, strings.shared(t[1] as string), t[2] as number, t[3] as number, t[4] as string, anchor);
    CLAIM_OPTIONAL.forEach((k, i) => { const v = t[6 + i]; if (v !== undefined && v !== null) (r as unknown as Record<string, unknown>)[k] = typeof v === 'string' ? strings.shared(v) : v; });
    if (anchor === 'orphan') x.orphans.claims++;
    else if (anchor === 'fuzzy') x.fuzzy++;
    x.claims.push(r);
  }
  return x;
}

/**
 * Why a sidecar could not be indexed, as a problem of that file: a refused file's own problem
 * (a link, too large, not UTF-8: the same code and position the editor gives it), else the error.
 */
export function readFailure(location: string, e: unknown): Problem {
  if (isFileRefused(e)) return { ...e.toProblem(), file: location };
  return { file: location, line: 1, column: 1, severity: 'error', code: 'unreadable',
    message: `ClaimLens could not read this sidecar: ${e instanceof Error ? e.message : String(e)}` };
}
