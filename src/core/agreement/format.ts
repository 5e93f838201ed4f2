// The agreement report as plain text: the command line's default output, the editor's report
// document and its diagnostics. Names, ids and quotes come from files, so control and bidi
// characters are blanked (a terminal must not run escapes, a line must not reorder itself).
import { AgreementReport, AnnotationKind, CopySpan, Disagreement, KindAgreement, LABEL_FIELDS, LabelField, NO_STANCE } from './report';

/** File text on one line, without control or bidirectional formatting characters. */
export function plainText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ');
}

function quote(text: string, max = 80): string {
  const cps = [...plainText(text)];
  return `“${cps.length <= max ? cps.join('') : cps.slice(0, max - 1).join('') + '…'}”`;
}

export function formatScore(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : x.toFixed(3);
}

/** `line:column`, or `@offset` when the article's text was not available. */
export function formatPlace(p: { start: number; line?: number; column?: number }): string {
  return p.line === undefined ? `@${p.start}` : `${p.line}:${p.column}`;
}

function labelsText(kind: AnnotationKind, labels: Partial<Record<LabelField, string>>): string {
  if (kind === 'mention') return plainText(labels.entity ?? '');
  const stance = labels.stance === NO_STANCE ? 'no stance' : plainText(labels.stance ?? '');
  return `${plainText(labels.claimant ?? '')} (${stance})`;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function joinWords(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** One line saying how the copies differ at this place and what each has there. */
export function describeDisagreement(annotators: readonly string[], d: Disagreement): string {
  const names = annotators.map(plainText);
  const present = d.copies.flatMap((c, k) => (c ? [k] : []));
  const parts: string[] = [];
  if (d.issues.includes('missing'))
    parts.push(present.length === 1 ? `only ${names[present[0]]}` : `missing in ${joinWords(d.copies.flatMap((c, k) => (c ? [] : [names[k]])))}`);
  const differing = d.issues.filter(i => i !== 'missing');
  if (differing.length) parts.push(`${joinWords(differing)} ${differing.length === 1 && differing[0] !== 'boundaries' ? 'differs' : 'differ'}`);
  const showPlace = d.issues.includes('boundaries');
  const copies = present.map(k => {
    const c = d.copies[k] as CopySpan;
    return `${names[k]}: ${labelsText(d.kind, c.labels)}${showPlace ? ` at ${formatPlace(c)}` : ''} ${quote(c.text)}`;
  });
  return `${parts.join('; ')} — ${copies.join('; ')}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map(r => [...r[col]].length)));
  return rows.map(r => '  ' + r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]))).join('  ').trimEnd());
}

function kindLines(r: AgreementReport, k: KindAgreement): string[] {
  const names = r.annotators.map(plainText);
  const fields = LABEL_FIELDS[k.kind];
  const title = k.kind === 'mention' ? 'Mentions' : 'Claims';
  const lines = [`${title}: ${names.map((n, i) => `${n} ${k.counts[i]}`).join(', ')}`];
  const rows = [['pair', 'matching', 'precision', 'recall', 'F1', `F1 with ${joinWords([...fields])}`]];
  for (const p of k.pairs) {
    const pair = `${names[p.a]} ~ ${names[p.b]}`;
    rows.push([pair, 'exact', formatScore(p.exact.precision), formatScore(p.exact.recall), formatScore(p.exact.f1), formatScore(p.exactLabelled.f1)]);
    rows.push([pair, 'overlap', formatScore(p.overlap.precision), formatScore(p.overlap.recall), formatScore(p.overlap.f1), formatScore(p.overlapLabelled.f1)]);
  }
  lines.push(...table(rows));
  for (const f of fields) {
    const kappas = k.pairs.map(p => `${k.pairs.length > 1 ? `${names[p.a]} ~ ${names[p.b]} ` : ''}${formatScore(p.kappa[f]?.kappa)} (${count(p.kappa[f]?.n ?? 0, 'pair')})`);
    const alpha = k.alpha[f];
    lines.push(`  ${f}: Cohen's kappa ${kappas.join(', ')}; Krippendorff's alpha ${formatScore(alpha?.alpha)} (${count(alpha?.units ?? 0, 'unit')})`);
  }
  return lines;
}

/** The whole report, one string per line; `warnings: false` leaves them to the caller (standard error). */
export function formatAgreementText(r: AgreementReport, options: { warnings?: boolean } = {}): string[] {
  const lines = [`Agreement of ${r.annotators.length} annotators: ${r.annotators.map(plainText).join(', ')}`,
    'Precision and recall take the first of each pair as the reference; kappa and alpha compare the labels of spans matched by overlap.'];
  if (options.warnings !== false) for (const w of r.warnings) lines.push(`warning: ${plainText(w)}`);
  lines.push('', ...kindLines(r, r.mentions), '', ...kindLines(r, r.claims), '', `Disagreements: ${r.disagreements.length}`);
  const places = r.disagreements.map(formatPlace);
  const width = Math.max(0, ...places.map(p => p.length));
  r.disagreements.forEach((d, k) => lines.push(`  ${places[k].padEnd(width)}  ${d.kind.padEnd(7)}  ${describeDisagreement(r.annotators, d)}`));
  return lines;
}
