// The Outline (and breadcrumbs, Go to Symbol in Editor) of an article: its actors, one symbol per
// entity with its mentions as children, and its claims.
import * as vscode from 'vscode';
import { outlineOf } from '../../core/symbols';
import { positionsOf } from '../positions';
import { Services } from '../services';
import { articleState } from './lookup';

// There are no symbol kinds for actors; these give each entity type its own, familiar icon.
const KIND_BY_TYPE = new Map<string, vscode.SymbolKind>([
  ['person', vscode.SymbolKind.Object],
  ['country', vscode.SymbolKind.Namespace],
  ['organization', vscode.SymbolKind.Class],
  ['group', vscode.SymbolKind.Struct],
]);

/** The symbol kind of an entity type (custom and unknown types: Variable). */
export function symbolKindOfType(type: string | undefined): vscode.SymbolKind {
  return (type !== undefined ? KIND_BY_TYPE.get(type) : undefined) ?? vscode.SymbolKind.Variable;
}

export const MENTION_KIND = vscode.SymbolKind.String;
export const CLAIM_KIND = vscode.SymbolKind.Event;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export class ArticleSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly services: Services) {}

  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[] | undefined> {
    const state = await articleState(this.services, document);
    if (!state) return undefined;
    const pos = positionsOf(state.text);
    const { actors, claims } = outlineOf(state.sidecar, this.services.codebookOf(state.location).codebook);
    const symbols: vscode.DocumentSymbol[] = [];
    for (const actor of actors) {
      // An actor's range is its first mention, not the stretch from its first to its last one: such
      // stretches overlap across the whole article, and breadcrumbs, Outline "follow cursor" and sticky
      // scroll would then name (or pin) whichever actor comes first instead of the one at the cursor.
      const first = pos.range(actor.mentions[0].start, actor.mentions[0].end);
      const symbol = new vscode.DocumentSymbol(actor.name, actor.detail, symbolKindOfType(actor.type), first, first);
      symbol.children = actor.mentions.map(m => {
        const range = pos.range(m.start, m.end);
        return new vscode.DocumentSymbol(oneLine(state.text.slice(m.start, m.end)) || oneLine(m.text) || actor.name,
          `line ${range.start.line + 1}`, MENTION_KIND, range, range);
      });
      symbols.push(symbol);
    }
    for (const c of claims) {
      const range = pos.range(c.claim.start, c.claim.end);
      symbols.push(new vscode.DocumentSymbol(c.name, c.detail, CLAIM_KIND, range, range));
    }
    return symbols;
  }
}
