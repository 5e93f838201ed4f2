// Suggestions recomputed after edits reuse what the previous run found for the pieces (lines,
// paragraphs) an edit did not touch. Property tests: after any sequence of edits (and annotations
// coming and going), the pieces are the ones a fresh split finds, a kept value belongs to a piece
// with the same text, and every suggestion equals what a computation from scratch gives (with new
// caches, and without any).
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadCodebook } from '../../src/core/codebook';
import { Mention } from '../../src/core/model';
import { articleSuggestions, Gazetteer, newSuggestionCaches } from '../../src/core/suggest';
import { changeBetween, chunksOf, PieceCache } from '../../src/core/suggest/chunkCache';
import { CodePointIndex } from '../../src/core/text';

const SAMPLES = join(__dirname, '../../samples');
const RUNS = Number(process.env.CLAIMLENS_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.CLAIMLENS_FUZZ_SEED ?? 20261207);

/** What edits insert: line and paragraph breaks (also with spaces), names, cues, quotation marks, an astral character. */
const TOKENS = ['\n', '\n\n', ' \n\t\n', '\n \n\n', ' ', 'x', '. ', 'He said that ', 'Beijing', 'Xi Jinping', 'Moscow',
  ' Zorbak Quillfeather ', '“It is over, they insist,” ', '"', 'according to Russia, ', 'The document underlined ', '😀', 'U.S.'];

interface Edit { at: number; cut: number; insert: string }
const edit = fc.record({
  at: fc.nat(),
  cut: fc.oneof(fc.constant(0), fc.nat(60)),
  insert: fc.array(fc.constantFrom(...TOKENS), { maxLength: 4 }).map(t => t.join('')),
});
/** An edit at a place in the text (taken modulo its length), never splitting a surrogate pair. */
function apply(text: string, e: Edit): string {
  let at = text.length ? e.at % (text.length + 1) : 0, end = Math.min(text.length, at + e.cut);
  const low = (i: number) => /[\udc00-\udfff]/.test(text[i] ?? '');
  if (low(at)) at--;
  if (low(end)) end++;
  return text.slice(0, at) + e.insert + text.slice(end);
}

describe('suggestions: pieces kept across edits', () => {
  const base = readFileSync(join(SAMPLES, '000_30b9ca53c861b234.txt'), 'utf8').replace(/\r\n/g, '\n').slice(0, 2500);

  it('finds where two texts differ: equal before the start and after the ends', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 700 }), fc.array(edit, { maxLength: 3 }), (a, edits) => {
      const b = edits.reduce(apply, a);
      const change = changeBetween(a, b);
      if (a === b) return assert.equal(change, undefined);
      assert.ok(change);
      assert.equal(a.slice(0, change.start), b.slice(0, change.start));
      assert.equal(a.slice(change.oldEnd), b.slice(change.newEnd));
      assert.ok(change.start <= change.oldEnd && change.start <= change.newEnd);
    }), { numRuns: RUNS * 5, seed: SEED });
  });

  for (const blankLines of [false, true]) {
    it(`splits ${blankLines ? 'paragraphs' : 'lines'} as a fresh split does, each kept value with its piece's text`, () => {
      fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), edits => {
        const cache = new PieceCache<string>(blankLines);
        let text = base;
        for (const e of [undefined, ...edits]) {
          if (e) text = apply(text, e);
          const pieces = cache.pieces(text);
          assert.deepEqual(pieces.map(p => ({ start: p.start, end: p.end })), chunksOf(text, blankLines));
          for (const p of pieces) {
            if (p.value !== undefined) assert.equal(p.value, text.slice(p.start, p.end));
            p.value = text.slice(p.start, p.end);
          }
        }
      }), { numRuns: RUNS * 3, seed: SEED + 1 });
    });
  }
});

describe('suggestions: recomputed after random edits', () => {
  const codebook = loadCodebook(readFileSync(join(SAMPLES, 'claimlens.codebook.yaml'), 'utf8')).codebook!;
  const gazetteer = Gazetteer.fromCodebook(codebook);
  const ids = codebook.entities.map(e => e.id);
  const base = readFileSync(join(SAMPLES, '003_783d3b7188b5998a.txt'), 'utf8').replace(/\r\n/g, '\n').slice(0, 5000);
  /** Annotated mentions at places picked by fractions of the text (the sidecar changes between runs too). */
  const annotation = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 20 }), entity: fc.constantFrom(...ids) });

  it('mentions, claims and new actors equal a computation from scratch, edit after edit', () => {
    fc.assert(fc.property(fc.array(fc.tuple(edit, fc.array(annotation, { maxLength: 3 })), { minLength: 1, maxLength: 8 }), steps => {
      const caches = newSuggestionCaches();
      let text = base;
      for (const [e, annotations] of steps) {
        text = apply(text, e);
        const index = new CodePointIndex(text);
        const mentions = annotations.map((a, i) => {
          const start = Math.floor(a.at * index.length), end = Math.min(index.length, start + a.length);
          return { id: `m${i}`, start, end, entity: a.entity, text: index.slice(start, end), anchor: 'exact' } as Mention;
        }).sort((a, b) => a.start - b.start);
        const sidecar = { mentions, claims: [], rejections: [] };
        const kept = articleSuggestions(gazetteer, index, sidecar, codebook, caches);
        assert.deepEqual(kept, articleSuggestions(gazetteer, index, sidecar, codebook, newSuggestionCaches()));
        assert.deepEqual(kept, articleSuggestions(gazetteer, index, sidecar, codebook));
      }
    }), { numRuns: RUNS, seed: SEED + 2 });
  });
});
