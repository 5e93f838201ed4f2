// Every suggestion for one article, as the editor and the command line show them: actor mentions
// from the gazetteer, claims from attribution cues (their claimant guessed from those mentions
// and the annotated ones), and new-actor candidates for capitalised names nobody annotated.
// What is annotated or was rejected is left out.
import { Codebook, Sidecar } from '../model';
import { CodePointIndex } from '../text';
import { ClaimCache, ClaimSuggestion, isPersonIn, jointActor, newClaimCache, suggestClaims } from './claims';
import { Gazetteer } from './gazetteer';
import { MentionCache, MentionSuggestion, newMentionCache, suggestMentions } from './mentions';
import { NewActorCache, NewActorCandidate, newNewActorCache, suggestNewActors } from './newActors';

export type Suggestion = MentionSuggestion | ClaimSuggestion | NewActorCandidate;

export interface ArticleSuggestions {
  mentions: MentionSuggestion[];
  claims: ClaimSuggestion[];
  newActors: NewActorCandidate[];
}

type SidecarPart = Pick<Sidecar, 'mentions' | 'claims' | 'rejections'>;

/** What an article's suggestions computed last time, so that an edit recomputes only what it touched; one per article, gazetteer and codebook. */
export interface SuggestionCaches { mentions: MentionCache; claims: ClaimCache; newActors: NewActorCache }
export const newSuggestionCaches = (): SuggestionCaches => ({ mentions: newMentionCache(), claims: newClaimCache(), newActors: newNewActorCache() });

export function articleSuggestions(gazetteer: Gazetteer, index: CodePointIndex, sidecar: SidecarPart, codebook: Codebook,
  caches?: SuggestionCaches): ArticleSuggestions {
  const mentions = suggestMentions(gazetteer, index, sidecar, caches?.mentions);
  const annotated = sidecar.mentions.filter(m => m.anchor !== 'orphan');
  // The actors claims are attributed to, by start: the suggestions themselves (already in order)
  // when nothing is annotated and each names one entity.
  const actors = annotated.length === 0 && mentions.every(m => m.entity !== undefined) ? mentions as readonly { start: number; end: number; entity: string }[]
    : [...annotated, ...mentions.map(m => ({ start: m.start, end: m.end, entity: m.entity ?? m.candidates![0] }))].sort((a, b) => a.start - b.start);
  const rejections = (sidecar.rejections ?? []).filter(r => r.anchor !== 'orphan');
  const rejectedClaims = rejections.filter(r => r.kind === 'claim');
  const { joint, isPerson } = codebookRules(codebook);
  const claims = suggestClaims(index, actors, sidecar.claims.filter(c => c.anchor !== 'orphan'), joint, isPerson, caches?.claims)
    .filter(c => !rejectedClaims.some(r => r.start === c.start && r.end === c.end && (r.entity === undefined || r.entity === c.claimant)));
  // A new actor is a name no mention (made or proposed) covers; rejecting one rejects each of its
  // occurrences as a mention of anything, so they stop counting.
  const rejectedAnywhere = rejections.filter(r => r.kind === 'mention' && r.entity === undefined);
  const newActors = suggestNewActors(index, rejectedAnywhere.length ? [...actors, ...rejectedAnywhere] : actors, caches?.newActors);
  return { mentions, claims, newActors };
}

/** Joint actors and people of a codebook, made once per codebook rather than once per run (a keystroke). */
const rules = new WeakMap<Codebook, { joint: (a: string, b: string) => string | undefined; isPerson: (entity: string) => boolean }>();
function codebookRules(codebook: Codebook) {
  let r = rules.get(codebook);
  if (!r) rules.set(codebook, r = { joint: jointActor(codebook.entities), isPerson: isPersonIn(codebook.entities) });
  return r;
}

/** Where a suggestion is drawn: one span, or every occurrence of a new actor. */
export function spansOf(s: Suggestion): { start: number; end: number }[] {
  return s.kind === 'new-actor' ? s.occurrences : [s];
}
