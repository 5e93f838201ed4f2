// The merge driver in real git repositories: `claimlens git-setup` configures a temporary
// repository, git runs `claimlens merge` (the CLI bundled from the current sources) on merges and
// rebases, and the results are checked against what each annotation should point at.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { reanchorSidecar } from '../../src/core/anchorSidecar';
import { Claim, Mention, Sidecar } from '../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex, hashText, normalizeNewlines } from '../../src/core/text';
import { loadCodebook } from '../../src/core/codebook';
import { runCli } from '../../src/cli/run';
import { mulberry32, Rng } from '../support/random';

const ROOT = path.resolve(__dirname, '../..');
const temps: string[] = [];
let cli = '';

before(async function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-gitcli-'));
  temps.push(dir);
  cli = path.join(dir, 'cli.js');
  await build({ entryPoints: [path.join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    outfile: cli, logLevel: 'silent' });
});
after(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });

function git(cwd: string, ...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(cwd: string, ...args: string[]): string {
  const r = git(cwd, ...args);
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function claimlens(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const code = await runCli(args, { cwd, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr };
}

/** A fresh repository on branch `main`, set up with `claimlens git-setup` unless `driver` is false. */
async function repo(driver = true): Promise<string> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-git-')));
  temps.push(dir);
  ok(dir, 'init', '-q', '-b', 'main');
  for (const [k, v] of [['user.name', 'Test'], ['user.email', 'test@example.com'], ['commit.gpgsign', 'false'], ['core.autocrlf', 'false'], ['rebase.autoStash', 'false']])
    ok(dir, 'config', '--local', k, v);
  if (driver) {
    const r = await claimlens(dir, 'git-setup', '--command', `"${process.execPath}" "${cli}"`);
    assert.equal(r.code, 0, r.stderr);
  }
  return dir;
}

const CODEBOOK = `claimlens: 1
topics:
  - {id: partnership, label: Partnership}
  - {id: strategic-partnership, label: Strategic partnership}
entities:
  - id: china
    name: China
    type: country
    aliases: [PRC]
  - id: russia
    name: Russia
    type: country
  - id: wang-yi
    name: Wang Yi
    type: person
  - id: lavrov
    name: Sergey Lavrov
    type: person
`;

function write(dir: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}
function read(dir: string, file: string): string { return fs.readFileSync(path.join(dir, file), 'utf8'); }

function sidecarOf(dir: string, file: string): Sidecar {
  const loaded = loadSidecar(read(dir, file));
  assert.deepEqual(loaded.problems.filter(p => p.severity === 'error'), [], `${file}:\n${read(dir, file)}`);
  return loaded.sidecar!;
}

/** A mention of the `n`th occurrence of `phrase` in the article. */
function mentionAt(article: string, id: string, entity: string, phrase: string, n = 0): Mention {
  const ix = new CodePointIndex(article);
  let at = -1;
  for (let i = 0; i <= n; i++) at = article.indexOf(phrase, at + 1);
  assert.ok(at >= 0, phrase);
  const start = ix.toCodePoint(at), end = start + [...phrase].length;
  return { id, entity, start, end, ...ix.quote(start, end), anchor: 'exact' };
}

function claimAt(article: string, id: string, claimant: string, phrase: string, fields: Partial<Claim> = {}): Claim {
  const { entity: _e, ...span } = mentionAt(article, id, claimant, phrase);
  return { ...span, claimant, ...fields };
}

function sidecarText(article: string, mentions: Mention[], claims: Claim[] = []): string {
  return serializeSidecar({ version: 1, article: { title: 'Test', hash: hashText(article) }, mentions, claims });
}

const ARTICLE = [
  'China and Russia met in Moscow on Monday.',
  'Wang Yi said the partnership was not an expedient measure.',
  'Sergey Lavrov agreed and praised the coordination of China and Russia.',
  'Observers in Washington were less convinced.',
  '',
].join('\n');

describe('git merge driver (real repositories)', function () {
  this.timeout(60_000);

  it('git-setup writes .gitattributes and the git config once, and again changes nothing', async () => {
    const dir = await repo(false);
    const first = await claimlens(dir, 'git-setup');
    assert.equal(first.code, 0, first.stderr);
    const attributes = read(dir, '.gitattributes');
    assert.equal(attributes, '*.annotations.yaml merge=claimlens diff=claimlens\nclaimlens.codebook.yaml merge=claimlens diff=claimlens\n');
    assert.equal(ok(dir, 'config', '--get', 'merge.claimlens.driver').trim(), 'claimlens merge %O %A %B %P');
    assert.equal(ok(dir, 'config', '--get', 'diff.claimlens.textconv').trim(), 'claimlens textconv');
    assert.match(ok(dir, 'config', '--get', 'merge.claimlens.name'), /ClaimLens/);
    assert.equal(ok(dir, 'check-attr', 'merge', 'diff', '--', 'a/b.txt.annotations.yaml'), 'a/b.txt.annotations.yaml: merge: claimlens\na/b.txt.annotations.yaml: diff: claimlens\n');
    assert.equal(ok(dir, 'check-attr', 'merge', '--', 'corpus/claimlens.codebook.yaml'), 'corpus/claimlens.codebook.yaml: merge: claimlens\n');
    const config = read(dir, '.git/config');
    const again = await claimlens(path.join(dir), 'git-setup');
    assert.equal(again.code, 0);
    assert.equal(read(dir, '.gitattributes'), attributes);
    assert.equal(read(dir, '.git/config'), config);
    assert.match(again.stdout, /already set up/);
    // An existing .gitattributes without a final newline keeps its lines.
    const other = await repo(false);
    write(other, '.gitattributes', '*.txt text');
    fs.mkdirSync(path.join(other, 'sub'));
    assert.equal((await claimlens(path.join(other, 'sub'), 'git-setup')).code, 0);
    assert.equal(read(other, '.gitattributes'), '*.txt text\n*.annotations.yaml merge=claimlens diff=claimlens\nclaimlens.codebook.yaml merge=claimlens diff=claimlens\n');
    assert.equal((await claimlens(os.tmpdir(), 'git-setup')).code, 2, 'outside a repository');
  });

  it('merges adjacent mentions added on two branches and different fields changed on each without a conflict', async () => {
    const setup = async (driver: boolean) => {
      const dir = await repo(driver);
      write(dir, 'claimlens.codebook.yaml', CODEBOOK);
      write(dir, 'a.txt', ARTICLE);
      const claim = claimAt(ARTICLE, 'c0000001', 'wang-yi', 'the partnership was not an expedient measure', { stance: 'neutral', topic: 'partnership' });
      write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, [mentionAt(ARTICLE, 'm0000001', 'china', 'China')], [claim]));
      ok(dir, 'add', '-A'); ok(dir, 'commit', '-qm', 'base');
      ok(dir, 'checkout', '-qb', 'left');
      write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, [mentionAt(ARTICLE, 'm0000001', 'china', 'China'), mentionAt(ARTICLE, 'm000000a', 'russia', 'Russia')],
        [{ ...claim, stance: 'support' }]));
      ok(dir, 'commit', '-qam', 'left: Russia, stance');
      ok(dir, 'checkout', '-q', 'main');
      write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, [mentionAt(ARTICLE, 'm0000001', 'china', 'China'), mentionAt(ARTICLE, 'm000000b', 'wang-yi', 'Wang Yi')],
        [{ ...claim, topic: 'strategic-partnership' }]));
      ok(dir, 'commit', '-qam', 'main: Wang Yi, topic');
      return { dir, claim };
    };
    // Without the driver, git's line merge conflicts on these adjacent lines.
    const plain = await setup(false);
    assert.notEqual(git(plain.dir, 'merge', '-q', '--no-edit', 'left').status, 0);
    assert.match(read(plain.dir, 'a.txt.annotations.yaml'), /^<<<<<<< /m);

    const { dir, claim } = await setup(true);
    const r = git(dir, 'merge', '-q', '--no-edit', 'left');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const merged = sidecarOf(dir, 'a.txt.annotations.yaml');
    assert.deepEqual(merged.mentions.map(m => [m.id, m.entity, m.text]), [['m0000001', 'china', 'China'], ['m000000a', 'russia', 'Russia'], ['m000000b', 'wang-yi', 'Wang Yi']]);
    assert.deepEqual(merged.claims, [{ ...claim, stance: 'support', topic: 'strategic-partnership' }]);
    assert.equal(merged.article.hash, hashText(ARTICLE));
    // Canonical, so `fmt --check` accepts it, and it validates (the topics are not in this codebook).
    assert.equal(read(dir, 'a.txt.annotations.yaml'), serializeSidecar(merged));
    assert.equal((await claimlens(dir, 'fmt', '--check')).code, 0);
    assert.equal(ok(dir, 'status', '--porcelain'), '');
  });

  it('a field changed differently on both sides is a conflict: exit 1, markers around that annotation only, validate points at it', async () => {
    const dir = await repo();
    write(dir, 'claimlens.codebook.yaml', CODEBOOK);
    write(dir, 'a.txt', ARTICLE);
    const claim = claimAt(ARTICLE, 'c0000001', 'wang-yi', 'the partnership was not an expedient measure', { stance: 'neutral' });
    const china = mentionAt(ARTICLE, 'm0000001', 'china', 'China'), lavrov = mentionAt(ARTICLE, 'm0000002', 'lavrov', 'Sergey Lavrov');
    write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, [china, lavrov], [claim]));
    ok(dir, 'add', '-A'); ok(dir, 'commit', '-qm', 'base');
    ok(dir, 'checkout', '-qb', 'left');
    write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, [china, lavrov, mentionAt(ARTICLE, 'm000000a', 'russia', 'Russia')], [{ ...claim, stance: 'support' }]));
    ok(dir, 'commit', '-qam', 'left');
    ok(dir, 'checkout', '-q', 'main');
    write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, [{ ...china, entity: 'russia' }, lavrov], [{ ...claim, stance: 'oppose', note: 'ironic' }]));
    ok(dir, 'commit', '-qam', 'main');
    const r = git(dir, 'merge', '--no-edit', 'left');
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /CONFLICT \(content\): Merge conflict in a\.txt\.annotations\.yaml/);
    assert.match(r.stdout + r.stderr, /1 conflict/);
    const text = read(dir, 'a.txt.annotations.yaml');
    const lines = text.split('\n');
    const open = lines.findIndex(l => l.startsWith('<<<<<<< ')), middle = lines.indexOf('======='), close = lines.findIndex(l => l.startsWith('>>>>>>> '));
    assert.equal(lines.filter(l => /^(<{7}|={7}|>{7})/.test(l)).length, 3, 'one conflict block');
    // Inside: the claim on each side, with what merged cleanly (the note) on both.
    const oursBlock = lines.slice(open + 1, middle).join('\n'), theirsBlock = lines.slice(middle + 1, close).join('\n');
    assert.match(oursBlock, /^  - id: c0000001\n[\s\S]*    stance: oppose\n[\s\S]*    note: "ironic"$/);
    assert.match(theirsBlock, /^  - id: c0000001\n[\s\S]*    stance: support\n[\s\S]*    note: "ironic"$/);
    // Outside: the clean merge of everything else (both mention changes).
    const outside = [...lines.slice(0, open), ...lines.slice(close + 1)].join('\n');
    assert.match(outside, /\{id: m0000001, entity: russia,/);
    assert.match(outside, /\{id: m000000a, entity: russia,/);
    assert.doesNotMatch(outside, /c0000001/);
    // Resolving the block by taking either side gives a valid, canonical file.
    const resolved = [...lines.slice(0, open), ...lines.slice(open + 1, middle), ...lines.slice(close + 1)].join('\n');
    assert.equal(serializeSidecar(loadSidecar(resolved).sidecar!), resolved);
    const v = await claimlens(dir, 'validate');
    assert.equal(v.code, 1);
    assert.match(v.stdout, new RegExp(`^a\\.txt\\.annotations\\.yaml:${open + 1}:1: error: unresolved git merge conflict marker`, 'm'));
  });

  it('an article edited on one branch while annotations were added on the other: after merge and fmt, all at their true places', async () => {
    const dir = await repo();
    write(dir, 'claimlens.codebook.yaml', CODEBOOK);
    write(dir, 'a.txt', ARTICLE);
    const base = [mentionAt(ARTICLE, 'm0000001', 'china', 'China'), mentionAt(ARTICLE, 'm0000002', 'russia', 'Russia', 1)];
    write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, base));
    ok(dir, 'add', '-A'); ok(dir, 'commit', '-qm', 'base');
    ok(dir, 'checkout', '-qb', 'edit');
    // The article gains a first line and a sentence in the middle; fmt re-anchors.
    const edited = 'Breaking: China and Russia deepen ties.\n' + ARTICLE.replace('Observers', 'In Beijing, China welcomed it. Observers');
    write(dir, 'a.txt', edited);
    assert.equal((await claimlens(dir, 'fmt')).code, 0);
    ok(dir, 'commit', '-qam', 'edit the article');
    ok(dir, 'checkout', '-q', 'main');
    const added = [mentionAt(ARTICLE, 'm000000a', 'wang-yi', 'Wang Yi'), mentionAt(ARTICLE, 'm000000b', 'china', 'China', 1), mentionAt(ARTICLE, 'm000000c', 'russia', 'Russia'),
      mentionAt(ARTICLE, 'm000000d', 'lavrov', 'Sergey Lavrov')];
    const claims = [claimAt(ARTICLE, 'c000000a', 'lavrov', 'agreed and praised the coordination', { stance: 'support' })];
    write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, [...base, ...added], claims));
    ok(dir, 'commit', '-qam', 'annotate');
    const r = git(dir, 'merge', '--no-edit', 'edit');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(read(dir, 'a.txt'), edited);
    const merged = sidecarOf(dir, 'a.txt.annotations.yaml');
    assert.equal(merged.article.hash, undefined, 'marked stale');
    assert.equal(merged.mentions.length + merged.claims.length, 7);
    const fmt = await claimlens(dir, 'fmt');
    assert.equal(fmt.code, 0, fmt.stderr + fmt.stdout);
    const final = sidecarOf(dir, 'a.txt.annotations.yaml');
    assert.equal(final.article.hash, hashText(edited));
    const expected: Record<string, [string, number]> = {
      m0000001: ['China', 1], m0000002: ['Russia', 2], m000000a: ['Wang Yi', 0], m000000b: ['China', 2], m000000c: ['Russia', 1], m000000d: ['Sergey Lavrov', 0],
      c000000a: ['agreed and praised the coordination', 0],
    };
    for (const a of [...final.mentions, ...final.claims]) {
      const [phrase, n] = expected[a.id];
      const want = mentionAt(edited, a.id, 'x', phrase, n);
      assert.equal(a.anchor === 'orphan' ? 'orphan' : `${a.start}-${a.end}`, `${want.start}-${want.end}`, `${a.id} ${phrase}#${n}`);
    }
    assert.equal(Object.keys(expected).length, final.mentions.length + final.claims.length);
    assert.equal((await claimlens(dir, 'validate')).code, 0);
  });

  it('annotations added against the old article while the other branch edited and annotated it are re-anchored on the edited article (merge and rebase)', async () => {
    const dir = await repo();
    write(dir, 'claimlens.codebook.yaml', CODEBOOK);
    write(dir, 'a.txt', ARTICLE);
    write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, []));
    ok(dir, 'add', '-A'); ok(dir, 'commit', '-qm', 'base');
    ok(dir, 'checkout', '-qb', 'edit');
    // Three insertions (three different offset changes); this branch annotates between them.
    const edited = 'Summary: ties deepen, and more than anyone expected today.\n' + ARTICLE
      .replace('Sergey', 'Analysts disagreed with them, loudly and at length here.\nSergey')
      .replace('Observers', 'A third long inserted sentence stands here for the test.\nObservers');
    write(dir, 'a.txt', edited);
    write(dir, 'a.txt.annotations.yaml', sidecarText(edited, [mentionAt(edited, 'm0000001', 'china', 'China'), mentionAt(edited, 'm0000002', 'china', 'partnership')]));
    ok(dir, 'commit', '-qam', 'edit and annotate');
    ok(dir, 'checkout', '-q', 'main');
    const phrases: [string, string, number][] = [['m000000a', 'Moscow', 0], ['m000000b', 'Wang Yi', 0], ['m000000c', 'Russia', 1], ['m000000d', 'Washington', 0], ['m000000e', 'China', 1]];
    write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, phrases.map(([id, phrase, n]) => mentionAt(ARTICLE, id, 'china', phrase, n))));
    ok(dir, 'commit', '-qam', 'annotate');
    for (const how of ['merge', 'rebase']) {
      if (how === 'rebase') { ok(dir, 'reset', '-q', '--hard', 'HEAD~1'); ok(dir, 'checkout', '-q', 'edit'); }
      const r = how === 'merge' ? git(dir, 'merge', '--no-edit', 'edit') : git(dir, 'rebase', 'main');
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.equal(read(dir, 'a.txt'), edited);
      assert.equal(sidecarOf(dir, 'a.txt.annotations.yaml').article.hash, undefined, `${how}: marked stale`);
      assert.equal((await claimlens(dir, 'fmt')).code, 0);
      const final = sidecarOf(dir, 'a.txt.annotations.yaml');
      assert.equal(final.mentions.length, 7, `${how}: none lost`);
      for (const [id, phrase, n] of [['m0000001', 'China', 0] as [string, string, number], ['m0000002', 'partnership', 0] as [string, string, number], ...phrases]) {
        const a = final.mentions.find(m => m.id === id)!, want = mentionAt(edited, id, 'x', phrase, n);
        // At its true place, or flagged; never elsewhere.
        if (a.anchor !== 'orphan') assert.equal(`${a.start}-${a.end}`, `${want.start}-${want.end}`, `${how}: ${id} ${phrase}#${n} misplaced`);
      }
      // The driver read the edited article from git and placed these on it (mixed with the other
      // branch's offsets they could not be told apart from their old places and were orphaned).
      for (const id of ['m000000a', 'm000000b']) assert.equal(final.mentions.find(m => m.id === id)!.anchor, 'exact', `${how}: ${id}`);
      ok(dir, 'checkout', '-q', '--', '.');
    }
  });

  it('merges the codebook by entity id with the union of aliases', async () => {
    const dir = await repo();
    write(dir, 'claimlens.codebook.yaml', '# Actors of the corpus\n' + CODEBOOK);
    ok(dir, 'add', '-A'); ok(dir, 'commit', '-qm', 'base');
    ok(dir, 'checkout', '-qb', 'left');
    write(dir, 'claimlens.codebook.yaml', read(dir, 'claimlens.codebook.yaml').replace('aliases: [PRC]', 'aliases: [PRC, Beijing]') +
      '  - id: nato\n    name: NATO\n    type: organization\n');
    ok(dir, 'commit', '-qam', 'left');
    ok(dir, 'checkout', '-q', 'main');
    write(dir, 'claimlens.codebook.yaml', read(dir, 'claimlens.codebook.yaml').replace('aliases: [PRC]', 'aliases: [PRC, People’s Republic]')
      .replace('    name: Russia\n    type: country\n', '    name: Russia\n    type: country\n    aliases: [Moscow]\n') + '  - id: eu\n    name: European Union\n    type: organization\n');
    ok(dir, 'commit', '-qam', 'main');
    const r = git(dir, 'merge', '--no-edit', 'left');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const text = read(dir, 'claimlens.codebook.yaml');
    assert.ok(text.startsWith('# Actors of the corpus\n'), text);
    const cb = loadCodebook(text).codebook!;
    assert.deepEqual(cb.entities.map(e => e.id), ['china', 'russia', 'wang-yi', 'lavrov', 'nato', 'eu']);
    assert.deepEqual(cb.entities[0].aliases, ['PRC', 'People’s Republic', 'Beijing']);
    assert.deepEqual(cb.entities[1].aliases, ['Moscow']);
    assert.equal((await claimlens(dir, 'validate')).code, 0);

    // The same entity's name changed differently on both sides: a conflict around that entity.
    ok(dir, 'checkout', '-qb', 'rename');
    write(dir, 'claimlens.codebook.yaml', read(dir, 'claimlens.codebook.yaml').replace('name: NATO', 'name: North Atlantic Treaty Organization'));
    ok(dir, 'commit', '-qam', 'rename');
    ok(dir, 'checkout', '-q', 'main');
    write(dir, 'claimlens.codebook.yaml', read(dir, 'claimlens.codebook.yaml').replace('name: NATO', 'name: Nato'));
    ok(dir, 'commit', '-qam', 'rename differently');
    assert.notEqual(git(dir, 'merge', '--no-edit', 'rename').status, 0);
    const conflicted = read(dir, 'claimlens.codebook.yaml').split('\n');
    const open = conflicted.findIndex(l => l.startsWith('<<<<<<< ')), close = conflicted.findIndex(l => l.startsWith('>>>>>>> '));
    assert.deepEqual(conflicted.slice(open + 1, close), ['  - id: nato', '    name: Nato', '    type: organization', '=======',
      '  - id: nato', '    name: North Atlantic Treaty Organization', '    type: organization']);
  });

  it('textconv shows one line per annotation', async () => {
    const dir = await repo();
    write(dir, 'claimlens.codebook.yaml', CODEBOOK);
    write(dir, 'a.txt', ARTICLE);
    write(dir, 'a.txt.annotations.yaml', sidecarText(ARTICLE, [mentionAt(ARTICLE, 'm0000001', 'china', 'China')],
      [claimAt(ARTICLE, 'c0000001', 'wang-yi', 'the partnership was not an expedient measure', { stance: 'support', topic: 'partnership' })]));
    const r = await claimlens(dir, 'textconv', 'a.txt.annotations.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n'), ['title: Test', `hash: ${hashText(ARTICLE)}`, '[China] 0–5 “China”  m0000001',
      'claim [Wang Yi] support partnership 55–99 “the partnership was not an expedient measure”  c0000001', '']);
  });

  describe('randomized: annotation edits, article edits, commits, checkouts, merges and rebases', () => {
    const steps = Number(process.env.CLAIMLENS_GIT_STEPS ?? 200);
    const seeds = (process.env.CLAIMLENS_GIT_SEEDS ?? '1').split(',').map(Number);
    for (const seed of seeds) {
      it(`seed ${seed}, ${steps} steps: no annotation lost or misplaced, the tree clean after every checkout`, async function () {
        this.timeout(Math.max(120_000, steps * 2_000));
        await randomized(seed, steps);
      });
    }
  });
});

// ---------------------------------------------------------------- the randomized walk

/** What an annotation should point at: a phrase that occurs once in the article while it exists. */
interface Truth { article: string; kind: 'mention' | 'claim'; phrase: string; value: string }
type Model = Map<string, Truth>;

const ARTICLES = ['one.txt', 'two.txt'];
const ENTITIES = ['china', 'russia', 'wang-yi', 'lavrov'];
const STANCES = ['support', 'oppose', 'neutral'];
const BRANCHES = ['main', 'ana', 'ben'];

async function randomized(seed: number, steps: number): Promise<void> {
  const rng: Rng = mulberry32(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  let words = 0;
  const word = () => `w${(words++).toString(36)}x${int(1296).toString(36)}`;
  const line = () => Array.from({ length: 4 + int(5) }, word).join(' ') + '.';
  let ids = 0;
  const newId = (p: string) => p + (ids++).toString(36).padStart(7, '0');

  const dir = await repo();
  write(dir, 'claimlens.codebook.yaml', CODEBOOK);
  for (const a of ARTICLES) write(dir, a, Array.from({ length: 12 }, line).join('\n') + '\n');
  ok(dir, 'add', '-A'); ok(dir, 'commit', '-qm', 'articles');
  for (const b of BRANCHES.slice(1)) ok(dir, 'branch', b);
  const models = new Map<string, Model>();
  const head = () => ok(dir, 'rev-parse', 'HEAD').trim();
  let work: Model = new Map();
  models.set(head(), new Map());
  let branch = 'main';
  const orphanSeen = new Set<string>();
  const stats = { annotate: 0, remove: 0, change: 0, articleEdit: 0, fmt: 0, commit: 0, checkout: 0, merge: 0, rebase: 0, aborted: 0, orphansWithText: 0, checked: 0 };

  /** The sidecar as the editor would show it: re-anchored to the article on disk. */
  const current = (article: string): { sidecar: Sidecar; text: string } => {
    const text = normalizeNewlines(read(dir, article));
    const file = path.join(dir, article + '.annotations.yaml');
    const sidecar = fs.existsSync(file) ? sidecarOf(dir, article + '.annotations.yaml') : { version: 1 as const, article: {}, mentions: [], claims: [] };
    return { sidecar: reanchorSidecar(sidecar, text).sidecar, text };
  };
  const save = (article: string, s: Sidecar, text: string) =>
    write(dir, article + '.annotations.yaml', serializeSidecar({ ...s, article: { ...s.article, hash: hashText(text) } }));
  const unique = (text: string, phrase: string) => { const i = text.indexOf(phrase); return i >= 0 && text.indexOf(phrase, i + 1) < 0; };

  const check = (step: string) => {
    for (const article of ARTICLES) {
      const { sidecar, text } = current(article);
      const ix = new CodePointIndex(text);
      const found = new Map([...sidecar.mentions, ...sidecar.claims].map(a => [a.id, a]));
      const expected = [...work].filter(([, t]) => t.article === article);
      assert.deepEqual([...found.keys()].sort(), expected.map(([id]) => id).sort(), `${step}: annotations of ${article} (lost or resurrected)`);
      for (const [id, t] of expected) {
        const a = found.get(id)!;
        const value = 'entity' in a ? (a as Mention).entity : (a as Claim).stance;
        assert.equal(value, t.value, `${step}: ${id} field`);
        stats.checked++;
        if (a.anchor === 'orphan') {
          if (text.includes(t.phrase)) {
            stats.orphansWithText++;
            if (process.env.CLAIMLENS_GIT_VERBOSE && !orphanSeen.has(id)) { orphanSeen.add(id); console.log(`      ${step}: ${id} “${t.phrase}” orphaned while in the text`); }
          }
          continue;
        }
        assert.ok(unique(text, t.phrase), `${step}: ${id} is placed (${a.anchor}) but its phrase “${t.phrase}” is gone from ${article}`);
        const at = ix.toCodePoint(text.indexOf(t.phrase));
        assert.equal(`${a.start}-${a.end}`, `${at}-${at + [...t.phrase].length}`, `${step}: ${id} “${t.phrase}” misplaced (${a.anchor})`);
      }
    }
  };
  const clean = (step: string) => assert.equal(ok(dir, 'status', '--porcelain'), '', `${step}: the tree is not clean`);
  const commit = (message: string) => {
    ok(dir, 'add', '-A');
    if (ok(dir, 'status', '--porcelain') === '') return;
    ok(dir, 'commit', '-qm', message);
    models.set(head(), new Map(work));
    stats.commit++;
  };
  /** The expected result of merging `other` into the current state, by id, or undefined when a field conflicts. */
  const merged = (base: Model, ours: Model, theirs: Model): Model | undefined => {
    const out: Model = new Map();
    for (const id of new Set([...ours.keys(), ...theirs.keys()])) {
      const b = base.get(id), o = ours.get(id), t = theirs.get(id);
      if (o && t) {
        const value = o.value === t.value ? o.value : b && o.value === b.value ? t.value : b && t.value === b.value ? o.value : undefined;
        if (value === undefined) return undefined;
        out.set(id, { ...o, value });
      } else if (!b) out.set(id, (o ?? t)!);
      else if ((o ?? t)!.value !== b.value) return undefined; // changed on one side, deleted on the other
    }
    return out;
  };
  const fmtAll = async (step: string) => {
    const r = await claimlens(dir, 'fmt', ...ARTICLES.filter(a => fs.existsSync(path.join(dir, a + '.annotations.yaml'))));
    assert.equal(r.code, 0, `${step}: fmt: ${r.stdout}${r.stderr}`);
  };

  for (let step = 0; step < steps; step++) {
    const roll = rng();
    const label = `seed ${seed} step ${step} on ${branch}`;
    if (roll < 0.3) {
      // Annotate a phrase that occurs once: a word (mention) or two neighbouring words (claim).
      const article = pick(ARTICLES);
      const { sidecar, text } = current(article);
      const lines = text.split('\n').filter(l => l.trim());
      const ws = pick(lines).replace(/\.$/, '').split(' ');
      const claim = rng() < 0.3 && ws.length > 1;
      const i = int(ws.length - (claim ? 1 : 0));
      const phrase = claim ? `${ws[i]} ${ws[i + 1]}` : ws[i];
      const taken = [...work.values()].some(t => t.article === article && (t.phrase.includes(ws[i]) || (claim && t.phrase.includes(ws[i + 1]))));
      if (taken || !unique(text, phrase)) continue;
      const ix = new CodePointIndex(text);
      const start = ix.toCodePoint(text.indexOf(phrase)), end = start + [...phrase].length;
      const span = { start, end, ...ix.quote(start, end), anchor: 'exact' as const };
      const id = newId(claim ? 'c' : 'm'), value = claim ? pick(STANCES) : pick(ENTITIES);
      if (claim) sidecar.claims = [...sidecar.claims, { id, claimant: pick(ENTITIES), stance: value, ...span }];
      else sidecar.mentions = [...sidecar.mentions, { id, entity: value, ...span }];
      save(article, sidecar, text);
      work.set(id, { article, kind: claim ? 'claim' : 'mention', phrase, value });
      stats.annotate++;
    } else if (roll < 0.38 || roll < 0.46) {
      // Remove an annotation, or change its entity (mention) or stance (claim).
      const ids = [...work.keys()];
      if (!ids.length) continue;
      const id = pick(ids), t = work.get(id)!;
      const { sidecar, text } = current(t.article);
      if (roll < 0.38) {
        sidecar.mentions = sidecar.mentions.filter(m => m.id !== id);
        sidecar.claims = sidecar.claims.filter(c => c.id !== id);
        work.delete(id);
        stats.remove++;
      } else {
        const value = pick((t.kind === 'mention' ? ENTITIES : STANCES).filter(v => v !== t.value));
        sidecar.mentions = sidecar.mentions.map(m => (m.id === id ? { ...m, entity: value } : m));
        sidecar.claims = sidecar.claims.map(c => (c.id === id ? { ...c, stance: value } : c));
        work.set(id, { ...t, value });
        stats.change++;
      }
      save(t.article, sidecar, text);
    } else if (roll < 0.56) {
      // Edit an article outside the editor: insert or delete a line, or extend one.
      const article = pick(ARTICLES);
      const lines = read(dir, article).split('\n');
      const at = int(lines.length - 1);
      const kind = rng();
      if (kind < 0.5) lines.splice(at, 0, line());
      else if (kind < 0.7 && lines.length > 4) lines.splice(at, 1);
      else lines[at] = lines[at] ? `${lines[at]} ${word()} ${word()}.` : line();
      write(dir, article, lines.join('\n'));
      if (rng() < 0.5) { await fmtAll(label); stats.fmt++; }
      stats.articleEdit++;
    } else if (roll < 0.62) {
      await fmtAll(label);
      stats.fmt++;
    } else if (roll < 0.75) {
      commit(`${label}: work`);
    } else if (roll < 0.85) {
      commit(`${label}: before checkout`);
      const next = pick(BRANCHES.filter(b => b !== branch));
      ok(dir, 'checkout', '-q', next);
      branch = next;
      work = new Map(models.get(head())!);
      clean(`${label}: after checkout ${next}`);
      stats.checkout++;
    } else {
      // Merge another branch in, or rebase onto it; a conflict (in an article, or the same
      // field changed on both sides) is aborted, which must leave everything as it was.
      commit(`${label}: before merge`);
      const other = pick(BRANCHES.filter(b => b !== branch));
      const otherHead = ok(dir, 'rev-parse', other).trim(), ours = head();
      const baseSha = ok(dir, 'merge-base', 'HEAD', other).trim();
      const expected = merged(models.get(baseSha)!, models.get(ours)!, models.get(otherHead)!);
      const rebase = rng() < 0.4;
      const replayed = ok(dir, 'rev-list', '--reverse', `${baseSha}..HEAD`).split('\n').filter(Boolean);
      const r = rebase ? git(dir, 'rebase', '-q', other) : git(dir, 'merge', '-q', '--no-edit', other);
      if (r.status !== 0) {
        assert.match(r.stdout + r.stderr, /CONFLICT|could not apply|conflict/i, `${label}: ${r.stdout}${r.stderr}`);
        ok(dir, rebase ? 'rebase' : 'merge', '--abort');
        assert.equal(head(), ours, `${label}: abort restores HEAD`);
        clean(`${label}: after abort`);
        stats.aborted++;
      } else {
        assert.ok(expected, `${label}: git merged what the model says conflicts`);
        if (rebase) {
          // Each replayed commit holds the merge of its original with the other branch.
          const now = ok(dir, 'rev-list', '--reverse', `${otherHead}..HEAD`).split('\n').filter(Boolean);
          if (now.length === replayed.length) now.forEach((sha, i) => {
            const m = merged(models.get(baseSha)!, models.get(replayed[i])!, models.get(otherHead)!);
            if (m) models.set(sha, m);
          });
        }
        work = new Map(expected);
        models.set(head(), new Map(work));
        clean(`${label}: after ${rebase ? 'rebase' : 'merge'}`);
        stats[rebase ? 'rebase' : 'merge']++;
        // Re-anchor what the merge marked stale, as the next fmt or editor open does.
        if (rng() < 0.5) { await fmtAll(label); commit(`${label}: fmt after merge`); }
      }
    }
    check(label);
  }
  if (process.env.CLAIMLENS_GIT_VERBOSE) console.log(`      seed ${seed}:`, JSON.stringify(stats));
  assert.ok(stats.merge + stats.rebase > 0 && stats.annotate > 10 && stats.checkout > 0, JSON.stringify(stats));
}
