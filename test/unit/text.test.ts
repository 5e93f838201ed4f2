import { strict as assert } from 'assert';
import { applyUtf16, articleLinesOf, CodePointIndex, CONTEXT_LENGTH, editLineStarts, hashText, lineCharacterAt, lineColumnAt, lineStartsOf, normalizeNewlines, Utf16Edit } from '../../src/core/text';
import { mulberry32 } from '../support/random';

describe('text: CRLF normalisation', () => {
  it('turns CRLF and lone CR into LF and leaves LF alone', () => {
    assert.equal(normalizeNewlines('a\r\nb\rc\nd'), 'a\nb\nc\nd');
    assert.equal(normalizeNewlines('\r\n\r\n'), '\n\n');
    assert.equal(normalizeNewlines('\r\r\n'), '\n\n');
  });

  it('returns the same string when there is no CR', () => {
    const s = 'no carriage return here\n';
    assert.equal(normalizeNewlines(s), s);
  });

  it('gives the same offsets for the CRLF and LF versions of an article', () => {
    const lf = 'Xi said:\n“We will.”\nPutin agreed.';
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = new CodePointIndex(normalizeNewlines(crlf)), b = new CodePointIndex(lf);
    assert.equal(a.length, b.length);
    assert.deepEqual(a.quote(9, 19), b.quote(9, 19));
  });
});

describe('text: CodePointIndex', () => {
  it('is the identity for text without astral characters', () => {
    const ix = new CodePointIndex('plain “quoted” text — ok');
    assert.equal(ix.length, 'plain “quoted” text — ok'.length);
    for (let i = 0; i <= ix.length; i++) { assert.equal(ix.toUtf16(i), i); assert.equal(ix.toCodePoint(i), i); }
  });

  it('counts an astral character as one code point', () => {
    const text = 'a😀b🇨🇳c';
    const ix = new CodePointIndex(text);
    assert.equal(ix.length, [...text].length); // 6: a, 😀, b, two regional indicators, c
    assert.equal(ix.length, 6);
    assert.equal(ix.slice(1, 2), '😀');
    assert.equal(ix.slice(2, 3), 'b');
    assert.equal(ix.slice(3, 5), '🇨🇳');
    assert.equal(ix.slice(5, 6), 'c');
  });

  it('converts every boundary both ways, agreeing with Array.from', () => {
    const text = '😀x😀😀 y\n𝔘𝔫𝔦𝔠𝔬𝔡𝔢 “q” 👩‍👩‍👧 end😀';
    const ix = new CodePointIndex(text);
    const cps = Array.from(text);
    assert.equal(ix.length, cps.length);
    let u = 0;
    for (let cp = 0; cp <= cps.length; cp++) {
      assert.equal(ix.toUtf16(cp), u, `toUtf16(${cp})`);
      assert.equal(ix.toCodePoint(u), cp, `toCodePoint(${u})`);
      assert.equal(ix.slice(cp, cp + 1), cps[cp] ?? '');
      if (cp < cps.length) u += cps[cp].length;
    }
  });

  it('rounds a UTF-16 index inside a surrogate pair down to the start of its character', () => {
    const ix = new CodePointIndex('a😀b');
    // UTF-16: a=0, high=1, low=2, b=3, end=4; code points: a=0, 😀=1, b=2, end=3
    assert.deepEqual([0, 1, 2, 3, 4].map(u => ix.toCodePoint(u)), [0, 1, 1, 2, 3]);
    const two = new CodePointIndex('😀😀');
    assert.deepEqual([0, 1, 2, 3, 4].map(u => two.toCodePoint(u)), [0, 0, 1, 1, 2]);
  });

  it('clamps out-of-range offsets', () => {
    const ix = new CodePointIndex('ab😀');
    assert.equal(ix.toUtf16(-5), 0);
    assert.equal(ix.toUtf16(99), 4);
    assert.equal(ix.toCodePoint(-1), 0);
    assert.equal(ix.toCodePoint(99), 3);
    assert.equal(ix.slice(2, 99), '😀');
  });

  it('treats a lone surrogate as one code point', () => {
    const text = 'a\ud83db\ude00c';
    const ix = new CodePointIndex(text);
    assert.equal(ix.length, 5);
    assert.equal(ix.slice(1, 2), '\ud83d');
  });

  it('builds the quote selector from CONTEXT_LENGTH code points either side', () => {
    const left = '😀'.repeat(40), right = '🇨'.repeat(40);
    const ix = new CodePointIndex(left + 'Xi' + right);
    const q = ix.quote(40, 42);
    assert.equal(q.text, 'Xi');
    assert.equal(q.before, '😀'.repeat(CONTEXT_LENGTH));
    assert.equal(q.after, '🇨'.repeat(CONTEXT_LENGTH));
    assert.deepEqual(ix.quote(0, 1), { text: '😀', before: '', after: '😀'.repeat(32) });
    const end = ix.length;
    assert.deepEqual(ix.quote(end, end), { text: '', before: '🇨'.repeat(32), after: '' });
  });

  it('is fast on a long text with many astral characters', () => {
    const text = 'word 😀 '.repeat(100_000);
    const ix = new CodePointIndex(text);
    const t0 = Date.now();
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += ix.toCodePoint(ix.toUtf16((i * 7919) % ix.length));
    assert.ok(sum > 0);
    assert.ok(Date.now() - t0 < 1000);
  });
});

describe('text: lineColumnAt', () => {
  it('gives 1-based lines and code-point columns', () => {
    const ix = new CodePointIndex('😀a\nb😀c\n');
    assert.deepEqual(lineColumnAt(ix, 0), { line: 1, column: 1 });
    assert.deepEqual(lineColumnAt(ix, 1), { line: 1, column: 2 });
    assert.deepEqual(lineColumnAt(ix, 3), { line: 2, column: 1 });
    assert.deepEqual(lineColumnAt(ix, 5), { line: 2, column: 3 });
    assert.deepEqual(lineColumnAt(ix, 7), { line: 3, column: 1 });
  });
});

describe('text: hashText', () => {
  it('is stable: a fixed value for a fixed text', () => {
    assert.equal(hashText(''), 'sha256:e3b0c44298fc1c14');
    assert.equal(hashText('abc'), 'sha256:ba7816bf8f01cfea');
    assert.equal(hashText('China’s alignment 😀'), hashText('China’s alignment 😀'));
  });

  it('hashes UTF-8 of the normalised text, so CRLF and LF versions agree after normalisation', () => {
    assert.equal(hashText(normalizeNewlines('a\r\nb')), hashText('a\nb'));
    assert.notEqual(hashText('a\r\nb'), hashText('a\nb'));
    assert.match(hashText('x'), /^sha256:[0-9a-f]{16}$/);
  });
});

describe('text: indexes kept up to date by edits instead of rebuilt', () => {
  const pieces = ['a', 'b', '\n', ' ', '😀', 'é', '\n\n', 'xyz', '𝕏'];
  const randomText = (rng: () => number, n: number) => Array.from({ length: n }, () => pieces[Math.floor(rng() * pieces.length)]).join('');
  /** Non-overlapping random edits on whole code points of `text`. */
  function randomEdits(rng: () => number, text: string): Utf16Edit[] {
    const bounds = [0];
    for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) bounds.push(i);
    bounds.push(text.length);
    const picks = [...new Set(Array.from({ length: 2 * (1 + Math.floor(rng() * 3)) }, () => bounds[Math.floor(rng() * bounds.length)]))].sort((a, b) => a - b);
    const edits: Utf16Edit[] = [];
    for (let i = 0; i + 1 < picks.length; i += 2) edits.push({ start: picks[i], end: picks[i + 1], text: randomText(rng, Math.floor(rng() * 4)) });
    return edits.reverse(); // order of the edits does not matter
  }

  it('CodePointIndex.edited equals an index built from the edited text', () => {
    const rng = mulberry32(7);
    for (let round = 0; round < 300; round++) {
      const before = new CodePointIndex(randomText(rng, 30));
      const edits = randomEdits(rng, before.text);
      const after = before.edited(edits);
      const fresh = new CodePointIndex(applyUtf16(before.text, edits));
      assert.equal(after.text, fresh.text);
      assert.equal(after.length, fresh.length);
      for (let cp = 0; cp <= fresh.length; cp++) assert.equal(after.toUtf16(cp), fresh.toUtf16(cp), `round ${round}, offset ${cp}`);
    }
  });

  it('CodePointIndex.edited re-indexes an edit that joins or splits a surrogate pair', () => {
    const index = new CodePointIndex('a😀b');
    const split = index.edited([{ start: 2, end: 3, text: '' }]); // removes the low half
    assert.equal(split.length, new CodePointIndex(split.text).length);
    const joined = new CodePointIndex('a\ud83db').edited([{ start: 2, end: 2, text: '\ude00' }]);
    assert.equal(joined.length, 3);
  });

  it('editLineStarts equals the line starts of the edited text', () => {
    const rng = mulberry32(11);
    for (let round = 0; round < 300; round++) {
      const text = randomText(rng, 30);
      const edits = randomEdits(rng, text);
      assert.deepEqual(editLineStarts(lineStartsOf(text), edits), lineStartsOf(applyUtf16(text, edits)), `round ${round}`);
    }
  });

  it('hashText gives the same hash for the same text, remembered or not', () => {
    const text = 'Xi met Putin.';
    const first = hashText(text);
    assert.equal(hashText(text), first);
    assert.notEqual(hashText(text + ' '), first);
    assert.equal(hashText(text), first);
  });
});

describe('text: article lines, for positions without the text', () => {
  it('gives the line and UTF-16 character of every code-point offset', () => {
    const text = 'ab😀c\n\n𝕏y😀\nlast';
    const index = new CodePointIndex(text);
    const lines = articleLinesOf(index);
    for (let cp = 0; cp <= index.length; cp++) {
      const u = index.toUtf16(cp);
      const before = text.slice(0, u).split('\n');
      assert.deepEqual(lineCharacterAt(lines, cp), { line: before.length - 1, character: before[before.length - 1].length }, `offset ${cp}`);
    }
    assert.equal(articleLinesOf(new CodePointIndex('plain\ntext')).astral, undefined);
  });
});
