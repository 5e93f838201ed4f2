// Workspace index benchmark: a generated corpus of 1,000 articles × 300 annotations written to a
// temporary folder, indexed through the Node file system port.
//   cold:    build from nothing                          (target < 10 s)
//   warm:    re-open with the persisted JSON cache, nothing changed (target < 1 s)
//   update:  one changed sidecar re-indexed              (target < 20 ms)
// Prints plain lines. Run: npx tsx bench/index.bench.ts [articles] [annotations]
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NodeFileSystem } from '../src/cli/nodeFileSystem';
import { Claim, Mention, Sidecar } from '../src/core/model';
import { serializeSidecar } from '../src/core/sidecarFormat';
import { CodePointIndex, hashText, normalizeNewlines } from '../src/core/text';
import { WorkspaceIndex } from '../src/store/workspaceIndex';
import { mulberry32 } from '../test/support/random';
import { ENTITIES, STANCES, TOPICS } from './syntheticCorpus';

const ARTICLES = Number(process.argv[2] ?? 1000);
const ANNOTATIONS = Number(process.argv[3] ?? 300);
const FOLDERS = 20;
const UPDATE_RUNS = 25;


const rng = mulberry32(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

const samplesDir = join(__dirname, '..', 'samples');
const SAMPLE_TEXTS = readdirSync(samplesDir).filter(f => f.endsWith('.txt')).sort()
  .map(f => normalizeNewlines(readFileSync(join(samplesDir, f), 'utf8')));

function idOf(prefix: string, n: number): string {
  return prefix + n.toString(36).padStart(7, '0');
}

let nextId = 0;
function makeSidecar(text: string): Sidecar {
  const index = new CodePointIndex(text);
  const mentions: Mention[] = [], claims: Claim[] = [];
  for (let i = 0; i < ANNOTATIONS; i++) {
    const claim = i % 5 === 4;
    const length = claim ? 60 + Math.floor(rng() * 200) : 4 + Math.floor(rng() * 16);
    const start = Math.floor(rng() * Math.max(1, index.length - length));
    const end = Math.min(index.length, start + length);
    const roll = rng();
    const anchor = roll < 0.02 ? 'orphan' as const : roll < 0.05 ? 'fuzzy' as const : roll < 0.15 ? 'shifted' as const : 'exact' as const;
    const base = { start, end, ...index.quote(start, end), anchor, ...(anchor === 'fuzzy' ? { score: 0.8 } : {}) };
    if (claim) claims.push({ id: idOf('c', nextId++), claimant: pick(ENTITIES), stance: pick(STANCES), topic: pick(TOPICS),
      ...(rng() < 0.3 ? { object: pick(ENTITIES) } : {}), form: 'reported-speech', ...base });
    else mentions.push({ id: idOf('m', nextId++), entity: pick(ENTITIES), ...base });
  }
  return { version: 1, article: { title: text.slice(0, 60).split('\n')[0], source: 'Generated', date: '2022-03-01', hash: hashText(text) }, mentions, claims };
}

function ms(t0: number): number {
  return performance.now() - t0;
}

/** CPU time (user + system, all threads) since `c0`, in ms: tells the work apart from waiting on a busy machine. */
function cpu(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'claimlens-index-bench-'));
  try {
    // ---- corpus on disk
    let t0 = performance.now();
    let bytes = 0;
    const sidecars: string[] = [];
    for (let i = 0; i < ARTICLES; i++) {
      const folder = join(root, `folder-${String(i % FOLDERS).padStart(2, '0')}`);
      if (i < FOLDERS) mkdirSync(folder);
      const text = SAMPLE_TEXTS[i % SAMPLE_TEXTS.length];
      const article = join(folder, `article-${String(i).padStart(4, '0')}.txt`);
      const yaml = serializeSidecar(makeSidecar(text));
      writeFileSync(article, text);
      writeFileSync(article + '.annotations.yaml', yaml);
      sidecars.push(article + '.annotations.yaml');
      bytes += Buffer.byteLength(yaml);
    }
    console.log(`corpus: ${ARTICLES} articles x ${ANNOTATIONS} annotations, ${(bytes / 1e6).toFixed(1)} MB of sidecars, written in ${(ms(t0) / 1000).toFixed(1)} s`);

    const fs = new NodeFileSystem();

    // ---- cold
    t0 = performance.now();
    let c0 = process.cpuUsage();
    const cold = new WorkspaceIndex(fs, [root]);
    const coldStats = await cold.build();
    const coldMs = ms(t0), coldCpu = cpu(c0);
    const totals = cold.totals();
    console.log(`cold index: ${(coldMs / 1000).toFixed(2)} s (cpu ${(coldCpu / 1000).toFixed(2)} s; ${coldStats.parsed} sidecars parsed; ${totals.mentions} mentions, ${totals.claims} claims, ${totals.orphans} orphans) target < 10 s ${coldMs < 10_000 ? 'OK' : 'MISSED'}`);

    // ---- persist
    t0 = performance.now();
    const cacheFile = join(root, '.index-cache.json');
    writeFileSync(cacheFile, JSON.stringify(cold));
    console.log(`persist cache: ${ms(t0).toFixed(0)} ms, ${(Buffer.byteLength(readFileSync(cacheFile)) / 1e6).toFixed(1)} MB JSON`);

    // ---- warm re-open, unchanged
    t0 = performance.now();
    c0 = process.cpuUsage();
    const warm = WorkspaceIndex.fromJSON(fs, [root], JSON.parse(readFileSync(cacheFile, 'utf8')));
    const loadMs = ms(t0);
    const warmStats = await warm.build();
    const warmMs = ms(t0), warmCpu = cpu(c0);
    const same = JSON.stringify(warm) === JSON.stringify(cold);
    console.log(`warm re-open (cache load ${loadMs.toFixed(0)} ms + verify ${(warmMs - loadMs).toFixed(0)} ms): ${warmMs.toFixed(0)} ms (cpu ${warmCpu.toFixed(0)} ms; ${warmStats.reused} reused, ${warmStats.parsed} parsed) target < 1000 ms ${warmMs < 1000 ? 'OK' : 'MISSED'}; identical to cold: ${same}`);
    if (!same || warmStats.parsed !== 0) throw new Error('warm index differs from the cold one');

    // ---- warm re-open, reading and hashing every file instead of trusting size and mtime
    t0 = performance.now();
    c0 = process.cpuUsage();
    const hashed = WorkspaceIndex.fromJSON(fs, [root], JSON.parse(readFileSync(cacheFile, 'utf8')));
    const hashedStats = await hashed.build({ verify: 'hash' });
    console.log(`warm re-open, verify: hash (every file read and hashed): ${ms(t0).toFixed(0)} ms (cpu ${cpu(c0).toFixed(0)} ms; ${hashedStats.reused} reused, ${hashedStats.parsed} parsed)`);

    // ---- one changed sidecar
    const times: number[] = [], cpus: number[] = [];
    for (let run = 0; run < UPDATE_RUNS; run++) {
      const location = sidecars[Math.floor(rng() * sidecars.length)];
      const text = readFileSync(location, 'utf8');
      writeFileSync(location, text.replace(/entity: [a-z-]+[0-9]*,/, `entity: changed-${run},`));
      t0 = performance.now();
      c0 = process.cpuUsage();
      const summary = await warm.update(location);
      times.push(ms(t0));
      cpus.push(cpu(c0));
      if (!summary?.mentions[`changed-${run}`]) throw new Error('update did not see the change');
    }
    const updateMs = median(times);
    console.log(`one changed sidecar re-indexed: median ${updateMs.toFixed(1)} ms (cpu ${median(cpus).toFixed(1)} ms), max ${Math.max(...times).toFixed(1)} ms over ${UPDATE_RUNS} runs, target < 20 ms ${updateMs < 20 ? 'OK' : 'MISSED'}`);

    // ---- queries
    t0 = performance.now();
    const entities = hashed.entities();
    const entitiesMs = ms(t0);
    t0 = performance.now();
    hashed.entities();
    const entitiesAgainMs = ms(t0);
    t0 = performance.now();
    const china = hashed.mentionsOf('china');
    const mentionsMs = ms(t0);
    t0 = performance.now();
    const byTopic = hashed.claimsByTopic('taiwan');
    const byClaimant = hashed.claimsBy('russia');
    const claimsMs = ms(t0);
    console.log(`queries: entities ${entitiesMs.toFixed(1)} ms (first query: unpacks the cached entries) (${entities.length}), again ${entitiesAgainMs.toFixed(1)} ms, mentions of china ${mentionsMs.toFixed(1)} ms (${china.length}), claims by topic + by claimant ${claimsMs.toFixed(1)} ms (${byTopic.length} + ${byClaimant.length})`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch(e => { console.error(e); process.exitCode = 1; });
