// Go to Symbol in Workspace (Ctrl+T): actors by name and alias. An actor's place is its first
// mention in the corpus, or its entry in the codebook when nothing mentions it yet.
import * as vscode from 'vscode';
import { locateEntityInCodebook, matchLabel, searchEntities } from '../../core/symbols';
import { Mention } from '../../core/model';
import { CorpusArticle } from '../../store/corpusView';
import { codebooksWithActors, folderLabel } from '../codebookScope';
import { governedBy, Services, withCodebook } from '../services';
import { symbolKindOfType } from './documentSymbols';
import { ArticleTexts, codebookSource } from './lookup';

/** At most this many actors per query; the editor ranks and shows only the best anyway. */
const MAX_RESULTS = 500;

export class ActorSymbolProvider implements vscode.WorkspaceSymbolProvider {
  constructor(private readonly services: Services, private readonly texts: ArticleTexts) {}

  async provideWorkspaceSymbols(query: string, token: vscode.CancellationToken): Promise<vscode.SymbolInformation[]> {
    const result: vscode.SymbolInformation[] = [];
    const codebooks = codebooksWithActors(this.services);
    const articles = codebooks.length ? this.services.corpus.articles() : [];
    for (const store of codebooks) {
      // Each codebook's actors are placed by the articles it governs: elsewhere an id may be another actor.
      const governs = governedBy(this.services, store);
      result.push(...await this.symbolsOf(withCodebook(this.services, store), articles.filter(a => governs(a.article)), query,
        codebooks.length > 1 ? folderLabel(store.location) : undefined, token));
      if (result.length >= MAX_RESULTS || token.isCancellationRequested) break;
    }
    return result.slice(0, MAX_RESULTS);
  }

  private async symbolsOf(scoped: Services, articles: readonly CorpusArticle[], query: string, corpusLabel: string | undefined,
    token: vscode.CancellationToken): Promise<vscode.SymbolInformation[]> {
    const cb = scoped.codebook.codebook;
    const matches = searchEntities(cb, query).slice(0, MAX_RESULTS);
    if (!matches.length) return [];
    const first = new Map<string, { article: string; mention: Mention }>();
    for (const a of articles)
      for (const m of a.sidecar.mentions) if (m.anchor !== 'orphan' && !first.has(m.entity)) first.set(m.entity, { article: a.article, mention: m });
    let codebook: { uri: vscode.Uri; text: string } | undefined | null = null; // read once, when needed
    const result: vscode.SymbolInformation[] = [];
    for (const match of matches) {
      if (token.isCancellationRequested) break;
      const e = match.entity;
      const at = first.get(e.id);
      let location = at && await this.texts.location(at.article, at.mention.start, at.mention.end);
      if (!location) {
        if (codebook === null) codebook = await codebookSource(scoped);
        const pos = codebook && locateEntityInCodebook(codebook.text, e.id);
        if (codebook && pos) location = new vscode.Location(codebook.uri, new vscode.Position(pos.line - 1, pos.column - 1));
      }
      if (!location) continue;
      const type = cb.types.find(t => t.id === e.type)?.label ?? e.type;
      result.push(new vscode.SymbolInformation(matchLabel(match), symbolKindOfType(e.type), corpusLabel ? `${type} · ${corpusLabel}` : type, location));
    }
    return result;
  }
}
