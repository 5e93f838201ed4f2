// The command line where the corpus lives: the packed npm package (one bundled file, no
// dependencies) installed into an empty folder without network, and the GitHub Action's steps.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { version } from '../../package.json';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLES = path.join(ROOT, 'samples');
const SIDECAR = '000_30b9ca53c861b234.txt.annotations.yaml';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const temps: string[] = [];
after(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-pack-'));
  temps.push(dir);
  return dir;
}

describe('the packed command line', function () {
  this.timeout(240_000);
  let bin: string, binDir: string;

  before(() => {
    const out = tempDir();
    const tarball = execFileSync(process.execPath, [path.join(ROOT, 'scripts/pack-cli.mjs'), `--out=${out}`], { encoding: 'utf8' }).trim();
    assert.ok(fs.existsSync(tarball), tarball);
    const listed = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    assert.deepEqual(listed, ['package/LICENSE', 'package/README.md', 'package/cli.js', 'package/package.json'], 'the bin and nothing else');
    const install = tempDir();
    // Offline: the package must need nothing from a registry.
    execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: install, encoding: 'utf8' });
    binDir = path.join(install, 'node_modules', '.bin');
    bin = path.join(binDir, 'claimlens');
    const manifest = JSON.parse(fs.readFileSync(path.join(install, 'node_modules/claimlens-cli/package.json'), 'utf8'));
    assert.deepEqual(manifest.bin, { claimlens: 'cli.js' });
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(fs.readdirSync(path.join(install, 'node_modules')).filter(n => !n.startsWith('.')), ['claimlens-cli'], 'installs nothing else');
  });

  it('runs: --version, validate --strict, diff', () => {
    assert.equal(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim(), version);
    const corpus = tempDir();
    fs.cpSync(SAMPLES, corpus, { recursive: true });
    const ok = spawnSync(bin, ['validate', '--strict', '--format', 'github'], { cwd: corpus, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const same = spawnSync(bin, ['diff', '--format', 'json', SIDECAR, SIDECAR], { cwd: corpus, encoding: 'utf8' });
    assert.equal(same.status, 0, same.stderr);
    assert.deepEqual(JSON.parse(same.stdout).claims, { added: [], removed: [], changed: [] });
  });

  it('the action passes inputs through env only, and its validate step fails the check on an orphan with a workflow command', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
    assert.equal(action.runs.using, 'composite');
    const steps: { name?: string; run?: string; env?: Record<string, string> }[] = action.runs.steps;
    for (const step of steps) {
      // Inputs and event data go through env; pasted into a script they could inject commands.
      if (step.run) assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: no expressions inside the script`);
    }
    for (const m of JSON.stringify(steps).matchAll(/inputs\.([a-z-]+)/g)) assert.ok(m[1] in action.inputs, `input ${m[1]} is declared`);
    const validate = steps.find(s => s.run?.includes('claimlens validate --strict --format github'));
    assert.ok(validate, 'a step validates strictly in the github format');
    const corpus = tempDir();
    fs.cpSync(SAMPLES, path.join(corpus, 'articles'), { recursive: true });
    const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}`, PATHS: 'articles', MIN_SCORE: '' };
    const passing = spawnSync('bash', ['-c', validate.run!], { cwd: corpus, env, encoding: 'utf8' });
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    const file = path.join(corpus, 'articles', SIDECAR);
    const s = loadSidecar(fs.readFileSync(file, 'utf8')).sidecar!;
    s.mentions[0].anchor = 'orphan';
    fs.writeFileSync(file, serializeSidecar(s));
    const failing = spawnSync('bash', ['-c', validate.run!], { cwd: corpus, env, encoding: 'utf8' });
    assert.equal(failing.status, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /^::error file=articles\/000_30b9ca53c861b234\.txt\.annotations\.yaml,line=7,col=5,title=claimlens orphan::orphaned annotation/m);
  });
});
