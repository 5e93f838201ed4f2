import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run';
import { loadSidecar } from '../../src/core/sidecarFormat';

const SAMPLES = path.resolve(__dirname, '../../samples');
const NAME = '000_30b9ca53c861b234.txt';

async function run(cwd: string, ...args: string[]) {
  let stdout = '', stderr = '';
  const code = await runCli(args, { cwd, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr };
}

describe('cli: claimlens suggest', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-suggest-'));
    for (const f of [NAME, NAME + '.annotations.yaml', 'claimlens.codebook.yaml']) fs.copyFileSync(path.join(SAMPLES, f), path.join(dir, f));
    // The sidecar without its Stephen Walt mention.
    const sidecar = path.join(dir, NAME + '.annotations.yaml');
    fs.writeFileSync(sidecar, fs.readFileSync(sidecar, 'utf8').split('\n').filter(l => !l.includes('entity: stephen-walt, start: 433')).join('\n'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--json lists the missing mention with kind, entity, offsets and text, and changes nothing', async () => {
    const before = fs.readFileSync(path.join(dir, NAME + '.annotations.yaml'), 'utf8');
    const r = await run(dir, 'suggest', '--json');
    assert.equal(r.code, 0, r.stderr);
    const [article] = JSON.parse(r.stdout);
    assert.equal(article.article, NAME);
    assert.deepEqual(article.suggestions.find((s: { start: number }) => s.start === 433),
      { kind: 'mention', entity: 'stephen-walt', start: 433, end: 445, text: 'Stephen Walt' });
    assert.ok(article.suggestions.some((s: { kind: string }) => s.kind === 'claim'));
    for (const s of article.suggestions as { kind: string; start: number; end: number; text: string }[]) {
      assert.ok(['mention', 'claim', 'new-actor'].includes(s.kind), s.kind);
      assert.ok(typeof s.start === 'number' && s.end > s.start && typeof s.text === 'string', JSON.stringify(s));
    }
    assert.equal(fs.readFileSync(path.join(dir, NAME + '.annotations.yaml'), 'utf8'), before);
  });

  it('prints path:line:col lines without --json', async () => {
    const r = await run(dir, 'suggest');
    assert.match(r.stdout, new RegExp(`^${NAME.replace('.', '\\.')}:\\d+:\\d+: mention stephen-walt: "Stephen Walt"$`, 'm'));
  });

  it('--apply writes the suggestions as annotations with quote and context; the file stays canonical and valid', async () => {
    const r = await run(dir, 'suggest', '--apply');
    assert.equal(r.code, 0, r.stderr);
    const loaded = loadSidecar(fs.readFileSync(path.join(dir, NAME + '.annotations.yaml'), 'utf8'));
    assert.ok(!loaded.document, 'canonical');
    const walt = loaded.sidecar!.mentions.find(m => m.start === 433)!;
    assert.deepEqual([walt.entity, walt.text, walt.before], ['stephen-walt', 'Stephen Walt', 'the term of alliance defined by ']);
    assert.equal((await run(dir, 'validate')).code, 0);
    assert.equal((await run(dir, 'fmt', '--check')).code, 0);
    // Nothing is proposed twice.
    const again = JSON.parse((await run(dir, 'suggest', '--json')).stdout)[0].suggestions;
    assert.ok(!again.some((s: { start: number }) => s.start === 433));
  });
});
