// Codebook operations that reach into every sidecar — renaming, merging and deleting an entity —
// applied to the whole corpus. The core computes a CorpusChange (new codebook, new versions of the
// sidecars that refer to the entity); this module reads the corpus for it and writes the change:
// open articles through the AnnotationStore (their sidecars are the store's), every other sidecar
// on disk through the FileSystem port, updated in place so hand-written comments survive.
//
// Single annotations of an article that is not open (accepting or deleting them from the Needs
// review list) are changed the same way, without opening the article.
//
// Nothing is half-done on purpose: the operation is refused before anything is written when the
// codebook or a sidecar that may refer to the entity has errors (it could not be rewritten), and
// when a sidecar changed on disk between reading and writing.
import { reanchorSidecar } from '../core/anchorSidecar';
import { CorpusChange } from '../core/codebook';
import { Annotation, Claim, Codebook, Mention, Sidecar, SIDECAR_SUFFIX, sidecarPathFor } from '../core/model';
import { hasErrors, Problem } from '../core/problems';
import { LoadedSidecar, loadSidecar, saveSidecar } from '../core/sidecarFormat';
import { CodePointIndex, hashText, normalizeNewlines } from '../core/text';
import { AnnotationStore } from './annotationStore';
import { CodebookStore } from './codebookStore';
import { basename, FileSystem } from './fileSystem';

export interface CorpusOpsContext {
  fs: FileSystem;
  store: AnnotationStore;
  codebook: CodebookStore;
  /** Folders whose sidecars make up the corpus (the workspace folders). */
  roots: () => readonly string[];
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
  const found = (await Promise.all(ctx.roots().map(r => ctx.fs.findFiles(r, SIDECAR_SUFFIX)))).flat();
  const read = await Promise.all([...new Set(found)].map(async location => ({ location, source: await ctx.fs.readText(location) })));
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

/**
 * Writes a change computed from `snapshot`: first the codebook, then every changed sidecar. Before
 * anything is written, every sidecar to change is checked to be as it was read.
 */
export async function applyCorpusChange(ctx: CorpusOpsContext, snapshot: CorpusSnapshot, change: CorpusChange): Promise<CorpusOperationResult> {
  const closed: [string, Sidecar][] = [], open: [string, Sidecar][] = [];
  for (const [location, next] of change.sidecars) {
    if (snapshot.open.has(location)) open.push([location, next]);
    else if (snapshot.onDisk.has(location)) closed.push([location, next]);
    else throw new CorpusOperationError(`${basename(location)} is not part of the corpus that was read; nothing was changed`);
  }
  const moved = (location: string) => new CorpusOperationError(`${basename(location)} changed while the operation ran; nothing was changed — run it again`);
  const current = await Promise.all(closed.map(([location]) => ctx.fs.readText(location)));
  closed.forEach(([location], i) => { if (current[i] !== snapshot.onDisk.get(location)!.source) throw moved(location); });
  for (const [location] of open) {
    const state = ctx.store.get(snapshot.open.get(location)!);
    if (!state || state.readonly || state.sidecar !== snapshot.corpus.get(location)) throw moved(location);
  }
  if (ctx.codebook.codebook !== snapshot.codebook) throw new CorpusOperationError('the codebook changed while the operation ran; nothing was changed — run it again');

  // The codebook first: open articles are re-checked against it as soon as their annotations change.
  await ctx.codebook.update(() => change.codebook);
  // Open articles next, all at once, and saved at once (no timer gets between replacing and saving).
  const replaced: string[] = [], closedMeanwhile: [string, Sidecar][] = [];
  for (const [location, next] of open) {
    const article = snapshot.open.get(location)!;
    const state = ctx.store.get(article);
    if (!state || state.readonly) { closedMeanwhile.push([location, next]); continue; }
    ctx.store.replaceSidecar(article, rebase(state.sidecar, snapshot.corpus.get(location)!, next));
    replaced.push(article);
  }
  await Promise.all(replaced.map(a => ctx.store.flush(a)));
  const written: string[] = [], failed: string[] = [];
  const write = async (location: string, text: () => Promise<string>) => {
    try {
      await ctx.fs.writeTextAtomic(location, await text());
      written.push(location);
    } catch (e) {
      failed.push(`${basename(location)} (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  for (const [location, next] of closed) await write(location, async () => saveSidecar(next, snapshot.onDisk.get(location)!.loaded));
  for (const [location, next] of closedMeanwhile) {
    // The article was closed while the codebook was written: its sidecar is on disk now.
    await write(location, async () => {
      const loaded = loadSidecar((await ctx.fs.readText(location)) ?? '');
      if (!loaded.sidecar || hasErrors(loaded.problems)) throw new Error('it has errors now');
      return saveSidecar(rebase(loaded.sidecar, snapshot.corpus.get(location)!, next), loaded);
    });
  }
  if (failed.length) {
    throw new CorpusOperationError(`the codebook and ${written.length + replaced.length} sidecar(s) were updated, but ${failed.length} could not be written: ` +
      `${failed.join('; ')}. Those still have their previous annotations.`);
  }
  return { change, written, replaced };
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
