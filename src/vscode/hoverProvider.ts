// Hover cards for mentions and claims. The Markdown is built by pure functions that escape all
// sidecar and codebook text. That text goes into untrusted Markdown (no command runs from it even
// if escaping missed something); the extension's own two links come in a separate part, trusted
// for those two commands only.
import * as vscode from 'vscode';
import { claimHover, hoverActions, mentionHover } from '../core/hoverText';
import { isClaim } from '../core/model';
import { CommandId, HOVER_COMMANDS } from '../ids';
import { AnnotationStore } from '../store/annotationStore';
import { CodebookStore } from '../store/codebookStore';
import { CorpusView } from '../store/corpusView';
import { positionsOf } from './positions';
import { toLocation } from './workspaceFs';
import { fromFiles, trustedLinks } from './markdown';

export class AnnotationHoverProvider implements vscode.HoverProvider {
  /** @param codebookOf the codebook governing an article (the nearest one above it) */
  constructor(private readonly store: AnnotationStore, private readonly codebookOf: (article: string) => CodebookStore, private readonly corpus: CorpusView) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const location = toLocation(document.uri);
    const state = this.store.get(location);
    if (!state) return undefined;
    const pos = positionsOf(state.text);
    const offset = pos.offset(position);
    const hits = this.store.annotationsAt(location, offset).filter(a => a.start < offset || a.end > offset || a.start === a.end);
    if (!hits.length) return undefined;
    const governing = this.codebookOf(location);
    const cb = governing.codebook;
    // Counts over the articles of the same codebook: elsewhere the same id may be another actor.
    const sameCodebook = (article: string) => this.codebookOf(article) === governing;
    const parts = hits.slice(0, 3).flatMap(a => {
      if (isClaim(a)) return [fromFiles(claimHover(a, cb))];
      const all = this.corpus.mentionsOf(a.entity, sameCodebook);
      return [fromFiles(mentionHover({
        entityId: a.entity, codebook: cb,
        mentionsInArticle: state.sidecar.mentions.filter(m => m.entity === a.entity).length,
        mentionsInCorpus: all.length, articlesInCorpus: new Set(all.map(m => m.article)).size,
        claims: state.sidecar.claims.filter(c => c.claimant === a.entity),
      })), actions(hoverActions(a.entity, { revealInTree: CommandId.revealInTree, listMentions: CommandId.listMentions }))];
    });
    const smallest = hits[0];
    return new vscode.Hover(parts, pos.range(smallest.start, smallest.end));
  }
}

/** The extension's own links: trusted for its own commands only. */
const actions = (markdown: string) => trustedLinks(markdown, HOVER_COMMANDS);
