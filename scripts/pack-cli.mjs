#!/usr/bin/env node
// `npm run pack:cli`: the command line as an npm package of its own, for a corpus repository's CI
// (which does not clone ClaimLens). The package holds the production bundle of dist/cli.js (one
// file, every library bundled in), a package.json with the `claimlens` bin and no dependencies,
// the README of cli/ and the licence; `npm pack` makes the tarball, ready to publish.
//   node scripts/pack-cli.mjs [--out=<folder>]   (default out/cli; prints the tarball's path)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.find(a => a.startsWith('--out='))?.slice('--out='.length);
const out = path.resolve(root, outArg ?? 'out/cli');
const stage = path.join(out, 'package');
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });

execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--production', `--dist=${path.relative(root, path.join(stage, 'dist'))}`],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
// The production build writes every bundle; the package wants only the command line.
fs.renameSync(path.join(stage, 'dist/cli.js'), path.join(stage, 'cli.js'));
fs.rmSync(path.join(stage, 'dist'), { recursive: true, force: true });
fs.chmodSync(path.join(stage, 'cli.js'), 0o755);

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const pkg = {
  name: 'claimlens-cli',
  version: manifest.version,
  description: 'The claimlens command line: validate, count, format and diff ClaimLens annotations (sidecar YAML) in CI.',
  license: manifest.license,
  bin: { claimlens: 'cli.js' },
  files: ['cli.js'],
  engines: { node: manifest.engines.node },
  keywords: ['claimlens', 'annotation', 'ci'],
};
fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
fs.copyFileSync(path.join(root, 'cli/README.md'), path.join(stage, 'README.md'));
fs.copyFileSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', out], { cwd: stage, encoding: 'utf8', shell: process.platform === 'win32' }));
const tarball = path.join(out, packed[0].filename);
console.log(tarball);
