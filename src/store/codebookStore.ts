// The workspace's codebook, loaded from `claimlens.codebook.yaml` (or the embedded default when
// there is none). A codebook with errors is shown as problems and never overwritten.
import { DEFAULT_CODEBOOK, LoadedCodebook, loadCodebook, saveCodebook } from '../core/codebook';
import { Codebook } from '../core/model';
import { hasErrors, Problem } from '../core/problems';
import { Emitter } from './events';
import { FileSystem } from './fileSystem';

export class CodebookStore {
  private current: Codebook = DEFAULT_CODEBOOK;
  private loaded?: LoadedCodebook;
  private lastWritten?: string;
  problems: Problem[] = [];
  private readonly changed = new Emitter<Codebook>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly fs: FileSystem, readonly location: string | undefined) {}

  get codebook(): Codebook {
    return this.current;
  }

  /** True while the file has errors: edits are refused so nothing hand-written is lost. */
  get blocked(): boolean {
    return hasErrors(this.problems);
  }

  async load(): Promise<void> {
    const text = this.location ? await this.fs.readText(this.location) : undefined;
    if (text !== undefined && text === this.lastWritten) return; // our own write coming back through the watcher
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

  /** Applies a pure codebook operation and writes the file (created when missing). */
  async update(change: (cb: Codebook) => Codebook): Promise<Codebook> {
    if (this.blocked) throw new Error(`the codebook has errors (${this.problems[0].message} at line ${this.problems[0].line}); fix them first`);
    if (!this.location) throw new Error('open a folder to keep a codebook');
    const next = change(this.current);
    if (next === this.current) return next;
    const text = saveCodebook(next, this.loaded);
    await this.fs.writeTextAtomic(this.location, text);
    this.lastWritten = text;
    this.loaded = loadCodebook(text);
    this.current = next;
    this.changed.fire(next);
    return next;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
