import { strict as assert } from 'assert';
import { buildUnits, matchSpans, MAX_PAIR_CHECKS } from '../../src/core/agreement/matching';

interface S { start: number; end: number; label?: string; id?: string }
const span = (start: number, end: number, label?: string, id?: string): S => ({ start, end, label, id });
const sameLabel = (a: S, b: S) => a.label === b.label;
const bounds = (pairs: [S, S][]) => pairs.map(([a, b]) => [a.start, a.end, b.start, b.end]);

describe('agreement matching', () => {
  it('exact matching needs the same start and end; overlap matching one shared code point', () => {
    const a = [span(0, 5), span(10, 20)], b = [span(0, 5), span(12, 25)];
    assert.deepEqual(bounds(matchSpans(a, b, 'exact')), [[0, 5, 0, 5]]);
    assert.deepEqual(bounds(matchSpans(a, b, 'overlap')), [[0, 5, 0, 5], [10, 20, 12, 25]]);
  });

  it('spans that only touch do not overlap', () => {
    assert.deepEqual(matchSpans([span(0, 5)], [span(5, 9)], 'overlap'), []);
  });

  it('is one to one, the pair sharing the most code points first', () => {
    // b overlaps both of a's spans: 5 code points with the first, 3 with the second.
    assert.deepEqual(bounds(matchSpans([span(0, 10), span(12, 20)], [span(5, 15)], 'overlap')), [[0, 10, 5, 15]]);
    // a's span overlaps both of b's: it goes with the larger overlap; the other stays unmatched.
    assert.deepEqual(bounds(matchSpans([span(0, 10)], [span(0, 4), span(2, 10)], 'overlap')), [[0, 10, 2, 10]]);
  });

  it('prefers the pair covering more of their union when the shared length ties', () => {
    // Both of b's spans share 4 code points with a; [0, 4] is closer to a's [0, 5].
    assert.deepEqual(bounds(matchSpans([span(0, 5)], [span(1, 30), span(0, 4)], 'overlap')), [[0, 5, 0, 4]]);
  });

  it('prefers agreeing labels when spans tie', () => {
    // Two mentions at the same place in each copy (one annotator coded the span twice).
    const a = [span(0, 5, 'china', 'a1'), span(0, 5, 'russia', 'a2')], b = [span(0, 5, 'russia', 'b1'), span(0, 5, 'china', 'b2')];
    const pairs = matchSpans(a, b, 'exact', sameLabel).map(([x, y]) => [x.id, y.id]).sort();
    assert.deepEqual(pairs, [['a1', 'b2'], ['a2', 'b1']]);
  });

  it('matches an empty span only with the identical empty span', () => {
    assert.deepEqual(bounds(matchSpans([span(3, 3), span(0, 10)], [span(3, 3)], 'overlap')), [[3, 3, 3, 3]]);
  });

  it('groups several annotators into units with at most one span of each, in position order', () => {
    const alice = [span(0, 10, 'x'), span(20, 30, 'y')];
    const bob = [span(2, 10, 'x'), span(50, 60, 'z')];
    const carol = [span(0, 10, 'x'), span(5, 8, 'x'), span(21, 29, 'y')];
    const units = buildUnits([alice, bob, carol], 'overlap', sameLabel);
    const shape = units.map(u => u.map(s => (s ? `${s.start}-${s.end}` : '-')));
    assert.deepEqual(shape, [
      ['0-10', '2-10', '0-10'],
      ['-', '-', '5-8'], // carol's second span inside the first unit: that unit has one of carol's already
      ['20-30', '-', '21-29'],
      ['-', '50-60', '-'],
    ]);
    for (const u of units) assert.equal(u.length, 3);
    // Every span is in exactly one unit.
    assert.equal(units.flat().filter(Boolean).length, alice.length + bob.length + carol.length);
  });

  it('two annotators: units are the matched pairs plus the unmatched spans', () => {
    const a = [span(0, 5), span(10, 20)], b = [span(1, 5), span(40, 45)];
    const units = buildUnits([a, b], 'overlap');
    assert.equal(units.length, 3);
    assert.equal(units.filter(u => u[0] && u[1]).length, matchSpans(a, b, 'overlap').length);
  });

  it('finds every overlapping pair that a comparison of all pairs finds', () => {
    // Pseudo-random spans, some empty, some nested, some identical.
    let seed = 7;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const spans = (count: number) => Array.from({ length: count }, () => { const start = random(200); return span(start, start + random(4) * random(6)); });
    for (let round = 0; round < 20; round++) {
      const a = spans(30), b = spans(30);
      for (const mode of ['exact', 'overlap'] as const) {
        const units = buildUnits([a, b], mode);
        // Brute force: a span left alone has no unmatched partner it could have matched.
        const lonelyA = units.filter(u => u[0] && !u[1]).map(u => u[0]!), lonelyB = units.filter(u => !u[0] && u[1]).map(u => u[1]!);
        for (const x of lonelyA) for (const y of lonelyB) {
          const match = (x.start === y.start && x.end === y.end) || (mode === 'overlap' && Math.min(x.end, y.end) > Math.max(x.start, y.start));
          assert.ok(!match, `${mode}: [${x.start}, ${x.end}) and [${y.start}, ${y.end}) were both left unmatched`);
        }
        assert.equal(units.flat().filter(Boolean).length, 60);
      }
    }
  });

  it('refuses copies whose spans all overlap, instead of working without bound', () => {
    const n = Math.ceil(Math.sqrt(MAX_PAIR_CHECKS)) + 10;
    const all = Array.from({ length: n }, (_, k) => span(0, 1000 + k));
    assert.throws(() => buildUnits([all, all.slice()], 'overlap'), /too many overlapping annotations/);
  });
});
