// `claimlens textconv` as git uses it: through a real `git diff` and `git log -p` in a temporary
// repository with the `diff=claimlens` attribute, a changed claim reads as one changed line.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SAMPLES = path.join(ROOT, 'samples');
const SIDECAR = '000_30b9ca53c861b234.txt.annotations.yaml';

describe('textconv through git diff', function () {
  this.timeout(60_000);
  let dir: string;
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  before(function () {
    // The verb arrives with the git integration (`claimlens git-setup`); until then there is nothing to test.
    if (!fs.existsSync(CLI) || spawnSync(process.execPath, [CLI, 'help', 'textconv']).status !== 0) this.skip();
  });

  it('shows a re-coded claim as one removed and one added annotation line', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-textconv-'));
    fs.cpSync(SAMPLES, dir, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir, '.gitattributes'), '*.annotations.yaml diff=claimlens\n');
    // git runs textconv through a shell; the paths are quoted for it.
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    git('config', 'diff.claimlens.textconv', `${quote(process.execPath)} ${quote(CLI)} textconv`);
    git('add', '.');
    git('commit', '-q', '-m', 'annotated');
    const file = path.join(dir, SIDECAR);
    const s = loadSidecar(fs.readFileSync(file, 'utf8')).sidecar!;
    const claim = s.claims[0];
    const from = claim.stance!, to = from === 'oppose' ? 'support' : 'oppose';
    claim.stance = to;
    fs.writeFileSync(file, serializeSidecar(s));

    const check = (out: string) => {
      const changed = out.split('\n').filter(l => /^[-+][^-+]/.test(l));
      assert.equal(changed.length, 2, out);
      assert.ok(changed[0].startsWith('-') && changed[0].includes(claim.id) && changed[0].includes(from), changed[0]);
      assert.ok(changed[1].startsWith('+') && changed[1].includes(claim.id) && changed[1].includes(to), changed[1]);
      assert.doesNotMatch(out, /^[-+]\s+stance:/m, 'no raw YAML lines');
    };
    check(git('diff'));
    git('commit', '-q', '-am', 'stance re-coded');
    check(git('log', '-p', '-1', '--format='));
  });
});
