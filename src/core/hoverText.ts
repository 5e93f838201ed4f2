// Hover cards as Markdown, built from untrusted sidecar and codebook text. Everything that comes
// from a file is escaped, so a `command:` link, a bare URL, an image or HTML in a note renders as
// plain text. The cards themselves carry no link: the extension's own command links are built
// separately (hoverActions) and are the only Markdown the hover trusts.
import { Claim, Codebook, Entity } from './model';

/**
 * Escapes Markdown and HTML so the text renders literally, on one line. `:` and `@` become
 * entities too: the renderer turns bare URLs (`http://3627733118/`, `www.` needs its dot, which
 * is escaped) and e-mail addresses into links, and it only does so when it sees the `:` or `@`.
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/\s+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, c => '\\' + c) // `<` and `>` become entities below
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/:/g, '&#58;').replace(/@/g, '&#64;');
}

export function firstWords(s: string, max = 60): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut) + '…';
}

export function commandLink(label: string, command: string, args: unknown[]): string {
  // Parentheses are encoded too, so an id containing `)` cannot end the link early.
  const query = encodeURIComponent(JSON.stringify(args)).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${escapeMarkdown(label)}](command:${command}?${query})`;
}

export interface MentionHoverInput {
  entityId: string;
  codebook: Codebook;
  mentionsInArticle: number;
  mentionsInCorpus: number;
  articlesInCorpus: number;
  /** Claims this entity makes in the current article. */
  claims: readonly Claim[];
}

const label = (list: readonly { id: string; label: string }[], id: string | undefined) =>
  id === undefined ? undefined : list.find(x => x.id === id)?.label ?? id;

function entityName(cb: Codebook, id: string | undefined): string | undefined {
  return id === undefined ? undefined : cb.entities.find(e => e.id === id)?.name ?? id;
}

export function mentionHover(input: MentionHoverInput): string {
  const { codebook: cb, entityId } = input;
  const entity: Entity | undefined = cb.entities.find(e => e.id === entityId);
  const lines: string[] = [];
  if (!entity) {
    lines.push(`**${escapeMarkdown(entityId)}** — not in the codebook`);
  } else {
    const type = label(cb.types, entity.type) ?? entity.type;
    lines.push(`**${escapeMarkdown(entity.name)}** · ${escapeMarkdown(type)}`);
    if (entity.aliases.length) lines.push(`Also: ${entity.aliases.map(escapeMarkdown).join(', ')}`);
    const affiliation = entityName(cb, entity.affiliation);
    if (affiliation) lines.push(`Affiliation: ${escapeMarkdown(affiliation)}`);
    if (entity.wikidata) lines.push(`Wikidata: ${escapeMarkdown(entity.wikidata)}`);
    if (entity.note) lines.push(`_${escapeMarkdown(entity.note)}_`);
  }
  lines.push(`Mentioned ${input.mentionsInArticle}× in this article, ${input.mentionsInCorpus}× in ${input.articlesInCorpus} article${input.articlesInCorpus === 1 ? '' : 's'} of the corpus`);
  if (input.claims.length) {
    lines.push(`**Claims** (${input.claims.length})`);
    for (const c of input.claims.slice(0, 8)) {
      const stance = label(cb.stances, c.stance) ?? 'no stance';
      const topic = label(cb.topics, c.topic);
      lines.push(`- ${escapeMarkdown(stance)}${topic ? ' · ' + escapeMarkdown(topic) : ''}: “${escapeMarkdown(firstWords(c.text))}”`);
    }
    if (input.claims.length > 8) lines.push(`- … and ${input.claims.length - 8} more`);
  }
  return lines.join('\n\n');
}

/** The links under a mention card: the only Markdown of a hover that runs commands. */
export function hoverActions(entityId: string, commands: { revealInTree: string; listMentions: string }): string {
  return `${commandLink('Reveal in tree', commands.revealInTree, [entityId])} · ${commandLink('List all mentions', commands.listMentions, [entityId])}`;
}

export function claimHover(c: Claim, cb: Codebook): string {
  const rows: [string, string | undefined][] = [
    ['Claimant', entityName(cb, c.claimant)],
    ['Stance', label(cb.stances, c.stance)],
    ['Topic', label(cb.topics, c.topic)],
    ['Addressee', entityName(cb, c.addressee)],
    ['Target', entityName(cb, c.object)],
    ['Form', c.form?.replace('-', ' ')],
  ];
  const lines = [`**Claim** “${escapeMarkdown(firstWords(c.text, 120))}”`];
  lines.push(rows.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: **${escapeMarkdown(v!)}**`).join('  \n'));
  if (c.note) lines.push(`Note: ${escapeMarkdown(c.note)}`);
  if (c.anchor !== 'exact' && c.anchor !== 'shifted') lines.push(`_Anchor: ${c.anchor}${c.score !== undefined ? ` (${c.score})` : ''} — needs review_`);
  return lines.join('\n\n');
}
