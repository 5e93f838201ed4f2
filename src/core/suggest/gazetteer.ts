// The codebook as a gazetteer: every entity's name and aliases, found in an article in one pass of
// an Aho–Corasick automaton (automaton.ts), with the rules real text needs:
// - whole words only, in any script (a name is never found inside a longer word, nor touching
//   one: "U.S." is not in "U.S.A");
// - a possessive ('s, ’s) is left out of the match, since an apostrophe is not a word character;
// - curly and straight apostrophes, and any whitespace run (no-break spaces, line breaks) inside a
//   multi-word name, match each other;
// - the longest match wins where matches overlap;
// - case: short acronyms (US, UN, EU: at most three letters, all capitals) must match their case,
//   other names match in any case, unless the entity's `case` field in the codebook says otherwise;
// - a name shared by several entities gives one match with all of them as candidates;
// - an initialism is found spelt with or without dots ("US" for "U.S." and back), and a name
//   opening with "the" also without it when the rest is an initialism or several capitalised
//   words ("UN resolutions" for "the UN"), unless that spelling is some entity's name of its own
//   or two entities would get it.
import { Codebook, Entity } from '../model';
import { Automaton } from './automaton';
import { caseFoldTable, foldKeepCase, foldName, wordCharAt, wordCharBefore } from './fold';

const SPACE = 0x20;

export interface NameMatch {
  /** UTF-16 indices in the text. */
  start: number;
  end: number;
  /** Entity ids the matched name belongs to (more than one when the name is ambiguous). */
  entities: string[];
}

interface Variant {
  entity: string;
  /** The name folded without case folding, for case-sensitive names. */
  exact: string;
  caseSensitive: boolean;
}

/** Names with at most this many letters, all capitals, are acronyms and match only in capitals. */
const ACRONYM_LETTERS = 3;

export function caseSensitiveByDefault(name: string): boolean {
  let letters = 0;
  for (const ch of name) {
    if (ch.toLowerCase() !== ch.toUpperCase()) {
      if (ch !== ch.toUpperCase()) return false;
      letters++;
    }
  }
  return letters > 0 && letters <= ACRONYM_LETTERS;
}

export function isCaseSensitive(entity: Pick<Entity, 'case'>, name: string): boolean {
  return entity.case === 'sensitive' ? true : entity.case === 'insensitive' ? false : caseSensitiveByDefault(name);
}

export class Gazetteer {
  private readonly automaton: Automaton;
  /** Per pattern: the names (of one or more entities) that fold to it. */
  private readonly variants: Variant[][];
  /** Pattern index by folded name. */
  private readonly byKey = new Map<string, number>();
  /** Entities of type `person` (titles before their names belong to the mention; see titles.ts). */
  readonly persons = new Set<string>();
  readonly nameCount: number;

  constructor(entities: readonly (Pick<Entity, 'id' | 'name' | 'aliases' | 'case'> & { type?: string })[]) {
    const fold = caseFoldTable();
    const byKey = this.byKey;
    const patterns: string[] = [];
    this.variants = [];
    // Other spellings of the names (respellings), where no entity has that spelling as a name and
    // only one entity would get it.
    const keys = entities.map(e => [e.name, ...e.aliases].map(n => foldName(n, true)));
    const named = new Set(keys.flat());
    const respelt = new Map<string, { entity: string; name: string }[]>();
    for (const e of entities) for (const name of [e.name, ...e.aliases]) for (const other of MAYBE_RESPELT.test(name) ? respellings(name) : []) {
      const key = foldName(other, true);
      if (!key || named.has(key)) continue;
      const list = respelt.get(key) ?? respelt.set(key, []).get(key)!;
      if (!list.some(r => r.entity === e.id && r.name === other)) list.push({ entity: e.id, name: other });
    }
    const extra = new Map<string, string[]>();
    for (const list of respelt.values()) {
      if (new Set(list.map(r => r.entity)).size !== 1) continue;
      for (const r of list) (extra.get(r.entity) ?? extra.set(r.entity, []).get(r.entity)!).push(r.name);
    }
    let names = 0;
    for (let ei = 0; ei < entities.length; ei++) {
      const e = entities[ei];
      if (e.type === 'person') this.persons.add(e.id);
      const own = 1 + e.aliases.length, all = [e.name, ...e.aliases, ...extra.get(e.id) ?? []];
      for (let n = 0; n < all.length; n++) {
        const name = all[n];
        const key = n < own ? keys[ei][n] : foldName(name, true);
        if (key === '') continue;
        if (n < own) names++;
        let id = byKey.get(key);
        if (id === undefined) { id = patterns.length; byKey.set(key, id); patterns.push(key); this.variants.push([]); }
        const variant: Variant = { entity: e.id, exact: foldName(name, false), caseSensitive: isCaseSensitive(e, name) };
        const list = this.variants[id];
        if (!list.some(v => v.entity === variant.entity && v.exact === variant.exact && v.caseSensitive === variant.caseSensitive)) list.push(variant);
      }
    }
    this.nameCount = names;
    this.automaton = new Automaton(patterns, fold);
  }

  static fromCodebook(codebook: Codebook): Gazetteer {
    return new Gazetteer(codebook.entities);
  }

  get stateCount(): number { return this.automaton.stateCount; }

  /**
   * `m` without its first `skip` units (a leading "the"), when what is left is a name of some of its
   * entities: the match for those; undefined otherwise.
   */
  withoutPrefix(text: string, m: NameMatch, skip: number): NameMatch | undefined {
    const entities = this.entitiesNamed(text, m.start + skip, m.end).filter(e => m.entities.includes(e));
    return entities.length ? { start: m.start + skip, end: m.end, entities } : undefined;
  }

  /** The entities `text[start, end)` is a name of, by the same rules as find() (no word-boundary test). */
  entitiesNamed(text: string, start: number, end: number): string[] {
    const id = this.byKey.get(foldName(text.slice(start, end), true));
    return id === undefined ? [] : this.entitiesOf(id, text, start, end);
  }

  /** The entities pattern `id` names at `text[start, end)`: its case-sensitive names only when written as they are. */
  private entitiesOf(id: number, text: string, start: number, end: number): string[] {
    const out: string[] = [];
    for (const v of this.variants[id]) {
      if (v.caseSensitive && !sameExact(text, start, end, v.exact)) continue;
      if (!out.includes(v.entity)) out.push(v.entity);
    }
    return out;
  }

  /** Every name found in `text`, overlaps resolved (longest first), in text order. */
  find(text: string): NameMatch[] {
    const starts: number[] = [], ends: number[] = [], pats: number[] = [];
    const automaton = this.automaton, lengths = automaton.patternLength;
    // A match must not touch a word character on either side, whatever its own edges are: "U.S."
    // is not found in "U.S.A".
    automaton.scan(text, (pattern, end) => {
      if (wordCharAt(text, end)) return;
      const start = automaton.startOf(text, end, lengths[pattern]);
      if (wordCharBefore(text, start)) return;
      starts.push(start); ends.push(end); pats.push(pattern);
    });
    // Case rules first; then overlaps. Matches arrive by end; overlapping ones form clusters
    // (found with a stack, since a long match can reach back over several earlier ones), and only
    // inside a cluster is the longest-first rule needed.
    const kept: NameMatch[] = [];
    const clusterStart: number[] = [], clusterEnd: number[] = [], clusterFirst: number[] = [];
    const candidates: NameMatch[] = [];
    for (let i = 0; i < starts.length; i++) {
      const variants = this.variants[pats[i]];
      let entities: string[];
      if (variants.length === 1 && !variants[0].caseSensitive) entities = [variants[0].entity];
      else {
        entities = this.entitiesOf(pats[i], text, starts[i], ends[i]);
        if (entities.length === 0) continue;
      }
      const c: NameMatch = { start: starts[i], end: ends[i], entities };
      let first = candidates.length, lo = c.start, hi = c.end;
      while (clusterEnd.length && clusterEnd[clusterEnd.length - 1] > c.start) {
        lo = Math.min(lo, clusterStart.pop()!); hi = Math.max(hi, clusterEnd.pop()!); first = clusterFirst.pop()!;
      }
      candidates.push(c);
      clusterStart.push(lo); clusterEnd.push(hi); clusterFirst.push(first);
    }
    const order: number[] = [], chosen: NameMatch[] = [];
    for (let n = 0; n < clusterFirst.length; n++) {
      const from = clusterFirst[n], to = n + 1 < clusterFirst.length ? clusterFirst[n + 1] : candidates.length;
      if (to - from === 1) { kept.push(candidates[from]); continue; }
      // Clusters are small (two or three names), and there are thousands of them in a long text
      // with a big codebook: insertion sorts in reused arrays, no sort() or closures.
      order.length = 0;
      for (let i = from; i < to; i++) {
        const m = candidates[i];
        let j = order.length;
        while (j > 0 && longerFirst(candidates[order[j - 1]], m) > 0) { order[j] = order[j - 1]; j--; }
        order[j] = i;
      }
      chosen.length = 0;
      for (const i of order) {
        const m = candidates[i];
        let overlaps = false;
        for (const x of chosen) if (m.start < x.end && x.start < m.end) { overlaps = true; break; }
        if (overlaps) continue;
        let j = chosen.length;
        while (j > 0 && chosen[j - 1].start > m.start) { chosen[j] = chosen[j - 1]; j--; }
        chosen[j] = m;
      }
      for (const m of chosen) kept.push(m);
    }
    return kept;
  }
}

/** Longest first, then the earliest: the order in which overlapping names are kept. */
function longerFirst(a: NameMatch, b: NameMatch): number {
  return (b.end - b.start) - (a.end - a.start) || a.start - b.start;
}

/** The other spelling of a name's initialisms: "U.S." for "US", "US" for "U.S." (undefined when it has none). */
function otherInitialismSpelling(name: string): string | undefined {
  let changed = false;
  const words = name.split(' ').map(w => {
    if (INITIALISM_DOTTED.test(w)) { changed = true; return w.replace(/\./g, ''); }
    if (INITIALISM.test(w)) { changed = true; return [...w].join('.') + '.'; }
    return w;
  });
  return changed ? words.join(' ') : undefined;
}
const INITIALISM_DOTTED = /^(?:\p{Lu}\.){2,}$/u, INITIALISM = /^\p{Lu}{2,3}$/u;
/** Names that may have another spelling: two capitals or a capital and a dot in a row, or a leading "the". */
const MAYBE_RESPELT = /\p{Lu}[\p{Lu}.]|^[Tt]he\s/u;

/**
 * Other ways a name is written: its initialisms spelt the other way; and without its "the" ("UN"
 * for "the UN", "European Union" for "the European Union", as in "UN resolutions") when what
 * follows is an initialism or several capitalised words, never a common word ("the two") or a
 * lone word that is also a direction or a common noun ("the West", "the North").
 */
function respellings(name: string): string[] {
  const out: string[] = [];
  const add = (n: string | undefined) => { if (n !== undefined && n !== name && !out.includes(n)) out.push(n); };
  add(otherInitialismSpelling(name));
  const bare = /^[Tt]he\s+(.*)$/s.exec(name)?.[1];
  if (bare !== undefined) {
    const words = bare.split(/\s+/);
    const initialism = words.length === 1 && (INITIALISM_DOTTED.test(bare) || /^\p{Lu}{2,}$/u.test(bare));
    if (initialism || (words.length >= 2 && words.every(w => /^\p{Lu}/u.test(w)))) {
      add(bare);
      add(otherInitialismSpelling(bare));
    }
  }
  return out;
}

/** Whether text[start, end) equals a name folded without case folding (spaces collapsed). */
function sameExact(text: string, start: number, end: number, exact: string): boolean {
  let j = 0;
  for (let i = start; i < end; i++) {
    const f = foldKeepCase(text.charCodeAt(i));
    if (f === SPACE) while (i + 1 < end && foldKeepCase(text.charCodeAt(i + 1)) === SPACE) i++;
    if (j >= exact.length || exact.charCodeAt(j) !== f) return false;
    j++;
  }
  return j === exact.length;
}
