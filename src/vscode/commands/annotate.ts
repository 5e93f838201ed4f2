// Annotating: actor mentions and claims from the selection, in two keystrokes (shortcut + pick).
import * as vscode from 'vscode';
import { addAlias, addEntity, addTopic } from '../../core/codebook';
import { Claim, ClaimForm, Entity, isClaim } from '../../core/model';
import { likelyClaimant, rankEntities, trimSpan } from '../../core/picking';
import { CommandId } from '../../ids';
import { positionsOf } from '../positions';
import { PickItem } from '../prompter';
import { activeArticle, assertCodebookWritable, forActiveArticle, register, selectionSpan, Services, UserError } from '../services';

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[’']/g, "'").trim();

function entityItem(services: Services, e: Entity): PickItem<string> {
  const cb = services.codebook.codebook;
  const type = cb.types.find(t => t.id === e.type)?.label ?? e.type;
  const affiliation = e.affiliation ? cb.entities.find(x => x.id === e.affiliation)?.name ?? e.affiliation : undefined;
  return { label: e.name, description: [type, affiliation].filter(Boolean).join(' · '), detail: e.aliases.length ? e.aliases.join(', ') : undefined, value: e.id };
}

function mentionFrequency(services: Services): Map<string, number> {
  const freq = new Map<string, number>();
  for (const a of services.corpus.articles()) for (const m of a.sidecar.mentions) freq.set(m.entity, (freq.get(m.entity) ?? 0) + 1);
  return freq;
}

const NEW = '\u0000new';

/** Asks for a new actor's name and type and adds it to the codebook. */
async function createActor(services: Services, surface: string): Promise<string | undefined> {
  assertCodebookWritable(services, 'add an actor');
  const name = await services.prompter.input({ title: 'New actor: name', value: surface,
    validate: v => (v.trim() ? undefined : 'A name is needed') });
  if (!name) return undefined;
  const cb = services.codebook.codebook;
  const type = await services.prompter.pick(cb.types.map(t => ({ label: t.label, description: t.id, value: t.id })),
    { title: `New actor “${name}”: type` });
  if (!type) return undefined;
  let created: Entity | undefined;
  await services.codebook.update(c => { const r = addEntity(c, { name, type, aliases: [surface] }); created = r.entity; return r.codebook; });
  return created?.id;
}

/**
 * The open article, when its annotations may change. Checked before anything is asked or written:
 * the codebook must not learn text (an alias) from an article whose sidecar is refused, e.g. an
 * article that is a link to a file outside the workspace.
 */
async function writableArticle(services: Services) {
  const article = await activeArticle(services);
  if (article.state.readonly) throw new UserError('The annotations of this article cannot be changed now; the Problems panel says why.');
  return article;
}

async function annotateActor(services: Services): Promise<unknown> {
  const { editor, state, location } = await writableArticle(services);
  const span = trimSpan(state.text, ...Object.values(selectionSpan(editor, state)) as [number, number], true);
  if (span.end <= span.start) throw new UserError('Select the name of an actor first.');
  const surface = state.text.slice(span.start, span.end);
  const cb = services.codebook.codebook;
  const ranked = rankEntities(cb, surface, mentionFrequency(services));
  const exact = ranked[0] && [ranked[0].name, ...ranked[0].aliases].some(n => fold(n) === fold(surface));
  const items = ranked.map(e => entityItem(services, e));
  const create: PickItem<string> = { label: 'New actor…', icon: 'add', description: `“${surface}”`, value: NEW, alwaysShow: true };
  items.splice(exact ? 1 : 0, 0, create);
  const picked = await services.prompter.pick(items, { title: `Annotate “${surface}” as actor`, placeholder: 'Type to search names and aliases' });
  if (picked === undefined) return undefined;
  let entity = picked;
  if (picked === NEW) {
    const id = await createActor(services, surface);
    if (!id) return undefined;
    entity = id;
  } else {
    const e = cb.entities.find(x => x.id === picked);
    if (e && ![e.name, ...e.aliases].some(n => fold(n) === fold(surface)) && !services.codebook.blocked)
      await services.codebook.update(c => addAlias(c, e.id, surface)); // the codebook learns this surface form
  }
  return services.store.add(location, [{ kind: 'mention', start: span.start, end: span.end, entity }], 'annotate actor')[0];
}

const QUOTES = /^[“"‘'«].*[”"’'»]?$/s;

async function markClaim(services: Services): Promise<unknown> {
  const { editor, state, location } = await writableArticle(services);
  const sel = selectionSpan(editor, state);
  const span = trimSpan(state.text, sel.start, sel.end);
  if (span.end <= span.start) throw new UserError('Select the text of a claim first.');
  const text = state.text.slice(span.start, span.end);
  const cb = services.codebook.codebook;
  const likely = likelyClaimant(state.sidecar.mentions, state.text, span.start, span.end);
  const inArticle = new Map<string, number>();
  for (const m of state.sidecar.mentions) inArticle.set(m.entity, (inArticle.get(m.entity) ?? 0) + 1);
  const order = [...cb.entities].sort((a, b) => Number(b.id === likely) - Number(a.id === likely) || (inArticle.get(b.id) ?? 0) - (inArticle.get(a.id) ?? 0) || a.name.localeCompare(b.name));
  const claimantItems = order.map(e => entityItem(services, e));
  claimantItems.push({ label: 'New actor…', icon: 'add', value: NEW, alwaysShow: true });
  let claimant = await services.prompter.pick(claimantItems, { title: 'Claim: who makes it?', placeholder: likely ? 'The nearest actor in the sentence is preselected' : 'Type to search actors' });
  if (claimant === undefined) return undefined;
  if (claimant === NEW) { claimant = await createActor(services, ''); if (!claimant) return undefined; }
  const stance = await services.prompter.pick<string | null>([...cb.stances.map(s => ({ label: s.label, description: s.id, value: s.id as string | null })),
    { label: 'No stance', value: null }], { title: 'Claim: stance' });
  if (stance === undefined) return undefined;
  let topic = await services.prompter.pick<string | null>([...cb.topics.map(t => ({ label: t.label, description: t.id, value: t.id as string | null })),
    { label: 'New topic…', icon: 'add', value: NEW }, { label: 'No topic', value: null }], { title: 'Claim: topic' });
  if (topic === undefined) return undefined;
  if (topic === NEW) {
    assertCodebookWritable(services, 'add a topic');
    const label = await services.prompter.input({ title: 'New topic', validate: v => (v.trim() ? undefined : 'A label is needed') });
    if (!label) return undefined;
    let id: string | undefined;
    await services.codebook.update(c => { const r = addTopic(c, label); id = r.topic.id; return r.codebook; });
    topic = id ?? null;
  }
  const note = await services.prompter.input({ title: 'Claim: note (optional)', prompt: 'Enter to skip' });
  const form: ClaimForm | undefined = QUOTES.test(text) && /^[“"‘'«]/.test(text) ? 'direct-quote' : undefined;
  return services.store.add(location, [{ kind: 'claim', start: span.start, end: span.end, claimant,
    stance: stance ?? undefined, topic: topic ?? undefined, form, note: note?.trim() || undefined }], 'mark claim')[0];
}

function describe(services: Services, a: ReturnType<Services['store']['annotationsAt']>[number]): string {
  const cb = services.codebook.codebook;
  if (isClaim(a)) return `Claim by ${cb.entities.find(e => e.id === a.claimant)?.name ?? a.claimant}: “${a.text.slice(0, 50)}”`;
  return `${cb.entities.find(e => e.id === a.entity)?.name ?? a.entity}: “${a.text}”`;
}

async function annotationsUnderCursor(services: Services) {
  const { editor, state, location } = await activeArticle(services);
  const pos = positionsOf(state.text);
  const offset = pos.offset(editor.selection.active);
  return { editor, state, location, hits: services.store.annotationsAt(location, offset) };
}

async function removeAnnotation(services: Services): Promise<unknown> {
  const { location, hits } = await annotationsUnderCursor(services);
  if (!hits.length) throw new UserError('There is no annotation at the cursor.');
  let ids = [hits[0].id];
  if (hits.length > 1) {
    const picked = await services.prompter.pick([...hits.map(a => ({ label: describe(services, a), value: [a.id] })),
      { label: 'All of them', value: hits.map(a => a.id) }], { title: 'Remove which annotation?' });
    if (!picked) return undefined;
    ids = picked;
  }
  return services.store.remove(location, ids, 'remove annotation');
}

type ClaimField = 'claimant' | 'stance' | 'topic' | 'addressee' | 'object' | 'form' | 'note';

async function editClaim(services: Services): Promise<unknown> {
  const { location, hits } = await annotationsUnderCursor(services);
  const claim = hits.find(isClaim);
  if (!claim) throw new UserError('There is no claim at the cursor.');
  const cb = services.codebook.codebook;
  const name = (id?: string) => (id ? cb.entities.find(e => e.id === id)?.name ?? id : '—');
  const fields: PickItem<ClaimField>[] = [
    { label: 'Claimant', description: name(claim.claimant), value: 'claimant' },
    { label: 'Stance', description: claim.stance ?? '—', value: 'stance' },
    { label: 'Topic', description: claim.topic ? cb.topics.find(t => t.id === claim.topic)?.label ?? claim.topic : '—', value: 'topic' },
    { label: 'Addressee', description: name(claim.addressee), value: 'addressee' },
    { label: 'Target (object actor)', description: name(claim.object), value: 'object' },
    { label: 'Form', description: claim.form ?? '—', value: 'form' },
    { label: 'Note', description: claim.note ?? '—', value: 'note' },
  ];
  const field = await services.prompter.pick(fields, { title: `Edit claim “${claim.text.slice(0, 40)}”` });
  if (!field) return undefined;
  const none = { label: '(none)', value: null };
  let value: string | null | undefined;
  switch (field) {
    case 'claimant': case 'addressee': case 'object': {
      const items = cb.entities.map(e => entityItem(services, e) as PickItem<string | null>);
      value = await services.prompter.pick(field === 'claimant' ? items : [...items, none], { title: `Claim: ${field}` });
      break;
    }
    case 'stance': value = await services.prompter.pick([...cb.stances.map(s => ({ label: s.label, value: s.id as string | null })), none], { title: 'Claim: stance' }); break;
    case 'topic': value = await services.prompter.pick([...cb.topics.map(t => ({ label: t.label, value: t.id as string | null })), none], { title: 'Claim: topic' }); break;
    case 'form': value = await services.prompter.pick([...(['direct-quote', 'reported-speech', 'paraphrase', 'inference'] as const).map(f => ({ label: f, value: f as string | null })), none], { title: 'Claim: form of attribution' }); break;
    case 'note': { const v = await services.prompter.input({ title: 'Claim: note', value: claim.note ?? '' }); value = v === undefined ? undefined : v.trim() || null; break; }
  }
  if (value === undefined) return undefined;
  const next: Claim = { ...claim };
  if (value === null) delete next[field]; else (next as unknown as Record<string, string>)[field] = value;
  services.store.update(location, [next], `edit claim ${field}`);
  return next;
}

export function registerAnnotateCommands(services: Services): vscode.Disposable[] {
  return [
    // Each works with the codebook of the article it annotates (the nearest one above it).
    register(CommandId.annotateActor, () => annotateActor(forActiveArticle(services))),
    register(CommandId.markClaim, () => markClaim(forActiveArticle(services))),
    register(CommandId.removeAnnotation, () => removeAnnotation(forActiveArticle(services))),
    register(CommandId.editClaim, () => editClaim(forActiveArticle(services))),
  ];
}
