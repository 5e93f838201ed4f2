// Every suggestion for one article, as the editor and the command line show them: actor mentions
// from the gazetteer, claims from attribution cues (their claimant guessed from those mentions
// and the annotated ones), and new-actor candidates for capitalised names nobody annotated.
// What is annotated or was rejected is left out.
import { Codebook, Sidecar } from '../model';
import { CodePointIndex } from '../text';
import { isPersonIn, jointActor, suggestClaims, ClaimSuggestion } from './claims';
import { Gazetteer } from './gazetteer';
import { MentionSuggestion, suggestMentions } from './mentions';
import { NewActorCandidate, suggestNewActors } from './newActors';

export type Suggestion = MentionSuggestion | ClaimSuggestion | NewActorCandidate;

export interface ArticleSuggestions {
  mentions: MentionSuggestion[];
  claims: ClaimSuggestion[];
  newActors: NewActorCandidate[];
}

type SidecarPart = Pick<Sidecar, 'mentions' | 'claims' | 'rejections'>;

export function articleSuggestions(gazetteer: Gazetteer, index: CodePointIndex, sidecar: SidecarPart, codebook: Codebook): ArticleSuggestions {
  const mentions = suggestMentions(gazetteer, index, sidecar);
  const annotated = sidecar.mentions.filter(m => m.anchor !== 'orphan');
  const actors = [...annotated, ...mentions.map(m => ({ start: m.start, end: m.end, entity: m.entity ?? m.candidates![0] }))]
    .sort((a, b) => a.start - b.start);
  const rejections = (sidecar.rejections ?? []).filter(r => r.anchor !== 'orphan');
  const rejectedClaims = rejections.filter(r => r.kind === 'claim');
  const claims = suggestClaims(index, actors, sidecar.claims.filter(c => c.anchor !== 'orphan'), jointActor(codebook.entities), isPersonIn(codebook.entities))
    .filter(c => !rejectedClaims.some(r => r.start === c.start && r.end === c.end && (r.entity === undefined || r.entity === c.claimant)));
  // A new actor is a name no mention (made or proposed) covers; rejecting one rejects each of its
  // occurrences as a mention of anything, so they stop counting.
  const rejectedAnywhere = rejections.filter(r => r.kind === 'mention' && r.entity === undefined);
  const newActors = suggestNewActors(index, [...actors, ...rejectedAnywhere]);
  return { mentions, claims, newActors };
}

/** Where a suggestion is drawn: one span, or every occurrence of a new actor. */
export function spansOf(s: Suggestion): { start: number; end: number }[] {
  return s.kind === 'new-actor' ? s.occurrences : [s];
}
