// The team's shared codebook, `claimlens.codebook.yaml` at the workspace root: entity types,
// entities with aliases, stances and topics. It is small and hand-edited, so it is always read and
// written through the YAML Document API (comments and layout survive every change made from the
// editor). Every operation is a pure function returning new values.
import type { Document, YAMLMap, YAMLSeq } from 'yaml';
import { yaml } from './yamlLib';
import { Claim, Codebook, Entity, EntityType, FORMAT_VERSION, Mention, NAME_CASES, NameCase, Sidecar, Stance, Topic } from './model';
import { Problem, Severity } from './problems';
import { uniqueSlug } from './ids';
import { expandAliases, locate, MAX_ALIAS_COUNT, parseYaml, STRINGIFY_OPTIONS, syncSeqById, YamlPath } from './yamlDoc';

export const DEFAULT_CODEBOOK: Codebook = Object.freeze({
  version: 1,
  types: [
    { id: 'person', label: 'Person', color: '#1f77b4' },
    { id: 'country', label: 'Country', color: '#2ca02c' },
    { id: 'organization', label: 'Organization', color: '#9467bd' },
    { id: 'group', label: 'Group', color: '#ff7f0e' },
  ],
  stances: [
    { id: 'support', label: 'Support' },
    { id: 'oppose', label: 'Oppose' },
    { id: 'neutral', label: 'Neutral' },
  ],
  topics: [],
  entities: [],
}) as Codebook;

export interface LoadedCodebook {
  codebook?: Codebook;
  problems: Problem[];
  document?: Document;
  locate(path: YamlPath): { line: number; column: number };
}

type Report = (path: YamlPath, message: string, code: string, severity?: Severity) => void;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function loadCodebook(source: string): LoadedCodebook {
  const { doc, problems, lineCounter } = parseYaml(source);
  const where = (path: YamlPath) => locate(doc, lineCounter, path);
  if (!doc || problems.some(p => p.severity === 'error')) return { problems, locate: where };
  const codebook = readCodebook(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), (path, message, code, severity = 'error') =>
    problems.push({ ...where(path), severity, message, code }));
  return { codebook, problems, document: doc, locate: where };
}

export function readCodebook(raw: unknown, report: Report): Codebook {
  const cb: Codebook = { version: 1, types: [], stances: [], topics: [], entities: [] };
  if (raw === null || raw === undefined) raw = {};
  if (!isObject(raw)) { report([], 'a codebook must be a YAML mapping', 'shape'); return { ...DEFAULT_CODEBOOK }; }
  if (raw.claimlens === undefined) report([], 'missing `claimlens: 1` (the format version)', 'missing-version');
  else if (raw.claimlens !== FORMAT_VERSION) report(['claimlens'], `unsupported format version ${JSON.stringify(raw.claimlens)}`, 'version');
  // Entries that are skipped shift the model's indices; problems must name the file's.
  const fileIndex: Record<string, number[]> = {};
  const list = (key: string): [Record<string, unknown>, number][] => {
    const v = raw[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) { report([key], `\`${key}\` must be a list`, 'type'); return []; }
    return v.flatMap((item, i): [Record<string, unknown>, number][] => {
      if (isObject(item)) return [[item, i]];
      report([key, i], 'each entry must be a mapping', 'type');
      return [];
    });
  };
  const str = (o: Record<string, unknown>, path: YamlPath, key: string, required: boolean): string | undefined => {
    const v = o[key];
    if (v === undefined || v === null) { if (required) report(path, `missing \`${key}\``, 'missing-field'); return undefined; }
    if (typeof v !== 'string' && typeof v !== 'number') { report([...path, key], `\`${key}\` must be a string`, 'type'); return undefined; }
    return String(v);
  };
  const labelled = (key: string): { id: string; label: string; color?: string }[] => list(key).flatMap(([o, i]) => {
    const id = str(o, [key, i], 'id', true);
    if (id === undefined) return [];
    (fileIndex[key] ??= []).push(i);
    const color = str(o, [key, i], 'color', false);
    if (color !== undefined && !/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(color))
      report([key, i, 'color'], '`color` must be a hex colour like #1f77b4', 'type');
    return [{ id, label: str(o, [key, i], 'label', false) ?? id, ...(color !== undefined ? { color } : {}) }];
  });
  const hasTypes = raw.types !== undefined, hasStances = raw.stances !== undefined;
  cb.types = hasTypes ? labelled('types') : DEFAULT_CODEBOOK.types.map(t => ({ ...t }));
  cb.stances = hasStances ? labelled('stances').map(({ id, label }) => ({ id, label })) : DEFAULT_CODEBOOK.stances.map(s => ({ ...s }));
  cb.topics = labelled('topics').map(({ id, label }) => ({ id, label }));
  cb.entities = list('entities').flatMap(([o, i]) => {
    const path = ['entities', i];
    const id = str(o, path, 'id', true), type = str(o, path, 'type', true);
    if (id === undefined || type === undefined) return [];
    (fileIndex.entities ??= []).push(i);
    const entity: Entity = { id, name: str(o, path, 'name', false) ?? id, type, aliases: [] };
    if (o.aliases !== undefined && o.aliases !== null) {
      if (!Array.isArray(o.aliases)) report([...path, 'aliases'], '`aliases` must be a list of strings', 'type');
      else o.aliases.forEach((a, j) => {
        if (typeof a === 'string' && a.trim() !== '') entity.aliases.push(a);
        else report([...path, 'aliases', j], 'an alias must be a non-empty string', 'type');
      });
    }
    for (const k of ['affiliation', 'wikidata', 'note'] as const) { const v = str(o, path, k, false); if (v !== undefined) entity[k] = v; }
    const nameCase = str(o, path, 'case', false);
    if (nameCase !== undefined) {
      if (NAME_CASES.includes(nameCase as NameCase)) entity.case = nameCase as NameCase;
      else report([...path, 'case'], `\`case\` must be one of ${NAME_CASES.join(', ')}`, 'type');
    }
    return [entity];
  });
  checkCodebook(cb, (path, ...rest) => report(typeof path[1] === 'number'
    ? [path[0], fileIndex[path[0]]?.[path[1]] ?? path[1], ...path.slice(2)] : path, ...rest));
  return cb;
}

/** Cross-reference checks inside the codebook. */
function checkCodebook(cb: Codebook, report: Report): void {
  for (const key of ['types', 'stances', 'topics', 'entities'] as const) {
    const seen = new Set<string>();
    (cb[key] as { id: string }[]).forEach((item, i) => {
      if (seen.has(item.id)) report([key, i, 'id'], `duplicate ${key === 'entities' ? 'entity' : key.slice(0, -1)} id \`${item.id}\``, 'duplicate-id');
      seen.add(item.id);
    });
  }
  const types = new Set(cb.types.map(t => t.id)), ids = new Set(cb.entities.map(e => e.id));
  const aliasOwner = new Map<string, string>();
  cb.entities.forEach((e, i) => {
    if (!types.has(e.type)) report(['entities', i, 'type'], `unknown entity type \`${e.type}\` (types: ${[...types].join(', ')})`, 'unknown-type');
    if (e.affiliation !== undefined && !ids.has(e.affiliation)) report(['entities', i, 'affiliation'], `unknown entity id \`${e.affiliation}\``, 'unknown-entity');
    for (const [j, name] of [e.name, ...e.aliases].entries()) {
      const k = name.toLowerCase(), owner = aliasOwner.get(k);
      if (owner !== undefined && owner !== e.id)
        report(j === 0 ? ['entities', i, 'name'] : ['entities', i, 'aliases', j - 1], `\`${name}\` also names \`${owner}\`; suggestions for it will be ambiguous`, 'ambiguous-alias', 'warning');
      aliasOwner.set(k, e.id);
    }
  });
}

// ---------------------------------------------------------------- writing

function typeFields(t: EntityType): [string, unknown][] { return [['id', t.id], ['label', t.label], ['color', t.color]]; }
function labelFields(t: Stance | Topic): [string, unknown][] { return [['id', t.id], ['label', t.label]]; }
function entityFields(e: Entity): [string, unknown][] {
  return [['id', e.id], ['name', e.name], ['type', e.type], ['aliases', e.aliases.length ? e.aliases : undefined],
    ['affiliation', e.affiliation], ['wikidata', e.wikidata], ['note', e.note], ['case', e.case]];
}

/** Codebook text; with `previous`, the hand-written file is updated in place. */
export function saveCodebook(cb: Codebook, previous?: LoadedCodebook): string {
  const doc = previous?.document ?? new (yaml().Document)({ claimlens: FORMAT_VERSION });
  expandAliases(doc);
  if (!yaml().isMap(doc.contents)) doc.contents = doc.createNode({ claimlens: FORMAT_VERSION }) as YAMLMap;
  const root = doc.contents as YAMLMap;
  const seq = (key: string): YAMLSeq => {
    let node: unknown = root.get(key, true);
    if (!yaml().isSeq(node)) { node = new (yaml().YAMLSeq)(); root.set(key, node); }
    return node as YAMLSeq;
  };
  // A hand-written file that leaves a list out (and so has the default) keeps leaving it out.
  const defaults = { types: DEFAULT_CODEBOOK.types, stances: DEFAULT_CODEBOOK.stances, topics: [], entities: [] };
  const keys = (['types', 'stances', 'topics', 'entities'] as const).filter(key =>
    !previous?.document || root.has(key) || JSON.stringify(cb[key]) !== JSON.stringify(defaults[key]));
  for (const key of keys) {
    if (key === 'entities') syncSeqById(doc, seq(key), cb.entities, entityFields, false, false);
    else syncSeqById(doc, seq(key), cb[key] as (EntityType | Stance | Topic)[], key === 'types' ? typeFields : labelFields, true, false);
  }
  for (const node of root.has('entities') ? seq('entities').items : []) {
    const aliases = yaml().isMap(node) ? node.get('aliases', true) : undefined;
    if (yaml().isSeq(aliases) && (aliases as YAMLSeq).range === undefined) aliases.flow = true; // new alias lists on one line
  }
  for (const key of keys) { const s = seq(key); if (s.items.length === 0) s.flow = true; else if (key === 'entities') s.flow = false; }
  return doc.toString(STRINGIFY_OPTIONS);
}

// ---------------------------------------------------------------- lookups

export function findEntity(cb: Codebook, id: string): Entity | undefined {
  return cb.entities.find(e => e.id === id);
}

export function typeOf(cb: Codebook, entityId: string): EntityType | undefined {
  const e = findEntity(cb, entityId);
  return e && cb.types.find(t => t.id === e.type);
}

// ---------------------------------------------------------------- operations

export class CodebookError extends Error {}

/** Sidecars by path; operations return the ones they changed. */
export type Corpus = ReadonlyMap<string, Sidecar>;

export interface CorpusChange {
  codebook: Codebook;
  /** New versions of the sidecars that changed, by path. */
  sidecars: Map<string, Sidecar>;
}

export function addEntity(cb: Codebook, spec: { name: string; type: string; aliases?: string[]; affiliation?: string; id?: string; wikidata?: string }): { codebook: Codebook; entity: Entity } {
  const name = spec.name.trim();
  if (!name) throw new CodebookError('an entity needs a name');
  if (!cb.types.some(t => t.id === spec.type)) throw new CodebookError(`unknown entity type \`${spec.type}\``);
  const taken = new Set(cb.entities.map(e => e.id));
  if (spec.id !== undefined && taken.has(spec.id)) throw new CodebookError(`entity id \`${spec.id}\` already exists`);
  const aliases = [...new Set((spec.aliases ?? []).map(a => a.trim()).filter(a => a && a !== name))];
  const entity: Entity = { id: spec.id ?? uniqueSlug(name, taken), name, type: spec.type, aliases,
    ...(spec.affiliation ? { affiliation: spec.affiliation } : {}), ...(spec.wikidata ? { wikidata: spec.wikidata } : {}) };
  return { codebook: { ...cb, entities: [...cb.entities, entity] }, entity };
}

export function addAlias(cb: Codebook, id: string, alias: string): Codebook {
  const a = alias.trim();
  const e = requireEntity(cb, id);
  if (!a || a === e.name || e.aliases.includes(a)) return cb;
  return replaceEntity(cb, { ...e, aliases: [...e.aliases, a] });
}

export function addTopic(cb: Codebook, label: string, id?: string): { codebook: Codebook; topic: Topic } {
  const topic = { id: id ?? uniqueSlug(label, new Set(cb.topics.map(t => t.id))), label: label.trim() };
  if (cb.topics.some(t => t.id === topic.id)) throw new CodebookError(`topic id \`${topic.id}\` already exists`);
  return { codebook: { ...cb, topics: [...cb.topics, topic] }, topic };
}

function requireEntity(cb: Codebook, id: string): Entity {
  const e = findEntity(cb, id);
  if (!e) throw new CodebookError(`unknown entity \`${id}\``);
  return e;
}

function replaceEntity(cb: Codebook, e: Entity): Codebook {
  return { ...cb, entities: cb.entities.map(x => (x.id === e.id ? e : x)) };
}

/** Rewrites every reference to `from` in the corpus as `to` (or drops references when `to` is undefined). */
function retarget(corpus: Corpus, from: string, to: string): Map<string, Sidecar> {
  const changed = new Map<string, Sidecar>();
  for (const [path, s] of corpus) {
    let dirty = false;
    const mentions = s.mentions.map((m): Mention => (m.entity === from ? (dirty = true, { ...m, entity: to }) : m));
    const claims = s.claims.map((c): Claim => {
      if (c.claimant !== from && c.addressee !== from && c.object !== from) return c;
      dirty = true;
      return { ...c, claimant: c.claimant === from ? to : c.claimant,
        ...(c.addressee === from ? { addressee: to } : {}), ...(c.object === from ? { object: to } : {}) };
    });
    if (dirty) changed.set(path, { ...s, mentions, claims });
  }
  return changed;
}

export function references(corpus: Corpus, id: string): { mentions: number; claims: number } {
  let mentions = 0, claims = 0;
  for (const s of corpus.values()) {
    for (const m of s.mentions) if (m.entity === id) mentions++;
    for (const c of s.claims) if (c.claimant === id || c.addressee === id || c.object === id) claims++;
  }
  return { mentions, claims };
}

/** Renames an entity's id and/or name; the old name stays findable as an alias. */
export function renameEntity(cb: Codebook, corpus: Corpus, id: string, change: { id?: string; name?: string }): CorpusChange {
  const e = requireEntity(cb, id);
  const newId = change.id?.trim() || id, newName = change.name?.trim() || e.name;
  if (newId !== id && findEntity(cb, newId)) throw new CodebookError(`entity id \`${newId}\` already exists`);
  const aliases = newName !== e.name && !e.aliases.includes(e.name) ? [...e.aliases, e.name] : e.aliases;
  const renamed: Entity = { ...e, id: newId, name: newName, aliases: aliases.filter(a => a !== newName) };
  const entities = cb.entities.map(x => (x.id === id ? renamed : x.affiliation === id ? { ...x, affiliation: newId } : x));
  return { codebook: { ...cb, entities }, sidecars: newId === id ? new Map() : retarget(corpus, id, newId) };
}

/** Merges `from` into `into`: all mentions and claims move to the survivor, names become aliases. */
export function mergeEntities(cb: Codebook, corpus: Corpus, from: string, into: string): CorpusChange {
  if (from === into) throw new CodebookError('cannot merge an entity into itself');
  const loser = requireEntity(cb, from), survivor = requireEntity(cb, into);
  const aliases = [...new Set([...survivor.aliases, loser.name, ...loser.aliases])].filter(a => a !== survivor.name);
  const merged: Entity = { ...survivor, aliases, ...(survivor.wikidata || !loser.wikidata ? {} : { wikidata: loser.wikidata }) };
  if (merged.affiliation === from) delete merged.affiliation; // it would belong to itself
  const entities = cb.entities.filter(e => e.id !== from).map(e =>
    e.id === into ? merged : e.affiliation === from ? { ...e, affiliation: into } : e);
  return { codebook: { ...cb, entities }, sidecars: retarget(corpus, from, into) };
}

/** Deletes an entity; refused while anything refers to it unless `force`, which also removes those annotations. */
export function deleteEntity(cb: Codebook, corpus: Corpus, id: string, force = false): CorpusChange {
  requireEntity(cb, id);
  const refs = references(corpus, id);
  const affiliated = cb.entities.filter(e => e.affiliation === id);
  if (!force && (refs.mentions || refs.claims || affiliated.length))
    throw new CodebookError(`\`${id}\` is still referenced by ${refs.mentions} mention(s), ${refs.claims} claim(s) and ${affiliated.length} affiliated entit${affiliated.length === 1 ? 'y' : 'ies'}`);
  const entities = cb.entities.filter(e => e.id !== id).map(e => {
    if (e.affiliation !== id) return e;
    const { affiliation: _dropped, ...rest } = e;
    return rest;
  });
  const sidecars = new Map<string, Sidecar>();
  for (const [path, s] of corpus) {
    const mentions = s.mentions.filter(m => m.entity !== id);
    const claims = s.claims.filter(c => c.claimant !== id).map(c => {
      if (c.addressee !== id && c.object !== id) return c;
      const copy: Claim = { ...c };
      if (copy.addressee === id) delete copy.addressee;
      if (copy.object === id) delete copy.object;
      return copy;
    });
    if (mentions.length !== s.mentions.length || claims.some((c, i) => c !== s.claims[i]) || claims.length !== s.claims.length)
      sidecars.set(path, { ...s, mentions, claims });
  }
  return { codebook: { ...cb, entities }, sidecars };
}
