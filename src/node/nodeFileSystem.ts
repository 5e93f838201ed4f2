// The FileSystem port over Node's `fs`: for the command line, and for `file:` folders in the
// desktop or remote extension host (injected by extension.ts; the web build substitutes
// ./local.web.ts, see scripts/build.mjs). Locations are absolute paths with `/` separators (Node
// accepts them on Windows too). The rules it enforces are listed in src/store/fileSystem.ts.
//
// Why Node rather than stat-then-act: checks made with a separate stat before a read or write
// leave a window in which the file can be swapped for a link (TOCTOU). Here the kernel enforces
// the rules at the moment of access instead:
// - reads open with O_NOFOLLOW (a link at the final component fails with ELOOP) and O_NONBLOCK (a
//   planted FIFO cannot hang the open), then check type and size on the open handle (fstat);
// - writes create the temporary file with O_CREAT|O_EXCL|O_NOFOLLOW under a random name: the
//   open fails if anything, even a dangling link, is already there; rename(2) then replaces the
//   target's directory entry and never follows a link planted at the target.
// What remains checked by path (a window an attacker would need a concurrently running process on
// this machine to use, not just a cloned repository): links in parent folders (realpath of the
// parent), the article of a sidecar, and on Windows (no O_NOFOLLOW) the final component (lstat).
import { constants as fsc, promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { applyTextStyle, decodeUtf8, DEFAULT_TEXT_STYLE, detectTextStyle, TextStyle } from '../core/text';
import {
  articleOfSidecar, basename, decodeFile, DEFAULT_MAX_DATA_BYTES, dirname, FileStat, FileSystem, isDataFile, isInside, joinPath, readOnlyError, refusal,
  roleOf, temporaryLocationFor,
} from '../store/fileSystem';

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

const NOFOLLOW = fsc.O_NOFOLLOW ?? 0;
const NONBLOCK = fsc.O_NONBLOCK ?? 0;
/** Bytes read from a file being replaced to learn its BOM and line endings. */
const STYLE_PROBE_BYTES = 64 * 1024;

export interface NodeFileSystemOptions {
  /**
   * The workspace folders: nothing whose parent folder resolves (through links) outside all of
   * them is read or written. Undefined: no folder restriction (the link rules still hold).
   */
  roots?: () => readonly string[] | undefined;
  /** Size limit of sidecars and codebooks in bytes (default DEFAULT_MAX_DATA_BYTES). */
  maxDataBytes?: () => number;
  /** A write into a missing folder creates it, as vscode.workspace.fs does (the editor); else it fails (the CLI). */
  createFolders?: boolean;
}

const slashes = (p: string) => p.replace(/\\/g, '/');

export class NodeFileSystem implements FileSystem {
  /** Workspace folders as the file system names them (links resolved), by location. */
  private readonly realRoots = new Map<string, Promise<string>>();

  constructor(private readonly options: NodeFileSystemOptions = {}) {}

  private realRoot(root: string): Promise<string> {
    let real = this.realRoots.get(root);
    if (!real) {
      real = fsp.realpath(root).then(slashes, () => root);
      this.realRoots.set(root, real);
      void real.then(r => { if (r === root) this.realRoots.delete(root); }); // not there yet: ask again next time
    }
    return real;
  }

  private get limit(): number {
    return this.options.maxDataBytes?.() ?? DEFAULT_MAX_DATA_BYTES;
  }

  async readText(location: string): Promise<string | undefined> {
    if (roleOf(location) === 'temporary') throw refusal.temporary(location);
    await this.refuseLinkedArticle(location);
    if (!(await this.checkFolder(location))) return undefined;
    if (!NOFOLLOW) await this.refuseLink(location);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(location, fsc.O_RDONLY | NOFOLLOW | NONBLOCK);
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR' || code(e) === 'EISDIR') return undefined;
      if (code(e) === 'ELOOP' || code(e) === 'EMLINK') throw refusal.symlink(location);
      throw e;
    }
    try {
      const st = await handle.stat();
      if (st.isDirectory()) return undefined;
      if (!st.isFile()) throw refusal.notAFile(location);
      const data = isDataFile(location);
      if (data && st.size > this.limit) throw refusal.tooLarge(location, st.size, this.limit);
      const bytes = await handle.readFile();
      if (data && bytes.length > this.limit) throw refusal.tooLarge(location, bytes.length, this.limit); // grew meanwhile
      return decodeFile(location, bytes);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /**
   * Writes a temporary file in the same folder (so the rename stays on one file system), flushes
   * it to disk, then renames it over the target: readers and a crash see the old file or the new
   * one, never half of one. The target's permissions, BOM and line endings are kept. A crash
   * between creating and renaming leaves `<target>.<random>.claimlens-tmp` behind, which is never
   * read back (a planted one could not be told from ours); delete it.
   */
  async writeTextAtomic(location: string, text: string): Promise<void> {
    if (roleOf(location) === 'temporary') throw refusal.temporary(location);
    await this.refuseLinkedArticle(location);
    const dir = dirname(location);
    if (!(await this.checkFolder(location))) {
      if (!this.options.createFolders) throw Object.assign(new Error(`no such folder: ${dir}`), { code: 'ENOENT' });
      // A new folder (as workspace.fs.writeFile makes one): created below the nearest existing
      // folder, once that one is known to lie in the workspace.
      let existing = dirname(dir);
      while (!(await fsp.lstat(existing).then(() => true, () => false)) && dirname(existing) !== existing) existing = dirname(existing);
      await this.checkFolder(joinPath(existing, basename(dir)));
      await fsp.mkdir(dir, { recursive: true });
      if (!(await this.checkFolder(location))) throw Object.assign(new Error(`no such folder: ${dir}`), { code: 'ENOENT' });
    }
    let existing;
    try { existing = await fsp.lstat(location); } catch (e) { if (code(e) !== 'ENOENT') throw e; }
    if (existing?.isSymbolicLink()) throw refusal.symlink(location);
    if (existing && !existing.isFile()) throw refusal.notAFile(location);
    // A read-only file is someone's decision (a locked or vendored corpus): never replaced, by the
    // editor or the command line, though renaming over it would succeed.
    if (existing && (existing.mode & 0o200) === 0) throw readOnlyError(location);
    const style = existing && isDataFile(location) ? await this.styleOf(location) : DEFAULT_TEXT_STYLE;
    const bytes = Buffer.from(isDataFile(location) ? applyTextStyle(text, style) : text, 'utf8');
    const mode = existing ? existing.mode & 0o777 : 0o644;
    const temp = temporaryLocationFor(location, randomBytes(8).toString('hex'));
    const handle = await fsp.open(temp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | NOFOLLOW, mode);
    try {
      try {
        await handle.writeFile(bytes);
        await handle.chmod(mode).catch(() => undefined); // the umask may have narrowed it; on the handle, never through a link
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.rename(temp, location);
    } catch (e) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      throw e;
    }
    await syncFolder(dir);
  }

  /** Like stat, but a link is reported as itself (never followed): reading it is then refused. */
  async stat(location: string): Promise<FileStat | undefined> {
    try {
      const s = await fsp.lstat(location);
      return { size: s.size, mtime: s.mtimeMs, readonly: (s.mode & 0o200) === 0 };
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return undefined;
      throw e;
    }
  }

  async findFiles(root: string, suffix: string): Promise<string[]> {
    const out: string[] = [];
    let rootStat;
    try { rootStat = await fsp.stat(root); } catch (e) { if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return out; throw e; }
    if (!rootStat.isDirectory()) return basename(root).endsWith(suffix) ? [root] : out;
    const walk = async (dir: string): Promise<void> => {
      const entries = await fsp.readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const location = joinPath(dir, entry.name);
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(location);
        } else if (entry.name.endsWith(suffix) && roleOf(location) !== 'temporary' && (entry.isFile() || entry.isSymbolicLink())) {
          // Links are listed (never followed, and linked folders are not entered): reading one is
          // refused with a problem the user sees, rather than the file silently missing.
          out.push(location);
        }
      }
    };
    await walk(root.length > 1 ? root.replace(/\/+$/, '') : root);
    return out;
  }

  /** A sidecar whose article is a link is refused as a whole: its quotes would come from elsewhere. */
  private async refuseLinkedArticle(location: string): Promise<void> {
    const article = articleOfSidecar(location);
    if (article === undefined) return;
    const st = await fsp.lstat(article).catch(() => undefined);
    if (st?.isSymbolicLink()) throw refusal.symlink(location, `its article ${basename(article)}`);
  }

  private async refuseLink(location: string): Promise<void> {
    const st = await fsp.lstat(location).catch(() => undefined);
    if (st?.isSymbolicLink()) throw refusal.symlink(location);
  }

  /**
   * The parent folder, resolved through links, must lie in a workspace folder; or, for a codebook
   * found above one, be an ancestor of it reached without links. False when the folder is missing.
   */
  private async checkFolder(location: string): Promise<boolean> {
    const roots = this.options.roots?.();
    const dir = dirname(location);
    let real: string;
    try { real = slashes(await fsp.realpath(dir)); } catch (e) { if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return false; throw e; }
    if (roots === undefined) return true;
    for (const root of roots) {
      const realRoot = await this.realRoot(root);
      if (isInside(real, realRoot)) return true;
      if (isInside(root, dir) && isInside(realRoot, real)) return true;
    }
    throw refusal.outside(location);
  }

  /** The BOM and line endings of the file about to be replaced (read without following links). */
  private async styleOf(location: string): Promise<TextStyle> {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(location, fsc.O_RDONLY | NOFOLLOW | NONBLOCK);
      if (!(await handle.stat()).isFile()) return DEFAULT_TEXT_STYLE;
      const buffer = Buffer.alloc(STYLE_PROBE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return detectTextStyle(decodeUtf8(buffer.subarray(0, bytesRead), false).text!);
    } catch {
      return DEFAULT_TEXT_STYLE;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }
}

/** Makes a rename durable (POSIX); folders cannot be opened for syncing on Windows, which is fine. */
async function syncFolder(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
