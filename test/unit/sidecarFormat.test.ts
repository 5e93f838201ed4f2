// The sidecar format's guarantees: deterministic, diff-minimal canonical output; hand-written files
// keep comments, unknown fields and key order; every string survives every path; the fast reader
// equals the YAML library; bad input gives precise problems and never runs anything.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse as yamlParse } from 'yaml';
import { Claim, compareSpans, Mention, Sidecar } from '../../src/core/model';
import { Problem } from '../../src/core/problems';
import { LoadedSidecar, loadSidecar, parseCanonical, quote, readSidecar, saveSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { normalizeNewlines } from '../../src/core/text';
import { MAX_ALIAS_COUNT, MAX_YAML_BYTES } from '../../src/core/yamlDoc';
import { mulberry32 } from '../support/random';

// ---------------------------------------------------------------- helpers

const SAMPLES = path.join(__dirname, '..', '..', 'samples');
const ARTICLES: string[][] = fs.readdirSync(SAMPLES).filter(f => f.endsWith('.txt')).sort()
  .map(f => Array.from(normalizeNewlines(fs.readFileSync(path.join(SAMPLES, f), 'utf8'))));


/** Fragments that break naive YAML writers. */
const SPECIALS = ['“', '”', '‘', '’', '"', "'", '\u00a0', '\n', '\n\n', '\r\n', '\r', ' ', '  ', '\t', '#', ' #', '# ',
  ': ', ':', '- ', '-', '? ', '{}', '{', '}', '[]', '[', ']', ',', '\\', '\\n', '\\"', '😀', '👩‍👩‍👧', '𝔘', '\u0085',
  '\u2028', '\u2029', '\ufeff', '\u0000', '\u0001', '\u0007', '\b', '\f', '\u001b', '\u007f', '\u009f', '\u00ad',
  '\ufffd', '\ufffe', '&a', '*a', '!foo', '!!js/function', '%YAML', '@', '`', '|', '|-', '>', '>-', '---', '...',
  'true', 'null', '~', 'no', '0x1f', '1e3', '.inf', '.nan', '0o17', '12:30', '2018-04-10', ' - ', '\n- ', '\n  ',
  '\n#', '\n---\n', '<<<<<<< HEAD', '=======', '>>>>>>> x', '<<: *a'];

function pick<T>(r: () => number, xs: readonly T[]): T { return xs[Math.floor(r() * xs.length)]; }

/** A random slice of a sample article, sometimes long, often with special fragments injected. */
function randomText(r: () => number): string {
  const article = pick(r, ARTICLES);
  const roll = r();
  const length = roll < 0.02 ? Math.floor(r() * 2000) : roll < 0.1 ? 0 : Math.floor(r() * r() * 100);
  const start = Math.floor(r() * Math.max(1, article.length - length));
  const cps = article.slice(start, start + length);
  const injections = r() < 0.4 ? 0 : 1 + Math.floor(r() * 4);
  for (let i = 0; i < injections; i++) cps.splice(Math.floor(r() * (cps.length + 1)), 0, pick(r, SPECIALS));
  if (r() < 0.1) cps.unshift(pick(r, [' ', '  ', '\t', '\n', ' \n', '\ufeff']));
  if (r() < 0.1) cps.push(pick(r, [' ', '  ', '\t', '\n', '\n\n', ' \n', '\r\n']));
  return cps.join('');
}

const ENTITY_IDS = ['china', 'russia', 'xi-jinping', 'wang_yi', 'us.state-dept', 'true', 'null', '1st-army', 'a b', 'x: y', '#tag', 'é',
  'sha256:00ff', '2018-04-10', 'Yes', 'NaN', 'e5', '_x', 'a.b.c'];

function randomId(r: () => number, prefix: string, taken: Set<string>): string {
  for (;;) {
    let id = prefix;
    for (let i = 0; i < 7; i++) id += '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 36)];
    if (!taken.has(id)) { taken.add(id); return id; }
  }
}

function mention(m: Partial<Mention> & { id: string }): Mention {
  return { entity: 'china', start: 0, end: 5, text: 'China', before: '', after: '’s alignment', anchor: 'exact', ...m };
}

function claim(c: Partial<Claim> & { id: string }): Claim {
  return { claimant: 'walt', start: 10, end: 20, text: 'a claim', before: 'before ', after: ' after', anchor: 'exact', ...c };
}

/** What a save-then-load gives back: annotations in position order. */
function normalised(s: Sidecar): Sidecar {
  return { ...s, mentions: [...s.mentions].sort(compareSpans), claims: [...s.claims].sort(compareSpans) };
}

function lines(s: string): string[] { return s.split('\n'); }

/** The lines removed from `a` and added in `b`, around the longest common prefix and suffix. */
function lineDiff(a: string, b: string): { removed: string[]; added: string[] } {
  const x = lines(a), y = lines(b);
  let p = 0;
  while (p < x.length && p < y.length && x[p] === y[p]) p++;
  let q = 0;
  while (q < x.length - p && q < y.length - p && x[x.length - 1 - q] === y[y.length - 1 - q]) q++;
  return { removed: x.slice(p, x.length - q), added: y.slice(p, y.length - q) };
}

function load(text: string): LoadedSidecar & { sidecar: Sidecar } {
  const l = loadSidecar(text);
  assert.deepEqual(l.problems, [], 'unexpected problems:\n' + l.problems.map(p => `${p.line}:${p.column} ${p.message}`).join('\n') + '\n' + text);
  assert.ok(l.sidecar);
  return l as LoadedSidecar & { sidecar: Sidecar };
}

function at(problems: Problem[]): string[] {
  return problems.map(p => `${p.line}:${p.column} ${p.severity} ${p.code}`);
}

const SAMPLE: Sidecar = {
  version: 1,
  article: { title: 'China’s alignment with Russia is a fait accompli', source: 'Tehran Times', date: '2018-04-10', hash: 'sha256:0123456789abcdef' },
  mentions: [
    mention({ id: 'm3k9x2ab', entity: 'russia', start: 20, end: 26, text: 'Russia', before: 'China’s alignment with ', after: ' is a fait accompli' }),
    mention({ id: 'm0a1b2c3', entity: 'china', start: 0, end: 5, text: 'China', before: '', after: '’s alignment with Russia is a' }),
    mention({ id: 'm7q7q7q7', entity: 'stephen-walt', start: 530, end: 542, text: 'Stephen Walt', before: 'the term of alliance defined by ', after: ', it is clear', anchor: 'fuzzy', score: 0.8734 }),
  ],
  claims: [
    claim({ id: 'c9z8y7x6', claimant: 'wang-yi', stance: 'support', topic: 'alliance', addressee: 'russia', form: 'reported-speech',
      start: 900, end: 960, text: 'the two countries have established the comprehensive partnership', note: 'paraphrased "strategic" wording' }),
    claim({ id: 'c1b2c3d4', claimant: 'stephen-walt', object: 'united-states', form: 'direct-quote', start: 600, end: 680,
      text: 'the significant external threat', anchor: 'fuzzy', score: 0.91 }),
  ],
};

// ---------------------------------------------------------------- canonical form

describe('sidecar format: canonical form is deterministic and diff-minimal', () => {
  it('saving the same model twice gives byte-identical files', () => {
    const a = serializeSidecar(SAMPLE), b = serializeSidecar(structuredClone(SAMPLE));
    assert.equal(a, b);
    assert.equal(serializeSidecar(load(a).sidecar), a);
    assert.equal(saveSidecar(load(a).sidecar, load(a)), a);
  });

  it('orders annotations by position whatever the input order', () => {
    const r = mulberry32(7);
    const base = serializeSidecar(SAMPLE);
    for (let i = 0; i < 20; i++) {
      const shuffled = { ...SAMPLE, mentions: [...SAMPLE.mentions].sort(() => r() - 0.5), claims: [...SAMPLE.claims].sort(() => r() - 0.5) };
      assert.equal(serializeSidecar(shuffled), base);
    }
    const ids = lines(base).map(l => /id: (\w+)/.exec(l)?.[1]).filter(Boolean);
    assert.deepEqual(ids, ['m0a1b2c3', 'm3k9x2ab', 'm7q7q7q7', 'c1b2c3d4', 'c9z8y7x6']);
  });

  it('breaks position ties by end, then id', () => {
    const s: Sidecar = { version: 1, article: {}, claims: [], mentions: [
      mention({ id: 'mb', start: 5, end: 9 }), mention({ id: 'mz', start: 5, end: 7 }), mention({ id: 'ma', start: 5, end: 9 })] };
    const ids = lines(serializeSidecar(s)).map(l => /id: (\w+)/.exec(l)?.[1]).filter(Boolean);
    assert.deepEqual(ids, ['mz', 'ma', 'mb']);
  });

  it('writes keys in a fixed order, whatever the order of the model objects', () => {
    const reordered: Sidecar = JSON.parse(JSON.stringify(SAMPLE, (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v));
    const text = serializeSidecar(reordered);
    assert.equal(text, serializeSidecar(SAMPLE));
    assert.equal(text, `claimlens: 1
article:
  title: "China’s alignment with Russia is a fait accompli"
  source: "Tehran Times"
  date: 2018-04-10
  hash: sha256:0123456789abcdef
mentions:
  - {id: m0a1b2c3, entity: china, start: 0, end: 5, text: "China", before: "", after: "’s alignment with Russia is a"}
  - {id: m3k9x2ab, entity: russia, start: 20, end: 26, text: "Russia", before: "China’s alignment with ", after: " is a fait accompli"}
  - {id: m7q7q7q7, entity: stephen-walt, start: 530, end: 542, text: "Stephen Walt", before: "the term of alliance defined by ", after: ", it is clear", anchor: fuzzy, score: 0.873}
claims:
  - id: c1b2c3d4
    claimant: stephen-walt
    object: united-states
    form: direct-quote
    start: 600
    end: 680
    text: "the significant external threat"
    before: "before "
    after: " after"
    anchor: fuzzy
    score: 0.91
  - id: c9z8y7x6
    claimant: wang-yi
    stance: support
    topic: alliance
    addressee: russia
    form: reported-speech
    start: 900
    end: 960
    text: "the two countries have established the comprehensive partnership"
    before: "before "
    after: " after"
    note: "paraphrased \\"strategic\\" wording"
`);
  });

  it('writes an empty sidecar as four lines', () => {
    assert.equal(serializeSidecar({ version: 1, article: {}, mentions: [], claims: [] }), 'claimlens: 1\narticle: {}\nmentions: []\nclaims: []\n');
  });

  it('writes only anchor states that need a person (fuzzy, orphan), and score only for fuzzy (rounded to 3 decimals)', () => {
    const s: Sidecar = { version: 1, article: {}, claims: [], mentions: [
      mention({ id: 'ma', anchor: 'exact', score: 0.5 }), mention({ id: 'mb', start: 1, anchor: 'shifted', score: 0.5 }),
      mention({ id: 'mc', start: 2, anchor: 'fuzzy', score: 0.66666 }), mention({ id: 'md', start: 3, anchor: 'orphan' })] };
    const text = serializeSidecar(s);
    assert.doesNotMatch(lines(text)[3], /anchor|score/);
    assert.doesNotMatch(lines(text)[4], /anchor|score/, 'shifted needs no action: no diff line');
    assert.match(lines(text)[5], /anchor: fuzzy, score: 0\.667}$/);
    assert.match(lines(text)[6], /anchor: orphan}$/);
    const back = load(text).sidecar.mentions;
    assert.deepEqual(back.map(m => m.score), [undefined, undefined, 0.667, undefined]);
  });

  it('reads `anchor: shifted` of earlier versions as exact, and formatting drops it', () => {
    const old = serializeSidecar(SAMPLE).replace('after: "’s alignment with Russia is a"}', 'after: "’s alignment with Russia is a", anchor: shifted}');
    const l = load(old);
    assert.deepEqual(l.problems, []);
    assert.equal(l.sidecar.mentions[0].anchor, 'exact');
    assert.ok(l.document, 'not canonical: the fast reader would not give back these bytes');
    assert.equal(saveSidecar(l.sidecar, l), serializeSidecar(SAMPLE));
  });

  it('adding one mention changes only that mention’s line', () => {
    const before = serializeSidecar(SAMPLE);
    const added = mention({ id: 'mnew0001', entity: 'russia', start: 300, end: 306, text: 'Russia', before: 'x', after: 'y' });
    const after = serializeSidecar({ ...SAMPLE, mentions: [...SAMPLE.mentions, added] });
    const d = lineDiff(before, after);
    assert.deepEqual(d.removed, []);
    assert.deepEqual(d.added, ['  - {id: mnew0001, entity: russia, start: 300, end: 306, text: "Russia", before: "x", after: "y"}']);
  });

  it('adding a claim adds only that claim’s lines; deleting a mention removes one line', () => {
    const before = serializeSidecar(SAMPLE);
    const after = serializeSidecar({ ...SAMPLE, claims: [...SAMPLE.claims, claim({ id: 'cnew', start: 700, end: 710 })] });
    const d = lineDiff(before, after);
    assert.deepEqual(d.removed, []);
    assert.equal(d.added.length, 7);
    assert.equal(d.added[0], '  - id: cnew');
    const fewer = serializeSidecar({ ...SAMPLE, mentions: SAMPLE.mentions.filter(m => m.id !== 'm3k9x2ab') });
    const e = lineDiff(before, fewer);
    assert.equal(e.removed.length, 1);
    assert.match(e.removed[0], /m3k9x2ab/);
    assert.deepEqual(e.added, []);
  });

  it('changing a claim’s stance changes exactly one line', () => {
    const before = serializeSidecar(SAMPLE);
    const after = serializeSidecar({ ...SAMPLE, claims: SAMPLE.claims.map(c => (c.id === 'c9z8y7x6' ? { ...c, stance: 'oppose' } : c)) });
    assert.deepEqual(lineDiff(before, after), { removed: ['    stance: support'], added: ['    stance: oppose'] });
  });

  it('re-anchoring one mention changes only its line', () => {
    const before = serializeSidecar(SAMPLE);
    const after = serializeSidecar({ ...SAMPLE, mentions: SAMPLE.mentions.map(m => (m.id === 'm3k9x2ab' ? { ...m, anchor: 'orphan' as const } : m)) });
    const d = lineDiff(before, after);
    assert.equal(d.removed.length, 1);
    assert.equal(d.added.length, 1);
    assert.equal(d.added[0], d.removed[0].replace(/}$/, ', anchor: orphan}'));
  });

  it('quotes all free text and writes identifiers, numbers, dates and hashes plain', () => {
    const text = serializeSidecar({ version: 1, article: { title: 'plain', author: 'A', date: '2018-04-10', hash: 'sha256:00ff' },
      mentions: [mention({ id: 'm1', entity: 'true' }), mention({ id: 'm2', entity: '1st-army', start: 1 }), mention({ id: 'm3', entity: 'a b', start: 2 })], claims: [] });
    assert.match(text, /title: "plain"/);
    assert.match(text, /author: "A"/);
    assert.match(text, /date: 2018-04-10\n/);
    assert.match(text, /hash: sha256:00ff\n/);
    assert.match(text, /entity: "true"/);
    assert.match(text, /entity: "1st-army"/);
    assert.match(text, /entity: "a b"/);
    assert.equal(yamlParse(text).mentions[0].entity, 'true');
  });

  it('escapes what YAML cannot hold raw, keeping one annotation per line', () => {
    const nasty = 'a\nb\r\n\t"\\\u0000\u0085\u2028\u2029\ufeff\ufffe\u007f\u009f😀';
    const q = quote(nasty);
    assert.doesNotMatch(q, /[\n\r\u0085\u2028\u2029\ufeff\u0000]/);
    assert.equal(yamlParse(q), nasty);
    assert.equal(JSON.parse(q), nasty);
  });
});

// ---------------------------------------------------------------- the fast reader

describe('sidecar format: the canonical fast reader', () => {
  it('reads canonical text without the YAML library and returns no document', () => {
    const l = load(serializeSidecar(SAMPLE));
    assert.equal(l.document, undefined);
    assert.deepEqual(l.sidecar, normalised({ ...SAMPLE, mentions: SAMPLE.mentions.map(m => (m.score ? { ...m, score: 0.873 } : m)) }));
  });

  it('locates paths in a canonical file (lazily parsed)', () => {
    const l = load(serializeSidecar(SAMPLE));
    assert.deepEqual(l.locate(['mentions', 1, 'entity']), { line: 9, column: 28 });
    assert.deepEqual(l.locate(['claims', 1, 'stance']), { line: 25, column: 13 });
    assert.deepEqual(l.locate(['article', 'title']), { line: 3, column: 10 });
  });

  it('refuses anything that is not byte-for-byte canonical', () => {
    const text = serializeSidecar(SAMPLE);
    for (const variant of [
      '# comment\n' + text, text.replace('start: 0,', 'start: 0,  '), text.replace('claimlens: 1', 'claimlens:  1'),
      text + '\n', text.slice(0, -1), text.replace('text: "China"', "text: 'China'"), text.replace('entity: china', 'entity: "china"'),
      text.replace('{id: m0a1b2c3, entity: china,', '{entity: china, id: m0a1b2c3,'), text.replace('\n', '\r\n'),
      text.replace('mentions:\n', 'mentions:\n  - {id: mx, entity: x, start: 1, end: 0}\n'),
    ]) assert.equal(parseCanonical(variant), undefined, variant.slice(0, 200));
  });

  it('gives exactly what the YAML library reads, for random sidecars', () => {
    const r = mulberry32(20240601);
    for (let round = 0; round < 400; round++) {
      const s = randomSidecar(r, 1 + Math.floor(r() * 12));
      const text = serializeSidecar(s);
      const fast = parseCanonical(text);
      assert.ok(fast, 'canonical output must take the fast path:\n' + text);
      const slow = readSidecar(yamlParse(text), (p, message) => assert.fail(`${p.join('.')}: ${message}`));
      assert.deepStrictEqual(fast, slow);
    }
  });
});

function randomSidecar(r: () => number, n: number): Sidecar {
  const taken = new Set<string>();
  const opt = <T>(v: T): T | undefined => (r() < 0.5 ? v : undefined);
  const anchor = () => pick(r, ['exact', 'exact', 'fuzzy', 'orphan'] as const);
  const span = () => { const start = Math.floor(r() * 100_000); return { start, end: start + Math.floor(r() * 500) }; };
  const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  const s: Sidecar = { version: 1, article: clean({ title: opt(randomText(r)), source: opt(randomText(r)), author: opt(randomText(r)),
    date: opt(pick(r, ['2018-04-10', '1999-12-31'])), hash: opt('sha256:' + Math.floor(r() * 1e15).toString(16)) }), mentions: [], claims: [] };
  for (let i = 0; i < n; i++) {
    const a = anchor();
    s.mentions.push(clean({ id: randomId(r, 'm', taken), entity: pick(r, ENTITY_IDS), ...span(), text: randomText(r), before: randomText(r),
      after: randomText(r), anchor: a, score: a === 'fuzzy' ? Math.round(r() * 1000) / 1000 : undefined }));
    if (r() < 0.6) {
      const b = anchor();
      s.claims.push(clean({ id: randomId(r, 'c', taken), claimant: pick(r, ENTITY_IDS), stance: opt(pick(r, ['support', 'oppose', 'x y', ''])),
        topic: opt(pick(r, ['alliance', 'sanctions', '2018'])), addressee: opt(pick(r, ENTITY_IDS)), object: opt(pick(r, ENTITY_IDS)),
        form: opt(pick(r, ['direct-quote', 'reported-speech', 'paraphrase', 'inference'] as const)), ...span(),
        text: randomText(r), before: randomText(r), after: randomText(r), anchor: b, score: b === 'fuzzy' ? Math.round(r() * 1000) / 1000 : undefined,
        note: opt(randomText(r)) }));
    }
  }
  return s;
}

// ---------------------------------------------------------------- property test: every string survives every path

/** A hand-written sidecar with the given ids, every value in a different YAML style. */
function handWritten(mentionIds: string[], claimIds: string[]): string {
  const styles = [(s: string) => s, (s: string) => `'${s}'`, (s: string) => `"${s}"`];
  const block = [...styles, (s: string, ind: string) => `|-\n${ind}  ${s}`, (s: string, ind: string) => `>-\n${ind}  ${s}`];
  const out = ['# Reviewed by hand: keep this comment', 'claimlens: 1 # format version', 'article:',
    "  title: 'An old title'", '  source: an old source', '  author: "An Old Author"', '  publisher: Tehran Times # unknown field', 'mentions:'];
  mentionIds.forEach((id, i) => {
    if (i % 2 === 0) {
      const st = styles[i % 3];
      out.push(`  - {id: ${id}, entity: china, start: ${i}, end: ${i + 1}, text: ${st('old text')}, before: ${st('old before')}, after: ${st('old after')}, reviewer: alice}`);
    } else {
      const st = block[i % 5];
      out.push(`  # mention ${i}`, `  - id: ${id}`, '    entity: russia', `    start: ${i}`, `    end: ${i + 2}`, `    text: ${st('old text', '    ')}`,
        `    before: ${st('old before', '    ')}`, `    after: ${st('old after', '    ')}`, '    x-checked: true');
    }
  });
  out.push('claims:');
  claimIds.forEach((id, i) => {
    const st = block[i % 5];
    out.push(`  - id: ${id} # claim ${i}`, '    claimant: walt', '    stance: support', `    start: ${i}`, `    end: ${i + 3}`,
      `    text: ${st('old claim text', '    ')}`, `    before: ${st('old before', '    ')}`, `    after: ${st('old after', '    ')}`,
      `    note: ${st('an old note', '    ')}`, '    confidence: high');
  });
  out.push('x-extra:', '  nested: {a: [1, 2]}', '');
  return out.join('\n');
}

describe('sidecar format: property test — random strings survive every path', function () {
  this.timeout(120_000);

  it('50,000+ random article slices survive serialize → load, the YAML library, and the Document path', () => {
    const r = mulberry32(0xc1a1e);
    let strings = 0, rounds = 0;
    while (strings < 50_000) {
      rounds++;
      const taken = new Set<string>();
      const n = 6;
      const mentions: Mention[] = [], claims: Claim[] = [];
      for (let i = 0; i < n; i++) {
        const start = Math.floor(r() * 5000);
        mentions.push(mention({ id: randomId(r, 'm', taken), start, end: start + 7, text: randomText(r), before: randomText(r), after: randomText(r) }));
        claims.push(claim({ id: randomId(r, 'c', taken), start, end: start + 50, text: randomText(r), before: randomText(r), after: randomText(r), note: randomText(r) }));
      }
      const s: Sidecar = { version: 1, article: { title: randomText(r), source: randomText(r), author: randomText(r) }, mentions, claims };
      strings += 3 + n * 7;
      const expected = normalised(s);

      // 1. canonical text through loadSidecar (the fast path)
      const text = serializeSidecar(s);
      const fast = loadSidecar(text);
      assert.equal(fast.document, undefined, 'canonical output must take the fast path');
      assert.deepStrictEqual(fast.sidecar, expected);

      // 2. canonical text through the YAML library
      const raw = yamlParse(text);
      assert.deepStrictEqual(readSidecar(raw, (p, m) => assert.fail(`${p.join('.')}: ${m}`)), expected);
      assert.equal(raw.mentions[0].text, expected.mentions[0].text);

      // 3. the Document path: update a hand-written file (some annotations exist in it, some are new)
      const previous = load(handWritten(mentions.filter((_, i) => i % 3 !== 2).map(m => m.id), claims.filter((_, i) => i % 3 !== 1).map(c => c.id)));
      assert.ok(previous.document);
      const updated = saveSidecar(s, previous);
      const back = loadSidecar(updated);
      assert.deepEqual(back.problems, [], updated);
      assert.ok(back.document, 'a hand-written file stays hand-written');
      assert.deepStrictEqual(back.sidecar, expected, updated);
      assert.ok(updated.startsWith('# Reviewed by hand: keep this comment\nclaimlens: 1 # format version\n'));
      assert.match(updated, /publisher: Tehran Times # unknown field/);
    }
    assert.ok(strings >= 50_000 && rounds > 0);
  });

  it('keeps lone surrogates and every BMP control character', () => {
    const all = Array.from({ length: 0x100 }, (_, i) => String.fromCharCode(i)).join('') + '\ud800x\udfff\u2028\u2029\ufeff\ufffe\uffff';
    const s: Sidecar = { version: 1, article: { title: all }, mentions: [mention({ id: 'm1', text: all, before: all, after: all })], claims: [claim({ id: 'c1', note: all })] };
    const text = serializeSidecar(s);
    assert.deepStrictEqual(load(text).sidecar, s);
    assert.deepStrictEqual(readSidecar(yamlParse(text), () => assert.fail()), s);
    const previous = load(handWritten(['m1'], ['c1']));
    assert.deepStrictEqual(load(saveSidecar(s, previous)).sidecar, s);
  });
});

// ---------------------------------------------------------------- hand-written files

const HAND_WRITTEN = `# ClaimLens annotations, reviewed by hand
claimlens: 1
article:
  title: 'China’s alignment with Russia' # single-quoted
  date: 2018-04-10
  publisher: Tehran Times # unknown field
mentions:
  # the first actor
  - {id: m1, entity: china, start: 0, end: 5, text: "China", before: "", after: "’s alignment", reviewer: alice}
  - id: m2
    entity: russia
    start: 23
    end: 29
    text: Russia
    before: 'China’s alignment with '
    after: |-
      is a fait accompli
    checked: true

claims:
  - id: c1 # main claim
    claimant: walt
    stance: support
    start: 30
    end: 70
    text: >-
      folded text
    note: |
      multi
      line
    confidence: high
x-extra:
  nested: {a: [1, 2]}
`;

describe('sidecar format: hand-written files (the Document path)', () => {
  it('loads unknown fields, comments and every string style', () => {
    const l = load(HAND_WRITTEN);
    assert.ok(l.document);
    assert.deepStrictEqual(l.sidecar, {
      version: 1, article: { title: 'China’s alignment with Russia', date: '2018-04-10' },
      mentions: [
        { id: 'm1', entity: 'china', start: 0, end: 5, text: 'China', before: '', after: '’s alignment', anchor: 'exact' },
        { id: 'm2', entity: 'russia', start: 23, end: 29, text: 'Russia', before: 'China’s alignment with ', after: 'is a fait accompli', anchor: 'exact' }],
      claims: [{ id: 'c1', claimant: 'walt', stance: 'support', start: 30, end: 70, text: 'folded text', before: '', after: '', anchor: 'exact', note: 'multi\nline\n' }],
    });
  });

  it('saving unchanged gives back the same bytes', () => {
    const l = load(HAND_WRITTEN);
    assert.equal(saveSidecar(l.sidecar, l), HAND_WRITTEN);
  });

  it('normalises only layout: spacing, flow padding, comment spacing, sequence indentation', () => {
    const messy = `claimlens:   1   # version
article: { title: "x" }
mentions:
- { id: m1, entity: china, start: 0, end: 5, text: "China" }
claims: []
`;
    const l = load(messy);
    assert.equal(saveSidecar(l.sidecar, l), `claimlens: 1 # version
article: {title: "x"}
mentions:
  - {id: m1, entity: china, start: 0, end: 5, text: "China"}
claims: []
`);
  });

  it('keeps comments, unknown fields and key order when annotations change', () => {
    const l = load(HAND_WRITTEN);
    const s: Sidecar = { ...l.sidecar,
      mentions: [...l.sidecar.mentions.filter(m => m.id !== 'm1'), mention({ id: 'm9', entity: 'russia', start: 100, end: 106, text: 'Russia', before: 'b', after: 'a' })],
      claims: l.sidecar.claims.map(c => ({ ...c, stance: 'oppose', text: 'new text: with a colon' })) };
    const out = saveSidecar(s, l);
    assert.equal(out, `# ClaimLens annotations, reviewed by hand
claimlens: 1
article:
  title: 'China’s alignment with Russia' # single-quoted
  date: 2018-04-10
  publisher: Tehran Times # unknown field
mentions:
  # the first actor
  - id: m2
    entity: russia
    start: 23
    end: 29
    text: Russia
    before: 'China’s alignment with '
    after: |-
      is a fait accompli
    checked: true
  - {id: m9, entity: russia, start: 100, end: 106, text: Russia, before: b, after: a}

claims:
  - id: c1 # main claim
    claimant: walt
    stance: oppose
    start: 30
    end: 70
    text: "new text: with a colon"
    note: |
      multi
      line
    confidence: high
x-extra:
  nested: {a: [1, 2]}
`);
    assert.deepStrictEqual(load(out).sidecar, normalised(s));
  });

  it('keeps the value of every hand-written string style on save; multi-line flow scalars go on one line', () => {
    const src = `# tricky styles
claimlens: 1
article:
  title: |2-
     starts with a space
    second line
  source: "multi
    line double"
  author: 'it''s
    folded single'
mentions:
  - id: m1
    entity: china
    start: 0
    end: 5
    text: >+
      folded keep

    before: |+
      trailing


    after: plain
      multi line
claims: []
`;
    const l = load(src);
    assert.deepStrictEqual(l.sidecar.article, { title: ' starts with a space\nsecond line', source: 'multi line double', author: "it's folded single" });
    assert.deepStrictEqual([l.sidecar.mentions[0].text, l.sidecar.mentions[0].before, l.sidecar.mentions[0].after], ['folded keep\n\n', 'trailing\n\n\n', 'plain multi line']);
    const out = saveSidecar(l.sidecar, l);
    assert.deepStrictEqual(load(out).sidecar, l.sidecar);
    assert.equal(out, src.replace('"multi\n    line double"', '"multi line double"').replace("'it''s\n    folded single'", "'it''s folded single'")
      .replace('plain\n      multi line', 'plain multi line'));
    const d = lineDiff(out, saveSidecar(l.sidecar, load(out)));
    assert.deepEqual(d, { removed: [], added: [] });
  });

  it('adding one mention adds only that mention’s line', () => {
    const l = load(HAND_WRITTEN);
    const added = mention({ id: 'mnew', entity: 'russia', start: 10, end: 16, text: 'Russia', before: 'x', after: 'y' });
    const out = saveSidecar({ ...l.sidecar, mentions: [...l.sidecar.mentions, added] }, l);
    assert.deepEqual(lineDiff(HAND_WRITTEN, out), { removed: [], added: ['  - {id: mnew, entity: russia, start: 10, end: 16, text: Russia, before: x, after: "y"}'] });
  });

  it('changing a claim’s stance changes exactly one line', () => {
    const l = load(HAND_WRITTEN);
    const out = saveSidecar({ ...l.sidecar, claims: l.sidecar.claims.map(c => ({ ...c, stance: 'oppose' })) }, l);
    assert.deepEqual(lineDiff(HAND_WRITTEN, out), { removed: ['    stance: support'], added: ['    stance: oppose'] });
  });

  it('keeps the existing style of a string when the new text still fits it, and re-quotes when it does not', () => {
    const l = load(HAND_WRITTEN);
    const out = saveSidecar({ ...l.sidecar, article: { ...l.sidecar.article, title: "it's: #1" },
      mentions: l.sidecar.mentions.map(m => (m.id === 'm2' ? { ...m, text: 'Moscow', after: ' starts with a space\nand has two lines' } : m)) }, l);
    const back = load(out).sidecar;
    assert.equal(back.article.title, "it's: #1");
    assert.equal(back.mentions[1].text, 'Moscow');
    assert.equal(back.mentions[1].after, ' starts with a space\nand has two lines');
    assert.match(out, /# single-quoted/);
  });

  it('an empty string for a field a hand-written annotation leaves out stays left out (reads back as the default)', () => {
    // Documented normalisation: for text/before/after the default is "", so nothing changes; an
    // optional field (note, stance, ...) that the file never had is simply not written.
    const l = load(HAND_WRITTEN);
    const out = saveSidecar({ ...l.sidecar, claims: l.sidecar.claims.map(c => ({ ...c, before: '', topic: '' })) }, l);
    assert.equal(out, HAND_WRITTEN);
  });

  it('new annotations in a hand-written file keep their empty strings (a bug fixed in updateFields)', () => {
    const l = load('# hand\nclaimlens: 1\narticle:\n  title: x\nmentions: []\nclaims: []\n');
    const c = claim({ id: 'c1', text: '', before: '', after: '', note: '', stance: '' });
    const out = saveSidecar({ ...l.sidecar, claims: [c] }, l);
    assert.deepStrictEqual(load(out).sidecar.claims, [c]);
  });

  it('keeps both annotations when a hand-written file repeats an id (a bug fixed in syncSeqById)', () => {
    const src = '# two with the same id\nclaimlens: 1\narticle: {}\nmentions:\n  - {id: m1, entity: a, start: 0, end: 1, text: "x"}\n  - {id: m1, entity: b, start: 2, end: 3, text: "y"}\nclaims: []\n';
    const l = load(src);
    assert.equal(saveSidecar(l.sidecar, l), src);
    assert.deepStrictEqual(load(saveSidecar(l.sidecar, l)).sidecar, l.sidecar);
  });

  it('what a hand-written file leaves out stays out, and its lists keep their layout (a bug fixed in updateDocument)', () => {
    const src = '# only mentions\nclaimlens: 1\nmentions: [{id: m1, entity: china, start: 0, end: 5, text: "China"}]\n';
    const l = load(src);
    assert.equal(saveSidecar(l.sidecar, l), src);
    const out = saveSidecar({ ...l.sidecar, article: { hash: 'sha256:00ff' }, claims: [claim({ id: 'c1' })] }, load(src));
    assert.equal(out, src + 'article:\n  hash: sha256:00ff\nclaims:\n  - id: c1\n    claimant: walt\n    start: 10\n    end: 20\n    text: "a claim"\n    before: "before "\n    after: " after"\n');
    const emptied = saveSidecar({ ...l.sidecar, mentions: [] }, load(src));
    assert.equal(emptied, '# only mentions\nclaimlens: 1\nmentions: []\n');
    const refilled = saveSidecar({ ...l.sidecar, mentions: [mention({ id: 'm2' })] }, load(emptied));
    assert.match(refilled, /^mentions:\n  - {id: m2, /m);
  });

  it('a canonical file stays canonical and a new file is canonical', () => {
    const text = serializeSidecar(SAMPLE);
    assert.equal(saveSidecar(SAMPLE, load(text)), text);
    assert.equal(saveSidecar(SAMPLE), text);
  });
});

// ---------------------------------------------------------------- bad input

describe('sidecar format: bad input gives precise problems and runs nothing', () => {
  it('YAML syntax errors', () => {
    assert.deepEqual(at(loadSidecar('claimlens: 1\narticle:\n  title: "x"\n bad: 1\nmentions: []\n').problems), ['4:1 error yaml-bad-indent']);
    assert.deepEqual(at(loadSidecar('claimlens: 1\narticle:\n\ttitle: x\n').problems), ['3:1 error yaml-tab-as-indent']);
    assert.deepEqual(at(loadSidecar('claimlens: 1\narticle: {}\nmentions: []\nmentions: []\n').problems), ['4:1 error yaml-duplicate-key']);
    assert.deepEqual(at(loadSidecar('claimlens: 1\narticle: {title: x: y}\n').problems).slice(0, 1), ['2:18 error yaml-block-in-flow']);
    assert.deepEqual(at(loadSidecar('claimlens: 1\narticle: {}\n---\nclaimlens: 1\n').problems), ['3:1 error yaml-multiple-docs']);
    // An unterminated quote is found where the file ends (the YAML library's position).
    assert.deepEqual(at(loadSidecar('claimlens: 1\narticle: {}\nmentions:\n  - {id: m1, entity: china, start: 0, end: 5, text: "China}\nclaims: []\n').problems)[0], '6:1 error yaml-missing-char');
    assert.equal(loadSidecar('claimlens: 1\narticle:\n\ttitle: x\n').sidecar, undefined);
  });

  it('git conflict markers', () => {
    const text = serializeSidecar(SAMPLE).replace('mentions:\n', 'mentions:\n<<<<<<< HEAD\n').replace('claims:\n', '=======\n>>>>>>> feature\nclaims:\n');
    const l = loadSidecar(text);
    assert.deepEqual(at(l.problems), ['8:1 error merge-conflict']);
    assert.equal(l.sidecar, undefined);
    assert.deepEqual(at(loadSidecar('claimlens: 1\narticle: {}\nmentions: []\nclaims: []\n=======\n').problems), ['5:1 error merge-conflict']);
    assert.deepEqual(at(loadSidecar('claimlens: 1\narticle: {}\nmentions: []\nclaims: []\n>>>>>>> 1a2b3c4\n').problems), ['5:1 error merge-conflict']);
  });

  it('wrong types, missing fields, bad ranges and versions', () => {
    const l = loadSidecar(`claimlens: 1
article:
  title: 5
mentions:
  - id: m1
    entity: china
    start: "0"
    end: 5
  - {id: m2, entity: x, start: 9, end: 3}
  - {id: m3, entity: x, start: 1, end: 3, anchor: lost, score: 2}
  - just a string
  - {id: m4, start: 0}
  - {id: "", entity: x, start: -1, end: 1.5}
claims: {}
`);
    assert.deepEqual(l.problems.map(p => `${p.line}:${p.column} ${p.code} ${p.message}`), [
      '3:10 type `article.title` must be a string',
      '7:12 type `start` must be a non-negative integer',
      '9:40 range `end` (3) is before `start` (9)',
      '10:51 type `anchor` must be one of exact, shifted, fuzzy, orphan',
      '10:64 type `score` must be a number between 0 and 1',
      '11:5 type an annotation must be a mapping',
      '12:5 missing-field missing `entity`',
      '12:5 missing-field missing `end`',
      '13:10 type `id` must be a non-empty string',
      '13:32 type `start` must be a non-negative integer',
      '13:41 type `end` must be a non-negative integer',
      '14:9 type `claims` must be a list',
    ]);
    // Valid annotations are still loaded, so the editor can show them next to the problems.
    assert.deepEqual(l.sidecar?.mentions.map(m => m.id), ['m3']);
    assert.deepEqual(at(loadSidecar('claimlens: 2\narticle: {}\nmentions: []\nclaims: []\n').problems), ['1:12 error version']);
    assert.deepEqual(at(loadSidecar('article: {}\n').problems), ['1:1 error missing-version']);
    assert.deepEqual(at(loadSidecar('').problems), ['1:1 error shape']);
    assert.deepEqual(at(loadSidecar('- a list\n').problems), ['1:1 error shape']);
    assert.deepEqual(at(loadSidecar('claimlens: 1\narticle:\n  date: 10 April 2018\n').problems), ['3:9 warning date']);
    assert.deepEqual(at(loadSidecar('claimlens: 1\nclaims:\n  - id: c1\n    claimant: walt\n    start: 0\n    end: 1\n    form: rumour\n').problems), ['7:11 error type']);
  });

  it('an alias bomb (billion laughs) is refused without expanding', () => {
    let bomb = 'claimlens: 1\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 9; i++) bomb += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]\n`;
    bomb += 'article: {}\nmentions: []\nclaims: []\n';
    const t0 = Date.now();
    const l = loadSidecar(bomb);
    assert.deepEqual(at(l.problems), ['1:1 error too-many-aliases']);
    assert.match(l.problems[0].message, new RegExp(`limit ${MAX_ALIAS_COUNT}`));
    assert.equal(l.sidecar, undefined);
    assert.ok(Date.now() - t0 < 1000);
  });

  it('a small alias bomb under the alias limit is refused too (a bug fixed in parseYaml: it threw)', () => {
    let bomb = 'claimlens: 1\nx0: &a0 [' + Array(10).fill('"lol"').join(',') + ']\n';
    for (let i = 1; i <= 4; i++) bomb += `x${i}: &a${i} [` + Array(10).fill(`*a${i - 1}`).join(',') + ']\n';
    const l = loadSidecar(bomb + 'article: {}\nmentions: []\nclaims: []\n');
    assert.deepEqual(at(l.problems), ['1:1 error too-many-aliases']);
    assert.equal(l.sidecar, undefined);
  });

  it('a few harmless aliases are allowed', () => {
    const l = load('claimlens: 1\narticle: {}\nmentions:\n  - &m {id: m1, entity: china, start: 0, end: 5, text: "China"}\nclaims: []\nx-copy: *m\n');
    assert.equal(l.sidecar.mentions.length, 1);
  });

  it('input over the size limit is refused before parsing, canonical or not (a bug fixed in loadSidecar)', function () {
    this.timeout(30_000);
    const line = '  - {id: m0000000, entity: china, start: 0, end: 5, text: "China", before: "", after: "’s alignment with Russia"}\n';
    const huge = 'claimlens: 1\narticle: {}\nmentions:\n' + line.repeat(Math.ceil(MAX_YAML_BYTES / line.length) + 1) + 'claims: []\n';
    assert.ok(huge.length > MAX_YAML_BYTES);
    const t0 = Date.now();
    assert.deepEqual(at(loadSidecar(huge).problems), ['1:1 error too-large']);
    assert.deepEqual(at(loadSidecar('# hand-written\n' + huge).problems), ['1:1 error too-large']);
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  });

  it('custom tags are refused at the tag and nothing is executed', () => {
    const g = globalThis as { pwned?: boolean };
    const cases: [string, string][] = [
      ['claimlens: 1\narticle:\n  title: !!js/function "function () { globalThis.pwned = true }"\n', '3:10 error custom-tag'],
      ['claimlens: 1\narticle:\n  title: !foo bar\n', '3:10 error custom-tag'],
      ['claimlens: 1\narticle: !!js/undefined {}\n', '2:10 error custom-tag'],
      ['claimlens: 1\nmentions:\n  - !<tag:example.com,2000:x> {id: m1}\n', '3:5 error custom-tag'],
      ['claimlens: 1\narticle:\n  date: !!timestamp 2018-04-10\n', '3:9 error custom-tag'],
      ['claimlens: 1\narticle:\n  title: !!binary aGVsbG8=\n', '3:10 error custom-tag'],
      ['%YAML 1.1\n---\nclaimlens: 1\narticle:\n  title: !!binary aGVsbG8=\n', '5:10 error custom-tag'],
      ['claimlens: 1\nmentions: !!set\n  ? a\n', '2:11 error custom-tag'],
    ];
    for (const [src, where] of cases) {
      const l = loadSidecar(src);
      assert.deepEqual(at(l.problems), [where], src);
      assert.equal(l.sidecar, undefined);
    }
    assert.equal(g.pwned, undefined);
    // Core-schema tags are fine.
    assert.equal(load('claimlens: !!int 1\narticle:\n  title: !!str 2018\n').sidecar.article.title, '2018');
  });

  it('YAML 1.1 spellings are read with YAML 1.2 (core schema) meanings', () => {
    const l = load('%YAML 1.1\n---\nclaimlens: 1\narticle:\n  title: yes\n');
    assert.equal(l.sidecar.article.title, 'yes');
  });
});
