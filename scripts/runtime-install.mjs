// Shared by the runtime installers (setup-vscode-runtime.mjs, setup-web-runtime.mjs): one installer
// at a time per cached runtime folder, and the npm client to install with.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Two test runs starting together on a cold machine must not install into the same folder at
 * once; a lock older than 15 minutes is stale (its installer died) and is taken over.
 * Runs `install()` unless `ready()` already holds, holding `<dir>.lock` meanwhile; a process
 * that finds the lock taken waits, and stops waiting as soon as the other install is ready.
 */
export function installOnce(dir, ready, install, log) {
  if (ready()) return;
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let waited = 0; ; waited++) {
    try { fs.mkdirSync(lock); break; } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (Date.now() - fs.statSync(lock).mtimeMs > 15 * 60_000) { fs.rmSync(lock, { recursive: true, force: true }); continue; }
      if (waited === 0) log('another process is installing; waiting');
      spawnSync('sleep', ['2']);
      if (ready()) return;
    }
  }
  try { install(); } finally { fs.rmSync(lock, { recursive: true, force: true }); }
}

/** The npm that runs this project (npm_execpath under `npm run`), else the one on PATH. */
export function npmCli() {
  const execpath = process.env.npm_execpath;
  if (execpath && /npm-cli\.js$/.test(execpath)) return execpath;
  const r = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('npm not found on PATH');
  return fs.realpathSync(r.stdout.trim());
}
