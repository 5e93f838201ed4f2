// The workspace's codebook, loaded from `claimlens.codebook.yaml` (or the embedded default when
// there is none). A codebook with errors is shown as problems and never overwritten.
//
// Updates and reloads run one at a time, in order, and every update first re-reads the file: two
// changes in flight (two aliases added at once) both land, and a change made on disk by another
// program is never overwritten by an older copy held in memory.
import { DEFAULT_CODEBOOK, LoadedCodebook, loadCodebook, saveCodebook } from '../core/codebook';
import { Codebook } from '../core/model';
import { hasErrors, Problem } from '../core/problems';
import { Emitter } from './events';
import { FileStat, FileSystem, isFileRefused, readOnlyError, sameFileStat, statAfterWrite } from './fileSystem';

export class CodebookStore {
  private current: Codebook = DEFAULT_CODEBOOK;
  private loaded?: LoadedCodebook;
  /** The file as this store last read or wrote it: its text and its size and modification time. */
  private lastSeen?: { text: string; stat?: FileStat };
  /** Updates and reloads, one after another. */
  private queue: Promise<unknown> = Promise.resolve();
  problems: Problem[] = [];
  private readonly changed = new Emitter<Codebook>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly fs: FileSystem, readonly location: string | undefined) {}

  get codebook(): Codebook {
    return this.current;
  }

  /** The file's text as last read or written (undefined when there is no file). */
  get text(): string | undefined {
    return this.lastSeen?.text;
  }

  /** True while the file has errors: edits are refused so nothing hand-written is lost. */
  get blocked(): boolean {
    return hasErrors(this.problems);
  }

  /** Runs `task` with the codebook to itself: updates and reloads wait until it has finished. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.then(() => undefined, () => undefined);
    return result;
  }

  load(): Promise<void> {
    return this.exclusive(() => this.reloadIfChanged());
  }

  /** Reads the file and takes it in unless it is exactly as last read or written. Only under `exclusive`. */
  async reloadIfChanged(): Promise<void> {
    const stat = this.location ? await this.fs.stat(this.location) : undefined;
    let text: string | undefined;
    try {
      text = this.location ? await this.fs.readText(this.location) : undefined;
    } catch (e) {
      // A linked, oversized or non-UTF-8 codebook is shown as its problem and never written.
      if (!isFileRefused(e)) throw e;
      this.loaded = undefined; this.lastSeen = undefined; this.problems = [e.toProblem()]; this.current = DEFAULT_CODEBOOK;
      this.changed.fire(this.current);
      return;
    }
    if (this.isOwnWriteEcho(text, stat)) return;
    this.lastSeen = text === undefined ? undefined : { text, stat };
    if (text === undefined) {
      this.loaded = undefined; this.problems = []; this.current = DEFAULT_CODEBOOK;
    } else {
      const loaded = loadCodebook(text);
      this.problems = loaded.problems.map(p => ({ ...p, file: this.location }));
      if (loaded.codebook && !hasErrors(loaded.problems)) { this.loaded = loaded; this.current = loaded.codebook; }
      else if (loaded.codebook) this.current = loaded.codebook; // show what can be read, but never write it back
    }
    this.changed.fire(this.current);
  }

  /**
   * Echo detection: the file is exactly the one last read or written here (same text, size and
   * modification time). An older text put back by another program is a change.
   */
  private isOwnWriteEcho(text: string | undefined, stat: FileStat | undefined): boolean {
    return text !== undefined && this.lastSeen !== undefined && text === this.lastSeen.text && sameFileStat(stat, this.lastSeen.stat);
  }

  /** Applies a pure codebook operation to the codebook as it is on disk now, and writes the file (created when missing). */
  update(change: (cb: Codebook) => Codebook): Promise<Codebook> {
    return this.exclusive(async () => {
      await this.reloadIfChanged();
      this.checkWritable();
      const next = change(this.current);
      if (next === this.current) return next;
      const text = this.stageText(next);
      await this.writeText(text);
      this.adopt(next, text);
      return next;
    });
  }

  /** Throws when the codebook cannot be written (no folder, or the file has errors). */
  checkWritable(): void {
    if (this.blocked) throw new Error(`the codebook has errors (${this.problems[0].message} at line ${this.problems[0].line}); fix them first`);
    if (!this.location) throw new Error('open a folder to keep a codebook');
  }

  /** The text the file would have for `next`, without changing anything (a hand-written file is updated in place). */
  stageText(next: Codebook): string {
    const loaded = this.loaded && { ...this.loaded, document: this.loaded.document?.clone() };
    return saveCodebook(next, loaded);
  }

  /** Writes the file (a new text, or the previous one back) and remembers it as our own write. Only under `exclusive`. */
  async writeText(text: string): Promise<void> {
    if (!this.location) throw new Error('open a folder to keep a codebook');
    if ((await this.fs.stat(this.location))?.readonly) throw readOnlyError(this.location);
    await this.fs.writeTextAtomic(this.location, text);
    this.lastSeen = { text, stat: await statAfterWrite(this.fs, this.location, text) };
  }

  /** The codebook in memory becomes `next`, whose file is `text` (written). Only under `exclusive`. */
  adopt(next: Codebook, text: string): void {
    this.loaded = loadCodebook(text);
    this.current = next;
    this.changed.fire(next);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
