// Shared by the language features and the mention commands: what is under the cursor, and where
// annotations of any article (open or not) are in editor coordinates.
import * as vscode from 'vscode';
import { Claim, isClaim, Mention } from '../../core/model';
import { CodePointIndex, lineCharacterAt, normalizeNewlines } from '../../core/text';
import { ArticleState } from '../../store/annotationStore';
import { LocatedMention } from '../../store/corpusView';
import { PositionMap, positionsOf } from '../positions';
import { Services } from '../services';
import { toLocation, toUri } from '../workspaceFs';

export interface AnnotationsAtCursor {
  location: string;
  positions: PositionMap;
  /** The smallest mention at the position. */
  mention?: Mention;
  /** The smallest claim at the position. */
  claim?: Claim;
}

/**
 * The annotation state of an article document (undefined for other documents). The editor asks for
 * symbols the moment a document opens; the tracker then shares the load it has already started.
 */
export async function articleState(services: Services, document: vscode.TextDocument): Promise<ArticleState | undefined> {
  await services.tracker.track(document);
  return services.store.get(toLocation(document.uri));
}

/** The annotations at a position of an article; undefined when the document is not an article. */
export async function annotationsAt(services: Services, document: vscode.TextDocument, position: vscode.Position): Promise<AnnotationsAtCursor | undefined> {
  const location = toLocation(document.uri);
  const state = await articleState(services, document);
  if (!state) return undefined;
  const positions = positionsOf(state.text);
  const hits = services.store.annotationsAt(location, positions.offset(position));
  return { location, positions, mention: hits.find((a): a is Mention => !isClaim(a)), claim: hits.find(isClaim) };
}

/** The entity a position refers to: a mention's entity, or the claimant of a claim. */
export function entityAtCursor(at: AnnotationsAtCursor | undefined): string | undefined {
  return at?.mention?.entity ?? at?.claim?.claimant;
}

const CACHE_SIZE = 64;

/**
 * Editor positions of annotation offsets in any article. Offsets count code points of the
 * normalised text; open articles use the store's live text (their annotations follow unsaved
 * edits), the others are read from disk once and cached until the file changes. Line numbers of the
 * normalised text and of the document agree, also for CRLF files.
 */
export class ArticleTexts {
  private readonly cache = new Map<string, { mtime: number; size: number; positions: PositionMap }>();

  constructor(private readonly services: Services) {}

  async positions(article: string): Promise<PositionMap | undefined> {
    const state = this.services.store.get(article);
    if (state) return positionsOf(state.text);
    const stat = await this.services.fs.stat(article);
    if (!stat) return undefined;
    const cached = this.cache.get(article);
    if (cached && cached.mtime === stat.mtime && cached.size === stat.size) return cached.positions;
    const text = await this.services.fs.readText(article);
    if (text === undefined) return undefined;
    const positions = new PositionMap(new CodePointIndex(normalizeNewlines(text)));
    this.cache.delete(article);
    this.cache.set(article, { mtime: stat.mtime, size: stat.size, positions });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return positions;
  }

  async location(article: string, start: number, end: number): Promise<vscode.Location | undefined> {
    const positions = await this.positions(article);
    return positions && new vscode.Location(toUri(article), positions.range(start, end));
  }

  /** Locations of mentions (orphans, which have no place in the text, are left out), in corpus order. */
  async mentionLocations(mentions: readonly LocatedMention[], token?: vscode.CancellationToken): Promise<vscode.Location[]> {
    const byArticle = new Map<string, Mention[]>();
    for (const { article, mention } of mentions) {
      if (mention.anchor === 'orphan') continue;
      const list = byArticle.get(article);
      if (list) list.push(mention); else byArticle.set(article, [mention]);
    }
    const result: vscode.Location[] = [];
    for (const [article, list] of byArticle) {
      if (token?.isCancellationRequested) break;
      const positions = await this.positions(article);
      if (!positions) continue;
      const uri = toUri(article);
      for (const m of list) result.push(new vscode.Location(uri, positions.range(m.start, m.end)));
    }
    return result;
  }

  /**
   * Every mention of an entity across the workspace. Articles that are not open are placed by the
   * line starts the index keeps, so none is read (a corpus of a thousand articles answers at once).
   */
  async mentionsOf(entity: string, token?: vscode.CancellationToken, governs?: (article: string) => boolean): Promise<vscode.Location[]> {
    const result: vscode.Location[] = [];
    for (const { article, mentions, text, lines } of this.services.corpus.mentionsByArticle(entity, governs)) {
      if (token?.isCancellationRequested) break;
      const placed = mentions.filter(m => m.anchor !== 'orphan');
      if (!placed.length) continue;
      const uri = toUri(article);
      if (lines && !text) {
        const at = (offset: number) => { const p = lineCharacterAt(lines, offset); return new vscode.Position(p.line, p.character); };
        for (const m of placed) result.push(new vscode.Location(uri, new vscode.Range(at(m.start), at(m.end))));
        continue;
      }
      const positions = text ? positionsOf(text) : await this.positions(article);
      if (!positions) continue;
      for (const m of placed) result.push(new vscode.Location(uri, positions.range(m.start, m.end)));
    }
    return result;
  }
}

/**
 * The codebook file's current text: the editor's (maybe unsaved) one when it is open, else the
 * file's. Give services scoped to an article (forArticle) for the codebook governing it.
 */
export async function codebookSource(services: Services): Promise<{ uri: vscode.Uri; text: string } | undefined> {
  const location = services.codebook.location;
  if (!location) return undefined;
  const uri = toUri(location);
  const open = vscode.workspace.textDocuments.find(d => toLocation(d.uri) === location);
  const text = open ? open.getText() : await services.fs.readText(location);
  return text === undefined ? undefined : { uri, text };
}
