import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSidecar } from '../../src/core/sidecarFormat';
import { Annotation, Sidecar } from '../../src/core/model';
import { CodePointIndex, normalizeNewlines } from '../../src/core/text';
import { runCli } from '../../src/cli/run';
import { displayPath, NodeFileSystem, toLocation } from '../../src/cli/nodeFileSystem';
import { TEMP_SUFFIX } from '../../src/store/fileSystem';
import { version } from '../../package.json';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/cli');
const SAMPLES = path.join(ROOT, 'samples');

const temps: string[] = [];
after(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-cli-'));
  temps.push(dir);
  return dir;
}

/** A writable copy of a folder in a fresh temporary folder. */
function copyOf(source: string, name = path.basename(source)): { root: string; dir: string } {
  const root = tempDir(), dir = path.join(root, name);
  fs.cpSync(source, dir, { recursive: true });
  for (const f of listFiles(dir)) fs.chmodSync(f, 0o644);
  return { root, dir };
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter(e => e.isFile())
    .map(e => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).sort();
}

function snapshot(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map(f => [path.relative(dir, f), fs.readFileSync(f)]));
}

function leftovers(dir: string): string[] {
  return listFiles(dir).filter(f => f.endsWith(TEMP_SUFFIX) || f.endsWith('.tmp'));
}

interface Run { code: number; stdout: string; stderr: string; lines: string[] }

async function run(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '', stderr = '';
  const code = await runCli(args, { cwd, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr, lines: stdout.split('\n').filter(l => l !== '') };
}

function read(file: string): string { return fs.readFileSync(file, 'utf8'); }

function sidecarOf(file: string): Sidecar {
  const loaded = loadSidecar(read(file));
  assert.deepEqual(loaded.problems, [], file);
  return loaded.sidecar!;
}

function annotations(s: Sidecar): Annotation[] { return [...s.mentions, ...s.claims]; }

/** Every placed annotation's text is what the article has at its offsets. */
function assertAnchored(sidecarFile: string): void {
  const s = sidecarOf(sidecarFile);
  const ix = new CodePointIndex(normalizeNewlines(read(sidecarFile.replace(/\.annotations\.yaml$/, ''))));
  for (const a of annotations(s)) if (a.anchor !== 'orphan' && a.anchor !== 'fuzzy') assert.equal(ix.slice(a.start, a.end), a.text, `${a.id} in ${sidecarFile}`);
}

function edit(file: string, change: (text: string) => string): void {
  const before = read(file), after = change(before);
  assert.notEqual(after, before, `edit of ${file} changed nothing`);
  fs.writeFileSync(file, after);
}

const BROKEN_LINES = [
  'broken/conflict.txt.annotations.yaml:5:1: error: unresolved git merge conflict marker; resolve the conflict before ClaimLens can read this file',
  'broken/lonely.txt.annotations.yaml:1:1: error: the article this sidecar annotates does not exist',
  'broken/mismatch.txt.annotations.yaml:6:10: error: duplicate id `m1` (also used at line 5)',
  'broken/mismatch.txt.annotations.yaml:7:37: error: the article has `ty in ` at 30..36, the sidecar says `Moscow`',
  'broken/mismatch.txt.annotations.yaml:8:54: error: span 100..113 is outside the article (107 characters)',
  'broken/syntax.txt.annotations.yaml:6:60: error: Unexpected scalar at node end',
  'broken/types.txt.annotations.yaml:6:36: error: `start` must be a non-negative integer',
  'broken/types.txt.annotations.yaml:10:11: error: `form` must be one of direct-quote, reported-speech, paraphrase, inference',
  'broken/unknown.txt.annotations.yaml:6:22: error: unknown entity id `narnia` (not in the codebook)',
  'broken/unknown.txt.annotations.yaml:10:13: error: unknown stance `outraged` (not in the codebook)',
];

describe('cli', () => {
  describe('usage', () => {
    it('prints help and the version', async () => {
      const help = await run(ROOT, '--help');
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: claimlens <command>/);
      for (const verb of ['validate', 'stats', 'fmt']) assert.match(help.stdout, new RegExp(`\\n  ${verb} `));
      assert.deepEqual(await run(ROOT, '-h'), help);
      assert.deepEqual(await run(ROOT, 'help'), help);
      const v = await run(ROOT, '--version');
      assert.deepEqual([v.code, v.stdout], [0, version + '\n']);
      assert.equal((await run(ROOT, '-V')).stdout, version + '\n');
    });

    it('prints help for each verb', async () => {
      for (const [verb, words] of [['validate', /path:line:col/], ['stats', /--json/], ['fmt', /--check/], ['merge', /%O %A %B %P/], ['git-setup', /--command/], ['textconv', /git diff/]] as const) {
        const r = await run(ROOT, verb, '--help');
        assert.equal(r.code, 0, verb);
        assert.match(r.stdout, new RegExp(`^Usage: claimlens ${verb}`));
        assert.match(r.stdout, words);
        assert.equal((await run(ROOT, 'help', verb)).stdout, r.stdout);
        assert.equal((await run(ROOT, verb, 'no-such-path', '-h')).code, 0, 'help wins over paths');
      }
    });

    it('exits 2 on usage errors', async () => {
      const cases: [string[], RegExp][] = [
        [[], /^Usage: claimlens/],
        [['frobnicate'], /unknown command 'frobnicate'/],
        [['--frobnicate'], /unknown option --frobnicate/],
        [['validate', '--json'], /claimlens validate: unknown option --json\nUsage: claimlens validate \[--strict\] \[--min-score <n>\] \[--format text\|github\] \[paths…\]\nTry 'claimlens validate --help'/],
        [['fmt', '--json'], /unknown option --json/],
        [['stats', '--check'], /unknown option --check/],
        [['validate', 'test/fixtures/cli/nope'], /claimlens validate: no such file or folder: test\/fixtures\/cli\/nope/],
        [['stats', 'nope.txt.annotations.yaml'], /no such file or folder: nope.txt.annotations.yaml/],
        [['fmt', 'test/fixtures/cli/good', 'missing'], /no such file or folder: missing/],
        [['help', 'frobnicate'], /unknown command/],
        [['merge', 'a', 'b'], /claimlens merge: expects <base> <ours> <theirs> \[path\]\nUsage: claimlens merge/],
        [['merge', 'a', 'b', 'c', 'notes.txt'], /notes\.txt is neither a sidecar/],
        [['textconv'], /claimlens textconv: expects one file/],
        [['fmt', '--check=yes'], /claimlens fmt: option '--check' does not take an argument\nUsage: claimlens fmt/],
        [['stats', '-x'], /claimlens stats: unknown option -x\nUsage: claimlens stats \[--json\]/],
      ];
      for (const [args, message] of cases) {
        const r = await run(ROOT, ...args);
        assert.equal(r.code, 2, args.join(' '));
        assert.equal(r.stdout, '', args.join(' '));
        assert.match(r.stderr, message, args.join(' '));
      }
    });

    it('takes paths after --, even ones that look like options', async () => {
      const { dir } = copyOf(path.join(FIXTURES, 'good'));
      fs.mkdirSync(path.join(dir, '--json'));
      const r = await run(dir, 'validate', '--', '--json');
      assert.equal(r.code, 0);
      assert.match(r.stderr, /no sidecars/);
    });
  });

  describe('validate', () => {
    it('is silent on clean files and exits 0', async () => {
      const r = await run(FIXTURES, 'validate', 'good');
      assert.deepEqual([r.code, r.stdout], [0, '']);
      assert.match(r.stderr, /3 files checked: no problems/);
    });

    it('defaults to the current folder and prints paths relative to it', async () => {
      const { root } = copyOf(FIXTURES, 'ws');
      const r = await run(path.join(root, 'ws'), 'validate');
      assert.equal(r.code, 1);
      assert.deepEqual(r.lines, BROKEN_LINES);
      const fromInside = await run(path.join(root, 'ws/good'), 'validate', '../broken/unknown.txt.annotations.yaml');
      assert.deepEqual(fromInside.lines, BROKEN_LINES.filter(l => l.includes('unknown.txt')).map(l => '../' + l));
    });

    it('reports every broken sidecar at its line and column, exit 1', async () => {
      const r = await run(FIXTURES, 'validate', 'broken');
      assert.equal(r.code, 1);
      assert.deepEqual(r.lines, BROKEN_LINES);
      assert.match(r.stderr, /10 errors, 0 warnings/);
    });

    it('accepts sidecars and articles as paths', async () => {
      const bySidecar = await run(FIXTURES, 'validate', 'broken/unknown.txt.annotations.yaml', 'broken/types.txt');
      assert.deepEqual(bySidecar.lines, BROKEN_LINES.filter(l => /unknown\.txt|types\.txt/.test(l)));
    });

    it('prints warnings but exits 0 when there are no errors', async () => {
      const { dir } = copyOf(path.join(FIXTURES, 'good'));
      fs.copyFileSync(path.join(FIXTURES, 'claimlens.codebook.yaml'), path.join(dir, 'claimlens.codebook.yaml'));
      edit(path.join(dir, 'summit.txt'), t => t + 'Both leaders left on Thursday.\n');
      const r = await run(dir, 'validate');
      assert.equal(r.code, 0);
      assert.deepEqual(r.lines, ['summit.txt.annotations.yaml:6:9: warning: the article changed since these annotations were saved; open it in the editor or run `claimlens fmt` to re-anchor']);
    });

    it('checks the codebook: unknown type, duplicate ids, ambiguous aliases', async () => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'claimlens.codebook.yaml'), [
        'claimlens: 1',
        'entities:',
        '  - {id: china, name: China, type: country, aliases: [Beijing]}',
        '  - {id: china, name: PRC, type: country}',
        '  - {id: beijing-city, name: Beijing, type: city}',
        '',
      ].join('\n'));
      const r = await run(dir, 'validate');
      assert.equal(r.code, 1);
      assert.deepEqual(r.lines, [
        'claimlens.codebook.yaml:4:10: error: duplicate entity id `china`',
        'claimlens.codebook.yaml:5:30: warning: `Beijing` also names `china`; suggestions for it will be ambiguous',
        'claimlens.codebook.yaml:5:45: error: unknown entity type `city` (types: person, country, organization, group)',
      ]);
      assert.deepEqual((await run(dir, 'validate', 'claimlens.codebook.yaml')).lines, r.lines);
    });

    it('does not bury a broken codebook under unknown-entity errors', async () => {
      const { dir } = copyOf(path.join(FIXTURES, 'good'));
      fs.writeFileSync(path.join(dir, 'claimlens.codebook.yaml'), 'claimlens: 1\n<<<<<<< HEAD\nentities: []\n=======\n>>>>>>> theirs\n');
      const r = await run(dir, 'validate');
      assert.equal(r.code, 1);
      assert.deepEqual(r.lines, ['claimlens.codebook.yaml:2:1: error: unresolved git merge conflict marker; resolve the conflict before ClaimLens can read this file']);
    });

    it('checks against the default codebook when there is none, and says so', async () => {
      const { dir } = copyOf(path.join(FIXTURES, 'good'));
      const r = await run(dir, 'validate', 'summit.txt');
      assert.equal(r.code, 1);
      assert.ok(r.lines.length > 0 && r.lines.every(l => l.includes('unknown entity id')), r.stdout);
      assert.match(r.stderr, /no claimlens\.codebook\.yaml found .* default codebook/);
    });
  });

  describe('stats', () => {
    it('prints an aligned table per article and per entity', async () => {
      const r = await run(FIXTURES, 'stats', 'good');
      assert.equal(r.code, 0);
      assert.deepEqual(r.lines, [
        'article            mentions  claims  support  oppose  neutral  no stance  orphans',
        'good/alliance.txt         8       4        1       2        1          0        0',
        'good/summit.txt           4       2        1       0        0          1        0',
        'total                    12       6        2       2        1          1        0  2 articles',
        'entity          name            type     mentions  claims  support  oppose  neutral  no stance  orphans  articles',
        'russia          Russia          country         3       1        0       0        1          0        0         1',
        'united-states   United States   country         2       2        0       2        0          0        0         1',
        'vladimir-putin  Vladimir Putin  person          2       1        1       0        0          0        0         1',
        'xi-jinping      Xi Jinping      person          2       1        0       0        0          1        0         1',
        'china           China           country         2       0        0       0        0          0        0         1',
        'wang-yi         Wang Yi         person          1       1        1       0        0          0        0         1',
      ]);
    });

    it('prints JSON with a stable shape', async () => {
      const r = await run(FIXTURES, 'stats', '--json', 'good');
      assert.equal(r.code, 0);
      const report = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(report), ['stances', 'totals', 'articles', 'entities', 'skipped']);
      assert.deepEqual(report.stances, ['support', 'oppose', 'neutral']);
      assert.deepEqual(report.totals, { articles: 2, mentions: 12, claims: 6, byStance: { support: 2, oppose: 2, neutral: 1 }, noStance: 1, orphans: 0 });
      assert.deepEqual(report.articles[0], { article: 'good/alliance.txt', sidecar: 'good/alliance.txt.annotations.yaml', stale: false,
        missingArticle: false, mentions: 8, claims: 4, byStance: { support: 1, oppose: 2, neutral: 1 }, noStance: 0, orphans: 0 });
      assert.deepEqual(report.entities.find((e: { id: string }) => e.id === 'united-states'), { id: 'united-states', name: 'United States',
        type: 'country', known: true, articles: 1, mentions: 2, claims: 2, byStance: { support: 0, oppose: 2, neutral: 0 }, noStance: 0, orphans: 0 });
      assert.deepEqual(report.skipped, []);
      // Same input, same bytes.
      assert.equal((await run(FIXTURES, 'stats', 'good', '--json')).stdout, r.stdout);
    });

    it('lists unreadable sidecars as skipped and exits 1; unknown entities are counted and flagged', async () => {
      const r = await run(FIXTURES, 'stats', '--json', 'broken');
      assert.equal(r.code, 1);
      const report = JSON.parse(r.stdout);
      assert.deepEqual(report.skipped.map((s: { sidecar: string }) => s.sidecar),
        ['broken/conflict.txt.annotations.yaml', 'broken/syntax.txt.annotations.yaml', 'broken/types.txt.annotations.yaml']);
      assert.deepEqual(report.articles.map((a: { article: string; missingArticle: boolean }) => [a.article, a.missingArticle]),
        [['broken/lonely.txt', true], ['broken/mismatch.txt', false], ['broken/unknown.txt', false]]);
      const narnia = report.entities.find((e: { id: string }) => e.id === 'narnia');
      assert.deepEqual([narnia.known, narnia.name, narnia.type, narnia.mentions], [false, null, null, 1]);
      assert.deepEqual(report.stances, ['support', 'oppose', 'neutral', 'outraged']);
      assert.match(r.stderr, /skipped broken\/syntax\.txt\.annotations\.yaml: 1 error/);
      const table = await run(FIXTURES, 'stats', 'broken');
      assert.match(table.stdout, /narnia +\(not in codebook\)/);
      assert.match(table.stdout, /broken\/lonely\.txt .* article missing/);
    });
  });

  describe('fmt', () => {
    it('rewrites a hand-written file in place, keeping its comments, then --check passes', async () => {
      const { dir } = copyOf(FIXTURES, 'ws');
      const good = path.join(dir, 'good');
      const canonical = read(path.join(good, 'alliance.txt.annotations.yaml'));
      const check = await run(dir, 'fmt', '--check', 'good');
      assert.equal(check.code, 1);
      assert.deepEqual(check.lines, ['good/summit.txt.annotations.yaml: not in canonical form']);
      assert.match(check.stderr, /1 file of 2 would change/);
      const before = snapshot(dir);
      assert.deepEqual(snapshot(dir), before, '--check changes nothing');

      const r = await run(dir, 'fmt', 'good');
      assert.equal(r.code, 0);
      assert.deepEqual(r.lines, ['formatted good/summit.txt.annotations.yaml']);
      const summit = read(path.join(good, 'summit.txt.annotations.yaml'));
      assert.match(summit, /^# Annotated by hand during the pilot; keep these comments\.\n/);
      assert.match(summit, /  # the two presidents\n/);
      assert.match(summit, /stance: support # he was upbeat\n/);
      assert.match(summit, /reviewer: ana\n/);
      assert.equal(read(path.join(good, 'alliance.txt.annotations.yaml')), canonical);
      assert.deepEqual(leftovers(dir), []);

      const again = await run(dir, 'fmt', '--check', 'good');
      assert.deepEqual([again.code, again.stdout], [0, '']);
      const second = await run(dir, 'fmt', 'good');
      assert.deepEqual([second.code, second.stdout], [0, '']);
      assert.equal(read(path.join(good, 'summit.txt.annotations.yaml')), summit, 'fmt is idempotent');
    });

    it('never rewrites a file with errors: reports them, exit 1, bytes unchanged', async () => {
      const { dir } = copyOf(FIXTURES, 'ws');
      const before = snapshot(dir);
      const r = await run(dir, 'fmt', 'broken');
      assert.equal(r.code, 1);
      assert.deepEqual(r.lines, BROKEN_LINES);
      assert.match(r.stderr, /0 files formatted, 0 unchanged, 6 files with errors not rewritten/);
      assert.deepEqual(snapshot(dir), before);
      assert.deepEqual(leftovers(dir), []);
      const check = await run(dir, 'fmt', '--check', 'broken');
      assert.equal(check.code, 1);
      assert.deepEqual(check.lines, BROKEN_LINES);
      assert.deepEqual(snapshot(dir), before);
    });

    it('formats the good files of a mixed folder and still exits 1 for the broken ones', async () => {
      const { dir } = copyOf(FIXTURES, 'ws');
      const brokenBefore = snapshot(path.join(dir, 'broken'));
      const r = await run(dir, 'fmt');
      assert.equal(r.code, 1);
      assert.deepEqual(r.lines, ['formatted good/summit.txt.annotations.yaml', ...BROKEN_LINES]);
      assert.deepEqual(snapshot(path.join(dir, 'broken')), brokenBefore);
    });

    it('reports a file it cannot write and goes on with the others', async () => {
      const { dir } = copyOf(FIXTURES, 'ws');
      edit(path.join(dir, 'good/alliance.txt'), t => 'Updated.\n' + t);
      const node = new NodeFileSystem();
      const failing = Object.assign(Object.create(node) as NodeFileSystem, {
        writeTextAtomic: async (location: string, text: string) => {
          if (location.endsWith('summit.txt.annotations.yaml')) throw new Error('disk full');
          return node.writeTextAtomic(location, text);
        },
      });
      let stdout = '';
      const code = await runCli(['fmt', 'good'], { cwd: dir, fs: failing, stdout: s => { stdout += s; }, stderr: () => undefined });
      assert.equal(code, 1);
      assert.deepEqual(stdout.split('\n').filter(Boolean), [
        'formatted good/alliance.txt.annotations.yaml (re-anchored: 12 moved)',
        'good/summit.txt.annotations.yaml:1:1: error: could not write the file: disk full',
      ]);
    });

    it('does not overwrite a file that changed while it was being formatted', async () => {
      const { dir } = copyOf(FIXTURES, 'ws');
      const target = path.join(dir, 'good/summit.txt.annotations.yaml');
      const node = new NodeFileSystem();
      let reads = 0;
      const racing = Object.assign(Object.create(node) as NodeFileSystem, {
        readText: async (location: string) => {
          const text = await node.readText(location);
          if (location === target && ++reads === 1) fs.appendFileSync(target, '# edited meanwhile\n');
          return text;
        },
      });
      let stdout = '';
      const code = await runCli(['fmt', 'good'], { cwd: dir, fs: racing, stdout: s => { stdout += s; }, stderr: () => undefined });
      assert.equal(code, 1);
      assert.match(stdout, /good\/summit\.txt\.annotations\.yaml:1:1: error: the file changed while it was being formatted/);
      assert.match(read(target), /# edited meanwhile\n$/);
    });
  });

  describe('after the articles changed', () => {
    let dir = '';
    const sidecar = () => path.join(dir, 'alliance.txt.annotations.yaml');
    const article = () => path.join(dir, 'alliance.txt');
    beforeEach(() => {
      dir = copyOf(FIXTURES, 'ws').dir;
      dir = path.join(dir, 'good');
    });

    it('text inserted and deleted: stale warning, then re-anchored by fmt, then clean', async () => {
      const old = sidecarOf(sidecar());
      edit(article(), t => t.replace('Beijing, 5 April', 'Beijing, Thursday 5 April').replace('Russia’s foreign ministry', 'Russia’s ministry')
        .replace('Analysts noted', 'Several analysts in Europe noted'));
      const v = await run(dir, 'validate', 'alliance.txt');
      assert.deepEqual([v.code, v.lines.map(l => l.replace(/:\d+:\d+:/, ':L:C:'))],
        [0, ['alliance.txt.annotations.yaml:L:C: warning: the article changed since these annotations were saved; open it in the editor or run `claimlens fmt` to re-anchor']]);
      const stale = JSON.parse((await run(dir, 'stats', '--json', 'alliance.txt')).stdout);
      assert.equal(stale.articles[0].stale, true);
      const check = await run(dir, 'fmt', '--check', 'alliance.txt');
      assert.deepEqual([check.code, check.lines], [1, ['alliance.txt.annotations.yaml: needs re-anchoring (the article changed)']]);

      const r = await run(dir, 'fmt', 'alliance.txt');
      assert.equal(r.code, 0);
      assert.deepEqual(r.lines, ['formatted alliance.txt.annotations.yaml (re-anchored: 9 moved)']);
      const now = sidecarOf(sidecar());
      assert.ok(annotations(now).every(a => a.anchor === 'exact'), 'moved annotations need no review, so the file records no state');
      const byId = new Map(annotations(now).map(a => [a.id, a]));
      for (const a of annotations(old)) {
        const delta = a.start < 51 ? 0 : a.start < 241 ? 9 : 9 - 8;
        assert.equal(byId.get(a.id)!.start, a.start + delta, a.id);
        assert.equal(byId.get(a.id)!.anchor, 'exact', a.id);
      }
      assertAnchored(sidecar());
      assert.deepEqual([(await run(dir, 'fmt', '--check', 'alliance.txt')).code, (await run(dir, 'validate', 'alliance.txt')).stdout], [0, '']);
      assert.equal(JSON.parse((await run(dir, 'stats', '--json', 'alliance.txt')).stdout).articles[0].stale, false);
      assert.deepEqual(leftovers(dir), []);
    });

    it('CRLF line endings: unchanged, nothing to do', async () => {
      const before = read(sidecar());
      edit(article(), t => t.replace(/\n/g, '\r\n'));
      const v = await run(dir, 'validate', 'alliance.txt');
      assert.deepEqual([v.code, v.stdout], [0, '']);
      const check = await run(dir, 'fmt', '--check', 'alliance.txt');
      assert.deepEqual([check.code, check.stdout], [0, '']);
      const r = await run(dir, 'fmt', 'alliance.txt');
      assert.deepEqual([r.code, r.stdout], [0, '']);
      assert.equal(read(sidecar()), before);
      assert.equal(JSON.parse((await run(dir, 'stats', '--json', 'alliance.txt')).stdout).articles[0].stale, false);
    });

    it('an emoji line prepended: every annotation shifted by its length in code points', async () => {
      const old = sidecarOf(sidecar());
      const prefix = '🌍🌏 World news 🗞️\n';
      edit(article(), t => prefix + t);
      const r = await run(dir, 'fmt', 'alliance.txt');
      assert.deepEqual([r.code, r.lines], [0, ['formatted alliance.txt.annotations.yaml (re-anchored: 12 moved)']]);
      const shift = [...prefix].length;
      assert.equal(shift, 17);
      const now = new Map(annotations(sidecarOf(sidecar())).map(a => [a.id, a]));
      for (const a of annotations(old)) {
        const b = now.get(a.id)!;
        assert.deepEqual([b.start, b.end, b.text, b.anchor], [a.start + shift, a.end + shift, a.text, 'exact'], a.id);
      }
      assertAnchored(sidecar());
      assert.deepEqual([(await run(dir, 'validate', 'alliance.txt')).code, (await run(dir, 'fmt', '--check', 'alliance.txt')).code], [0, 0]);
    });

    it('an annotated sentence deleted: its annotations are kept as orphans', async () => {
      edit(article(), t => t.replace(' Officials in Moscow said the partnership was “not directed against any third country”.', ''));
      const r = await run(dir, 'fmt', 'alliance.txt');
      assert.equal(r.code, 0);
      assert.deepEqual(r.lines, [
        'formatted alliance.txt.annotations.yaml (re-anchored: 4 moved, 2 orphaned)',
        'alliance.txt.annotations.yaml:13:5: warning: orphaned `Moscow` (m1moscow1): quote not found; kept, re-attach or delete it',
        'alliance.txt.annotations.yaml:27:5: warning: orphaned `not directed against any third country` (c1nothird): quote not found; kept, re-attach or delete it',
      ]);
      const now = sidecarOf(sidecar());
      assert.deepEqual(annotations(now).filter(a => a.anchor === 'orphan').map(a => [a.id, a.text]),
        [['m1moscow1', 'Moscow'], ['c1nothird', 'not directed against any third country']]);
      assert.equal(annotations(now).length, 12, 'nothing dropped');
      assertAnchored(sidecar());
      const v = await run(dir, 'validate', 'alliance.txt');
      assert.equal(v.code, 0);
      assert.deepEqual(v.lines, [
        'alliance.txt.annotations.yaml:13:5: warning: orphaned annotation: `Moscow` was not found in the article; re-attach or delete it',
        'alliance.txt.annotations.yaml:27:5: warning: orphaned annotation: `not directed against any third country` was not found in the article; re-attach or delete it',
      ]);
      const stats = JSON.parse((await run(dir, 'stats', '--json', 'alliance.txt')).stdout);
      assert.equal(stats.totals.orphans, 2);
      assert.equal(stats.entities.find((e: { id: string }) => e.id === 'russia').orphans, 2);
      assert.deepEqual([(await run(dir, 'fmt', '--check', 'alliance.txt')).code, (await run(dir, 'fmt', 'alliance.txt')).stdout], [0, '']);
    });

    it('a sidecar checked out with CRLF line endings is canonical and keeps them when re-anchored', async () => {
      const lf = read(sidecar());
      fs.writeFileSync(sidecar(), lf.replace(/\n/g, '\r\n'));
      const summit = path.join(dir, 'summit.txt.annotations.yaml');
      fs.writeFileSync(summit, read(summit).replace(/\n/g, '\r\n'));
      assert.deepEqual([(await run(dir, 'validate')).stdout, (await run(dir, 'fmt', '--check', 'alliance.txt')).code], ['', 0]);
      edit(article(), t => 'Updated.\n' + t);
      const r = await run(dir, 'fmt');
      assert.deepEqual([r.code, r.lines], [0, ['formatted alliance.txt.annotations.yaml (re-anchored: 12 moved)', 'formatted summit.txt.annotations.yaml']]);
      const text = read(sidecar());
      assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
      assert.match(read(summit), /^# Annotated by hand during the pilot; keep these comments\.\r\n/);
      assert.ok(!/[^\r]\n/.test(read(summit)));
      assert.equal(sidecarOf(sidecar()).mentions[0].start, 9);
      assert.deepEqual([(await run(dir, 'validate')).stdout, (await run(dir, 'fmt', '--check')).code], ['', 0]);
    });

    it('an article deleted: the sidecar is reported and left alone', async () => {
      fs.rmSync(article());
      const before = read(sidecar());
      const r = await run(dir, 'fmt', 'alliance.txt.annotations.yaml');
      assert.deepEqual([r.code, r.lines], [1, ['alliance.txt.annotations.yaml:1:1: error: the article this sidecar annotates does not exist']]);
      assert.equal(read(sidecar()), before);
    });
  });

  describe('samples', () => {
    const sidecars = fs.existsSync(SAMPLES) ? fs.readdirSync(SAMPLES).filter(f => f.endsWith('.annotations.yaml')).sort() : [];
    let root = '', dir = '';
    before(function () { if (sidecars.length === 0) this.skip(); });
    beforeEach(() => { ({ root, dir } = copyOf(SAMPLES, 'samples')); });
    const files = () => sidecars.map(s => path.join(dir, s));

    it('validate, stats and fmt --check pass on the gold annotations', async () => {
      const v = await run(root, 'validate', 'samples');
      assert.deepEqual([v.code, v.stdout], [0, '']);
      const stats = JSON.parse((await run(root, 'stats', '--json', 'samples')).stdout);
      assert.equal(stats.totals.articles, sidecars.length);
      let mentions = 0, claims = 0;
      for (const f of files()) { const s = sidecarOf(f); mentions += s.mentions.length; claims += s.claims.length; }
      assert.deepEqual([stats.totals.mentions, stats.totals.claims], [mentions, claims]);
      assert.equal(stats.articles.every((a: { stale: boolean }) => !a.stale), true);
      const table = await run(root, 'stats', 'samples');
      assert.equal(table.code, 0);
      assert.match(table.lines[0], /^article +mentions +claims +support +oppose +neutral +orphans$/);
      const check = await run(root, 'fmt', '--check', 'samples');
      assert.deepEqual([check.code, check.stdout], [0, '']);
      const before = snapshot(dir);
      assert.deepEqual([(await run(root, 'fmt', 'samples')).stdout, snapshot(dir)], ['', before]);
    });

    it('CRLF articles and sidecars are unchanged', async () => {
      for (const f of files()) edit(f, t => t.replace(/\n/g, '\r\n'));
      const before = snapshot(dir);
      for (const f of files()) edit(f.replace(/\.annotations\.yaml$/, ''), t => t.replace(/\n/g, '\r\n'));
      assert.deepEqual([(await run(root, 'validate', 'samples')).stdout, (await run(root, 'fmt', '--check', 'samples')).code], ['', 0]);
      await run(root, 'fmt', 'samples');
      for (const s of sidecars) assert.deepEqual(fs.readFileSync(path.join(dir, s)), before.get(s), s);
    });

    it('an emoji line prepended: every annotation shifted, nothing lost', async () => {
      const olds = files().map(sidecarOf);
      for (const f of files()) edit(f.replace(/\.annotations\.yaml$/, ''), t => '🧭 Dossier 🇨🇳🇷🇺\n' + t);
      const check = await run(root, 'fmt', '--check', 'samples');
      assert.equal(check.code, 1);
      assert.equal(check.lines.length, sidecars.length);
      const r = await run(root, 'fmt', 'samples');
      assert.equal(r.code, 0);
      files().forEach((f, i) => {
        const now = new Map(annotations(sidecarOf(f)).map(a => [a.id, a]));
        for (const a of annotations(olds[i])) assert.deepEqual([now.get(a.id)!.start, now.get(a.id)!.anchor], [a.start + [...'🧭 Dossier 🇨🇳🇷🇺\n'].length, 'exact'], a.id);
        assertAnchored(f);
      });
      assert.deepEqual([(await run(root, 'validate', 'samples')).stdout, (await run(root, 'fmt', '--check', 'samples')).code], ['', 0]);
      assert.deepEqual(leftovers(root), []);
    });

    it('text inserted and deleted between annotations: re-anchored, no orphans', async () => {
      for (const f of files()) {
        const s = sidecarOf(f);
        const text = normalizeNewlines(read(f.replace(/\.annotations\.yaml$/, '')));
        const cps = [...text];
        // Insert a sentence at the start of the fourth line, delete a word outside every annotation and its context.
        const lineStart = cps.findIndex((_c, i) => i > 0 && cps[i - 1] === '\n' && cps.slice(0, i).filter(x => x === '\n').length === 3);
        const busy = (i: number) => annotations(s).some(a => i >= a.start - 40 && i < a.end + 40);
        const del = cps.findIndex((c, i) => i > lineStart + 100 && c === ' ' && !busy(i) && !busy(i + 12));
        assert.ok(lineStart > 0 && del > 0, f);
        const edited = [...cps.slice(0, lineStart), ...'Editor’s note: this article was updated. ', ...cps.slice(lineStart, del), ...cps.slice(del + 8)].join('');
        fs.writeFileSync(f.replace(/\.annotations\.yaml$/, ''), edited);
      }
      const v = await run(root, 'validate', 'samples');
      assert.equal(v.code, 0);
      assert.equal(v.lines.length, sidecars.length);
      assert.ok(v.lines.every(l => l.includes('warning: the article changed')));
      const r = await run(root, 'fmt', 'samples');
      assert.equal(r.code, 0);
      assert.equal(r.lines.filter(l => l.startsWith('formatted ')).length, sidecars.length);
      for (const f of files()) {
        assert.deepEqual(annotations(sidecarOf(f)).filter(a => a.anchor === 'orphan' || a.anchor === 'fuzzy').map(a => a.id), [], f);
        assertAnchored(f);
      }
      assert.deepEqual([(await run(root, 'validate', 'samples')).stdout, (await run(root, 'fmt', '--check', 'samples')).code], ['', 0]);
    });

    it('an annotated sentence deleted: exactly its annotations become orphans, the rest stay', async () => {
      const f = files()[0], articleFile = f.replace(/\.annotations\.yaml$/, '');
      const s = sidecarOf(f);
      const ix = new CodePointIndex(normalizeNewlines(read(articleFile)));
      // The sentence around the first claim that lies inside one sentence.
      const claim = s.claims.find(c => !/[.!?]\s/.test(c.text))!;
      const text = ix.text;
      const from = ix.toCodePoint(Math.max(text.lastIndexOf('. ', ix.toUtf16(claim.start)) + 2, 0));
      const endU = text.indexOf('. ', ix.toUtf16(claim.end));
      const to = ix.toCodePoint(endU < 0 ? text.length : endU + 2);
      const inside = annotations(s).filter(a => a.start >= from && a.end <= to).map(a => a.id).sort();
      assert.ok(inside.includes(claim.id));
      fs.writeFileSync(articleFile, ix.slice(0, from) + ix.slice(to, ix.length));
      const r = await run(root, 'fmt', path.relative(root, f));
      assert.equal(r.code, 0);
      const after = sidecarOf(f);
      assert.equal(annotations(after).length, annotations(s).length, 'nothing dropped');
      const orphans = annotations(after).filter(a => a.anchor === 'orphan').map(a => a.id).sort();
      // Short quotes (a name) may legitimately be found again elsewhere; the claim itself cannot.
      assert.ok(orphans.includes(claim.id), `${claim.id} orphaned`);
      assert.ok(orphans.every(id => inside.includes(id)), `only annotations of the deleted sentence: ${orphans} ⊆ ${inside}`);
      assertAnchored(f);
      const v = await run(root, 'validate', path.relative(root, f));
      assert.equal(v.code, 0);
      assert.equal(v.lines.length, orphans.length);
      assert.ok(v.lines.every(l => l.includes('warning: orphaned annotation')));
      assert.equal(JSON.parse((await run(root, 'stats', '--json', path.relative(root, f))).stdout).totals.orphans, orphans.length);
    });

    it('a broken sidecar among the samples is reported and not rewritten; the others are formatted', async () => {
      const [first, second, third] = files();
      const text = read(first).split('\n');
      const line = text.findIndex(l => /entity: [a-z]/.test(l));
      text[line] = text[line].replace(/entity: [a-z-]+/, 'entity: atlantis');
      fs.writeFileSync(first, text.join('\n'));
      const conflictLine = second ? read(second).split('\n').indexOf('mentions:') + 2 : 0;
      if (second) fs.writeFileSync(second, read(second).replace('mentions:\n', 'mentions:\n<<<<<<< ours\n'));
      for (const f of files()) edit(f.replace(/\.annotations\.yaml$/, ''), t => 'Updated.\n' + t);
      const broken = new Map([first, second].filter(Boolean).map(f => [f, fs.readFileSync(f)]));
      const r = await run(root, 'fmt', 'samples');
      assert.equal(r.code, 1);
      const name = (f: string) => path.relative(root, f).split(path.sep).join('/');
      assert.ok(r.lines.includes(`${name(first)}:${line + 1}:${text[line].indexOf('atlantis') + 1}: error: unknown entity id \`atlantis\` (not in the codebook)`), r.stdout);
      if (second) assert.ok(r.lines.some(l => l.startsWith(`${name(second)}:${conflictLine}:1: error: unresolved git merge conflict marker`)), r.stdout);
      for (const [f, bytes] of broken) assert.deepEqual(fs.readFileSync(f), bytes, f);
      if (third) assert.ok(r.lines.includes(`formatted ${name(third)} (re-anchored: ${annotations(sidecarOf(third)).length} moved)`), r.stdout);
      assert.deepEqual(leftovers(root), []);
    });
  });

  describe('NodeFileSystem', () => {
    const nfs = new NodeFileSystem();

    it('replaces a file atomically, keeping its permissions and leaving no temporary file', async () => {
      const dir = tempDir(), file = path.join(dir, 'a.txt.annotations.yaml');
      fs.writeFileSync(file, 'old\n');
      fs.chmodSync(file, 0o640);
      await nfs.writeTextAtomic(toLocation(file, '/'), 'new ✓\n');
      assert.equal(read(file), 'new ✓\n');
      assert.equal(fs.statSync(file).mode & 0o777, 0o640);
      assert.deepEqual(fs.readdirSync(dir), ['a.txt.annotations.yaml']);
      await nfs.writeTextAtomic(path.join(dir, 'new.yaml'), 'created');
      assert.equal(read(path.join(dir, 'new.yaml')), 'created');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['a.txt.annotations.yaml', 'new.yaml']);
    });

    it('never replaces a read-only file, and `claimlens fmt` says so and leaves it as it was', async () => {
      const dir = tempDir(), file = path.join(dir, 'a.txt.annotations.yaml');
      fs.writeFileSync(file, 'old\n');
      fs.chmodSync(file, 0o444);
      await assert.rejects(nfs.writeTextAtomic(toLocation(file, '/'), 'new\n'), /is read-only/);
      assert.equal(read(file), 'old\n');
      assert.deepEqual(fs.readdirSync(dir), ['a.txt.annotations.yaml'], 'no temporary file left');
      // A sample whose article gained a first line (so fmt would re-anchor it), its sidecar read-only.
      const corpus = tempDir(), sample = '000_30b9ca53c861b234.txt';
      fs.copyFileSync(path.join(SAMPLES, 'claimlens.codebook.yaml'), path.join(corpus, 'claimlens.codebook.yaml'));
      fs.writeFileSync(path.join(corpus, sample), 'A NEW FIRST LINE\n' + read(path.join(SAMPLES, sample)));
      const sidecar = path.join(corpus, sample + '.annotations.yaml');
      fs.copyFileSync(path.join(SAMPLES, sample + '.annotations.yaml'), sidecar);
      const before = read(sidecar);
      fs.chmodSync(sidecar, 0o444);
      const r = await run(corpus, 'fmt');
      assert.notEqual(r.code, 0);
      assert.match(r.stderr + r.stdout, /read-only/);
      assert.equal(read(sidecar), before);
    });

    it('cleans up its temporary file when the rename fails', async () => {
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, 'x.yaml'));
      fs.writeFileSync(path.join(dir, 'x.yaml', 'keep'), '');
      await assert.rejects(nfs.writeTextAtomic(path.join(dir, 'x.yaml'), 'text'));
      assert.deepEqual(fs.readdirSync(dir), ['x.yaml']);
      await assert.rejects(nfs.writeTextAtomic(path.join(dir, 'missing/y.yaml'), 'text'));
    });

    it('reads, stats and finds files', async () => {
      const dir = tempDir();
      for (const f of ['a.txt.annotations.yaml', 'sub/b.txt.annotations.yaml', '.hidden/c.txt.annotations.yaml', 'node_modules/d.txt.annotations.yaml', 'sub/e.txt'])
        { fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true }); fs.writeFileSync(path.join(dir, f), f); }
      const root = toLocation(dir, '/');
      assert.deepEqual(await nfs.findFiles(root, '.annotations.yaml'), [`${root}/a.txt.annotations.yaml`, `${root}/sub/b.txt.annotations.yaml`]);
      assert.deepEqual(await nfs.findFiles(`${root}/sub/e.txt`, '.txt'), [`${root}/sub/e.txt`]);
      assert.deepEqual(await nfs.findFiles(`${root}/nope`, '.txt'), []);
      assert.equal(await nfs.readText(`${root}/sub/e.txt`), 'sub/e.txt');
      assert.equal(await nfs.readText(`${root}/nope`), undefined);
      assert.equal(await nfs.readText(`${root}/sub`), undefined);
      assert.equal((await nfs.stat(`${root}/sub/e.txt`))?.size, 9);
      assert.equal(await nfs.stat(`${root}/nope`), undefined);
    });

    it('turns command-line paths into locations and back', () => {
      assert.equal(toLocation('samples', '/home/ana/x'), '/home/ana/x/samples');
      assert.equal(toLocation('../y/./z/', '/home/ana/x'), '/home/ana/y/z');
      assert.equal(toLocation('/abs/p', '/home/ana/x'), '/abs/p');
      assert.equal(toLocation('docs\\a.txt', 'C:\\Users\\me'), 'C:/Users/me/docs/a.txt');
      assert.equal(displayPath('/home/ana/x/samples/a.yaml', '/home/ana/x'), 'samples/a.yaml');
      assert.equal(displayPath('/home/ana/y/a.yaml', '/home/ana/x'), '../y/a.yaml');
      assert.equal(displayPath('/home/ana/x', '/home/ana/x/'), '.');
      assert.equal(displayPath('D:/a', 'C:/b'), 'D:/a');
    });
  });
});
