// What an import produces before anything is written: articles with their annotations, and the
// rule for bringing them into a sidecar that already exists (merge by id, never overwrite silently).
import { Annotation, Claim, compareSpans, emptySidecar, isClaim, Mention, Rejection, Sidecar } from '../model';
import { newId } from '../ids';
import { serializeSidecar } from '../sidecarFormat';

/** One article read from an exchange format. */
export interface ImportedDocument {
  /** Where the article belongs, relative to the destination folder, `/`-separated (see safeRelativePath). */
  article: string;
  /** The article text, normalised as offsets count it (no BOM, LF). */
  text: string;
  sidecar: Sidecar;
  /** Where it came from (file, line), for messages. */
  origin: string;
  /** What the reader skipped or had to guess. */
  notes: string[];
}

/**
 * A relative path from an imported file, or undefined when it could lead elsewhere: absolute,
 * a drive, `..` or `.` segments, backslashes, empty segments or control characters.
 */
export function safeRelativePath(path: string): string | undefined {
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path) || /[\\\u0000-\u001f\u007f]/.test(path)) return undefined;
  const segments = path.split('/');
  return segments.every(s => s !== '' && s !== '.' && s !== '..') ? path : undefined;
}

/** Ids already used in a sidecar (mentions, claims and rejections share one id space). */
export function idsOf(s: Sidecar): Set<string> {
  return new Set([...s.mentions, ...s.claims, ...(s.rejections ?? [])].map(a => a.id));
}

/** A fresh id for an annotation read without one, unique in `taken` (which it joins). */
export function mintId(prefix: 'm' | 'c' | 'r', taken: Set<string>): string {
  const id = newId(prefix, taken);
  taken.add(id);
  return id;
}

/** Two annotations are the same when the canonical writer writes them alike. */
function written(a: Annotation | Rejection, kind: 'mention' | 'claim' | 'rejection'): string {
  const s = emptySidecar();
  if (kind === 'mention') s.mentions.push(a as Mention);
  else if (kind === 'claim') s.claims.push(a as Claim);
  else s.rejections = [a as Rejection];
  return serializeSidecar(s);
}

function kindOf(a: Annotation): 'mention' | 'claim' {
  return isClaim(a) ? 'claim' : 'mention';
}

/** Same place, same kind, same actor: an annotation imported again under a new id. */
function samePlace(a: Annotation, b: Annotation): boolean {
  if (a.start !== b.start || a.end !== b.end || kindOf(a) !== kindOf(b)) return false;
  return isClaim(a) ? a.claimant === (b as Claim).claimant : a.entity === (b as Mention).entity;
}

export type MergeResult =
  | { sidecar: Sidecar; added: number; replaced: number; unchanged: number; conflicts?: undefined }
  | { conflicts: string[] };

/**
 * Brings imported annotations into an existing sidecar by id: a new id is added, an identical one
 * left alone, one whose content differs is a conflict — unless `replace`, when the imported
 * version wins. An annotation without a matching id at exactly the place of an existing one with
 * the same actor is the same annotation imported again (its minted id is dropped). Existing
 * annotations the import lacks are kept, and so are article facts the sidecar already has.
 */
export function mergeImported(existing: Sidecar | undefined, imported: Sidecar, replace: boolean): MergeResult {
  if (!existing) {
    const count = imported.mentions.length + imported.claims.length + (imported.rejections?.length ?? 0);
    return { sidecar: imported, added: count, replaced: 0, unchanged: 0 };
  }
  const result: Sidecar = { ...existing, article: { ...imported.article, ...definedFacts(existing) },
    mentions: [...existing.mentions], claims: [...existing.claims], rejections: [...(existing.rejections ?? [])] };
  const conflicts: string[] = [];
  let added = 0, replaced = 0, unchanged = 0;
  const place = <T extends Annotation | Rejection>(list: T[], item: T, kind: 'mention' | 'claim' | 'rejection', otherIds: Set<string>) => {
    const at = list.findIndex(x => x.id === item.id);
    if (at < 0) {
      if (otherIds.has(item.id)) { conflicts.push(`${item.id} (an id used by another kind of annotation)`); return; }
      if (kind !== 'rejection' && list.some(x => samePlace(x as Annotation, item as Annotation))) { unchanged++; return; }
      list.push(item); added++; return;
    }
    if (written(list[at], kind) === written(item, kind)) { unchanged++; return; }
    if (!replace) { conflicts.push(item.id); return; }
    list[at] = item; replaced++;
  };
  const idsBut = (...lists: { id: string }[][]) => new Set(lists.flat().map(x => x.id));
  for (const m of imported.mentions) place(result.mentions, m, 'mention', idsBut(result.claims, result.rejections!));
  for (const c of imported.claims) place(result.claims, c, 'claim', idsBut(result.mentions, result.rejections!));
  for (const r of imported.rejections ?? []) place(result.rejections!, r, 'rejection', idsBut(result.mentions, result.claims));
  if (conflicts.length) return { conflicts };
  result.mentions.sort(compareSpans);
  result.claims.sort(compareSpans);
  if (result.rejections!.length === 0) delete result.rejections;
  return { sidecar: result, added, replaced, unchanged };
}

function definedFacts(s: Sidecar): Sidecar['article'] {
  return Object.fromEntries(Object.entries(s.article).filter(([, v]) => v !== undefined));
}
