import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run';
import { addAlias, addEntity, loadCodebook, mergeEntities, saveCodebook } from '../../src/core/codebook';
import { escapeMarkdown } from '../../src/core/annotationDiff';
import { Sidecar } from '../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { diffCommand } from '../../src/cli/diff';
import { CliContext } from '../../src/cli/common';
import { NodeFileSystem } from '../../src/cli/nodeFileSystem';

const SAMPLES = path.resolve(__dirname, '../../samples');
const ARTICLE = '000_30b9ca53c861b234.txt';
const SIDECAR = ARTICLE + '.annotations.yaml';

const temps: string[] = [];
after(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-diff-'));
  temps.push(dir);
  return dir;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

interface Run { code: number; stdout: string; stderr: string }

async function diff(cwd: string, format: string | undefined, ...positionals: string[]): Promise<Run> {
  let stdout = '', stderr = '';
  const ctx: CliContext = { cwd, fs: new NodeFileSystem(), out: l => { stdout += l + '\n'; }, err: l => { stderr += l + '\n'; } };
  const code = await diffCommand(ctx, positionals, format);
  return { code, stdout, stderr };
}

function readSidecar(file: string): Sidecar {
  const loaded = loadSidecar(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(loaded.problems, []);
  return loaded.sidecar!;
}

/**
 * A repository with the samples committed, then a second commit that changes one article's
 * annotations and the codebook the way annotators do.
 */
function repoWithChanges(): { dir: string; removedMention: string; addedMention: string; changedClaim: string; movedMention: string; orphanedMention: string } {
  const dir = tempDir();
  fs.cpSync(SAMPLES, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'samples');
  git(dir, 'checkout', '-q', '-b', 'feature');
  const file = path.join(dir, SIDECAR);
  const s = readSidecar(file);
  const removed = s.mentions.splice(1, 1)[0];
  const moved = s.mentions[2];
  moved.start += 1; moved.end += 1; moved.anchor = 'shifted';
  const orphaned = s.mentions[3];
  orphaned.anchor = 'orphan';
  const claim = s.claims[0];
  assert.equal(claim.stance, 'support');
  claim.stance = 'oppose';
  claim.note = 'changed my mind';
  s.mentions.push({ id: 'mnew0001', entity: 'xi-jinping', start: 5, end: 10, text: '<img src=x onerror=alert(1)> @octocat [x](https://evil.example)', before: '', after: '', anchor: 'exact' });
  fs.writeFileSync(file, serializeSidecar(s));
  const cbFile = path.join(dir, 'claimlens.codebook.yaml');
  const loaded = loadCodebook(fs.readFileSync(cbFile, 'utf8'));
  let cb = loaded.codebook!;
  cb = addEntity(cb, { name: 'Emmanuel Macron', type: 'person' }).codebook;
  cb = addAlias(cb, 'russia', 'RF');
  cb = mergeEntities(cb, new Map(), 'united-kingdom', 'united-states').codebook;
  fs.writeFileSync(cbFile, saveCodebook(cb, loaded));
  git(dir, 'commit', '-q', '-am', 'annotations changed');
  return { dir, removedMention: removed.id, addedMention: 'mnew0001', changedClaim: claim.id, movedMention: moved.id, orphanedMention: orphaned.id };
}

describe('claimlens diff', function () {
  this.timeout(60_000);
  let repo: ReturnType<typeof repoWithChanges>;
  before(() => { repo = repoWithChanges(); });

  it('over git revisions, as JSON: mentions, claims, re-anchoring and codebook changes in the documented shape', async () => {
    const r = await diff(repo.dir, 'json', 'main..feature');
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j).sort(), ['claims', 'codebook', 'files', 'mentions', 'orphaned', 'reanchored']);
    assert.deepEqual(j.files, [{ file: 'claimlens.codebook.yaml', status: 'modified' }, { file: SIDECAR, status: 'modified' }]);
    assert.deepEqual(j.mentions.added, [{ file: SIDECAR, id: repo.addedMention, entity: 'xi-jinping', start: 5, end: 10,
      text: '<img src=x onerror=alert(1)> @octocat [x](https://evil.example)' }]);
    assert.deepEqual(j.mentions.removed.map((m: { id: string; entity: string }) => [m.id, m.entity]), [[repo.removedMention, 'russia']]);
    assert.deepEqual(j.claims.added, []);
    assert.deepEqual(j.claims.removed, []);
    assert.deepEqual(j.claims.changed.filter((c: { field: string }) => c.field === 'stance'),
      [{ file: SIDECAR, id: repo.changedClaim, field: 'stance', from: 'support', to: 'oppose' }]);
    assert.ok(j.claims.changed.some((c: { field: string; to: string }) => c.field === 'note' && c.to === 'changed my mind'));
    assert.deepEqual(j.reanchored.map((x: { id: string; anchor: string }) => [x.id, x.anchor]), [[repo.movedMention, 'exact']]); // moved unchanged: shifted is not written
    assert.deepEqual(j.orphaned.map((x: { id: string }) => x.id), [repo.orphanedMention]);
    assert.deepEqual(j.codebook.added.map((e: { id: string; name: string }) => [e.id, e.name]), [['emmanuel-macron', 'Emmanuel Macron']]);
    assert.deepEqual(j.codebook.removed.map((e: { id: string }) => e.id), ['united-kingdom']);
    assert.deepEqual(j.codebook.merged, [{ file: 'claimlens.codebook.yaml', from: 'united-kingdom', into: 'united-states' }]);
    const russia = j.codebook.changed.find((c: { id: string }) => c.id === 'russia');
    assert.equal(russia.field, 'aliases');
    assert.deepEqual(russia.to.filter((a: string) => !russia.from.includes(a)), ['RF']);
  });

  it('over git revisions, as text: counts, mentions per entity and each change in words', async () => {
    const r = await diff(repo.dir, undefined, 'main..feature');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'mentions: 1 added, 1 removed');
    assert.equal(lines[1], 'claims: 1 changed');
    assert.equal(lines[2], 'anchors: 1 re-anchored, 1 orphaned');
    assert.equal(lines[3], 'codebook: 1 entity added, 1 entity removed, 1 merged, 2 changed');
    assert.match(r.stdout, /mentions per entity: (russia −1, xi-jinping \+1|xi-jinping \+1, russia −1)/);
    assert.ok(lines.includes(`  ~ claim ${repo.changedClaim}: stance: "support" → "oppose"`), r.stdout);
    assert.ok(lines.includes('  ⇒ entity united-kingdom merged into united-states'), r.stdout);
    assert.ok(lines.includes('  ~ entity russia: alias added "RF"'), r.stdout);
    assert.ok(lines.some(l => l.startsWith(`  ↷ mention ${repo.movedMention} re-anchored `)), r.stdout);
    assert.ok(lines.some(l => l.startsWith(`  ! mention ${repo.orphanedMention} orphaned`)), r.stdout);
  });

  it('as markdown: counts first, details folded, file text inert (no HTML, links or @mentions)', async () => {
    const r = await diff(repo.dir, 'markdown', 'main...feature');
    assert.equal(r.code, 0, r.stderr);
    const md = r.stdout;
    assert.ok(md.indexOf('- mentions: 1 added') < md.indexOf('<details>'), md);
    assert.match(md, /<details><summary>claimlens\\\.codebook\\\.yaml: \d+ changes<\/summary>/);
    assert.doesNotMatch(md, /<img/);
    assert.doesNotMatch(md, /@octocat/);
    assert.doesNotMatch(md, /\]\(https/);
    assert.match(md, /&lt;img src=x onerror=alert\\\(1\\\)&gt;/);
    // Only our own tags are HTML.
    assert.deepEqual([...new Set(md.match(/<\/?[a-z]+/g))].sort(), ['</details', '</summary', '<details', '<summary']);
  });

  it('limits revisions to the given paths, and reports no changes as such', async () => {
    const r = await diff(repo.dir, 'text', 'main..feature', 'claimlens.codebook.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /mention/);
    assert.match(r.stdout, /merged into united-states/);
    const none = await diff(repo.dir, 'text', 'main..main');
    assert.equal(none.stdout, 'no annotation changes\n');
  });

  it('compares two files', async () => {
    const dir = tempDir();
    const old = path.join(dir, 'old.annotations.yaml');
    execFileSync('git', ['show', `main:${SIDECAR}`], { cwd: repo.dir, encoding: 'utf8' });
    fs.writeFileSync(old, git(repo.dir, 'show', `main:${SIDECAR}`));
    const r = await diff(dir, 'json', old, path.join(repo.dir, SIDECAR));
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.mentions.added.length, 1);
    assert.equal(j.claims.changed.find((c: { field: string }) => c.field === 'stance').to, 'oppose');
  });

  it('refuses what it cannot compare: unknown revisions, option-like revisions, unreadable versions, bad formats', async () => {
    await assert.rejects(diff(repo.dir, 'text', 'main..nope'), /unknown revision: nope/);
    await assert.rejects(diff(repo.dir, 'text', '--output=x..main'), /not a revision/);
    await assert.rejects(diff(repo.dir, 'yaml', 'main..feature'), /unknown format 'yaml'/);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.annotations.yaml'), '<<<<<<< ours\nclaimlens: 1\n=======\n>>>>>>> theirs\n');
    fs.copyFileSync(path.join(SAMPLES, SIDECAR), path.join(dir, 'b.annotations.yaml'));
    const r = await diff(dir, 'text', 'a.annotations.yaml', 'b.annotations.yaml');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot compare .*the a\.annotations\.yaml version cannot be read/);
  });
});

describe('escapeMarkdown', () => {
  it('leaves no markdown, HTML, mention or link syntax active', () => {
    const s = escapeMarkdown('**b** _i_ `c` <script>x</script> [l](u) ![i](u) # h | t @me #12 http://x.y www.evil.example &amp;\nline');
    assert.doesNotMatch(s, /<|>|\n/);
    assert.doesNotMatch(s, /(^|[^\\])[*_`[\]()|!]/);
    assert.doesNotMatch(s, /@m|#1|:\/\/|www\\\./);
    assert.match(s, /&amp;amp;/);
  });
});

describe('claimlens diff on the command line', () => {
  it('takes --format and two files', async () => {
    let stdout = '';
    const file = path.join(SAMPLES, SIDECAR);
    const code = await runCli(['diff', '--format', 'json', file, file], { cwd: SAMPLES, stdout: s => { stdout += s; }, stderr: () => undefined });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).mentions, { added: [], removed: [], changed: [] });
    let err = '';
    assert.equal(await runCli(['diff', '--format'], { cwd: SAMPLES, stdout: () => undefined, stderr: s => { err += s; } }), 2);
    assert.match(err, /Usage: claimlens diff/);
  });
});

describe('claimlens diff: file names that look like patterns', () => {
  it('reads a sidecar named with * as that file, not as a pattern matching others', async () => {
    const dir = tempDir();
    const text = fs.readFileSync(path.join(SAMPLES, SIDECAR), 'utf8');
    fs.writeFileSync(path.join(dir, 'ab.txt.annotations.yaml'), text);
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'one');
    fs.writeFileSync(path.join(dir, 'a*.txt.annotations.yaml'), text);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'two');
    const r = await diff(dir, 'json', 'HEAD~1..HEAD');
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.files, [{ file: 'a*.txt.annotations.yaml', status: 'added' }]);
    assert.equal(j.mentions.added.length, loadSidecar(text).sidecar!.mentions.length);
  });
});
