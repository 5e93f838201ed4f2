// The model-level three-way merge of a sidecar: base = last saved, ours = memory, theirs = disk.
import * as assert from 'assert';
import { Claim, Mention, Sidecar } from '../../src/core/model';
import { mergeSidecars3 } from '../../src/core/sidecarMerge3';

const mention = (id: string, start: number, extra: Partial<Mention> = {}): Mention =>
  ({ id, entity: 'china', start, end: start + 5, text: 'China', before: '', after: '', anchor: 'exact', ...extra });
const claim = (id: string, start: number, extra: Partial<Claim> = {}): Claim =>
  ({ id, claimant: 'china', stance: 'support', start, end: start + 20, text: 't', before: '', after: '', anchor: 'exact', ...extra });
const sidecar = (mentions: Mention[], claims: Claim[] = [], hash = 'sha256:0000000000000000'): Sidecar =>
  ({ version: 1, article: { title: 'T', hash }, mentions, claims });

let counter = 0;
const options = { newId: (prefix: 'm' | 'c', taken: ReadonlySet<string>) => { let id; do id = `${prefix}copy${counter++}`; while (taken.has(id)); return id; } };
const ids = (s: Sidecar) => [...s.mentions, ...s.claims].map(a => a.id);

describe('sidecar three-way merge (by annotation id)', () => {
  const base = sidecar([mention('m1', 0), mention('m2', 10)], [claim('c1', 30)]);

  it('keeps additions from both sides, in position order', () => {
    const ours = { ...base, mentions: [...base.mentions, mention('mours', 50)] };
    const theirs = { ...base, mentions: [mention('mtheirs', 5), ...base.mentions] };
    const r = mergeSidecars3(base, ours, theirs, options);
    assert.deepStrictEqual(ids(r.sidecar), ['m1', 'mtheirs', 'm2', 'mours', 'c1']);
    assert.deepStrictEqual(r.conflicts, []);
  });

  it('honours a deletion on either side', () => {
    const ours = { ...base, mentions: [base.mentions[1]] };
    const theirs = { ...base, claims: [] };
    const r = mergeSidecars3(base, ours, theirs, options);
    assert.deepStrictEqual(ids(r.sidecar), ['m2']);
    assert.deepStrictEqual(r.conflicts, []);
  });

  it('takes fields changed on one side each, from both sides', () => {
    const ours = { ...base, claims: [{ ...base.claims[0], note: 'mine' }] };
    const theirs = { ...base, claims: [{ ...base.claims[0], stance: 'oppose' }] };
    const r = mergeSidecars3(base, ours, theirs, options);
    assert.deepStrictEqual(r.sidecar.claims, [{ ...base.claims[0], stance: 'oppose', note: 'mine' }]);
    assert.deepStrictEqual(r.conflicts, []);
  });

  it('a field removed on one side stays removed', () => {
    const ours = { ...base, claims: [(({ stance: _s, ...rest }) => rest)(base.claims[0]) as Claim] };
    const r = mergeSidecars3(base, ours, base, options);
    assert.strictEqual(r.sidecar.claims[0].stance, undefined);
    assert.ok(!('stance' in r.sidecar.claims[0]));
  });

  it('a true conflict keeps both: theirs under the id, ours as a copy flagged for review', () => {
    const ours = { ...base, claims: [{ ...base.claims[0], stance: 'neutral' }] };
    const theirs = { ...base, claims: [{ ...base.claims[0], stance: 'oppose' }] };
    const r = mergeSidecars3(base, ours, theirs, options);
    assert.strictEqual(r.conflicts.length, 1);
    const [c] = r.conflicts;
    assert.deepStrictEqual([c.kind, c.id, c.fields], ['claim', 'c1', ['stance']]);
    const byId = new Map(r.sidecar.claims.map(x => [x.id, x]));
    assert.strictEqual(byId.get('c1')!.stance, 'oppose');
    assert.deepStrictEqual([byId.get(c.copyId!)!.stance, byId.get(c.copyId!)!.anchor], ['neutral', 'fuzzy']);
  });

  it('a deletion against a change is a conflict that keeps the changed annotation', () => {
    const oursDeleted = mergeSidecars3(base, { ...base, claims: [] }, { ...base, claims: [{ ...base.claims[0], note: 'new' }] }, options);
    assert.deepStrictEqual([oursDeleted.sidecar.claims.map(c => c.note), oursDeleted.conflicts.map(c => c.fields)], [['new'], [['deleted']]]);
    const theirsDeleted = mergeSidecars3(base, { ...base, claims: [{ ...base.claims[0], note: 'mine' }] }, { ...base, claims: [] }, options);
    assert.deepStrictEqual(theirsDeleted.sidecar.claims.map(c => [c.id, c.note, c.anchor]), [['c1', 'mine', 'fuzzy']]);
    assert.deepStrictEqual(theirsDeleted.conflicts.map(c => c.fields), [['deleted']]);
  });

  it('a move is not a change of mind: deleting a moved annotation is honoured, and when both moved it theirs places it', () => {
    const moved = { ...base, article: { ...base.article, hash: 'sha256:1111111111111111' }, mentions: base.mentions.map(m => ({ ...m, start: m.start + 3, end: m.end + 3, anchor: 'shifted' as const })) };
    const r1 = mergeSidecars3(base, { ...base, mentions: [base.mentions[1]] }, moved, options);
    assert.deepStrictEqual(ids(r1.sidecar), ['m2', 'c1']);
    assert.deepStrictEqual(r1.conflicts, []);
    const oursMoved = { ...base, mentions: base.mentions.map(m => ({ ...m, start: m.start + 1, end: m.end + 1 })) };
    const r2 = mergeSidecars3(base, oursMoved, moved, options);
    assert.deepStrictEqual(r2.sidecar.mentions.map(m => [m.start, m.anchor]), [[3, 'exact'], [13, 'exact']]);
    assert.deepStrictEqual(r2.conflicts, []);
  });

  it('the article facts merge field by field; the hash is the file’s', () => {
    const ours = { ...base, article: { ...base.article, title: 'Mine' } };
    const theirs = { ...base, article: { ...base.article, source: 'Wire', hash: 'sha256:1111111111111111' } };
    assert.deepStrictEqual(mergeSidecars3(base, ours, theirs, options).sidecar.article, { title: 'Mine', source: 'Wire', hash: 'sha256:1111111111111111' });
  });

  it('merging unchanged sides gives theirs back, and is deterministic', () => {
    const theirs = { ...base, mentions: [...base.mentions, mention('m9', 70)] };
    const a = mergeSidecars3(base, base, theirs, options), b = mergeSidecars3(base, base, theirs, options);
    assert.deepStrictEqual(a.sidecar, theirs);
    assert.deepStrictEqual(a, b);
  });
});
