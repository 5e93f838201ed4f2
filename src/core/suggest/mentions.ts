// Actor-mention suggestions for one article: the gazetteer's matches, in the sidecar's offsets
// (code points), minus what is already annotated and what the annotator rejected.
import { Mention, Rejection } from '../model';
import { CodePointIndex } from '../text';
import { PieceCache } from './chunkCache';
import { Gazetteer, NameMatch } from './gazetteer';
import { overlapsInOrder } from './spans';
import { applySurroundings } from './surroundings';
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

/** A cache for suggestMentions, one per article and gazetteer: the matches per paragraph. */
export type MentionCache = PieceCache<NameMatch[]>;
export const newMentionCache = (): MentionCache => new PieceCache<NameMatch[]>(true);

/**
 * Suggestions for `index` (the normalised article text). A match that overlaps an existing mention
 * is left out; a rejection at the same span removes the entity it names (or all of them).
 * @param cache paragraphs searched before with this gazetteer: only the paragraphs an edit touched are searched again
 */
export function suggestMentions(gazetteer: Gazetteer, index: CodePointIndex, existing: Existing, cache?: MentionCache): MentionSuggestion[] {
  // Both lists are in code points; matches in UTF-16. Matches come in order, so with the mentions
  // sorted once the overlap test is one walk.
  const overlapsTaken = overlapsInOrder([...existing.mentions].sort((a, b) => a.start - b.start));
  const rejected = new Map<string, (string | undefined)[]>();
  for (const r of existing.rejections ?? []) {
    if (r.kind !== 'mention' || r.anchor === 'orphan') continue;
    const key = `${r.start}:${r.end}`;
    (rejected.get(key) ?? rejected.set(key, []).get(key)!).push(r.entity);
  }
  const out: MentionSuggestion[] = [];
  const add = (m: NameMatch, shift: number) => {
    const start = index.toCodePoint(m.start + shift), end = index.toCodePoint(m.end + shift);
    if (overlapsTaken(start, end)) return;
    let entities = m.entities;
    const rejections = rejected.size ? rejected.get(`${start}:${end}`) : undefined;
    if (rejections) {
      if (rejections.includes(undefined)) return;
      entities = entities.filter(e => !rejections.includes(e));
      if (entities.length === 0) return;
    }
    const text = index.text.slice(m.start + shift, m.end + shift);
    out.push(entities.length === 1 ? { kind: 'mention', start, end, text, entity: entities[0] }
      : { kind: 'mention', start, end, text, candidates: entities });
  };
  const matchesIn = (part: string) => applySurroundings(gazetteer, part, applyTitleConventions(gazetteer, part, gazetteer.find(part)));
  if (!cache) for (const m of matchesIn(index.text)) add(m, 0);
  else {
    // The matches paragraph by paragraph, each searched once while its text stays as it is.
    const text = index.text;
    for (const piece of cache.pieces(text)) for (const m of piece.value ??= matchesIn(text.slice(piece.start, piece.end))) add(m, piece.start);
  }
  return out;
}
