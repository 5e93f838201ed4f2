// The language features of articles, registered for the configured article languages.
import * as vscode from 'vscode';
import { Services } from '../services';
import { ArticleSymbolProvider } from './documentSymbols';
import { ArticleTexts } from './lookup';
import { MentionReferenceProvider } from './references';
import { EntityRenameProvider } from './rename';
import { ActorSymbolProvider } from './workspaceSymbols';

export function registerLanguageFeatures(services: Services, languages: readonly string[]): vscode.Disposable[] {
  const selector = languages.map(language => ({ language }));
  const texts = new ArticleTexts(services);
  return [
    vscode.languages.registerReferenceProvider(selector, new MentionReferenceProvider(services, texts)),
    vscode.languages.registerDocumentSymbolProvider(selector, new ArticleSymbolProvider(services), { label: 'ClaimLens' }),
    vscode.languages.registerWorkspaceSymbolProvider(new ActorSymbolProvider(services, texts)),
    vscode.languages.registerRenameProvider(selector, new EntityRenameProvider(services)),
  ];
}
