#!/usr/bin/env node
// code-headless: a stand-in for the `code` CLI that runs ClaimLens in a REAL VS Code (the VS Code 1.139 server
// inside code-server, with the ordinary Node extension host) without a desktop VS Code. Works offline.
//
// Test mode (what @vscode/test-electron calls as `vscodeExecutablePath`, see test/integration/runTest.ts):
//   code-headless.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER] [--screenshot-dir=DIR]
//   The workbench runs in headless Chromium; exit code = the extension host's exit code (0 = tests passed).
//   Tests may ask for PNGs of the workbench (test/integration/screenshot.ts) when a screenshot dir is set.
//
// Drive mode (the VSIX tier, scripts/test.mjs): no extension under development and no test payload at all:
//   code-headless.mjs --install-extension=X.vsix --drive=MODULE.mjs FOLDER
//   The .vsix is installed into the profile as `code --install-extension` does, FOLDER opens as it would for a user,
//   and MODULE's default export gets { page, workspace, userData, serverLog, say } and resolves to the exit code.
//   --workspace-trust keeps VS Code's workspace trust on (a new folder opens in Restricted Mode).
//
// Serve mode (what `npm start` uses when there is no desktop `code`):
//   code-headless.mjs --extensionDevelopmentPath=DIR [FOLDER] [--port=8080]
//   Serves the workbench on 127.0.0.1:PORT and prints the URL that opens FOLDER with the extension under
//   development loaded; runs until Ctrl-C.
//
// Env: CLAIMLENS_VSCODE_RUNTIME (runtime folder, see setup-vscode-runtime.mjs), CHROMIUM (default /usr/bin/chromium),
//      CODE_HEADLESS_TIMEOUT_S (default 600), CODE_HEADLESS_STARTUP_TIMEOUT_S (default 120),
//      CODE_HEADLESS_VERBOSE=1 (all server/workbench/browser logs), CODE_HEADLESS_KEEP=1 (keep the temp profile),
//      CODE_HEADLESS_SCREENSHOT_DIR (= --screenshot-dir), PORT (serve mode port; 0 = any free port).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import util from 'node:util';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { runtimePaths, runtimeReady } from './setup-vscode-runtime.mjs';

// ---- parse a `code`-style command line; Electron-only flags are accepted and ignored ----
const opts = { dev: [], tests: undefined, folder: undefined, shots: process.env.CODE_HEADLESS_SCREENSHOT_DIR,
  extDir: undefined, disableExtensions: false, port: undefined, serve: false, install: [], drive: undefined, trust: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  let a = argv[i], v;
  if (!a.startsWith('--')) { opts.folder ??= path.resolve(a); continue; }
  const eq = a.indexOf('=');
  if (eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
  const val = () => v ?? argv[++i];
  switch (a) {
    case '--extensionDevelopmentPath': opts.dev.push(path.resolve(val())); break;
    case '--extensionTestsPath': opts.tests = path.resolve(val()); break;
    case '--extensions-dir': opts.extDir = path.resolve(val()); break;
    case '--user-data-dir': val(); break;          // always a fresh temp profile instead
    case '--screenshot-dir': opts.shots = val(); break;
    case '--port': opts.port = val(); break;
    case '--serve': opts.serve = true; break;
    case '--disable-extensions': opts.disableExtensions = true; break; // installed extensions off (built-ins stay on)
    case '--install-extension': opts.install.push(path.resolve(val())); break; // a .vsix, installed as a user does
    case '--drive': opts.drive = path.resolve(val()); break; // a module that drives the workbench page (see below)
    case '--workspace-trust': opts.trust = true; break;  // ask for workspace trust, as VS Code does by default
    case '--folder-uri': opts.folder = new URL(val()).pathname; break;
    default: break;                                 // --no-sandbox, --disable-updates, --skip-welcome, ...
  }
}
if (!opts.tests && !opts.drive) opts.serve = true;
if (!opts.dev.length && !opts.drive) {
  console.error('usage: code-headless --extensionDevelopmentPath=DIR [--extensionTestsPath=FILE] [FOLDER]');
  process.exit(2);
}
if (opts.shots) opts.shots = path.resolve(opts.shots);

const { node, codeServerEntry: entry, chromium: chromiumPath } = runtimePaths;
const timeoutMs = 1000 * Number(process.env.CODE_HEADLESS_TIMEOUT_S ?? 600);
const verbose = !!process.env.CODE_HEADLESS_VERBOSE;
const t0 = Date.now();
const say = (...a) => console.log(`[code-headless +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
if (!runtimeReady()) { console.error('code-headless: VS Code runtime missing; run: node scripts/setup-vscode-runtime.mjs'); process.exit(2); }
if (!opts.serve && !fs.existsSync(chromiumPath)) { console.error(`code-headless: chromium not found at ${chromiumPath} (set CHROMIUM)`); process.exit(2); }

// ---- throw-away profile ----
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'code-headless-'));
const userData = path.join(tmp, 'user-data'), signalDir = path.join(tmp, 'signal'), xdg = path.join(tmp, 'xdg');
const extDir = opts.extDir ?? path.join(tmp, 'extensions');
for (const d of [path.join(userData, 'User'), extDir, xdg, signalDir]) fs.mkdirSync(d, { recursive: true });
fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\n');
// The profile is a user's default profile: chat and its secondary side bar, git, the welcome page and the
// minimap all stay on. Only what cannot work on an offline machine, or would block a headless run, is off:
const settings = {
  // Update and marketplace checks, and telemetry, only time out without internet.
  'update.mode': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
  // A new folder would open in Restricted Mode behind a modal trust prompt that no one answers in a headless run.
  // Users trust their own folders; Restricted Mode is exercised by tests that ask for it (--workspace-trust).
  ...(opts.trust ? {} : { 'security.workspace.trust.enabled': false }),
  // Test runs keep one light theme so that screenshots in the README look the same from run to run.
  ...(opts.serve ? {} : { 'workbench.colorTheme': 'Default Light Modern' }),
};
fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify(settings, null, 1));

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer().once('error', reject)
    .listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
// Tests always take a free port; serving defaults to a fixed, bookmarkable one (PORT=0 picks a free one).
if (opts.serve) opts.port ??= process.env.PORT || '8080';
const port = Number(opts.port) > 0 ? Number(opts.port) : await freePort();

// Extensions installed as a user installs them (`code --install-extension x.vsix`), into this profile.
for (const vsix of opts.install) {
  const r = spawnSync(node, [entry, '--user-data-dir', userData, '--extensions-dir', extDir, '--install-extension', vsix],
    { env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg }, encoding: 'utf8' });
  if (r.status !== 0) { console.error(`code-headless: installing ${vsix} failed:\n${r.stdout}${r.stderr}`); fs.rmSync(tmp, { recursive: true, force: true }); process.exit(2); }
  say(`installed ${path.basename(vsix)}: ${r.stdout.trim().split('\n').pop()}`);
}

const server = spawn(node, [entry, '--config', path.join(tmp, 'config.yaml'), '--auth', 'none',
  '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...(opts.trust ? [] : ['--disable-workspace-trust']),
  '--disable-getting-started-override', '--ignore-last-opened', '--user-data-dir', userData, '--extensions-dir', extDir,
  // A *built* workbench only honours the URL payload (extensionDevelopmentPath / extensionTestsPath) when the
  // smoke-test driver is enabled; --vscode-option forwards the flag to the embedded VS Code server.
  '--vscode-option', 'enable-smoke-test-driver'], {
  // The extension host is a child of code-server and inherits this env (test-electron's extensionTestsEnv ends up here).
  env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, ...(opts.shots ? { CODE_HEADLESS_SIGNAL_DIR: signalDir } : {}) },
  stdio: ['ignore', 'pipe', 'pipe'], detached: true /* own process group, killed as a whole */ });
let serverLog = '';
for (const s of [server.stdout, server.stderr]) s.on('data', d => {
  serverLog = (serverLog + d).slice(-200_000);
  if (verbose) process.stdout.write('[server] ' + d);
});

let browser, exitCode = 1, finished = false;
const groupAlive = () => { try { process.kill(-server.pid, 0); return true; } catch { return false; } };
async function cleanup() {
  if (finished) return;
  finished = true;
  try { await browser?.close(); } catch {}
  try { process.kill(-server.pid, 'SIGTERM'); } catch {}
  for (let i = 0; i < 50 && groupAlive(); i++) await new Promise(r => setTimeout(r, 100));
  if (groupAlive()) try { process.kill(-server.pid, 'SIGKILL'); } catch {}
  if (process.env.CODE_HEADLESS_KEEP) say(`kept ${tmp}`); else fs.rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, async () => { await cleanup(); process.exit(opts.serve ? 0 : 130); });
// Whoever started us went away without a signal (killed test runner, closed npm): never leave code-server behind.
const parentPid = process.ppid;
setInterval(async () => { if (process.ppid !== parentPid && !finished) { say('parent process gone; stopping'); await cleanup(); process.exit(1); } }, 1000).unref();

// vscode-remote://<host:port>/abs/path = a path on the code-server machine (the workbench's authority is location.host)
const remote = p => `vscode-remote://127.0.0.1:${port}${pathToFileURL(p).pathname}`;
const workbenchUrl = extra => {
  const where = opts.folder ? `folder=${encodeURIComponent(opts.folder)}` : 'ew=true';
  // Driving the workbench as a user does: no payload at all, so VS Code opens as it opens for anyone.
  if (opts.drive) return `http://127.0.0.1:${port}/?${where}`;
  // Test runs skip the welcome page and release notes, as @vscode/test-electron does for a desktop VS Code.
  const payload = [...opts.dev.map(d => ['extensionDevelopmentPath', remote(d)]), ...extra,
    ['skipWelcome', 'true'], ['skipReleaseNotes', 'true'], ...(opts.disableExtensions ? [['disableExtensions', 'true']] : [])];
  return `http://127.0.0.1:${port}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
};

async function waitForServer() {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return; } catch {}
    if (i > 600 || server.exitCode !== null) throw new Error('code-server did not start:\n' + serverLog);
    await new Promise(r => setTimeout(r, 100));
  }
}

if (opts.serve) {
  try {
    await waitForServer();
  } catch (e) { console.error('code-headless:', e.message); await cleanup(); process.exit(2); }
  const url = workbenchUrl([]);
  fs.writeFileSync(path.join(tmp, 'url.txt'), url);
  say(`VS Code ${opts.folder ? `on ${opts.folder} ` : ''}with ${opts.dev.join(', ')} under development:`);
  console.log(`\n  ${url}\n`);
  console.log('  Open this URL in a browser (the extension is loaded through the URL; a plain http://127.0.0.1:' +
    `${port}/ opens VS Code without it). Reload the page after rebuilding. Ctrl-C to stop.\n`);
  server.on('exit', async code => { if (!finished) { say(`code-server exited (${code})`); await cleanup(); process.exit(1); } });
  await new Promise(() => {}); // until a signal arrives
}

// ---- test mode ----
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

// Benign messages of an offline workbench; everything else the workbench logs (incl. the extension host's
// console output, i.e. the mocha reporter) is printed.
const NOISE = /ENOTFOUND|authentication provider 'github'|connection token|Creating a socket|\[AgentHost|\[AccountPolicyGate\]|\[Service Worker\]|reconnection-grace-time|additional builtin extensions cache|\[ChatModelSelection\]|onWillSaveTextDocument/;

try {
  await waitForServer();
  say(`code-server listening on 127.0.0.1:${port}`);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg }, // no ~/.config/chromium
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  let resolveExit;
  const exited = new Promise(r => { resolveExit = r; });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const msg = Array.isArray(args) ? util.format(...args) : String(args);
    if (verbose || !NOISE.test(msg)) console.log(type === 'error' || type === 'warn' ? `[vscode ${type}] ${msg}` : msg);
  });
  await page.exposeFunction('codeAutomationExit', code => resolveExit(code)); // called when the extension host exits
  page.on('console', m => { if (verbose) console.log(`[browser ${m.type()}] ${m.text()}`); });
  page.on('crash', () => { say('page crashed'); resolveExit('crash'); });

  const resp = await page.goto(workbenchUrl(opts.tests ? [['extensionTestsPath', remote(opts.tests)]] : []));
  if (!resp?.ok()) throw new Error(`workbench page: HTTP ${resp?.status()}`);
  say(opts.drive ? 'workbench loaded; driving it' : 'workbench loaded; extension host starting the tests');
  // Drive mode: the module's default export gets the page and the profile and resolves to the exit code.
  if (opts.drive) (async () => {
    const driver = await import(pathToFileURL(opts.drive).href);
    return driver.default({ page, workspace: opts.folder, userData, serverLog: () => serverLog, say });
  })().then(resolveExit, e => { console.error('drive failed:', e); resolveExit(1); });
  // Fail fast if the extension host never starts (e.g. wrong Node version for code-server).
  const startupMs = 1000 * Number(process.env.CODE_HEADLESS_STARTUP_TIMEOUT_S ?? 120);
  const noHost = new Promise(r => { const iv = setInterval(() => {
    if (/Launched Extension Host Process/.test(serverLog) || finished) clearInterval(iv);
    else if (Date.now() - t0 > startupMs) { clearInterval(iv); r('no-extension-host'); } }, 500); });

  if (opts.shots) (async () => {   // screenshot requests from the tests: <signal>/<name>.req -> <shots>/<name>.png
    fs.mkdirSync(opts.shots, { recursive: true });
    while (!finished) {
      for (const f of fs.readdirSync(signalDir).filter(f => f.endsWith('.req'))) {
        const name = f.slice(0, -4);
        fs.unlinkSync(path.join(signalDir, f));
        await new Promise(r => setTimeout(r, 1000)); // let the renderer paint
        await page.screenshot({ path: path.join(opts.shots, `${name}.png`) });
        fs.writeFileSync(path.join(signalDir, `${name}.done`), '');
        say(`screenshot ${path.join(opts.shots, name + '.png')}`);
      }
      await new Promise(r => setTimeout(r, 150));
    }
  })().catch(e => say('screenshot loop failed:', e.message));

  const code = await Promise.race([exited, noHost, new Promise(r => setTimeout(() => r('timeout'), timeoutMs))]);
  if (code === 'no-extension-host') { say(`extension host did not start within ${startupMs / 1000}s`); exitCode = 4; }
  else if (code === 'crash') exitCode = 5;
  else if (code === 'timeout') {
    say(`TIMEOUT after ${timeoutMs / 1000}s`); exitCode = 3;
    try { await page.screenshot({ path: path.join(opts.shots ?? tmp, 'timeout.png') }); } catch {}
  } else exitCode = Number(code);
  say(`extension host exited with code ${code}`);
} catch (e) {
  console.error('code-headless:', e); exitCode = 2;
} finally {
  if (exitCode !== 0 && exitCode !== 1) console.log('---- code-server log (tail) ----\n' + serverLog.split('\n').slice(-30).join('\n'));
  await cleanup();
}
process.exit(exitCode);
