// A FileSystem port that fails chosen writes, for fault-injection tests: it numbers every write it
// is asked to make (1, 2, …) and throws, without touching the file, for the numbers in `failing`
// — as a read-only file or a full disk would. `afterWrite` lets a test act while a write has
// landed but has not returned yet.
import type { FileStat, FileSystem } from '../../src/store/fileSystem';
import { MemoryFileSystem } from './memoryFileSystem';

export class FaultyFileSystem implements FileSystem {
  /** Writes asked for so far (failed ones included). */
  attempts = 0;
  /** Numbers of the writes that fail. */
  failing = new Set<number>();
  /** Every write that failed: its number and location. */
  readonly failures: { n: number; location: string }[] = [];
  afterWrite?: (n: number, location: string) => Promise<void> | void;

  constructor(readonly inner: MemoryFileSystem = new MemoryFileSystem()) {}

  get files() {
    return this.inner.files;
  }

  readText(location: string): Promise<string | undefined> {
    return this.inner.readText(location);
  }

  async writeTextAtomic(location: string, text: string): Promise<void> {
    const n = ++this.attempts;
    if (this.failing.has(n)) {
      this.failures.push({ n, location });
      throw new Error(`EACCES: permission denied, open '${location}' (write #${n})`);
    }
    await this.inner.writeTextAtomic(location, text);
    await this.afterWrite?.(n, location);
  }

  stat(location: string): Promise<FileStat | undefined> {
    return this.inner.stat(location);
  }

  findFiles(root: string, suffix: string): Promise<string[]> {
    return this.inner.findFiles(root, suffix);
  }
}
