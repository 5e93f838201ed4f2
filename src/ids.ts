// Every identifier the extension shares with package.json, in one typed place. A unit test checks
// the manifest against these lists, so a command or setting cannot exist in one and not the other.

export const CommandId = {
  annotateActor: 'claimlens.annotateActor',
  markClaim: 'claimlens.markClaim',
  removeAnnotation: 'claimlens.removeAnnotation',
  editClaim: 'claimlens.editClaim',
  nextAnnotation: 'claimlens.nextAnnotation',
  previousAnnotation: 'claimlens.previousAnnotation',
  undo: 'claimlens.undo',
  openSidecar: 'claimlens.openSidecar',
  toggleScope: 'claimlens.toggleScope',
  refresh: 'claimlens.refresh',
  focusTree: 'claimlens.focusTree',
  // tree and hover actions
  revealAnnotation: 'claimlens.revealAnnotation',
  revealInTree: 'claimlens.revealInTree',
  listMentions: 'claimlens.listMentions',
  renameEntity: 'claimlens.renameEntity',
  mergeEntity: 'claimlens.mergeEntity',
  deleteEntity: 'claimlens.deleteEntity',
  revealNextMention: 'claimlens.revealNextMention',
  copyId: 'claimlens.copyId',
  // needs review
  acceptAnchor: 'claimlens.acceptAnchor',
  reattachAnchor: 'claimlens.reattachAnchor',
  deleteAnnotation: 'claimlens.deleteAnnotation',
  // getting started
  openSampleArticle: 'claimlens.openSampleArticle',
  createCodebook: 'claimlens.createCodebook',
  // review
  compareWithHead: 'claimlens.compareWithHead',
  compareWithAnnotator: 'claimlens.compareWithAnnotator',
  // suggestions
  acceptSuggestion: 'claimlens.acceptSuggestion',
  rejectSuggestion: 'claimlens.rejectSuggestion',
  acceptAllSuggestions: 'claimlens.acceptAllSuggestions',
  acceptAllSuggestionsForEntity: 'claimlens.acceptAllSuggestionsForEntity',
  rejectAllSuggestions: 'claimlens.rejectAllSuggestions',
  nextSuggestion: 'claimlens.nextSuggestion',
  // analysis
  showNetwork: 'claimlens.showNetwork',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Commands that write sidecars or the codebook: in Restricted Mode they say so before asking anything. */
export const WRITING_COMMANDS: readonly CommandId[] = [CommandId.annotateActor, CommandId.markClaim, CommandId.removeAnnotation,
  CommandId.editClaim, CommandId.undo, CommandId.renameEntity, CommandId.mergeEntity, CommandId.deleteEntity,
  CommandId.acceptAnchor, CommandId.reattachAnchor, CommandId.deleteAnnotation, CommandId.openSampleArticle, CommandId.createCodebook];

/** Commands a hover card may run: the only ones its MarkdownString trusts. */
export const HOVER_COMMANDS: readonly CommandId[] = [CommandId.revealInTree, CommandId.listMentions];
/** The only commands a suggestion's hover links may run. */
export const SUGGESTION_HOVER_COMMANDS: readonly CommandId[] = [CommandId.acceptSuggestion, CommandId.rejectSuggestion];

export const ViewId = {
  container: 'claimlens',
  entities: 'claimlens.entities',
} as const;

export const ConfigKey = {
  highlightsEnabled: 'claimlens.highlights.enabled',
  highlightColors: 'claimlens.highlights.colors',
  saveDelay: 'claimlens.sidecar.saveDelay',
  maxSidecarSize: 'claimlens.sidecar.maxSizeMB',
  treeScope: 'claimlens.tree.scope',
  languages: 'claimlens.languages',
  suggestionsEnabled: 'claimlens.suggestions.enabled',
} as const;

export const ContextKey = {
  treeScope: 'claimlens.treeScope',
  isArticle: 'claimlens.isArticle',
  /** A codebook file exists at the root of the first workspace folder (the Entities view's welcome content). */
  hasCodebook: 'claimlens.hasCodebook',
} as const;

/** contextValue of tree items, used in `view/item/context` menus. */
export const ContextValue = {
  entity: 'entity',
  mention: 'mention',
  claim: 'claim',
  review: 'review',
  group: 'group',
  /** One codebook's articles, when the workspace has several codebooks. */
  corpus: 'corpus',
} as const;

/** Theme colours contributed for the default entity types and the stances. */
export const ColorId = {
  typeBackground: (type: string) => `claimlens.${type}Background`,
  stanceUnderline: (stance: string) => `claimlens.${stance}Underline`,
} as const;

export const DEFAULT_TYPES = ['person', 'country', 'organization', 'group'] as const;
export const DEFAULT_STANCES = ['support', 'oppose', 'neutral'] as const;
