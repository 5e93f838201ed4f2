// Rename (F2) on a mention renames its entity: the display name in the codebook changes (the old
// name stays as an alias); the article text does not. The change is a WorkspaceEdit of the codebook
// file, so the editor previews, applies and undoes it like any rename; the codebook watcher then
// reloads the file.
import * as vscode from 'vscode';
import { CODEBOOK_FILE, Entity } from '../../core/model';
import { codebookEditProblem, minimalReplacement, renameInCodebookText } from '../../core/symbols';
import { plainForNotification } from '../../core/plainText';
import { CodePointIndex, normalizeNewlines } from '../../core/text';
import { PositionMap } from '../positions';
import { forArticle, Services } from '../services';
import { annotationsAt, codebookSource } from './lookup';

export class EntityRenameProvider implements vscode.RenameProvider {
  constructor(private readonly services: Services) {}

  /** The entity of the mention at the position and the codebook text, or an error saying why not. */
  private async target(document: vscode.TextDocument, position: vscode.Position) {
    const at = await annotationsAt(this.services, document, position);
    if (!at?.mention) throw new Error('Put the cursor on an actor mention to rename its actor.');
    if (!vscode.workspace.isTrusted) throw new Error('This workspace is not trusted, so ClaimLens does not change the codebook.');
    const scoped = forArticle(this.services, at.location); // the codebook governing this article
    const codebook = await codebookSource(scoped);
    if (!codebook) throw new Error(`There is no ${CODEBOOK_FILE} in this workspace to rename actors in.`);
    const problem = codebookEditProblem(codebook.text);
    if (problem) throw new Error(`Cannot rename: ${CODEBOOK_FILE} ${problem.replace(/^the codebook /, '')}.`);
    const id = at.mention.entity;
    const entity: Entity | undefined = scoped.codebook.codebook.entities.find(e => e.id === id);
    if (!entity) throw new Error(`\`${id}\` is not in the codebook, so it has no name to change.`);
    return { at, mention: at.mention, entity, codebook };
  }

  async prepareRename(document: vscode.TextDocument, position: vscode.Position): Promise<{ range: vscode.Range; placeholder: string }> {
    const { at, mention, entity } = await inert(() => this.target(document, position));
    return { range: at.positions.range(mention.start, mention.end), placeholder: entity.name };
  }

  async provideRenameEdits(document: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit> {
    return inert(() => this.renameEdits(document, position, newName));
  }

  private async renameEdits(document: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit> {
    const { entity, codebook } = await this.target(document, position);
    const before = normalizeNewlines(codebook.text);
    const after = renameInCodebookText(before, entity.id, newName);
    const edit = new vscode.WorkspaceEdit();
    if (after === before) return edit;
    // Only the lines that change are replaced, so an open codebook editor keeps its cursor and folds.
    const r = minimalReplacement(before, after);
    const index = new CodePointIndex(before), map = new PositionMap(index);
    edit.replace(codebook.uri, map.range(index.toCodePoint(r.start), index.toCodePoint(r.end)), r.text);
    return edit;
  }
}

/**
 * VS Code shows a rename error as a notification (which renders `[label](command:…)` links), and
 * these errors quote ids and codebook problems: their text is made inert.
 */
async function inert<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw new Error(plainForNotification(e instanceof Error ? e.message : String(e)));
  }
}
