// What the Entities view can do: switch scope, refresh, reveal an entity or its mentions, copy ids,
// rename / merge / delete an entity across the whole corpus, and resolve annotations that need
// review (accept the new place, re-attach to the selection, delete).
import * as vscode from 'vscode';
import { CodebookError, deleteEntity, findEntity, mergeEntities, renameEntity } from '../../core/codebook';
import { firstWords } from '../../core/hoverText';
import { Annotation, compareSpans, Entity, isClaim, Sidecar, sidecarPathFor } from '../../core/model';
import { CodePointIndex } from '../../core/text';
import { trimSpan } from '../../core/picking';
import { plural, referencesTo } from '../../core/treeModel';
import { checkWritable, CorpusOperationError, CorpusOperationResult, CorpusOpsContext, CorpusSnapshot, editSidecarOnDisk, IncompleteCorpusOperationError, readCorpus, runCorpusOperation, UnrestoredFile } from '../../store/corpusOps';
import { CommandId } from '../../ids';
import { revealAnnotation } from '../commands/navigate';
import { positionsOf } from '../positions';
import { PickItem } from '../prompter';
import { notifyInfo } from '../notify';
import { assertCodebookWritable, forActiveArticle, governedBy, register, selectionSpan, Services, UserError, withCodebook } from '../services';
import { flashStatus } from '../statusBar';
import { toLocation, toUri } from '../workspaceFs';
import { fileName } from './items';
import { ClaimantNode, EntityNode, isAnnotationNode, snapshotOf, TreeNode } from './nodes';
import { EntityTree } from './provider';

type EntityArg = EntityNode | ClaimantNode | string;
/** An annotation: a row of the view, or its article and id (from other callers). */
type AnnotationArg = TreeNode | { article: string; id: string };

/**
 * The entity a command is about, and the services as its codebook sees them: the codebook of the
 * row's corpus, or for an id the active article's codebook (the workspace's without one).
 */
function entityOf(services: Services, arg: EntityArg | undefined): { e: Entity; scoped: Services } {
  const id = typeof arg === 'string' ? arg : arg?.kind === 'entity' ? arg.summary.id : arg?.kind === 'claimant' ? arg.group.id : undefined;
  if (id === undefined) throw new UserError('Choose an actor in the Entities view first.');
  const store = typeof arg === 'string' ? forActiveArticle(services).codebook : snapshotOf(arg!)!.store;
  const e = findEntity(store.codebook, id);
  if (!e) throw new UserError(`“${id}” is not in the codebook.`);
  return { e, scoped: withCodebook(services, store) };
}

function annotationOf(arg: AnnotationArg | undefined): { article: string; id: string } {
  if (isAnnotationNode(arg)) return { article: arg.article, id: arg.annotation.id };
  if (arg && typeof (arg as { article?: unknown }).article === 'string' && typeof (arg as { id?: unknown }).id === 'string') return arg as { article: string; id: string };
  throw new UserError('Choose an annotation in the Entities view first.');
}

/** The articles an operation on `services.codebook` reaches: those it governs, and no other codebook's. */
function opsContext(services: Services): CorpusOpsContext {
  const codebook = services.codebook;
  return { fs: services.fs, store: services.store, codebook,
    roots: () => (vscode.workspace.workspaceFolders ?? []).map(f => toLocation(f.uri)),
    governs: async article => (await services.resolveCodebook(article)) === codebook };
}

/** Reads the corpus and refuses at once (before any question) when the operation could not be completed. */
async function writableCorpus(services: Services, ids: string[], what: string): Promise<CorpusSnapshot> {
  assertCodebookWritable(services, what);
  const snapshot = await readCorpus(opsContext(services));
  try { checkWritable(snapshot, services.codebook, ids, what); } catch (e) { throw asUserError(e); }
  return snapshot;
}

/** What a command returns when its operation failed midway and some files could not be put back. */
interface Unfinished { failed: true; unrestored: string[] }

async function runOperation(services: Services, ids: string[], what: string, op: Parameters<typeof runCorpusOperation>[3]): Promise<CorpusOperationResult | Unfinished> {
  let result: CorpusOperationResult;
  try { result = await runCorpusOperation(opsContext(services), ids, what, op); } catch (e) {
    if (e instanceof IncompleteCorpusOperationError) return offerToFinish(services, what, e);
    throw asUserError(e);
  }
  // Everything is on disk when the command returns; views catch up without waiting for the watcher.
  await services.store.flush();
  await Promise.all(result.written.map(l => services.corpus.refresh(l)));
  return result;
}

/**
 * The operation failed midway and putting some files back failed too. The notification carries
 * no text from files (names could hold command links); the files are in the command's result and
 * the extension host log, and a button tries again to put their previous text back.
 */
function offerToFinish(services: Services, what: string, e: IncompleteCorpusOperationError): Unfinished {
  const FINISH = 'Put Back the Previous Text';
  const show = (left: UnrestoredFile[]) => {
    console.error(`ClaimLens: ${what} failed midway: ${e.message} Still with the new text: ${left.map(u => u.location).join(', ')}`);
    const message = `ClaimLens: the operation failed midway, and ${plural(left.length, 'file')} could not get ${left.length === 1 ? 'its' : 'their'} previous text back: ` +
      `${left.length === 1 ? 'it has' : 'they have'} the new version, every other file the old one.`;
    void vscode.window.showErrorMessage(message, FINISH).then(async choice => {
      if (choice !== FINISH) return;
      let still: UnrestoredFile[];
      try { still = await e.finish(); } catch { still = left; }
      await Promise.all(left.map(u => services.corpus.refresh(u.location)));
      if (still.length) show(still);
      else void vscode.window.setStatusBarMessage('ClaimLens: every file has its previous text again', 5000);
    });
  };
  show(e.unrestored);
  return { failed: true, unrestored: e.unrestored.map(u => u.location) };
}

function asUserError(e: unknown): unknown {
  return e instanceof CorpusOperationError || e instanceof CodebookError ? new UserError(e.message) : e;
}

const changedFiles = (r: CorpusOperationResult) => plural(r.written.length + r.replaced.length, 'sidecar');

function usage(snapshot: CorpusSnapshot, id: string): { mentions: number; claimsMade: number; claimsAbout: number; articles: number; text: string } {
  const refs = referencesTo(snapshot.corpus.values(), id);
  const parts = [plural(refs.mentions, 'mention'), plural(refs.claimsMade, 'claim') + ' it makes'];
  if (refs.claimsAbout) parts.push(`${plural(refs.claimsAbout, 'claim')} addressed to it or about it`);
  return { ...refs, text: `${parts.join(', ')} in ${plural(refs.articles, 'article')}` };
}

const ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;

async function rename(workspace: Services, arg: EntityArg): Promise<unknown> {
  const { e, scoped: services } = entityOf(workspace, arg);
  await writableCorpus(services, [e.id], `rename “${e.name}”`);
  const name = await services.prompter.input({ title: `Rename “${e.name}”: new name`, value: e.name,
    prompt: 'The old name stays as an alias, so it is still suggested when annotating.', validate: v => (v.trim() ? undefined : 'A name is needed') });
  if (name === undefined) return undefined;
  const taken = new Set(services.codebook.codebook.entities.map(x => x.id).filter(id => id !== e.id));
  const id = await services.prompter.input({ title: `Rename “${e.name}”: id`, value: e.id,
    prompt: `Press Enter to keep the id “${e.id}”; a new id is written into every sidecar that refers to it.`,
    validate: v => (!ID_PATTERN.test(v.trim()) ? 'Letters, digits, “-”, “_” and “.”, starting with a letter or digit'
      : taken.has(v.trim()) ? `Another entity already has the id “${v.trim()}”` : undefined) });
  if (id === undefined) return undefined;
  if (name.trim() === e.name && id.trim() === e.id) return undefined;
  const result = await runOperation(services, [e.id], `rename “${e.name}”`, (cb, corpus) => renameEntity(cb, corpus, e.id, { name, id }));
  if ('failed' in result) return result;
  const renamed = result.change.codebook.entities.find(x => x.id === id.trim())!;
  flashStatus(`ClaimLens: renamed “${e.name}” to “${renamed.name}”${renamed.id !== e.id ? ` (id ${e.id} → ${renamed.id}, ${changedFiles(result)} updated)` : ''}`, 5000);
  return { id: renamed.id, name: renamed.name, written: result.written, replaced: result.replaced };
}

async function merge(workspace: Services, arg: EntityArg): Promise<unknown> {
  const { e, scoped: services } = entityOf(workspace, arg);
  const cb = services.codebook.codebook;
  let snapshot = await writableCorpus(services, [e.id], `merge “${e.name}”`);
  const typeLabel = (t: string) => cb.types.find(x => x.id === t)?.label ?? t;
  const items: PickItem<string>[] = cb.entities.filter(x => x.id !== e.id)
    .sort((a, b) => Number(b.type === e.type) - Number(a.type === e.type) || a.name.localeCompare(b.name))
    .map(x => ({ label: x.name, description: `${typeLabel(x.type)} · ${x.id}`, detail: x.aliases.length ? x.aliases.join(', ') : undefined, value: x.id }));
  if (!items.length) throw new UserError('There is no other actor to merge into.');
  const into = await services.prompter.pick(items, { title: `Merge “${e.name}” into…`, placeholder: 'The actor that remains; its name and id are kept' });
  if (into === undefined) return undefined;
  const survivor = findEntity(services.codebook.codebook, into);
  if (!survivor) throw new UserError(`“${into}” is no longer in the codebook.`);
  snapshot = await writableCorpus(services, [e.id, into], `merge “${e.name}”`);
  const u = usage(snapshot, e.id);
  const ok = await services.prompter.confirm(`Merge “${e.name}” into “${survivor.name}”? ${u.text} will refer to “${survivor.name}”.`, 'Merge',
    `“${e.name}” (${e.id}) leaves the codebook; its name and aliases become aliases of “${survivor.name}” (${survivor.id}).`);
  if (!ok) return undefined;
  const result = await runOperation(services, [e.id, into], `merge “${e.name}”`, (c, corpus) => mergeEntities(c, corpus, e.id, into));
  if ('failed' in result) return result;
  flashStatus(`ClaimLens: merged “${e.name}” into “${survivor.name}” (${changedFiles(result)} updated)`, 5000);
  return { into, mentions: u.mentions, claims: u.claimsMade + u.claimsAbout, written: result.written, replaced: result.replaced };
}

async function remove(workspace: Services, arg: EntityArg): Promise<unknown> {
  const { e, scoped: services } = entityOf(workspace, arg);
  const snapshot = await writableCorpus(services, [e.id], `delete “${e.name}”`);
  const u = usage(snapshot, e.id);
  const affiliated = services.codebook.codebook.entities.filter(x => x.affiliation === e.id);
  const used = u.mentions + u.claimsMade + u.claimsAbout + affiliated.length > 0;
  let ok: boolean;
  if (!used) {
    ok = await services.prompter.confirm(`Delete “${e.name}” from the codebook? No annotation refers to it.`, 'Delete');
  } else {
    const gone = [plural(u.mentions, 'mention'), plural(u.claimsMade, 'claim')].join(' and ');
    const details = [
      u.claimsAbout ? `${plural(u.claimsAbout, 'claim')} addressed to it or about it keep${u.claimsAbout === 1 ? 's' : ''} the claim but lose${u.claimsAbout === 1 ? 's' : ''} that field.` : '',
      affiliated.length ? `${affiliated.map(x => `“${x.name}”`).join(', ')} lose${affiliated.length === 1 ? 's' : ''} ${affiliated.length === 1 ? 'its' : 'their'} affiliation.` : '',
      'Undo cannot bring them back; git can.',
    ].filter(Boolean).join(' ');
    ok = await services.prompter.confirm(`“${e.name}” is still used: ${u.text}. Delete it anyway? ${gone} go with it.`, 'Delete Everywhere', details);
  }
  if (!ok) return undefined;
  const result = await runOperation(services, [e.id], `delete “${e.name}”`, (cb, corpus) => deleteEntity(cb, corpus, e.id, used));
  if ('failed' in result) return result;
  flashStatus(`ClaimLens: deleted “${e.name}”${used ? ` and ${plural(u.mentions, 'mention')}, ${plural(u.claimsMade, 'claim')}` : ''}`, 5000);
  return { id: e.id, mentions: u.mentions, claims: u.claimsMade, written: result.written, replaced: result.replaced };
}

/** Cycles through an entity's mentions across the workspace (article order, then position). */
class MentionCursor {
  private last = new Map<string, { article: string; id: string }>();

  async next(services: Services, arg: EntityArg): Promise<unknown> {
    const { e: entity, scoped } = entityOf(services, arg);
    const e = entity.id;
    const all = services.corpus.mentionsOf(e, governedBy(services, scoped.codebook)).filter(m => m.mention.anchor !== 'orphan');
    if (!all.length) throw new UserError('It has no mentions to show.');
    const last = this.last.get(e);
    const i = last ? all.findIndex(m => m.article === last.article && m.mention.id === last.id) : -1;
    const target = all[(i + 1) % all.length];
    this.last.set(e, { article: target.article, id: target.mention.id });
    await revealAnnotation(services, target.article, target.mention.id);
    return { article: target.article, id: target.mention.id, index: (i + 1) % all.length, of: all.length };
  }
}

async function revealInTree(services: Services, tree: EntityTree, id: string): Promise<unknown> {
  if (typeof id !== 'string') throw new UserError('Which actor? (reveal needs an entity id)');
  let node = await tree.findEntity(id);
  if (!node && tree.scope === 'article') {
    tree.setScope('workspace'); // it is elsewhere in the workspace: the view says so in its description
    node = await tree.findEntity(id);
  }
  if (!node) throw new UserError(`“${findEntity(forActiveArticle(services).codebook.codebook, id)?.name ?? id}” is not in the Entities view.`);
  try {
    await tree.view.reveal(node, { select: true, focus: true, expand: true });
  } catch (e) {
    // The view was refreshed between finding the row and revealing it (a file changed, a codebook
    // was found), so the row found is gone: find it again in the fresh view, once.
    const again = await tree.findEntity(id);
    if (!again) throw e;
    node = again;
    await tree.view.reveal(node, { select: true, focus: true, expand: true });
  }
  return node.id;
}

async function copyId(arg: TreeNode | string): Promise<unknown> {
  const id = typeof arg === 'string' ? arg
    : arg.kind === 'entity' ? arg.summary.id : arg.kind === 'claimant' ? arg.group.id : isAnnotationNode(arg) ? arg.annotation.id : undefined;
  if (!id) throw new UserError('This row has no id.');
  await vscode.env.clipboard.writeText(id);
  flashStatus(`ClaimLens: copied ${id}`, 3000);
  return id;
}

/** The annotation in an open article (the store's), or undefined when the article is not open. */
function openAnnotation(services: Services, target: { article: string; id: string }): Annotation | undefined {
  const state = services.store.get(target.article);
  if (!state) return undefined;
  if (state.readonly) throw new UserError(`The sidecar of ${fileName(target.article)} has errors; fix them first (nothing is written while it is broken).`);
  const a = services.store.find(target.article, target.id);
  if (!a) throw new UserError(`That annotation is no longer in ${fileName(target.article)}.`);
  return a;
}

const gone = (target: { article: string }) => new UserError(`That annotation is no longer in ${fileName(target.article)}.`);

/**
 * Changes one annotation of an article that is not open, in its sidecar on disk (the article is
 * not opened for it); the views catch up at once.
 */
async function editClosed(services: Services, target: { article: string; id: string },
  edit: (a: Annotation, sidecar: Sidecar, text: CodePointIndex) => Sidecar | undefined): Promise<Annotation | undefined> {
  let found: Annotation | undefined;
  try {
    await editSidecarOnDisk(services.fs, target.article, (sidecar, text) => {
      found = [...sidecar.mentions, ...sidecar.claims].find(a => a.id === target.id);
      if (!found) throw gone(target);
      return edit(found, sidecar, text);
    });
  } catch (e) { throw asUserError(e); }
  await services.corpus.refresh(sidecarPathFor(target.article));
  return found;
}

/** The annotation placed exactly where it is now, its quote taken from the current text. */
function placed<T extends Annotation>(a: T, text: CodePointIndex, start = a.start, end = a.end): T {
  const next = { ...a, start, end, ...text.quote(start, end), anchor: 'exact' as const };
  delete (next as Partial<Annotation>).score;
  return next;
}

function replaceIn(sidecar: Sidecar, next: Annotation): Sidecar {
  return isClaim(next)
    ? { ...sidecar, claims: sidecar.claims.map(c => (c.id === next.id ? next : c)).sort(compareSpans) }
    : { ...sidecar, mentions: sidecar.mentions.map(m => (m.id === next.id ? next : m)).sort(compareSpans) };
}

/**
 * Writes an open article's change now. A save that fails leaves the change in memory, pending
 * and retried; the command then says so instead of reporting success.
 */
async function saveNow(services: Services, article: string, what: string): Promise<void> {
  await services.store.flush(article);
  const state = services.store.get(article);
  const failure = state?.dirty ? state.saveError : undefined;
  if (failure) throw new UserError(`${what} in the editor, but ${fileName(article)}'s sidecar could not be saved (${failure.message}). The change is kept and saving is retried; the ClaimLens log says more.`);
}

const NO_PLACE = 'An orphaned annotation has no new place to accept: select where it belongs and re-attach it, or delete it.';

async function acceptAnchor(services: Services, arg: AnnotationArg): Promise<unknown> {
  const target = annotationOf(arg);
  const open = openAnnotation(services, target);
  if (open) {
    if (open.anchor === 'orphan') throw new UserError(NO_PLACE);
    if (open.anchor === 'fuzzy') {
      services.store.reattach(target.article, target.id, open.start, open.end, 'accept new place');
      await saveNow(services, target.article, 'Accepted the new place');
    }
  } else {
    await editClosed(services, target, (a, sidecar, text) => {
      if (a.anchor === 'orphan') throw new UserError(NO_PLACE);
      return a.anchor === 'fuzzy' && a.end <= text.length ? replaceIn(sidecar, placed(a, text)) : undefined;
    });
  }
  await revealAnnotation(services, target.article, target.id); // show where it is now
  return services.store.find(target.article, target.id);
}

async function reattachAnchor(services: Services, arg: AnnotationArg): Promise<unknown> {
  const target = annotationOf(arg);
  const editor = vscode.window.activeTextEditor;
  const inArticle = editor && toLocation(editor.document.uri) === target.article && !editor.selection.isEmpty ? editor : undefined;
  if (!inArticle) {
    // Show the article where the annotation was and ask for the new place.
    const shown = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(toUri(target.article)), { preview: false });
    await services.tracker.track(shown.document);
    const state = services.store.get(target.article);
    const a = openAnnotation(services, target);
    if (!state || !a) throw gone(target);
    const at = positionsOf(state.text).position(Math.min(a.start, state.text.length));
    shown.selection = new vscode.Selection(at, at);
    shown.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    notifyInfo(`Select the text “${firstWords(a.text, 50)}” belongs to in ${fileName(target.article)}, then choose Re-attach to Selection again.`);
    return undefined;
  }
  await services.tracker.track(inArticle.document);
  const state = services.store.get(target.article);
  if (!state || !openAnnotation(services, target)) throw gone(target);
  const sel = selectionSpan(inArticle, state);
  const span = trimSpan(state.text, sel.start, sel.end);
  if (span.end <= span.start) throw new UserError('Select some text of the article first.');
  services.store.reattach(target.article, target.id, span.start, span.end);
  await saveNow(services, target.article, 'Re-attached');
  return services.store.find(target.article, target.id);
}

async function deleteAnnotation(services: Services, arg: AnnotationArg): Promise<unknown> {
  const target = annotationOf(arg);
  const open = openAnnotation(services, target);
  let removed: Annotation | undefined;
  if (open) {
    removed = services.store.remove(target.article, [target.id], 'delete annotation')[0];
    await saveNow(services, target.article, 'Deleted');
  } else {
    removed = await editClosed(services, target, (a, sidecar) =>
      ({ ...sidecar, mentions: sidecar.mentions.filter(m => m.id !== a.id), claims: sidecar.claims.filter(c => c.id !== a.id) }));
  }
  if (removed) flashStatus(`ClaimLens: deleted “${firstWords(removed.text, 40)}” from ${fileName(target.article)}${open ? ' (ClaimLens: Undo brings it back)' : ''}`, 5000);
  return removed;
}

export function registerTreeCommands(services: Services, tree: EntityTree): vscode.Disposable[] {
  const cursor = new MentionCursor();
  return [
    register(CommandId.toggleScope, () => { tree.setScope(tree.scope === 'workspace' ? 'article' : 'workspace'); return tree.scope; }),
    register(CommandId.refresh, async () => { await services.corpus.scan(); tree.refresh(true); }),
    register(CommandId.revealInTree, (id: string) => revealInTree(services, tree, id)),
    register(CommandId.renameEntity, (arg: EntityArg) => rename(services, arg)),
    register(CommandId.mergeEntity, (arg: EntityArg) => merge(services, arg)),
    register(CommandId.deleteEntity, (arg: EntityArg) => remove(services, arg)),
    register(CommandId.revealNextMention, (arg: EntityArg) => cursor.next(services, arg ?? (tree.view.selection[0] as EntityNode))),
    register(CommandId.copyId, (arg: TreeNode | string) => copyId(arg ?? tree.view.selection[0])),
    register(CommandId.acceptAnchor, (arg: AnnotationArg) => acceptAnchor(services, arg ?? tree.view.selection[0])),
    register(CommandId.reattachAnchor, (arg: AnnotationArg) => reattachAnchor(services, arg ?? tree.view.selection[0])),
    register(CommandId.deleteAnnotation, (arg: AnnotationArg) => deleteAnnotation(services, arg ?? tree.view.selection[0])),
  ];
}
