// Re-anchoring a sidecar on disk when its article changed outside the editor.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Sidecar } from '../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { reanchorOnDisk } from '../../src/store/reanchorOnDisk';
import { MemoryFileSystem } from '../support/memoryFileSystem';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const NAME = '003_783d3b7188b5998a.txt';
const ARTICLE_TEXT = readFileSync(join(SAMPLES, NAME), 'utf8');
const SIDECAR_TEXT = readFileSync(join(SAMPLES, NAME + '.annotations.yaml'), 'utf8');
const ARTICLE = '/ws/a.txt';
const SIDECAR = '/ws/a.txt.annotations.yaml';
const INSERTED = 'A new first line.\n';

describe('reanchorOnDisk', () => {
  it('rewrites a stale sidecar with every annotation moved', async () => {
    const fs = new MemoryFileSystem({ [SIDECAR]: SIDECAR_TEXT, [ARTICLE]: INSERTED + ARTICLE_TEXT }) // the article changed after its sidecar;
    assert.strictEqual(await reanchorOnDisk(fs, ARTICLE), true);
    const before = loadSidecar(SIDECAR_TEXT).sidecar!, after = loadSidecar(fs.files.get(SIDECAR)!).sidecar!;
    assert.strictEqual(after.mentions.length, before.mentions.length);
    after.mentions.forEach((m, k) => assert.deepStrictEqual([m.start, m.anchor], [before.mentions[k].start + INSERTED.length, 'exact'])); // shifted is not written: it needs no review
  });

  it('does not overwrite a sidecar that changed while it was being re-anchored', async () => {
    const edited = SIDECAR_TEXT.replace('source: "CHOICE"', 'source: "Edited meanwhile"');
    const fs = new MemoryFileSystem({ [SIDECAR]: SIDECAR_TEXT, [ARTICLE]: INSERTED + ARTICLE_TEXT }) // the article changed after its sidecar;
    const read = fs.readText.bind(fs);
    let sidecarReads = 0;
    // The sidecar is edited right after ClaimLens has read it.
    fs.readText = async location => {
      const text = await read(location);
      if (location === SIDECAR && ++sidecarReads === 1) fs.files.set(SIDECAR, edited);
      return text;
    };
    assert.strictEqual(await reanchorOnDisk(fs, ARTICLE), false);
    assert.strictEqual(fs.writes, 0);
    assert.strictEqual(fs.files.get(SIDECAR), edited);
  });

  it('keeps every annotation of a hostile sidecar, orphaned, after bounded work', async () => {
    const quote = 'ab '.repeat(333) + 'a';
    const sidecar: Sidecar = { version: 1, article: { hash: 'sha256:0000000000000000' }, claims: [],
      mentions: Array.from({ length: 150 }, (_, k) => ({ id: `m${k}`, entity: 'x', start: k * 1300, end: k * 1300 + quote.length,
        text: quote, before: 'x'.repeat(32), after: 'y'.repeat(32), anchor: 'exact' as const })) };
    const fs = new MemoryFileSystem({ [SIDECAR]: serializeSidecar(sidecar), [ARTICLE]: 'ab '.repeat(70_000) });
    assert.strictEqual(await reanchorOnDisk(fs, ARTICLE), true);
    const after = loadSidecar(fs.files.get(SIDECAR)!).sidecar!;
    assert.strictEqual(after.mentions.length, 150);
    after.mentions.forEach((m, k) => assert.deepStrictEqual([m.id, m.start, m.anchor], [`m${k}`, k * 1300, 'orphan']));
  });
});
