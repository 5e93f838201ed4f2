// Discourse network benchmark: a generated workspace index of 1,000 articles × 300 annotations (one in five a
// claim: 60,000 claims by 80 actors on 7 topics), turned into every network and the stance matrix.
//   index to networks:  summaries -> claims -> two-mode, congruence, conflict, matrix   (target < 200 ms)
//   with filters:       the same with a date range and two stances
//   naive baseline:     the same numbers the obvious way, measured in the same run: one index query per
//                       actor × topic cell, then every actor pair compared topic by topic
// Prints plain lines. Run: npx tsx bench/network.bench.ts [articles] [annotations]
import { Codebook } from '../src/core/model';
import { collectClaims } from '../src/core/network/claims';
import { discourseNetworks, DiscourseNetworks, position, StanceCounts } from '../src/core/network/networks';
import { INDEX_FORMAT_VERSION, IndexSnapshot, SnapshotEntry, WorkspaceIndex } from '../src/store/workspaceIndex';
import { MemoryFileSystem } from '../test/support/memoryFileSystem';
import { mulberry32 } from '../test/support/random';
import { time } from './timing';
import { ENTITIES, STANCES, TOPICS } from './syntheticCorpus';

const ARTICLES = Number(process.argv[2] ?? 1000);
const ANNOTATIONS = Number(process.argv[3] ?? 300);
const TARGET_MS = 200;

const rng = mulberry32(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const CODEBOOK: Codebook = {
  version: 1,
  types: [{ id: 'person', label: 'Person' }, { id: 'country', label: 'Country' }],
  stances: STANCES.map(id => ({ id, label: id })),
  topics: TOPICS.map(id => ({ id, label: id })),
  entities: ENTITIES.map((id, i) => ({ id, name: id, type: i % 3 ? 'country' : 'person', aliases: [] })),
};

/** The index as the editor has it after a scan: a snapshot (as persisted), unpacked by the first query. */
function makeIndex(): WorkspaceIndex {
  const entries: SnapshotEntry[] = [];
  let next = 0;
  for (let i = 0; i < ARTICLES; i++) {
    const m: SnapshotEntry['m'] = Object.create(null);
    const c: SnapshotEntry['c'] = [];
    for (let k = 0; k < ANNOTATIONS; k++) {
      const start = Math.floor(rng() * 20000), id = (next++).toString(36).padStart(8, '0');
      if (k % 5 === 4) c.push([id, pick(ENTITIES), start, start + 120, 'A claim about something, cut to a preview of eighty characters at most…', null, pick(STANCES), pick(TOPICS)]);
      else (m[pick(ENTITIES)] ??= []).push([id, start, start + 8, 'a mention']);
    }
    const month = String(1 + (i % 12)).padStart(2, '0');
    entries.push({ s: `/corpus/folder-${i % 20}/article-${i}.txt.annotations.yaml`, h: `h${i}`, d: `2022-${month}-15`, m, c, p: [0, 0] });
  }
  const snapshot: IndexSnapshot = { format: 'claimlens-index', version: INDEX_FORMAT_VERSION, entries };
  return WorkspaceIndex.fromJSON(new MemoryFileSystem(), ['/corpus'], snapshot);
}

/** Index to networks, as the panel and the CLI do it. */
function networksOf(index: WorkspaceIndex, filters = {}): DiscourseNetworks {
  return discourseNetworks(collectClaims(index.summaries(), CODEBOOK, filters), CODEBOOK);
}

/** The same figures with one index query per actor × topic, then every pair of actors compared on every topic. */
function naive(index: WorkspaceIndex): { twoMode: number; congruence: number; conflict: number; weight: number } {
  const cells = new Map<string, StanceCounts>();
  for (const actor of ENTITIES) for (const topic of TOPICS) {
    const hits = index.claimsWhere(c => c.claimant === actor && c.topic === topic);
    if (!hits.length) continue;
    const counts = { support: 0, oppose: 0, neutral: 0, other: 0 };
    for (const h of hits) counts[(h.claim.stance ?? 'other') as keyof StanceCounts]++;
    cells.set(`${actor}|${topic}`, counts);
  }
  let congruence = 0, conflict = 0, weight = 0;
  for (let i = 0; i < ENTITIES.length; i++) for (let j = i + 1; j < ENTITIES.length; j++) {
    let same = 0, opposite = 0;
    for (const topic of TOPICS) {
      const a = cells.get(`${ENTITIES[i]}|${topic}`), b = cells.get(`${ENTITIES[j]}|${topic}`);
      const pa = a && position(a), pb = b && position(b);
      if (!pa || !pb) continue;
      if (pa === pb) same++; else opposite++;
    }
    if (same) { congruence++; weight += same; }
    if (opposite) conflict++;
  }
  return { twoMode: cells.size, congruence, conflict, weight };
}

function main(): void {
  const index = makeIndex();
  index.summaries(); // unpack the snapshot once, as the editor's first view does
  const claims = index.totals().claims;
  // An empty index (a snapshot the index no longer reads) would time nothing at all.
  if (claims === 0) throw new Error('the generated index holds no claims');
  console.log(`corpus: ${ARTICLES} articles x ${ANNOTATIONS} annotations, ${claims} claims, ${ENTITIES.length} actors, ${TOPICS.length} topics`);

  const fast = time(() => networksOf(index), 15);
  const n = fast.result;
  console.log(`index to networks: median ${fast.wall.toFixed(1)} ms (cpu ${fast.cpu.toFixed(1)} ms): ${n.twoMode.nodes.length} nodes, ` +
    `${n.twoMode.edges.length} actor-topic edges, ${n.congruence.edges.length} congruence and ${n.conflict.edges.length} conflict edges, ` +
    `${n.matrix.actors.length}x${n.matrix.topics.length} matrix; target < ${TARGET_MS} ms ${fast.wall < TARGET_MS ? 'OK' : 'MISSED'}`);

  const filtered = time(() => networksOf(index, { from: '2022-03-01', to: '2022-08-31', stances: ['support', 'oppose'] }), 15);
  console.log(`with filters (6 months, support and oppose): median ${filtered.wall.toFixed(1)} ms (cpu ${filtered.cpu.toFixed(1)} ms), ${filtered.result.claims} claims`);

  const slow = time(() => naive(index), 3);
  const weight = n.congruence.edges.reduce((s, e) => s + e.weight, 0);
  const same = slow.result.twoMode === n.twoMode.edges.length && slow.result.congruence === n.congruence.edges.length
    && slow.result.conflict === n.conflict.edges.length && slow.result.weight === weight;
  console.log(`naive baseline (query per cell, compare every pair): median ${slow.wall.toFixed(0)} ms (cpu ${slow.cpu.toFixed(0)} ms); ` +
    `${(slow.wall / fast.wall).toFixed(0)}x slower; same edges and weights: ${same}`);
  if (!same) throw new Error(`the baseline disagrees: ${JSON.stringify(slow.result)}`);
}

main();
