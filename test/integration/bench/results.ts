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

/** The median of some figures (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
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

/**
 * Resolves once `event` has not fired for `quietMs` (at most `timeoutMs` after the call): for
 * waiting until the extension has taken in a burst of file-watcher reports.
 */
export async function quietFor(event: (listener: () => void) => { dispose(): void }, quietMs: number, timeoutMs = 120000): Promise<void> {
  let last = performance.now();
  const listening = event(() => { last = performance.now(); });
  const start = performance.now();
  try {
    while (performance.now() - last < quietMs) {
      if (performance.now() - start > timeoutMs) throw new Error(`still busy after ${timeoutMs} ms`);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  } finally {
    listening.dispose();
  }
}
