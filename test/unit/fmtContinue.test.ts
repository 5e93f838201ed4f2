// `claimlens fmt` over a folder where one sidecar is hard to write: a valid hand-edited file with
// a YAML anchor and alias is formatted (the alias expanded), and a file that cannot be written
// at all is reported while every other file is still formatted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run';
import { loadSidecar } from '../../src/core/sidecarFormat';
import { refuseToWriteDocumentsMarkedUnwritable } from '../support/unwritableDocument';

const CODEBOOK = 'claimlens: 1\nentities:\n  - {id: xi, name: Xi Jinping, type: person}\n  - {id: putin, name: Vladimir Putin, type: person}\n';
const TEXT = 'Xi Jinping met Vladimir Putin in Moscow.\n';
/** A sidecar without a hash: fmt adds it, so every file needs rewriting. */
const plain = (note: string) => `# ${note}\nclaimlens: 1\nmentions:\n  - {id: m1, entity: xi, start: 0, end: 10, text: Xi Jinping}\n`;
// Valid YAML whose alias comes before its anchor once the annotations are ordered by position.
const WITH_ALIAS = `claimlens: 1
mentions:
  - {id: m2, entity: putin, start: 15, end: 29, text: Vladimir Putin, tags: &checked [checked]}
  - {id: m1, entity: xi, start: 0, end: 10, text: Xi Jinping, tags: *checked}
`;

const temps: string[] = [];
after(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });

function corpus(sidecars: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-fmt-'));
  temps.push(dir);
  fs.writeFileSync(path.join(dir, 'claimlens.codebook.yaml'), CODEBOOK);
  for (const [name, sidecar] of Object.entries(sidecars)) {
    fs.writeFileSync(path.join(dir, name), TEXT);
    fs.writeFileSync(path.join(dir, `${name}.annotations.yaml`), sidecar);
  }
  return dir;
}

async function fmt(cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const code = await runCli(['fmt', '.'], { cwd, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr };
}

const hashOf = (dir: string, name: string) => loadSidecar(fs.readFileSync(path.join(dir, `${name}.annotations.yaml`), 'utf8')).sidecar?.article.hash;

describe('claimlens fmt: a file that is hard to write', () => {
  it('formats a hand-edited sidecar with a YAML anchor and alias, and the files after it', async () => {
    const dir = corpus({ 'a.txt': plain('a'), 'b.txt': WITH_ALIAS, 'c.txt': plain('c') });
    const r = await fmt(dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) assert.match(hashOf(dir, name) ?? '', /^sha256:/, `${name} was formatted`);
    const b = loadSidecar(fs.readFileSync(path.join(dir, 'b.txt.annotations.yaml'), 'utf8'));
    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.sidecar!.mentions.map(m => m.id), ['m1', 'm2']);
  });

  describe('a file that cannot be written at all', () => {
    refuseToWriteDocumentsMarkedUnwritable();

    it('is reported at its path, left as it was, and the other files are still formatted', async () => {
      const broken = plain('b') + 'unwritable: yes\n';
      const dir = corpus({ 'a.txt': plain('a'), 'b.txt': broken, 'c.txt': plain('c') });
      const r = await fmt(dir);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^b\.txt\.annotations\.yaml:1:1: error: could not be formatted: cannot stringify this document; not rewritten/m);
      assert.equal(fs.readFileSync(path.join(dir, 'b.txt.annotations.yaml'), 'utf8'), broken);
      assert.match(hashOf(dir, 'a.txt') ?? '', /^sha256:/);
      assert.match(hashOf(dir, 'c.txt') ?? '', /^sha256:/, 'the file after the failing one was formatted too');
      assert.match(r.stderr, /2 files formatted, 0 unchanged, 1 file with errors not rewritten/);
    });
  });
});
