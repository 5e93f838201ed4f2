// Host benchmarks: measured inside a real VS Code extension host (`npm run bench`, part 3).
//
// How a run works: scripts/bench.mjs starts out/test/runTest.js with CLAIMLENS_BENCH=1, which opens an EMPTY
// temp workspace (nothing activates ClaimLens before the benchmark does) and points the host at this file.
// Every *.bench.js next to it runs in mocha (tdd ui), in file-name order, in ONE extension host, and the
// figures passed to record() are written as JSON to $CLAIMLENS_BENCH_OUT, which bench.mjs prints.
//
// Adding an editor benchmark (per-keystroke cost, decorations for 5,000 annotations, ...):
//   1. create test/integration/bench/<topic>.bench.ts with `suite(...)`/`test(...)` like activation.bench.ts;
//   2. prepare its input inside the test (write files into the workspace folder with vscode.workspace.fs,
//      open them, run commands; repoRoot() gives the repository for samples/fixtures);
//   3. time with performance.now() or medianMs() and call record(name, value, unit);
//   4. `npm run bench` picks it up (scripts/build.mjs compiles test/integration/**).
// Activation happens once per host, so activation.bench.ts runs first; later files find ClaimLens active.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { results } from './results';

export function run(): Promise<void> {
  // CLAIMLENS_TEST_GREP runs only the matching benchmarks (activation always runs: the others need it).
  const grep = process.env.CLAIMLENS_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000, reporter: 'spec', ...(grep ? { grep: new RegExp(`Activation|${grep}`) } : {}) });
  const files = fs.readdirSync(__dirname).filter(f => f.endsWith('.bench.js'))
    .sort((a, b) => Number(b === 'activation.bench.js') - Number(a === 'activation.bench.js') || a.localeCompare(b));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run(failures => {
      const out = process.env.CLAIMLENS_BENCH_OUT;
      if (out) {
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, JSON.stringify({ vscode: vscode.version, results }, null, 2) + '\n');
      }
      if (failures) reject(new Error(`${failures} benchmark(s) failed.`));
      else resolve();
    });
  });
}
