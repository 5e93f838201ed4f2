// `npm run eval`: suggestions against the hand-made sidecars of samples/.
//   1. actor mentions with the samples' codebook: precision, recall, F1 (exact span and entity);
//   2. leave-one-article-out: each article with a codebook that knows only what the other articles
//      teach (the entities annotated there, their names and the surface forms annotated there),
//      since the samples' codebook was written from these same articles and flatters a gazetteer;
//   3. unseen articles: test/fixtures/unseen/ holds articles written and annotated after the
//      codebook, read with the samples' codebook as it is (their gold also has actors it lacks).
// A suggestion with several candidate entities counts as right when the gold entity is among them
// (the annotator picks); how many were ambiguous is printed.
//   npx tsx scripts/eval.ts [--errors]   (--errors lists the misses and false alarms)
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { loadCodebook } from '../src/core/codebook';
import { Claim, Codebook, Entity, Mention } from '../src/core/model';
import { loadSidecar } from '../src/core/sidecarFormat';
import { Gazetteer, isPersonIn, jointActor, MentionSuggestion, suggestClaims, suggestMentions, suggestNewActors } from '../src/core/suggest';
import { CodePointIndex, normalizeNewlines } from '../src/core/text';

const SAMPLES = join(__dirname, '..', 'samples');
const showErrors = process.argv.includes('--errors');

interface Article { name: string; index: CodePointIndex; mentions: Mention[]; claims: Claim[] }

const UNSEEN = join(__dirname, '..', 'test', 'fixtures', 'unseen');

function loadArticles(folder = SAMPLES): Article[] {
  return readdirSync(folder).filter(f => f.endsWith('.txt')).sort().map(name => {
    const index = new CodePointIndex(normalizeNewlines(readFileSync(join(folder, name), 'utf8')));
    const sidecar = loadSidecar(readFileSync(join(folder, name + '.annotations.yaml'), 'utf8')).sidecar!;
    return { name, index, mentions: sidecar.mentions, claims: sidecar.claims };
  });
}

interface Score { tp: number; fp: number; fn: number; ambiguous: number; errors: string[] }

function score(article: Article, suggestions: MentionSuggestion[], into: Score): void {
  const gold = new Map(article.mentions.map(m => [`${m.start}:${m.end}`, m]));
  const matched = new Set<string>();
  for (const s of suggestions) {
    const key = `${s.start}:${s.end}`, g = gold.get(key);
    const entities = s.entity ? [s.entity] : s.candidates!;
    if (!s.entity) into.ambiguous++;
    if (g && entities.includes(g.entity)) { into.tp++; matched.add(key); }
    else {
      into.fp++;
      into.errors.push(`${article.name} false alarm ${s.start}-${s.end} "${s.text}" as ${entities.join('|')}${g ? ` (gold: ${g.entity})` : ''}`);
    }
  }
  for (const [key, g] of gold) if (!matched.has(key)) {
    into.fn++;
    into.errors.push(`${article.name} missed ${g.start}-${g.end} "${g.text}" (${g.entity})`);
  }
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5) + '%';
function line(label: string, s: Score): string {
  const p = s.tp / (s.tp + s.fp || 1), r = s.tp / (s.tp + s.fn || 1), f = (2 * p * r) / (p + r || 1);
  return `${label.padEnd(34)} precision ${pct(p)}  recall ${pct(r)}  F1 ${pct(f)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, ambiguous ${s.ambiguous})`;
}
const empty = (): Score => ({ tp: 0, fp: 0, fn: 0, ambiguous: 0, errors: [] });

/** A codebook that knows only what `teachers` teach: their annotated entities and surface forms. */
function learnedCodebook(full: Codebook, teachers: Article[]): Codebook {
  const forms = new Map<string, Set<string>>();
  for (const a of teachers) for (const m of a.mentions) (forms.get(m.entity) ?? forms.set(m.entity, new Set()).get(m.entity)!).add(m.text);
  const entities: Entity[] = full.entities.filter(e => forms.has(e.id))
    .map(e => ({ ...e, aliases: [...forms.get(e.id)!].filter(t => t !== e.name) }));
  return { ...full, entities };
}

const articles = loadArticles();
const codebook = loadCodebook(readFileSync(join(SAMPLES, 'claimlens.codebook.yaml'), 'utf8')).codebook!;

console.log(`Actor mentions, ${articles.length} articles, ${articles.reduce((n, a) => n + a.mentions.length, 0)} gold mentions (exact span and entity)`);
const t0 = performance.now();
const gazetteer = Gazetteer.fromCodebook(codebook);
const total = empty();
for (const a of articles) {
  const s = empty();
  const suggestions = suggestMentions(gazetteer, a.index, { mentions: [] });
  score(a, suggestions, s); score(a, suggestions, total);
  console.log(line(`  ${a.name}`, s));
}
console.log(line('samples codebook, all articles', total));
const loo = empty();
for (const a of articles) {
  const g = Gazetteer.fromCodebook(learnedCodebook(codebook, articles.filter(b => b !== a)));
  const s = empty();
  const suggestions = suggestMentions(g, a.index, { mentions: [] });
  score(a, suggestions, s); score(a, suggestions, loo);
  console.log(line(`  held out ${a.name}`, s));
}
console.log(line('leave-one-article-out', loo));
const unseen = empty();
const unseenArticles = loadArticles(UNSEEN);
for (const a of unseenArticles) {
  const s = empty();
  const suggestions = suggestMentions(gazetteer, a.index, { mentions: [] });
  score(a, suggestions, s); score(a, suggestions, unseen);
  console.log(line(`  unseen ${a.name}`, s));
}
console.log(line(`unseen articles (${unseenArticles.reduce((n, a) => n + a.mentions.length, 0)} gold)`, unseen));
// The same, with the gold limited to actors the samples' codebook knows: what a gazetteer can find.
const known = new Set(codebook.entities.map(e => e.id));
const unseenKnown = empty();
for (const a of unseenArticles) score({ ...a, mentions: a.mentions.filter(m => known.has(m.entity)) }, suggestMentions(gazetteer, a.index, { mentions: [] }), unseenKnown);
console.log(line('unseen, actors the codebook knows', unseenKnown));
console.log(`(${(performance.now() - t0).toFixed(0)} ms)`);

// Claims: a gold claim is recalled when a suggested claim overlaps it; the claimant is right when
// the overlapping suggestion names the gold claimant. The claimant is guessed from the mention
// suggestions (not from the hand-made mentions), as for an article nobody has annotated yet.
console.log(`\nClaims, ${articles.reduce((n, a) => n + a.claims.length, 0)} gold claims (overlapping span; claimant)`);
const claimErrors: string[] = [];
/** Claims of every article, with mentions suggested by `gazetteerFor(article)`; prints a line per article when `label` is absent. */
function scoreClaims(gazetteerFor: (a: Article) => { gazetteer: Gazetteer; codebook: Codebook }, label?: string): void {
  let gold = 0, recalled = 0, rightClaimant = 0, proposed = 0, useful = 0;
  for (const a of articles) {
    const { gazetteer: g, codebook: c0 } = gazetteerFor(a);
    const mentions = suggestMentions(g, a.index, { mentions: [] }).map(s => ({ start: s.start, end: s.end, entity: s.entity ?? s.candidates![0] }));
    const claims = suggestClaims(a.index, mentions, [], jointActor(c0.entities), isPersonIn(c0.entities));
    let r = 0, c = 0;
    for (const g of a.claims) {
      const hit = claims.find(s => s.start < g.end && g.start < s.end);
      if (!hit) { if (!label) claimErrors.push(`${a.name} claim missed (${g.form}) "${g.text.slice(0, 70)}"`); continue; }
      r++;
      if (hit.claimant === g.claimant) c++;
      else if (!label) claimErrors.push(`${a.name} claimant ${hit.claimant} for ${g.claimant}: "${g.text.slice(0, 60)}"`);
    }
    const u = claims.filter(s => a.claims.some(g => s.start < g.end && g.start < s.end)).length;
    gold += a.claims.length; recalled += r; rightClaimant += c; proposed += claims.length; useful += u;
    if (!label) console.log(`  ${a.name.padEnd(32)} recall ${pct(r / (a.claims.length || 1))}  claimant ${pct(c / (r || 1))}  precision ${pct(u / (claims.length || 1))}  (${r}/${a.claims.length} recalled, ${c} right claimant, ${claims.length} proposed)`);
  }
  console.log(`  ${(label ?? 'all articles').padEnd(32)} recall ${pct(recalled / gold)}  claimant ${pct(rightClaimant / (recalled || 1))}  precision ${pct(useful / (proposed || 1))}  (${rightClaimant}/${recalled} right claimant${label ? '' : '; targets: recall >= 70%, claimant >= 80%'})`);
}
scoreClaims(() => ({ gazetteer, codebook }));
// Held out: the mentions a claimant is chosen from come from a codebook that knows only the other
// articles, as for an article the codebook was not written from.
scoreClaims(a => {
  const learned = learnedCodebook(codebook, articles.filter(b => b !== a));
  return { gazetteer: Gazetteer.fromCodebook(learned), codebook: learned };
}, 'leave-one-article-out');

// New actors, with an empty codebook: a gold entity with two or more mentions is covered when a
// candidate's name is one of the texts it is annotated with (case and a leading "the" aside); a candidate is real
// when its name is the annotated text of some gold mention.
console.log('\nNew actors (empty codebook)');
let entitiesTotal = 0, covered = 0, candidatesTotal = 0, real = 0;
const newActorErrors: string[] = [];
for (const a of articles) {
  const candidates = suggestNewActors(a.index);
  const names = new Set(candidates.map(c => c.name.toLowerCase()));
  const texts = new Map<string, Set<string>>();
  // "the United States" is found as "United States": a leading article does not count.
  for (const m of a.mentions) (texts.get(m.entity) ?? texts.set(m.entity, new Set()).get(m.entity)!).add(m.text.toLowerCase().replace(/\s+/g, ' ').replace(/^the /, ''));
  const counts = new Map<string, number>();
  for (const m of a.mentions) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
  const allTexts = new Set([...texts.values()].flatMap(s => [...s]));
  let e = 0, c = 0;
  for (const [entity, n] of counts) {
    if (n < 2) continue;
    e++;
    if ([...texts.get(entity)!].some(t => names.has(t))) c++; else newActorErrors.push(`${a.name} not proposed: ${entity} (${[...texts.get(entity)!].join(' | ')})`);
  }
  const r = candidates.filter(x => allTexts.has(x.name.toLowerCase())).length;
  entitiesTotal += e; covered += c; candidatesTotal += candidates.length; real += r;
  console.log(`  ${a.name.padEnd(32)} coverage ${pct(c / (e || 1))}  real ${pct(r / (candidates.length || 1))}  (${c}/${e} entities with 2+ mentions, ${r}/${candidates.length} candidates)`);
}
console.log(`  ${'all articles'.padEnd(32)} coverage ${pct(covered / entitiesTotal)}  real ${pct(real / (candidatesTotal || 1))}  (targets: coverage >= 80%, real >= 50%)`);
if (showErrors) newActorErrors.forEach(e => console.log(e));
if (showErrors) claimErrors.forEach(e => console.log(e));
if (showErrors) for (const e of [...total.errors, ...loo.errors.map(e => 'LOO ' + e), ...unseen.errors.map(e => 'unseen ' + e)]) console.log(e);
