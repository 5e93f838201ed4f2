// The file rules of src/store/fileSystem.ts on a virtual file system (vscode.dev), where the
// extension has no Node and goes through vscode.workspace.fs: a BOM+CRLF sidecar keeps both when
// rewritten, temporary files get fresh names and are never read, a sidecar that is not UTF-8 is
// refused and left as it is. The desktop cases (links, folders outside) are in
// test/integration/suite/hostileFs.test.ts.
import * as vscode from 'vscode';
import type { ClaimLensApi } from '../../src/extension';
import { hashText } from '../../src/core/text';

const ARTICLE = 'China and Russia met in Astana.\nBeijing said the talks went well.\n';
const SIDECAR = `claimlens: 1
article:
  hash: sha256:0000000000000000
mentions:
  - {id: m0000001, entity: china, start: 0, end: 5, text: "China", before: "", after: " and Russia met in Astana.\\nBeiji"}
claims: []
`;

function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

const bytes = (s: string) => new TextEncoder().encode(s);
async function readBytes(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try { return await vscode.workspace.fs.readFile(uri); } catch { return undefined; }
}
async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  for (const t0 = Date.now(); Date.now() - t0 < 10000; await new Promise(r => setTimeout(r, 50))) {
    const v = await probe();
    if (v) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

suite('Web extension host: hostile files', () => {
  let api: ClaimLensApi;
  let folder: vscode.Uri;

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<ClaimLensApi>('claimlens.claimlens')!.activate();
    await api.ready;
    folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'hostile-web');
  });

  async function open(name: string) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, name));
    await vscode.window.showTextDocument(doc);
    await api.services.tracker.track(doc);
    const state = api.services.store.get(doc.uri.toString());
    ok(state, `ClaimLens tracks ${name}`);
    return state;
  }

  test('a stale BOM+CRLF sidecar is rewritten with both kept when an annotation changes; a planted temporary file is neither read nor used', async () => {
    const sidecar = vscode.Uri.joinPath(folder, 'crlf.txt.annotations.yaml');
    const planted = vscode.Uri.joinPath(folder, 'crlf.txt.annotations.yaml.claimlens-tmp');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'crlf.txt'), bytes(ARTICLE));
    await vscode.workspace.fs.writeFile(sidecar, bytes('\uFEFF' + SIDECAR.replace(/\n/g, '\r\n')));
    await vscode.workspace.fs.writeFile(planted, bytes('planted\n'));
    const state = await open('crlf.txt');
    // An annotator's action, so that the sidecar is written (opening alone writes only when an annotation moved).
    const start = ARTICLE.indexOf('Beijing');
    api.services.store.add(state.location, [{ kind: 'mention', start, end: start + 'Beijing'.length, entity: 'china' }]);
    await api.services.store.flush(state.location);
    const text = await waitFor('the sidecar is saved', async () => {
      const b = await readBytes(sidecar);
      const t = b && new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
      return t?.includes(hashText(ARTICLE)) && t;
    });
    ok(text.startsWith('\uFEFFclaimlens: 1\r\n'), `BOM and CRLF kept: ${JSON.stringify(text.slice(0, 20))}`);
    ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    ok(new TextDecoder().decode(await readBytes(planted)) === 'planted\n', 'the planted file is untouched');
    const left = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).filter(n => n.endsWith('.claimlens-tmp'));
    ok(left.join() === 'crlf.txt.annotations.yaml.claimlens-tmp', `temporary files left: ${left.join(', ')}`);

    // A missing sidecar is not replaced by what a temporary file holds.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'fresh.txt'), bytes(ARTICLE));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'fresh.txt.annotations.yaml.claimlens-tmp'), bytes(SIDECAR));
    ok((await open('fresh.txt')).sidecar.mentions.length === 0, 'nothing read from the temporary file');
  });

  test('a sidecar that is not UTF-8 is refused at the bad byte and left as it is', async () => {
    const sidecar = vscode.Uri.joinPath(folder, 'latin1.txt.annotations.yaml');
    const raw = new Uint8Array([...bytes(SIDECAR + '# '), 0xff, ...bytes(' caf'), 0xe9, 0x0a]);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'latin1.txt'), bytes(ARTICLE));
    await vscode.workspace.fs.writeFile(sidecar, raw);
    const state = await open('latin1.txt');
    ok(state.readonly, 'read-only');
    const p = state.problems.map(x => `${x.code} ${x.line}:${x.column}`).join();
    ok(p === 'invalid-utf8 7:3', `problems: ${p}`);
    await new Promise(r => setTimeout(r, 500));
    await api.services.store.flush();
    const after = await readBytes(sidecar);
    ok(after && after.length === raw.length && after.every((b, i) => b === raw[i]), 'the bytes are unchanged');
  });
});
