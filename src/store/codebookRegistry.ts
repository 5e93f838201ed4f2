// Which codebook governs an article: the nearest `claimlens.codebook.yaml` in its folder or a
// folder above it, up to the root of its workspace folder — as on the command line. Multi-root
// workspaces and nested corpora each get their own. One CodebookStore per codebook file, loaded
// once and reloaded when the file changes.
import { DEFAULT_CODEBOOK } from '../core/codebook';
import { Codebook } from '../core/model';
import { CodebookStore } from './codebookStore';
import { findCodebook } from './corpus';
import { Emitter } from './events';
import { dirname, FileSystem } from './fileSystem';

export class CodebookRegistry {
  /** Stores by codebook file location. */
  private readonly stores = new Map<string, CodebookStore>();
  /** Codebook file governing each folder looked up so far (undefined: none, the default applies). */
  private readonly byFolder = new Map<string, Promise<string | undefined>>();
  /** Settled lookups, for synchronous answers. */
  private readonly resolved = new Map<string, string | undefined>();
  private readonly changed = new Emitter<void>();
  /** Fires when an article's codebook changed: a file was edited, created or deleted, or a lookup finished. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: { dispose(): void }[] = [];

  /**
   * @param roots the workspace folders (lookups stop at the one holding the article)
   * @param primary the store of the first workspace folder's codebook, shared with the rest of the editor
   */
  constructor(private readonly fs: FileSystem, private readonly roots: () => readonly string[], readonly primary: CodebookStore) {
    if (primary.location) this.adoptStore(primary.location, primary);
  }

  /** The codebook of an article, at once: the one found for its folder, else the primary one while the lookup runs. */
  codebookOf(article: string): Codebook {
    const folder = dirname(article);
    if (!this.byFolder.has(folder)) void this.lookUp(folder);
    if (!this.resolved.has(folder)) return this.primary.codebook;
    const location = this.resolved.get(folder);
    return (location !== undefined && this.stores.get(location)?.codebook) || DEFAULT_CODEBOOK;
  }

  /** The store of an article's codebook if it is known yet (starts the lookup otherwise). */
  storeOf(article: string): CodebookStore | undefined {
    const folder = dirname(article);
    if (!this.byFolder.has(folder)) void this.lookUp(folder);
    if (!this.resolved.has(folder)) return undefined;
    const location = this.resolved.get(folder);
    return location === undefined ? undefined : this.stores.get(location);
  }

  /** Finds (once per folder) and loads (once per file) the codebook governing an article. */
  async resolve(article: string): Promise<CodebookStore | undefined> {
    const location = await this.lookUp(dirname(article));
    return location === undefined ? undefined : this.stores.get(location);
  }

  private lookUp(folder: string): Promise<string | undefined> {
    let lookup = this.byFolder.get(folder);
    if (!lookup) {
      lookup = findCodebook(this.fs, folder, { stopAt: this.rootOf(folder) }).then(async location => {
        if (location !== undefined && !this.stores.has(location)) {
          const store = new CodebookStore(this.fs, location);
          this.adoptStore(location, store);
          await store.load();
        }
        const before = this.resolved.get(folder);
        const known = this.resolved.has(folder);
        this.resolved.set(folder, location);
        if (known ? before !== location : !this.asThePrimary(location)) this.changed.fire();
        return location;
      });
      this.byFolder.set(folder, lookup);
    }
    return lookup;
  }

  /**
   * Whether a folder governed by `location` reads as it did before its first answer, when it was
   * given the primary codebook: that file, or no file while the primary one does not exist either
   * (both are the default codebook then). A workspace without a codebook has nothing to tell.
   */
  private asThePrimary(location: string | undefined): boolean {
    if (location === this.primary.location) return true;
    return location === undefined && this.primary.text === undefined && this.primary.problems.length === 0;
  }

  /** A codebook file was created, changed or deleted. */
  async fileChanged(location: string, existence: boolean): Promise<void> {
    if (existence) {
      // Which file governs which folder may have changed: look again (the old answers stand meanwhile).
      await this.lookAgain();
    }
    const store = this.stores.get(location);
    if (store) await store.load();
    this.changed.fire();
  }

  /**
   * A folder was deleted. Deleting a folder reports nothing for the files in it, so codebooks
   * under it are read again (gone, they govern nothing) and every folder looks again.
   */
  async folderDeleted(folder: string): Promise<void> {
    const prefix = folder.endsWith('/') ? folder : folder + '/';
    const gone = [...this.stores.keys()].filter(location => location.startsWith(prefix));
    if (!gone.length) return;
    for (const location of gone) await this.stores.get(location)!.load();
    await this.lookAgain();
    this.changed.fire();
  }

  /** Every folder looked up so far looks for its codebook again. */
  private async lookAgain(): Promise<void> {
    const folders = [...this.resolved.keys()];
    this.byFolder.clear();
    await Promise.all(folders.map(f => this.lookUp(f)));
  }

  /** Every codebook in use. */
  all(): CodebookStore[] {
    const inUse = new Set([...this.resolved.values()]);
    return [...this.stores].filter(([location, store]) => store === this.primary || inUse.has(location)).map(([, store]) => store);
  }

  private adoptStore(location: string, store: CodebookStore): void {
    this.stores.set(location, store);
    if (store !== this.primary) this.subscriptions.push(store.onDidChange(() => this.changed.fire()));
  }

  /** The workspace folder holding a folder (the deepest, for nested workspace folders). */
  private rootOf(folder: string): string | undefined {
    let best: string | undefined;
    for (const root of this.roots()) {
      const prefix = root.endsWith('/') ? root : root + '/';
      if ((folder === root || folder.startsWith(prefix)) && (!best || root.length > best.length)) best = root;
    }
    return best;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const store of this.stores.values()) if (store !== this.primary) store.dispose();
    this.changed.dispose();
  }
}
