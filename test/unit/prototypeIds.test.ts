// Ids that are names on Object.prototype (`constructor`, `__proto__`, `toString`, `hasOwnProperty`)
// are ordinary data: every map keyed by data must treat them like any other id.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCodebook } from '../../src/core/codebook';
import { Claim, Codebook, Mention, Sidecar } from '../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex, hashText } from '../../src/core/text';
import { groupActors, groupClaimsByClaimant, groupClaimsByTopic, referencesTo, stanceBreakdown } from '../../src/core/treeModel';
import { checkSidecar } from '../../src/core/validate';
import { runCli } from '../../src/cli/run';
import { WorkspaceIndex } from '../../src/store/workspaceIndex';
import { MemoryFileSystem } from '../support/memoryFileSystem';

const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty'] as const;

const CODEBOOK_TEXT = `claimlens: 1
types:
${PROTO.map(t => `  - {id: ${t}, label: "Type ${t}"}`).join('\n')}
stances:
${PROTO.map(s => `  - {id: ${s}, label: "Stance ${s}"}`).join('\n')}
topics:
${PROTO.map(s => `  - {id: ${s}, label: "Topic ${s}"}`).join('\n')}
entities:
${PROTO.map((e, i) => `  - id: ${e}\n    name: "Name ${e}"\n    type: ${PROTO[(i + 1) % PROTO.length]}\n    aliases: ["${e}"]`).join('\n')}
`;

// Every entity is mentioned (i + 1) times and makes one claim with stance and topic of the same name.
const TEXT = PROTO.map(e => `${e} said ${e} agrees.`).join('\n') + '\n';

function sidecarFor(text: string): Sidecar {
  const ix = new CodePointIndex(text);
  const at = (needle: string, nth = 0) => {
    let start = -1;
    for (let k = 0; k <= nth; k++) start = text.indexOf(needle, start + 1);
    return { start, end: start + needle.length, ...ix.quote(start, start + needle.length), anchor: 'exact' as const };
  };
  const mentions: Mention[] = [], claims: Claim[] = [];
  PROTO.forEach((e, i) => {
    for (let n = 0; n <= i; n++) mentions.push({ id: `m${i}${n}`, entity: e, ...at(`${e} said`.slice(0, e.length), 0), ...(n > 0 ? at(e, 1) : {}) });
    claims.push({ id: `c${i}`, claimant: e, stance: e, topic: e, ...at(`${e} agrees`) });
  });
  mentions.sort((a, b) => a.start - b.start || a.end - b.end);
  claims.sort((a, b) => a.start - b.start || a.end - b.end);
  return { version: 1, article: { hash: hashText(text) }, mentions, claims };
}

describe('ids that are Object.prototype names', () => {
  const loaded = loadCodebook(CODEBOOK_TEXT);
  const cb = loaded.codebook as Codebook;

  it('the codebook reads them as ordinary ids, without problems', () => {
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(cb.entities.map(e => e.id), [...PROTO]);
    assert.deepEqual(cb.types.map(t => t.id), [...PROTO]);
    assert.deepEqual(cb.topics.map(t => t.id), [...PROTO]);
    assert.deepEqual(cb.stances.map(t => t.id), [...PROTO]);
  });

  it('a sidecar that uses them round-trips and validates clean', () => {
    const s = sidecarFor(TEXT);
    const text = serializeSidecar(s);
    const back = loadSidecar(text);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.sidecar, s);
    const problems = checkSidecar(back.sidecar!, { codebook: cb, article: new CodePointIndex(TEXT), locate: () => ({ line: 1, column: 1 }) });
    assert.deepEqual(problems, []);
    // Unknown ids are still reported when the codebook has none of them.
    const empty = checkSidecar(back.sidecar!, { codebook: { ...cb, entities: [], topics: [], stances: [] }, article: new CodePointIndex(TEXT), locate: () => ({ line: 1, column: 1 }) });
    assert.equal(empty.filter(p => p.code === 'unknown-entity').length, s.mentions.length + s.claims.length);
  });

  it('the workspace index counts them (and survives a snapshot round trip)', async () => {
    const mfs = new MemoryFileSystem();
    mfs.files.set('/ws/a.txt', TEXT);
    mfs.files.set('/ws/a.txt.annotations.yaml', serializeSidecar(sidecarFor(TEXT)));
    mfs.files.set('/ws/b.txt', TEXT);
    mfs.files.set('/ws/b.txt.annotations.yaml', serializeSidecar(sidecarFor(TEXT)));
    const index = new WorkspaceIndex(mfs, ['/ws']);
    await index.build();
    const expected = PROTO.map((e, i) => ({ entity: e, mentions: 2 * (i + 1), claims: 2, files: 2 }))
      .sort((a, b) => b.mentions - a.mentions);
    assert.deepEqual(index.entities(), expected);
    for (const [i, e] of PROTO.entries()) {
      assert.equal(index.mentionsOf(e).length, 2 * (i + 1), e);
      assert.equal(index.claimsBy(e).length, 2, e);
      assert.equal(index.claimsByTopic(e).length, 2, e);
    }
    const again = WorkspaceIndex.fromJSON(mfs, ['/ws'], JSON.parse(JSON.stringify(index.toJSON())));
    for (const [i, e] of PROTO.entries()) assert.equal(again.mentionsOf(e).length, 2 * (i + 1), `${e} from the snapshot`);
    assert.deepEqual(again.entities(), expected);
    // An id that is not used has no mentions, whatever Object.prototype has.
    assert.deepEqual(index.mentionsOf('valueOf'), []);
  });

  it('the tree model groups them', () => {
    const articles = [{ article: '/ws/a.txt', sidecar: sidecarFor(TEXT) }];
    const groups = groupActors(cb, articles);
    assert.deepEqual(groups.map(g => g.id).sort(), [...PROTO].sort());
    for (const [i, e] of PROTO.entries()) {
      const g = groups.find(x => x.id === PROTO[(i + 1) % PROTO.length])!;
      assert.equal(g.label, `Type ${PROTO[(i + 1) % PROTO.length]}`);
      assert.deepEqual(g.entities.map(s => [s.id, s.name, s.mentions.length, s.claims.length]), [[e, `Name ${e}`, i + 1, 1]]);
    }
    assert.deepEqual(groupClaimsByClaimant(cb, articles).map(g => [g.id, g.claims.length]).sort(), PROTO.map(e => [e, 1]).sort());
    assert.deepEqual(groupClaimsByTopic(cb, articles).map(g => [g.id, g.label, g.claims.length]), PROTO.map(e => [e, `Topic ${e}`, 1]));
    for (const e of PROTO) assert.deepEqual(referencesTo([articles[0].sidecar], e), { mentions: PROTO.indexOf(e) + 1, claimsMade: 1, claimsAbout: 0, articles: 1 });
    const claims = articles[0].sidecar.claims.map(annotation => ({ article: '/ws/a.txt', annotation }));
    assert.equal(typeof stanceBreakdown(cb, claims), 'string');
  });

  it('`claimlens validate` and `claimlens stats --json` treat them as known ids and count them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-proto-'));
    try {
      fs.writeFileSync(path.join(dir, 'claimlens.codebook.yaml'), CODEBOOK_TEXT);
      fs.writeFileSync(path.join(dir, 'a.txt'), TEXT);
      fs.writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), serializeSidecar(sidecarFor(TEXT)));
      let stdout = '', stderr = '';
      assert.equal(await runCli(['validate'], { cwd: dir, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } }), 0, stdout + stderr);
      assert.doesNotMatch(stdout + stderr, /unknown|function/);
      stdout = ''; stderr = '';
      const code = await runCli(['stats', '--json'], { cwd: dir, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
      assert.equal(code, 0, stderr);
      const report = JSON.parse(stdout);
      const one = Object.fromEntries(PROTO.map(s => [s, 1]));
      assert.deepEqual(report.stances, [...PROTO]);
      assert.deepEqual(report.totals.byStance, one);
      assert.deepEqual(report.articles[0].byStance, one);
      for (const [i, e] of PROTO.entries()) {
        const row = report.entities.find((x: { id: string }) => x.id === e);
        assert.ok(row, e);
        assert.deepEqual(row, { id: e, name: `Name ${e}`, type: PROTO[(i + 1) % PROTO.length], known: true, articles: 1,
          mentions: i + 1, claims: 1, byStance: Object.fromEntries(PROTO.map(s => [s, s === e ? 1 : 0])), noStance: 0, orphans: 0 });
      }
      assert.doesNotMatch(stdout, /function/);
      stdout = '';
      assert.equal(await runCli(['stats'], { cwd: dir, stdout: s => { stdout += s; }, stderr: () => {} }), 0);
      assert.doesNotMatch(stdout, /function|NaN|undefined/);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
