import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  addAlias, addEntity, addTopic, Corpus, CodebookError, DEFAULT_CODEBOOK, deleteEntity, findEntity, loadCodebook, mergeEntities,
  references, renameEntity, saveCodebook, typeOf,
} from '../../src/core/codebook';
import { Codebook, Sidecar } from '../../src/core/model';
import { Problem } from '../../src/core/problems';
import { loadSidecar } from '../../src/core/sidecarFormat';

const SAMPLES = path.join(__dirname, '..', '..', 'samples');

function at(problems: Problem[]): string[] {
  return problems.map(p => `${p.line}:${p.column} ${p.severity} ${p.code}`);
}

function load(text: string): Codebook {
  const l = loadCodebook(text);
  assert.deepEqual(l.problems, []);
  assert.ok(l.codebook);
  return l.codebook;
}

/** Lines removed and added around the longest common prefix and suffix. */
function lineDiff(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split('\n'), y = b.split('\n');
  let p = 0;
  while (p < x.length && p < y.length && x[p] === y[p]) p++;
  let q = 0;
  while (q < x.length - p && q < y.length - p && x[x.length - 1 - q] === y[y.length - 1 - q]) q++;
  return { removed: x.slice(p, x.length - q), added: y.slice(p, y.length - q) };
}

const HAND_WRITTEN = `# The team's codebook. Keep entities alphabetical within each block.
claimlens: 1
types:
  - {id: person, label: Person, color: "#1f77b4"}
  - {id: country, label: Country, color: "#2ca02c"} # states and their governments
stances:
  - {id: support, label: Support}
  - {id: oppose, label: Oppose}
topics:
  - {id: alliance, label: Alliance politics}

# --- countries ---
entities:
  - id: china
    name: China
    type: country
    aliases:
      - Beijing # metonym
      - PRC
    wikidata: Q148
  - id: russia # reviewed 2024-05
    name: Russia
    type: country
    aliases: [Moscow, the Kremlin]
  - id: xi-jinping
    name: Xi Jinping
    type: person
    aliases: [Xi, President Xi]
    affiliation: china
    x-reviewer: alice # unknown field, kept
x-notes: free-form notes are kept too
`;

function sidecar(partial: Partial<Sidecar>): Sidecar {
  return { version: 1, article: {}, mentions: [], claims: [], ...partial };
}

const span = { text: 't', before: '', after: '', anchor: 'exact' as const };

function corpus(): Map<string, Sidecar> {
  return new Map([
    ['/a.txt.annotations.yaml', sidecar({
      mentions: [{ id: 'm1', entity: 'china', start: 0, end: 5, ...span }, { id: 'm2', entity: 'russia', start: 10, end: 16, ...span },
        { id: 'm3', entity: 'xi-jinping', start: 20, end: 30, ...span }],
      claims: [{ id: 'c1', claimant: 'xi-jinping', addressee: 'russia', object: 'china', stance: 'support', start: 0, end: 40, ...span }],
    })],
    ['/b.txt.annotations.yaml', sidecar({
      mentions: [{ id: 'm4', entity: 'russia', start: 0, end: 6, ...span }],
      claims: [{ id: 'c2', claimant: 'russia', object: 'xi-jinping', start: 0, end: 10, ...span }],
    })],
    ['/c.txt.annotations.yaml', sidecar({ mentions: [{ id: 'm5', entity: 'china', start: 0, end: 5, ...span }] })],
  ]);
}

describe('codebook: reading', () => {
  it('reads a hand-written codebook with comments and unknown fields', () => {
    const cb = load(HAND_WRITTEN);
    assert.deepEqual(cb.types.map(t => t.id), ['person', 'country']);
    assert.deepEqual(cb.stances, [{ id: 'support', label: 'Support' }, { id: 'oppose', label: 'Oppose' }]);
    assert.deepEqual(cb.topics, [{ id: 'alliance', label: 'Alliance politics' }]);
    assert.deepEqual(findEntity(cb, 'xi-jinping'), { id: 'xi-jinping', name: 'Xi Jinping', type: 'person', aliases: ['Xi', 'President Xi'], affiliation: 'china' });
    assert.deepEqual(findEntity(cb, 'china')?.aliases, ['Beijing', 'PRC']);
    assert.equal(typeOf(cb, 'xi-jinping')?.color, '#1f77b4');
    assert.equal(typeOf(cb, 'nobody'), undefined);
  });

  it('fills in default types and stances when the file has none', () => {
    const cb = load('claimlens: 1\nentities:\n  - {id: china, type: country}\n');
    assert.deepEqual(cb.types, DEFAULT_CODEBOOK.types);
    assert.deepEqual(cb.stances, DEFAULT_CODEBOOK.stances);
    assert.deepEqual(cb.topics, []);
    assert.deepEqual(cb.entities, [{ id: 'china', name: 'china', type: 'country', aliases: [] }]);
    // An explicit empty list means none, not the defaults.
    assert.deepEqual(load('claimlens: 1\nstances: []\n').stances, []);
    // The defaults are copies: changing them does not change DEFAULT_CODEBOOK.
    load('claimlens: 1\n').types[0].label = 'changed';
    assert.equal(DEFAULT_CODEBOOK.types[0].label, 'Person');
  });

  it('reads the sample codebook without problems', () => {
    const file = path.join(SAMPLES, 'claimlens.codebook.yaml');
    if (!fs.existsSync(file)) return;
    const cb = load(fs.readFileSync(file, 'utf8'));
    assert.ok(cb.entities.length > 10);
    assert.ok(findEntity(cb, 'china'));
  });

  it('reports every problem at its line and column', () => {
    const l = loadCodebook(`claimlens: 1
types:
  - {id: person, label: Person, color: blue}
  - {id: person}
  - just text
stances: {}
topics:
  - {label: No id}
entities:
  - id: xi
    name: Xi Jinping
    type: person
    aliases: [Xi, "", 5]
    affiliation: atlantis
  - {id: china, name: China, type: nation, aliases: Beijing}
  - {id: xi, name: Xi, type: person}
  - {id: x2, type: person, note: [1]}
  - {id: x3, name: Xi Jinping, type: person}
`);
    assert.deepEqual(l.problems.map(p => `${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`), [
      '5:5 error type each entry must be a mapping',
      '3:40 error type `color` must be a hex colour like #1f77b4',
      '6:10 error type `stances` must be a list',
      '8:5 error missing-field missing `id`',
      '13:19 error type an alias must be a non-empty string',
      '13:23 error type an alias must be a non-empty string',
      '15:53 error type `aliases` must be a list of strings',
      '17:34 error type `note` must be a string',
      '4:10 error duplicate-id duplicate type id `person`',
      '16:10 error duplicate-id duplicate entity id `xi`',
      '14:18 error unknown-entity unknown entity id `atlantis`',
      '15:36 error unknown-type unknown entity type `nation` (types: person)',
      '18:20 warning ambiguous-alias `Xi Jinping` also names `xi`; suggestions for it will be ambiguous',
    ]);
    assert.ok(l.codebook, 'a codebook with shape problems is still returned, so the editor keeps working');
  });

  it('points at the right entry when earlier entries were skipped (a bug fixed in readCodebook)', () => {
    const l = loadCodebook(`claimlens: 1
types:
  - not a mapping
  - {id: person}
  - {id: person, color: red}
entities:
  - just text
  - {id: nameless}
  - {id: a, name: A, type: planet}
  - {id: a, name: B, type: person, affiliation: zz}
`);
    assert.deepEqual(l.problems.map(p => `${p.line}:${p.column} ${p.code}`), [
      '3:5 type', '5:25 type', '7:5 type', '8:5 missing-field', '5:10 duplicate-id', '10:10 duplicate-id', '9:28 unknown-type', '10:49 unknown-entity']);
  });

  it('reports a bad version, a non-mapping and syntax errors', () => {
    assert.deepEqual(at(loadCodebook('claimlens: 3\n').problems), ['1:12 error version']);
    assert.deepEqual(at(loadCodebook('types: []\n').problems), ['1:1 error missing-version']);
    assert.deepEqual(at(loadCodebook('- a\n').problems), ['1:1 error shape']);
    const syntax = loadCodebook('claimlens: 1\nentities:\n  - id: a\n    id: b\n');
    assert.deepEqual(at(syntax.problems), ['4:5 error yaml-duplicate-key']);
    assert.equal(syntax.codebook, undefined);
    assert.deepEqual(at(loadCodebook('claimlens: 1\n<<<<<<< HEAD\nentities: []\n=======\n>>>>>>> theirs\n').problems), ['2:1 error merge-conflict']);
    assert.deepEqual(at(loadCodebook('claimlens: 1\nentities: !!js/function "x"\n').problems), ['2:11 error custom-tag']);
  });

  it('refuses an alias bomb', () => {
    let bomb = 'claimlens: 1\nx0: &a0 [' + Array(10).fill('"lol"').join(',') + ']\n';
    for (let i = 1; i <= 4; i++) bomb += `x${i}: &a${i} [` + Array(10).fill(`*a${i - 1}`).join(',') + ']\n';
    const l = loadCodebook(bomb);
    assert.deepEqual(at(l.problems), ['1:1 error too-many-aliases']);
    assert.equal(l.codebook, undefined);
  });
});

describe('codebook: operations', () => {
  it('addEntity mints a readable unique id and cleans aliases', () => {
    const cb = load(HAND_WRITTEN);
    const { codebook, entity } = addEntity(cb, { name: '  Wang Yi ', type: 'person', aliases: ['Wang', ' Wang ', '', 'Wang Yi'], affiliation: 'china' });
    assert.deepEqual(entity, { id: 'wang-yi', name: 'Wang Yi', type: 'person', aliases: ['Wang'], affiliation: 'china' });
    assert.equal(codebook.entities.length, cb.entities.length + 1);
    assert.equal(cb.entities.length, 3, 'operations are pure');
    assert.equal(addEntity(codebook, { name: 'Wang Yi', type: 'person' }).entity.id, 'wang-yi-2');
    assert.equal(addEntity(cb, { name: 'Ōsaka Prefecture', type: 'country' }).entity.id, 'osaka-prefecture');
    assert.throws(() => addEntity(cb, { name: ' ', type: 'person' }), CodebookError);
    assert.throws(() => addEntity(cb, { name: 'X', type: 'planet' }), /unknown entity type `planet`/);
    assert.throws(() => addEntity(cb, { name: 'X', type: 'person', id: 'china' }), /already exists/);
  });

  it('addAlias adds once, ignores the name and blanks', () => {
    const cb = load(HAND_WRITTEN);
    const next = addAlias(cb, 'russia', ' Russian Federation ');
    assert.deepEqual(findEntity(next, 'russia')?.aliases, ['Moscow', 'the Kremlin', 'Russian Federation']);
    assert.equal(addAlias(next, 'russia', 'Russian Federation'), next);
    assert.equal(addAlias(next, 'russia', 'Russia'), next);
    assert.equal(addAlias(next, 'russia', '  '), next);
    assert.throws(() => addAlias(cb, 'nobody', 'x'), /unknown entity `nobody`/);
  });

  it('addTopic', () => {
    const { codebook, topic } = addTopic(load(HAND_WRITTEN), 'Sanctions & trade');
    assert.deepEqual(topic, { id: 'sanctions-trade', label: 'Sanctions & trade' });
    assert.equal(codebook.topics.length, 2);
    assert.throws(() => addTopic(codebook, 'x', 'alliance'), /already exists/);
  });

  it('references counts mentions and claims (as claimant, addressee or object)', () => {
    assert.deepEqual(references(corpus(), 'china'), { mentions: 2, claims: 1 });
    assert.deepEqual(references(corpus(), 'russia'), { mentions: 2, claims: 2 });
    assert.deepEqual(references(corpus(), 'xi-jinping'), { mentions: 1, claims: 2 });
    assert.deepEqual(references(corpus(), 'nobody'), { mentions: 0, claims: 0 });
  });

  it('renameEntity by name keeps the old name as an alias and touches no sidecar', () => {
    const cb = load(HAND_WRITTEN);
    const r = renameEntity(cb, corpus(), 'russia', { name: 'Russian Federation' });
    assert.deepEqual(findEntity(r.codebook, 'russia'), { id: 'russia', name: 'Russian Federation', type: 'country', aliases: ['Moscow', 'the Kremlin', 'Russia'] });
    assert.equal(r.sidecars.size, 0);
    // Renaming to one of its aliases promotes the alias.
    const back = renameEntity(r.codebook, corpus(), 'russia', { name: 'Moscow' });
    assert.deepEqual(findEntity(back.codebook, 'russia')?.aliases, ['the Kremlin', 'Russia', 'Russian Federation']);
  });

  it('renameEntity by id moves every reference in every sidecar and every affiliation', () => {
    const cb = load(HAND_WRITTEN);
    const before = corpus();
    const r = renameEntity(cb, before, 'china', { id: 'prc', name: 'People’s Republic of China' });
    assert.deepEqual(findEntity(r.codebook, 'prc'), { id: 'prc', name: 'People’s Republic of China', type: 'country', aliases: ['Beijing', 'PRC', 'China'], wikidata: 'Q148' });
    assert.equal(findEntity(r.codebook, 'china'), undefined);
    assert.equal(findEntity(r.codebook, 'xi-jinping')?.affiliation, 'prc');
    assert.deepEqual([...r.sidecars.keys()].sort(), ['/a.txt.annotations.yaml', '/c.txt.annotations.yaml']);
    const after = new Map([...before, ...r.sidecars]);
    assert.deepEqual(references(after, 'china'), { mentions: 0, claims: 0 });
    assert.deepEqual(references(after, 'prc'), references(before, 'china'));
    assert.equal(r.sidecars.get('/a.txt.annotations.yaml')?.claims[0].object, 'prc');
    assert.equal(r.sidecars.get('/a.txt.annotations.yaml')?.claims[0].addressee, 'russia');
    assert.equal(before.get('/a.txt.annotations.yaml')?.mentions[0].entity, 'china', 'the input corpus is not changed');
    assert.throws(() => renameEntity(cb, before, 'china', { id: 'russia' }), /already exists/);
    assert.throws(() => renameEntity(cb, before, 'nobody', { id: 'x' }), /unknown entity/);
  });

  it('renameEntity over the sample corpus moves every reference', () => {
    const cbFile = path.join(SAMPLES, 'claimlens.codebook.yaml');
    const files = fs.readdirSync(SAMPLES).filter(f => f.endsWith('.annotations.yaml'));
    if (!fs.existsSync(cbFile) || files.length === 0) return;
    const cb = load(fs.readFileSync(cbFile, 'utf8'));
    const samples: Corpus = new Map(files.map(f => [f, loadSidecar(fs.readFileSync(path.join(SAMPLES, f), 'utf8')).sidecar!]));
    const refs = references(samples, 'russia');
    assert.ok(refs.mentions > 10);
    const r = renameEntity(cb, samples, 'russia', { id: 'russian-federation' });
    const after = new Map([...samples, ...r.sidecars]);
    assert.deepEqual(references(after, 'russia'), { mentions: 0, claims: 0 });
    assert.deepEqual(references(after, 'russian-federation'), refs);
    assert.ok(r.codebook.entities.filter(e => e.affiliation === 'russian-federation').length > 0);
    assert.equal(r.codebook.entities.filter(e => e.affiliation === 'russia').length, 0);
  });

  it('mergeEntities moves mentions, claims, addressees, objects and affiliations to the survivor and merges aliases', () => {
    const cb = addEntity(load(HAND_WRITTEN), { name: 'Vladimir Putin', type: 'person', affiliation: 'russia' }).codebook;
    const before = corpus();
    const r = mergeEntities(cb, before, 'russia', 'china');
    assert.equal(findEntity(r.codebook, 'russia'), undefined);
    assert.deepEqual(findEntity(r.codebook, 'china'), { id: 'china', name: 'China', type: 'country', aliases: ['Beijing', 'PRC', 'Russia', 'Moscow', 'the Kremlin'], wikidata: 'Q148' });
    assert.equal(findEntity(r.codebook, 'vladimir-putin')?.affiliation, 'china');
    const after = new Map([...before, ...r.sidecars]);
    assert.deepEqual(references(after, 'russia'), { mentions: 0, claims: 0 });
    assert.deepEqual(references(after, 'china').mentions, 4);
    const a = after.get('/a.txt.annotations.yaml')!;
    assert.equal(a.claims[0].addressee, 'china');
    assert.equal(after.get('/b.txt.annotations.yaml')!.claims[0].claimant, 'china');
    assert.ok(!r.sidecars.has('/c.txt.annotations.yaml'), 'sidecars without references are not rewritten');
    assert.throws(() => mergeEntities(cb, before, 'china', 'china'), /itself/);
    assert.throws(() => mergeEntities(cb, before, 'nobody', 'china'), /unknown entity/);
  });

  it('mergeEntities keeps the survivor’s wikidata, or takes the merged one’s', () => {
    const cb = load(HAND_WRITTEN);
    assert.equal(findEntity(mergeEntities(cb, new Map(), 'china', 'russia').codebook, 'russia')?.wikidata, 'Q148');
    const both = { ...cb, entities: cb.entities.map(e => (e.id === 'russia' ? { ...e, wikidata: 'Q159' } : e)) };
    assert.equal(findEntity(mergeEntities(both, new Map(), 'china', 'russia').codebook, 'russia')?.wikidata, 'Q159');
  });

  it('mergeEntities drops the survivor’s affiliation to the merged entity (a bug fixed in mergeEntities)', () => {
    const cb = load(HAND_WRITTEN);
    const r = mergeEntities(cb, corpus(), 'china', 'xi-jinping');
    assert.equal(findEntity(r.codebook, 'xi-jinping')?.affiliation, undefined);
    assert.deepEqual(loadCodebook(saveCodebook(r.codebook, loadCodebook(HAND_WRITTEN))).problems, []);
  });

  it('deleteEntity is refused while referenced, unless forced', () => {
    const cb = load(HAND_WRITTEN);
    assert.throws(() => deleteEntity(cb, corpus(), 'russia'), /still referenced by 2 mention\(s\), 2 claim\(s\) and 0 affiliated entities/);
    assert.throws(() => deleteEntity(cb, new Map(), 'china'), /0 mention\(s\), 0 claim\(s\) and 1 affiliated entity/);
    const forced = deleteEntity(cb, corpus(), 'russia', true);
    assert.equal(findEntity(forced.codebook, 'russia'), undefined);
    const after = new Map([...corpus(), ...forced.sidecars]);
    assert.deepEqual(references(after, 'russia'), { mentions: 0, claims: 0 });
    const a = after.get('/a.txt.annotations.yaml')!;
    assert.equal(a.claims.length, 1, 'a claim that only addressed russia stays');
    assert.equal(a.claims[0].addressee, undefined);
    assert.ok(!('addressee' in a.claims[0]));
    assert.equal(after.get('/b.txt.annotations.yaml')!.claims.length, 0, 'a claim made by russia goes');
    assert.ok(!forced.sidecars.has('/c.txt.annotations.yaml'));
    const china = deleteEntity(cb, corpus(), 'china', true);
    assert.ok(!('affiliation' in findEntity(china.codebook, 'xi-jinping')!));
    const unused = deleteEntity(addEntity(cb, { name: 'Nobody', type: 'person' }).codebook, corpus(), 'nobody');
    assert.equal(unused.sidecars.size, 0);
    assert.equal(unused.codebook.entities.length, 3);
  });
});

describe('codebook: saving', () => {
  it('saving unchanged gives back the same bytes', () => {
    const l = loadCodebook(HAND_WRITTEN);
    assert.equal(saveCodebook(l.codebook!, l), HAND_WRITTEN);
    const file = path.join(SAMPLES, 'claimlens.codebook.yaml');
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      const s = loadCodebook(text);
      assert.equal(saveCodebook(s.codebook!, s), text);
    }
  });

  it('adding an entity adds only its lines and keeps every comment', () => {
    const l = loadCodebook(HAND_WRITTEN);
    const { codebook } = addEntity(l.codebook!, { name: 'Wang Yi', type: 'person', aliases: ['Wang'], affiliation: 'china' });
    const out = saveCodebook(codebook, l);
    assert.deepEqual(lineDiff(HAND_WRITTEN, out), { removed: [], added: [
      '  - id: wang-yi', '    name: Wang Yi', '    type: person', '    aliases: [Wang]', '    affiliation: china'] });
    assert.deepEqual(loadCodebook(out).codebook, codebook);
  });

  it('adding an alias to a block list keeps the list and its comments (a bug fixed in setValue)', () => {
    const l = loadCodebook(HAND_WRITTEN);
    const out = saveCodebook(addAlias(l.codebook!, 'china', 'the Chinese government'), l);
    assert.deepEqual(lineDiff(HAND_WRITTEN, out), { removed: [], added: ['      - the Chinese government'] });
    const flow = saveCodebook(addAlias(l.codebook!, 'russia', 'Russian Federation'), loadCodebook(HAND_WRITTEN));
    assert.deepEqual(lineDiff(HAND_WRITTEN, flow), { removed: ['    aliases: [Moscow, the Kremlin]'], added: ['    aliases: [Moscow, the Kremlin, Russian Federation]'] });
  });

  it('renaming an entity changes only its lines; merging removes the merged entity', () => {
    const l = loadCodebook(HAND_WRITTEN);
    const r = renameEntity(l.codebook!, new Map(), 'russia', { name: 'Russian Federation' });
    assert.deepEqual(lineDiff(HAND_WRITTEN, saveCodebook(r.codebook, l)), {
      removed: ['    name: Russia', '    type: country', '    aliases: [Moscow, the Kremlin]'],
      added: ['    name: Russian Federation', '    type: country', '    aliases: [Moscow, the Kremlin, Russia]'] });
    const m = mergeEntities(l.codebook!, new Map(), 'russia', 'china');
    const merged = saveCodebook(m.codebook, loadCodebook(HAND_WRITTEN));
    assert.match(merged, /^# The team's codebook/);
    assert.match(merged, /- Beijing # metonym\n/);
    assert.doesNotMatch(merged, /id: russia/);
    assert.deepEqual(loadCodebook(merged).codebook, m.codebook);
  });

  it('a hand-written codebook that relies on the default lists keeps relying on them (a bug fixed in saveCodebook)', () => {
    const src = '# minimal\nclaimlens: 1\nentities:\n  - {id: china, name: China, type: country}\n';
    const l = loadCodebook(src);
    assert.equal(saveCodebook(l.codebook!, l), src);
    const added = saveCodebook(addEntity(l.codebook!, { name: 'Russia', type: 'country' }).codebook, loadCodebook(src));
    assert.deepEqual(lineDiff(src, added), { removed: [], added: ['  - id: russia', '    name: Russia', '    type: country'] });
    // Changing a default list writes it.
    const withTopic = saveCodebook(addTopic(l.codebook!, 'Taiwan').codebook, loadCodebook(src));
    assert.match(withTopic, /\ntopics:\n  - {id: taiwan, label: Taiwan}\n/);
    assert.doesNotMatch(withTopic, /types:|stances:/);
  });

  it('keeps entries with numeric ids, their comments and unknown fields (a bug fixed in syncSeqById)', () => {
    const src = 'claimlens: 1\nentities:\n  - id: 1984 # the novel\n    name: Nineteen Eighty-Four\n    type: person\n    x-kept: yes\n';
    const l = loadCodebook(src);
    assert.equal(findEntity(l.codebook!, '1984')?.name, 'Nineteen Eighty-Four');
    assert.equal(saveCodebook(l.codebook!, l), src);
    const renamed = saveCodebook(renameEntity(l.codebook!, new Map(), '1984', { name: '1984 (novel)' }).codebook, loadCodebook(src));
    assert.match(renamed, /- id: 1984 # the novel\n    name: 1984 \(novel\)\n    type: person\n    x-kept: yes\n    aliases: \[Nineteen Eighty-Four\]\n/);
  });

  it('quotes aliases and names that YAML would misread', () => {
    const l = loadCodebook(HAND_WRITTEN);
    const names = ['yes', 'null', '1984', 'a: b', '#hash', '- dash', '[x]', 'it’s', ' padded ', '*star', 'Ünïcödé 😀'];
    let cb = l.codebook!;
    for (const n of names) cb = addAlias(cb, 'xi-jinping', n);
    cb = addEntity(cb, { name: 'true', type: 'person', aliases: ['false', '~'] }).codebook;
    const out = saveCodebook(cb, l);
    const back = loadCodebook(out);
    assert.deepEqual(back.problems.filter(p => p.severity === 'error'), []);
    assert.deepEqual(back.codebook, cb);
  });

  it('a new codebook is written with the defaults', () => {
    const { codebook } = addEntity(DEFAULT_CODEBOOK, { name: 'China', type: 'country' });
    const out = saveCodebook(codebook);
    assert.match(out, /^claimlens: 1\n/);
    assert.deepEqual(loadCodebook(out).codebook, codebook);
    assert.equal(saveCodebook(codebook), out, 'deterministic');
  });
});
