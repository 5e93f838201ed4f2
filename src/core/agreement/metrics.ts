// Agreement statistics over plain values: precision, recall and F1 of two annotators' spans,
// Cohen's kappa of two annotators' labels, Krippendorff's alpha (nominal) of any number of them.
// A statistic that is undefined for its data (nothing to compare, a single category) is null,
// never NaN, so reports and JSON say "n/a" instead of a number that means nothing.

export interface SpanScores {
  /** Spans of the reference annotator (the first of the pair). */
  reference: number;
  /** Spans of the other annotator. */
  other: number;
  /** Pairs matched one to one. */
  matched: number;
  /** matched / other: how much of the other's work the reference also has. */
  precision: number | null;
  /** matched / reference: how much of the reference the other also has. */
  recall: number | null;
  /** Harmonic mean of both, 2·matched / (reference + other); symmetric. */
  f1: number | null;
}

export function spanScores(reference: number, other: number, matched: number): SpanScores {
  return {
    reference, other, matched,
    precision: other === 0 ? null : matched / other,
    recall: reference === 0 ? null : matched / reference,
    f1: reference + other === 0 ? null : (2 * matched) / (reference + other),
  };
}

export interface Kappa {
  /** Items both annotators labelled. */
  n: number;
  /** Share of items with the same label. */
  observed: number | null;
  /** Agreement expected by chance from each annotator's own label frequencies. */
  expected: number | null;
  /** (observed − expected) / (1 − expected); null without items or when both used one and the same label only. */
  kappa: number | null;
}

/** Cohen's kappa (1960) of two annotators, from the label pairs of the items both labelled. */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): Kappa {
  const n = pairs.length;
  if (n === 0) return { n, observed: null, expected: null, kappa: null };
  const first = new Map<string, number>(), second = new Map<string, number>();
  let same = 0;
  for (const [a, b] of pairs) {
    if (a === b) same++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  let expected = 0;
  for (const [label, count] of first) expected += (count / n) * ((second.get(label) ?? 0) / n);
  const observed = same / n;
  return { n, observed, expected, kappa: expected === 1 ? null : (observed - expected) / (1 - expected) };
}

export interface Alpha {
  /** Units with at least two values (the only ones that can show agreement). */
  units: number;
  /** Values in those units (Krippendorff's n). */
  values: number;
  /** Observed disagreement Do. */
  observed: number | null;
  /** Disagreement expected by chance De. */
  expected: number | null;
  /** 1 − Do/De; null when fewer than two values are pairable or every value is the same. */
  alpha: number | null;
}

/**
 * Krippendorff's alpha for nominal data (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability", section C): one row per unit with one slot per annotator, `undefined` where an
 * annotator gave no value. Computed from the coincidence matrix: each unit with m ≥ 2 values adds
 * 1/(m−1) for every ordered pair of its values.
 */
export function krippendorffAlphaNominal(units: readonly (readonly (string | undefined)[])[]): Alpha {
  // Only the diagonal of the coincidence matrix and its marginals are needed for the nominal metric.
  let agreeing = 0, values = 0, pairable = 0;
  const marginals = new Map<string, number>();
  for (const unit of units) {
    const counts = new Map<string, number>();
    let m = 0;
    for (const v of unit) if (v !== undefined) { counts.set(v, (counts.get(v) ?? 0) + 1); m++; }
    if (m < 2) continue;
    pairable++;
    values += m;
    for (const [v, c] of counts) {
      agreeing += (c * (c - 1)) / (m - 1);
      marginals.set(v, (marginals.get(v) ?? 0) + c);
    }
  }
  if (values < 2) return { units: pairable, values, observed: null, expected: null, alpha: null };
  let sumSquares = 0;
  for (const c of marginals.values()) sumSquares += c * c;
  const observed = (values - agreeing) / values;
  const expected = (values * values - sumSquares) / (values * (values - 1));
  return { units: pairable, values, observed, expected, alpha: expected === 0 ? null : 1 - observed / expected };
}
