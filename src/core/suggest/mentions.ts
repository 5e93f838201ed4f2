// Actor-mention suggestions for one article: the gazetteer's matches, in the sidecar's offsets
// (code points), minus what is already annotated and what the annotator rejected.
import { Mention, Rejection } from '../model';
import { CodePointIndex } from '../text';
import { ChunkCache, chunksOf } from './chunkCache';
import { Gazetteer, NameMatch } from './gazetteer';
import { applyTitleConventions } from './titles';

export interface MentionSuggestion {
  kind: 'mention';
  /** Code-point offsets in the normalised article text, as in the sidecar. */
  start: number;
  end: number;
  text: string;
  /** The entity, when the name belongs to one only. */
  entity?: string;
  /** The entities sharing the name, when it is ambiguous (the annotator chooses). */
  candidates?: string[];
}

export interface Existing {
  mentions: readonly Pick<Mention, 'start' | 'end'>[];
  rejections?: readonly Pick<Rejection, 'start' | 'end' | 'kind' | 'entity' | 'anchor'>[];
}

/**
 * Suggestions for `index` (the normalised article text). A match that overlaps an existing mention
 * is left out; a rejection at the same span removes the entity it names (or all of them).
 */
/** A cache for suggestMentions, one per article and gazetteer: the matches per paragraph. */
export type MentionCache = ChunkCache<NameMatch[]>;
export const newMentionCache = (): MentionCache => new ChunkCache<NameMatch[]>();

/** The gazetteer's matches, paragraph by paragraph from the cache: only changed paragraphs are searched. */
function cachedMatches(gazetteer: Gazetteer, text: string, cache: MentionCache): NameMatch[] {
  const out: NameMatch[] = [];
  for (const chunk of chunksOf(text, true)) {
    const part = text.slice(chunk.start, chunk.end);
    for (const m of cache.get(part, () => applyTitleConventions(gazetteer, part, gazetteer.find(part)))) out.push({ ...m, start: m.start + chunk.start, end: m.end + chunk.start });
  }
  cache.endRun();
  return out;
}

/** @param cache paragraphs searched before with this gazetteer */
export function suggestMentions(gazetteer: Gazetteer, index: CodePointIndex, existing: Existing, cache?: MentionCache): MentionSuggestion[] {
  const matches = cache ? cachedMatches(gazetteer, index.text, cache) : applyTitleConventions(gazetteer, index.text, gazetteer.find(index.text));
  // Both lists are in code points; matches in UTF-16. Sorting the mentions once makes the overlap
  // test a merge.
  const taken = existing.mentions.map(m => [m.start, m.end] as const).sort((a, b) => a[0] - b[0]);
  const rejected = new Map<string, (string | undefined)[]>();
  for (const r of existing.rejections ?? []) {
    if (r.kind !== 'mention' || r.anchor === 'orphan') continue;
    const key = `${r.start}:${r.end}`;
    (rejected.get(key) ?? rejected.set(key, []).get(key)!).push(r.entity);
  }
  const out: MentionSuggestion[] = [];
  let t = 0, reach = -1;
  for (const m of matches) {
    const start = index.toCodePoint(m.start), end = index.toCodePoint(m.end);
    while (t < taken.length && taken[t][0] < end) { reach = Math.max(reach, taken[t][1]); t++; }
    // Every mention starting before `end` has been seen; one of them overlaps when it ends after `start`.
    if (reach > start) continue;
    let entities = m.entities;
    const rejections = rejected.get(`${start}:${end}`);
    if (rejections) {
      if (rejections.includes(undefined)) continue;
      entities = entities.filter(e => !rejections.includes(e));
      if (entities.length === 0) continue;
    }
    const text = index.text.slice(m.start, m.end);
    out.push(entities.length === 1 ? { kind: 'mention', start, end, text, entity: entities[0] }
      : { kind: 'mention', start, end, text, candidates: entities });
  }
  return out;
}
