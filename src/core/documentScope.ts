// Which documents can be articles: files of the workspace, decided by an allow-list of URI schemes.
// Editors also hold chat inputs, output channels, git and diff views, settings, notebook cells and
// schemes no one has invented yet; none of them has a sidecar beside it, so none is ever tracked.

/** The scheme of files on a local disk (also a remote one, as the remote extension host sees it). */
export const FILE_SCHEME = 'file';

/**
 * True when a document with this URI scheme is a workspace file: `file`, or the scheme of an open
 * workspace folder (`vscode-vfs` on github.dev, `vscode-remote`, a test's virtual file system).
 */
export function isWorkspaceScheme(scheme: string, workspaceFolderSchemes: readonly string[]): boolean {
  return scheme === FILE_SCHEME || workspaceFolderSchemes.includes(scheme);
}
