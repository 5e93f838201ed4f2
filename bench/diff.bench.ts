// Review and CI benchmark, two parts.
//   1. `claimlens diff` of two 10,000-annotation sidecars (read both, compare, write the text and
//      JSON summaries; target < 200 ms), against a naive comparison that looks every annotation
//      up by scanning the other list (the ratio shows why annotations are matched through a Map).
//      Both must find the same changes.
//   2. validate, fmt --check and stats over a generated corpus (copies of the samples; target:
//      validate and fmt --check within 1.5x of stats, which only reads the files).
// Prints plain lines. Run: npx tsx bench/diff.bench.ts [annotations] [corpus copies]
import { strict as assert } from 'assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, copyFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AnnotationDiff, diffJson, diffSidecars, emptyDiff, formatDiffText } from '../src/core/annotationDiff';
import { Annotation, Sidecar } from '../src/core/model';
import { loadSidecar, serializeSidecar } from '../src/core/sidecarFormat';
import { CodePointIndex } from '../src/core/text';
import { runCli } from '../src/cli/run';
import { mulberry32 } from '../test/support/random';
import { time as timeRuns } from './timing';
import { MAIN_ACTORS, SAMPLE_TEXT, SAMPLES, syntheticSidecar } from './syntheticCorpus';

const ANNOTATIONS = Number(process.argv[2] ?? 10_000);
const COPIES = Number(process.argv[3] ?? 100);
const RUNS = 7;

const rng = mulberry32(11);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const ENTITIES = MAIN_ACTORS;
const article = SAMPLE_TEXT;
const index = new CodePointIndex(article);

const makeSidecar = () => syntheticSidecar(ANNOTATIONS, rng);

/** A review's worth of changes: 1% removed, 1% added, 5% of claims re-coded, 10% moved, 1% orphaned. */
function edit(s: Sidecar): Sidecar {
  const copy: Sidecar = structuredClone(s);
  copy.mentions = copy.mentions.filter(() => rng() >= 0.01);
  copy.claims = copy.claims.filter(() => rng() >= 0.01);
  for (const c of copy.claims) if (rng() < 0.05) c.stance = c.stance === 'oppose' ? 'support' : 'oppose';
  for (const a of [...copy.mentions, ...copy.claims] as Annotation[]) {
    const roll = rng();
    if (roll < 0.1 && a.end + 1 <= index.length) { a.start++; a.end++; Object.assign(a, index.quote(a.start, a.end)); a.anchor = 'shifted'; }
    else if (roll < 0.11) a.anchor = 'orphan';
  }
  for (let i = 0; i < ANNOTATIONS / 100; i++) {
    const start = Math.floor(rng() * (index.length - 10));
    copy.mentions.push({ id: 'new' + i, entity: pick(ENTITIES), start, end: start + 10, ...index.quote(start, start + 10), anchor: 'exact' });
  }
  return copy;
}

/** The obvious way: for each annotation, scan the other version's list for its id. */
function naiveDiff(old: Sidecar, next: Sidecar): { added: number; removed: number; changed: number } {
  let added = 0, removed = 0, changed = 0;
  const all = (s: Sidecar): Annotation[] => [...s.mentions, ...s.claims];
  const a = all(old), b = all(next);
  for (const x of b) {
    const prev = a.find(y => y.id === x.id);
    if (!prev) added++;
    else for (const k of new Set([...Object.keys(prev), ...Object.keys(x)]))
      if (!['before', 'after'].includes(k) && (prev as unknown as Record<string, unknown>)[k] !== (x as unknown as Record<string, unknown>)[k]) changed++;
  }
  for (const x of a) if (!b.some(y => y.id === x.id)) removed++;
  return { added, removed, changed };
}

/**
 * Wall and CPU time of `f`, medians after one warm-up. Targets are judged on CPU time: on a
 * shared machine the wall clock mostly measures the other processes.
 */
const time = <T>(f: () => T, runs = RUNS) => timeRuns(f, runs);

async function timeAsync(f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage(), t0 = performance.now();
  await f();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

const fmt = (t: { wall: number; cpu: number }) => `cpu ${t.cpu.toFixed(1)} ms (wall ${t.wall.toFixed(1)} ms)`;

async function corpusPart(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'claimlens-bench-corpus-'));
  try {
    const files = readdirSync(SAMPLES).filter(f => f.endsWith('.txt'));
    copyFileSync(join(SAMPLES, 'claimlens.codebook.yaml'), join(root, 'claimlens.codebook.yaml'));
    for (let i = 0; i < COPIES; i++) {
      const dir = join(root, `batch-${i}`);
      mkdirSync(dir);
      for (const f of files) { copyFileSync(join(SAMPLES, f), join(dir, f)); copyFileSync(join(SAMPLES, f + '.annotations.yaml'), join(dir, f + '.annotations.yaml')); }
    }
    const sidecars = COPIES * files.length;
    const run = (...args: string[]) => async () => {
      const code = await runCli(args, { cwd: root, stdout: () => undefined, stderr: () => undefined });
      assert.equal(code, 0, `claimlens ${args.join(' ')} exit status`);
    };
    await run('stats')(); // warm-up: module compilation and the file cache
    const ms: Record<string, { wall: number; cpu: number }> = {};
    // Best of two: the machine may be busy with something else for a moment.
    for (const verb of ['stats', 'validate', 'fmt --check']) {
      const args = verb.split(' ');
      const a = await timeAsync(run(...args)), b = await timeAsync(run(...args));
      ms[verb] = a.cpu <= b.cpu ? a : b;
    }
    const mb = files.reduce((n, f) => n + readFileSync(join(SAMPLES, f + '.annotations.yaml')).length, 0) * COPIES / 1e6;
    console.log(`corpus: ${sidecars} sidecars (${mb.toFixed(1)} MB)`);
    for (const [verb, t] of Object.entries(ms)) {
      const ratio = t.cpu / ms.stats.cpu;
      console.log(`${verb}: ${fmt(t)}${verb === 'stats' ? '' : `, ${ratio.toFixed(2)}x stats (cpu), target <= 1.5x ${ratio <= 1.5 ? 'OK' : 'MISSED'}`}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const old = makeSidecar(), next = edit(old);
  const oldText = serializeSidecar(old), newText = serializeSidecar(next);
  console.log(`sidecars: ${ANNOTATIONS} annotations each, ${(oldText.length / 1e6).toFixed(2)} MB and ${(newText.length / 1e6).toFixed(2)} MB`);
  const ours = time(() => {
    const a = loadSidecar(oldText).sidecar!, b = loadSidecar(newText).sidecar!;
    const d: AnnotationDiff = diffSidecars(emptyDiff(), 'bench.txt.annotations.yaml', a, b);
    const text = formatDiffText(d).join('\n'), json = JSON.stringify(diffJson(d));
    return { d, size: text.length + json.length };
  });
  // The comparisons below take the models as the files hold them (the writer leaves out what needs no review,
  // such as `shifted`), which is what the full diff above compares.
  const oldRead = loadSidecar(oldText).sidecar!, newRead = loadSidecar(newText).sidecar!;
  const compareOnly = time(() => diffSidecars(emptyDiff(), 'x', oldRead, newRead));
  const naive = time(() => naiveDiff(oldRead, newRead), 3);
  const d = ours.result.d;
  const added = d.mentions.added.length + d.claims.added.length, removed = d.mentions.removed.length + d.claims.removed.length;
  assert.equal(naive.result.added, added, 'the same annotations added');
  assert.equal(naive.result.removed, removed, 'the same annotations removed');
  assert.equal(naive.result.changed, d.mentions.changed.length + d.claims.changed.length, 'the same field changes');
  console.log(`changes found: ${added} added, ${removed} removed, ${d.claims.changed.filter(c => c.field === 'stance').length} stances, ${d.reanchored.length} re-anchored, ${d.orphaned.length} orphaned`);
  console.log(`claimlens diff (read both + compare + text and JSON): ${fmt(ours)}, target < 200 ms ${ours.cpu < 200 ? 'OK' : 'MISSED'}`);
  console.log(`compare only: ${fmt(compareOnly)}; naive list scan: ${fmt(naive)} (${(naive.cpu / compareOnly.cpu).toFixed(0)}x slower)`);
  console.log('results identical: yes');
  await corpusPart();
}

main().catch(e => { console.error(e); process.exit(1); });
