import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { CliContext } from '../../src/cli/common';
import { NodeFileSystem } from '../../src/cli/nodeFileSystem';
import { escapeGithubData, escapeGithubProperty, validateCommand, ValidateOptions } from '../../src/cli/validate';

const SAMPLES = path.resolve(__dirname, '../../samples');
const SIDECAR = '000_30b9ca53c861b234.txt.annotations.yaml';

const temps: string[] = [];
after(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });

/** The samples in a folder whose name needs escaping in a workflow command, one sidecar with an orphan and two fuzzy anchors. */
function corpus(): { root: string; ids: { orphan: string; low: string; high: string } } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-strict-'));
  temps.push(root);
  const dir = path.join(root, 'team a,b:c');
  fs.cpSync(SAMPLES, dir, { recursive: true });
  const file = path.join(dir, SIDECAR);
  const s = loadSidecar(fs.readFileSync(file, 'utf8')).sidecar!;
  s.mentions[0].anchor = 'orphan';
  s.mentions[1].anchor = 'fuzzy'; s.mentions[1].score = 0.5;
  s.mentions[2].anchor = 'fuzzy'; s.mentions[2].score = 0.95;
  fs.writeFileSync(file, serializeSidecar(s));
  return { root, ids: { orphan: s.mentions[0].id, low: s.mentions[1].id, high: s.mentions[2].id } };
}

async function validate(cwd: string, options: ValidateOptions): Promise<{ code: number; lines: string[]; stderr: string }> {
  let stdout = '', stderr = '';
  const ctx: CliContext = { cwd, fs: new NodeFileSystem(), out: l => { stdout += l + '\n'; }, err: l => { stderr += l + '\n'; } };
  const code = await validateCommand(ctx, [], options);
  return { code, lines: stdout.split('\n').filter(Boolean), stderr };
}

describe('claimlens validate --strict / --min-score / --format github', () => {
  let c: ReturnType<typeof corpus>;
  before(() => { c = corpus(); });

  it('without --strict, orphans and fuzzy anchors are warnings and pass', async () => {
    const r = await validate(c.root, {});
    assert.equal(r.code, 0, r.lines.join('\n'));
    assert.equal(r.lines.filter(l => / warning: /.test(l)).length, 3, r.lines.join('\n'));
  });

  it('--strict fails on the orphan and on the fuzzy anchor below the default minimum, not on the good one', async () => {
    const r = await validate(c.root, { strict: true });
    assert.equal(r.code, 1);
    const errors = r.lines.filter(l => / error: /.test(l));
    assert.equal(errors.length, 2, r.lines.join('\n'));
    assert.match(errors.join('\n'), /orphaned annotation/);
    assert.match(errors.join('\n'), /score 0\.5 is below the minimum 0\.8/);
    assert.equal(r.lines.filter(l => / warning: .*score 0\.95/.test(l)).length, 1);
    assert.match(r.stderr, /\(strict\): 2 errors, 1 warning/);
  });

  it('--min-score sets the threshold, with or without --strict; a bad value is a usage error', async () => {
    assert.equal((await validate(c.root, { strict: true, minScore: '0.4' })).lines.filter(l => / error: /.test(l)).length, 1);
    const alone = await validate(c.root, { minScore: '0.99' });
    assert.equal(alone.code, 1);
    assert.equal(alone.lines.filter(l => / error: /.test(l)).length, 2, 'both fuzzy anchors, not the orphan');
    await assert.rejects(validate(c.root, { minScore: 'high' }), /--min-score expects a number from 0 to 1/);
    await assert.rejects(validate(c.root, { minScore: '1.5' }), /--min-score expects a number from 0 to 1/);
    await assert.rejects(validate(c.root, { format: 'junit' }), /unknown format 'junit'/);
  });

  it('--format github prints one workflow command per problem, at its line, with properties escaped', async () => {
    const r = await validate(c.root, { strict: true, format: 'github' });
    assert.equal(r.code, 1);
    assert.equal(r.lines.length, 3);
    for (const l of r.lines) assert.match(l, /^::(error|warning) file=team a%2Cb%3Ac\/000_30b9ca53c861b234\.txt\.annotations\.yaml,line=\d+,col=\d+,title=claimlens (orphan|fuzzy)::/);
    const orphan = r.lines.find(l => l.includes(c.ids.orphan) || /orphaned/.test(l))!;
    assert.match(orphan, /^::error .*line=7,col=5,/);
  });

  it('escapes data and properties by GitHub\'s rules', () => {
    assert.equal(escapeGithubData('100% sure\r\nnext: a,b'), '100%25 sure%0D%0Anext: a,b');
    assert.equal(escapeGithubProperty('a%b\nc:d,e'), 'a%25b%0Ac%3Ad%2Ce');
  });
});

describe('claimlens validate options on the command line', () => {
  it('parses --strict, --min-score and --format github', async () => {
    const c = corpus();
    let stdout = '', stderr = '';
    const code = await runCli(['validate', '--strict', '--min-score', '0.4', '--format', 'github'], { cwd: c.root, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
    assert.equal(code, 1, stderr);
    const lines = stdout.split('\n').filter(Boolean);
    assert.deepEqual(lines.map(l => l.slice(0, l.indexOf(' '))), ['::error', '::warning', '::warning']);
    const bad = await runCli(['validate', '--min-score'], { cwd: c.root, stdout: () => undefined, stderr: s => { stderr += s; } });
    assert.equal(bad, 2);
  });
});
