// Articles governed by different codebooks are different corpora: the same id may be a different
// actor in each. The views group articles by the codebook that governs them (the nearest one above
// each article) and name each group by the folder its codebook sits in.
import * as vscode from 'vscode';
import { CODEBOOK_FILE } from '../core/model';
import { CodebookStore } from '../store/codebookStore';
import { dirname } from '../store/fileSystem';
import { Services } from './services';
import { toLocation, toUri } from './workspaceFs';

export interface CodebookPartition<T extends { article: string }> {
  store: CodebookStore;
  /** A short name for people: the folder of the codebook, relative to the workspace. */
  label: string;
  articles: T[];
}

/** The folder of a codebook as a person names it: relative to its workspace folder, or the folder's own name. */
export function folderLabel(codebookLocation: string | undefined): string {
  if (codebookLocation === undefined) return `no ${CODEBOOK_FILE}`;
  const folder = dirname(codebookLocation);
  const folders = vscode.workspace.workspaceFolders ?? [];
  const root = folders.find(f => toLocation(f.uri) === folder);
  if (root) return root.name;
  return vscode.workspace.asRelativePath(toUri(folder), folders.length > 1);
}

/** The codebooks in use that have actors: those the views show (one codebook needs no grouping). */
export function codebooksWithActors(services: Services): CodebookStore[] {
  return services.codebooks().filter(store => store.codebook.entities.length > 0);
}

/**
 * The articles grouped by governing codebook, in the order of their folders (the workspace's
 * codebook first). Codebooks that govern no article but have actors are kept, so those actors
 * can still be found, renamed or deleted.
 */
export function partitionByCodebook<T extends { article: string }>(services: Services, articles: readonly T[]): CodebookPartition<T>[] {
  const byStore = new Map<CodebookStore, T[]>();
  for (const store of codebooksWithActors(services)) byStore.set(store, []);
  for (const a of articles) {
    const store = services.codebookOf(a.article);
    const list = byStore.get(store);
    if (list) list.push(a); else byStore.set(store, [a]);
  }
  const partitions = [...byStore].map(([store, list]) => ({ store, label: folderLabel(store.location), articles: list }));
  const rank = (p: CodebookPartition<T>) => (p.store === services.codebook ? '' : p.store.location ?? '\uffff');
  return partitions.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}
