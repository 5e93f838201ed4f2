import { strict as assert } from 'assert';
import { Entity } from '../../src/core/model';
import { Gazetteer, isPersonIn, jointActor, suggestClaims, suggestMentions } from '../../src/core/suggest';
import { CodePointIndex } from '../../src/core/text';

const ENTITIES: Entity[] = [
  { id: 'china', name: 'China', type: 'country', aliases: ['Beijing'] },
  { id: 'russia', name: 'Russia', type: 'country', aliases: ['Moscow'] },
  { id: 'xi', name: 'Xi Jinping', type: 'person', aliases: ['Xi'], affiliation: 'china' },
  { id: 'putin', name: 'Vladimir Putin', type: 'person', aliases: ['Putin'], affiliation: 'russia' },
  { id: 'nato', name: 'NATO', type: 'organization', aliases: [] },
  { id: 'mfa', name: 'Ministry of Foreign Affairs', type: 'organization', aliases: [] },
  { id: 'community', name: 'international community', type: 'group', aliases: [] },
  { id: 'wang', name: 'Wang Yi', type: 'person', aliases: [] },
  { id: 'china-russia', name: 'China and Russia (jointly)', type: 'group', aliases: [] },
];

function claims(text: string) {
  const index = new CodePointIndex(text);
  const mentions = suggestMentions(new Gazetteer(ENTITIES), index, { mentions: [] }).map(m => ({ start: m.start, end: m.end, entity: m.entity! }));
  return suggestClaims(index, mentions, [], jointActor(ENTITIES), isPersonIn(ENTITIES)).map(c => [c.text, c.claimant, c.form]);
}

describe('suggestions: claims from attribution cues', () => {
  it('a reporting verb proposes the clause after it, claimed by the subject mention', () => {
    assert.deepEqual(claims('Beijing said that the sanctions were illegal and must end.'),
      [['the sanctions were illegal and must end', 'china', 'reported-speech']]);
  });

  it('a quotation is a direct quote; the speaker may come after it', () => {
    assert.deepEqual(claims('“Our friendship has no limits,” Xi told Putin in Moscow.'),
      [['Our friendship has no limits', 'xi', 'direct-quote']]);
  });

  it('"according to X" gives X as the claimant', () => {
    assert.deepEqual(claims('According to Moscow, the drills were purely defensive in nature.'),
      [['the drills were purely defensive in nature', 'russia', 'reported-speech']]);
  });

  it('two actors joined by "and" as the subject are the joint actor of the codebook', () => {
    assert.deepEqual(claims('Beijing and Moscow insist that the West is in decline everywhere.'),
      [['the West is in decline everywhere', 'china-russia', 'reported-speech']]);
  });

  it('the subject is not a possessor nor the object of a preposition', () => {
    assert.deepEqual(claims('China made a statement against NATO’s expansion and supported Russia’s quest for security guarantees.').map(c => c[1]), ['china']);
    assert.deepEqual(claims('Wang Yi even appealed to the international community to oppose the attempt to run unilateralism.').map(c => c[1]), ['wang']);
  });

  it('"according to X’s Y" gives Y, the head of the phrase, and nothing after the comma', () => {
    assert.deepEqual(claims('According to China’s Ministry of Foreign Affairs, top officials have met many times.').map(c => c[1]), ['mfa']);
    assert.deepEqual(claims('According to the official line, NATO and its allies set the rules to their advantage.').map(c => c[1]), [undefined]);
  });

  it('"he said" is the last person mentioned before', () => {
    assert.deepEqual(claims('Putin met officials in Beijing on Monday. He said that the partnership has no limits at all.').map(c => c[1]), ['putin']);
  });

  it('two people affiliated with two actors speak for the joint actor; so does the statement they issue', () => {
    assert.deepEqual(claims('Xi and Putin vowed to maintain steady coordination in international affairs.').map(c => c[1]), ['china-russia']);
    assert.deepEqual(claims('Putin and Xi met in Beijing, issuing a joint statement. The document underlined the ever-closer relationship between them.').map(c => c[1]),
      ['china-russia']);
  });

  it('does not cut a sentence at "U.S." and gives code-point offsets after astral characters', () => {
    const text = '🇨🇳 Beijing warned that U.S. pressure would fail in the end.';
    const index = new CodePointIndex(text);
    const mentions = suggestMentions(new Gazetteer(ENTITIES), index, { mentions: [] }).map(m => ({ start: m.start, end: m.end, entity: m.entity! }));
    const [c] = suggestClaims(index, mentions);
    assert.equal(c.text, 'U.S. pressure would fail in the end');
    assert.equal(index.slice(c.start, c.end), c.text);
  });

  it('never proposes over an existing claim', () => {
    const text = 'Beijing said that the sanctions were illegal and must end.';
    const index = new CodePointIndex(text);
    assert.deepEqual(suggestClaims(index, [], [{ start: 20, end: 30 }]), []);
  });
});
