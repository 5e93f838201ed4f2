// The file-system port. The core and the store never touch files directly: the extension passes
// an implementation over `vscode.workspace.fs` (works in vscode.dev too), the CLI one over Node's
// `fs`. Locations are strings with `/` separators: absolute POSIX paths in the CLI, URI strings
// in the editor — so `location + '.annotations.yaml'` and `dirname` work the same for both.

export interface FileStat {
  size: number;
  mtime: number;
  /** The file may not be written (no write permission, or a read-only file system): ClaimLens never replaces it. */
  readonly?: boolean;
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

/**
 * True when two stats describe the same version of a file (same size and modification time); two
 * missing files are the same too. Used to tell ClaimLens's own write from a later change by
 * another program, even one that puts back an older text.
 */
export function sameFileStat(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.size === b.size && a.mtime === b.mtime;
}

/** The error for a file that may not be written: ClaimLens never replaces a read-only file. */
export function readOnlyError(location: string): Error {
  return new Error(`${basename(location)} is read-only`);
}

/** A stat no file has: a later comparison always sees a change. */
const CHANGED_SINCE: FileStat = { size: -1, mtime: -1 };

/**
 * The stat of a file this program has just written with `text`, to recognise the file-watcher's
 * echo of that write later. When another program has already replaced the file, a stat that
 * matches no file, so that its change is not mistaken for ours.
 */
export async function statAfterWrite(fs: FileSystem, location: string, text: string): Promise<FileStat | undefined> {
  try {
    const stat = await fs.stat(location); // before the read: a change between the two shows in the text
    return (await fs.readText(location)) === text ? stat : CHANGED_SINCE;
  } catch {
    return CHANGED_SINCE;
  }
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
