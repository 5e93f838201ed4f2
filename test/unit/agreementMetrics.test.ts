import { strict as assert } from 'assert';
import { cohensKappa, krippendorffAlphaNominal, spanScores } from '../../src/core/agreement/metrics';

/** Label pairs from a contingency table: [label of the first annotator, label of the second, count]. */
function pairsFrom(table: [string, string, number][]): [string, string][] {
  return table.flatMap(([a, b, n]) => Array.from({ length: n }, () => [a, b] as [string, string]));
}

/** Reliability data as printed: one row per observer, one column per unit, '.' for a missing value. */
function unitsFrom(rows: string[]): (string | undefined)[][] {
  const cells = rows.map(r => r.trim().split(/\s+/));
  return cells[0].map((_, u) => cells.map(r => (r[u] === '.' ? undefined : r[u])));
}

describe('agreement metrics: Krippendorff’s alpha (nominal)', () => {
  // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
  // Communication, University of Pennsylvania, departmental paper 43. Section C, "Nominal data, any
  // number of observers, missing data": 4 observers, 12 units, values 1–5; alpha = 0.743.
  // Unit 12 has a single value, so it is not pairable: 11 units, n = 40 pairable values.
  it('reproduces Krippendorff’s worked example with 4 observers, 12 units and missing values (α = 0.743)', () => {
    const units = unitsFrom([
      '1 2 3 3 2 1 4 1 2 . . .', // observer A
      '1 2 3 3 2 2 4 1 2 5 . 3', // observer B
      '. 3 3 3 2 3 4 2 2 5 1 .', // observer C
      '1 2 3 3 2 4 4 1 2 5 1 .', // observer D
    ]);
    assert.equal(units.length, 12);
    const a = krippendorffAlphaNominal(units);
    assert.equal(a.units, 11);
    assert.equal(a.values, 40);
    assert.equal(a.alpha!.toFixed(3), '0.743');
  });

  // Same paper, section B, "Nominal data, two observers, no missing data": 12 units, α = 0.692.
  it('reproduces the two-observer nominal example of the same paper (α = 0.692)', () => {
    const a = krippendorffAlphaNominal(unitsFrom(['a a b b d c c c e d d a', 'b a b b b c c c e d d d']));
    assert.equal(a.values, 24);
    assert.equal(a.alpha!.toFixed(3), '0.692');
  });

  // Same paper, section A, "Binary data, two observers, no missing data": α = 1 − 19·4 / (14·6) = 0.095.
  it('reproduces the binary example of the same paper (α = 0.095)', () => {
    const a = krippendorffAlphaNominal(unitsFrom(['0 1 0 0 0 0 0 0 1 0', '1 1 1 0 0 1 0 0 0 0']));
    assert.ok(Math.abs(a.alpha! - (1 - (19 * 4) / (14 * 6))) < 1e-12);
    assert.equal(a.alpha!.toFixed(3), '0.095');
  });

  it('is 1 for perfect agreement and ignores units with fewer than two values', () => {
    const a = krippendorffAlphaNominal([['x', 'x'], ['y', 'y', undefined], ['z', undefined], [undefined, undefined]]);
    assert.equal(a.units, 2);
    assert.equal(a.alpha, 1);
  });

  it('is undefined (null) without pairable values or when every value is the same', () => {
    assert.equal(krippendorffAlphaNominal([]).alpha, null);
    assert.equal(krippendorffAlphaNominal([['x', undefined]]).alpha, null);
    assert.equal(krippendorffAlphaNominal([['x', 'x'], ['x', 'x']]).alpha, null);
  });
});

describe('agreement metrics: Cohen’s kappa', () => {
  // The textbook 2×2 example (e.g. Wikipedia, "Cohen's kappa", simple example): 50 grant proposals,
  // both readers say yes to 20 and no to 15, A yes / B no 5, A no / B yes 10.
  // p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
  it('reproduces the 50-proposal example (κ = 0.4)', () => {
    const k = cohensKappa(pairsFrom([['yes', 'yes', 20], ['yes', 'no', 5], ['no', 'yes', 10], ['no', 'no', 15]]));
    assert.equal(k.n, 50);
    assert.ok(Math.abs(k.observed! - 0.7) < 1e-12);
    assert.ok(Math.abs(k.expected! - 0.5) < 1e-12);
    assert.ok(Math.abs(k.kappa! - 0.4) < 1e-12);
  });

  // The same observed agreement (0.6) with different marginals gives different kappas (the
  // "kappa paradox" pair): 45/15/25/15 gives p_e = 0.6·0.7 + 0.4·0.3 = 0.54, κ = 0.06/0.46;
  // 25/35/5/35 gives p_e = 0.6·0.3 + 0.4·0.7 = 0.46, κ = 0.14/0.54.
  it('depends on the marginals, not only on the observed agreement', () => {
    const k1 = cohensKappa(pairsFrom([['yes', 'yes', 45], ['yes', 'no', 15], ['no', 'yes', 25], ['no', 'no', 15]]));
    const k2 = cohensKappa(pairsFrom([['yes', 'yes', 25], ['yes', 'no', 35], ['no', 'yes', 5], ['no', 'no', 35]]));
    assert.ok(Math.abs(k1.kappa! - 0.06 / 0.46) < 1e-12);
    assert.equal(k1.kappa!.toFixed(4), '0.1304');
    assert.ok(Math.abs(k2.kappa! - 0.14 / 0.54) < 1e-12);
    assert.equal(k2.kappa!.toFixed(4), '0.2593');
  });

  it('is 1 for perfect agreement, and undefined without items or with one label throughout', () => {
    assert.equal(cohensKappa([['a', 'a'], ['b', 'b']]).kappa, 1);
    assert.equal(cohensKappa([]).kappa, null);
    assert.equal(cohensKappa([['a', 'a'], ['a', 'a']]).kappa, null);
  });
});

describe('agreement metrics: span scores', () => {
  it('takes the first annotator as the reference and has a symmetric F1', () => {
    const s = spanScores(10, 8, 6);
    assert.equal(s.precision, 6 / 8);
    assert.equal(s.recall, 6 / 10);
    assert.equal(s.f1, 12 / 18);
    assert.equal(spanScores(8, 10, 6).f1, s.f1);
  });

  it('is undefined (null) where nothing was annotated', () => {
    assert.deepEqual(spanScores(0, 0, 0), { reference: 0, other: 0, matched: 0, precision: null, recall: null, f1: null });
    assert.deepEqual([spanScores(3, 0, 0).precision, spanScores(3, 0, 0).recall, spanScores(3, 0, 0).f1], [null, 0, 0]);
  });
});
