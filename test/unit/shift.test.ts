import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Span } from '../../src/core/model';
import { applyEdits, refreshQuotes, shiftSpans, TextEdit } from '../../src/core/shift';
import { CodePointIndex, normalizeNewlines } from '../../src/core/text';

function span(start: number, end: number, extra: Partial<Span> = {}): Span {
  return { start, end, text: '', before: '', after: '', anchor: 'exact', ...extra };
}

function shift1(s: Span, edit: TextEdit): Span {
  return shiftSpans([s], [edit]).spans[0];
}

const range = (s: Span) => [s.start, s.end, s.anchor];

describe('shift: one edit', () => {
  it('shifts a span when an insertion, deletion or replacement lies entirely before it', () => {
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 2, end: 2, text: 'abc' })), [13, 23, 'exact']);
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 2, end: 6, text: '' })), [6, 16, 'exact']);
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 2, end: 6, text: 'xy' })), [8, 18, 'exact']);
    // A deletion ending exactly at the span's start is still before it.
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 5, end: 10, text: '' })), [5, 15, 'exact']);
  });

  it('leaves a span alone (same object) when the edit is entirely after it', () => {
    const s = span(10, 20);
    assert.strictEqual(shift1(s, { start: 25, end: 30, text: 'x' }), s);
    assert.strictEqual(shift1(s, { start: 20, end: 24, text: '' }), s, 'a deletion starting at the end');
  });

  it('puts an insertion exactly at the start before the span', () => {
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 10, end: 10, text: 'abc' })), [13, 23, 'exact']);
  });

  it('keeps an insertion exactly at the end outside the span', () => {
    const s = span(10, 20);
    assert.strictEqual(shift1(s, { start: 20, end: 20, text: 'abc' }), s);
  });

  it('resizes a span for an edit inside it', () => {
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 15, end: 15, text: 'abc' })), [10, 23, 'exact']);
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 12, end: 18, text: '' })), [10, 14, 'exact']);
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 12, end: 18, text: 'ab' })), [10, 16, 'exact']);
    // Edits touching the inside of a boundary stay inside.
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 10, end: 13, text: 'WXYZ' })), [10, 21, 'exact']);
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 17, end: 20, text: '' })), [10, 17, 'exact']);
  });

  it('follows a replacement of exactly the span’s text with other text', () => {
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 10, end: 20, text: 'new' })), [10, 13, 'exact']);
  });

  it('clips a span to what is left when an edit overlaps its start', () => {
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 5, end: 14, text: '' })), [5, 11, 'exact']);
    // The replacement text lands before the span, like an insertion at its start.
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 5, end: 14, text: 'abc' })), [8, 14, 'exact']);
  });

  it('clips a span to what is left when an edit overlaps its end', () => {
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 16, end: 25, text: '' })), [10, 16, 'exact']);
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 16, end: 25, text: 'abc' })), [10, 16, 'exact']);
  });

  it('turns a span whose text is entirely deleted into an orphan that keeps its quote', () => {
    const s = span(10, 20, { text: 'the claim.', before: 'b', after: 'a', anchor: 'fuzzy', score: 0.9 });
    for (const edit of [{ start: 10, end: 20, text: '' }, { start: 5, end: 25, text: '' }, { start: 5, end: 25, text: 'replacement' },
      { start: 10, end: 22, text: 'xyz' }, { start: 8, end: 20, text: 'xyz' }]) {
      const r = shift1(s, edit);
      assert.strictEqual(r.anchor, 'orphan', JSON.stringify(edit));
      assert.strictEqual(r.start, r.end);
      assert.ok(r.start >= edit.start && r.start <= edit.start + edit.text.length, 'collapsed where its text was');
      assert.strictEqual(r.text, 'the claim.');
      assert.strictEqual(r.before, 'b');
      assert.strictEqual(r.score, undefined);
    }
    assert.strictEqual(s.anchor, 'fuzzy', 'the input is not mutated');
  });

  it('keeps an existing orphan an orphan and moves it with the text', () => {
    const s = span(10, 10, { anchor: 'orphan', text: 'gone' });
    assert.deepStrictEqual(range(shift1(s, { start: 0, end: 0, text: 'ab' })), [12, 12, 'orphan']);
    assert.deepStrictEqual(range(shift1(s, { start: 10, end: 10, text: 'ab' })), [12, 12, 'orphan']);
    assert.deepStrictEqual(range(shift1(s, { start: 5, end: 15, text: '' })), [5, 5, 'orphan']);
  });

  it('ignores empty edits and rejects malformed or overlapping ones', () => {
    const s = span(10, 20);
    assert.strictEqual(shift1(s, { start: 3, end: 3, text: '' }), s);
    assert.throws(() => shiftSpans([s], [{ start: 5, end: 3, text: '' }]), RangeError);
    assert.throws(() => shiftSpans([s], [{ start: 1, end: 5, text: '' }, { start: 4, end: 8, text: 'x' }]), RangeError);
  });
});

describe('shift: several edits in one event', () => {
  it('applies all edits against the text before the event, in any order', () => {
    const spans = [span(0, 5), span(10, 20), span(30, 40), span(50, 60)];
    const edits: TextEdit[] = [
      { start: 2, end: 2, text: 'ab' }, // inside the first
      { start: 7, end: 9, text: '' }, // between first and second
      { start: 15, end: 15, text: 'xyz' }, // inside the second
      { start: 35, end: 45, text: 'Q' }, // overlaps the end of the third
      { start: 60, end: 60, text: '!!!' }, // at the end of the fourth: outside
    ];
    const expected = [[0, 7, 'exact'], [10, 23, 'exact'], [33, 38, 'exact'], [44, 54, 'exact']];
    assert.deepStrictEqual(shiftSpans(spans, edits).spans.map(range), expected);
    assert.deepStrictEqual(shiftSpans(spans, [...edits].reverse()).spans.map(range), expected, 'descending order, like VS Code');
  });

  it('handles several edits inside one span and edits on both of its boundaries', () => {
    const s = span(10, 30);
    const edits: TextEdit[] = [
      { start: 8, end: 12, text: 'AAAA' }, // overlaps the start
      { start: 15, end: 17, text: '' },
      { start: 20, end: 20, text: 'BB' },
      { start: 28, end: 33, text: 'C' }, // overlaps the end
    ];
    // New text: [0,8) AAAA [12,15) [17,20) BB [20,28) C ...; the span keeps old [12,15) + [17,20) + BB + [20,28).
    assert.deepStrictEqual(range(shiftSpans([s], edits).spans[0]), [12, 28, 'exact']);
  });

  it('orphans only the spans whose text went, and keeps the input order for unsorted spans', () => {
    const spans = [span(50, 60), span(0, 4), span(20, 25), span(21, 24)];
    const r = shiftSpans(spans, [{ start: 19, end: 26, text: '' }, { start: 0, end: 0, text: '12' }]).spans;
    assert.deepStrictEqual(r.map(range), [[45, 55, 'exact'], [2, 6, 'exact'], [21, 21, 'orphan'], [21, 21, 'orphan']]);
  });
});

describe('shift: code points', () => {
  it('counts inserted astral characters as one code point each, and CRLF as one', () => {
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 0, end: 0, text: '😀🇨🇳' })), [13, 23, 'exact']);
    assert.deepStrictEqual(range(shift1(span(10, 20), { start: 0, end: 0, text: 'a\r\nb' })), [13, 23, 'exact']);
  });

  it('keeps quotes right in text with astral characters around the spans', () => {
    const before = new CodePointIndex('😀 China and 🇷🇺 Russia agreed. 🙂');
    const china = { ...before.quote(2, 7), start: 2, end: 7, anchor: 'exact' as const };
    const russia = { ...before.quote(15, 21), start: 15, end: 21, anchor: 'exact' as const };
    assert.strictEqual(china.text, 'China');
    assert.strictEqual(russia.text, 'Russia');
    // Insert an emoji at the very start and replace "and" with "🤝".
    const after = new CodePointIndex('🌍😀 China 🤝 🇷🇺 Russia agreed. 🙂');
    const out = applyEdits([china, russia], [{ start: 0, end: 0, text: '🌍' }, { start: 8, end: 11, text: '🤝' }], after);
    assert.deepStrictEqual(out.map(s => after.slice(s.start, s.end)), ['China', 'Russia']);
    assert.strictEqual(out[0].after, after.quote(out[0].start, out[0].end).after);
    assert.strictEqual(out[1].before, '🌍😀 China 🤝 🇷🇺 ');
  });
});

describe('shift: stale context and quote refresh', () => {
  it('reports spans whose text or context an edit came near', () => {
    const spans = [span(0, 5), span(100, 110), span(200, 210), span(300, 310)];
    const { stale } = shiftSpans(spans, [{ start: 130, end: 130, text: 'x' }, { start: 205, end: 206, text: '' }]);
    assert.deepStrictEqual(stale, [1, 2]);
    assert.deepStrictEqual(shiftSpans(spans, [{ start: 400, end: 400, text: 'x' }]).stale, []);
  });

  it('refreshes text and context from the new text, but not for orphans or fuzzy spans', () => {
    const index = new CodePointIndex('Russia and China signed a statement.');
    const spans: Span[] = [
      span(11, 16, { text: 'Chine', before: 'old', after: 'old' }),
      span(0, 6, { text: 'Moscow', anchor: 'fuzzy', score: 0.8 }),
      span(3, 3, { text: 'gone', anchor: 'orphan' }),
    ];
    const out = refreshQuotes(spans, index);
    assert.deepStrictEqual([out[0].text, out[0].before, out[0].after], ['China', 'Russia and ', ' signed a statement.']);
    assert.strictEqual(out[1], spans[1]);
    assert.strictEqual(out[2], spans[2]);
    assert.strictEqual(refreshQuotes(out, index)[0], out[0], 'unchanged spans stay the same objects');
  });
});

/** Reference: the same rules, one edit at a time from the last to the first. */
function reference(spans: Span[], edits: TextEdit[]): [number, number, string][] {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  return spans.map(s0 => {
    let s = s0.start, e = s0.end, orphan = s0.anchor === 'orphan';
    for (const ed of sorted) {
      const len = [...ed.text].length;
      const d = len - (ed.end - ed.start);
      if (ed.end <= s) { s += d; e += d; continue; }
      if (ed.start >= e) continue;
      const ns = ed.start < s ? ed.start + len : s;
      const ne = ed.end > e ? ed.start : e + d;
      if (ne <= ns) { orphan = true; s = e = Math.min(ns, ne); } else { s = ns; e = ne; }
    }
    return [s, e, orphan ? 'orphan' : 'exact'];
  });
}

describe('shift: against real text', () => {
  const raw = readFileSync(join(__dirname, '..', '..', 'samples', '004_fc6dc60cd7fd8aaa.txt'), 'utf8');
  const text = normalizeNewlines(raw);

  function rng(seed: number) {
    let a = seed;
    return () => { a = (a * 1103515245 + 12345) % 2147483648; return a / 2147483648; };
  }

  it('matches one-edit-at-a-time application and keeps untouched quotes intact', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const index = new CodePointIndex(text);
      const spans: Span[] = [];
      for (let m = index.text.indexOf('China'); m >= 0; m = index.text.indexOf('China', m + 1)) {
        const start = index.toCodePoint(m);
        spans.push({ start, end: start + 5, anchor: 'exact', ...index.quote(start, start + 5) });
      }
      // A few sentence-sized spans too.
      for (let k = 0; k < 20; k++) {
        const start = Math.floor(r() * (index.length - 300));
        const end = start + 20 + Math.floor(r() * 200);
        spans.push({ start, end, anchor: 'exact', ...index.quote(start, end) });
      }
      // One event of 1-4 disjoint edits.
      const edits: TextEdit[] = [];
      let pos = 0;
      const count = 1 + Math.floor(r() * 4);
      for (let k = 0; k < count; k++) {
        const start = pos + Math.floor(r() * (index.length - pos) / (count - k));
        const end = Math.min(index.length, start + (r() < 0.3 ? 0 : Math.floor(r() * (r() < 0.2 ? 400 : 15))));
        edits.push({ start, end, text: r() < 0.3 ? '' : ['x', ' 🌍 ', 'inserted words', 'Ω'][Math.floor(r() * 4)] });
        pos = end + 1;
        if (pos >= index.length) break;
      }
      // Build the new text from the pre-change text, last edit first.
      let newText = index.text;
      for (const ed of [...edits].sort((a, b) => b.start - a.start)) {
        newText = newText.slice(0, index.toUtf16(ed.start)) + ed.text + newText.slice(index.toUtf16(ed.end));
      }
      const after = new CodePointIndex(newText);
      const shifted = shiftSpans(spans, edits);
      assert.deepStrictEqual(shifted.spans.map(range), reference(spans, edits), `seed ${seed}`);
      const refreshed = refreshQuotes(shifted.spans, after, shifted.stale);
      refreshed.forEach((s, k) => {
        if (s.anchor === 'orphan') return;
        assert.strictEqual(after.slice(s.start, s.end), s.text, `seed ${seed} span ${k}: text`);
        assert.deepStrictEqual(after.quote(s.start, s.end), { text: s.text, before: s.before, after: s.after }, `seed ${seed} span ${k}: context`);
        if (s.text === spans[k].text && !shifted.stale.includes(k)) assert.strictEqual(s.before, spans[k].before);
      });
    }
  });

  it('shifts 5,000 spans per keystroke quickly', () => {
    const spans: Span[] = [];
    for (let k = 0; k < 5000; k++) spans.push(span(k * 40, k * 40 + 25));
    const t0 = performance.now();
    for (let key = 0; key < 100; key++) shiftSpans(spans, [{ start: 100_000 + key, end: 100_000 + key, text: 'a' }]);
    const perKeystroke = (performance.now() - t0) / 100;
    assert.ok(perKeystroke < 20, `${perKeystroke.toFixed(2)} ms per keystroke`);
  });
});
