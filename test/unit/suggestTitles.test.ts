import { strict as assert } from 'assert';
import { Entity } from '../../src/core/model';
import { Gazetteer, suggestMentions } from '../../src/core/suggest';
import { newMentionCache } from '../../src/core/suggest/mentions';
import { CodePointIndex } from '../../src/core/text';

type E = Pick<Entity, 'id' | 'name' | 'aliases' | 'type'>;
const entity = (id: string, name: string, type: string, aliases: string[] = []): E => ({ id, name, type, aliases });

const CODEBOOK = new Gazetteer([
  entity('china', 'China', 'country', ['Beijing']),
  entity('russia', 'Russia', 'country', ['Moscow']),
  entity('kazakhstan', 'Kazakhstan', 'country'),
  entity('united-states', 'United States', 'country', ['US', 'U.S.', 'the U.S.']),
  entity('xi', 'Xi Jinping', 'person', ['Xi']),
  entity('putin', 'Vladimir Putin', 'person', ['Putin']),
  entity('wang-yi', 'Wang Yi', 'person'),
  entity('biden', 'Joe Biden', 'person', ['Biden']),
  entity('brics', 'BRICS', 'organization', ['the BRICS']),
  entity('china-russia', 'China and Russia', 'group', ['the two', 'the two countries']),
]);

/** Suggested mentions as "text=entity", found with and without the paragraph cache (both must agree). */
function suggested(text: string): string[] {
  const index = new CodePointIndex(text);
  const show = (list: ReturnType<typeof suggestMentions>) => list.map(s => `${s.text}=${s.entity ?? s.candidates!.join('|')}`);
  const plain = show(suggestMentions(CODEBOOK, index, { mentions: [] }));
  assert.deepEqual(show(suggestMentions(CODEBOOK, index, { mentions: [] }, newMentionCache())), plain);
  return plain;
}

describe('suggestions: titles and articles around names', () => {
  it('joins a person\'s title and the nationality before it to the mention', () => {
    assert.deepEqual(suggested('Chinese Foreign Minister Wang Yi said so.'), ['Chinese Foreign Minister Wang Yi=wang-yi']);
    assert.deepEqual(suggested('Russian President Vladimir Putin met President Xi.'), ['Russian President Vladimir Putin=putin', 'President Xi=xi']);
  });

  it('takes a lower-case title only with what qualifies it', () => {
    assert.deepEqual(suggested('Chinese leader Xi spoke; the leader Xi smiled.'), ['Chinese leader Xi=xi', 'Xi=xi']);
  });

  it('does not take a capitalised word that is not a nationality, nor reach over a sentence end', () => {
    assert.deepEqual(suggested('Then President Putin left Moscow. President Xi stayed.'), ['President Putin=putin', 'Moscow=russia', 'President Xi=xi']);
  });

  it('gives a country that qualifies a title to the person: the person\'s mention, known or not', () => {
    assert.deepEqual(suggested('U.S. President Joe Biden called.'), ['U.S. President Joe Biden=biden']);
    assert.deepEqual(suggested('Kazakhstan’s President Kassym-Jomart Tokayev hosted China’s envoy.'), ['China=china']);
    assert.deepEqual(suggested('U.S. Secretary of State Antony Blinken warned the U.S. allies.'), ['U.S.=united-states']);
  });

  it('leaves out a "the" that belongs to the noun after the name, when the name is known without it', () => {
    assert.deepEqual(suggested('At the BRICS summit, the BRICS said little.'), ['BRICS=brics', 'the BRICS=brics']);
  });

  it('gives a name ending in a number the plural noun after it, and no mention before another name', () => {
    assert.deepEqual(suggested('The two leaders met; the two countries agreed; the two capped it off.'),
      ['The two leaders=china-russia', 'the two countries=china-russia', 'the two=china-russia']);
    assert.deepEqual(suggested('China hopes the two Koreas will talk.'), ['China=china']);
  });
});
