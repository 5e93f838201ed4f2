import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { AnchorOutcome, AnchorTarget, reanchor } from '../../src/core/anchoring';
import { CodePointIndex, normalizeNewlines } from '../../src/core/text';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const samples = readdirSync(SAMPLES).filter(f => f.endsWith('.txt')).sort()
  .map(f => normalizeNewlines(readFileSync(join(SAMPLES, f), 'utf8')));
const ARTICLE = samples[2];

/** A target as the sidecar stores it: offsets plus quote selector, from a code-point span. */
function target(index: CodePointIndex, start: number, end: number): AnchorTarget {
  return { start, end, ...index.quote(start, end) };
}

/** Target for the n-th (0-based) occurrence of `quote` in the text. */
function targetOf(text: string, quote: string, n = 0): AnchorTarget {
  const index = new CodePointIndex(text);
  let u = text.indexOf(quote);
  for (let k = 0; k < n; k++) u = text.indexOf(quote, u + 1);
  assert.ok(u >= 0, `"${quote}" #${n} is in the text`);
  const start = index.toCodePoint(u);
  return target(index, start, start + [...quote].length);
}

/** Code-point offsets of the n-th occurrence of `quote`. */
function at(text: string, quote: string, n = 0): [number, number] {
  const t = targetOf(text, quote, n);
  return [t.start, t.end];
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?][”"’]?)\s+(?=[A-Z“])/).map(s => s.trim()).filter(s => s.length >= 40 && s.length <= 400);
}

/** Replaces the first occurrence of `find` (which must exist). */
function replace(text: string, find: string, by: string): string {
  assert.ok(text.includes(find), `"${find}" is in the text`);
  return text.replace(find, () => by);
}

describe('reanchor: unchanged and shifted text', () => {
  it('finds every annotation of an unchanged article exactly', () => {
    const index = new CodePointIndex(ARTICLE);
    const targets: AnchorTarget[] = [];
    for (const name of ['China', 'Russia', 'Beijing', 'Xi Jinping', 'Putin']) {
      for (let u = ARTICLE.indexOf(name); u >= 0; u = ARTICLE.indexOf(name, u + 1)) {
        targets.push(target(index, index.toCodePoint(u), index.toCodePoint(u) + name.length));
      }
    }
    for (const s of sentences(ARTICLE)) targets.push(targetOf(ARTICLE, s));
    assert.ok(targets.length > 150);
    const out = reanchor(targets, ARTICLE);
    out.forEach((o, k) => assert.deepStrictEqual(o, { start: targets[k].start, end: targets[k].end, anchor: 'exact' }));
  });

  it('shifts annotations after insertions and deletions before them', () => {
    const names = [0, 5, 10, 20, 40].map(n => targetOf(ARTICLE, 'China', n));
    const claims = sentences(ARTICLE).filter((_, k) => k % 7 === 3).map(s => targetOf(ARTICLE, s));
    const targets = [...names, ...claims];
    // An insertion near the top, a deletion further down, an insertion at the very start.
    let text = replace(ARTICLE, 'After talks,', 'After long and difficult talks behind closed doors,');
    text = replace(text, ' Twenty days later, Russia invaded Ukraine.', '');
    text = 'UPDATED: ' + text;
    const out = reanchor(targets, text);
    const index = new CodePointIndex(text);
    out.forEach((o, k) => {
      assert.notStrictEqual(o.anchor, 'orphan', `${targets[k].text}: ${o.reason}`);
      assert.strictEqual(o.anchor, 'shifted');
      assert.strictEqual(index.slice(o.start, o.end), targets[k].text);
    });
    // Each lands on the same occurrence it was on, not just on some occurrence.
    for (const [k, n] of [0, 5, 10, 20, 40].entries()) {
      const [start] = at(text, 'China', n);
      assert.strictEqual(out[k].start, start, `China #${n}`);
    }
  });

  it('keeps the order of the targets, whatever their offsets', () => {
    const a = targetOf(ARTICLE, 'China', 30), b = targetOf(ARTICLE, 'China', 2), c = targetOf(ARTICLE, 'Russia', 7);
    const out = reanchor([a, b, c], 'x' + ARTICLE);
    assert.deepStrictEqual(out.map(o => o.start), [a.start + 1, b.start + 1, c.start + 1]);
  });

  it('accepts a CodePointIndex as well as raw text', () => {
    const t = targetOf(ARTICLE, 'Putin', 1);
    assert.deepStrictEqual(reanchor([t], new CodePointIndex(ARTICLE)), reanchor([t], ARTICLE));
  });
});

describe('reanchor: edited quotes', () => {
  it('finds a claim edited inside as fuzzy, with a score', () => {
    const claim = sentences(ARTICLE)[5];
    const t = targetOf(ARTICLE, claim);
    const words = claim.split(' ');
    const edited = [...words.slice(0, 6), 'reportedly', ...words.slice(6)].join(' ').replace(words[9], words[9].toUpperCase() + 'S');
    const text = replace(ARTICLE, claim, edited);
    const [o] = reanchor([t], 'A new first line.\n' + text);
    assert.strictEqual(o.anchor, 'fuzzy');
    assert.ok(o.score! > 0.85 && o.score! < 1, `score ${o.score}`);
    const [start, end] = at('A new first line.\n' + text, edited);
    assert.deepStrictEqual([o.start, o.end], [start, end]);
  });

  it('finds a name with a typo fixed in it, when its context agrees', () => {
    const text0 = replace(ARTICLE, 'Chinese President Xi Jinping hosted', 'Chinese President Xi Jinpng hosted');
    const t = targetOf(text0, 'Xi Jinpng');
    const [o] = reanchor([t], ARTICLE);
    assert.strictEqual(o.anchor, 'fuzzy');
    assert.deepStrictEqual(ARTICLE.slice(o.start, o.end), 'Xi Jinping');
  });

  it('still finds a quote whose context was rewritten on one side', () => {
    const claim = sentences(ARTICLE)[10];
    const t = targetOf(ARTICLE, claim);
    const u = ARTICLE.indexOf(claim);
    // Rewrite the 60 characters before the claim (with 70 others).
    const text = ARTICLE.slice(0, u - 60) + 'Something entirely different was written here by an editor, at length. ' + ARTICLE.slice(u);
    const [o] = reanchor([t], text);
    assert.strictEqual(o.anchor, 'shifted');
    assert.deepStrictEqual([o.start, o.end], at(text, claim));
  });

  it('finds an edited claim after an edited name, though the name puts the prediction a little off', () => {
    const before = 'Minister Leo Brandt welcomed her and said the border agreement would be signed within a month.\nObservers from the Northern League expect it.\n';
    const after = 'Minister Leo Brant welcomed her and said the border agreement would be signed within weeks.\nObservers expect it.\n';
    const name = targetOf(before, 'Leo Brandt');
    const claim = targetOf(before, 'the border agreement would be signed within a month');
    const [n, c] = reanchor([name, claim], after);
    assert.strictEqual(n.anchor, 'fuzzy');
    assert.strictEqual(c.anchor, 'fuzzy');
    assert.strictEqual(c.start, after.indexOf('the border agreement'));
  });
});

describe('reanchor: orphans instead of wrong places', () => {
  it('orphans an annotation whose text was deleted, keeping its old offsets and saying why', () => {
    const claim = sentences(ARTICLE)[8];
    const t = targetOf(ARTICLE, claim);
    const [o] = reanchor([t], replace(ARTICLE, claim, ''));
    assert.deepStrictEqual(o, { start: t.start, end: t.end, anchor: 'orphan', reason: 'quote not found' });
  });

  it('does not attach to a look-alike sentence elsewhere once the original is deleted', () => {
    const claim = sentences(ARTICLE)[12];
    const t = targetOf(ARTICLE, claim);
    const words = claim.split(' ');
    words[4] = 'obviously';
    const lookAlike = words.join(' ');
    // Delete the original, put a look-alike (one word changed) into another paragraph.
    let text = replace(ARTICLE, claim, '');
    const other = sentences(ARTICLE)[40];
    text = replace(text, other, other + ' ' + lookAlike);
    const [o] = reanchor([t], text);
    assert.strictEqual(o.anchor, 'orphan');
    assert.match(o.reason!, /^(quote not found|similar text found, but the surrounding text does not match)$/);
  });

  it('does not attach to an exact copy of the sentence pasted elsewhere once the original is deleted', () => {
    const claim = sentences(ARTICLE)[12];
    const t = targetOf(ARTICLE, claim);
    let text = replace(ARTICLE, claim, '');
    const other = sentences(ARTICLE)[40];
    text = replace(text, other, other + ' ' + claim);
    const [o] = reanchor([t], text);
    assert.strictEqual(o.anchor, 'orphan');
    assert.match(o.reason!, /quote found 1 time, but the surrounding text matches none/);
  });

  it('prefers the original to a copy pasted elsewhere when both are there', () => {
    const claim = sentences(ARTICLE)[12];
    const t = targetOf(ARTICLE, claim);
    const other = sentences(ARTICLE)[3];
    const text = replace(ARTICLE, other, other + ' ' + claim);
    const [o] = reanchor([t], text);
    assert.strictEqual(o.anchor, 'shifted');
    assert.deepStrictEqual([o.start, o.end], at(text, claim, 1));
  });

  it('never guesses among many occurrences of a short quote whose context is gone', () => {
    const count = ARTICLE.split('China').length - 1;
    assert.ok(count > 40);
    const t = targetOf(ARTICLE, 'China', 17);
    const u = ARTICLE.indexOf(t.before + 'China' + t.after);
    // Rewrite both sides of this occurrence.
    const text = ARTICLE.slice(0, u) + 'Completely rewritten words before China and new words after it, too.' + ARTICLE.slice(u + t.before.length + 5 + t.after.length);
    const [o] = reanchor([t], text);
    assert.strictEqual(o.anchor, 'orphan');
    assert.match(o.reason!, new RegExp(`quote found ${count} times, but the surrounding text matches none`));
  });

  it('calls equally good places ambiguous', () => {
    // The same sentence with the same context, twice, far from where it was.
    const para = 'Officials in China said the talks went well. China was pleased. ';
    const filler = ARTICLE.slice(0, 3000);
    const text0 = filler + para + filler;
    const t = targetOf(text0, 'China was pleased');
    const [o] = reanchor([t], 'New start. ' + filler + filler + para + filler + para);
    assert.strictEqual(o.anchor, 'orphan');
    assert.match(o.reason!, /^ambiguous: /);
  });

  it('orphans everything in an empty article', () => {
    const t = targetOf(ARTICLE, 'Putin');
    assert.deepStrictEqual(reanchor([t], ''), [{ start: t.start, end: t.end, anchor: 'orphan', reason: 'article is empty' }]);
  });
});

describe('reanchor: repeated names, copies and moves', () => {
  it('keeps each of many repeated names on its own occurrence through edits', () => {
    const index = new CodePointIndex(ARTICLE);
    const targets: AnchorTarget[] = [];
    for (let u = ARTICLE.indexOf('Russia'); u >= 0; u = ARTICLE.indexOf('Russia', u + 1)) {
      targets.push(target(index, index.toCodePoint(u), index.toCodePoint(u) + 6));
    }
    // Edits between many of them.
    let text = ARTICLE;
    for (const s of sentences(ARTICLE).filter((_, k) => k % 9 === 0)) text = replace(text, s, s + ' An added remark, with words.');
    const out = reanchor(targets, text);
    const expected: number[] = [];
    const after = new CodePointIndex(text);
    for (let u = text.indexOf('Russia'); u >= 0; u = text.indexOf('Russia', u + 1)) expected.push(after.toCodePoint(u));
    assert.deepStrictEqual(out.map(o => o.start), expected);
  });

  it('prefers the nearer of two identical paragraphs (a duplicated paragraph)', () => {
    const paras = ARTICLE.split('\n').filter(p => p.length > 300);
    const para = paras[3];
    const t = targetOf(ARTICLE, para.slice(100, 180));
    const text = replace(ARTICLE, para, para + '\n' + para);
    const [o] = reanchor([t], text);
    assert.deepStrictEqual([o.start, o.end, o.anchor], [t.start, t.end, 'exact']);
  });

  it('follows a paragraph moved far away, with its annotations', () => {
    const paras = ARTICLE.split('\n');
    const k = paras.findIndex(p => p.length > 400 && p.includes('China'));
    const para = paras[k];
    const targets = [targetOf(ARTICLE, para.slice(20, 120)), targetOf(ARTICLE, para.slice(200, 300)), targetOf(ARTICLE, para.slice(320, 380))];
    const moved = [...paras.slice(0, k), ...paras.slice(k + 1), para];
    const text = moved.join('\n');
    const out = reanchor(targets, text);
    out.forEach((o, j) => {
      assert.strictEqual(o.anchor, 'shifted', o.reason);
      assert.deepStrictEqual([o.start, o.end], at(text, targets[j].text));
    });
  });
});

describe('reanchor: moved and edited passages', () => {
  const paras = ARTICLE.split('\n');
  const k = paras.findIndex((p, j) => j > paras.length / 2 && p.length > 400);
  const para = paras[k];
  const inside = [para.slice(20, 120), para.slice(200, 300), para.slice(320, 380)];

  it('follows a paragraph moved backwards, with an annotation edited inside it', () => {
    const targets = [...inside.map(q => targetOf(ARTICLE, q)), targetOf(ARTICLE, 'Beijing', 2)];
    const edited = para.replace(inside[1], inside[1].replace(' ', ' truly '));
    const moved = [paras[0], edited, ...paras.slice(1, k), ...paras.slice(k + 1)].join('\n');
    const out = reanchor(targets, moved);
    assert.deepStrictEqual([out[0].anchor, out[1].anchor, out[2].anchor], ['shifted', 'fuzzy', 'shifted']);
    assert.deepStrictEqual([out[0].start, out[0].end], at(moved, inside[0]));
    assert.deepStrictEqual([out[1].start, out[1].end], at(moved, inside[1].replace(' ', ' truly ')));
    assert.deepStrictEqual([out[2].start, out[2].end], at(moved, inside[2]));
    assert.strictEqual(moved.slice(out[3].start, out[3].end), 'Beijing');
  });

  it('does not follow a lone passage copied far away when its original is deleted', () => {
    const later = paras[k + 2].slice(0, 50);
    const targets = [...inside, later].map(q => targetOf(ARTICLE, q));
    // The middle quote disappears from its paragraph and reappears, alone, at the end.
    const text = replace(ARTICLE, inside[1], '') + '\n' + inside[1];
    const out = reanchor(targets, text);
    assert.strictEqual(out[1].anchor, 'orphan');
    assert.deepStrictEqual([out[0].anchor, out[2].anchor, out[3].anchor], ['exact', 'shifted', 'shifted']);
  });
});

describe('reanchor: code points, CRLF and text edges', () => {
  it('counts offsets in code points after emoji and CRLF before the spans', () => {
    const targets = [targetOf(ARTICLE, 'Xi Jinping'), targetOf(ARTICLE, sentences(ARTICLE)[6])];
    const raw = '🌍🇨🇳 Headline 😀\r\nSecond line\r\n' + ARTICLE.replace(/\n/g, '\r\n');
    const out = reanchor(targets, raw);
    const index = new CodePointIndex(normalizeNewlines(raw));
    out.forEach((o, k) => {
      assert.strictEqual(o.anchor, 'shifted');
      assert.strictEqual(index.slice(o.start, o.end), targets[k].text);
    });
    // 1 + 2 (two regional indicators) + 10 + 1 + 1 (the CRLF) + 11 + 1 code points came in front.
    assert.strictEqual(out[0].start, targets[0].start + 27);
  });

  it('finds quotes containing astral characters and fuzzy matches next to them', () => {
    const text0 = 'Intro 😀 text. The minister 🇷🇺 said Moscow would respond firmly to any sanctions imposed. End 🙂.';
    const t = targetOf(text0, 'said Moscow would respond firmly to any sanctions imposed');
    const e = targetOf(text0, '🇷🇺');
    const text1 = '🌍 ' + text0.replace('firmly', 'very firmly');
    const [o, oe] = reanchor([t, e], text1);
    const index = new CodePointIndex(text1);
    assert.strictEqual(o.anchor, 'fuzzy');
    assert.strictEqual(index.slice(o.start, o.end), 'said Moscow would respond very firmly to any sanctions imposed');
    assert.deepStrictEqual([oe.anchor, index.slice(oe.start, oe.end)], ['shifted', '🇷🇺']);
  });

  it('handles spans at the very start and end of the text', () => {
    const first = targetOf(ARTICLE, ARTICLE.slice(0, 40));
    const lastText = ARTICLE.trimEnd().slice(-40);
    const last = targetOf(ARTICLE, lastText);
    const whole = target(new CodePointIndex(ARTICLE), 0, [...ARTICLE].length);
    assert.deepStrictEqual(reanchor([first, last, whole], ARTICLE).map(o => o.anchor), ['exact', 'exact', 'exact']);
    const text = 'Prefix. ' + ARTICLE + ' Suffix.';
    const out = reanchor([first, last], text);
    assert.deepStrictEqual(out.map(o => [o.anchor, o.start]), [['shifted', 8], ['shifted', last.start + 8]]);
  });

  it('does not mistake a short quote at the text start for another occurrence', () => {
    const text0 = 'China and Russia. Later, China again.';
    const t = targetOf(text0, 'China');
    assert.strictEqual(t.before, '');
    const [o] = reanchor([t], 'Today China and Russia. Later, China again.');
    assert.deepStrictEqual([o.anchor, o.start], ['shifted', 6]);
  });

  it('places a selector stored without context only where it was', () => {
    const [start, end] = at(ARTICLE, 'Beijing', 3);
    const bare: AnchorTarget = { start, end, text: 'Beijing', before: '', after: '' };
    assert.deepStrictEqual(reanchor([bare], ARTICLE)[0].anchor, 'exact');
    assert.strictEqual(reanchor([bare], 'Shifted. ' + ARTICLE)[0].anchor, 'orphan');
  });
});

// ---- randomised: many edits on real text, every outcome checked against the truth ----------

interface Truth { s: number; e: number; lost: boolean }

function rng(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), a | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

describe('reanchor: randomised edits on the sample articles', () => {
  it('never attaches an annotation to a wrong place, and finds nearly all that remain', () => {
    const base = samples.join('\n\n');
    const words = base.match(/[a-z]{4,}/g)!;
    let intact = 0, intactFound = 0, wrong = 0;
    const problems: string[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const r = rng(seed);
      let text = base;
      // 60 annotations: names and sentences.
      const truth: Truth[] = [];
      const names = [...base.matchAll(/\b(?:China|Russia|Beijing|Moscow|Putin|Xi Jinping|Ukraine)\b/g)];
      const sents = sentences(base);
      while (truth.length < 60) {
        let s: number, e: number;
        if (truth.length % 2 === 0) { const m = names[Math.floor(r() * names.length)]; s = m.index!; e = s + m[0].length; } else {
          const sentence = sents[Math.floor(r() * sents.length)];
          s = base.indexOf(sentence); e = s + sentence.length;
        }
        if (!truth.some(t => t.s === s && t.e === e)) truth.push({ s, e, lost: false });
      }
      const index0 = new CodePointIndex(base);
      const targets = truth.map(t => target(index0, index0.toCodePoint(t.s), index0.toCodePoint(t.e)));
      const edit = (a: number, b: number, ins: string) => {
        text = text.slice(0, a) + ins + text.slice(b);
        const d = ins.length - (b - a);
        for (const x of truth) {
          if (b <= x.s) { x.s += d; x.e += d; continue; }
          if (a >= x.e || x.lost) continue;
          const ns = a < x.s ? a + ins.length : x.s, ne = b > x.e ? a : x.e + d;
          if (ne <= ns) { x.lost = true; x.s = x.e = ns; } else { x.s = ns; x.e = ne; }
        }
      };
      for (let k = 0; k < 12; k++) {
        const kind = Math.floor(r() * 6);
        const p = Math.floor(r() * text.length);
        if (kind === 0) edit(p, p, ' ' + words[Math.floor(r() * words.length)]);
        else if (kind === 1) edit(p, Math.min(text.length, p + 1 + Math.floor(r() * 40)), '');
        else if (kind === 2) edit(p, Math.min(text.length, p + 200 + Math.floor(r() * 1500)), '');
        else if (kind === 3) edit(p, p, '🌍 ' + words[Math.floor(r() * words.length)] + '\n');
        else if (kind === 4) { const t = truth[Math.floor(r() * truth.length)]; if (!t.lost) edit(t.s, t.e, ''); }
        else {
          // Paste a copy of an annotated sentence elsewhere.
          const t = truth[2 * Math.floor(r() * 30) + 1];
          if (!t.lost) { const copy = text.slice(t.s, t.e); const q = text.indexOf('. ', p); if (q > 0) edit(q + 1, q + 1, ' ' + copy); }
        }
      }
      const out: AnchorOutcome[] = reanchor(targets, text);
      const index = new CodePointIndex(text);
      truth.forEach((t, k) => {
        const o = out[k];
        const ts = index.toCodePoint(t.s), te = index.toCodePoint(t.e);
        const isIntact = !t.lost && index.slice(ts, te) === targets[k].text;
        if (isIntact) intact++;
        if (o.anchor === 'orphan') return;
        const ok = t.lost ? false : isIntact ? o.start === ts && o.end === te
          : Math.min(te, o.end) - Math.max(ts, o.start) >= 0.5 * (Math.max(te, o.end) - Math.min(ts, o.start));
        if (!ok) { wrong++; problems.push(`seed ${seed}: "${targets[k].text.slice(0, 40)}" truth ${t.lost ? 'lost' : `${ts}-${te}`} got ${o.anchor} ${o.start}-${o.end}`); }
        else if (isIntact) intactFound++;
      });
    }
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(wrong, 0);
    assert.ok(intactFound / intact >= 0.97, `found ${intactFound} of ${intact} intact annotations`);
  });
});
