// The small corpus the corpus-operation tests share: a codebook with three actors and three
// articles, a.txt (machine-written sidecar), b.txt (a hand-edited one, with comments and an
// unknown field that a rewrite must keep) and sub/c.txt, with a.txt open in the editor.
import { Sidecar } from '../../src/core/model';
import { serializeSidecar } from '../../src/core/sidecarFormat';
import { CodePointIndex, hashText } from '../../src/core/text';
import { AnnotationStore } from '../../src/store/annotationStore';
import { CodebookStore } from '../../src/store/codebookStore';
import { CorpusOpsContext } from '../../src/store/corpusOps';
import { FileSystem } from '../../src/store/fileSystem';

export const CODEBOOK = `claimlens: 1
# the team's actors
entities:
  - {id: xi, name: Xi Jinping, type: person}
  - {id: putin, name: Vladimir Putin, type: person}
  - id: china
    name: China
    type: country
    aliases: [Beijing]
`;

export const A = 'Xi Jinping met Putin in Beijing.\n';
export const B = 'Putin thanked Xi.\n';
export const C = 'China and Putin.\n';

/** A canonical sidecar of `text`: mentions and claims as [id, entity or claimant, the text they cover]. */
export function sidecarText(text: string, mentions: [string, string, string][], claims: [string, string, string][] = []): string {
  const ix = new CodePointIndex(text);
  const span = (needle: string) => { const start = text.indexOf(needle); return { start, end: start + needle.length, ...ix.quote(start, start + needle.length), anchor: 'exact' as const }; };
  const s: Sidecar = { version: 1, article: { hash: hashText(text) },
    mentions: mentions.map(([id, entity, needle]) => ({ id, entity, ...span(needle) })),
    claims: claims.map(([id, claimant, needle]) => ({ id, claimant, ...span(needle) })) };
  return serializeSidecar(s);
}

/** b.txt's sidecar is hand-written: comments and an unknown field must survive a rewrite. */
export const B_SIDECAR = `# checked by Ana
claimlens: 1
article: {reviewer: ana}
mentions:
  - {id: m1, entity: putin, start: 0, end: 5, text: "Putin", before: "", after: " thanked Xi.\\n"}  # the host
  - {id: m2, entity: xi, start: 14, end: 16, text: "Xi", before: "Putin thanked ", after: ".\\n"}
claims: []
`;

/** The corpus's files, by path under the workspace folder /ws. */
export function teamFiles(): Record<string, string> {
  return {
    '/ws/claimlens.codebook.yaml': CODEBOOK,
    '/ws/a.txt': A,
    '/ws/a.txt.annotations.yaml': sidecarText(A, [['m1', 'xi', 'Xi Jinping'], ['m2', 'putin', 'Putin'], ['m3', 'china', 'Beijing']], [['c1', 'xi', 'met Putin']]),
    '/ws/b.txt': B,
    '/ws/b.txt.annotations.yaml': B_SIDECAR,
    '/ws/sub/c.txt': C,
    '/ws/sub/c.txt.annotations.yaml': sidecarText(C, [['m1', 'china', 'China'], ['m2', 'putin', 'Putin']]),
  };
}

export interface TeamWorld<F extends FileSystem> { fs: F; store: AnnotationStore; codebook: CodebookStore; ctx: CorpusOpsContext }

/** The stores over `fs` (holding teamFiles, maybe changed), with a.txt open in the editor; b and c are not. */
export async function openTeamWorld<F extends FileSystem>(fs: F): Promise<TeamWorld<F>> {
  const codebook = new CodebookStore(fs, '/ws/claimlens.codebook.yaml');
  await codebook.load();
  const store = new AnnotationStore(fs, () => codebook.codebook, 0);
  await store.open('/ws/a.txt', A);
  return { fs, store, codebook, ctx: { fs, store, codebook, roots: () => ['/ws'] } };
}
