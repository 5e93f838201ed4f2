// Git rewrites files in bursts (checkout, pull, stash, reset), and file watchers drop events under
// load. The built-in Git extension tells when a repository's HEAD, index or working tree changed;
// ClaimLens then checks its open articles' sidecars against the disk instead of trusting that
// every watcher event arrived.
import * as vscode from 'vscode';

/** The slice of the built-in Git extension's API (version 1) used here. */
interface GitRepositoryState { readonly onDidChange: vscode.Event<void> }
interface GitRepository { readonly state: GitRepositoryState }
interface GitApi {
  readonly repositories: GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
}
interface GitExtension {
  readonly enabled: boolean;
  readonly onDidChangeEnablement?: vscode.Event<boolean>;
  getAPI(version: 1): GitApi;
}

/**
 * Calls `listener` (debounced) after any git repository in the window changed state. Silent where
 * there is no Git extension (vscode.dev) or git is turned off. The Git extension is not activated
 * here: it activates on its own in any workspace with a repository.
 */
export function onGitRepositoryChange(listener: () => void, debounceMs = 300): vscode.Disposable {
  const subscriptions: vscode.Disposable[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => { clearTimeout(timer); timer = setTimeout(listener, debounceMs); };
  const watched = new WeakSet<GitRepository>();
  const watch = (repository: GitRepository) => {
    if (watched.has(repository)) return;
    watched.add(repository);
    subscriptions.push(repository.state.onDidChange(changed));
  };
  let attached = false;
  const attach = () => {
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (attached || !extension?.isActive || !extension.exports?.enabled) return;
    attached = true;
    const api = extension.exports.getAPI(1);
    api.repositories.forEach(watch);
    subscriptions.push(api.onDidOpenRepository(watch));
  };
  attach();
  // The Git extension may finish activating after ClaimLens: look again a few times, then stop.
  let tries = 0;
  const retry = setInterval(() => { attach(); if (attached || ++tries >= 30) clearInterval(retry); }, 2000);
  return { dispose: () => { clearTimeout(timer); clearInterval(retry); subscriptions.forEach(s => s.dispose()); } };
}
