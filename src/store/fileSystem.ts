// The file-system port. The core and the store never touch files directly: the extension passes
// an implementation over `vscode.workspace.fs` (works in vscode.dev too), the CLI one over Node's
// `fs`. Locations are strings with `/` separators: absolute POSIX paths in the CLI, URI strings
// in the editor — so `location + '.annotations.yaml'` and `dirname` work the same for both.
//
// Every file of a workspace may come from someone else's repository, so both adapters follow the
// same rules (tested against each other in test/unit/hostileFs.test.ts):
// - no read or write follows a symbolic link: not the sidecar or codebook, not the temporary file,
//   not the target of a write, not the article a sidecar belongs to;
// - nothing outside the workspace folders (after resolving links in the parent folders) is read or
//   written;
// - writes go to a temporary file with a random name, created exclusively, then renamed over the
//   target; temporary files are never read;
// - sidecars and codebooks must be valid UTF-8 and at most a size limit, checked before reading;
// - a BOM is not part of any text; sidecars and codebooks are handed out with LF line endings and
//   written back with the BOM and line endings the file on disk has.
// A refused file is a FileRefusedError, which the stores show as a problem of that file.
import { CODEBOOK_FILE, SIDECAR_SUFFIX } from '../core/model';
import { Problem } from '../core/problems';
import { decodeUtf8, normalizeNewlines, stripBom } from '../core/text';

export interface FileStat {
  size: number;
  mtime: number;
  /** The file may not be written (no write permission, or a read-only file system): ClaimLens never replaces it. */
  readonly?: boolean;
}

export interface FileSystem {
  /**
   * The file's text, or undefined when it does not exist. Without a BOM; sidecars and codebooks
   * also with LF line endings. Throws FileRefusedError for a file the rules above forbid.
   */
  readText(location: string): Promise<string | undefined>;
  /**
   * Writes via a temporary file and a rename, so readers see the old or the new file, never half.
   * A sidecar or codebook keeps the BOM and line endings (CRLF) of the file it replaces.
   */
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

/** Why a file was not read or written. Also the problem code shown for it. */
export type RefusalReason = 'symlink' | 'outside-workspace' | 'too-large' | 'invalid-utf8' | 'temporary-file' | 'not-a-file';

/** A file ClaimLens will not read or write; `line`/`column` point at the cause when known. */
export class FileRefusedError extends Error {
  constructor(readonly location: string, readonly reason: RefusalReason, message: string, readonly line = 1, readonly column = 1) {
    super(message);
    this.name = 'FileRefusedError';
  }

  toProblem(): Problem {
    return { file: this.location, line: this.line, column: this.column, severity: 'error', code: this.reason, message: this.message };
  }
}

export function isFileRefused(e: unknown): e is FileRefusedError {
  return e instanceof FileRefusedError;
}

/**
 * Default limit for a sidecar or codebook: 5 MiB. The largest sample sidecar (a 27 KB article
 * with 400 annotations) is 89 KB; a canonical sidecar grows by 150–250 bytes per annotation, so
 * 5 MiB holds over 20,000 annotations, far beyond any one article. Loading stays bounded: a
 * 3.7 MiB sidecar with 24,000 mentions loads in about 2 s on a busy 2-core machine
 * (test/unit/hostileFs.test.ts), where a 30 MB one took 39 s and 3 GB of heap. Larger files are
 * skipped with a problem.
 */
export const DEFAULT_MAX_DATA_BYTES = 5 * 1024 * 1024;

/** Every temporary file ClaimLens writes ends so; such files are never read. */
export const TEMP_SUFFIX = '.claimlens-tmp';

/** `<target>.<random>.claimlens-tmp`: beside the target (same file system, so the rename is atomic). */
export function temporaryLocationFor(location: string, random: string): string {
  return `${location}.${random}${TEMP_SUFFIX}`;
}

export type FileRole = 'sidecar' | 'codebook' | 'temporary' | 'other';

/** What a location is to ClaimLens: its data files get the strict rules (UTF-8, size, style). */
export function roleOf(location: string): FileRole {
  const name = basename(location);
  // Also the older `.claimlens-<name>.<hex>.tmp` names of earlier versions.
  if (name.endsWith(TEMP_SUFFIX) || (name.startsWith('.claimlens-') && name.endsWith('.tmp'))) return 'temporary';
  if (name.endsWith(SIDECAR_SUFFIX)) return 'sidecar';
  if (name === CODEBOOK_FILE) return 'codebook';
  return 'other';
}

export function isDataFile(location: string): boolean {
  const role = roleOf(location);
  return role === 'sidecar' || role === 'codebook';
}

/** The article a sidecar belongs to (its links are refused too), or undefined for other files. */
export function articleOfSidecar(location: string): string | undefined {
  return roleOf(location) === 'sidecar' ? location.slice(0, -SIDECAR_SUFFIX.length) : undefined;
}

/** True when `location` is `root` or lies below it (both `/`-separated, already resolved). */
export function isInside(location: string, root: string): boolean {
  const r = root.replace(/\/+$/, '');
  return location === r || location.startsWith(r + '/') || (r === '' && location.startsWith('/'));
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} bytes`;
}

/** The messages both adapters give, so the editor and the command line say the same. */
export const refusal = {
  symlink: (location: string, what = 'it') => new FileRefusedError(location, 'symlink',
    `${what === 'it' ? 'this file' : what} is a symbolic link; ClaimLens does not follow links (a link could lead outside the workspace)`),
  outside: (location: string) => new FileRefusedError(location, 'outside-workspace',
    'this file lies outside the workspace folder (a linked folder leads out of it); ClaimLens does not read or write it'),
  tooLarge: (location: string, size: number, limit: number) => new FileRefusedError(location, 'too-large',
    `this file is ${formatBytes(size)}, over the limit of ${formatBytes(limit)} (the setting claimlens.sidecar.maxSizeMB); skipped`),
  invalidUtf8: (location: string, line: number, column: number, offset: number) => new FileRefusedError(location, 'invalid-utf8',
    `this file is not valid UTF-8 (byte ${offset}); ClaimLens does not read or rewrite it until it is saved as UTF-8`, line, column),
  temporary: (location: string) => new FileRefusedError(location, 'temporary-file',
    `${TEMP_SUFFIX} files are ClaimLens's temporary files; they are never read or written as data`),
  notAFile: (location: string) => new FileRefusedError(location, 'not-a-file', 'this is not a regular file (a folder, device or pipe)'),
};

/**
 * A file's bytes as text, the same in both adapters: sidecars and codebooks must be UTF-8 and are
 * handed out without BOM and with LF; other files (articles) lose only the BOM, and invalid bytes
 * become U+FFFD as in the editor.
 */
export function decodeFile(location: string, bytes: Uint8Array): string {
  const data = isDataFile(location);
  const decoded = decodeUtf8(bytes, data);
  if (decoded.error) throw refusal.invalidUtf8(location, decoded.error.line, decoded.error.column, decoded.error.offset);
  return data ? normalizeNewlines(stripBom(decoded.text)) : stripBom(decoded.text);
}
