// Suggestions: actor mentions found through the codebook's names and aliases.
export { Gazetteer, caseSensitiveByDefault, isCaseSensitive } from './gazetteer';
export type { NameMatch } from './gazetteer';
export { suggestMentions } from './mentions';
export type { MentionSuggestion, Existing } from './mentions';
export { isPersonIn, jointActor, suggestClaims } from './claims';
export type { ClaimSuggestion } from './claims';
export { suggestNewActors } from './newActors';
export type { NewActorCandidate } from './newActors';
export { articleSuggestions, newSuggestionCaches, spansOf } from './article';
export type { ArticleSuggestions, Suggestion, SuggestionCaches } from './article';
export { suggestionActions, suggestionCard } from './hover';
export type { SuggestionCommands } from './hover';
