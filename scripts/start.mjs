#!/usr/bin/env node
// `npm start`: build, then open VS Code on samples/ with ClaimLens loaded from this folder, rebuilding on change.
//   - a desktop VS Code (`code` on PATH): `code --extensionDevelopmentPath=<repo> samples`
//   - otherwise (or with --serve): the VS Code server from the test runtime (scripts/code-headless.mjs), serving
//     the workbench at http://127.0.0.1:8080 (PORT=… to change, PORT=0 for any free port); open the printed URL.
// Either way esbuild keeps watching; reload the VS Code window (Developer: Reload Window) to pick up changes.
// Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensurePrerequisites, ensureRuntime } from './setup-vscode-runtime.mjs';

process.chdir(ROOT);
const args = process.argv.slice(2);
const folder = path.join(ROOT, args.find(a => !a.startsWith('--')) ?? 'samples');
const onPath = cmd => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const children = [];
const stopAll = () => { for (const c of children) if (c.exitCode === null) c.kill('SIGTERM'); };
const shutdown = () => { stopAll(); setTimeout(() => process.exit(0), 3000).unref(); };
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, shutdown);
// `npm start` stopped without passing the signal on (npm kills only its shell): stop too, leave nothing behind.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) shutdown(); }, 1000).unref();

if (onPath('code') && !args.includes('--serve')) {
  const r = spawnSync('code', [`--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log('VS Code opened with ClaimLens under development; watching for changes (Ctrl-C to stop).');
} else {
  try {
    ensurePrerequisites({ browser: false });
    ensureRuntime();
  } catch (e) {
    console.error(`cannot prepare the VS Code runtime: ${e.message}`);
    process.exit(1);
  }
  const server = spawn(process.execPath, ['scripts/code-headless.mjs', '--serve', `--extensionDevelopmentPath=${ROOT}`, folder],
    { stdio: 'inherit' });
  children.push(server);
  server.on('exit', code => { stopAll(); process.exit(code ?? 0); });
}
children.push(spawn(process.execPath, ['scripts/build.mjs', '--watch'], { stdio: ['ignore', 'inherit', 'inherit'] }));
