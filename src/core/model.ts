// The annotation model: plain data, no editor types. Offsets count Unicode code points of the
// article text after CRLF -> LF normalisation (see text.ts), so every platform agrees on them.

/** How an annotation was last placed on the article text. */
export type AnchorState = 'exact' | 'shifted' | 'fuzzy' | 'orphan';

export const ANCHOR_STATES: readonly AnchorState[] = ['exact', 'shifted', 'fuzzy', 'orphan'];

/** The form in which the article attributes a claim to its claimant. */
export type ClaimForm = 'direct-quote' | 'reported-speech' | 'paraphrase' | 'inference';

export const CLAIM_FORMS: readonly ClaimForm[] = ['direct-quote', 'reported-speech', 'paraphrase', 'inference'];

/**
 * Where an annotation sits: a code-point span plus a quote selector (exact text and short
 * context either side, after the W3C TextQuoteSelector) used to find it again after edits.
 */
export interface Span {
  start: number;
  end: number;
  /** The exact text of the span when it was last anchored. */
  text: string;
  /** Up to CONTEXT_LENGTH code points before the span. */
  before: string;
  /** Up to CONTEXT_LENGTH code points after the span. */
  after: string;
  anchor: AnchorState;
  /** Similarity (0..1) of a fuzzy match; only meaningful when anchor is 'fuzzy'. */
  score?: number;
}

export interface Mention extends Span {
  id: string;
  /** Codebook entity id. */
  entity: string;
}

export interface Claim extends Span {
  id: string;
  /** Codebook entity id of the actor making the claim. */
  claimant: string;
  stance?: string;
  topic?: string;
  /** Entity id of the actor the claim is addressed to. */
  addressee?: string;
  /** Entity id of the actor the claim is about. */
  object?: string;
  form?: ClaimForm;
  note?: string;
}

export type Annotation = Mention | Claim;

/**
 * A suggestion the annotator turned down, kept so it is never proposed again: where it was (a
 * span with quote and context, re-anchored like an annotation) and what was proposed.
 */
export interface Rejection extends Span {
  id: string;
  /** What was proposed: a mention (the default) or a claim. */
  kind: 'mention' | 'claim';
  /** The entity (mention) or claimant (claim) proposed; absent: every entity at this span. */
  entity?: string;
}

export function isClaim(a: Annotation): a is Claim {
  return (a as Claim).claimant !== undefined;
}

export interface ArticleMeta {
  title?: string;
  source?: string;
  author?: string;
  /** ISO date (YYYY-MM-DD) of publication; lets analyses use time windows. */
  date?: string;
  /** Hash of the normalised article text at save time (see text.ts hashText). */
  hash?: string;
}

export interface Sidecar {
  version: 1;
  article: ArticleMeta;
  mentions: Mention[];
  claims: Claim[];
  /** Rejected suggestions; absent or empty when there are none. */
  rejections?: Rejection[];
}

export interface EntityType {
  id: string;
  label: string;
  /** Display colour, CSS hex (#rrggbb or #rrggbbaa). */
  color?: string;
}

export interface Entity {
  id: string;
  name: string;
  type: string;
  aliases: string[];
  /** Entity id this actor belongs to (Xi Jinping -> china). */
  affiliation?: string;
  /** External identifier, e.g. a Wikidata Q-id. */
  wikidata?: string;
  note?: string;
  /**
   * How suggestions match the name and aliases: `sensitive` only in their own capitalisation,
   * `insensitive` in any. Without it, acronyms of up to three capitals (US, UN) are
   * case-sensitive and other names are not.
   */
  case?: NameCase;
}

export type NameCase = 'sensitive' | 'insensitive';
export const NAME_CASES: readonly NameCase[] = ['sensitive', 'insensitive'];

export interface Stance {
  id: string;
  label: string;
}

export interface Topic {
  id: string;
  label: string;
}

export interface Codebook {
  version: 1;
  types: EntityType[];
  stances: Stance[];
  topics: Topic[];
  entities: Entity[];
}

export const SIDECAR_SUFFIX = '.annotations.yaml';
export const CODEBOOK_FILE = 'claimlens.codebook.yaml';
export const FORMAT_VERSION = 1;
/**
 * Longest quote (`text`, in code points) an annotation may have. A claim is a statement: the
 * longest in the annotated gold set has 318 characters, the longest sentence of the sample
 * articles 530 and their longest paragraph 1,556; 4,000 leaves room for a claim spanning a long
 * paragraph while a longer span is a passage, not a claim. Re-anchoring looks for a longer quote
 * only at its old place, so hostile sidecars cannot make it search with huge patterns.
 */
export const MAX_QUOTE_LENGTH = 4000;

export function sidecarPathFor(articlePath: string): string {
  return articlePath + SIDECAR_SUFFIX;
}

export function articlePathFor(sidecarPath: string): string | undefined {
  return sidecarPath.endsWith(SIDECAR_SUFFIX) ? sidecarPath.slice(0, -SIDECAR_SUFFIX.length) : undefined;
}

export function emptySidecar(): Sidecar {
  return { version: 1, article: {}, mentions: [], claims: [] };
}

/** Position order: by start, then end, then id, so output never depends on insertion order. */
export function compareSpans(a: { start: number; end: number; id: string }, b: { start: number; end: number; id: string }): number {
  return a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
