// `claimlens agree` on copies of a sample article's sidecar in two annotators' folders.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run';
import { AgreementReport } from '../../src/core/agreement/report';
import { Sidecar } from '../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex, lineColumnAt } from '../../src/core/text';

const SAMPLES = path.resolve(__dirname, '../../samples');
const ARTICLE = '000_30b9ca53c861b234.txt';
const SIDECAR = ARTICLE + '.annotations.yaml';

const temps: string[] = [];
after(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });

interface Run { code: number; stdout: string; stderr: string }

async function run(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '', stderr = '';
  const code = await runCli(args, { cwd, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr };
}

function sample(): Sidecar {
  const loaded = loadSidecar(fs.readFileSync(path.join(SAMPLES, SIDECAR), 'utf8'));
  assert.deepEqual(loaded.problems, []);
  return loaded.sidecar!;
}

/**
 * alice/ holds the article and the sample sidecar; bob/ a copy of the sidecar where one mention
 * has another entity, one claim another stance and one mention is missing.
 */
function twoCopies(): { dir: string; recoded: Sidecar['mentions'][number]; dropped: Sidecar['mentions'][number] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-agree-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, 'alice'));
  fs.mkdirSync(path.join(dir, 'bob'));
  fs.copyFileSync(path.join(SAMPLES, ARTICLE), path.join(dir, 'alice', ARTICLE));
  fs.copyFileSync(path.join(SAMPLES, SIDECAR), path.join(dir, 'alice', SIDECAR));
  const bob = sample();
  const recoded = bob.mentions[1];
  recoded.entity = recoded.entity === 'china' ? 'russia' : 'china';
  const dropped = bob.mentions.splice(5, 1)[0];
  bob.claims[0].stance = bob.claims[0].stance === 'oppose' ? 'support' : 'oppose';
  fs.writeFileSync(path.join(dir, 'bob', SIDECAR), serializeSidecar(bob));
  return { dir, recoded, dropped };
}

describe('claimlens agree', () => {
  it('reports scores and the disagreements at their line:column in the article beside a copy', async () => {
    const { dir, recoded, dropped } = twoCopies();
    const r = await run(dir, 'agree', `alice/${SIDECAR}`, `bob/${SIDECAR}`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const s = sample();
    const n = s.mentions.length;
    assert.match(r.stdout, new RegExp(`^Mentions: alice ${n}, bob ${n - 1}$`, 'm'));
    // One of alice's mentions is missing in bob's copy: precision 1, recall (n − 1)/n.
    assert.match(r.stdout, new RegExp(`^  alice ~ bob +exact +1\\.000 +${((n - 1) / n).toFixed(3)} `, 'm'));
    assert.match(r.stdout, /^Disagreements: 3$/m);
    const text = new CodePointIndex(fs.readFileSync(path.join(SAMPLES, ARTICLE), 'utf8'));
    const place = (offset: number) => { const p = lineColumnAt(text, offset); return `${p.line}:${p.column}`; };
    assert.match(r.stdout, new RegExp(`^  ${place(recoded.start)} +mention  entity differs — alice: ${s.mentions[1].entity} `, 'm'));
    assert.match(r.stdout, new RegExp(`^  ${place(dropped.start)} +mention  only alice — alice: ${dropped.entity} “`, 'm'));
    assert.match(r.stdout, new RegExp(`^  ${place(s.claims[0].start)} +claim +stance differs`, 'm'));
  });

  it('writes the report as JSON', async () => {
    const { dir } = twoCopies();
    const r = await run(dir, 'agree', '--format', 'json', `alice/${SIDECAR}`, `bob/${SIDECAR}`);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as AgreementReport;
    assert.deepEqual(report.annotators, ['alice', 'bob']);
    assert.equal(report.disagreements.length, 3);
    assert.ok(report.disagreements.every(d => typeof d.line === 'number' && typeof d.column === 'number'));
    assert.equal(report.mentions.pairs[0].overlap.precision, 1);
    assert.equal(typeof report.mentions.alpha.entity!.alpha, 'number');
    assert.equal(report.claims.pairs[0].kappa.claimant!.kappa, 1);
  });

  it('warns on standard error when the copies were saved against different article versions', async () => {
    const { dir } = twoCopies();
    const bob = loadSidecar(fs.readFileSync(path.join(dir, 'bob', SIDECAR), 'utf8')).sidecar!;
    bob.article.hash = 'sha256:0123456789abcdef';
    fs.writeFileSync(path.join(dir, 'bob', SIDECAR), serializeSidecar(bob));
    const r = await run(dir, 'agree', `alice/${SIDECAR}`, `bob/${SIDECAR}`);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^claimlens agree: warning: the copies were saved against different versions of the article/m);
    assert.doesNotMatch(r.stdout, /warning/);
  });

  it('compares three copies pairwise, and shows offsets when no article is found', async () => {
    const { dir } = twoCopies();
    fs.mkdirSync(path.join(dir, 'carol'));
    fs.copyFileSync(path.join(dir, 'bob', SIDECAR), path.join(dir, 'carol', SIDECAR));
    fs.rmSync(path.join(dir, 'alice', ARTICLE));
    const r = await run(dir, 'agree', `alice/${SIDECAR}`, `bob/${SIDECAR}`, `carol/${SIDECAR}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /no article found beside the copies/);
    for (const pair of ['alice ~ bob', 'alice ~ carol', 'bob ~ carol']) assert.match(r.stdout, new RegExp(`^  ${pair} +overlap `, 'm'));
    assert.match(r.stdout, /^  @\d+ +mention  only alice — alice: /m);
  });

  it('takes the article from --article', async () => {
    const { dir } = twoCopies();
    fs.renameSync(path.join(dir, 'alice', ARTICLE), path.join(dir, 'article.txt'));
    const r = await run(dir, 'agree', '--article', 'article.txt', `alice/${SIDECAR}`, `bob/${SIDECAR}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^  \d+:\d+ +mention  entity differs/m);
  });

  it('refuses wrong usage with status 2 and an unreadable copy with status 1', async () => {
    const { dir } = twoCopies();
    assert.equal((await run(dir, 'agree', `alice/${SIDECAR}`)).code, 2);
    assert.equal((await run(dir, 'agree', '--format', 'xml', `alice/${SIDECAR}`, `bob/${SIDECAR}`)).code, 2);
    assert.equal((await run(dir, 'agree', `alice/${SIDECAR}`, 'nobody/x.annotations.yaml')).code, 2);
    fs.writeFileSync(path.join(dir, 'bob', SIDECAR), 'claimlens: 1\nmentions: [\n');
    const broken = await run(dir, 'agree', `alice/${SIDECAR}`, `bob/${SIDECAR}`);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /cannot read bob\/.*annotations\.yaml: bob\/.*:\d+:\d+: error: /);
  });

  it('is listed in the help', async () => {
    const r = await run(os.tmpdir(), '--help');
    assert.match(r.stdout, /^ {2}agree \[--format text\|json\]/m);
    assert.match((await run(os.tmpdir(), 'agree', '--help')).stdout, /Krippendorff's alpha/);
  });
});
