// Find All References (Shift+F12) on a mention: every mention of its entity across the workspace.
// On a claim it lists the claimant's mentions. Mentions only: the codebook entry is not a place in
// an article, and claims are reached from the Outline and the hover card.
import * as vscode from 'vscode';
import { governedBy, Services } from '../services';
import { annotationsAt, ArticleTexts, entityAtCursor } from './lookup';

export class MentionReferenceProvider implements vscode.ReferenceProvider {
  constructor(private readonly services: Services, private readonly texts: ArticleTexts) {}

  async provideReferences(document: vscode.TextDocument, position: vscode.Position, _context: vscode.ReferenceContext,
    token: vscode.CancellationToken): Promise<vscode.Location[] | undefined> {
    const at = await annotationsAt(this.services, document, position);
    const entity = entityAtCursor(at);
    if (at === undefined || entity === undefined) return undefined;
    // Within the article's codebook: under another codebook the same id may be another actor.
    return this.texts.mentionsOf(entity, token, governedBy(this.services, this.services.codebookOf(at.location)));
  }
}
