// The corpus view keeps the index in line with the disk by itself: file watchers drop and
// coalesce events under load, so a burst of events (or a folder appearing) makes it re-check.
import { strict as assert } from 'assert';
import { DEFAULT_CODEBOOK } from '../../src/core/codebook';
import { Sidecar } from '../../src/core/model';
import { serializeSidecar } from '../../src/core/sidecarFormat';
import { AnnotationStore } from '../../src/store/annotationStore';
import { CorpusView } from '../../src/store/corpusView';
import { MemoryFileSystem } from '../support/memoryFileSystem';

const sidecar = (i: number): string => serializeSidecar({ version: 1, article: { title: `A${i}` }, claims: [],
  mentions: [{ id: `m${String(i).padStart(7, '0')}`, entity: 'china', start: 0, end: 5, text: 'China', before: '', after: '', anchor: 'exact' }] } as Sidecar);

function setup() {
  const fs = new MemoryFileSystem({ '/ws/a.txt': 'China', '/ws/a.txt.annotations.yaml': sidecar(0) });
  const corpus = new CorpusView(fs, new AnnotationStore(fs, () => DEFAULT_CODEBOOK, 0), () => ['/ws']);
  return { fs, corpus };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const count = (corpus: CorpusView) => corpus.articles().length;

describe('CorpusView reconciles itself after a burst', () => {
  it('files whose events were dropped are found once a burst of events quiets down', async () => {
    const { fs, corpus } = setup();
    await corpus.scan();
    for (let i = 1; i <= 300; i++) { fs.files.set(`/ws/burst/${i}.txt`, 'China'); fs.files.set(`/ws/burst/${i}.txt.annotations.yaml`, sidecar(i)); }
    // Only some events arrive, each refreshing its own file.
    for (let i = 1; i <= 300; i += 7) { await corpus.refresh(`/ws/burst/${i}.txt.annotations.yaml`); corpus.noteFileEvent(); }
    assert.ok(count(corpus) < 301);
    await sleep(CorpusView.RECONCILE_QUIET_MS + 200);
    assert.equal(count(corpus), 301);
    corpus.dispose();
  });

  it('a folder that appears makes it look, though no file reported itself', async () => {
    const { fs, corpus } = setup();
    await corpus.scan();
    for (let i = 1; i <= 5; i++) fs.files.set(`/ws/moved/${i}.txt.annotations.yaml`, sidecar(i));
    corpus.noteFileEvent(true);
    await sleep(CorpusView.RECONCILE_QUIET_MS + 200);
    assert.equal(count(corpus), 6);
    corpus.dispose();
  });

  it('a single save does not re-check the whole corpus', async () => {
    const { fs, corpus } = setup();
    await corpus.scan();
    fs.files.set('/ws/b.txt.annotations.yaml', sidecar(1));
    const reads = fs.reads;
    corpus.noteFileEvent();
    await sleep(CorpusView.RECONCILE_QUIET_MS + 200);
    assert.equal(fs.reads, reads);
    assert.equal(count(corpus), 1);
    corpus.dispose();
  });

  it('events that keep flowing still lead to a re-check within the maximum wait', async () => {
    const { fs, corpus } = setup();
    await corpus.scan();
    fs.files.set('/ws/late.txt.annotations.yaml', sidecar(9));
    const t0 = Date.now();
    while (count(corpus) < 2 && Date.now() - t0 < CorpusView.RECONCILE_MAX_WAIT_MS + 1000) { corpus.noteFileEvent(); await sleep(50); }
    assert.equal(count(corpus), 2);
    assert.ok(Date.now() - t0 <= CorpusView.RECONCILE_MAX_WAIT_MS + 500);
    corpus.dispose();
  });
});

describe('CorpusView: mentions of an entity by article', () => {
  it('takes closed articles from the index with their line starts, open ones from the store with their text', async () => {
    const fs = new MemoryFileSystem({ '/ws/a.txt': 'China', '/ws/a.txt.annotations.yaml': sidecar(0),
      '/ws/b.txt': 'x\nChina', '/ws/b.txt.annotations.yaml': sidecar(1).replace('start: 0, end: 5', 'start: 2, end: 7') });
    const store = new AnnotationStore(fs, () => DEFAULT_CODEBOOK, 0);
    const corpus = new CorpusView(fs, store, () => ['/ws']);
    await corpus.scan();
    await store.open('/ws/a.txt', 'Then China');
    const byArticle = corpus.mentionsByArticle('china');
    assert.deepEqual(byArticle.map(a => a.article), ['/ws/a.txt', '/ws/b.txt']);
    assert.equal(byArticle[0].text, store.get('/ws/a.txt')!.text, 'the open article, with its live text');
    assert.equal(byArticle[0].lines, undefined);
    assert.deepEqual(byArticle[1].lines, { starts: [0, 2] });
    assert.deepEqual(byArticle[1].mentions.map(m => [m.start, m.end]), [[2, 7]]);
    assert.deepEqual(corpus.mentionsOf('china').map(m => m.article), ['/ws/a.txt', '/ws/b.txt']);
    assert.deepEqual(corpus.mentionsByArticle('nobody'), []);
  });
});
