// A repository from someone else, opened with the command line: planted links, files outside the
// workspace, BOM and CRLF files, bytes that are not UTF-8, oversized sidecars. Nothing outside the
// workspace is read or changed, every refused file is a problem at its place, and the other files
// are still processed. The same cases in the real editor: test/integration/suite/hostileFs.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run';
import { NodeFileSystem } from '../../src/cli/nodeFileSystem';
import { loadSidecar, saveSidecar } from '../../src/core/sidecarFormat';
import { emptySidecar, Mention } from '../../src/core/model';
import {
  applyTextStyle, decodeUtf8, detectTextStyle, firstInvalidUtf8, hashText, normalizeText, splitTextStyle,
} from '../../src/core/text';
import { decodeFile, DEFAULT_MAX_DATA_BYTES, FileRefusedError } from '../../src/store/fileSystem';
import { CodebookStore } from '../../src/store/codebookStore';
import { addAlias } from '../../src/core/codebook';

const FIXTURE = path.resolve(__dirname, '../fixtures/hostile-fs');
const temps: string[] = [];
after(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });

/** A copy of the fixture as `repo/`, and an `outside/` folder beside it holding a file links point at. */
function hostileRepo(): { repo: string; outside: string; secret: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-hostile-'));
  temps.push(base);
  const repo = path.join(base, 'repo'), outside = path.join(base, 'outside');
  fs.cpSync(FIXTURE, repo, { recursive: true });
  fs.mkdirSync(outside);
  fs.renameSync(path.join(repo, 'outside-secret.txt'), path.join(outside, 'secret.txt'));
  return { repo, outside, secret: path.join(outside, 'secret.txt') };
}

async function run(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const code = await runCli(args, { cwd, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr };
}

/** Every file below dir (links as links) with its bytes or link target. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const f = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    if (e.isSymbolicLink()) out.set(path.relative(dir, f), '-> ' + fs.readlinkSync(f));
    else if (e.isFile()) out.set(path.relative(dir, f), fs.readFileSync(f).toString('base64'));
  }
  return out;
}

describe('hostile repository: links', () => {
  it('fmt does not read a sidecar that is a link to a file outside, and leaves both alone', async () => {
    const { repo, outside } = hostileRepo();
    // The link's target is a stale sidecar: formatting it through the link would rewrite it.
    fs.copyFileSync(path.join(repo, 'stale.txt.annotations.yaml'), path.join(outside, 'linked.yaml'));
    fs.copyFileSync(path.join(repo, 'stale.txt'), path.join(repo, 'linked.txt'));
    fs.symlinkSync(path.join(outside, 'linked.yaml'), path.join(repo, 'linked.txt.annotations.yaml'));
    const before = snapshot(outside);
    const r = await run(repo, 'fmt');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /linked\.txt\.annotations\.yaml:1:1: error: this file is a symbolic link/);
    assert.ok(fs.lstatSync(path.join(repo, 'linked.txt.annotations.yaml')).isSymbolicLink(), 'the link is still a link');
    assert.deepEqual(snapshot(outside), before);
    // The other files are still formatted.
    assert.match(r.stdout, /^formatted stale\.txt\.annotations\.yaml/m);
  });

  it('fmt does not quote an article that is a link to a file outside', async () => {
    const { repo, secret } = hostileRepo();
    fs.symlinkSync(secret, path.join(repo, 'secret.txt'));
    // A sidecar that would be re-anchored against the linked file (its text "export" is in it).
    const s = { ...emptySidecar(), mentions: [{ id: 'm0000009', entity: 'china', start: 0, end: 6, text: 'export', before: '', after: '', anchor: 'exact' } as Mention] };
    fs.writeFileSync(path.join(repo, 'secret.txt.annotations.yaml'), saveSidecar(s));
    const sidecarBefore = fs.readFileSync(path.join(repo, 'secret.txt.annotations.yaml'));
    const r = await run(repo, 'fmt');
    assert.match(r.stdout, /secret\.txt\.annotations\.yaml:1:1: error: its article secret\.txt is a symbolic link/);
    assert.deepEqual(fs.readFileSync(path.join(repo, 'secret.txt.annotations.yaml')), sidecarBefore, 'no quote of the secret was written');
    assert.doesNotMatch(r.stdout + r.stderr, /do-not-touch/);
  });

  it('fmt writes nothing through a linked folder leading outside the workspace', async () => {
    const { repo, outside } = hostileRepo();
    fs.mkdirSync(path.join(outside, 'dir'));
    for (const f of ['stale.txt', 'stale.txt.annotations.yaml']) fs.copyFileSync(path.join(repo, f), path.join(outside, 'dir', f));
    fs.symlinkSync(path.join(outside, 'dir'), path.join(repo, 'linked-dir'));
    const before = snapshot(outside);
    // Named explicitly, so the folder walk (which never enters linked folders) is not what stops it.
    const r = await run(repo, 'fmt', 'stale.txt', 'linked-dir/stale.txt');
    assert.match(r.stdout, /linked-dir\/stale\.txt\.annotations\.yaml:1:1: error: this file lies outside the workspace folder/);
    assert.deepEqual(snapshot(outside), before);
    assert.match(r.stdout, /^formatted stale\.txt\.annotations\.yaml/m);
  });

  it('a planted temporary-file link is never used: the write goes to a fresh, exclusive name', async () => {
    const { repo, secret } = hostileRepo();
    const planted = path.join(repo, 'stale.txt.annotations.yaml.claimlens-tmp');
    fs.symlinkSync(secret, planted);
    const secretBefore = fs.readFileSync(secret);
    const r = await run(repo, 'fmt');
    assert.match(r.stdout, /^formatted stale\.txt\.annotations\.yaml/m, r.stdout + r.stderr);
    assert.deepEqual(fs.readFileSync(secret), secretBefore);
    assert.ok(fs.lstatSync(path.join(repo, 'stale.txt.annotations.yaml')).isFile() && !fs.lstatSync(path.join(repo, 'stale.txt.annotations.yaml')).isSymbolicLink());
    assert.ok(fs.lstatSync(planted).isSymbolicLink(), 'the planted link is left alone');
    assert.deepEqual(fs.readdirSync(repo).filter(n => n.endsWith('.claimlens-tmp')), ['stale.txt.annotations.yaml.claimlens-tmp'], 'no temporary file is left');
  });

  it('NodeFileSystem: never reads a temporary file, never follows a link at the target or the temporary name', async () => {
    const { repo, secret } = hostileRepo();
    const nfs = new NodeFileSystem({ roots: () => [repo] });
    const target = path.join(repo, 'x.txt.annotations.yaml');
    fs.symlinkSync(secret, target);
    await assert.rejects(nfs.readText(target), (e: FileRefusedError) => e.reason === 'symlink');
    await assert.rejects(nfs.writeTextAtomic(target, 'claimlens: 1\n'), (e: FileRefusedError) => e.reason === 'symlink');
    await assert.rejects(nfs.readText(path.join(repo, 'stale.txt.annotations.yaml.0011.claimlens-tmp')), (e: FileRefusedError) => e.reason === 'temporary-file');
    assert.equal(fs.readFileSync(secret, 'utf8'), 'export SECRET=do-not-touch\n');
    // A FIFO planted as a sidecar is refused, not waited on forever.
    if (process.platform !== 'win32') {
      const { execFileSync } = await import('node:child_process');
      const fifo = path.join(repo, 'pipe.txt.annotations.yaml');
      execFileSync('mkfifo', [fifo]);
      await assert.rejects(nfs.readText(fifo), (e: FileRefusedError) => e.reason === 'not-a-file');
    }
  });
});

describe('hostile repository: new folders', () => {
  it('NodeFileSystem creates a missing folder inside the workspace, but not through a linked folder leading out', async () => {
    const { repo, outside } = hostileRepo();
    const nfs = new NodeFileSystem({ roots: () => [repo], createFolders: true });
    await nfs.writeTextAtomic(path.join(repo, 'new/sub/a.txt'), 'text\n');
    assert.equal(fs.readFileSync(path.join(repo, 'new/sub/a.txt'), 'utf8'), 'text\n');
    fs.symlinkSync(outside, path.join(repo, 'out'));
    await assert.rejects(nfs.writeTextAtomic(path.join(repo, 'out/deeper/a.txt'), 'x'), (e: FileRefusedError) => e.reason === 'outside-workspace');
    assert.ok(!fs.existsSync(path.join(outside, 'deeper')));
  });
});

describe('hostile repository: BOM, line endings, encodings', () => {
  it('the BOM is not part of the text: one shared rule for the editor and the command line', () => {
    const text = 'China and Russia met.\n';
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    // VS Code's document text has no BOM; the file system adapters of both hand out the same.
    assert.equal(decodeFile('/w/a.txt', withBom), text);
    assert.equal(decodeFile('file:///w/a.txt', withBom), text);
    assert.equal(normalizeText('\uFEFFa\r\nb'), 'a\nb');
    assert.equal(normalizeText('a\uFEFFb'), 'a\uFEFFb', 'a U+FEFF inside the text is a character');
    assert.equal(hashText(normalizeText('\uFEFF' + text)), hashText(text));
  });

  it('CLI: an article with a BOM annotated in the editor is current and canonical (fmt --check passes)', async () => {
    const { repo } = hostileRepo();
    const r = await run(repo, 'fmt', '--check', 'bom.txt');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const v = await run(repo, 'validate', 'bom.txt');
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.equal(v.stdout, '');
  });

  it('CLI: rewriting a sidecar keeps its BOM and CRLF line endings', async () => {
    const { repo } = hostileRepo();
    const file = path.join(repo, 'crlf.txt.annotations.yaml');
    const r = await run(repo, 'fmt', 'crlf.txt');
    assert.match(r.stdout, /^formatted crlf\.txt\.annotations\.yaml/m, r.stdout + r.stderr);
    const after = fs.readFileSync(file, 'utf8');
    assert.ok(after.startsWith('\uFEFFclaimlens: 1\r\n'), JSON.stringify(after.slice(0, 20)));
    assert.ok(!/[^\r]\n/.test(after), 'every line ends with CRLF');
    assert.match(after, new RegExp(`hash: ${hashText('China and Russia met in Astana.\nBeijing said the talks went well.\n')}\r\n`));
    assert.equal((await run(repo, 'fmt', '--check', 'crlf.txt')).code, 0);
  });

  it('the shared style functions detect and re-apply BOM and line endings', () => {
    for (const raw of ['a: 1\nb: 2\n', 'a: 1\r\nb: 2\r\n', '\uFEFFa: 1\nb: 2\n', '\uFEFFa: 1\r\nb: 2\r\n']) {
      const { text, style } = splitTextStyle(raw);
      assert.equal(text, 'a: 1\nb: 2\n');
      assert.equal(applyTextStyle(text, style), raw);
    }
    assert.deepEqual(detectTextStyle('no line break'), { bom: false, eol: '\n' });
  });

  it('CLI: a sidecar that is not UTF-8 is an error at the bad byte and is never rewritten', async () => {
    const { repo } = hostileRepo();
    const file = path.join(repo, 'latin1.txt.annotations.yaml');
    const before = fs.readFileSync(file);
    const v = await run(repo, 'validate', 'latin1.txt');
    assert.equal(v.code, 1);
    assert.match(v.stdout, /^latin1\.txt\.annotations\.yaml:8:3: error: this file is not valid UTF-8/m);
    const r = await run(repo, 'fmt');
    assert.deepEqual(fs.readFileSync(file), before, 'the bytes are untouched');
    assert.match(r.stdout, /^formatted stale\.txt\.annotations\.yaml/m, 'the other files are formatted');
  });

  it('finds the first byte that is not UTF-8, with its line and column', () => {
    const enc = (s: string) => [...new TextEncoder().encode(s)];
    assert.equal(firstInvalidUtf8(new Uint8Array(enc('plain “quoted” 😀'))), -1);
    for (const bad of [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x80], [0x80]]) {
      assert.equal(firstInvalidUtf8(new Uint8Array([0x61, ...bad])), 1, bad.join(','));
      assert.ok(decodeUtf8(new Uint8Array([0x61, ...bad]), true).error);
    }
    assert.deepEqual(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('ab\n“x”'), 0xff]), true).error, { offset: 13, line: 2, column: 4 });
    assert.equal(decodeUtf8(new Uint8Array([0x61, 0xff]), false).text, 'a\uFFFD');
  });
});

describe('hostile repository: size', () => {
  it(`CLI: a sidecar over the limit (${DEFAULT_MAX_DATA_BYTES / 1024 / 1024} MiB) is skipped with a problem; the others are processed`, async () => {
    const { repo } = hostileRepo();
    const big = path.join(repo, 'big.txt.annotations.yaml');
    fs.copyFileSync(path.join(repo, 'stale.txt'), path.join(repo, 'big.txt'));
    fs.writeFileSync(big, fs.readFileSync(path.join(repo, 'stale.txt.annotations.yaml'), 'utf8') + `# ${'x'.repeat(DEFAULT_MAX_DATA_BYTES)}\n`);
    const r = await run(repo, 'fmt');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^big\.txt\.annotations\.yaml:1:1: error: this file is 5\.0 MiB, over the limit of 5\.0 MiB/m);
    assert.match(r.stdout, /^formatted stale\.txt\.annotations\.yaml/m);
  });

  it('the size is checked before reading: a 1 GiB sparse sidecar is refused at once', async function () {
    const { repo } = hostileRepo();
    const big = path.join(repo, 'huge.txt.annotations.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 1024 * 1024 * 1024);
    const t0 = Date.now();
    await assert.rejects(new NodeFileSystem().readText(big), (e: FileRefusedError) => e.reason === 'too-large');
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
  });

  it('a sidecar just under the limit still loads in well under a few seconds (the limit is not too tight)', () => {
    const article = 'China and Russia met in Astana. '.repeat(2000);
    const mentions: Mention[] = [];
    for (let i = 0; mentions.length < 24000; i++) {
      const start = (i * 32) % (article.length - 5);
      mentions.push({ id: 'm' + i.toString(36).padStart(7, '0'), entity: 'china', start, end: start + 5, text: 'China', before: article.slice(Math.max(0, start - 32), start), after: article.slice(start + 5, start + 37), anchor: 'exact' });
    }
    const text = saveSidecar({ ...emptySidecar(), mentions });
    const t0 = Date.now();
    const loaded = loadSidecar(text);
    const ms = Date.now() - t0;
    assert.equal(loaded.sidecar?.mentions.length, 24000);
    console.log(`      ${(text.length / 1024 / 1024).toFixed(1)} MiB sidecar with ${mentions.length} mentions loaded in ${ms} ms`);
    assert.ok(text.length < DEFAULT_MAX_DATA_BYTES, `${text.length}`);
  });
});

describe('hostile repository: the codebook', () => {
  it('CLI: a codebook that is a link to a file outside is refused with a problem; nothing is checked against it', async () => {
    const { repo, outside } = hostileRepo();
    fs.renameSync(path.join(repo, 'claimlens.codebook.yaml'), path.join(outside, 'codebook.yaml'));
    fs.symlinkSync(path.join(outside, 'codebook.yaml'), path.join(repo, 'claimlens.codebook.yaml'));
    const before = snapshot(outside);
    const r = await run(repo, 'validate');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^claimlens\.codebook\.yaml:1:1: error: this file is a symbolic link/m);
    assert.doesNotMatch(r.stdout, /unknown-entity|unknown entity/, 'references are not checked against a refused codebook');
    await run(repo, 'fmt');
    assert.deepEqual(snapshot(outside), before);
  });

  it('CodebookStore: a codebook that is not UTF-8 is a problem at the bad byte, blocks edits and is never written', async () => {
    const { repo } = hostileRepo();
    const file = path.join(repo, 'claimlens.codebook.yaml');
    fs.appendFileSync(file, Buffer.from([0x23, 0x20, 0xc3, 0x28, 0x0a])); // "# " + a broken two-byte sequence, line 6
    const before = fs.readFileSync(file);
    const store = new CodebookStore(new NodeFileSystem({ roots: () => [repo] }), file);
    await store.load();
    assert.deepEqual(store.problems.map(p => [p.code, p.line, p.column]), [['invalid-utf8', 6, 3]]);
    assert.ok(store.blocked);
    await assert.rejects(store.update(c => addAlias(c, 'china', 'PRC')));
    assert.deepEqual(fs.readFileSync(file), before);
  });

  it('CodebookStore: a codebook with a BOM and CRLF keeps both when an alias is added', async () => {
    const { repo } = hostileRepo();
    const file = path.join(repo, 'claimlens.codebook.yaml');
    fs.writeFileSync(file, '\uFEFF' + fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    const store = new CodebookStore(new NodeFileSystem({ roots: () => [repo] }), file);
    await store.load();
    assert.deepEqual(store.problems, []);
    await store.update(c => addAlias(c, 'russia', 'Moscow'));
    const after = fs.readFileSync(file, 'utf8');
    assert.ok(after.startsWith('\uFEFF# Codebook'), JSON.stringify(after.slice(0, 12)));
    assert.ok(after.includes('Moscow') && !/[^\r]\n/.test(after), after);
  });
});
