// An in-memory FileSystem port for unit tests, over absolute `/` paths (or URI strings).
import type { FileStat, FileSystem } from '../../src/store/fileSystem';

export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, string>();
  writes = 0;

  constructor(files: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(files)) this.files.set(k, v);
  }

  private isFolder(location: string): boolean {
    const prefix = location.endsWith('/') ? location : location + '/';
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  async readText(location: string): Promise<string | undefined> {
    return this.files.get(location);
  }

  async writeTextAtomic(location: string, text: string): Promise<void> {
    this.writes++;
    this.files.set(location, text);
  }

  async stat(location: string): Promise<FileStat | undefined> {
    const text = this.files.get(location);
    if (text !== undefined) return { size: text.length, mtime: 0 };
    return this.isFolder(location) ? { size: 0, mtime: 0 } : undefined;
  }

  async findFiles(root: string, suffix: string): Promise<string[]> {
    const prefix = root.endsWith('/') ? root : root + '/';
    return [...this.files.keys()].filter(k => k.startsWith(prefix) && k.endsWith(suffix)
      && !k.slice(prefix.length).split('/').slice(0, -1).some(seg => seg.startsWith('.') || seg === 'node_modules')).sort();
  }
}
