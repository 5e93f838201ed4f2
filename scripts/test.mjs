#!/usr/bin/env node
// `npm test` (after `npm run build`, its pretest): every test tier, each reported, non-zero exit if any fails.
//   1. unit tests         mocha + tsx over test/unit/**/*.test.ts (.mocharc.json)
//   2. grammar tests      `npm run test:grammar`, when package.json has that script
//   3. integration tests  test/integration/suite/*.test.ts inside a real VS Code (out/test/runTest.js)
//   4. restricted tests   test/integration/restricted/*.test.ts in a real VS Code with workspace trust on, the folder untrusted
//   5. web tests          test/web/*.test.ts: dist/web/extension.js in VS Code's web-worker extension host (as on
//                         vscode.dev), on a virtual file system holding a copy of test/fixtures/workspace
//   6. VSIX tests         the production VSIX installed into VS Code with default settings, opened on a copy of samples/
//                         and driven through the workbench like a user (test/vsix/drive.mjs)
// The system packages and the VS Code runtime the integration tests need are installed first when missing
// (scripts/setup-vscode-runtime.mjs; a one-time step of a few minutes), and so is the web tier's runtime
// (scripts/setup-web-runtime.mjs: @vscode/test-web and a VS Code web build from npm, driving the system's Chromium).
//
//   node scripts/test.mjs [--unit] [--grammar] [--integration] [--restricted] [--web] [--vsix]   only the named tiers (default: all)
//   node scripts/test.mjs --screenshots                          integration tier only; tests that call
//                                                                screenshot() save PNGs into docs/images/
// VSCODE_EXECUTABLE=/path/to/code runs the integration tests in a desktop VS Code (see runTest.ts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ensurePrerequisites, ensureRuntime, runtimePaths } from './setup-vscode-runtime.mjs';
import { ensureWebRuntime, webRuntimeEnv, webRuntimePaths } from './setup-web-runtime.mjs';

process.chdir(ROOT);
const args = process.argv.slice(2);
const screenshots = args.includes('--screenshots');
const ALL_TIERS = ['unit', 'grammar', 'integration', 'restricted', 'web', 'vsix'];
const picked = ALL_TIERS.filter(t => args.includes(`--${t}`));
const tiers = screenshots ? ['integration'] : picked.length ? picked : ALL_TIERS;
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const bin = name => path.join(ROOT, 'node_modules/.bin', name);

/**
 * Runs a command with output streamed through; resolves to its exit code and the output (for the summary).
 * With timeoutMs, the command and everything it started (its process group) is killed when it takes longer.
 */
function run(cmd, cmdArgs, env = {}, { timeoutMs } = {}) {
  return new Promise(resolve => {
    const child = spawn(cmd, cmdArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: !!timeoutMs });
    let out = '';
    const timer = timeoutMs && setTimeout(() => {
      const msg = `\ntimed out after ${timeoutMs / 1000} s; stopped\n`;
      out += msg; process.stderr.write(msg);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.stdout.on('data', d => { out += d; process.stdout.write(d); });
    child.stderr.on('data', d => { out += d; process.stderr.write(d); });
    child.on('error', e => { clearTimeout(timer); out += String(e); resolve({ code: 127, out }); });
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code: code ?? (signal ? 128 : 1), out }); });
  });
}

/** A TCP port that is free right now (test-web's default, 3000, may be taken). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, 'localhost', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

/**
 * The web tier: @vscode/test-web serves the workbench, this repository as the extension under development
 * (package.json "browser": dist/web/extension.js) and a temp copy of test/fixtures/workspace as the workspace
 * (vscode-test-web://mount/); headless Chromium runs out/web-test/index.js in the web-worker extension host.
 */
async function runWebTests() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-web-test-'));
  try {
    fs.cpSync('test/fixtures/workspace', workspace, { recursive: true });
    return await run(process.execPath, [webRuntimePaths.testWebCli, '--browserType', 'chromium', '--headless',
      '--quality', 'stable', '--commit', webRuntimePaths.commit, '--testRunnerDataDir', webRuntimePaths.dataDir,
      '--host', 'localhost', '--port', String(await freePort()),
      '--extensionDevelopmentPath', ROOT, '--extensionTestsPath', path.join(ROOT, 'out/web-test/index.js'), workspace],
      webRuntimeEnv(), { timeoutMs: 5 * 60_000 });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/**
 * The VSIX tier: the production package, installed with --install-extension into a VS Code with a user's default
 * profile (chat, secondary side bar and git on), opened on a copy of samples/ with no extension under development,
 * and driven through the workbench page by test/vsix/drive.mjs. Expected counts come from the CLI over the same copy,
 * and opening must leave every file of the folder as it was.
 */
async function runVsixTests() {
  const outDir = path.join(ROOT, 'out/vsix');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const vsix = path.join(outDir, `claimlens-${pkg.version}.vsix`);
  const packed = await run('npm', ['run', '--silent', 'package', '--', '--out', vsix]);
  if (packed.code !== 0) return packed;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-vsix-'));
  try {
    fs.cpSync('samples', workspace, { recursive: true });
    for (const f of fs.readdirSync(workspace)) if (fs.statSync(path.join(workspace, f)).isFile()) fs.chmodSync(path.join(workspace, f), 0o644);
    const before = snapshot(workspace);
    const stats = spawnSync(process.execPath, ['dist/cli.js', 'stats', '--json', workspace], { encoding: 'utf8' });
    if (stats.status !== 0) return { code: 1, out: `claimlens stats failed: ${stats.stderr}` };
    const r = await run(process.execPath, ['scripts/code-headless.mjs', `--install-extension=${vsix}`,
      `--drive=${path.join(ROOT, 'test/vsix/drive.mjs')}`, workspace],
      { CLAIMLENS_EXPECTED_STATS: stats.stdout, CLAIMLENS_VSIX_OUT: outDir }, { timeoutMs: 5 * 60_000 });
    // The walkthrough's first step adds claimlens-sample/; nothing else may appear, change or go.
    const after = snapshot(workspace);
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .filter(f => before.get(f) !== after.get(f) && !(!before.has(f) && f.startsWith('claimlens-sample/')));
    const line = changed.length ? `  ✗ opening the folder changed files: ${changed.join(', ')}\n  1 failing\n` : '  ✔ opening the folder left every file as it was\n';
    process.stdout.write(line);
    return { code: r.code || (changed.length ? 1 : 0), out: r.out + line };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/** file -> content of every file under dir (dot-folders that VS Code may create, like .vscode, left out). */
function snapshot(dir) {
  const files = new Map();
  for (const f of fs.readdirSync(dir, { recursive: true })) {
    const p = path.join(dir, String(f));
    if (!String(f).startsWith('.') && fs.statSync(p).isFile()) files.set(String(f), fs.readFileSync(p, 'latin1'));
  }
  return files;
}

/** "12 passing, 1 failing, 2 pending" from mocha's output (the last report in it). */
function mochaSummary(out) {
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const last = re => { const all = [...plain.matchAll(re)]; return all.length ? all[all.length - 1][1] : undefined; };
  return ['passing', 'failing', 'pending'].map(w => [last(new RegExp(`^\\s*(\\d+) ${w}`, 'gm')), w])
    .filter(([n]) => n !== undefined).map(([n, w]) => `${n} ${w}`).join(', ');
}

const hasFiles = (dir, suffix) => fs.existsSync(dir) &&
  fs.readdirSync(dir, { recursive: true }).some(f => String(f).endsWith(suffix));

const results = [];

/** Installs what a tier in a real VS Code needs (unless VSCODE_EXECUTABLE names one); false, with the tier failed, when it cannot. */
function vscodeRuntimeReady(tier) {
  try {
    if (!process.env.VSCODE_EXECUTABLE) { ensurePrerequisites(); ensureRuntime(); }
    return true;
  } catch (e) {
    console.error(`cannot prepare the VS Code runtime: ${e.message}`);
    results.push({ tier, status: 'FAILED', summary: 'runtime setup failed' });
    return false;
  }
}
const t0 = Date.now();
const section = title => console.log(`\n==== ${title} ${'='.repeat(Math.max(0, 60 - title.length))}`);

for (const tier of tiers) {
  const started = Date.now();
  let r;
  if (tier === 'unit') {
    section('unit tests');
    if (!hasFiles('test/unit', '.test.ts')) { results.push({ tier, status: 'skipped', summary: 'no test/unit/**/*.test.ts' }); continue; }
    r = await run(bin('mocha'), process.stdout.isTTY ? ['--color'] : []);
  } else if (tier === 'grammar') {
    if (!pkg.scripts?.['test:grammar']) continue;
    section('grammar tests');
    r = await run('npm', ['run', '--silent', 'test:grammar']);
  } else if (tier === 'vsix') {
    section('VSIX tests (the package installed into VS Code with default settings)');
    if (!vscodeRuntimeReady(tier)) continue;
    r = await runVsixTests();
  } else if (tier === 'web') {
    section('web tests (web-worker extension host)');
    if (!fs.existsSync('out/web-test/index.js')) {
      console.error('out/web-test/index.js is missing: run `npm run build` first (`npm test` does).');
      results.push({ tier, status: 'FAILED', summary: 'not built' });
      continue;
    }
    try {
      if (!fs.existsSync(runtimePaths.chromium)) ensurePrerequisites();
      ensureWebRuntime();
    } catch (e) {
      console.error(`cannot prepare the web test runtime: ${e.message}`);
      results.push({ tier, status: 'FAILED', summary: 'runtime setup failed' });
      continue;
    }
    r = await runWebTests();
  } else if (tier === 'restricted') {
    section('Restricted Mode tests (real VS Code, workspace trust on, folder untrusted)');
    if (!vscodeRuntimeReady(tier)) continue;
    r = await run(process.execPath, ['out/test/runTest.js'], { CLAIMLENS_RESTRICTED: '1' });
  } else {
    section(screenshots ? 'integration tests (screenshots into docs/images/)' : 'integration tests (real VS Code)');
    if (!fs.existsSync('out/test/runTest.js')) {
      console.error('out/test/runTest.js is missing: run `npm run build` first (`npm test` does).');
      results.push({ tier, status: 'FAILED', summary: 'not built' });
      continue;
    }
    if (!vscodeRuntimeReady(tier)) continue;
    const env = screenshots ? { CODE_HEADLESS_SCREENSHOT_DIR: path.join(ROOT, 'docs/images') } : {};
    r = await run(process.execPath, ['out/test/runTest.js'], env);
  }
  const ticks = ['✓', '✗'].map(t => (r.out.match(new RegExp(`^\\s*${t} `, 'gm')) ?? []).length); // grammar tests
  const summary = mochaSummary(r.out) || (ticks[0] + ticks[1] ? `${ticks[0]} passing${ticks[1] ? `, ${ticks[1]} failing` : ''}` : '') ||
    (r.code === 0 ? 'ok' : `exit code ${r.code}`);
  results.push({ tier, status: r.code === 0 ? 'ok' : 'FAILED', summary, seconds: (Date.now() - started) / 1000 });
}

section('summary');
for (const { tier, status, summary, seconds } of results)
  console.log(`  ${tier.padEnd(12)} ${status.padEnd(8)} ${summary}${seconds !== undefined ? `  (${seconds.toFixed(1)} s)` : ''}`);
const failed = results.filter(r => r.status === 'FAILED');
console.log(`  ${failed.length ? `${failed.length} tier(s) FAILED` : 'all green'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
// One plain closing line with the totals over every tier (CI prints it again at its very end).
const count = word => results.reduce((n, r) => n + Number(new RegExp(`(\\d+) ${word}`).exec(r.summary)?.[1] ?? 0), 0);
const totals = `tests: ${count('passing')} passed, ${count('failing') + failed.filter(r => !/failing/.test(r.summary)).length} failed`;
fs.mkdirSync('out', { recursive: true });
fs.writeFileSync('out/test-totals.txt', totals + '\n');
console.log(totals);
process.exit(failed.length ? 1 : 0);
