// Short random ids: two annotators working on separate branches never mint the same id, which a
// counter cannot promise after a git merge. 7 base36 characters = 78 billion values per prefix.

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export type RandomSource = () => number;

export function newId(prefix: 'm' | 'c' | 'r', taken?: ReadonlySet<string>, random: RandomSource = Math.random): string {
  for (;;) {
    let id = prefix;
    for (let i = 0; i < 7; i++) id += ALPHABET[Math.floor(random() * 36)];
    if (!taken?.has(id)) return id;
  }
}

/** A readable entity id from a name: "Xi Jinping" -> "xi-jinping". */
export function slugify(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'entity';
}

export function uniqueSlug(name: string, taken: ReadonlySet<string>): string {
  const base = slugify(name);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
