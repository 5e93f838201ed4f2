import * as assert from 'node:assert/strict';
import { DEFAULT_CODEBOOK, loadCodebook } from '../../src/core/codebook';
import { Claim, Codebook, Mention, Sidecar } from '../../src/core/model';
import {
  claimTitle, codebookEditProblem, foldName, locateEntityInCodebook, matchLabel, matchScore, minimalReplacement, outlineOf,
  renameInCodebookText, searchEntities,
} from '../../src/core/symbols';

const cb: Codebook = {
  ...DEFAULT_CODEBOOK,
  topics: [{ id: 'taiwan', label: 'Taiwan question' }],
  entities: [
    { id: 'china', name: 'China', type: 'country', aliases: ['Beijing', 'People’s Republic of China'] },
    { id: 'xi-jinping', name: 'Xi Jinping', type: 'person', aliases: ['President Xi'], affiliation: 'china' },
    { id: 'nato', name: 'NATO', type: 'organization', aliases: ['the Alliance'] },
    { id: 'sao-paulo', name: 'São Paulo', type: 'group', aliases: [] },
  ],
};

const mention = (id: string, entity: string, start: number, end: number, anchor: Mention['anchor'] = 'exact'): Mention =>
  ({ id, entity, start, end, text: 'x'.repeat(end - start), before: '', after: '', anchor });
const claim = (id: string, start: number, end: number, fields: Partial<Claim>): Claim =>
  ({ id, claimant: 'china', start, end, text: 'Taiwan is part of China and always will be, said the spokesman', before: '', after: '', anchor: 'exact', ...fields });

describe('symbols: outline', () => {
  const sidecar: Sidecar = {
    version: 1, article: {},
    mentions: [mention('m3', 'china', 40, 45), mention('m1', 'xi-jinping', 0, 10), mention('m2', 'china', 20, 25),
      mention('m4', 'ghost', 50, 55), mention('m5', 'nato', 60, 64, 'orphan')],
    claims: [claim('c2', 70, 90, { stance: 'oppose', topic: 'taiwan', form: 'direct-quote' }), claim('c1', 30, 35, { claimant: 'xi-jinping' }),
      claim('c3', 95, 99, { anchor: 'orphan' })],
  };

  it('lists each mentioned entity once, by first mention, with its mentions in text order', () => {
    const { actors } = outlineOf(sidecar, cb);
    assert.deepEqual(actors.map(a => a.entity), ['xi-jinping', 'china', 'ghost']);
    assert.deepEqual(actors[1].mentions.map(m => m.id), ['m2', 'm3']);
    assert.equal(actors[1].name, 'China');
    assert.equal(actors[1].type, 'country');
    assert.equal(actors[1].detail, 'Country · 2 mentions');
    assert.equal(actors[0].detail, 'Person · 1 mention');
  });

  it('shows an entity missing from the codebook by its id and leaves orphans out', () => {
    const { actors, claims } = outlineOf(sidecar, cb);
    assert.equal(actors[2].name, 'ghost');
    assert.equal(actors[2].type, undefined);
    assert.match(actors[2].detail, /not in the codebook/);
    assert.ok(!actors.some(a => a.entity === 'nato'), 'the orphaned NATO mention has no place in the text');
    assert.deepEqual(claims.map(c => c.claim.id), ['c1', 'c2']);
  });

  it('names claims by claimant, stance and first words; topic and form are the detail', () => {
    const { claims } = outlineOf(sidecar, cb);
    assert.equal(claims[1].name, 'China (Oppose): Taiwan is part of China and always will be, said…');
    assert.equal(claims[1].detail, 'Taiwan question · direct quote');
    assert.equal(claims[0].name, 'Xi Jinping: Taiwan is part of China and always will be, said…');
    assert.equal(claims[0].detail, '');
    assert.equal(claimTitle(claim('c', 0, 1, { claimant: 'nobody', text: 'short' }), cb), 'nobody: short');
  });
});

describe('symbols: searching actors', () => {
  it('folds case, accents and curly quotes', () => {
    assert.equal(foldName('  São  PAULO '), 'sao paulo');
    assert.equal(foldName('People’s'), "people's");
  });

  it('ranks equal > prefix > word start > substring > characters in order', () => {
    assert.equal(matchScore('china', 'china'), 100);
    assert.ok(matchScore('chi', 'china') > matchScore('jin', 'xi jinping'));
    assert.ok(matchScore('jin', 'xi jinping') > matchScore('inpi', 'xi jinping'));
    assert.ok(matchScore('inpi', 'xi jinping') > matchScore('xjp', 'xi jinping'));
    assert.ok(matchScore('xjp', 'xi jinping') > 0);
    assert.equal(matchScore('pjx', 'xi jinping'), 0);
    assert.equal(matchScore('', 'anything'), 1);
  });

  it('finds actors by name and by alias, best first', () => {
    assert.deepEqual(searchEntities(cb, 'xi').map(m => m.entity.id)[0], 'xi-jinping');
    const beijing = searchEntities(cb, 'beij');
    assert.equal(beijing[0].entity.id, 'china');
    assert.equal(beijing[0].alias, 'Beijing');
    assert.equal(matchLabel(beijing[0]), 'China (Beijing)');
    const peoples = searchEntities(cb, 'peoples republic');
    assert.equal(peoples[0].entity.id, 'china');
    assert.equal(searchEntities(cb, 'sao')[0].entity.id, 'sao-paulo');
    assert.equal(matchLabel(searchEntities(cb, 'Sao Paulo')[0]), 'São Paulo', 'a name match needs no alias in the label');
  });

  it('returns every actor for the empty query and nothing for a query that matches none', () => {
    assert.equal(searchEntities(cb, '').length, cb.entities.length);
    assert.deepEqual(searchEntities(cb, 'qqqq'), []);
  });

  it('prefers the name over an alias that matches equally well', () => {
    const m = searchEntities(cb, 'nato')[0];
    assert.equal(m.entity.id, 'nato');
    assert.equal(m.alias, undefined);
  });
});

const CODEBOOK = `claimlens: 1
types:
  - {id: person, label: Person}
  - {id: country, label: Country}
stances: []
topics: []
# Actors of the sample corpus
entities:
  - id: china
    name: China # the state
    type: country
    aliases: [Beijing]
  # people
  - id: xi-jinping
    name: Xi Jinping
    type: person
`;

describe('symbols: renaming in the codebook text', () => {
  it('changes the name, keeps the old one as an alias and every comment', () => {
    const out = renameInCodebookText(CODEBOOK, 'china', 'The PRC');
    const before = CODEBOOK.split('\n'), after = out.split('\n');
    assert.equal(after.length, before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line, after[i]]]));
    assert.equal(changed.length, 2, out);
    assert.match(changed[0][1], /^ {4}name: "?The PRC"? # the state$/);
    assert.equal(changed[1][1], '    aliases: [Beijing, China]');
    const cb2 = loadCodebook(out).codebook!;
    assert.deepEqual(cb2.entities[0].aliases, ['Beijing', 'China']);
    const quoted = loadCodebook(renameInCodebookText(CODEBOOK, 'china', 'People’s “Republic”: #1')).codebook!;
    assert.equal(quoted.entities[0].name, 'People’s “Republic”: #1');
  });

  it('adds an alias list to an entity that had none', () => {
    const out = renameInCodebookText(CODEBOOK, 'xi-jinping', ' President Xi ');
    assert.equal(loadCodebook(out).codebook!.entities[1].name, 'President Xi');
    assert.deepEqual(loadCodebook(out).codebook!.entities[1].aliases, ['Xi Jinping']);
    assert.ok(out.includes('# people') && out.includes('# Actors of the sample corpus'));
  });

  it('leaves the text alone when the name does not change', () => {
    assert.equal(renameInCodebookText(CODEBOOK, 'china', 'China'), CODEBOOK);
  });

  it('refuses empty names, several lines, unknown ids and broken codebooks', () => {
    assert.throws(() => renameInCodebookText(CODEBOOK, 'china', '  '), /empty/);
    assert.throws(() => renameInCodebookText(CODEBOOK, 'china', 'a\nb'), /one line/);
    assert.throws(() => renameInCodebookText(CODEBOOK, 'nobody', 'X'), /unknown entity/);
    const broken = CODEBOOK.replace('type: person', 'type: [person');
    assert.throws(() => renameInCodebookText(broken, 'china', 'X'), /has errors .* at line \d+/);
    assert.match(codebookEditProblem(broken)!, /has errors/);
    assert.equal(codebookEditProblem(CODEBOOK), undefined);
  });

  it('locates an entity entry in the codebook', () => {
    assert.deepEqual(locateEntityInCodebook(CODEBOOK, 'xi-jinping'), { line: 14, column: 5 });
    assert.deepEqual(locateEntityInCodebook(CODEBOOK, 'china'), { line: 9, column: 5 });
    assert.equal(locateEntityInCodebook(CODEBOOK, 'nobody'), undefined);
    assert.equal(locateEntityInCodebook('entities: 3', 'china'), undefined);
  });
});

describe('symbols: minimal replacement', () => {
  const apply = (a: string, r: { start: number; end: number; text: string }) => a.slice(0, r.start) + r.text + a.slice(r.end);

  it('replaces only what changed', () => {
    const r = minimalReplacement('name: China\ntype: x\n', 'name: PRC\ntype: x\n');
    assert.deepEqual(r, { start: 6, end: 11, text: 'PRC' });
  });

  it('handles insertions, deletions, equal and empty texts', () => {
    for (const [a, b] of [['abc', 'abXc'], ['abXc', 'abc'], ['same', 'same'], ['', 'new'], ['old', ''], ['aaa', 'aa'], ['aa', 'aaa']]) {
      const r = minimalReplacement(a, b);
      assert.equal(apply(a, r), b, `${a} -> ${b}`);
      assert.ok(r.start <= r.end);
    }
    assert.deepEqual(minimalReplacement('same', 'same'), { start: 4, end: 4, text: '' });
  });

  it('never splits a surrogate pair', () => {
    for (const [a, b] of [['x😀y', 'x😁y'], ['😀', '😁'], ['a😀', 'a😁'], ['😀b', '😁b']]) {
      const r = minimalReplacement(a, b);
      assert.equal(apply(a, r), b);
      assert.ok(!/^[\udc00-\udfff]/.test(a.slice(r.start)) && !/[\ud800-\udbff]$/.test(a.slice(0, r.start)), `start of ${a} -> ${b}`);
      assert.ok(!/^[\udc00-\udfff]/.test(a.slice(r.end)), `end of ${a} -> ${b}`);
    }
  });
});
