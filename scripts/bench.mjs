#!/usr/bin/env node
// `npm run bench` (after `npm run build`): the project's figures, in three parts.
//   1. bundle sizes: dist/extension.js, dist/web/extension.js, dist/cli.js as built and as shipped
//      (a production build into out/bench/dist), raw and gzip
//   2. every bench/*.bench.ts, run with tsx in plain Node; each prints its own lines
//   3. host benchmarks inside a real VS Code (test/integration/bench/*.bench.ts; how to add one is described in
//      test/integration/bench/index.ts), e.g. activation time, with the production bundles of part 1 as the
//      extension's code; their figures are read back from JSON
// Everything is also written to out/bench/results.json.
//   node scripts/bench.mjs [--no-host]   (--no-host skips part 3)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, ensurePrerequisites, ensureRuntime } from './setup-vscode-runtime.mjs';

process.chdir(ROOT);
const skipHost = process.argv.includes('--no-host');
const all = { date: new Date().toISOString(), node: process.version, sizes: [], scripts: [], host: [] };
let failures = 0;
const heading = title => console.log(`\n## ${title}\n`);
const kb = n => `${(n / 1024).toFixed(1)} KB`;

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => String(r[i]).length)));
  const numeric = c => /^[-\d.]+( |$)/.test(String(c));
  const line = r => r.map((c, i) => (i > 0 && numeric(c) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

// ---- 1. bundle sizes ----
heading('Bundle sizes');
const shipped = 'out/bench/dist';
const prod = spawnSync(process.execPath, ['scripts/build.mjs', '--production', `--dist=${shipped}`], { encoding: 'utf8' });
if (prod.status !== 0) { process.stderr.write(prod.stdout + prod.stderr); failures++; }
const rows = [];
for (const file of ['extension.js', 'web/extension.js', 'cli.js']) {
  const size = p => { if (!fs.existsSync(p)) return undefined; const b = fs.readFileSync(p); return { raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length }; };
  const dev = size(path.join('dist', file)), min = size(path.join(shipped, file));
  all.sizes.push({ file: `dist/${file}`, dev, production: min });
  rows.push([`dist/${file}`, dev ? kb(dev.raw) : '-', min ? kb(min.raw) : '-', min ? kb(min.gzip) : '-']);
}
table(['bundle', 'dev build', 'production', 'production gzip'], rows);

// ---- 2. bench/*.bench.ts ----
heading('Benchmarks (bench/*.bench.ts, Node ' + process.version + ')');
const scripts = fs.existsSync('bench') ? fs.readdirSync('bench').filter(f => f.endsWith('.bench.ts')).sort() : [];
if (!scripts.length) console.log('(none yet: add bench/<topic>.bench.ts that prints its own figures)');
for (const f of scripts) {
  console.log(`### ${f}`);
  const t0 = Date.now();
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join('bench', f)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(r.stdout ?? '');
  all.scripts.push({ file: `bench/${f}`, exitCode: r.status, seconds: (Date.now() - t0) / 1000, output: r.stdout });
  if (r.status !== 0) { console.log(`!! ${f} exited with ${r.status ?? r.signal}`); failures++; }
  console.log();
}

// ---- 3. host benchmarks in a real VS Code ----
heading('In a real VS Code extension host (test/integration/bench)');
if (skipHost) console.log('(skipped: --no-host)');
else if (!fs.existsSync('out/test/bench/index.js')) { console.log('!! out/test/bench/index.js missing: run `npm run build`'); failures++; }
else {
  const out = path.join(ROOT, 'out/bench/host.json');
  fs.rmSync(out, { force: true });
  if (!process.env.VSCODE_EXECUTABLE) { ensurePrerequisites(); ensureRuntime(); }
  const code = await new Promise(resolve => {
    const child = spawn(process.execPath, ['out/test/runTest.js'], { stdio: 'inherit',
      env: { ...process.env, CLAIMLENS_BENCH: '1', CLAIMLENS_BENCH_OUT: out, ...(prod.status === 0 ? { CLAIMLENS_BENCH_DIST: path.join(ROOT, shipped) } : {}) } });
    child.on('close', c => resolve(c ?? 1));
  });
  if (code !== 0) failures++;
  if (fs.existsSync(out)) {
    const host = JSON.parse(fs.readFileSync(out, 'utf8'));
    all.host = host.results;
    console.log(`\nVS Code ${host.vscode}:`);
    table(['measure', 'value', 'note'], host.results.map(r => [r.name, `${r.value} ${r.unit}`, r.note ?? '']));
  } else console.log('!! the host benchmarks wrote no results');
}

fs.mkdirSync('out/bench', { recursive: true });
fs.writeFileSync('out/bench/results.json', JSON.stringify(all, null, 2) + '\n');
console.log(`\n${failures ? `${failures} part(s) FAILED; ` : ''}all figures in out/bench/results.json`);
process.exit(failures ? 1 : 0);
