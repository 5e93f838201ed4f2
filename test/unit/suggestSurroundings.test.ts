// Names in their surroundings: other spellings of a codebook's names (initialisms with or without
// dots, a name without its "the"), names inside longer proper names and journeys' destinations
// (not proposed), and a "the" before a hyphenated compound (left out).
import { strict as assert } from 'assert';
import { Entity } from '../../src/core/model';
import { Gazetteer, suggestMentions } from '../../src/core/suggest';
import { newMentionCache } from '../../src/core/suggest/mentions';
import { CodePointIndex } from '../../src/core/text';

type E = Pick<Entity, 'id' | 'name' | 'aliases'> & { type?: string };
const entity = (id: string, name: string, aliases: string[] = [], type = 'country'): E => ({ id, name, aliases, type });

/** Suggested mentions as "text=entity", found with and without the paragraph cache (both must agree). */
function suggested(entities: E[], text: string): string[] {
  const gazetteer = new Gazetteer(entities), index = new CodePointIndex(text);
  const show = (list: ReturnType<typeof suggestMentions>) => list.map(s => `${s.text}=${s.entity ?? s.candidates!.join('|')}`);
  const plain = show(suggestMentions(gazetteer, index, { mentions: [] }));
  assert.deepEqual(show(suggestMentions(gazetteer, index, { mentions: [] }, newMentionCache())), plain);
  return plain;
}

const US = entity('united-states', 'United States', ['the U.S.']);
const UN = entity('un', 'United Nations', ['the UN']);

describe('suggestions: other spellings of a name', () => {
  it('finds an initialism with or without dots, and a name without its "the"', () => {
    assert.deepEqual(suggested([US, UN], 'US troops, U.S. bases, the US and U.N. staff, two UN resolutions'),
      ['US=united-states', 'U.S.=united-states', 'the US=united-states', 'U.N.=un', 'UN=un']);
  });

  it('never takes another entity\'s name, nor a spelling two entities would get', () => {
    // "UK" is another entity's name; "U.K." both would get, so neither does.
    assert.deepEqual(suggested([entity('uk', 'United Kingdom', ['the U.K.']), entity('other', 'UK')], 'the UK and U.K. and UK'),
      ['the UK=uk', 'UK=other']);
  });

  it('never makes a common word or a lone capitalised word a name, and keeps the case rule', () => {
    assert.deepEqual(suggested([entity('pair', 'China and Russia', ['the two', 'the West'])], 'two of them; West Point'), []);
    assert.deepEqual(suggested([US], 'us and u.s.'), []);
  });
});

describe('suggestions: a name in its surroundings', () => {
  const places = [entity('china', 'China', ['Beijing']), entity('russia', 'Russia', ['Moscow']), entity('taiwan', 'Taiwan'),
    entity('japan', 'Japan', ['Tokyo']), US];

  it('leaves out a name inside a longer proper name', () => {
    assert.deepEqual(suggested(places, 'in the Taiwan Strait, the East China Sea, the Sea of Japan and the Beijing Olympics'), []);
  });

  it('keeps a name before a day, a month, another name or in a headline', () => {
    assert.deepEqual(suggested(places, 'Japan Monday; Beijing Moscow talks; China Drops Cautious Approach; China Sea'),
      ['Japan=japan', 'Beijing=china', 'Moscow=russia', 'China=china']);
  });

  it('leaves out a journey\'s destination, not a place where things happen', () => {
    assert.deepEqual(suggested(places, 'Putin’s trip to Beijing, a visit in Moscow; Wang visited Tokyo. Exports to China, war in Taiwan.'),
      ['China=china', 'Taiwan=taiwan']);
  });

  it('leaves "the" out of a name that modifies a hyphenated compound, when the name is known without it', () => {
    assert.deepEqual(suggested([US, entity('wagner', 'Wagner Group', ['the Wagner Group']), entity('hague', 'the Hague')],
      'the U.S.-led order, the U.S. and the Wagner Group-backed forces; the Hague-based court'),
    ['U.S.=united-states', 'the U.S.=united-states', 'Wagner Group=wagner', 'the Hague=hague']);
  });
});
