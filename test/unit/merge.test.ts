// The pure three-way merge of sidecars and codebooks (core/merge.ts); the driver in real git
// repositories is tested in gitMerge.test.ts.
import * as assert from 'node:assert/strict';
import { mergeCodebookTexts, mergeSidecars, mergeSidecarTexts } from '../../src/core/merge';
import { Claim, Mention, Sidecar } from '../../src/core/model';
import { loadSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex, hashText } from '../../src/core/text';
import { loadCodebook } from '../../src/core/codebook';
import { mulberry32 } from '../support/random';

const TEXT = 'China and Russia met in Moscow. Wang Yi said the partnership was strategic. Lavrov agreed.';

function mention(id: string, entity: string, phrase: string, text = TEXT): Mention {
  const ix = new CodePointIndex(text), start = text.indexOf(phrase);
  return { id, entity, start, end: start + phrase.length, ...ix.quote(start, start + phrase.length), anchor: 'exact' };
}

function claim(id: string, claimant: string, phrase: string, fields: Partial<Claim> = {}): Claim {
  const { entity: _e, ...span } = mention(id, claimant, phrase);
  return { ...span, claimant, ...fields };
}

function sidecar(mentions: Mention[], claims: Claim[] = [], text = TEXT): Sidecar {
  return { version: 1, article: { title: 'T', hash: hashText(text) }, mentions, claims };
}

const china = mention('m0000001', 'china', 'China'), russia = mention('m0000002', 'russia', 'Russia');
const said = claim('c0000001', 'wang-yi', 'the partnership was strategic', { stance: 'support' });

describe('merge (core)', () => {
  it('both sides’ additions, one side’s deletion and field changes of either side', () => {
    const base = sidecar([china, russia], [said]);
    const ours = sidecar([china, mention('m000000a', 'wang-yi', 'Wang Yi')], [{ ...said, topic: 'ties' }]);
    const theirs = sidecar([{ ...china, entity: 'prc' }, russia, mention('m000000b', 'lavrov', 'Lavrov')], [{ ...said, note: 'n' }]);
    const r = mergeSidecars(base, ours, theirs);
    assert.deepEqual(r.conflicts, []);
    assert.equal(r.stale, false);
    assert.deepEqual(r.sidecar.mentions.map(m => [m.id, m.entity]).sort(), [['m0000001', 'prc'], ['m000000a', 'wang-yi'], ['m000000b', 'lavrov']]);
    assert.deepEqual(r.sidecar.claims, [{ ...said, topic: 'ties', note: 'n' }]);
  });

  it('the same field changed differently is a conflict; a change against a deletion too', () => {
    const base = sidecar([china, russia], [said]);
    const r = mergeSidecars(base, sidecar([china], [{ ...said, stance: 'oppose' }]), sidecar([china, { ...russia, entity: 'moscow' }], [{ ...said, stance: 'neutral' }]));
    assert.deepEqual(r.conflicts.map(c => [c.id, c.fields]).sort(), [['c0000001', ['stance']], ['m0000002', ['deleted']]]);
    assert.equal(r.conflicts.find(c => c.id === 'm0000002')!.ours, undefined);
    // Text: markers around each conflicted annotation, nothing else between markers.
    const t = mergeSidecarTexts(serializeSidecar(base), serializeSidecar(sidecar([china], [{ ...said, stance: 'oppose' }])),
      serializeSidecar(sidecar([china, { ...russia, entity: 'moscow' }], [{ ...said, stance: 'neutral' }])))!;
    assert.equal(t.conflicts, 2);
    assert.match(t.text, /^<<<<<<< ours\n=======\n  - \{id: m0000002, entity: moscow, [^\n]*\n>>>>>>> theirs$/m);
    assert.match(t.text, /^<<<<<<< ours\n  - id: c0000001\n(    [^\n]*\n)*=======\n  - id: c0000001\n(    [^\n]*\n)*>>>>>>> theirs$/m);
  });

  it('different article versions: no hash (stale), spans of the other side shifted by their common neighbours', () => {
    const edited = 'Breaking news. ' + TEXT;
    const base = sidecar([china, russia]);
    const ours = sidecar([china, russia, mention('m000000a', 'wang-yi', 'Wang Yi')]);
    const theirs = sidecar([mention('m0000001', 'china', 'China', edited), mention('m0000002', 'russia', 'Russia', edited)], [], edited);
    const r = mergeSidecars(base, ours, theirs);
    assert.equal(r.stale, true);
    assert.equal(r.sidecar.article.hash, undefined);
    const wang = r.sidecar.mentions.find(m => m.id === 'm000000a')!;
    assert.equal(edited.slice(wang.start, wang.end), 'Wang Yi', 'shifted into the edited article’s offsets');
    assert.equal(r.sidecar.mentions.find(m => m.id === 'm0000001')!.start, edited.indexOf('China'));
  });

  it('a span re-anchored on one side yields to an annotator’s move on the other', () => {
    const edited = 'Breaking news. ' + TEXT;
    const base = sidecar([china]);
    const ours = sidecar([mention('m0000001', 'china', 'Moscow')]); // re-attached by the annotator
    const theirs = sidecar([mention('m0000001', 'china', 'China', edited)], [], edited); // only re-anchored
    const r = mergeSidecars(base, ours, theirs);
    assert.deepEqual(r.conflicts, []);
    assert.equal(r.sidecar.mentions[0].text, 'Moscow');
  });

  it('is deterministic and its output canonical; the fast and the general path agree', () => {
    const rng = mulberry32(5);
    for (let round = 0; round < 30; round++) {
      const words = TEXT.split(/\b/).filter(w => /\w/.test(w));
      const pick = () => words[Math.floor(rng() * words.length)];
      const some = (prefix: string) => Array.from({ length: 1 + Math.floor(rng() * 5) }, (_, i) => mention(`${prefix}${round}x${i}`.padEnd(8, '0').slice(0, 8), 'e' + Math.floor(rng() * 3), pick()));
      const base = some('ma'), ours = [...base.filter(() => rng() < 0.8).map(m => (rng() < 0.3 ? { ...m, entity: 'o' } : m)), ...some('mb')];
      const theirs = [...base.filter(() => rng() < 0.8), ...some('mc')];
      const texts = [base, ours, theirs].map(ms => serializeSidecar(sidecar(ms)));
      const fast = mergeSidecarTexts(texts[0], texts[1], texts[2])!, general = mergeSidecarTexts(texts[0], texts[1], texts[2], { general: true })!;
      assert.equal(fast.text, general.text, `round ${round}`);
      assert.equal(mergeSidecarTexts(texts[0], texts[1], texts[2])!.text, fast.text);
      if (!fast.conflicts) assert.equal(serializeSidecar(loadSidecar(fast.text).sidecar!), fast.text);
    }
  });

  it('keeps the comments of a hand-written ours; unreadable versions are left to a line merge', () => {
    const base = serializeSidecar(sidecar([china]));
    const ours = '# reviewed\n' + base;
    const r = mergeSidecarTexts(base, ours, serializeSidecar(sidecar([china, russia])))!;
    assert.ok(r.text.startsWith('# reviewed\n'));
    assert.equal(loadSidecar(r.text).sidecar!.mentions.length, 2);
    assert.equal(mergeSidecarTexts(base, '<<<<<<< x\n' + base, base), undefined);
    assert.equal(mergeSidecarTexts(base, 'claimlens: [', base), undefined);
  });

  it('codebooks: entities by id, aliases as a set (removal on one side honoured), types and topics by id', () => {
    const base = 'claimlens: 1\nentities:\n  - id: china\n    name: China\n    type: country\n    aliases: [PRC, Beijing]\n';
    const ours = base.replace('[PRC, Beijing]', '[PRC, Zhongguo]') + '  - id: a\n    name: A\n    type: person\n';
    const theirs = base.replace('[PRC, Beijing]', '[PRC, Beijing, Middle Kingdom]') + 'topics:\n  - {id: t, label: T}\n';
    const r = mergeCodebookTexts(base, ours, theirs)!;
    assert.equal(r.conflicts, 0);
    const cb = loadCodebook(r.text).codebook!;
    assert.deepEqual(cb.entities.map(e => [e.id, e.aliases]), [['china', ['PRC', 'Zhongguo', 'Middle Kingdom']], ['a', []]]);
    assert.deepEqual(cb.topics, [{ id: 't', label: 'T' }]);
  });
});
