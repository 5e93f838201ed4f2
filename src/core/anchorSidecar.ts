// Brings a whole sidecar in line with its article's current text (changes made outside the
// editor: git checkout, pull, another editor). Nothing is dropped: what cannot be found is kept
// and marked orphaned; fuzzy matches keep their old quote so a reviewer can compare.
import { AnchorOutcome, AnchorTarget, reanchor, reanchorAsync } from './anchoring';
import { Annotation, Claim, compareSpans, Mention, Sidecar } from './model';
import { CodePointIndex, hashText, normalizeNewlines } from './text';

export interface ReanchorResult {
  sidecar: Sidecar;
  /** True when offsets, anchor states or the stored hash changed. */
  changed: boolean;
  /** Reasons for annotations that became orphans, by id. */
  orphanReasons: Map<string, string>;
}

export function reanchorSidecar(s: Sidecar, articleText: string | CodePointIndex): ReanchorResult {
  return reanchorWith(s, articleText, (all, index) => reanchor(all, index));
}

/** The same, pausing between slices of work (see reanchorAsync) so the editor stays responsive. */
export async function reanchorSidecarAsync(s: Sidecar, articleText: string | CodePointIndex): Promise<ReanchorResult> {
  const index = toIndex(articleText);
  if (s.article.hash === hashText(index.text)) return { sidecar: s, changed: false, orphanReasons: new Map() };
  const outcomes = await reanchorAsync(annotationsInOrder(s), index);
  return reanchorWith(s, index, () => outcomes);
}

function toIndex(articleText: string | CodePointIndex): CodePointIndex {
  return typeof articleText === 'string' ? new CodePointIndex(normalizeNewlines(articleText)) : articleText;
}

/** Mentions and claims are placed in one pass, in position order, so each helps place the others. */
function annotationsInOrder(s: Sidecar): Annotation[] {
  return [...s.mentions, ...s.claims].sort(compareSpans);
}

function reanchorWith(s: Sidecar, articleText: string | CodePointIndex,
  place: (all: readonly AnchorTarget[], index: CodePointIndex) => AnchorOutcome[]): ReanchorResult {
  const index = toIndex(articleText);
  const hash = hashText(index.text);
  const orphanReasons = new Map<string, string>();
  if (s.article.hash === hash) return { sidecar: s, changed: false, orphanReasons };
  const all = annotationsInOrder(s);
  const outcomes = place(all, index);
  const placed = new Map<Annotation, Annotation>(); // by object: ids may repeat in a broken file
  all.forEach((a, i) => {
    const o = outcomes[i];
    if (o.anchor === 'orphan') {
      if (o.reason) orphanReasons.set(a.id, o.reason);
      const orphan = { ...a, anchor: 'orphan' as const };
      delete orphan.score;
      placed.set(a, orphan);
      return;
    }
    const next = { ...a, start: o.start, end: o.end, anchor: o.anchor };
    if (o.anchor === 'fuzzy') next.score = o.score;
    else { delete next.score; Object.assign(next, index.quote(o.start, o.end)); }
    placed.set(a, next);
  });
  const sidecar: Sidecar = { ...s, article: { ...s.article, hash },
    mentions: s.mentions.map(m => placed.get(m) as Mention), claims: s.claims.map(c => placed.get(c) as Claim) };
  // Rejected suggestions move with the text too, in a pass of their own (they must not pull
  // annotations towards look-alike places); one that cannot be found is kept as an orphan.
  if (s.rejections?.length) {
    const rejections = [...s.rejections].sort(compareSpans);
    const found = reanchor(rejections, index);
    sidecar.rejections = rejections.map((r, i) => {
      const o = found[i];
      if (o.anchor === 'orphan') { const orphan = { ...r, anchor: 'orphan' as const }; delete orphan.score; return orphan; }
      const next = { ...r, start: o.start, end: o.end, anchor: o.anchor };
      if (o.anchor === 'fuzzy') next.score = o.score;
      else { delete next.score; Object.assign(next, index.quote(o.start, o.end)); }
      return next;
    });
  }
  return { sidecar, changed: true, orphanReasons };
}
