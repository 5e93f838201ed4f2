// The FileSystem port in the editor. Folders on disk (`file:`) go through the Node adapter that
// extension.ts passes in (src/node/nodeFileSystem.ts): only there can the kernel refuse links at
// the moment of access (O_NOFOLLOW, O_EXCL) instead of after a separate check that a swapped file
// could race (TOCTOU). Every other scheme (vscode.dev, github.dev, remote virtual file systems),
// and `file:` in the web host where there is no Node, goes through vscode.workspace.fs with the
// same rules checked by stat (its type has the SymbolicLink bit): that leaves the window between
// check and access, which a cloned repository alone cannot use (it would need a process changing
// files at that moment), and random temporary names cannot be planted in advance.
import * as vscode from 'vscode';
import { applyTextStyle, DEFAULT_TEXT_STYLE, detectTextStyle, TextStyle } from '../core/text';
import {
  articleOfSidecar, basename, decodeFile, DEFAULT_MAX_DATA_BYTES, FileStat, FileSystem, isDataFile, refusal, roleOf, temporaryLocationFor,
} from '../store/fileSystem';

export const toUri = (location: string): vscode.Uri => vscode.Uri.parse(location, true);
export const toLocation = (uri: vscode.Uri): string => uri.toString();

/** What the Node adapter needs; built by extension.ts (src/node/local.ts), absent in the web host. */
export type LocalFileSystemFactory = (options: { roots: () => readonly string[]; maxDataBytes: () => number }) => FileSystem;

export interface WorkspaceFileSystemOptions {
  /** The workspace folders: nothing outside them is read or written. */
  roots: () => readonly vscode.Uri[];
  /** ClaimLens's own storage (the index cache): outside the repository, written as is. */
  privateRoots?: () => readonly vscode.Uri[];
  /** Size limit of sidecars and codebooks in bytes. */
  maxDataBytes?: () => number;
  local?: LocalFileSystemFactory;
}

const isFileType = (type: vscode.FileType, bit: vscode.FileType) => (type & bit) === bit;
const pathOf = (uri: vscode.Uri) => uri.fsPath.replace(/\\/g, '/');

function inside(uri: vscode.Uri, root: vscode.Uri): boolean {
  if (uri.scheme !== root.scheme || uri.authority !== root.authority) return false;
  const r = root.path.replace(/\/+$/, '');
  return uri.path === r || uri.path.startsWith(r + '/');
}

export class WorkspaceFileSystem implements FileSystem {
  private readonly encoder = new TextEncoder();
  /** Writes under way, per location: writes to one file never overlap. */
  private readonly writing = new Map<string, Promise<void>>();
  private readonly local?: FileSystem;

  constructor(private readonly options: WorkspaceFileSystemOptions = { roots: () => [] }) {
    this.local = options.local?.({
      roots: () => options.roots().filter(r => r.scheme === 'file').map(pathOf),
      maxDataBytes: () => this.limit,
    });
  }

  private get limit(): number {
    return this.options.maxDataBytes?.() ?? DEFAULT_MAX_DATA_BYTES;
  }

  /** The Node adapter's path for a `file:` location in a workspace folder, if it applies. */
  private localPath(uri: vscode.Uri): string | undefined {
    return this.local && uri.scheme === 'file' && !this.isPrivate(uri) ? pathOf(uri) : undefined;
  }

  private isPrivate(uri: vscode.Uri): boolean {
    return (this.options.privateRoots?.() ?? []).some(r => inside(uri, r));
  }

  async readText(location: string): Promise<string | undefined> {
    const uri = toUri(location);
    const path = this.localPath(uri);
    if (path !== undefined) return this.local!.readText(path);
    if (this.isPrivate(uri)) return this.readPlain(uri);
    // No fallback to a temporary file when the target is missing: an interrupted replace cannot
    // be told from a planted `.claimlens-tmp` file, and temporary files are never read as data.
    if (roleOf(location) === 'temporary') throw refusal.temporary(location);
    await this.checkPlace(uri);
    const st = await this.statOf(uri);
    if (!st || isFileType(st.type, vscode.FileType.Directory)) return undefined;
    if (isFileType(st.type, vscode.FileType.SymbolicLink)) throw refusal.symlink(location);
    if (isDataFile(location) && st.size > this.limit) throw refusal.tooLarge(location, st.size, this.limit);
    let bytes: Uint8Array;
    try { bytes = await vscode.workspace.fs.readFile(uri); } catch (e) { if (notFound(e)) return undefined; throw e; }
    if (isDataFile(location) && bytes.length > this.limit) throw refusal.tooLarge(location, bytes.length, this.limit);
    return decodeFile(location, bytes);
  }

  async writeTextAtomic(location: string, text: string): Promise<void> {
    const previous = this.writing.get(location) ?? Promise.resolve();
    const replace = () => this.replace(toUri(location), text);
    const current = previous.then(replace, replace);
    this.writing.set(location, current);
    try {
      await current;
    } finally {
      if (this.writing.get(location) === current) this.writing.delete(location);
    }
  }

  private async replace(target: vscode.Uri, text: string): Promise<void> {
    const location = toLocation(target);
    const path = this.localPath(target);
    if (path !== undefined) return this.local!.writeTextAtomic(path, text);
    if (this.isPrivate(target)) return vscode.workspace.fs.writeFile(target, this.encoder.encode(text));
    if (roleOf(location) === 'temporary') throw refusal.temporary(location);
    await this.checkPlace(target);
    const st = await this.statOf(target);
    if (st && isFileType(st.type, vscode.FileType.SymbolicLink)) throw refusal.symlink(location);
    if (st && !isFileType(st.type, vscode.FileType.File)) throw refusal.notAFile(location);
    const style = st && isDataFile(location) ? await this.styleOf(target, st.size) : DEFAULT_TEXT_STYLE;
    // A random name nobody can have planted; workspace.fs cannot create exclusively, so check.
    const temp = target.with({ path: temporaryLocationFor(target.path, randomHex(8)) });
    if (await this.statOf(temp)) throw refusal.temporary(toLocation(temp));
    await vscode.workspace.fs.writeFile(temp, this.encoder.encode(isDataFile(location) ? applyTextStyle(text, style) : text));
    try {
      // A rename replaces the target's entry; it does not write through a link there.
      await vscode.workspace.fs.rename(temp, target, { overwrite: true });
    } catch (e) {
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      throw e;
    }
  }

  async stat(location: string): Promise<FileStat | undefined> {
    const uri = toUri(location);
    const path = this.localPath(uri);
    if (path !== undefined) return this.local!.stat(path);
    const s = await this.statOf(uri).catch(() => undefined);
    // Permission 2 is VS Code's "locked": a file without write permission.
    return s && { size: s.size, mtime: s.mtime, readonly: ((s.permissions ?? 0) & (vscode.FilePermission.Readonly | 2)) !== 0 };
  }

  async findFiles(root: string, suffix: string): Promise<string[]> {
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(toUri(root), `**/*${suffix}`), '**/{node_modules,.git}/**');
    return uris.map(toLocation).filter(l => roleOf(l) !== 'temporary').sort();
  }

  private async readPlain(uri: vscode.Uri): Promise<string | undefined> {
    try { return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)); } catch (e) { if (notFound(e)) return undefined; throw e; }
  }

  private async statOf(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
    try { return await vscode.workspace.fs.stat(uri); } catch (e) { if (notFound(e)) return undefined; throw e; }
  }

  /**
   * Inside a workspace folder, with no link on the way: every folder between the workspace folder
   * and the file, and a sidecar's article (its quotes would otherwise come from elsewhere).
   */
  private async checkPlace(uri: vscode.Uri): Promise<void> {
    const location = toLocation(uri);
    const root = this.options.roots().find(r => inside(uri, r));
    if (!root) throw refusal.outside(location);
    const rootPath = root.path.replace(/\/+$/, '');
    const folders = uri.path.slice(rootPath.length).split('/').filter(Boolean).slice(0, -1);
    let path = rootPath;
    for (const name of folders) {
      path += '/' + name;
      const st = await this.statOf(uri.with({ path }));
      if (st && isFileType(st.type, vscode.FileType.SymbolicLink)) throw refusal.outside(location);
    }
    const article = articleOfSidecar(location);
    if (article !== undefined) {
      const st = await this.statOf(toUri(article));
      if (st && isFileType(st.type, vscode.FileType.SymbolicLink)) throw refusal.symlink(location, `its article ${basename(article)}`);
    }
  }

  private async styleOf(uri: vscode.Uri, size: number): Promise<TextStyle> {
    if (size > this.limit) return DEFAULT_TEXT_STYLE;
    try { return detectTextStyle(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await vscode.workspace.fs.readFile(uri))); } catch { return DEFAULT_TEXT_STYLE; }
  }
}

function notFound(e: unknown): boolean {
  return e instanceof vscode.FileSystemError && e.code === 'FileNotFound';
}

function randomHex(bytes: number): string {
  // Web Crypto is global in browsers and Node 19+; the Node 18 of older desktop hosts lacks it.
  const values = new Uint8Array(bytes);
  const webCrypto = (globalThis as { crypto?: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto;
  if (webCrypto) webCrypto.getRandomValues(values); else for (let i = 0; i < bytes; i++) values[i] = Math.floor(Math.random() * 256);
  return Array.from(values, b => b.toString(16).padStart(2, '0')).join('');
}
