// The file-system port. The core and the store never touch files directly: the extension passes
// an implementation over `vscode.workspace.fs` (works in vscode.dev too), the CLI one over Node's
// `fs`. Locations are strings with `/` separators: absolute POSIX paths in the CLI, URI strings
// in the editor — so `location + '.annotations.yaml'` and `dirname` work the same for both.

export interface FileStat {
  size: number;
  mtime: number;
}

export interface FileSystem {
  /** The file's text, or undefined when it does not exist. */
  readText(location: string): Promise<string | undefined>;
  /** Writes via a temporary file and a rename, so readers see the old or the new file, never half. */
  writeTextAtomic(location: string, text: string): Promise<void>;
  stat(location: string): Promise<FileStat | undefined>;
  /** Every file under `root` (recursively) whose name ends with `suffix`; skips node_modules and dot folders. */
  findFiles(root: string, suffix: string): Promise<string[]>;
}

export function dirname(location: string): string {
  const i = location.lastIndexOf('/');
  return i <= 0 ? location.slice(0, i + 1) : location.slice(0, i);
}

export function basename(location: string): string {
  return location.slice(location.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
