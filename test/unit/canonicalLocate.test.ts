import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Sidecar } from '../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { locate, parseYaml, YamlPath } from '../../src/core/yamlDoc';

const SAMPLES = path.resolve(__dirname, '../../samples');

/** Every path validation may ask about, including fields a given annotation does not have. */
function pathsOf(s: Sidecar): YamlPath[] {
  const paths: YamlPath[] = [[], ['claimlens'], ['article', 'hash'], ['article', 'title'], ['article', 'date']];
  const keys = ['id', 'entity', 'claimant', 'stance', 'topic', 'addressee', 'object', 'form', 'start', 'end', 'text', 'before', 'after', 'anchor', 'score', 'note'];
  for (const kind of ['mentions', 'claims'] as const) {
    s[kind].forEach((_, i) => { paths.push([kind, i]); for (const k of keys) paths.push([kind, i, k]); });
  }
  return paths;
}

describe('positions in canonical sidecars', () => {
  const tricky: Sidecar = {
    version: 1, article: {},
    mentions: [{ id: 'm1', entity: 'china', start: 0, end: 5, text: 'a, b: "c"}', before: '', after: 'id: x, entity: y', anchor: 'fuzzy', score: 0.5 }],
    claims: [{ id: 'c1', claimant: 'russia', start: 3, end: 9, text: 'note: x', before: 'stance: y', after: '', anchor: 'orphan', note: 'start: 1' },
      { id: 'c2', claimant: 'china', stance: 'oppose', start: 4, end: 8, text: 'abcd', before: '', after: '', anchor: 'exact' }],
  };
  const files = [
    ...fs.readdirSync(SAMPLES).filter(f => f.endsWith('.annotations.yaml')).map(f => [f, fs.readFileSync(path.join(SAMPLES, f), 'utf8')]),
    ['tricky quotes', serializeSidecar(tricky)],
  ];
  for (const [name, text] of files) {
    it(`are those of the YAML document, without building one: ${name}`, () => {
      const loaded = loadSidecar(text);
      assert.equal(loaded.document, undefined, 'read as canonical');
      const slow = parseYaml(text);
      for (const p of pathsOf(loaded.sidecar!)) {
        assert.deepEqual(loaded.locate(p), locate(slow.doc, slow.lineCounter, p), JSON.stringify(p));
      }
    });
  }
});
