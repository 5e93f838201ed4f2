// Documents the export tests share: the sample corpus as the command line loads it, and one small
// article with everything that needs quoting or counting with care.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCodebook } from '../../src/core/codebook';
import { ExportDocument } from '../../src/core/exports/document';
import { Codebook, Sidecar } from '../../src/core/model';
import { loadSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex, normalizeText } from '../../src/core/text';

const SAMPLES = path.resolve(__dirname, '../../samples');

export function sampleDocuments(): ExportDocument[] {
  const codebook = loadCodebook(fs.readFileSync(path.join(SAMPLES, 'claimlens.codebook.yaml'), 'utf8')).codebook!;
  return fs.readdirSync(SAMPLES).filter(f => f.endsWith('.annotations.yaml')).sort().reverse().map(f => {
    const name = f.slice(0, -'.annotations.yaml'.length);
    return { article: `samples/${name}`, name, text: normalizeText(fs.readFileSync(path.join(SAMPLES, name), 'utf8')),
      sidecar: loadSidecar(fs.readFileSync(path.join(SAMPLES, f), 'utf8')).sidecar!, codebook };
  });
}

const CODEBOOK: Codebook = { version: 1, types: [{ id: 'person', label: 'Person' }], stances: [{ id: 'support', label: 'Support' }], topics: [],
  entities: [{ id: 'ana', name: 'Ana', type: 'person', aliases: [] }] };

/** An article with an emoji before the spans (code points ≠ UTF-16 units) and a claim with everything that needs quoting. */
export function awkwardDocument(): ExportDocument {
  const text = '😀 Ana said: "yes, \'quoted\', and more"\nsecond line.';
  const ix = new CodePointIndex(text);
  const span = (start: number, end: number) => ({ start, end, ...ix.quote(start, end), anchor: 'exact' as const });
  const sidecar: Sidecar = { version: 1, article: { title: 'A "title", with comma' }, mentions: [{ id: 'm0000001', entity: 'ana', ...span(2, 5) }],
    claims: [{ id: 'c0000001', claimant: 'ana', stance: 'support', note: 'a "note",\nover two lines', ...span(12, 49) }] };
  return { article: 'dir/awkward.txt', name: 'awkward.txt', text, sidecar, codebook: CODEBOOK };
}
