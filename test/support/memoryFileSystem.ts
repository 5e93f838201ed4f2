// An in-memory FileSystem port for unit tests, over absolute `/` paths (or URI strings). It counts
// reads and records writes, and every write moves the file's modification time on.
import type { FileStat, FileSystem } from '../../src/store/fileSystem';

/** File texts whose modification time moves on with every write. */
export class Files extends Map<string, string> {
  private clock = 0;
  readonly mtimes = new Map<string, number>();
  override set(location: string, text: string): this {
    this.mtimes?.set(location, ++this.clock); // undefined while the base constructor runs
    return super.set(location, text);
  }
}

export class MemoryFileSystem implements FileSystem {
  readonly files = new Files();
  reads = 0;
  /** Locations written, in order. */
  readonly written: string[] = [];
  /** Files without write permission: their stat says `readonly`. */
  readonly readonlyFiles = new Set<string>();
  /** Runs before each write: lets a test change things while an operation is writing. */
  beforeWrite?: (location: string) => void;

  constructor(files: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(files)) this.files.set(k, v);
  }

  get writes(): number {
    return this.written.length;
  }

  private isFolder(location: string): boolean {
    const prefix = location.endsWith('/') ? location : location + '/';
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  async readText(location: string): Promise<string | undefined> {
    this.reads++;
    return this.files.get(location);
  }

  async writeTextAtomic(location: string, text: string): Promise<void> {
    this.beforeWrite?.(location);
    this.written.push(location);
    this.files.set(location, text);
  }

  async stat(location: string): Promise<FileStat | undefined> {
    const text = this.files.get(location);
    if (text !== undefined) return { size: text.length, mtime: this.files.mtimes.get(location) ?? 0, ...(this.readonlyFiles.has(location) ? { readonly: true } : {}) };
    return this.isFolder(location) ? { size: 0, mtime: 0 } : undefined;
  }

  async findFiles(root: string, suffix: string): Promise<string[]> {
    const prefix = root.endsWith('/') ? root : root + '/';
    return [...this.files.keys()].filter(k => k.startsWith(prefix) && k.endsWith(suffix)
      && !k.slice(prefix.length).split('/').slice(0, -1).some(seg => seg.startsWith('.') || seg === 'node_modules')).sort();
  }
}
