// Sidecar format benchmark: a 10,000-annotation sidecar with realistic quotes taken from the
// sample articles. ClaimLens load + save (canonical fast path) against the yaml library's own
// parse + stringify (lineWidth 0) of the same file (target: ClaimLens >= 3x faster); and, for
// information, the Document path on a hand-edited (commented) version of the file. Results are
// checked to be identical. Prints plain lines. Run: npx tsx bench/format.bench.ts [annotations]
import { strict as assert } from 'assert';
import { parse, stringify } from 'yaml';
import { loadSidecar, readSidecar, saveSidecar, serializeSidecar } from '../src/core/sidecarFormat';
import { mulberry32 } from '../test/support/random';
import { syntheticSidecar } from './syntheticCorpus';
import { time as timeRuns } from './timing';

const ANNOTATIONS = Number(process.argv[2] ?? 10_000);
const RUNS = 7;

const rng = mulberry32(7);
const makeSidecar = () => syntheticSidecar(ANNOTATIONS, rng);
const time = <T>(f: () => T) => timeRuns(f, RUNS);

const fmt = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(1)} ms (cpu ${t.cpu.toFixed(1)} ms)`;

/** The canonical file made hand-edited: a header comment, a comment every 50 annotations and an unknown field. */
function handEdited(text: string): string {
  let n = 0;
  return '# Reviewed by the team; keep the comments.\n' + text.split('\n').map(line => {
    if (line.startsWith('  - ') && ++n % 50 === 0) return `  # checked batch ${n / 50}\n${line}`;
    if (line === 'article:') return 'article: # metadata\n  publisher: Tehran Times';
    return line;
  }).join('\n');
}

function main(): void {
  const sidecar = makeSidecar();
  const text = serializeSidecar(sidecar);
  console.log(`sidecar: ${ANNOTATIONS} annotations (${sidecar.mentions.length} mentions, ${sidecar.claims.length} claims), ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB, ${text.split('\n').length} lines`);

  // ---- ClaimLens canonical path
  const load = time(() => loadSidecar(text));
  const save = time(() => saveSidecar(load.result.sidecar!, load.result));
  assert.equal(load.result.document, undefined, 'canonical text takes the fast path');
  assert.deepEqual(load.result.problems, []);
  assert.equal(save.result, text, 'ClaimLens save of an unchanged file gives the same bytes');

  // ---- the yaml library
  const yamlParse = time(() => parse(text));
  const yamlStringify = time(() => stringify(yamlParse.result, { lineWidth: 0 }));
  assert.deepEqual(readSidecar(yamlParse.result, (p, m) => { throw new Error(`${p.join('.')}: ${m}`); }), load.result.sidecar,
    'the yaml library reads the same model');
  assert.deepEqual(parse(yamlStringify.result), yamlParse.result, 'the yaml library reads its own output back');

  const ours = { wall: load.wall + save.wall, cpu: load.cpu + save.cpu };
  const theirs = { wall: yamlParse.wall + yamlStringify.wall, cpu: yamlParse.cpu + yamlStringify.cpu };
  console.log(`claimlens load: ${fmt(load)}, save: ${fmt(save)}, total ${fmt(ours)}`);
  console.log(`yaml parse: ${fmt(yamlParse)}, stringify (lineWidth 0): ${fmt(yamlStringify)}, total ${fmt(theirs)}`);
  const ratio = theirs.cpu / ours.cpu;
  console.log(`ratio (yaml / claimlens, cpu): ${ratio.toFixed(1)}x faster, target >= 3x ${ratio >= 3 ? 'OK' : 'MISSED'} (wall: ${(theirs.wall / ours.wall).toFixed(1)}x)`);

  // ---- the Document path, for information
  const edited = handEdited(text);
  const docLoad = time(() => loadSidecar(edited));
  assert.ok(docLoad.result.document, 'hand-edited text takes the Document path');
  assert.deepEqual(docLoad.result.problems, []);
  assert.deepEqual(docLoad.result.sidecar, load.result.sidecar, 'the Document path reads the same model');
  const docSave = time(() => saveSidecar(docLoad.result.sidecar!, docLoad.result));
  assert.deepEqual(loadSidecar(docSave.result).sidecar, load.result.sidecar, 'and writes it back unchanged');
  assert.ok(docSave.result.includes('# checked batch 1\n') && docSave.result.includes('publisher: Tehran Times'), 'comments and unknown fields kept');
  console.log(`document path (hand-edited, ${edited.split('\n').length - text.split('\n').length} comment lines): load ${fmt(docLoad)}, save ${fmt(docSave)}, total ${fmt({ wall: docLoad.wall + docSave.wall, cpu: docLoad.cpu + docSave.cpu })}`);
  console.log('results identical: yes');
}

main();
