import { strict as assert } from 'assert';
import { describeDisagreement, formatAgreementText } from '../../src/core/agreement/format';
import { annotatorNames, buildAgreementReport, NO_STANCE } from '../../src/core/agreement/report';
import { AnchorState, Claim, emptySidecar, Mention, Sidecar } from '../../src/core/model';
import { CodePointIndex, hashText } from '../../src/core/text';

// Astral characters before the spans: offsets and columns count code points, not UTF-16 units.
const TEXT = 'Xi 😀 met Putin.\nChina and 🇨🇳 Russia agree: “we stand together”.';
const index = new CodePointIndex(TEXT);

/** Code-point span of the n-th occurrence of `needle`. */
function at(needle: string, occurrence = 0): { start: number; end: number } {
  let u = -1;
  for (let k = 0; k <= occurrence; k++) u = TEXT.indexOf(needle, u + 1);
  assert.ok(u >= 0, needle);
  const start = index.toCodePoint(u);
  return { start, end: start + [...needle].length };
}

let ids = 0;
function mention(entity: string, needle: string, anchor: AnchorState = 'exact'): Mention {
  const { start, end } = at(needle);
  return { id: `m${++ids}`, entity, start, end, text: index.slice(start, end), before: '', after: '', anchor };
}

function claim(claimant: string, needle: string, stance?: string): Claim {
  const { start, end } = at(needle);
  return { id: `c${++ids}`, claimant, stance, start, end, text: index.slice(start, end), before: '', after: '', anchor: 'exact' };
}

function sidecar(mentions: Mention[], claims: Claim[], hash?: string): Sidecar {
  return { ...emptySidecar(), article: hash ? { hash } : {}, mentions, claims };
}

function aliceAndBob(): { alice: Sidecar; bob: Sidecar } {
  const alice = sidecar(
    [mention('xi', 'Xi'), mention('putin', 'Putin'), mention('china', 'China'), mention('russia', 'Russia')],
    [claim('china', '“we stand together”', 'support')], hashText(TEXT));
  const bob = sidecar(
    [mention('xi', 'Xi'), mention('russia', 'Putin'), mention('china', 'China'), mention('russia', '🇨🇳 Russia'), mention('china', 'met', 'orphan')],
    [claim('china', '“we stand together”')], 'sha256:0000000000000000');
  return { alice, bob };
}

describe('agreement report: two annotators, computed by hand', () => {
  const { alice, bob } = aliceAndBob();
  const report = buildAgreementReport([{ name: 'alice', sidecar: alice }, { name: 'bob', sidecar: bob }], TEXT);
  const close = (actual: number | null | undefined, expected: number) => assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

  it('scores mention spans with exact and overlap matching, and with entities', () => {
    const m = report.mentions;
    assert.deepEqual(m.counts, [4, 4], 'the orphan is left out');
    assert.deepEqual(m.orphans, [0, 1]);
    const [pair] = m.pairs;
    // Exact: Xi, Putin, China (bob's “🇨🇳 Russia” is longer than alice's “Russia”); with entity: Xi, China.
    assert.deepEqual([pair.exact.matched, pair.exact.f1, pair.exactLabelled.matched, pair.exactLabelled.f1], [3, 0.75, 2, 0.5]);
    // Overlap: all four; with entity: Xi, China, Russia.
    assert.deepEqual([pair.overlap.precision, pair.overlap.recall, pair.overlap.f1, pair.overlapLabelled.f1], [1, 1, 1, 0.75]);
  });

  it('computes kappa and alpha on the entities of the spans matched by overlap', () => {
    // Pairs (xi,xi) (putin,russia) (china,china) (russia,russia): p_o = 3/4;
    // p_e = ¼·¼ (xi) + ¼·0 (putin) + ¼·¼ (china) + ¼·½ (russia) = ¼; κ = (¾ − ¼) / (1 − ¼) = 2/3.
    const k = report.mentions.pairs[0].kappa.entity!;
    assert.equal(k.n, 4);
    close(k.kappa, 2 / 3);
    // Alpha: n = 8 values, 6 agreeing coincidences, so D_o = 2/8; marginals xi 2, putin 1,
    // china 2, russia 3, so D_e = (64 − 18) / (8·7) = 46/56; α = 1 − (2/8) / (46/56) = 32/46.
    const a = report.mentions.alpha.entity!;
    assert.deepEqual([a.units, a.values], [4, 8]);
    close(a.alpha, 32 / 46);
  });

  it('compares the stance of claims, a missing stance being a value of its own', () => {
    const [pair] = report.claims.pairs;
    assert.equal(pair.exact.f1, 1);
    assert.equal(pair.exactLabelled.f1, 0);
    assert.deepEqual([pair.kappa.stance!.n, pair.kappa.stance!.observed], [1, 0]);
    assert.equal(pair.kappa.claimant!.kappa, null, 'one claimant throughout: kappa is undefined');
    assert.equal(report.claims.alpha.claimant!.alpha, null);
  });

  it('lists the disagreements in position order with 1-based line:column in code points', () => {
    const d = report.disagreements;
    assert.deepEqual(d.map(x => [x.kind, x.issues.join('+'), `${x.line}:${x.column}`]), [
      ['mention', 'entity', '1:10'], // “Putin”: after “Xi 😀 met ”, 9 code points (10 UTF-16 units)
      ['mention', 'boundaries', '2:11'], // bob's “🇨🇳 Russia” starts at the flag, two code points
      ['claim', 'stance', '2:28'],
    ]);
    assert.deepEqual(d[1].copies.map(c => c && `${c.line}:${c.column} ${c.text}`), ['2:14 Russia', '2:11 🇨🇳 Russia']);
    assert.deepEqual(d[2].copies.map(c => c?.labels.stance), ['support', NO_STANCE]);
  });

  it('warns about different article versions and about orphans left out', () => {
    assert.equal(report.warnings.length, 3);
    assert.match(report.warnings[0], /different versions of the article \(alice: sha256:[0-9a-f]{16}, bob: sha256:0{16}\)/);
    assert.match(report.warnings[1], /the article has changed since bob saved/);
    assert.match(report.warnings[2], /^bob: 1 orphaned mention left out/);
  });

  it('formats a plain-text report', () => {
    const lines = formatAgreementText(report);
    const text = lines.join('\n');
    assert.match(text, /^Mentions: alice 4, bob 4$/m);
    assert.match(text, /^ {2}alice ~ bob +exact +0\.750 +0\.750 +0\.750 +0\.500$/m);
    assert.match(text, /^ {2}alice ~ bob +overlap +1\.000 +1\.000 +1\.000 +0\.750$/m);
    assert.match(text, /^ {2}entity: Cohen's kappa 0\.667 \(4 pairs\); Krippendorff's alpha 0\.696 \(4 units\)$/m);
    assert.match(text, /^ {2}stance: Cohen's kappa 0\.000 \(1 pair\);/m);
    assert.match(text, /^ {2}claimant: Cohen's kappa n\/a/m);
    assert.match(text, /^Disagreements: 3$/m);
    assert.ok(lines.includes('  1:10  mention  entity differs — alice: putin “Putin”; bob: russia “Putin”'), text);
    assert.ok(lines.includes('  2:11  mention  boundaries differ — alice: russia at 2:14 “Russia”; bob: russia at 2:11 “🇨🇳 Russia”'), text);
    assert.ok(lines.includes('  2:28  claim    stance differs — alice: china (support) ““we stand together””; bob: china (no stance) ““we stand together””'), text);
    assert.ok(!formatAgreementText(report, { warnings: false }).some(l => l.startsWith('warning:')));
  });

  it('shows offsets where the article text is not known', () => {
    const r = buildAgreementReport([{ name: 'alice', sidecar: alice }, { name: 'bob', sidecar: bob }]);
    assert.equal(r.disagreements[0].line, undefined);
    assert.ok(formatAgreementText(r).some(l => l.startsWith(`  @${at('Putin').start} `)));
  });
});

describe('agreement report: more than two annotators', () => {
  it('scores every pair and computes alpha over all, with missing values', () => {
    const { alice, bob } = aliceAndBob();
    const carol = sidecar([mention('xi', 'Xi'), mention('putin', 'Putin')], [claim('china', '“we stand together”', 'support')]);
    const r = buildAgreementReport([{ name: 'alice', sidecar: alice }, { name: 'bob', sidecar: bob }, { name: 'carol', sidecar: carol }], TEXT);
    assert.deepEqual(r.mentions.pairs.map(p => [p.a, p.b]), [[0, 1], [0, 2], [1, 2]]);
    assert.equal(r.mentions.pairs[1].overlap.recall, 2 / 4, 'carol has two of alice’s four mentions');
    assert.equal(r.mentions.pairs[1].overlap.precision, 1);
    // Units: Xi (3 values), Putin (3), China (2), Russia (2): n = 10, coincidences within agreeing
    // values: xi 3·2/2 = 3, putin/russia/putin 2·1/2 = 1, china 2, russia 2, so D_o = (10 − 8)/10;
    // marginals xi 3, putin 2, russia 3, china 2: D_e = (100 − 26)/(10·9); α = 1 − 0.2/(74/90).
    const a = r.mentions.alpha.entity!;
    assert.deepEqual([a.units, a.values], [4, 10]);
    assert.ok(Math.abs(a.alpha! - (1 - 0.2 / (74 / 90))) < 1e-12);
    const china = r.disagreements.find(d => d.kind === 'mention' && d.copies[0]?.text === 'China')!;
    assert.deepEqual(china.issues, ['missing']);
    assert.match(describeDisagreement(r.annotators, china), /^missing in carol — alice: china “China”; bob: china “China”$/);
  });
});

describe('agreement report: text from files stays plain', () => {
  it('blanks control and bidi characters in names, labels and quotes', () => {
    const evil = '\u001b[31mred\u202e';
    const a = sidecar([{ ...mention('xi', 'Xi'), entity: evil, text: `Xi${evil}` }], []);
    const b = sidecar([], []);
    const text = formatAgreementText(buildAgreementReport([{ name: `alice${evil}`, sidecar: a }, { name: 'bob', sidecar: b }], TEXT)).join('\n');
    assert.ok(!/[\u001b\u202e]/.test(text));
    assert.match(text, /only alice \[31mred  — alice \[31mred :  \[31mred  “Xi \[31mred ”/);
  });
});

describe('agreement: annotator names', () => {
  it('keeps the path segments that tell the copies apart', () => {
    assert.deepEqual(annotatorNames(['alice/x.txt.annotations.yaml', 'bob/x.txt.annotations.yaml']), ['alice', 'bob']);
    assert.deepEqual(annotatorNames(['team/alice/corpus/x.txt.annotations.yaml', 'team/bob/corpus/x.txt.annotations.yaml', 'team/carol/corpus/x.txt.annotations.yaml']), ['alice', 'bob', 'carol']);
    assert.deepEqual(annotatorNames(['a/alice/x', 'b/x']), ['a/alice', 'b']);
  });

  it('falls back to the paths, and numbers copies given twice', () => {
    assert.deepEqual(annotatorNames(['x.alice.yaml', 'x.bob.yaml']), ['x.alice.yaml', 'x.bob.yaml']);
    assert.deepEqual(annotatorNames(['a/x', 'a/x']), ['a/x (1)', 'a/x (2)']);
  });
});
