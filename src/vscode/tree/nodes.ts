// The rows of the Entities view as plain objects, built from the groups of core/treeModel.ts.
// Each row knows its parent (for `reveal`) and keeps its children once built, so one object
// stands for one row until the next refresh; every row of a refresh comes from one snapshot.
import { Annotation, Claim, Codebook, Mention } from '../../core/model';
import { CodePointIndex } from '../../core/text';
import { CodebookStore } from '../../store/codebookStore';
import {
  ArticleAnnotations, ClaimantGroup, countNeedingReview, EntitySummary, groupActors, groupClaimsByClaimant, groupClaimsByTopic,
  Located, mentionsByArticle, ReviewItem, reviewItems, TopicGroup, TypeGroup,
} from '../../core/treeModel';

export type TreeScope = 'article' | 'workspace';

/** What one refresh of the view is built from: the articles of one codebook. */
export interface Snapshot {
  articles: readonly ArticleAnnotations[];
  codebook: Codebook;
  /** The codebook's store: what renaming, merging and deleting its actors change. */
  store: CodebookStore;
  /** Makes the rows' ids unique when the view shows several codebooks ('' for one). */
  idPrefix: string;
  scope: TreeScope;
  /** The reason recorded when an annotation of an open article was orphaned. */
  reasonOf(article: string, id: string): string | undefined;
}

interface Row { id: string; children?: TreeNode[] }

/** One codebook's corpus, when the workspace has several (its rows are the four roots). */
export interface CorpusNode extends Row { kind: 'corpus'; label: string; snapshot: Snapshot; children: RootNode[]; parent?: undefined }
export type RootNode = Row & { kind: 'root'; parent?: CorpusNode; count: number; snapshot: Snapshot } & (
  | { root: 'actors'; groups: TypeGroup[] }
  | { root: 'claimants'; groups: ClaimantGroup[] }
  | { root: 'topics'; groups: TopicGroup[] }
  | { root: 'review' });
export type RootKind = RootNode['root'];
export interface TypeNode extends Row { kind: 'type'; group: TypeGroup; parent: RootNode }
export interface EntityNode extends Row { kind: 'entity'; summary: EntitySummary; parent: TypeNode }
export interface ArticleNode extends Row { kind: 'article'; article: string; mentions: Mention[]; parent: EntityNode }
export interface MentionNode extends Row { kind: 'mention'; article: string; annotation: Mention; parent: ArticleNode }
export interface ClaimantNode extends Row { kind: 'claimant'; group: ClaimantGroup; parent: RootNode }
export interface TopicNode extends Row { kind: 'topic'; group: TopicGroup; parent: RootNode }
export interface ClaimNode extends Row { kind: 'claim'; article: string; annotation: Claim; parent: ClaimantNode | TopicNode }
export interface ReviewNode extends Row { kind: 'review'; item: ReviewItem; article: string; annotation: Annotation; parent: RootNode }
export interface MessageNode extends Row { kind: 'message'; text: string; parent?: undefined }

export type TreeNode = CorpusNode | RootNode | TypeNode | EntityNode | ArticleNode | MentionNode | ClaimantNode | TopicNode | ClaimNode | ReviewNode | MessageNode;

/** Rows that stand for one annotation. */
export type AnnotationNode = MentionNode | ClaimNode | ReviewNode;

export function isAnnotationNode(n: unknown): n is AnnotationNode {
  const kind = (n as TreeNode | undefined)?.kind;
  return kind === 'mention' || kind === 'claim' || kind === 'review';
}

/**
 * The top rows for the articles of each codebook: the four roots when there is one codebook, one
 * row per codebook above them when there are several.
 */
export function buildCorpora(partitions: readonly { label: string; snapshot: Snapshot }[]): TreeNode[] {
  if (partitions.length === 1) return buildRoots(partitions[0].snapshot);
  return partitions.map(({ label, snapshot }) => {
    const node: CorpusNode = { kind: 'corpus', id: `corpus:${snapshot.store.location ?? ''}`, label, snapshot, children: [] };
    node.children = buildRoots(snapshot).filter((n): n is RootNode => n.kind === 'root').map(root => ({ ...root, parent: node }));
    return node;
  });
}

/** The top rows. An empty workspace gives none, so the view's welcome text shows. */
export function buildRoots(s: Snapshot, articleName?: string): TreeNode[] {
  if (s.scope === 'article' && s.articles.length === 0) {
    return [{ kind: 'message', id: 'message', text: articleName ? `${articleName} has no annotations yet` : 'Open an article to see its actors and claims' }];
  }
  if (s.articles.length === 0 && s.codebook.entities.length === 0) return [];
  const actors = groupActors(s.codebook, s.articles, { includeUnused: s.scope === 'workspace' });
  const claimants = groupClaimsByClaimant(s.codebook, s.articles);
  const topics = groupClaimsByTopic(s.codebook, s.articles);
  const claims = claimants.reduce((n, g) => n + g.claims.length, 0);
  const p = s.idPrefix;
  return [
    { kind: 'root', id: `${p}root:actors`, root: 'actors', snapshot: s, groups: actors, count: actors.reduce((n, g) => n + g.entities.length, 0) },
    { kind: 'root', id: `${p}root:claimants`, root: 'claimants', snapshot: s, groups: claimants, count: claims },
    { kind: 'root', id: `${p}root:topics`, root: 'topics', snapshot: s, groups: topics, count: claims },
    { kind: 'root', id: `${p}root:review`, root: 'review', snapshot: s, count: countNeedingReview(s.articles) },
  ];
}

/** Articles whose current text the children of `node` show (line numbers, “now” of fuzzy matches). */
export function articlesShownBy(node: TreeNode): ArticleAnnotations[] {
  switch (node.kind) {
    case 'root':
      return node.root === 'review'
        ? node.snapshot.articles.filter(a => [...a.sidecar.mentions, ...a.sidecar.claims].some(x => x.anchor === 'fuzzy' || x.anchor === 'orphan'))
        : [];
    case 'article': case 'claimant': case 'topic': {
      const wanted = new Set(node.kind === 'article' ? [node.article] : node.group.claims.map(c => c.article));
      return rootOf(node).snapshot.articles.filter(a => wanted.has(a.article));
    }
    default: return [];
  }
}

/** The root row (Actors, Claims by claimant, …) a row is under. */
export function rootOf(node: TreeNode): RootNode {
  let n: TreeNode = node;
  while (n.kind !== 'root' && n.parent) n = n.parent;
  if (n.kind !== 'root') throw new Error('a row outside the tree');
  return n;
}

/** The snapshot (articles and codebook) a row was built from; undefined for message rows. */
export function snapshotOf(node: TreeNode): Snapshot | undefined {
  return node.kind === 'corpus' ? node.snapshot : node.kind === 'message' ? undefined : rootOf(node).snapshot;
}

const claimRows = (claims: Located<Claim>[], parent: ClaimantNode | TopicNode): ClaimNode[] =>
  claims.map(({ article, annotation }) => ({ kind: 'claim', id: `${parent.id}/${article}#${annotation.id}`, article, annotation, parent }));

export function childrenOf(node: TreeNode, textOf: (article: string) => CodePointIndex | undefined): TreeNode[] {
  const p = node.kind === 'message' ? '' : snapshotOf(node)!.idPrefix;
  switch (node.kind) {
    case 'corpus': return node.children;
    case 'root':
      switch (node.root) {
        case 'actors': return node.groups.map(group => ({ kind: 'type', id: `${p}type:${group.id}`, group, parent: node }));
        case 'claimants': return node.groups.map(group => ({ kind: 'claimant', id: `${p}claimant:${group.id}`, group, parent: node }));
        case 'topics': return node.groups.map(group => ({ kind: 'topic', id: `${p}topic:${group.id ?? ''}`, group, parent: node }));
        case 'review': return reviewItems(node.snapshot.articles, textOf, node.snapshot.reasonOf)
          .map(item => ({ kind: 'review', id: `${p}review:${item.article}#${item.annotation.id}`, item, article: item.article, annotation: item.annotation, parent: node }));
      }
      return [];
    case 'type': return node.group.entities.map(summary => ({ kind: 'entity', id: `${p}entity:${summary.id}`, summary, parent: node }));
    case 'entity': return mentionsByArticle(node.summary).map(({ article, mentions }) => ({ kind: 'article', id: `${node.id}/${article}`, article, mentions, parent: node }));
    case 'article': return node.mentions.map(annotation => ({ kind: 'mention', id: `mention:${node.article}#${annotation.id}`, article: node.article, annotation, parent: node }));
    case 'claimant': case 'topic': return claimRows(node.group.claims, node);
    default: return [];
  }
}
