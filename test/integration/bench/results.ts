// Figures measured by the host benchmarks. index.ts writes them as JSON to $CLAIMLENS_BENCH_OUT when the
// run ends, and scripts/bench.mjs prints them as a table.
import * as path from 'path';

export interface BenchResult {
  name: string;   // what was measured, e.g. "activation: open article -> extension active"
  value: number;
  unit: string;   // "ms", "ms/keystroke", ...
  note?: string;
}

export const results: BenchResult[] = [];

/** The repository (for samples/ and test/fixtures/); the workspace folder itself starts empty. */
export function repoRoot(): string {
  return process.env.CLAIMLENS_REPO_ROOT ?? path.resolve(__dirname, '../../..');
}

export function record(name: string, value: number, unit = 'ms', note?: string): void {
  results.push({ name, value: Math.round(value * 100) / 100, unit, ...(note ? { note } : {}) });
  console.log(`    ${name}: ${value.toFixed(2)} ${unit}${note ? ` (${note})` : ''}`);
}

/** Runs fn `runs` times after `warmup` unmeasured runs and returns the median time in ms. */
export async function medianMs(fn: () => unknown, runs = 20, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Polls `probe` until it gives a value (every 10 ms, so a wait costs little in the figures). */
export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 30000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error('benchmark timed out waiting');
    await new Promise(r => setTimeout(r, 10));
  }
}
