import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadCodebook } from '../../src/core/codebook';
import { Codebook, MAX_QUOTE_LENGTH } from '../../src/core/model';
import { Problem } from '../../src/core/problems';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex, hashText, normalizeNewlines } from '../../src/core/text';
import { checkSidecar } from '../../src/core/validate';

const SAMPLES = path.join(__dirname, '..', '..', 'samples');

const ARTICLE = 'China and Russia 😀 agreed. Xi said “we will”.';
const INDEX = new CodePointIndex(ARTICLE);
/** Code-point offset of the first occurrence of `s`. */
const cp = (s: string) => INDEX.toCodePoint(ARTICLE.indexOf(s));

const CODEBOOK: Codebook = loadCodebook(`claimlens: 1
stances:
  - {id: support}
topics:
  - {id: alliance}
entities:
  - {id: china, type: country}
  - {id: russia, type: country}
  - {id: xi, type: person}
`).codebook!;

function show(problems: Problem[]): string[] {
  return problems.map(p => `${p.line}:${p.column} ${p.severity} ${p.code}`);
}

function check(source: string, article: CodePointIndex | 'none' = INDEX, codebook = CODEBOOK): Problem[] {
  const l = loadSidecar(source);
  assert.deepEqual(l.problems, []);
  return checkSidecar(l.sidecar!, { codebook, article: article === 'none' ? undefined : article, locate: l.locate });
}

const xi = cp('Xi'), said = cp('Xi said');
assert.equal(xi, 27); // the expected columns below assume two-digit offsets

const BROKEN = `claimlens: 1
article:
  hash: ${hashText(ARTICLE)}
mentions:
  - {id: m1, entity: china, start: 0, end: 5, text: "China"}
  - {id: m2, entity: atlantis, start: 10, end: 16, text: "Russia"}
  - {id: m1, entity: russia, start: 10, end: 16, text: "Russia"}
  - {id: m3, entity: xi, start: ${xi}, end: ${xi + 2}, text: "Xj"}
  - {id: m4, entity: xi, start: ${xi}, end: 99, text: "Xi"}
  - {id: m5, entity: xi, start: 1, end: 2, text: "gone", anchor: orphan}
  - {id: m6, entity: xi, start: ${xi}, end: ${xi + 2}, text: "Xy", anchor: fuzzy, score: 0.8}
claims:
  - id: c1
    claimant: xi
    stance: against
    topic: trade
    addressee: nobody
    object: russia
    start: ${said}
    end: ${INDEX.length}
    text: "Xi said “we will”."
  - id: c2
    claimant: ghost
    start: 0
    end: 1
    text: "C"
`;

describe('validate: semantic checks of a sidecar', () => {
  it('a correct sidecar has no problems', () => {
    const text = serializeSidecar({ version: 1, article: { hash: hashText(ARTICLE) },
      mentions: [{ id: 'm1', entity: 'china', start: 0, end: 5, ...INDEX.quote(0, 5), anchor: 'exact' },
        { id: 'm2', entity: 'xi', start: xi, end: xi + 2, ...INDEX.quote(xi, xi + 2), anchor: 'exact' }],
      claims: [{ id: 'c1', claimant: 'xi', stance: 'support', topic: 'alliance', addressee: 'russia', object: 'china',
        start: said, end: INDEX.length, ...INDEX.quote(said, INDEX.length), anchor: 'exact' }] });
    assert.deepEqual(check(text), []);
  });

  it('reports unknown ids, duplicate ids, mismatched text, spans out of range, orphans and fuzzy anchors at their positions', () => {
    const problems = check(BROKEN);
    assert.deepEqual(problems.map(p => `${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`), [
      '6:22 error unknown-entity unknown entity id `atlantis` (not in the codebook)',
      '7:10 error duplicate-id duplicate id `m1` (also used at line 5)',
      `8:33 error text-mismatch the article has \`Xi\` at ${xi}..${xi + 2}, the sidecar says \`Xj\``,
      `9:42 error out-of-range span ${xi}..99 is outside the article (${INDEX.length} characters)`,
      '10:5 warning orphan orphaned annotation: `gone` was not found in the article; re-attach or delete it',
      '11:5 warning fuzzy re-anchored by fuzzy match (score 0.8); review `Xy`',
      '17:16 error unknown-entity unknown entity id `nobody` (not in the codebook)',
      '15:13 error unknown-stance unknown stance `against` (not in the codebook)',
      '16:12 error unknown-topic unknown topic `trade` (not in the codebook)',
      '23:15 error unknown-entity unknown entity id `ghost` (not in the codebook)',
    ]);
    assert.ok(problems.every(p => p.endLine === undefined || p.endLine >= p.line));
  });

  it('locates problems in a canonical file as precisely as in a hand-written one', () => {
    const l = loadSidecar(BROKEN);
    const canonical = serializeSidecar(l.sidecar!);
    const c = loadSidecar(canonical);
    assert.equal(c.document, undefined, 'canonical: read by the fast path');
    const problems = checkSidecar(c.sidecar!, { codebook: CODEBOOK, article: INDEX, locate: c.locate });
    const lines = canonical.split('\n');
    for (const p of problems) {
      const line = lines[p.line - 1];
      if (p.code === 'unknown-entity') assert.match(line.slice(p.column - 1), /^(atlantis|"?nobody|ghost)/, `${p.message} at ${p.line}:${p.column}: ${line}`);
      if (p.code === 'duplicate-id') assert.equal(line.slice(p.column - 1, p.column + 1), 'm1');
    }
    assert.equal(problems.length, 10);
  });

  it('reports a missing article once and skips span checks', () => {
    assert.deepEqual(show(check(BROKEN, 'none')), ['1:1 error missing-article', '6:22 error unknown-entity', '7:10 error duplicate-id',
      '10:5 warning orphan', '11:5 warning fuzzy', '17:16 error unknown-entity', '15:13 error unknown-stance', '16:12 error unknown-topic', '23:15 error unknown-entity']);
  });

  it('warns that a changed article is stale, at the hash, and then skips text comparison', () => {
    const changed = new CodePointIndex('Updated. ' + ARTICLE);
    const problems = check(BROKEN, changed);
    assert.deepEqual(show(problems).slice(0, 2), ['3:9 warning stale', '6:22 error unknown-entity']);
    assert.ok(!problems.some(p => p.code === 'text-mismatch'));
    assert.deepEqual(show(check('claimlens: 1\narticle: {}\nmentions: []\nclaims: []\n')), ['1:1 warning stale']);
  });

  it('counts spans in code points: an astral character before a span does not shift it', () => {
    const russia = cp('Russia'), agreed = cp('agreed');
    assert.equal(agreed, russia + 9, '"Russia 😀 " is 9 code points');
    const text = serializeSidecar({ version: 1, article: { hash: hashText(ARTICLE) }, claims: [],
      mentions: [{ id: 'm1', entity: 'russia', start: agreed, end: agreed + 6, text: 'agreed', before: '', after: '', anchor: 'exact' }] });
    assert.deepEqual(check(text), []);
  });

  it('refuses a quote longer than MAX_QUOTE_LENGTH code points, at its text', () => {
    const long = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 2 ? '😀' : 'a')).join('');
    const article = new CodePointIndex('x'.repeat(MAX_QUOTE_LENGTH + 10));
    const sidecar = (n: number) => serializeSidecar({ version: 1, article: {}, mentions: [],
      claims: [{ id: 'c1', claimant: 'china', start: 0, end: 1, text: long(n), before: '', after: '', anchor: 'orphan' }] });
    assert.equal([...long(MAX_QUOTE_LENGTH)].length, MAX_QUOTE_LENGTH);
    assert.deepEqual(check(sidecar(MAX_QUOTE_LENGTH), article).filter(p => p.code === 'quote-too-long'), []);
    const problems = check(sidecar(MAX_QUOTE_LENGTH + 1), article).filter(p => p.code === 'quote-too-long');
    assert.deepEqual(show(problems), ['9:11 error quote-too-long']);
    assert.match(problems[0].message, /4001 characters long; the limit is 4000/);
  });

  it('the sample annotations are valid against the sample codebook and their articles', () => {
    const cbFile = path.join(SAMPLES, 'claimlens.codebook.yaml');
    const sidecars = fs.readdirSync(SAMPLES).filter(f => f.endsWith('.annotations.yaml'));
    if (!fs.existsSync(cbFile)) return;
    const codebook = loadCodebook(fs.readFileSync(cbFile, 'utf8')).codebook!;
    for (const f of sidecars) {
      const l = loadSidecar(fs.readFileSync(path.join(SAMPLES, f), 'utf8'));
      assert.deepEqual(l.problems, [], f);
      const article = new CodePointIndex(normalizeNewlines(fs.readFileSync(path.join(SAMPLES, f.replace(/\.annotations\.yaml$/, '')), 'utf8')));
      const problems = checkSidecar(l.sidecar!, { codebook, article, locate: l.locate }).filter(p => p.severity === 'error');
      assert.deepEqual(problems, [], f);
    }
  });
});
