// Every annotated article of the workspace, for the tree, hover counts, references and symbols.
// Sidecars on disk are read once and refreshed by the file watcher; open articles are read live
// from the AnnotationStore, so unsaved work shows everywhere at once.
import { articlePathFor, Claim, Mention, Sidecar, SIDECAR_SUFFIX } from '../core/model';
import { hasErrors, Problem } from '../core/problems';
import { loadSidecar } from '../core/sidecarFormat';
import { AnnotationStore } from './annotationStore';
import { Emitter } from './events';
import { FileSystem } from './fileSystem';

export interface CorpusArticle {
  article: string;
  sidecarLocation: string;
  sidecar: Sidecar;
  /** Problems found when the sidecar was read from disk (open articles: see the store). */
  problems: Problem[];
}

export interface LocatedMention { article: string; mention: Mention }
export interface LocatedClaim { article: string; claim: Claim }

export class CorpusView {
  private readonly onDisk = new Map<string, CorpusArticle>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly fs: FileSystem, private readonly store: AnnotationStore, private readonly roots: () => readonly string[]) {}

  async scan(): Promise<void> {
    this.onDisk.clear();
    const found = (await Promise.all(this.roots().map(r => this.fs.findFiles(r, SIDECAR_SUFFIX)))).flat();
    await Promise.all(found.map(l => this.read(l)));
    this.changed.fire();
  }

  /** A sidecar changed, appeared or disappeared on disk. */
  async refresh(sidecarLocation: string): Promise<void> {
    if (!(await this.read(sidecarLocation))) this.onDisk.delete(sidecarLocation);
    this.changed.fire();
  }

  private async read(sidecarLocation: string): Promise<boolean> {
    const article = articlePathFor(sidecarLocation);
    if (!article) return false;
    const text = await this.fs.readText(sidecarLocation);
    if (text === undefined) return false;
    const loaded = loadSidecar(text);
    this.onDisk.set(sidecarLocation, { article, sidecarLocation, sidecar: loaded.sidecar ?? { version: 1, article: {}, mentions: [], claims: [] },
      problems: loaded.problems.map(p => ({ ...p, file: sidecarLocation })) });
    return !hasErrors(loaded.problems) || !!loaded.sidecar;
  }

  /** Fires the change event (e.g. after the store changed an open article). */
  notify(): void {
    this.changed.fire();
  }

  articles(): CorpusArticle[] {
    const result = new Map<string, CorpusArticle>();
    for (const a of this.onDisk.values()) result.set(a.article, a);
    for (const s of this.store.all()) {
      if (s.sidecar.mentions.length || s.sidecar.claims.length || result.has(s.location))
        result.set(s.location, { article: s.location, sidecarLocation: s.sidecarLocation, sidecar: s.sidecar, problems: s.problems });
    }
    return [...result.values()].sort((a, b) => (a.article < b.article ? -1 : a.article > b.article ? 1 : 0));
  }

  mentionsOf(entityId: string): LocatedMention[] {
    return this.articles().flatMap(a => a.sidecar.mentions.filter(m => m.entity === entityId).map(mention => ({ article: a.article, mention })));
  }

  claimsBy(entityId: string): LocatedClaim[] {
    return this.articles().flatMap(a => a.sidecar.claims.filter(c => c.claimant === entityId).map(claim => ({ article: a.article, claim })));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
