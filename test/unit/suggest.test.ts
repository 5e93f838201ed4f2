import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadCodebook, saveCodebook } from '../../src/core/codebook';
import { Entity } from '../../src/core/model';
import { loadSidecar } from '../../src/core/sidecarFormat';
import { Automaton } from '../../src/core/suggest/automaton';
import { caseFoldTable, foldName } from '../../src/core/suggest/fold';
import { caseSensitiveByDefault, Gazetteer, suggestMentions } from '../../src/core/suggest';
import { CodePointIndex, normalizeNewlines } from '../../src/core/text';
import { mulberry32 } from '../support/random';

type E = Pick<Entity, 'id' | 'name' | 'aliases' | 'case'>;
const entity = (id: string, name: string, aliases: string[] = [], nameCase?: Entity['case']): E =>
  ({ id, name, aliases, ...(nameCase ? { case: nameCase } : {}) });

/** Found names as "text=entity" strings, in text order. */
function found(entities: E[], text: string): string[] {
  return new Gazetteer(entities).find(text).map(m => `${text.slice(m.start, m.end)}=${m.entities.join('|')}`);
}

const CODEBOOK = [
  entity('china', 'China', ['Beijing', 'PRC', 'People’s Republic of China']),
  entity('russia', 'Russia', ['Moscow', 'the Kremlin']),
  entity('united-states', 'United States', ['US', 'U.S.', 'the U.S.', 'Washington']),
  entity('united-nations', 'United Nations', ['UN']),
  entity('european-union', 'European Union', ['EU']),
  entity('xi', 'Xi Jinping', ['Xi', 'Chinese President Xi Jinping']),
  entity('wagner', 'Wagner Group', ['the Wagner Group']),
];

describe('suggestions: the gazetteer', () => {
  it('finds whole words only: "Russia" is not found in "Russian" or "Russias"', () => {
    assert.deepEqual(found(CODEBOOK, 'Russian troops and Russias; Russia, then'), ['Russia=russia']);
  });

  it('treats letters of any script and digits as word characters', () => {
    assert.deepEqual(found(CODEBOOK, 'ChinaÉ éChina China2 中China China'), ['China=china']);
    assert.deepEqual(found([entity('beijing', '北京')], '北京人 在北京 北京'), ['北京=beijing']);
  });

  it('leaves a possessive out of the mention, with a curly or a straight apostrophe', () => {
    assert.deepEqual(found(CODEBOOK, 'China’s army and Xi\'s speech'), ['China=china', 'Xi=xi']);
  });

  it('matches curly and straight apostrophes inside names both ways', () => {
    assert.deepEqual(found(CODEBOOK, "the People's Republic of China"), ["People's Republic of China=china"]);
    assert.deepEqual(found([entity('pla', "People's Liberation Army")], 'the People’s Liberation Army'), ['People’s Liberation Army=pla']);
  });

  it('matches no-break spaces, line breaks and runs of spaces inside multi-word names', () => {
    const text = 'the\u00a0Wagner Group, the Wagner\nGroup, the Wagner \u00a0 Group';
    assert.deepEqual(found(CODEBOOK, text),
      ['the\u00a0Wagner Group=wagner', 'the Wagner\nGroup=wagner', 'the Wagner \u00a0 Group=wagner']);
  });

  it('lets the longest match win where matches overlap', () => {
    assert.deepEqual(found(CODEBOOK, 'Chinese President Xi Jinping met Xi Jinping and Xi.'),
      ['Chinese President Xi Jinping=xi', 'Xi Jinping=xi', 'Xi=xi']);
    // The longest wins even when a shorter match starts earlier.
    assert.deepEqual(found([entity('south', 'the South'), entity('za', 'South Africa')], 'in the South Africa of today'),
      ['South Africa=za']);
  });

  it('matches short acronyms in their case only and other names in any case', () => {
    assert.deepEqual(found(CODEBOOK, 'us and US, un and UN, eu and EU; CHINA and china and Us'),
      ['US=united-states', 'UN=united-nations', 'EU=european-union', 'CHINA=china', 'china=china']);
    assert.equal(caseSensitiveByDefault('US'), true);
    assert.equal(caseSensitiveByDefault('U.S.'), true);
    assert.equal(caseSensitiveByDefault('PRC'), true);
    assert.equal(caseSensitiveByDefault('NATO'), false);
    assert.equal(caseSensitiveByDefault('Quad'), false);
  });

  it('follows the codebook\'s `case` field over the default', () => {
    const north = entity('north-korea', 'North Korea', ['the North'], 'sensitive');
    assert.deepEqual(found([north], 'the North said; to the north'), ['the North=north-korea']);
    const un = entity('un', 'UN', [], 'insensitive');
    assert.deepEqual(found([un], 'the un and the UN'), ['un=un', 'UN=un']);
  });

  it('matches names that end in punctuation ("U.S.") without \\b', () => {
    assert.deepEqual(found(CODEBOOK, 'U.S. officials and the U.S. and U.S.A'), ['U.S.=united-states', 'the U.S.=united-states']);
  });

  it('never shifts offsets: text whose lower case changes length ("İ") and astral characters', () => {
    const text = 'İİİ 🇨🇳 China and İstanbul Russia';
    const matches = new Gazetteer([...CODEBOOK, entity('istanbul', 'İstanbul')]).find(text);
    assert.deepEqual(matches.map(m => text.slice(m.start, m.end)), ['China', 'İstanbul', 'Russia']);
  });

  it('folds every BMP unit to its one-unit lower case, and leaves those that would change length', () => {
    const table = caseFoldTable();
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) { assert.equal(table[c], c); continue; }
      const ch = String.fromCharCode(c), lower = ch.toLowerCase();
      if (/[\s’‘ʼ′`´\u2010-\u2012]/.test(ch) && c !== 0xfeff) continue; // spaces, apostrophes, hyphens: one form each
      assert.equal(table[c], lower.length === 1 ? lower.charCodeAt(0) : c, `U+${c.toString(16)}`);
    }
    assert.equal(table[0x130], 0x130); // 'İ'
    assert.deepEqual([table[0xa0], table[0x2019], table[0x2011]], [0x20, 0x27, 0x2d]);
  });

  it('proposes a name shared by several entities once, with all of them as candidates', () => {
    const entities = [entity('georgia-country', 'Georgia'), entity('georgia-state', 'Georgia State', ['Georgia'])];
    assert.deepEqual(found(entities, 'in Georgia today'), ['Georgia=georgia-country|georgia-state']);
  });

  it('keeps the case rule per name within one folded key', () => {
    // "US" (acronym, case-sensitive) and "Us" (a band, written so in the codebook, any case).
    const entities = [entity('united-states', 'US'), entity('band', 'Us', [], 'insensitive')];
    assert.deepEqual(found(entities, 'US and us'), ['US=united-states|band', 'us=band']);
  });

  for (const [rows, denseCells] of [['dense rows', undefined], ['only the root dense', 1]] as const)
  it(`agrees with a naive search on random text: every occurrence, spaces runs read as one (${rows})`, () => {
    const rng = mulberry32(7);
    const words = ['ab', 'abc', 'bc', 'b', 'ca', 'cab', 'a b', 'c a b'];
    const automaton = new Automaton(words.map(w => foldName(w, true)), caseFoldTable(), denseCells);
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let i = 0; i < 40; i++) text += 'abc \u00a0'[Math.floor(rng() * 5)];
      const got: string[] = [];
      automaton.scan(text, (p, end) => got.push(`${automaton.startOf(text, end, automaton.patternLength[p])}-${end}:${p}`));
      // Naive: collapse space runs, remembering where each collapsed unit came from, and indexOf.
      let collapsed = '';
      const from: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const space = text[i] === ' ' || text[i] === '\u00a0';
        if (space && collapsed.endsWith(' ')) continue;
        collapsed += space ? ' ' : text[i];
        from.push(i);
      }
      const want: string[] = [];
      words.forEach((w, p) => {
        for (let at = collapsed.indexOf(w); at >= 0; at = collapsed.indexOf(w, at + 1))
          want.push(`${from[at]}-${from[at + w.length - 1] + 1}:${p}`);
      });
      assert.deepEqual(got.sort(), want.sort(), JSON.stringify(text));
    }
  });
});

describe('suggestions: mentions for an article', () => {
  const gazetteer = new Gazetteer(CODEBOOK);

  it('gives code-point offsets, as the sidecar does, after astral characters', () => {
    const index = new CodePointIndex('🇨🇳🇷🇺 China and Russia');
    const s = suggestMentions(gazetteer, index, { mentions: [] });
    assert.deepEqual(s.map(x => [x.start, x.end, x.text, x.entity]), [[5, 10, 'China', 'china'], [15, 21, 'Russia', 'russia']]);
    assert.equal(index.slice(5, 10), 'China');
  });

  it('never proposes an existing mention, nor anything overlapping one', () => {
    const index = new CodePointIndex('China and Russia and Xi Jinping and Moscow');
    const s = suggestMentions(gazetteer, index, { mentions: [{ start: 0, end: 5 }, { start: 21, end: 23 }] });
    assert.deepEqual(s.map(x => x.text), ['Russia', 'Moscow']);
  });

  it('leaves out what was rejected: one entity, or every entity at that span', () => {
    const index = new CodePointIndex('Georgia and Georgia');
    const g = new Gazetteer([entity('a', 'Georgia'), entity('b', 'Georgia')]);
    const s = suggestMentions(g, index, { mentions: [], rejections: [
      { start: 0, end: 7, kind: 'mention', entity: 'a', anchor: 'exact' },
      { start: 12, end: 19, kind: 'mention', anchor: 'exact' },
    ] });
    assert.deepEqual(s.map(x => [x.start, x.entity, x.candidates]), [[0, 'b', undefined]]);
  });

  it('lets an orphaned rejection or a claim rejection not block a mention', () => {
    const index = new CodePointIndex('China');
    const s = suggestMentions(gazetteer, index, { mentions: [], rejections: [
      { start: 0, end: 5, kind: 'mention', entity: 'china', anchor: 'orphan' },
      { start: 0, end: 5, kind: 'claim', anchor: 'exact' },
    ] });
    assert.equal(s.length, 1);
  });

  it('finds nearly every hand-made mention of a sample article from the samples codebook', () => {
    const samples = path.join(__dirname, '..', '..', 'samples');
    const codebook = loadCodebook(fs.readFileSync(path.join(samples, 'claimlens.codebook.yaml'), 'utf8')).codebook!;
    const name = '000_30b9ca53c861b234.txt';
    const index = new CodePointIndex(normalizeNewlines(fs.readFileSync(path.join(samples, name), 'utf8')));
    const gold = loadSidecar(fs.readFileSync(path.join(samples, name + '.annotations.yaml'), 'utf8')).sidecar!.mentions;
    const s = suggestMentions(Gazetteer.fromCodebook(codebook), index, { mentions: [] });
    const hits = s.filter(x => gold.some(g => g.start === x.start && g.end === x.end && g.entity === x.entity)).length;
    assert.ok(hits / gold.length >= 0.95, `recall ${hits}/${gold.length}`);
    assert.ok(hits / s.length >= 0.9, `precision ${hits}/${s.length}`);
    // With every gold mention already there, nothing is proposed over them.
    assert.deepEqual(suggestMentions(Gazetteer.fromCodebook(codebook), index, { mentions: gold })
      .filter(x => gold.some(g => x.start < g.end && g.start < x.end)), []);
  });
});

describe('codebook: the `case` field', () => {
  it('is read, checked and written back', () => {
    const text = 'claimlens: 1\nentities:\n  - id: north-korea\n    name: North Korea\n    type: country\n    case: sensitive\n';
    const l = loadCodebook(text);
    assert.deepEqual(l.problems, []);
    assert.equal(l.codebook!.entities[0].case, 'sensitive');
    assert.equal(saveCodebook(l.codebook!, l), text);
    const bad = loadCodebook(text.replace('sensitive', 'sometimes'));
    assert.deepEqual(bad.problems.map(p => [p.line, p.code]), [[6, 'type']]);
  });
});
