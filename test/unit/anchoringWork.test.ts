// Re-anchoring does bounded work whatever a sidecar holds: the work is counted deterministically
// (WorkStats), so these tests bound it by work done, not by time.
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { AnchorTarget, boundedEditDistance, MAX_STEP_WORK, reanchor, reanchorAsync, WORK_PER_ANNOTATION, WORK_PER_TARGET, WORK_TOTAL, WorkStats } from '../../src/core/anchoring';
import { MAX_QUOTE_LENGTH } from '../../src/core/model';
import { CodePointIndex, normalizeNewlines } from '../../src/core/text';
import { mulberry32 } from '../support/random';
import { levenshtein } from '../support/levenshtein';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const ARTICLE = normalizeNewlines(readFileSync(join(SAMPLES, readdirSync(SAMPLES).filter(f => f.endsWith('.txt')).sort()[2]), 'utf8'));

const newStats = (): WorkStats => ({ work: 0, overBudget: 0 });
const limitFor = (n: number) => WORK_TOTAL + WORK_PER_ANNOTATION * n + MAX_STEP_WORK;

/** The reported denial of service: 150 annotations with 1,000-character quotes over a 200 KB
 * article in which each quote nearly matches everywhere, and whose context matches nowhere. */
function pathological(sameOffset: boolean): { targets: AnchorTarget[]; text: string } {
  const text = 'ab '.repeat(70_000);
  const quote = 'ab '.repeat(333) + 'a';
  const targets: AnchorTarget[] = [];
  for (let k = 0; k < 150; k++) {
    const start = sameOffset ? 0 : k * 1300;
    targets.push({ start, end: start + quote.length, text: quote, before: 'x'.repeat(32), after: 'y'.repeat(32) });
  }
  return { targets, text };
}

describe('reanchor: bounded work', () => {
  for (const sameOffset of [false, true]) {
    it(`150 long quotes that nearly match everywhere stay within the work limit${sameOffset ? ' (no neighbours: searched everywhere)' : ''}`, () => {
      const { targets, text } = pathological(sameOffset);
      const stats = newStats();
      const out = reanchor(targets, text, { stats });
      assert.ok(stats.work > 0, 'work is counted');
      assert.ok(stats.work <= limitFor(targets.length), `work ${stats.work} within ${limitFor(targets.length)}`);
      // Never dropped, never placed on a look-alike: each is an orphan at its old offsets.
      assert.strictEqual(out.length, targets.length);
      out.forEach((o, k) => {
        assert.strictEqual(o.anchor, 'orphan');
        assert.deepStrictEqual([o.start, o.end], [targets[k].start, targets[k].end]);
      });
      assert.ok(stats.overBudget > 0);
      assert.ok(out.some(o => /work limit|too costly/.test(o.reason ?? '')), out[0].reason);
    });
  }

  it('a limit per annotation: one costly annotation does not starve the others', () => {
    const index = new CodePointIndex(ARTICLE);
    const names: AnchorTarget[] = [];
    for (let u = ARTICLE.indexOf('China'); u >= 0 && names.length < 20; u = ARTICLE.indexOf('China', u + 1)) names.push({ start: u, end: u + 5, ...index.quote(u, u + 5) });
    // An inserted repetitive block of text before them, and a quote that nearly matches it.
    const text = 'ab '.repeat(20_000) + ARTICLE;
    const costly: AnchorTarget = { start: 10, end: 1010, text: 'ab '.repeat(333) + 'a', before: 'x'.repeat(10), after: 'y'.repeat(32) };
    const stats = newStats();
    const out = reanchor([costly, ...names], text, { stats });
    assert.strictEqual(out[0].anchor, 'orphan');
    assert.ok((stats.maxPerTarget ?? 0) <= WORK_PER_TARGET + MAX_STEP_WORK);
    out.slice(1).forEach((o, k) => assert.deepStrictEqual([o.start, o.end, o.anchor], [names[k].start + 60_000, names[k].end + 60_000, 'shifted']));
  });

  it('past the total limit the remaining annotations are orphans, except those still at their place', () => {
    const index = new CodePointIndex(ARTICLE);
    const intact: AnchorTarget[] = [];
    for (let u = ARTICLE.indexOf('Russia'); u >= 0; u = ARTICLE.indexOf('Russia', u + 1)) intact.push({ start: u, end: u + 6, ...index.quote(u, u + 6) });
    const lost: AnchorTarget[] = intact.map(t => ({ ...t, text: 'Rusia', end: t.end - 1 }));
    const stats = newStats();
    const out = reanchor([...intact, ...lost], ARTICLE, { stats, workTotal: 1 });
    assert.ok(stats.work <= 1 + MAX_STEP_WORK + intact.length * 200, `work ${stats.work}`);
    out.slice(0, intact.length).forEach(o => assert.strictEqual(o.anchor, 'exact'));
    out.slice(intact.length).forEach(o => { assert.strictEqual(o.anchor, 'orphan'); assert.match(o.reason!, /work limit/); });
  });

  it('ordinary re-anchoring stays far below the limits', () => {
    const index = new CodePointIndex(ARTICLE);
    const targets: AnchorTarget[] = [];
    for (const name of ['China', 'Russia', 'Beijing', 'Putin']) {
      for (let u = ARTICLE.indexOf(name); u >= 0; u = ARTICLE.indexOf(name, u + 1)) targets.push({ start: u, end: u + name.length, ...index.quote(u, u + name.length) });
    }
    const edited = 'A new first paragraph. '.repeat(5) + ARTICLE.replace(/Beijing/g, 'Peking').slice(0, -2000);
    const stats = newStats();
    const out = reanchor(targets, edited, { stats });
    assert.strictEqual(stats.overBudget, 0);
    assert.ok(stats.work < limitFor(targets.length) / 4, `work ${stats.work}`);
    assert.ok(out.filter(o => o.anchor === 'shifted').length > targets.length / 2);
  });

  it('a context side of any length costs no more than a stored one', () => {
    const index = new CodePointIndex(ARTICLE);
    const u = ARTICLE.indexOf('Xi Jinping');
    const q = index.quote(u, u + 10);
    const huge = { start: u, end: u + 10, text: q.text, before: 'z'.repeat(1_000_000) + q.before, after: q.after + 'z'.repeat(1_000_000) };
    const stats = newStats();
    const out = reanchor([huge], 'Some words first. ' + ARTICLE, { stats });
    assert.deepStrictEqual([out[0].start, out[0].anchor], [u + 18, 'shifted']);
    assert.ok(stats.work < 1_000_000, `work ${stats.work}`);
  });

  it('a quote longer than approximate search takes is still found after an edit inside it', () => {
    const start = ARTICLE.indexOf('. ', 5000) + 2;
    const end = start + 1500;
    const index = new CodePointIndex(ARTICLE);
    const t: AnchorTarget = { start, end, ...index.quote(start, end) };
    const mid = start + 700;
    const edited = 'Inserted before. ' + ARTICLE.slice(0, mid) + 'several new words' + ARTICLE.slice(mid + 4);
    const [o] = reanchor([t], edited);
    assert.strictEqual(o.anchor, 'fuzzy');
    assert.deepStrictEqual([o.start, o.end], [start + 17, end + 17 + 13]);
  });

  it('a quote longer than MAX_QUOTE_LENGTH is found only at its old place, never searched', () => {
    const quote = 'x'.repeat(MAX_QUOTE_LENGTH + 1);
    const text = 'Some text. ' + quote + ' More text.';
    const t: AnchorTarget = { start: 11, end: 11 + quote.length, text: quote, before: 'Some text. ', after: ' More text.' };
    assert.deepStrictEqual(reanchor([t], text)[0], { start: 11, end: 11 + quote.length, anchor: 'exact' });
    const stats = newStats();
    const [moved] = reanchor([t], 'Inserted. ' + text, { stats });
    assert.strictEqual(moved.anchor, 'orphan');
    assert.match(moved.reason!, /longer than 4000 characters/);
    assert.ok(stats.work <= 2 * quote.length + 200, `work ${stats.work}`);
  });

  it('the incremental driver pauses between slices and gives the same outcomes', async () => {
    const { targets, text } = pathological(false);
    let pauses = 0;
    const stats = newStats();
    const out = await reanchorAsync(targets, text, { stats }, async () => { pauses++; });
    assert.deepStrictEqual(out, reanchor(targets, text));
    assert.ok(pauses >= 5, `${pauses} pauses for ${stats.work} units`);
  });
});

describe('boundedEditDistance', () => {

  it('equals the edit distance when within k, else k + 1', () => {
    const rng = mulberry32(7);
    const word = (n: number) => Array.from({ length: n }, () => 'abc'[Math.floor(rng() * 3)]).join('');
    for (let round = 0; round < 2000; round++) {
      const a = word(Math.floor(rng() * 12)), b = word(Math.floor(rng() * 12)), k = Math.floor(rng() * 8);
      const d = levenshtein(a, b);
      assert.strictEqual(boundedEditDistance(a, b, k), d <= k ? d : k + 1, `${a} ${b} ${k}`);
    }
  });
});
