// How each row of the Entities view looks: labels with counts, previews of mentions in context,
// stance icons, then/now of annotations to review, and the contextValue the menus match on.
import * as vscode from 'vscode';
import { escapeMarkdown, firstWords } from '../../core/hoverText';
import { Annotation, Codebook, isClaim } from '../../core/model';
import { CodePointIndex } from '../../core/text';
import { plural, preview, stanceBreakdown, stanceIcon, UNKNOWN_GROUP } from '../../core/treeModel';
import { CommandId, ContextValue } from '../../ids';
import { toUri } from '../workspaceFs';
import { RootKind, TreeNode } from './nodes';

/** contextValue of a review row whose annotation has no place at all: it can be re-attached or deleted, not accepted. */
export const REVIEW_ORPHAN = `${ContextValue.review}Orphan`;

/** What the items need to look things up: the codebook, article texts (when loaded) and icons. */
export interface Presentation {
  codebook: Codebook;
  textOf(article: string): CodePointIndex | undefined;
  /** Where media/ is (for the stance icons). */
  extensionUri?: vscode.Uri;
}

export function fileName(location: string): string {
  try { return decodeURIComponent(location.slice(location.lastIndexOf('/') + 1)); } catch { return location.slice(location.lastIndexOf('/') + 1); }
}

const ROOT_LABEL: Record<RootKind, string> = { actors: 'Actors', claimants: 'Claims by claimant', topics: 'Claims by topic', review: 'Needs review' };
const ROOT_ICON: Record<RootKind, string> = { actors: 'person', claimants: 'comment-discussion', topics: 'tag', review: 'warning' };
// A Map, so a codebook type called `constructor` or `toString` gets the default icon, not Object.prototype's member.
const TYPE_ICON = new Map([['person', 'person'], ['country', 'globe'], ['organization', 'organization'], ['group', 'account']]);

const revealCommand = (article: string, id: string, title = 'Reveal'): vscode.Command =>
  ({ command: CommandId.revealAnnotation, title, arguments: [article, id] });

function annotationTooltip(article: string, a: Annotation, line: number | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown(`“${escapeMarkdown(firstWords(a.text, 300))}”\n\n`);
  md.appendMarkdown(`${escapeMarkdown(fileName(article))}${line ? `, line ${line}` : ''} · id ${escapeMarkdown(a.id)}`);
  if (a.anchor === 'fuzzy' || a.anchor === 'orphan') md.appendMarkdown(`\n\n_${a.anchor} — needs review_`);
  return md;
}

export function treeItem(node: TreeNode, p: Presentation): vscode.TreeItem {
  const cb = p.codebook;
  switch (node.kind) {
    case 'corpus': {
      // Folder names come from the repository: a plain label and tooltip, never Markdown.
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${plural(node.snapshot.articles.length, 'article')} · ${plural(node.snapshot.codebook.entities.length, 'actor')} in its codebook`;
      item.iconPath = new vscode.ThemeIcon('book');
      item.tooltip = node.snapshot.store.location ? `Articles under ${toUri(node.snapshot.store.location).fsPath || node.snapshot.store.location}` : 'Articles without a codebook';
      item.contextValue = ContextValue.corpus;
      return item;
    }
    case 'root': {
      const item = new vscode.TreeItem(ROOT_LABEL[node.root], node.root === 'actors' || (node.root === 'review' && node.count > 0)
        ? vscode.TreeItemCollapsibleState.Expanded : node.count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = node.root === 'actors' ? plural(node.count, 'actor') : node.root === 'review' ? (node.count ? String(node.count) : 'nothing to review') : plural(node.count, 'claim');
      item.iconPath = new vscode.ThemeIcon(ROOT_ICON[node.root], node.root === 'review' && node.count ? new vscode.ThemeColor('editorWarning.foreground') : undefined);
      item.contextValue = ContextValue.group;
      return item;
    }
    case 'type': {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.group.entities.length);
      item.iconPath = new vscode.ThemeIcon(node.group.id === UNKNOWN_GROUP ? 'question' : TYPE_ICON.get(node.group.id) ?? 'symbol-class');
      if (node.group.id === UNKNOWN_GROUP) item.tooltip = 'Annotations refer to these ids, but the codebook has no entity with them.';
      item.contextValue = ContextValue.group;
      return item;
    }
    case 'entity': {
      const s = node.summary;
      const item = new vscode.TreeItem(`${s.name} (${s.mentions.length})`, s.mentions.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = `${plural(s.articles, 'article')} · ${plural(s.claims.length, 'claim')}${s.entity ? '' : ' · not in the codebook'}`;
      const md = new vscode.MarkdownString(`**${escapeMarkdown(s.name)}** · \`${escapeMarkdown(s.id)}\``);
      if (s.entity) {
        md.appendMarkdown(`\n\n${escapeMarkdown(cb.types.find(t => t.id === s.entity!.type)?.label ?? s.entity.type)}`);
        if (s.entity.aliases.length) md.appendMarkdown(`\n\nAlso: ${s.entity.aliases.map(escapeMarkdown).join(', ')}`);
      }
      md.appendMarkdown(`\n\n${plural(s.mentions.length, 'mention')} in ${plural(s.articles, 'article')}, ${plural(s.claims.length, 'claim')}`);
      item.tooltip = md;
      item.contextValue = s.entity ? ContextValue.entity : 'entityUnknown';
      return item;
    }
    case 'article': {
      const item = new vscode.TreeItem(fileName(node.article), vscode.TreeItemCollapsibleState.Collapsed);
      item.description = plural(node.mentions.length, 'mention');
      item.resourceUri = toUri(node.article);
      item.iconPath = vscode.ThemeIcon.File;
      item.tooltip = toUri(node.article).fsPath || node.article;
      item.contextValue = 'article';
      return item;
    }
    case 'mention': {
      const a = node.annotation;
      const pv = preview(a, p.textOf(node.article));
      const item = new vscode.TreeItem({ label: pv.label, highlights: [pv.highlight] });
      item.description = [pv.line !== undefined ? `line ${pv.line}` : undefined, a.anchor === 'fuzzy' || a.anchor === 'orphan' ? a.anchor : undefined].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon(a.anchor === 'fuzzy' || a.anchor === 'orphan' ? 'warning' : 'symbol-field');
      item.tooltip = annotationTooltip(node.article, a, pv.line);
      item.command = revealCommand(node.article, a.id);
      item.contextValue = ContextValue.mention;
      return item;
    }
    case 'claimant': {
      const g = node.group;
      const item = new vscode.TreeItem(`${g.name} (${g.claims.length})`, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = stanceBreakdown(cb, g.claims) + (g.entity ? '' : ' · not in the codebook');
      item.iconPath = new vscode.ThemeIcon(TYPE_ICON.get(g.entity?.type ?? '') ?? 'person');
      item.contextValue = g.entity ? ContextValue.entity : 'entityUnknown';
      return item;
    }
    case 'topic': {
      const g = node.group;
      const item = new vscode.TreeItem(`${g.label} (${g.claims.length})`, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = stanceBreakdown(cb, g.claims);
      item.iconPath = new vscode.ThemeIcon(g.id === undefined ? 'circle-slash' : 'tag');
      item.contextValue = 'topic';
      return item;
    }
    case 'claim': {
      const c = node.annotation;
      const text = p.textOf(node.article);
      const line = text && c.anchor !== 'orphan' && c.end <= text.length ? preview(c, text).line : undefined;
      const item = new vscode.TreeItem(`“${firstWords(c.text, 80)}”`);
      const other = node.parent.kind === 'claimant'
        ? (c.topic ? cb.topics.find(t => t.id === c.topic)?.label ?? c.topic : undefined)
        : cb.entities.find(e => e.id === c.claimant)?.name ?? c.claimant;
      const stance = c.stance ? cb.stances.find(s => s.id === c.stance)?.label ?? c.stance : 'no stance';
      item.description = [stance, other, `${fileName(node.article)}${line ? `:${line}` : ''}`, c.anchor === 'fuzzy' || c.anchor === 'orphan' ? c.anchor : undefined]
        .filter(Boolean).join(' · ');
      const icon = stanceIcon(c.stance);
      item.iconPath = icon && p.extensionUri ? vscode.Uri.joinPath(p.extensionUri, 'media', `stance-${icon}.svg`)
        : new vscode.ThemeIcon('quote', c.stance ? new vscode.ThemeColor('claimlens.claimUnderline') : undefined);
      item.tooltip = annotationTooltip(node.article, c, line);
      item.command = revealCommand(node.article, c.id);
      item.contextValue = ContextValue.claim;
      return item;
    }
    case 'review': {
      const r = node.item;
      const item = new vscode.TreeItem(`“${firstWords(r.then, 60)}”`);
      const where = fileName(node.article);
      if (r.anchor === 'fuzzy') {
        item.description = `now “${firstWords(r.now ?? '?', 60)}” · ${where}`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
        item.contextValue = ContextValue.review;
        item.command = revealCommand(node.article, r.annotation.id, 'Show where it is now');
      } else {
        item.description = `orphan: ${r.reason ?? 'not found'} · ${where}`;
        item.iconPath = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('editorError.foreground'));
        item.contextValue = REVIEW_ORPHAN;
      }
      const kind = isClaim(r.annotation) ? 'Claim' : 'Mention';
      const md = new vscode.MarkdownString(`**${kind} to review** · ${r.anchor}${r.annotation.score !== undefined && r.anchor === 'fuzzy' ? ` (similarity ${r.annotation.score})` : ''} · ${escapeMarkdown(where)}\n\n`);
      md.appendMarkdown(`| then | now |\n|---|---|\n| ${escapeMarkdown(r.then)} | ${r.anchor === 'fuzzy' ? escapeMarkdown(r.now ?? '(article not read)') : `_not found: ${escapeMarkdown(r.reason ?? '')}_`} |\n\n`);
      md.appendMarkdown(r.anchor === 'fuzzy' ? 'Accept the new place, re-attach it to a selection, or delete it.' : 'Select where it belongs and re-attach it, or delete it.');
      item.tooltip = md;
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'message';
      return item;
    }
  }
}
