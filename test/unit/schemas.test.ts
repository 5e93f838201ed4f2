// The JSON Schemas in schemas/ (used by the YAML extension for validation and hovers) accept what
// ClaimLens reads and writes, reject what it refuses, and describe every property.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse as yamlParse } from 'yaml';
import { addEntity, addTopic, DEFAULT_CODEBOOK, loadCodebook, saveCodebook } from '../../src/core/codebook';
import { Sidecar } from '../../src/core/model';
import { hasErrors } from '../../src/core/problems';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'samples');
const sidecarSchema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'sidecar.schema.json'), 'utf8'));
const codebookSchema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'codebook.schema.json'), 'utf8'));

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validSidecar = ajv.compile(sidecarSchema);
const validCodebook = ajv.compile(codebookSchema);

function errors(validate: typeof validSidecar, text: string): string[] {
  return validate(yamlParse(text)) ? [] : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

/** Every schema with `properties` describes each of them (directly or through its $ref). */
function undescribed(schema: Record<string, unknown>, root = schema, at = '#'): string[] {
  const out: string[] = [];
  const resolve = (s: Record<string, unknown>) => (typeof s.$ref === 'string' ? { ...(pointer(root, s.$ref) as Record<string, unknown>), ...s } : s);
  const visit = (s: unknown, where: string) => {
    if (!s || typeof s !== 'object') return;
    const node = s as Record<string, unknown>;
    if (node.properties) for (const [k, v] of Object.entries(node.properties as Record<string, Record<string, unknown>>)) {
      if (typeof resolve(v).description !== 'string' || !(resolve(v).description as string).trim()) out.push(`${where}/properties/${k}`);
      visit(v, `${where}/properties/${k}`);
    }
    if (node.items) visit(node.items, `${where}/items`);
    if (node.definitions) for (const [k, v] of Object.entries(node.definitions as Record<string, unknown>)) visit(v, `${where}/definitions/${k}`);
  };
  visit(schema, at);
  return out;
}

function pointer(root: unknown, ref: string): unknown {
  return ref.replace(/^#\//, '').split('/').reduce((n: unknown, k) => (n as Record<string, unknown>)[k], root);
}

const GOOD_SIDECAR = `# hand-written
claimlens: 1
article:
  title: 'China’s alignment with Russia'
  date: 2018-04-10
  hash: sha256:0123456789abcdef
  publisher: unknown fields are fine
mentions:
  - {id: m1, entity: china, start: 0, end: 5, text: "China", before: "", after: "’s", reviewer: alice}
  - {id: m2, entity: russia, start: 23, end: 29, anchor: fuzzy, score: 0.8}
claims:
  - id: c1
    claimant: wang-yi
    stance: support
    topic:
    form: direct-quote
    start: 30
    end: 70
    text: "quoted"
    note: ~
`;

describe('schemas', () => {
  it('are draft-07 with an $id and compile in strict mode', () => {
    for (const s of [sidecarSchema, codebookSchema]) {
      assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.match(s.$id, /^urn:claimlens:schema:(sidecar|codebook):1$/);
      assert.ok(s.description);
    }
  });

  it('describe every property (the YAML extension shows them as hovers)', () => {
    assert.deepEqual(undescribed(sidecarSchema), []);
    assert.deepEqual(undescribed(codebookSchema), []);
  });

  it('accept the sample sidecars and codebook', () => {
    const files = fs.readdirSync(SAMPLES).filter(f => f.endsWith('.annotations.yaml'));
    for (const f of files) assert.deepEqual(errors(validSidecar, fs.readFileSync(path.join(SAMPLES, f), 'utf8')), [], f);
    const cb = path.join(SAMPLES, 'claimlens.codebook.yaml');
    if (fs.existsSync(cb)) assert.deepEqual(errors(validCodebook, fs.readFileSync(cb, 'utf8')), []);
  });

  it('accept hand-written files with unknown fields, nulls and every style', () => {
    assert.deepEqual(errors(validSidecar, GOOD_SIDECAR), []);
    assert.deepEqual(loadSidecar(GOOD_SIDECAR).problems, []);
    assert.deepEqual(errors(validSidecar, 'claimlens: 1\n'), []);
    assert.deepEqual(errors(validSidecar, 'claimlens: 1\narticle:\nmentions:\nclaims:\n'), []);
    const cb = `# codebook
claimlens: 1
types:
  - {id: person, label: Person, color: "#1f77b4"}
  - {id: thing, color: "#abc"}
entities:
  - id: xi-jinping
    name: Xi Jinping
    type: person
    aliases: [Xi, President Xi]
    wikidata: Q15031
    x-extra: kept
  - {id: 1984, type: thing}
x-notes: free
`;
    assert.deepEqual(errors(validCodebook, cb), []);
    assert.deepEqual(loadCodebook(cb).problems, []);
  });

  it('accept every sidecar and codebook ClaimLens writes', () => {
    const anchors = ['exact', 'shifted', 'fuzzy', 'orphan'] as const;
    for (let n = 0; n < 50; n++) {
      const s: Sidecar = { version: 1, article: n % 2 ? { title: `T${n}`, source: 's', author: 'a', date: '2020-01-02', hash: 'sha256:00ff00ff00ff00ff' } : {},
        mentions: Array.from({ length: n % 7 }, (_, i) => ({ id: `m${n}x${i}`, entity: i % 2 ? 'china' : 'true', start: i, end: i + 3, text: 'a\nb "c"',
          before: '', after: '\u2028', anchor: anchors[i % 4], ...(anchors[i % 4] === 'fuzzy' ? { score: 0.5 } : {}) })),
        claims: Array.from({ length: n % 3 }, (_, i) => ({ id: `c${n}x${i}`, claimant: 'xi', stance: 'support', form: 'paraphrase' as const, start: i, end: i + 9,
          text: 't', before: 'b', after: 'a', anchor: 'exact' as const, note: 'n' })) };
      assert.deepEqual(errors(validSidecar, serializeSidecar(s)), []);
    }
    let cb = addEntity(DEFAULT_CODEBOOK, { name: 'Xi Jinping', type: 'person', aliases: ['Xi'], wikidata: 'Q15031' }).codebook;
    cb = addEntity(cb, { name: 'China', type: 'country', affiliation: undefined }).codebook;
    cb = addTopic(cb, 'Taiwan question').codebook;
    assert.deepEqual(errors(validCodebook, saveCodebook(cb)), []);
  });

  it('reject invalid sidecars, as ClaimLens does', () => {
    const base = 'claimlens: 1\nmentions:\n  - {id: m1, entity: china, start: 0, end: 5}\n';
    const bad: [string, string][] = [
      ['article: {}\n', "must have required property 'claimlens'"],
      ['claimlens: 2\n', 'must be equal to constant'],
      ['claimlens: 1\narticle: [x]\n', 'must be object,null'],
      ['claimlens: 1\narticle:\n  title: 5\n', 'must be string,null'],
      ['claimlens: 1\nmentions: {}\n', 'must be array,null'],
      [base.replace('entity: china, ', ''), "must have required property 'entity'"],
      [base.replace('id: m1', 'id: ""'), 'must NOT have fewer than 1 characters'],
      [base.replace('start: 0', 'start: -1'), 'must be >= 0'],
      [base.replace('start: 0', 'start: "0"'), 'must be integer'],
      [base.replace('end: 5', 'end: 1.5'), 'must be integer'],
      [base.replace('end: 5', 'end: 5, anchor: lost'), 'must be equal to one of the allowed values'],
      [base.replace('end: 5', 'end: 5, score: 2'), 'must be <= 1'],
      [base.replace('end: 5', 'end: 5, text: 5'), 'must be string,null'],
      ['claimlens: 1\nclaims:\n  - {id: c1, claimant: xi, start: 0, end: 1, form: rumour}\n', 'must be equal to one of the allowed values'],
      ['claimlens: 1\nclaims:\n  - {id: c1, start: 0, end: 1}\n', "must have required property 'claimant'"],
      ['claimlens: 1\nclaims:\n  - just text\n', 'must be object'],
    ];
    for (const [text, message] of bad) {
      const e = errors(validSidecar, text);
      assert.ok(e.some(x => x.includes(message)), `${JSON.stringify(text)}: ${e.join('; ')}`);
      assert.ok(hasErrors(loadSidecar(text).problems), `ClaimLens should refuse it too: ${JSON.stringify(text)}`);
    }
    // A non-ISO date and a malformed hash: the schema flags them; ClaimLens warns (date) or re-anchors (hash).
    assert.ok(errors(validSidecar, 'claimlens: 1\narticle:\n  date: 10 April 2018\n').length > 0);
    assert.ok(errors(validSidecar, 'claimlens: 1\narticle:\n  hash: md5:abc\n').length > 0);
  });

  it('reject invalid codebooks, as ClaimLens does', () => {
    const bad: [string, string][] = [
      ['types: []\n', "must have required property 'claimlens'"],
      ['claimlens: 1\ntypes:\n  - {id: person, color: blue}\n', 'must match pattern'],
      ['claimlens: 1\ntypes:\n  - {label: Person}\n', "must have required property 'id'"],
      ['claimlens: 1\nentities:\n  - {id: china}\n', "must have required property 'type'"],
      ['claimlens: 1\nentities:\n  - {id: china, type: country, aliases: Beijing}\n', 'must be array,null'],
      ['claimlens: 1\nentities:\n  - {id: china, type: country, aliases: ["  "]}\n', 'must match pattern'],
      ['claimlens: 1\nentities:\n  - {id: china, type: country, aliases: [5]}\n', 'must be string'],
      ['claimlens: 1\nstances: {}\n', 'must be array,null'],
      ['claimlens: 1\ntopics:\n  - x\n', 'must be object'],
    ];
    for (const [text, message] of bad) {
      const e = errors(validCodebook, text);
      assert.ok(e.some(x => x.includes(message)), `${JSON.stringify(text)}: ${e.join('; ')}`);
      assert.ok(hasErrors(loadCodebook(text).problems), `ClaimLens should refuse it too: ${JSON.stringify(text)}`);
    }
  });
});
