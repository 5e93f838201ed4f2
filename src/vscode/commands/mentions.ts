// "List all mentions" of an entity (hover cards, the Entities view): the references peek in the
// active editor, or a quick pick of the mentions when no editor is open.
import * as vscode from 'vscode';
import { entityName } from '../../core/symbols';
import { CommandId } from '../../ids';
import { annotationsAt, ArticleTexts, entityAtCursor } from '../language/lookup';
import { basename } from '../../store/fileSystem';
import { notifyInfo } from '../notify';
import { forActiveArticle, governedBy, register, Services, UserError } from '../services';
import { revealAnnotation } from './navigate';

const oneLine = (s: string) => s.replace(/\s+/g, ' ');

async function listMentions(services: Services, texts: ArticleTexts, entityId?: unknown): Promise<unknown> {
  const editor = vscode.window.activeTextEditor;
  let id = typeof entityId === 'string' && entityId ? entityId : undefined;
  if (id === undefined && editor) id = entityAtCursor(await annotationsAt(services, editor.document, editor.selection.active));
  if (id === undefined) throw new UserError('Put the cursor on an actor mention, or pick an actor in the Entities view.');
  // An id means one actor within one codebook: the active article's (the workspace's without one).
  const scoped = forActiveArticle(services);
  const name = entityName(scoped.codebook.codebook, id);
  const mentions = services.corpus.mentionsOf(id, governedBy(services, scoped.codebook)).filter(m => m.mention.anchor !== 'orphan');
  if (!mentions.length) {
    notifyInfo(`${name} is not mentioned in any article yet.`);
    return [];
  }
  if (editor) {
    const locations = await texts.mentionLocations(mentions);
    await vscode.commands.executeCommand('editor.action.showReferences', editor.document.uri, editor.selection.active, locations);
    return locations;
  }
  const articles = new Set(mentions.map(m => m.article)).size;
  const picked = await services.prompter.pick(mentions.map(({ article, mention: m }) => ({
    label: oneLine(m.text),
    description: basename(article),
    detail: `…${oneLine(m.before)}${oneLine(m.text)}${oneLine(m.after)}…`,
    value: { article, id: m.id },
  })), { title: `Mentions of ${name}: ${mentions.length} in ${articles} article${articles === 1 ? '' : 's'}`, placeholder: 'Pick a mention to open it' });
  if (!picked) return undefined;
  await revealAnnotation(services, picked.article, picked.id);
  return picked;
}

export function registerMentionCommands(services: Services): vscode.Disposable[] {
  const texts = new ArticleTexts(services);
  return [register(CommandId.listMentions, (entityId?: unknown) => listMentions(services, texts, entityId))];
}
