import { strict as assert } from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { reanchorSidecar } from '../../src/core/anchorSidecar';
import { DEFAULT_CODEBOOK } from '../../src/core/codebook';
import { Codebook, Sidecar } from '../../src/core/model';
import { loadSidecar, parseCanonical, saveSidecar, serializeSidecar } from '../../src/core/sidecarFormat';
import { Gazetteer, suggestMentions } from '../../src/core/suggest';
import { CodePointIndex } from '../../src/core/text';
import { AnnotationStore } from '../../src/store/annotationStore';
import { MemoryFileSystem } from '../support/memoryFileSystem';

const TEXT = 'Xi Jinping met Vladimir Putin in Moscow.\nBeijing said the talks were “frank”.\n';
const index = new CodePointIndex(TEXT);
const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });

const WITH_REJECTIONS: Sidecar = {
  version: 1, article: {}, mentions: [], claims: [],
  rejections: [
    { id: 'rb0000000', kind: 'claim', ...at('the talks were “frank”'), ...index.quote(at('the talks were “frank”').start, at('the talks were “frank”').end), anchor: 'exact' },
    { id: 'ra0000000', kind: 'mention', entity: 'russia', ...at('Moscow'), ...index.quote(at('Moscow').start, at('Moscow').end), anchor: 'exact' },
  ],
};

describe('sidecar: rejected suggestions', () => {
  it('are written after the claims, one line each, in position order, and read back', () => {
    const text = serializeSidecar(WITH_REJECTIONS);
    assert.deepEqual(text.split('\n').slice(4), [
      'rejections:',
      '  - {id: ra0000000, entity: russia, start: 33, end: 39, text: "Moscow", before: "i Jinping met Vladimir Putin in ", after: ".\\nBeijing said the talks were “f"}',
      '  - {id: rb0000000, kind: claim, start: 54, end: 76, text: "the talks were “frank”", before: "r Putin in Moscow.\\nBeijing said ", after: ".\\n"}',
      '',
    ]);
    const back = parseCanonical(text);
    assert.ok(back, 'canonical');
    assert.deepEqual(back.rejections, [...WITH_REJECTIONS.rejections!].reverse());
    // The YAML parser reads the same as the fast reader.
    const slow = loadSidecar(text.replace('claimlens: 1', '# hand-written\nclaimlens: 1'));
    assert.ok(slow.document);
    assert.deepEqual(slow.sidecar!.rejections, back.rejections);
  });

  it('leave files without rejections byte for byte as they were', () => {
    const text = serializeSidecar({ ...WITH_REJECTIONS, rejections: [] });
    assert.ok(!text.includes('rejections'));
    const hand = 'claimlens: 1\nmentions: [] # none yet\n';
    const loaded = loadSidecar(hand);
    assert.equal(saveSidecar(loaded.sidecar!, loaded), hand);
  });

  it('are added to a hand-written file without disturbing it', () => {
    const hand = '# notes\nclaimlens: 1\nmentions: []\nclaims: []\n';
    const loaded = loadSidecar(hand);
    const out = saveSidecar({ ...loaded.sidecar!, rejections: WITH_REJECTIONS.rejections }, loaded);
    assert.ok(out.startsWith('# notes\nclaimlens: 1\n'));
    assert.deepEqual(loadSidecar(out).sidecar!.rejections!.map(r => r.id).sort(), ['ra0000000', 'rb0000000']);
  });

  it('report a bad kind or entity at its place', () => {
    const loaded = loadSidecar('claimlens: 1\nrejections:\n  - {id: r1, kind: maybe, start: 0, end: 2}\n  - {id: r2, entity: 3, start: 0, end: 2}\n');
    assert.deepEqual(loaded.problems.map(p => [p.line, p.code]), [[3, 'type'], [4, 'type']]);
  });

  it('validate against the JSON schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'sidecar.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(parse(serializeSidecar(WITH_REJECTIONS))), JSON.stringify(validate.errors));
    assert.ok(!validate(parse('claimlens: 1\nrejections:\n  - {id: r1, kind: maybe, start: 0, end: 2}\n')));
  });

  it('move with the text when the article changed outside the editor, and are never dropped', () => {
    const stale = { ...WITH_REJECTIONS, article: { hash: 'sha256:0000000000000000' } };
    const changed = 'Breaking. ' + TEXT;
    const [moscow, claim] = reanchorSidecar(stale, changed).sidecar.rejections!;
    assert.equal(changed.slice(moscow.start, moscow.end), 'Moscow');
    assert.equal(changed.slice(claim.start, claim.end), 'the talks were “frank”');
    assert.deepEqual([moscow.anchor, claim.anchor], ['shifted', 'shifted']);
    // Moscow is gone (and the claim's context with it): both are kept, as orphans that block nothing.
    const gone = reanchorSidecar(stale, TEXT.replace('in Moscow', 'at home')).sidecar.rejections!;
    assert.deepEqual(gone.map(r => [r.id, r.anchor]), [['ra0000000', 'orphan'], ['rb0000000', 'orphan']]);
  });
});

describe('AnnotationStore: rejections', () => {
  const CODEBOOK: Codebook = { ...DEFAULT_CODEBOOK, entities: [{ id: 'russia', name: 'Russia', type: 'country', aliases: ['Moscow'] }] };

  it('saves a rejection with quote and context, shifts it with typing, and it is never proposed again', async () => {
    const files = new MemoryFileSystem();
    const store = new AnnotationStore(files, () => CODEBOOK, 0);
    await store.open('/ws/a.txt', TEXT);
    const gazetteer = Gazetteer.fromCodebook(CODEBOOK);
    const proposed = () => suggestMentions(gazetteer, store.get('/ws/a.txt')!.text, store.get('/ws/a.txt')!.sidecar);
    assert.deepEqual(proposed().map(s => s.text), ['Moscow']);
    const [r] = store.reject('/ws/a.txt', [{ kind: 'mention', entity: 'russia', ...at('Moscow') }]);
    assert.match(r.id, /^r[0-9a-z]{7}$/);
    assert.deepEqual(proposed(), []);
    await store.flush();
    const saved = loadSidecar(files.files.get('/ws/a.txt.annotations.yaml')!).sidecar!;
    assert.deepEqual(saved.rejections!.map(x => [x.text, x.entity, x.before]), [['Moscow', 'russia', 'i Jinping met Vladimir Putin in ']]);
    // Typing before it moves it; it still blocks the suggestion at its new place.
    store.applyTextEdits('/ws/a.txt', [{ start: 0, end: 0, text: 'Today ' }], 'Today ' + TEXT);
    assert.equal(store.get('/ws/a.txt')!.sidecar.rejections![0].start, at('Moscow').start + 6);
    assert.deepEqual(proposed(), []);
  });
});
