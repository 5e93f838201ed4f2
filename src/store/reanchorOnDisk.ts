// An article changed on disk while it is not open (git checkout, pull, another editor): its
// sidecar is re-anchored and rewritten right away, so the tree and Needs review are current.
// A sidecar with errors is left alone. Re-anchoring pauses between slices of work (the extension
// host stays responsive), and a sidecar changed meanwhile is not overwritten.
import { reanchorSidecarAsync } from '../core/anchorSidecar';
import { sidecarPathFor } from '../core/model';
import { hasErrors } from '../core/problems';
import { loadSidecar, saveSidecar } from '../core/sidecarFormat';
import { FileSystem } from './fileSystem';

/** Returns true when the sidecar was rewritten. */
export async function reanchorOnDisk(fs: FileSystem, article: string): Promise<boolean> {
  const sidecarLocation = sidecarPathFor(article);
  const [source, text] = await Promise.all([fs.readText(sidecarLocation), fs.readText(article)]);
  if (source === undefined || text === undefined) return false;
  const loaded = loadSidecar(source);
  if (!loaded.sidecar || hasErrors(loaded.problems)) return false;
  const result = await reanchorSidecarAsync(loaded.sidecar, text);
  if (!result.changed) return false;
  const next = saveSidecar(result.sidecar, loaded);
  if (next === source || await fs.readText(sidecarLocation) !== source) return false;
  await fs.writeTextAtomic(sidecarLocation, next);
  return true;
}
