// brat standoff: what the export writes is what brat reads (offsets into the copied text, one
// line per annotation), and reading it back gives the same sidecar, even for what brat has no
// place for (ids, orphans, fuzzy scores, spans ending in a line break, notes with line breaks).
import * as assert from 'node:assert/strict';
import { bratFormat, importBrat, parseAnn } from '../../src/core/exports/brat';
import { ExportDocument } from '../../src/core/exports/document';
import { Codebook, Sidecar } from '../../src/core/model';
import { serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex } from '../../src/core/text';
import { awkwardDocument, sampleDocuments } from './exportsFixtures';

function roundTrip(doc: ExportDocument): { sidecar: Sidecar; article: string; notes: string[]; ann: string } {
  const { files } = bratFormat.render([doc], { target: 'folder' });
  const file = (suffix: string) => files.find(f => f.path.endsWith(suffix))?.text;
  const ann = file('.ann')!;
  const annPath = files.find(f => f.path.endsWith('.ann'))!.path;
  const imported = importBrat({ annPath, ann, text: file('.txt')!, record: file('.claimlens.json') });
  return { sidecar: imported.sidecar, article: imported.article, notes: imported.notes, ann };
}

const CODEBOOK: Codebook = { version: 1, types: [{ id: 'person', label: 'Person', color: '#1f77b4' }], stances: [], topics: [],
  entities: [{ id: 'ana', name: 'Ana', type: 'person', aliases: [] }, { id: 'Claim', name: 'A badly named actor', type: 'person', aliases: [] }] };

/** Everything brat cannot say in its own lines, in one article. */
function hardDocument(): ExportDocument {
  const text = 'Ana 😀 spoke.\nShe said:\n\n"we agree"\n';
  const ix = new CodePointIndex(text);
  const at = (start: number, end: number) => ({ start, end, ...ix.quote(start, end), anchor: 'exact' as const });
  const sidecar: Sidecar = {
    version: 1, article: { title: 'Hard', author: 'Someone', date: '2024-05', hash: 'sha256:0000000000000000' },
    mentions: [
      { id: 'm0000001', entity: 'ana', ...at(0, 3) },
      { id: 'm0000002', entity: 'Claim', ...at(13, 16) },              // an entity id that is a reserved label
      { id: 'm0000003', entity: 'an actor with spaces', ...at(0, 3) },  // an id brat cannot use as a label
      { id: 'm0000004', entity: 'ana', ...at(13, 24) },                  // ends in a line break
      { id: 'm0000005', entity: 'ana', start: 500, end: 510, text: 'gone text', before: 'x', after: 'y', anchor: 'orphan' },
      { id: 'm0000006', entity: 'ana', start: 4, end: 5, text: '😃', before: 'Ana ', after: ' spoke.', anchor: 'fuzzy', score: 0.5 },
      { id: 'id with space', entity: 'ana', ...at(6, 11) },
      { id: 'm0000008', entity: 'ana', ...at(12, 12) },                  // empty
    ],
    claims: [
      { id: 'c0000001', claimant: 'ana', stance: 'support', topic: 'a topic with spaces', form: 'direct-quote',
        note: '  a note\nwith a line break and a\ttab ', ...at(13, 35) },
      { id: 'c0000002', claimant: 'ana', note: '', ...at(0, 12) },
    ],
    rejections: [{ id: 'r0000001', kind: 'claim', entity: 'ana', ...at(0, 3) }, { id: 'r0000002', kind: 'mention', ...at(6, 11) }],
  };
  return { article: 'sub/hard.md', name: 'sub/hard.md', text, sidecar, codebook: CODEBOOK };
}

describe('brat export', () => {
  it('round-trips every sample sidecar to the same bytes', () => {
    for (const doc of sampleDocuments()) {
      const back = roundTrip(doc);
      assert.deepEqual(back.notes, []);
      assert.equal(back.article, doc.name);
      assert.equal(serializeSidecar(back.sidecar), serializeSidecar(doc.sidecar), doc.article);
    }
  });

  it('loses nothing brat has no place for: odd ids and labels, orphans, fuzzy scores, line breaks, rejections, article facts', () => {
    const doc = hardDocument();
    const back = roundTrip(doc);
    assert.deepEqual(back.notes, []);
    assert.equal(back.article, 'sub/hard.md');
    assert.equal(serializeSidecar(back.sidecar), serializeSidecar(doc.sidecar));
  });

  it('writes lines brat reads: offsets into the copied text, labels, attributes, notes, fragments at line breaks', () => {
    const { files } = bratFormat.render([hardDocument()], { target: 'folder' });
    assert.deepEqual(files.map(f => f.path), ['sub/hard.md.txt', 'sub/hard.md.ann', 'sub/hard.md.claimlens.json', 'annotation.conf', 'visual.conf']);
    const text = Array.from(files[0].text);
    const ann = files[1].text;
    for (const line of ann.split('\n').filter(l => l.startsWith('T'))) {
      // brat's own check: the text after the offsets is the document's text there, fragments joined by a space.
      const [, data, shown] = line.split('\t');
      const fragments = data.split(' ').slice(1).join(' ').split(';').map(f => f.split(' ').map(Number));
      assert.equal(shown, fragments.map(([s, e]) => text.slice(s, e).join('')).join(' '), line);
      assert.ok(fragments.every(([s, e]) => !text.slice(s, e).includes('\n')), line);
    }
    assert.match(ann, /^T\d+\tana 0 3\tAna$/m);
    assert.match(ann, /^T\d+\tActor 13 16\tShe$/m);
    assert.match(ann, /^T\d+\tClaim 13 22;24 34\tShe said: "we agree"$/m);
    assert.match(ann, /^A\d+\tStance T\d+ support$/m);
    assert.doesNotMatch(ann, /Topic/); // a value with spaces lives in the ClaimLens note only
    assert.match(ann, /^#\d+\tAnnotatorNotes T\d+\t {2}a note with a line break and a\ttab $/m);
    assert.equal(ann.split('\n').filter(Boolean).every(l => /^[TA#]\d+\t/.test(l)), true);
  });

  it('lists the actors under their type in annotation.conf, with names and colours in visual.conf', () => {
    const { files } = bratFormat.render([awkwardDocument()], { target: 'folder' });
    const conf = files.find(f => f.path === 'annotation.conf')!.text;
    assert.match(conf, /\[entities\]\n!person\n\tana\nActor\nClaim\n/);
    assert.match(conf, /^Claimant\tArg:Claim, Value:ana$/m);
    assert.match(conf, /^Stance\tArg:Claim, Value:support$/m);
    const visual = files.find(f => f.path === 'visual.conf')!.text;
    assert.match(visual, /^ana \| Ana$/m);
  });

  it('skips an article whose text is missing, with a note', () => {
    const result = bratFormat.render([{ ...awkwardDocument(), text: undefined }], { target: 'folder' });
    assert.deepEqual(result.files.map(f => f.path), ['annotation.conf', 'visual.conf']);
    assert.equal(result.notes.length, 1);
  });
});

describe('brat import', () => {
  const text = 'Ana met Bob. Bob agreed.\n';

  it('reads annotations made in brat: entity labels as mentions, Claim with attributes, new ids minted', () => {
    const ann = ['T1\tana 0 3\tAna', 'T2\tbob 8 11\tBob', 'T3\tClaim 13 24\tBob agreed.', 'A1\tClaimant T3 bob', 'A2\tStance T3 support',
      'A3\tForm T3 reported-speech', '#1\tAnnotatorNotes T3\t  says so  ', 'R1\tMeets Arg1:T1 Arg2:T2', 'N1\tReference T1 Wikidata:Q1\tAna', ''].join('\n');
    const doc = importBrat({ annPath: 'a.ann', ann, text });
    assert.equal(doc.article, 'a.txt');
    assert.deepEqual(doc.sidecar.mentions.map(m => [m.entity, m.start, m.end, m.text, m.before, m.after]),
      [['ana', 0, 3, 'Ana', '', ' met Bob. Bob agreed.\n'], ['bob', 8, 11, 'Bob', 'Ana met ', '. Bob agreed.\n']]);
    const [claim] = doc.sidecar.claims;
    assert.deepEqual([claim.claimant, claim.stance, claim.form, claim.note, claim.text], ['bob', 'support', 'reported-speech', 'says so', 'Bob agreed.']);
    assert.ok(/^m[0-9a-z]{7}$/.test(doc.sidecar.mentions[0].id) && /^c[0-9a-z]{7}$/.test(claim.id));
    assert.deepEqual(doc.notes, ['a.ann: 1 relation lines ignored (ClaimLens has no place for them)', 'a.ann: 1 normalization lines ignored (ClaimLens has no place for them)']);
  });

  it('reports and skips what it cannot read, and never takes a file name that leaves the folder', () => {
    const ann = ['T1\tana 0 x\tAna', 'T2\tClaim 0 3\tAna', 'A1\tStance T9 support', '#1\tClaimLens T2\tnot json', 'T3\tActor 0 3\tAna', 'garbage'].join('\n');
    const doc = importBrat({ annPath: 'sub/a.ann', ann, text, record: JSON.stringify({ claimlens: 1, file: '../../evil.txt', article: {} }) });
    assert.equal(doc.article, 'sub/a.txt');
    assert.deepEqual(doc.sidecar.mentions, []);
    assert.deepEqual(doc.sidecar.claims, []);
    assert.equal(doc.notes.length, 6, doc.notes.join('\n'));
  });

  it('reads the lines of an .ann file with CRLF endings and tabs inside the text', () => {
    const { spans } = parseAnn('T1\tana 0 3\tA\tn\r\n#1\tAnnotatorNotes T1\tx\r\n', 'a.ann');
    assert.deepEqual(spans.map(s => [s.label, s.fragments, s.notes]), [['ana', [[0, 3]], ['x']]]);
  });
});
