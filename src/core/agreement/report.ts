// The agreement of several annotators' copies of one article's annotations: span scores per pair,
// kappa and alpha on labels, and every place where the copies differ. Plain data in, plain data
// out; the command line and the editor only format and show it.
//
// What is compared (documented for users in the README, "Agreement"):
// - Orphaned annotations are left out: their place in the article is unknown.
// - Span scores (precision, recall, F1) are computed per pair of annotators, with exact and with
//   overlap matching (see matching.ts); "with labels" counts only matches whose labels agree too.
// - Labels are the entity of a mention and the stance and claimant of a claim; a claim without a
//   stance has the value NO_STANCE. Kappa and alpha compare labels over spans matched by overlap
//   only: a span that only one annotator marked has no label to compare with, so it counts against
//   the span scores, not against kappa or alpha. Alpha takes each unit (overlap matching across all
//   annotators) with two or more spans; annotators without a span there are missing values.
import { Claim, Mention, Sidecar } from '../model';
import { articleLinesOf, CodePointIndex, hashText, lineColumnIn } from '../text';
import { buildUnits, MatchMode, Unit } from './matching';
import { Alpha, cohensKappa, Kappa, krippendorffAlphaNominal, spanScores, SpanScores } from './metrics';

export type AnnotationKind = 'mention' | 'claim';
export type LabelField = 'entity' | 'stance' | 'claimant';

export const LABEL_FIELDS: Record<AnnotationKind, readonly LabelField[]> = { mention: ['entity'], claim: ['stance', 'claimant'] };

/** The stance value of a claim that has none. */
export const NO_STANCE = '(none)';

export interface AnnotatorCopy {
  /** How the annotator is named in the report (e.g. the folder of the copy). */
  name: string;
  sidecar: Sidecar;
}

export interface PairAgreement {
  /** Indexes into the report's annotators; `a` is the reference of precision and recall. */
  a: number;
  b: number;
  exact: SpanScores;
  overlap: SpanScores;
  /** Matches whose labels all agree too. */
  exactLabelled: SpanScores;
  overlapLabelled: SpanScores;
  /** Cohen's kappa per label, over the pairs matched by overlap. */
  kappa: Partial<Record<LabelField, Kappa>>;
}

export interface KindAgreement {
  kind: AnnotationKind;
  /** Annotations compared, per annotator. */
  counts: number[];
  /** Orphaned annotations left out, per annotator. */
  orphans: number[];
  pairs: PairAgreement[];
  /** Krippendorff's alpha (nominal) per label, over all annotators' units matched by overlap. */
  alpha: Partial<Record<LabelField, Alpha>>;
}

export type Issue = 'missing' | 'boundaries' | LabelField;

export interface CopySpan {
  id: string;
  start: number;
  end: number;
  /** 1-based line and column (in code points) of the start, when the article's text is known. */
  line?: number;
  column?: number;
  text: string;
  labels: Partial<Record<LabelField, string>>;
}

export interface Disagreement {
  kind: AnnotationKind;
  /** The union of the copies' spans. */
  start: number;
  end: number;
  line?: number;
  column?: number;
  issues: Issue[];
  /** One entry per annotator, null where the annotator has no span here. */
  copies: (CopySpan | null)[];
}

export interface AgreementReport {
  annotators: string[];
  /** Why the numbers may mislead (different article versions, orphans left out). */
  warnings: string[];
  mentions: KindAgreement;
  claims: KindAgreement;
  /** Units where the copies differ, in position order (mentions and claims interleaved). */
  disagreements: Disagreement[];
}

interface Item {
  id: string;
  start: number;
  end: number;
  text: string;
  labels: Partial<Record<LabelField, string>>;
}

function mentionItem(m: Mention): Item {
  return { id: m.id, start: m.start, end: m.end, text: m.text, labels: { entity: m.entity } };
}

function claimItem(c: Claim): Item {
  return { id: c.id, start: c.start, end: c.end, text: c.text, labels: { stance: c.stance ?? NO_STANCE, claimant: c.claimant } };
}

const count = (n: number, word: string) => (n === 0 ? '' : `${n} ${word}${n === 1 ? '' : 's'}`);

const sameLabels = (a: Item, b: Item) => Object.keys(a.labels).every(k => a.labels[k as LabelField] === b.labels[k as LabelField]);

function pairScores(a: Item[], b: Item[], mode: MatchMode): { spans: SpanScores; labelled: SpanScores; matched: [Item, Item][] } {
  const matched = buildUnits([a, b], mode, sameLabels).filter((u): u is [Item, Item] => u[0] !== undefined && u[1] !== undefined);
  const agreeing = matched.filter(([x, y]) => sameLabels(x, y)).length;
  return { spans: spanScores(a.length, b.length, matched.length), labelled: spanScores(a.length, b.length, agreeing), matched };
}

function compareKind(kind: AnnotationKind, copies: Item[][], orphans: number[]): { agreement: KindAgreement; units: Unit<Item>[] } {
  const fields = LABEL_FIELDS[kind];
  const pairs: PairAgreement[] = [];
  for (let a = 0; a < copies.length; a++) {
    for (let b = a + 1; b < copies.length; b++) {
      const exact = pairScores(copies[a], copies[b], 'exact'), overlap = pairScores(copies[a], copies[b], 'overlap');
      const kappa: PairAgreement['kappa'] = {};
      for (const f of fields) kappa[f] = cohensKappa(overlap.matched.map(([x, y]) => [x.labels[f]!, y.labels[f]!] as const));
      pairs.push({ a, b, exact: exact.spans, overlap: overlap.spans, exactLabelled: exact.labelled, overlapLabelled: overlap.labelled, kappa });
    }
  }
  const units = buildUnits(copies, 'overlap', sameLabels);
  const alpha: KindAgreement['alpha'] = {};
  for (const f of fields) alpha[f] = krippendorffAlphaNominal(units.map(u => u.map(item => item?.labels[f])));
  return { agreement: { kind, counts: copies.map(c => c.length), orphans, pairs, alpha }, units };
}

function issuesOf(unit: Unit<Item>, fields: readonly LabelField[]): Issue[] {
  const present = unit.filter((x): x is Item => x !== undefined);
  const issues: Issue[] = [];
  if (present.length < unit.length) issues.push('missing');
  if (present.some(x => x.start !== present[0].start || x.end !== present[0].end)) issues.push('boundaries');
  for (const f of fields) if (present.some(x => x.labels[f] !== present[0].labels[f])) issues.push(f);
  return issues;
}

/**
 * Compares two or more annotators' copies of the same article's annotations. `articleText` (the
 * normalised text, see text.ts) gives lines and columns and is checked against the copies' hashes.
 */
export function buildAgreementReport(copies: readonly AnnotatorCopy[], articleText?: string): AgreementReport {
  if (copies.length < 2) throw new Error('agreement needs at least two copies');
  const names = copies.map(c => c.name);
  const warnings: string[] = [];
  const hashes = copies.map(c => c.sidecar.article.hash);
  if (new Set(hashes.filter(h => h !== undefined)).size > 1)
    warnings.push(`the copies were saved against different versions of the article (${copies.map((c, k) => `${c.name}: ${hashes[k] ?? 'no hash'}`).join(', ')}); offsets may not agree, so re-anchor each copy against the same text first (claimlens fmt)`);
  if (articleText !== undefined) {
    const current = hashText(articleText);
    const stale = copies.filter((_, k) => hashes[k] !== undefined && hashes[k] !== current).map(c => c.name);
    if (stale.length) warnings.push(`the article has changed since ${stale.join(', ')} saved; lines and columns refer to its current text`);
  }

  const live = <T extends { anchor: string }>(list: readonly T[]) => list.filter(a => a.anchor !== 'orphan');
  const orphansOf = (pick: (s: Sidecar) => readonly { anchor: string }[]) => copies.map(c => pick(c.sidecar).length - live(pick(c.sidecar)).length);
  const mentionOrphans = orphansOf(s => s.mentions), claimOrphans = orphansOf(s => s.claims);
  copies.forEach((c, k) => {
    const parts = [count(mentionOrphans[k], 'orphaned mention'), count(claimOrphans[k], 'orphaned claim')].filter(Boolean);
    if (parts.length) warnings.push(`${c.name}: ${parts.join(' and ')} left out (their place in the article is unknown)`);
  });

  const mentions = compareKind('mention', copies.map(c => live(c.sidecar.mentions).map(mentionItem)), mentionOrphans);
  const claims = compareKind('claim', copies.map(c => live(c.sidecar.claims).map(claimItem)), claimOrphans);

  const index = articleText === undefined ? undefined : new CodePointIndex(articleText);
  const lines = index && articleLinesOf(index);
  const place = (offset: number) => (lines ? lineColumnIn(lines, offset) : {});
  const copySpan = (item: Item): CopySpan => ({
    id: item.id, start: item.start, end: item.end, ...place(item.start),
    // The quote the annotator saw; the article's text where the copy has none.
    text: item.text || (index && item.end <= index.length ? index.slice(item.start, item.end) : ''),
    labels: item.labels,
  });
  const disagreements: Disagreement[] = [];
  for (const [kind, units] of [['mention', mentions.units], ['claim', claims.units]] as const) {
    for (const unit of units) {
      const issues = issuesOf(unit, LABEL_FIELDS[kind]);
      if (!issues.length) continue;
      const present = unit.filter((x): x is Item => x !== undefined);
      const start = Math.min(...present.map(x => x.start)), end = Math.max(...present.map(x => x.end));
      disagreements.push({ kind, start, end, ...place(start), issues, copies: unit.map(x => (x ? copySpan(x) : null)) });
    }
  }
  disagreements.sort((p, q) => p.start - q.start || p.end - q.end || (p.kind < q.kind ? -1 : p.kind > q.kind ? 1 : 0));
  return { annotators: names, warnings, mentions: mentions.agreement, claims: claims.agreement, disagreements };
}

/**
 * Names for copies given as paths (`/`-separated): the segments that tell them apart, so
 * `alice/x.txt.annotations.yaml` and `bob/x.txt.annotations.yaml` are `alice` and `bob`. Falls
 * back to the whole paths when that leaves a name empty or two alike.
 */
export function annotatorNames(paths: readonly string[]): string[] {
  const parts = paths.map(p => p.split('/').filter(s => s !== '' && s !== '.'));
  const shortest = Math.min(...parts.map(p => p.length));
  let lead = 0, trail = 0;
  while (lead < shortest - 1 && parts.every(p => p[lead] === parts[0][lead])) lead++;
  while (trail < shortest - lead - 1 && parts.every(p => p[p.length - 1 - trail] === parts[0][parts[0].length - 1 - trail])) trail++;
  const names = parts.map(p => p.slice(lead, p.length - trail).join('/'));
  const unique = (list: string[]) => list.every(n => n !== '') && new Set(list).size === list.length;
  if (unique(names)) return names;
  if (unique([...paths])) return [...paths];
  return paths.map((p, k) => `${p} (${k + 1})`);
}
