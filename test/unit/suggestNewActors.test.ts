import { strict as assert } from 'assert';
import { suggestNewActors } from '../../src/core/suggest';
import { CodePointIndex } from '../../src/core/text';

describe('suggestions: new actors from capitalisation', () => {
  const text = 'The talks in Geneva went well. Officials from the Atlantic Council met Maria Lopez in Geneva. ' +
    'Later, Maria Lopez said the Atlantic Council would publish. Chinese diplomats agreed. However, nothing changed. However, it did.';

  it('proposes names used twice, at least once mid-sentence, with every occurrence and a guessed type', () => {
    const index = new CodePointIndex(text);
    const found = suggestNewActors(index);
    const byName = new Map(found.map(c => [c.name, c]));
    assert.deepEqual([...byName.keys()].sort(), ['Atlantic Council', 'Geneva', 'Maria Lopez']);
    assert.equal(byName.get('Atlantic Council')!.type, 'organization');
    assert.equal(byName.get('Maria Lopez')!.type, 'person');
    assert.equal(byName.get('Geneva')!.type, 'country');
    for (const c of found) for (const o of c.occurrences) assert.equal(index.slice(o.start, o.end), c.name);
    assert.equal(byName.get('Maria Lopez')!.occurrences.length, 2);
  });

  it('leaves out sentence-initial words, adjectives and what is already known', () => {
    const index = new CodePointIndex(text);
    const geneva = text.indexOf('Geneva');
    const found = suggestNewActors(index, [{ start: geneva, end: geneva + 6 }]);
    // "However" only opens sentences; "Chinese" is an adjective; the known Geneva span is skipped,
    // which leaves one occurrence: not enough.
    assert.ok(!found.some(c => ['However', 'Chinese', 'Geneva'].includes(c.name)));
  });
});
