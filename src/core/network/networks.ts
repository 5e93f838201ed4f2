// Discourse networks from claims, after Leifeld's Discourse Network Analysis (DNA):
//
// - two-mode (actor–topic): one edge per actor and topic it made claims on, weighted by the number
//   of claims, coloured by stance: `support` or `oppose` when all its polar claims agree, `mixed`
//   when the actor both supported and opposed the topic, `neutral` when it only made neutral (or
//   unclassified) claims;
// - congruence and conflict (one-mode, actors): an actor's position on a topic is its majority
//   stance — more support than oppose claims is support, more oppose than support is oppose; a tie
//   (including only neutral claims) is no position, so an ambivalent actor neither agrees nor
//   disagrees with anyone on that topic. Two actors are linked in the congruence network when they
//   hold the same position on a topic and in the conflict network when they hold opposite ones,
//   weighted by the number of such topics. This is DNA's "subtract" qualifier aggregation with a
//   binary outcome per topic, which keeps a prolific actor from outweighing the others;
// - the stance matrix: actors × topics, with the number of support, oppose, neutral and other claims
//   per cell.
//
// Claims without a topic take part in none of these (they are counted in `withoutTopic`).
import { Codebook } from '../model';
import { NetworkClaim } from './claims';

/** What a stance counts as. Other codebook stances (and claims without one) are `other`. */
export type StanceClass = 'support' | 'oppose' | 'neutral' | 'other';
export type EdgeStance = 'support' | 'oppose' | 'mixed' | 'neutral';
export type NetworkKind = 'two-mode' | 'congruence' | 'conflict';

export interface StanceCounts { support: number; oppose: number; neutral: number; other: number }

export interface NetworkNode {
  /** `actor:<entity id>` or `topic:<topic id>`: unique even when an entity and a topic share an id. */
  id: string;
  kind: 'actor' | 'topic';
  /** The entity or topic id. */
  ref: string;
  /** Codebook name or label; the id when the codebook does not know it. */
  label: string;
  /** Entity type id (actors in the codebook). */
  type?: string;
  /** Claims counted for this node (with a topic, after the filters). */
  claims: number;
}

export interface TwoModeEdge extends StanceCounts {
  /** Actor node id. */
  source: string;
  /** Topic node id. */
  target: string;
  /** Number of claims. */
  weight: number;
  stance: EdgeStance;
}

export interface OneModeEdge {
  /** Actor node ids, source < target. */
  source: string;
  target: string;
  /** Number of topics the two agree (congruence) or disagree (conflict) on. */
  weight: number;
  /** Those topics' ids, sorted. */
  topics: string[];
}

export interface TwoModeNetwork { kind: 'two-mode'; nodes: NetworkNode[]; edges: TwoModeEdge[] }
export interface OneModeNetwork { kind: 'congruence' | 'conflict'; nodes: NetworkNode[]; edges: OneModeEdge[] }
export type Network = TwoModeNetwork | OneModeNetwork;

export interface StanceMatrix {
  actors: NetworkNode[];
  topics: NetworkNode[];
  /** cells[actor][topic], in the order of `actors` and `topics`. */
  cells: StanceCounts[][];
}

export interface DiscourseNetworks {
  twoMode: TwoModeNetwork;
  congruence: OneModeNetwork;
  conflict: OneModeNetwork;
  matrix: StanceMatrix;
  /** Claims counted (with a topic). */
  claims: number;
  /** Claims left out for want of a topic. */
  withoutTopic: number;
}

export interface NetworkOptions {
  /** What each stance id counts as; the default knows `support`, `oppose` and `neutral`. */
  stanceClass?: (stance: string | undefined) => StanceClass;
}

export function defaultStanceClass(stance: string | undefined): StanceClass {
  return stance === 'support' || stance === 'oppose' || stance === 'neutral' ? stance : 'other';
}

export const actorNodeId = (entity: string) => `actor:${entity}`;
export const topicNodeId = (topic: string) => `topic:${topic}`;

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const zero = (): StanceCounts => ({ support: 0, oppose: 0, neutral: 0, other: 0 });

export function edgeStance(c: StanceCounts): EdgeStance {
  return c.support && c.oppose ? 'mixed' : c.support ? 'support' : c.oppose ? 'oppose' : 'neutral';
}

/** An actor's position on a topic: its majority polar stance, none on a tie. */
export function position(c: StanceCounts): 'support' | 'oppose' | undefined {
  return c.support > c.oppose ? 'support' : c.oppose > c.support ? 'oppose' : undefined;
}

/** Every network and the stance matrix of a set of claims (see collectClaims for the filters). */
export function discourseNetworks(claims: readonly NetworkClaim[], codebook: Codebook, options: NetworkOptions = {}): DiscourseNetworks {
  const classify = options.stanceClass ?? defaultStanceClass;
  // actor -> topic -> counts; one pass over the claims.
  const cells = new Map<string, Map<string, StanceCounts>>();
  let withoutTopic = 0;
  for (const c of claims) {
    if (c.topic === undefined) { withoutTopic++; continue; }
    let row = cells.get(c.claimant);
    if (!row) cells.set(c.claimant, row = new Map());
    let cell = row.get(c.topic);
    if (!cell) row.set(c.topic, cell = zero());
    cell[classify(c.stance)]++;
  }

  const entities = new Map(codebook.entities.map(e => [e.id, e]));
  const topicLabels = new Map(codebook.topics.map(t => [t.id, t.label]));
  const actorIds = [...cells.keys()].sort(byString);
  const topicCount = new Map<string, number>();
  const actors: NetworkNode[] = actorIds.map(id => {
    let n = 0;
    for (const [topic, c] of cells.get(id)!) {
      const k = c.support + c.oppose + c.neutral + c.other;
      n += k;
      topicCount.set(topic, (topicCount.get(topic) ?? 0) + k);
    }
    const e = entities.get(id);
    return { id: actorNodeId(id), kind: 'actor', ref: id, label: e?.name ?? id, ...(e ? { type: e.type } : {}), claims: n };
  });
  const topicIds = [...topicCount.keys()].sort(byString);
  const topics: NetworkNode[] = topicIds.map(id => ({ id: topicNodeId(id), kind: 'topic', ref: id, label: topicLabels.get(id) ?? id, claims: topicCount.get(id)! }));

  const twoModeEdges: TwoModeEdge[] = [];
  const topicIndex = new Map(topicIds.map((t, i) => [t, i]));
  const matrixCells: StanceCounts[][] = [];
  // topic -> actors holding each position, for the one-mode networks.
  const supporters: number[][] = topicIds.map(() => []), opponents: number[][] = topicIds.map(() => []);
  actorIds.forEach((actor, a) => {
    const row = cells.get(actor)!;
    const matrixRow = topicIds.map(() => zero());
    for (const topic of [...row.keys()].sort(byString)) {
      const c = row.get(topic)!, t = topicIndex.get(topic)!;
      matrixRow[t] = { ...c };
      twoModeEdges.push({ source: actorNodeId(actor), target: topicNodeId(topic), weight: c.support + c.oppose + c.neutral + c.other, stance: edgeStance(c), ...c });
      const p = position(c);
      if (p === 'support') supporters[t].push(a); else if (p === 'oppose') opponents[t].push(a);
    }
    matrixCells.push(matrixRow);
  });

  // Pairs keyed by actor indices (a < b); actor ids are sorted, so the node ids come out in order too.
  const congruence = new Map<number, string[]>(), conflict = new Map<number, string[]>();
  const n = actorIds.length;
  const link = (pairs: Map<number, string[]>, a: number, b: number, topic: string) => {
    const key = a < b ? a * n + b : b * n + a;
    const list = pairs.get(key);
    if (list) list.push(topic); else pairs.set(key, [topic]);
  };
  topicIds.forEach((topic, t) => {
    for (const side of [supporters[t], opponents[t]])
      for (let i = 0; i < side.length; i++) for (let j = i + 1; j < side.length; j++) link(congruence, side[i], side[j], topic);
    for (const a of supporters[t]) for (const b of opponents[t]) link(conflict, a, b, topic);
  });
  const oneMode = (pairs: Map<number, string[]>): OneModeEdge[] => [...pairs.keys()].sort((x, y) => x - y).map(key => {
    const list = pairs.get(key)!;
    return { source: actors[Math.floor(key / n)].id, target: actors[key % n].id, weight: list.length, topics: list };
  });

  return {
    twoMode: { kind: 'two-mode', nodes: [...actors, ...topics], edges: twoModeEdges },
    congruence: { kind: 'congruence', nodes: actors, edges: oneMode(congruence) },
    conflict: { kind: 'conflict', nodes: actors, edges: oneMode(conflict) },
    matrix: { actors, topics, cells: matrixCells },
    claims: claims.length - withoutTopic,
    withoutTopic,
  };
}

/** What a user can pick in a network view: a node, an edge of one of the networks, or a cell of the matrix. */
export type NetworkSelection =
  | { kind: 'node'; node: string }
  | { kind: 'edge'; network: NetworkKind; source: string; target: string }
  | { kind: 'cell'; actor: string; topic: string };

/**
 * The claims behind a selection: an actor's or a topic's claims, an actor's claims on a topic (a
 * two-mode edge, a matrix cell), or both actors' claims on the topics that link them (a congruence
 * or conflict edge). In the order of `claims`.
 */
export function claimsFor(selection: NetworkSelection, claims: readonly NetworkClaim[], networks: DiscourseNetworks): NetworkClaim[] {
  const withTopic = claims.filter(c => c.topic !== undefined);
  const ref = (nodeId: string) => nodeId.slice(nodeId.indexOf(':') + 1);
  switch (selection.kind) {
    case 'node': {
      const id = ref(selection.node);
      return selection.node.startsWith('topic:') ? withTopic.filter(c => c.topic === id) : withTopic.filter(c => c.claimant === id);
    }
    case 'cell': return withTopic.filter(c => c.claimant === selection.actor && c.topic === selection.topic);
    case 'edge': {
      if (selection.network === 'two-mode') {
        const actor = ref(selection.source), topic = ref(selection.target);
        return withTopic.filter(c => c.claimant === actor && c.topic === topic);
      }
      const network = selection.network === 'congruence' ? networks.congruence : networks.conflict;
      const [s, t] = selection.source < selection.target ? [selection.source, selection.target] : [selection.target, selection.source];
      const edge = network.edges.find(e => e.source === s && e.target === t);
      if (!edge) return [];
      const topics = new Set(edge.topics), actors = new Set([ref(s), ref(t)]);
      return withTopic.filter(c => actors.has(c.claimant) && topics.has(c.topic!));
    }
  }
}
