// Codebook operations that reach into every sidecar — renaming, merging and deleting an entity —
// applied to the whole corpus. The core computes a CorpusChange (new codebook, new versions of the
// sidecars that refer to the entity); this module reads the corpus for it and writes the change:
// open articles through the AnnotationStore (their sidecars are the store's), every other sidecar
// on disk through the FileSystem port, updated in place so hand-written comments survive.
//
// Single annotations of an article that is not open (accepting or deleting them from the Needs
// review list) are changed the same way, without opening the article.
//
// All or nothing: the operation is refused before anything is written when the codebook or a
// sidecar that may refer to the entity has errors (it could not be rewritten), when a sidecar
// changed on disk between reading and writing, or when a new text cannot be serialised; a write
// that fails midway puts back the files already written (see applyCorpusChange).
import { reanchorSidecar } from '../core/anchorSidecar';
import { CorpusChange } from '../core/codebook';
import { Annotation, Claim, Codebook, Mention, Sidecar, SIDECAR_SUFFIX, sidecarPathFor } from '../core/model';
import { hasErrors, Problem } from '../core/problems';
import { LoadedSidecar, loadSidecar, saveSidecar } from '../core/sidecarFormat';
import { CodePointIndex, hashText, normalizeNewlines } from '../core/text';
import { plural } from '../core/treeModel';
import { AnnotationStore } from './annotationStore';
import { CodebookStore } from './codebookStore';
import { basename, FileSystem } from './fileSystem';

export interface CorpusOpsContext {
  fs: FileSystem;
  store: AnnotationStore;
  codebook: CodebookStore;
  /** Folders whose sidecars make up the corpus (the workspace folders). */
  roots: () => readonly string[];
  /**
   * Whether the codebook governs an article (the nearest codebook above it is this one). Articles
   * of other codebooks are left alone: there the same id may be another actor. All by default.
   */
  governs?: (article: string) => Promise<boolean>;
}

/** A sidecar that cannot be rewritten: it has syntax or shape errors. */
export interface BrokenSidecar {
  location: string;
  /** The file's text, when known. */
  source?: string;
  problem?: Problem;
}

export interface CorpusSnapshot {
  /** The codebook the snapshot goes with. */
  codebook: Codebook;
  /** Every readable sidecar by location: open articles as the store has them, the rest as on disk. */
  corpus: Map<string, Sidecar>;
  /** Sidecars of articles that are not open: the text read and what was loaded from it. */
  onDisk: Map<string, { source: string; loaded: LoadedSidecar }>;
  /** Sidecars of open articles, by sidecar location: the article's location. */
  open: Map<string, string>;
  broken: BrokenSidecar[];
}

export interface CorpusOperationResult {
  change: CorpusChange;
  /** Sidecars of closed articles that were rewritten on disk. */
  written: string[];
  /** Open articles whose annotations were replaced in the store (saved by it). */
  replaced: string[];
}

/** The operation was refused or could not be completed; the message says why and what to do. */
export class CorpusOperationError extends Error {}

/** Reads every sidecar of the corpus: open articles from the store, the others from disk. */
export async function readCorpus(ctx: CorpusOpsContext): Promise<CorpusSnapshot> {
  let found = [...new Set((await Promise.all(ctx.roots().map(r => ctx.fs.findFiles(r, SIDECAR_SUFFIX)))).flat())];
  // Articles of the codebook (all when no codebook is named), decided before the store is read below.
  const governs = ctx.governs;
  const inside = new Set<string>();
  if (governs) {
    const articles = [...new Set([...found.map(location => location.slice(0, -SIDECAR_SUFFIX.length)), ...ctx.store.all().map(s => s.location)])];
    const taken = await Promise.all(articles.map(governs));
    articles.forEach((article, i) => { if (taken[i]) inside.add(article); });
    found = found.filter(location => inside.has(location.slice(0, -SIDECAR_SUFFIX.length)));
  }
  const read = await Promise.all(found.map(async location => ({ location, source: await ctx.fs.readText(location) })));
  const snapshot: CorpusSnapshot = { codebook: ctx.codebook.codebook, corpus: new Map(), onDisk: new Map(), open: new Map(), broken: [] };
  // The store is read last and without awaiting, so an article opened meanwhile counts as open.
  const openSidecars = new Set(ctx.store.all().map(s => s.sidecarLocation));
  for (const { location, source } of read) {
    if (source === undefined || openSidecars.has(location)) continue;
    const loaded = loadSidecar(source);
    if (!loaded.sidecar || hasErrors(loaded.problems)) {
      snapshot.broken.push({ location, source, problem: loaded.problems.find(p => p.severity === 'error') });
      continue;
    }
    snapshot.onDisk.set(location, { source, loaded });
    snapshot.corpus.set(location, loaded.sidecar);
  }
  for (const state of ctx.store.all()) {
    if (governs && !inside.has(state.location)) continue; // another codebook's, or opened meanwhile without annotations on disk
    if (state.readonly) {
      snapshot.broken.push({ location: state.sidecarLocation, source: state.lastWritten, problem: state.problems.find(p => p.severity === 'error') });
      continue;
    }
    snapshot.open.set(state.sidecarLocation, state.location);
    snapshot.corpus.set(state.sidecarLocation, state.sidecar);
  }
  snapshot.broken.sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  return snapshot;
}

/**
 * Refuses an operation on the entities `ids` when it could not be carried out completely: the
 * codebook cannot be written, or a sidecar with errors may refer to one of them (a broken file
 * that does not contain the id anywhere cannot refer to it and does not stand in the way).
 */
export function checkWritable(snapshot: CorpusSnapshot, codebook: CodebookStore, ids: readonly string[], what: string): void {
  if (!codebook.location) throw new CorpusOperationError(`cannot ${what}: open a folder to keep a codebook`);
  if (codebook.blocked) {
    const p = codebook.problems.find(x => x.severity === 'error');
    throw new CorpusOperationError(`cannot ${what}: the codebook has errors${p ? ` (line ${p.line}: ${p.message})` : ''}; fix them first — nothing was changed`);
  }
  const blocking = snapshot.broken.filter(b => b.source === undefined || ids.some(id => b.source!.includes(id)));
  if (blocking.length) {
    const list = blocking.slice(0, 5).map(b => `${basename(b.location)}${b.problem ? ` (line ${b.problem.line}: ${b.problem.message})` : ''}`).join('; ');
    throw new CorpusOperationError(`cannot ${what}: ${blocking.length === 1 ? 'a sidecar that may refer to it has' : `${blocking.length} sidecars that may refer to it have`} errors: ` +
      `${list}${blocking.length > 5 ? '; …' : ''}. Fix ${blocking.length === 1 ? 'it' : 'them'} first — nothing was changed.`);
  }
}

/** One file an operation writes: what it held before and what it gets. */
interface PlannedWrite {
  location: string;
  /** The file's text before the operation (undefined: there was no file, it cannot be put back). */
  previous: string | undefined;
  text: string;
  kind: 'codebook' | 'sidecar' | 'open';
  /** For an open article's sidecar: the article, and the annotations `text` was made from. */
  article?: string;
  staged?: Sidecar;
}

/** A file an operation left with its new text because putting the previous one back failed too. */
export interface UnrestoredFile {
  location: string;
  /** Its text before the operation, to be written back (undefined: it did not exist; delete it). */
  previous: string | undefined;
}

/**
 * A write failed midway and putting some files back failed as well: the corpus is half changed.
 * `unrestored` lists exactly the files that still have their new text; `finish()` tries again to
 * put their previous text back and resolves to what is still left.
 */
export class IncompleteCorpusOperationError extends CorpusOperationError {
  constructor(message: string, readonly unrestored: UnrestoredFile[], readonly finish: () => Promise<UnrestoredFile[]>) { super(message); }
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Writes a change computed from `snapshot`, all or nothing. Every sidecar to change is checked to
 * be as it was read, and the new text of every file (the codebook, each sidecar) is prepared
 * before anything is written, so a file that cannot be serialised stops the operation with
 * nothing changed. Then the files are written one by one; when a write fails, the files already
 * written get their previous text back. Only when every write has succeeded do the codebook and
 * the open articles take the change in memory. If putting a file back fails too, the error says
 * exactly which files still have the new text and offers to finish.
 *
 * The codebook is held for the whole operation (no other update interleaves), and so are the
 * saves of the open articles involved (their own saves would otherwise race with ours).
 */
export function applyCorpusChange(ctx: CorpusOpsContext, snapshot: CorpusSnapshot, change: CorpusChange): Promise<CorpusOperationResult> {
  return ctx.codebook.exclusive(() => applyHeld(ctx, snapshot, change));
}

async function applyHeld(ctx: CorpusOpsContext, snapshot: CorpusSnapshot, change: CorpusChange): Promise<CorpusOperationResult> {
  const closed: [string, Sidecar][] = [], open: [string, Sidecar][] = [];
  for (const [location, next] of change.sidecars) {
    if (snapshot.open.has(location)) open.push([location, next]);
    else if (snapshot.onDisk.has(location)) closed.push([location, next]);
    else throw new CorpusOperationError(`${basename(location)} is not part of the corpus that was read; nothing was changed`);
  }
  const moved = (location: string) => new CorpusOperationError(`${basename(location)} changed while the operation ran; nothing was changed — run it again`);
  const current = await Promise.all(closed.map(([location]) => ctx.fs.readText(location)));
  closed.forEach(([location], i) => { if (current[i] !== snapshot.onDisk.get(location)!.source) throw moved(location); });
  // The codebook as it is on disk now (another program may have changed it).
  await ctx.codebook.reloadIfChanged();
  if (ctx.codebook.codebook !== snapshot.codebook) throw new CorpusOperationError('the codebook changed while the operation ran; nothing was changed — run it again');
  try { ctx.codebook.checkWritable(); } catch (e) { throw new CorpusOperationError(`${messageOf(e)} — nothing was changed`); }

  // Open articles start from their files: pending changes are saved first.
  for (const [location] of open) {
    const article = snapshot.open.get(location)!;
    try { await ctx.store.saveOrThrow(article); } catch (e) {
      throw new CorpusOperationError(`${basename(location)} could not be saved first (${messageOf(e)}); nothing was changed`);
    }
  }
  const releases = await Promise.all(open.map(([location]) => ctx.store.holdSaves(snapshot.open.get(location)!)));
  try {
    const plan = await stage(ctx, snapshot, change, closed, open, moved);
    await writeAll(ctx, plan);
    // Everything is on disk: memory follows, the codebook first (open articles are re-checked against it).
    ctx.codebook.adopt(change.codebook, plan[0].text);
    const replaced: string[] = [], written: string[] = [];
    for (const w of plan.slice(1)) {
      if (w.kind !== 'open') { written.push(w.location); continue; }
      const state = ctx.store.get(w.article!);
      if (!state) { written.push(w.location); continue; }
      const read = snapshot.corpus.get(w.location)!;
      ctx.store.adoptWritten(w.article!, rebase(state.sidecar, read, w.staged!), w.text, state.sidecar !== read);
      replaced.push(w.article!);
    }
    return { change, written, replaced };
  } finally {
    for (const release of releases) release();
  }
}

/** The new text of every file, computed before any is written; any failure stops the operation with nothing changed. */
async function stage(ctx: CorpusOpsContext, snapshot: CorpusSnapshot, change: CorpusChange, closed: [string, Sidecar][],
  open: [string, Sidecar][], moved: (location: string) => Error): Promise<PlannedWrite[]> {
  const failed = (location: string, e: unknown) => new CorpusOperationError(
    `${basename(location)} could not be written in its new form (${messageOf(e)}); nothing was changed`);
  const plan: PlannedWrite[] = [];
  const codebookLocation = ctx.codebook.location!;
  try { plan.push({ location: codebookLocation, previous: ctx.codebook.text, text: ctx.codebook.stageText(change.codebook), kind: 'codebook' }); }
  catch (e) { throw failed(codebookLocation, e); }
  for (const [location, next] of closed) {
    const { source, loaded } = snapshot.onDisk.get(location)!;
    // A copy of the parsed file: staging must not change what was read.
    try { plan.push({ location, previous: source, text: saveSidecar(next, { ...loaded, document: loaded.document?.clone() }), kind: 'sidecar' }); }
    catch (e) { throw failed(location, e); }
  }
  for (const [location, next] of open) {
    const article = snapshot.open.get(location)!;
    const state = ctx.store.get(article);
    const previous = await ctx.fs.readText(location);
    if (!state || state.readonly || state.superseded) {
      // The article was closed meanwhile: its sidecar on disk is what changes.
      const loaded = loadSidecar(previous ?? '');
      if (!loaded.sidecar || hasErrors(loaded.problems)) throw new CorpusOperationError(`${basename(location)} has errors now; nothing was changed`);
      try { plan.push({ location, previous, text: saveSidecar(rebase(loaded.sidecar, snapshot.corpus.get(location)!, next), loaded), kind: 'sidecar' }); }
      catch (e) { throw failed(location, e); }
      continue;
    }
    if (state.sidecar !== snapshot.corpus.get(location)) throw moved(location);
    try { plan.push({ location, previous, text: ctx.store.stageSidecar(article, next), kind: 'open', article, staged: next }); }
    catch (e) { throw failed(location, e); }
  }
  // A read-only file is never replaced: better to refuse now than to fail midway.
  for (const w of plan) {
    if (w.text !== w.previous && (await ctx.fs.stat(w.location))?.readonly) {
      throw new CorpusOperationError(`${basename(w.location)} is read-only; nothing was changed — make it writable and run it again`);
    }
  }
  return plan;
}

/** Writes (or restores) one file; open articles' sidecars are noted as the store's own writes. */
async function writeFile(ctx: CorpusOpsContext, w: PlannedWrite, text: string): Promise<void> {
  if (w.kind === 'codebook') return ctx.codebook.writeText(text);
  await ctx.fs.writeTextAtomic(w.location, text);
  if (w.kind === 'open') await ctx.store.noteWritten(w.article!, text);
}

/** Writes every file in order; on a failure puts back the files already written, then throws. */
async function writeAll(ctx: CorpusOpsContext, plan: PlannedWrite[]): Promise<void> {
  const done: PlannedWrite[] = [];
  for (const w of plan) {
    try {
      if (w.text !== w.previous) await writeFile(ctx, w, w.text);
      done.push(w);
      continue;
    } catch (e) {
      const reason = `${basename(w.location)} could not be written (${messageOf(e)})`;
      const unrestored = await restore(ctx, done.filter(d => d.text !== d.previous).reverse());
      if (!unrestored.length) {
        throw new CorpusOperationError(`${reason}; ${done.length ? `the ${plural(done.length, 'file')} written before it got their previous text back, so ` : ''}nothing was changed`);
      }
      const left = (list: PlannedWrite[]) => list.map(u => ({ location: u.location, previous: u.previous }));
      let still = unrestored;
      const finish = () => ctx.codebook.exclusive(async () => left(still = await restore(ctx, still)));
      throw new IncompleteCorpusOperationError(`${reason}, and ${plural(unrestored.length, 'file')} already written could not get ` +
        `${unrestored.length === 1 ? 'its' : 'their'} previous text back: ${unrestored.map(u => `${basename(u.location)}${u.previous === undefined ? ' (new; delete it)' : ''}`).join(', ')}. ` +
        `${unrestored.length === 1 ? 'It has' : 'They have'} the new version, every other file the old one.`, left(unrestored), finish);
    }
  }
}

/** Puts back the previous text of each file; returns those that could not be restored. */
async function restore(ctx: CorpusOpsContext, written: PlannedWrite[]): Promise<PlannedWrite[]> {
  const left: PlannedWrite[] = [];
  for (const w of written) {
    if (w.previous === undefined) { left.push(w); continue; }
    try { await writeFile(ctx, w, w.previous); } catch { left.push(w); }
  }
  return left;
}

/**
 * The operation's version of a sidecar that changed meanwhile (typing moves offsets while the
 * codebook is written): references and removals come from the operation, places from now, and
 * annotations added meanwhile stay as they are.
 */
function rebase(current: Sidecar, read: Sidecar, next: Sidecar): Sidecar {
  if (current === read) return next;
  const result = new Map([...next.mentions, ...next.claims].map(a => [a.id, a]));
  const known = new Set([...read.mentions, ...read.claims].map(a => a.id));
  const keep = <T extends Annotation>(a: T): T | undefined => {
    if (!known.has(a.id)) return a;
    const n = result.get(a.id) as T | undefined;
    if (!n) return undefined;
    const placed: T = { ...n, start: a.start, end: a.end, text: a.text, before: a.before, after: a.after, anchor: a.anchor };
    if (a.score === undefined) delete placed.score; else placed.score = a.score;
    return placed;
  };
  return { ...current,
    mentions: current.mentions.map(keep).filter((m): m is Mention => m !== undefined),
    claims: current.claims.map(keep).filter((c): c is Claim => c !== undefined) };
}

/** Reads the corpus, refuses when it cannot be done completely, computes the change and writes it. */
export async function runCorpusOperation(ctx: CorpusOpsContext, ids: readonly string[], what: string,
  operation: (codebook: Codebook, corpus: ReadonlyMap<string, Sidecar>) => CorpusChange): Promise<CorpusOperationResult> {
  const snapshot = await readCorpus(ctx);
  checkWritable(snapshot, ctx.codebook, ids, what);
  return applyCorpusChange(ctx, snapshot, operation(snapshot.codebook, snapshot.corpus));
}


/**
 * Changes the annotations of one article that is not open, on disk: the sidecar is read (and
 * re-anchored if the article changed since it was written), `edit` gets it with the article's
 * current text, and the result is written in place (comments and layout kept). Returns the new
 * sidecar, or undefined when `edit` returned undefined (nothing to write).
 */
export async function editSidecarOnDisk(fs: FileSystem, article: string,
  edit: (sidecar: Sidecar, text: CodePointIndex) => Sidecar | undefined): Promise<Sidecar | undefined> {
  const sidecarLocation = sidecarPathFor(article);
  const [source, raw] = await Promise.all([fs.readText(sidecarLocation), fs.readText(article)]);
  if (source === undefined) throw new CorpusOperationError(`${basename(sidecarLocation)} does not exist (any more)`);
  if (raw === undefined) throw new CorpusOperationError(`${basename(article)} does not exist (any more)`);
  const loaded = loadSidecar(source);
  if (!loaded.sidecar || hasErrors(loaded.problems)) {
    const p = loaded.problems.find(x => x.severity === 'error');
    throw new CorpusOperationError(`${basename(sidecarLocation)} has errors${p ? ` (line ${p.line}: ${p.message})` : ''}; fix them first — nothing was changed`);
  }
  const text = new CodePointIndex(normalizeNewlines(raw));
  const next = edit(reanchorSidecar(loaded.sidecar, text).sidecar, text);
  if (!next) return undefined;
  await fs.writeTextAtomic(sidecarLocation, saveSidecar({ ...next, article: { ...next.article, hash: hashText(text.text) } }, loaded));
  return next;
}
