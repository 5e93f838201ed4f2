import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Claim, Mention, Sidecar } from '../../src/core/model';
import { serializeSidecar } from '../../src/core/sidecarFormat';
import { fastHash, IndexSnapshot, preview, summarize, WorkspaceIndex } from '../../src/store/workspaceIndex';
import { MemoryFileSystem } from '../support/memoryFileSystem';



const q = { before: '', after: '', anchor: 'exact' as const };
const m = (id: string, entity: string, start: number, text = entity, extra: Partial<Mention> = {}): Mention =>
  ({ id, entity, start, end: start + text.length, text, ...q, ...extra });
const c = (id: string, claimant: string, start: number, extra: Partial<Claim> = {}): Claim =>
  ({ id, claimant, start, end: start + 10, text: 'claim text', ...q, ...extra });

function sidecar(mentions: Mention[], claims: Claim[] = [], title?: string): string {
  const s: Sidecar = { version: 1, article: title ? { title, date: '2018-04-10' } : {}, mentions, claims };
  return serializeSidecar(s);
}

function corpus(): MemoryFileSystem {
  const mfs = new MemoryFileSystem();
  mfs.files.set('/ws/a.txt', 'article a');
  mfs.files.set('/ws/a.txt.annotations.yaml', sidecar(
    [m('m2', 'russia', 10), m('m1', 'china', 0), m('m3', 'china', 20, 'Beijing'), m('m4', 'xi', 30, 'Xi', { anchor: 'orphan' })],
    [c('c1', 'xi', 30, { stance: 'support', topic: 'alliance', addressee: 'russia', object: 'china', form: 'direct-quote' }),
      c('c2', 'china', 5, { topic: 'sanctions', anchor: 'fuzzy', score: 0.7 })], 'Article A'));
  mfs.files.set('/ws/sub/b.txt.annotations.yaml', sidecar([m('m5', 'russia', 0), m('m6', 'usa', 8, 'the U.S.', { anchor: 'fuzzy', score: 0.9 })],
    [c('c3', 'russia', 0, { topic: 'alliance', anchor: 'orphan' })]));
  mfs.files.set('/ws/broken.txt.annotations.yaml', 'claimlens: 1\narticle:\n\ttitle: x\n');
  mfs.files.set('/ws/.git/x.txt.annotations.yaml', sidecar([m('m9', 'hidden', 0)]));
  mfs.files.set('/other/c.txt.annotations.yaml', sidecar([m('m7', 'china', 0)]));
  return mfs;
}

describe('workspace index', () => {
  it('fastHash is stable and tells texts apart', () => {
    assert.equal(fastHash('abc'), fastHash('abc'));
    assert.notEqual(fastHash('abc'), fastHash('abd'));
    assert.notEqual(fastHash('ab'), fastHash('ab\u0000'));
    assert.notEqual(fastHash(''), fastHash(' '));
    assert.match(fastHash('claimlens: 1\n'), /^[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+$/);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(fastHash(`  - {id: m${i}, entity: china, start: ${i}, end: ${i + 5}}`));
    assert.equal(seen.size, 20_000);
  });

  it('preview cuts long text at code points with an ellipsis', () => {
    assert.equal(preview('short'), 'short');
    assert.equal(preview('😀'.repeat(100), 10), '😀'.repeat(9) + '…');
    assert.equal(preview('😀'.repeat(60), 80), '😀'.repeat(60));
    assert.equal(preview('x'.repeat(81)), 'x'.repeat(79) + '…');
  });

  it('summarizes a sidecar: mentions by entity in position order, claims, orphans, fuzzy', () => {
    const text = corpus().files.get('/ws/a.txt.annotations.yaml')!;
    const s = summarize('/ws/a.txt.annotations.yaml', text);
    assert.equal(s.article, '/ws/a.txt');
    assert.equal(s.hash, fastHash(text));
    assert.equal(s.title, 'Article A');
    assert.equal(s.date, '2018-04-10');
    assert.deepEqual(Object.keys(s.mentions).sort(), ['china', 'russia', 'xi']);
    // Whole mentions and claims, with an empty context: the corpus view hands these objects out.
    assert.deepEqual(s.mentions.china, [m('m1', 'china', 0), m('m3', 'china', 20, 'Beijing')]);
    assert.deepEqual(s.claims.map(x => x.id), ['c2', 'c1']);
    assert.deepEqual(s.claims[1], { id: 'c1', claimant: 'xi', stance: 'support', topic: 'alliance', addressee: 'russia', object: 'china', form: 'direct-quote',
      start: 30, end: 40, text: 'claim text', before: '', after: '', anchor: 'exact' });
    assert.deepEqual(s.orphans, { mentions: 1, claims: 0 });
    assert.equal(s.fuzzy, 1);
    assert.equal(s.errors, 0);
  });

  it('keeps a broken sidecar as an entry with its error count and no annotations', () => {
    const s = summarize('/ws/broken.txt.annotations.yaml', 'claimlens: 1\narticle:\n\ttitle: x\n');
    assert.equal(s.errors, 1);
    assert.deepEqual(Object.keys(s.mentions), []);
    assert.deepEqual(s.claims, []);
  });

  it('builds over the roots, skipping dot folders, and answers queries', async () => {
    const index = new WorkspaceIndex(corpus(), ['/ws']);
    const stats = await index.build();
    assert.deepEqual(stats, { sidecars: 3, reused: 0, parsed: 3, removed: 0 });
    assert.deepEqual(index.summaries().map(s => s.sidecar), ['/ws/a.txt.annotations.yaml', '/ws/broken.txt.annotations.yaml', '/ws/sub/b.txt.annotations.yaml']);
    assert.deepEqual(index.entities(), [
      { entity: 'china', mentions: 2, claims: 1, files: 1 },
      { entity: 'russia', mentions: 2, claims: 1, files: 2 },
      { entity: 'xi', mentions: 1, claims: 1, files: 1 },
      { entity: 'usa', mentions: 1, claims: 0, files: 1 },
    ]);
    assert.deepEqual(index.mentionsOf('russia').map(h => `${h.article}@${h.mention.start}`), ['/ws/a.txt@10', '/ws/sub/b.txt@0']);
    assert.deepEqual(index.mentionsOf('nobody'), []);
    assert.deepEqual(index.claimsBy('xi').map(h => h.claim.id), ['c1']);
    assert.deepEqual(index.claimsByTopic('alliance').map(h => h.claim.id), ['c1', 'c3']);
    assert.deepEqual(index.claimsInvolving('russia').map(h => h.claim.id), ['c1', 'c3']);
    assert.deepEqual(index.totals(), { sidecars: 3, mentions: 6, claims: 3, orphans: 2, fuzzy: 2, broken: 1 });
    assert.equal(index.get('/ws/a.txt')?.sidecar, '/ws/a.txt.annotations.yaml');
    assert.equal(index.get('/ws/a.txt.annotations.yaml')?.title, 'Article A');
  });

  it('indexes several roots', async () => {
    const index = new WorkspaceIndex(corpus(), ['/ws', '/other']);
    await index.build();
    assert.equal(index.size, 4);
    assert.equal(index.entities().find(e => e.entity === 'china')?.files, 2);
  });

  it('update re-reads one changed sidecar; an unchanged one is not re-parsed', async () => {
    const mfs = corpus();
    const index = new WorkspaceIndex(mfs, ['/ws']);
    await index.build();
    const before = index.get('/ws/sub/b.txt.annotations.yaml');
    assert.equal(await index.update('/ws/sub/b.txt.annotations.yaml'), before, 'same text: the same entry');
    mfs.files.set('/ws/sub/b.txt.annotations.yaml', sidecar([m('m5', 'russia', 0), m('m8', 'china', 20)]));
    const after = await index.update('/ws/sub/b.txt');
    assert.notEqual(after, before);
    assert.deepEqual(Object.keys(after!.mentions).sort(), ['china', 'russia']);
    assert.equal(index.entities().find(e => e.entity === 'usa'), undefined);
    assert.equal(index.mentionsOf('china').length, 3);
  });

  it('update drops a sidecar that was deleted, and adds a new one', async () => {
    const mfs = corpus();
    const index = new WorkspaceIndex(mfs, ['/ws']);
    await index.build();
    mfs.files.delete('/ws/a.txt.annotations.yaml');
    assert.equal(await index.update('/ws/a.txt.annotations.yaml'), undefined);
    assert.equal(index.size, 2);
    mfs.files.set('/ws/new.txt.annotations.yaml', sidecar([m('m1', 'india', 0)]));
    assert.ok(await index.update('/ws/new.txt.annotations.yaml'));
    assert.deepEqual(index.mentionsOf('india').map(h => h.article), ['/ws/new.txt']);
  });

  it('updateFromText indexes an unsaved buffer', async () => {
    const index = new WorkspaceIndex(corpus(), ['/ws']);
    await index.build();
    const s = index.updateFromText('/ws/a.txt.annotations.yaml', sidecar([m('m1', 'brazil', 0)]));
    assert.deepEqual(Object.keys(s.mentions), ['brazil']);
    assert.equal(index.updateFromText('/ws/a.txt.annotations.yaml', sidecar([m('m1', 'brazil', 0)])), s);
  });

  it('remove forgets a sidecar by its own or its article’s location', async () => {
    const index = new WorkspaceIndex(corpus(), ['/ws']);
    await index.build();
    assert.equal(index.remove('/ws/a.txt'), true);
    assert.equal(index.remove('/ws/sub/b.txt.annotations.yaml'), true);
    assert.equal(index.remove('/ws/sub/b.txt.annotations.yaml'), false);
    assert.equal(index.size, 1);
  });

  it('build drops entries whose files are gone', async () => {
    const mfs = corpus();
    const index = new WorkspaceIndex(mfs, ['/ws']);
    await index.build();
    mfs.files.delete('/ws/sub/b.txt.annotations.yaml');
    assert.deepEqual(await index.build(), { sidecars: 2, reused: 2, parsed: 0, removed: 1 });
  });

  it('persists as JSON and re-opens without re-parsing unchanged files', async () => {
    const mfs = corpus();
    const index = new WorkspaceIndex(mfs, ['/ws']);
    await index.build();
    const json = JSON.stringify(index);
    const snapshot = JSON.parse(json) as IndexSnapshot;
    assert.equal(snapshot.format, 'claimlens-index');
    assert.deepEqual(snapshot.entries[0].c[1], ['c1', 'xi', 30, 40, 'claim text', null, 'support', 'alliance', 'russia', 'china', 'direct-quote']);
    assert.deepEqual(snapshot.entries[0].m.xi, [['m4', 30, 32, 'Xi', 'orphan']]);
    assert.equal(JSON.stringify(index.toJSON()), json, 'stable');

    const reopened = WorkspaceIndex.fromJSON(mfs, ['/ws'], snapshot);
    assert.deepEqual(reopened.summaries(), index.summaries(), 'the snapshot holds every summary exactly');
    assert.deepEqual(reopened.entities(), index.entities(), 'queries work before verification');
    mfs.files.set('/ws/sub/b.txt.annotations.yaml', sidecar([m('m5', 'russia', 0)]));
    assert.deepEqual(await reopened.build(), { sidecars: 3, reused: 2, parsed: 1, removed: 0 });
    assert.equal(reopened.entities().find(e => e.entity === 'usa'), undefined);
    const fresh = new WorkspaceIndex(mfs, ['/ws']);
    await fresh.build();
    assert.deepEqual(reopened.toJSON(), fresh.toJSON());
  });

  it('build trusts an unchanged size and mtime without reading; verify: hash reads every file', async () => {
    const mfs = corpus();
    const index = new WorkspaceIndex(mfs, ['/ws']);
    await index.build();
    const reopened = WorkspaceIndex.fromJSON(mfs, ['/ws'], JSON.parse(JSON.stringify(index)));
    mfs.reads = 0;
    assert.deepEqual(await reopened.build(), { sidecars: 3, reused: 3, parsed: 0, removed: 0 });
    assert.equal(mfs.reads, 0);
    assert.deepEqual(await reopened.build({ verify: 'hash' }), { sidecars: 3, reused: 3, parsed: 0, removed: 0 });
    assert.equal(mfs.reads, 3);
    // Touched but unchanged (a git checkout): read and hashed, not parsed; the new mtime is kept.
    mfs.files.set('/ws/a.txt.annotations.yaml', mfs.files.get('/ws/a.txt.annotations.yaml')!);
    mfs.reads = 0;
    assert.deepEqual(await reopened.build(), { sidecars: 3, reused: 3, parsed: 0, removed: 0 });
    assert.equal(mfs.reads, 1);
    mfs.reads = 0;
    await reopened.build();
    assert.equal(mfs.reads, 0);
    // Changed behind the index's back with the same size and mtime: only verify: 'hash' sees it.
    const text = mfs.files.get('/ws/sub/b.txt.annotations.yaml')!;
    const mtime = mfs.files.mtimes.get('/ws/sub/b.txt.annotations.yaml')!;
    mfs.files.set('/ws/sub/b.txt.annotations.yaml', text.replace('entity: usa,', 'entity: ind,'));
    mfs.files.mtimes.set('/ws/sub/b.txt.annotations.yaml', mtime);
    assert.equal((await reopened.build()).parsed, 0);
    assert.equal((await reopened.build({ verify: 'hash' })).parsed, 1);
    assert.equal(reopened.mentionsOf('ind').length, 1);
  });

  it('ignores a snapshot of another version or shape', async () => {
    for (const bad of [null, 42, 'x', {}, { format: 'claimlens-index', version: 999, entries: [] }, { format: 'claimlens-index', version: 2, entries: 'x' },
      { format: 'claimlens-index', version: 2, entries: [{ s: '/ws/a.txt.annotations.yaml', h: 'damaged' }, null] }]) {
      const index = WorkspaceIndex.fromJSON(corpus(), ['/ws'], bad);
      assert.equal(index.size, 0);
      assert.equal((await index.build()).parsed, 3);
    }
  });

  it('indexes the sample corpus', async () => {
    const dir = path.join(__dirname, '..', '..', 'samples');
    const mfs = new MemoryFileSystem();
    for (const f of fs.readdirSync(dir)) if (fs.statSync(path.join(dir, f)).isFile()) mfs.files.set('/samples/' + f, fs.readFileSync(path.join(dir, f), 'utf8'));
    const index = new WorkspaceIndex(mfs, ['/samples']);
    const stats = await index.build();
    if (stats.sidecars === 0) return;
    const t = index.totals();
    assert.equal(t.broken, 0);
    assert.ok(t.mentions > 100 && t.claims > 10, JSON.stringify(t));
    const china = index.entities().find(e => e.entity === 'china');
    assert.ok(china && china.mentions > 10 && china.files >= 2);
    assert.equal(index.mentionsOf('china').length, china.mentions);
  });
});

describe('workspace index: one unreadable sidecar', () => {
  it('is left out and reported, and every other sidecar is indexed', async () => {
    const mfs = corpus();
    const unreadable = '/ws/sub/b.txt.annotations.yaml';
    const readText = mfs.readText.bind(mfs);
    mfs.readText = async (location: string) => {
      if (location === unreadable) throw new Error('Unable to resolve filesystem provider');
      return readText(location);
    };
    const index = new WorkspaceIndex(mfs, ['/ws']);
    await index.build();
    assert.equal(index.get(unreadable), undefined);
    assert.ok(index.get('/ws/a.txt.annotations.yaml'), 'the readable sidecar is indexed');
    assert.match(index.readFailures.get(unreadable)?.message ?? '', /filesystem provider/);
    mfs.readText = readText;
    await index.build();
    assert.ok(index.get(unreadable), 'indexed once it can be read');
    assert.equal(index.readFailures.size, 0);
  });
});

describe('workspace index: article lines', () => {
  it('keeps where each article line starts, persists it, and reads it again when the article changes', async () => {
    const mfs = corpus();
    mfs.files.set('/ws/a.txt', 'first line\nsecond 😀 line\nthird');
    const index = new WorkspaceIndex(mfs, ['/ws']);
    await index.build();
    assert.deepEqual(index.get('/ws/a.txt')!.lines, { starts: [0, 11, 25], astral: [18] });
    assert.equal(index.get('/ws/sub/b.txt')!.lines, undefined, 'an article that is not there has none');
    const restored = WorkspaceIndex.fromJSON(mfs, ['/ws'], JSON.parse(JSON.stringify(index.toJSON())));
    assert.deepEqual(restored.get('/ws/a.txt')!.lines, { starts: [0, 11, 25], astral: [18] });
    mfs.files.set('/ws/a.txt', 'one\r\ntwo');
    await restored.articleChanged('/ws/a.txt');
    assert.deepEqual(restored.get('/ws/a.txt')!.lines, { starts: [0, 4] });
  });
});
