import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadCodebook } from '../../src/core/codebook';
import { Codebook, Entity, Rejection } from '../../src/core/model';
import { articleSuggestions, Gazetteer, newSuggestionCaches, suggestionActions, suggestionCard } from '../../src/core/suggest';
import { CodePointIndex } from '../../src/core/text';

const ENTITIES: Entity[] = [{ id: 'china', name: 'China', type: 'country', aliases: ['Beijing'] }];
const CODEBOOK: Codebook = {
  version: 1, types: [{ id: 'person', label: 'Person' }, { id: 'country', label: 'Country' }],
  stances: [], topics: [], entities: ENTITIES,
} as unknown as Codebook;
const TEXT = 'Beijing said that the sanctions were illegal and must end soon. '
  + 'Talks with Zorbak Quillfeather went on. Officials praised Zorbak Quillfeather for his patience.';

function rejection(kind: Rejection['kind'], start: number, end: number, entity?: string): Rejection {
  return { id: `r${start}`, kind, start, end, text: TEXT.slice(start, end), anchor: 'exact', ...(entity ? { entity } : {}) } as Rejection;
}

describe('suggestions: one article, every kind', () => {
  const index = new CodePointIndex(TEXT);
  const gazetteer = new Gazetteer(ENTITIES);
  const all = (rejections: Rejection[] = []) => articleSuggestions(gazetteer, index, { mentions: [], claims: [], rejections }, CODEBOOK);

  it('proposes the mention, the claim by its subject and the new name with both occurrences', () => {
    const { mentions, claims, newActors } = all();
    assert.deepEqual(mentions.map(m => [m.text, m.entity]), [['Beijing', 'china']]);
    assert.deepEqual(claims.map(c => [c.text, c.claimant, c.form]), [['the sanctions were illegal and must end soon', 'china', 'reported-speech']]);
    assert.deepEqual(newActors.map(a => [a.name, a.type, a.occurrences.length, a.text, TEXT.slice(a.start, a.end)]),
      [['Zorbak Quillfeather', 'person', 2, 'Zorbak Quillfeather', 'Zorbak Quillfeather']]);
  });

  it('leaves out a rejected claim (for its claimant) and a new name whose occurrences were rejected', () => {
    const [claim] = all().claims;
    assert.equal(all([rejection('claim', claim.start, claim.end, 'china')]).claims.length, 0);
    assert.equal(all([rejection('claim', claim.start, claim.end, 'russia')]).claims.length, 1);
    const [actor] = all().newActors;
    assert.equal(all(actor.occurrences.map(o => rejection('mention', o.start, o.end))).newActors.length, 0);
  });
});

describe('suggestions: hover text', () => {
  const commands = { accept: 'claimlens.acceptSuggestion', reject: 'claimlens.rejectSuggestion' };
  const hostile = 'Evil [click](command:workbench.action.quit) <img src=x>';
  const actor = { kind: 'new-actor' as const, name: hostile, type: 'person', start: 0, end: 5, text: hostile, occurrences: [{ start: 0, end: 5 }, { start: 9, end: 14 }] };

  it('the card shows file text inert: no link, no HTML', () => {
    const card = suggestionCard(actor, CODEBOOK);
    assert.ok(card.startsWith('New actor: **'));
    assert.ok(!/\]\(/.test(card) && !card.includes('<img') && !card.includes('command:'), card);
  });

  it('the links run only the accept and reject commands, with the place as arguments', () => {
    const links = suggestionActions(actor, 'file:///a.txt', CODEBOOK, commands);
    assert.deepEqual([...links.matchAll(/\]\(command:([^?]+)\?([^)]*)\)/g)].map(m => [m[1], JSON.parse(decodeURIComponent(m[2]))]), [
      ['claimlens.acceptSuggestion', ['file:///a.txt', 0, 5, null, 'new-actor']],
      ['claimlens.rejectSuggestion', ['file:///a.txt', 0, 5, null, 'new-actor']],
    ]);
    const claim = { kind: 'claim' as const, start: 3, end: 9, text: hostile, claimant: 'china', form: 'direct-quote' as const };
    assert.match(suggestionActions(claim, 'file:///a.txt', CODEBOOK, commands), /^\[Accept claim by China\]\(command:claimlens\.acceptSuggestion\?/);
    assert.ok(!suggestionCard(claim, CODEBOOK).includes('](command'));
  });
});

describe('suggestions: recomputed after edits from the paragraphs that changed', () => {
  it('gives what a computation from scratch gives, edit after edit', () => {
    const samples = join(__dirname, '../../samples');
    const codebook = loadCodebook(readFileSync(join(samples, 'claimlens.codebook.yaml'), 'utf8')).codebook!;
    const gazetteer = Gazetteer.fromCodebook(codebook);
    let text = readFileSync(join(samples, '003_783d3b7188b5998a.txt'), 'utf8').replace(/\r\n/g, '\n');
    const caches = newSuggestionCaches();
    const sidecar = { mentions: [], claims: [], rejections: [] };
    let seed = 7;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const edits = ['He said that ', 'Beijing', '\n\n', ' Zorbak Quillfeather ', '', '“It is over, they insist,” ', 'The document underlined '];
    for (let round = 0; round < 40; round++) {
      const at = random(text.length), cut = random(3) === 0 ? random(30) : 0;
      text = text.slice(0, at) + edits[round % edits.length] + text.slice(at + cut);
      const index = new CodePointIndex(text);
      assert.deepEqual(articleSuggestions(gazetteer, index, sidecar, codebook, caches), articleSuggestions(gazetteer, index, sidecar, codebook), `round ${round}`);
    }
  });
});
