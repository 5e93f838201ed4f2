// The FileSystem port over Node's `fs`, for the command line. Locations are absolute paths with
// `/` separators (Node accepts them on Windows too).
import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { FileStat, FileSystem, basename, dirname, joinPath } from '../store/fileSystem';

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Prefix of the temporary files written next to their target; never left behind on success. */
export const TEMP_PREFIX = '.claimlens-';

export class NodeFileSystem implements FileSystem {
  async readText(location: string): Promise<string | undefined> {
    try {
      return await fsp.readFile(location, 'utf8');
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR' || code(e) === 'EISDIR') return undefined;
      throw e;
    }
  }

  /**
   * Writes a temporary file in the same folder (so the rename stays on one file system), flushes
   * it to disk, then renames it over the target: readers and a crash see the old file or the new
   * one, never half of one. The target's permissions are kept.
   */
  async writeTextAtomic(location: string, text: string): Promise<void> {
    const dir = dirname(location);
    const temp = joinPath(dir, `${TEMP_PREFIX}${basename(location)}.${randomBytes(6).toString('hex')}.tmp`);
    let mode = 0o644;
    try { mode = (await fsp.stat(location)).mode & 0o7777; } catch (e) { if (code(e) !== 'ENOENT') throw e; }
    const handle = await fsp.open(temp, 'wx', mode);
    try {
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.chmod(temp, mode).catch(() => undefined); // the umask may have narrowed it
      await fsp.rename(temp, location);
    } catch (e) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      throw e;
    }
    await syncFolder(dir);
  }

  async stat(location: string): Promise<FileStat | undefined> {
    try {
      const s = await fsp.stat(location);
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
        } else if (entry.name.endsWith(suffix) && !entry.name.startsWith(TEMP_PREFIX)) {
          // Symbolic links count when they lead to a file; linked folders are not followed (no cycles).
          if (entry.isFile() || (entry.isSymbolicLink() && (await fsp.stat(location).catch(() => undefined))?.isFile())) out.push(location);
        }
      }
    };
    await walk(root.length > 1 ? root.replace(/\/+$/, '') : root);
    return out;
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

/** A command-line path as a location: absolute, `/`-separated, without `.` and `..` segments. */
export function toLocation(path: string, cwd: string): string {
  const p = path.replace(/\\/g, '/'), base = cwd.replace(/\\/g, '/');
  const absolute = p.startsWith('/') || /^[A-Za-z]:\//.test(p) ? p : `${base.replace(/\/+$/, '')}/${p}`;
  const drive = /^[A-Za-z]:/.exec(absolute)?.[0] ?? '';
  const parts: string[] = [];
  for (const seg of absolute.slice(drive.length).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return `${drive}/${parts.join('/')}`;
}

/** A location as shown to the user: relative to `cwd` when inside it. */
export function displayPath(location: string, cwd: string): string {
  const base = toLocation('.', cwd);
  if (location === base) return '.';
  const prefix = base.endsWith('/') ? base : base + '/';
  if (location.startsWith(prefix)) return location.slice(prefix.length);
  // Outside the current folder: climb with `..` when on the same drive, else absolute.
  const a = base.split('/').filter(Boolean), b = location.split('/').filter(Boolean);
  if (a[0]?.endsWith(':') !== b[0]?.endsWith(':') || (a[0]?.endsWith(':') && a[0].toLowerCase() !== b[0].toLowerCase())) return location;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}
