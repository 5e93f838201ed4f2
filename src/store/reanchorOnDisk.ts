// An article changed on disk while it is not open (git checkout, pull, another editor): its
// sidecar is re-anchored and rewritten, so the tree and Needs review are current — but only when
// that moves or flags an annotation. A sidecar whose hash matches the article (git wrote both) is
// left as it is, and so is one with errors or one that changed while it was being re-anchored.
// Re-anchoring pauses between slices of work, so the extension host stays responsive.
import { reanchorSidecarAsync } from '../core/anchorSidecar';
import { sidecarPathFor } from '../core/model';
import { hasErrors } from '../core/problems';
import { loadSidecar, sameAnnotations, saveSidecar } from '../core/sidecarFormat';
import { normalizeNewlines } from '../core/text';
import { FileSystem } from './fileSystem';

/** Git may still be writing: a sidecar is not re-anchored while it or its article changed this recently (ms). */
export const DISK_QUIET_MS = 1500;

/**
 * Returns true when the sidecar was rewritten, false when there was nothing to do, and 'later'
 * when the files changed too recently (call again after DISK_QUIET_MS).
 */
export async function reanchorOnDisk(fs: FileSystem, article: string, now = Date.now()): Promise<boolean | 'later'> {
  const sidecarLocation = sidecarPathFor(article);
  const stats = await Promise.all([fs.stat(article), fs.stat(sidecarLocation)]);
  if (stats.some(s => s !== undefined && now - s.mtime < DISK_QUIET_MS)) return 'later';
  // A sidecar written after its article was not made stale by it: git wrote the sidecar first and
  // the article is still to come (or someone edits the sidecar by hand). Nothing to re-anchor.
  if (stats[0] && stats[1] && stats[1].mtime >= stats[0].mtime) return false;
  const [source, text] = await Promise.all([fs.readText(sidecarLocation), fs.readText(article)]);
  if (source === undefined || text === undefined) return false;
  const loaded = loadSidecar(normalizeNewlines(source));
  if (!loaded.sidecar || hasErrors(loaded.problems)) return false;
  const result = await reanchorSidecarAsync(loaded.sidecar, text);
  if (!result.changed || sameAnnotations(result.sidecar, loaded.sidecar)) return false;
  const written = saveSidecar(result.sidecar, loaded);
  const next = /\r\n/.test(source) ? written.replace(/\n/g, '\r\n') : written; // a CRLF checkout keeps its line endings
  if (next === source) return false;
  // Git may write the sidecar right after the article: never write over what it brought.
  if ((await fs.readText(sidecarLocation)) !== source || (await fs.readText(article)) !== text) return false;
  await fs.writeTextAtomic(sidecarLocation, next);
  return true;
}
