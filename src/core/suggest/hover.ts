// Hover cards for suggestions, as Markdown built from article and codebook text. The card escapes
// every piece of file text; the Accept and Reject links are built apart (suggestionActions), so the
// editor can trust those alone, for the suggestion commands only.
import { commandLink, escapeMarkdown, firstWords } from '../hoverText';
import { Codebook } from '../model';
import { Suggestion } from './article';

const nameOf = (cb: Codebook, id: string) => cb.entities.find(e => e.id === id)?.name ?? id;
const typeLabel = (cb: Codebook, id: string) => cb.types.find(t => t.id === id)?.label ?? id;

/** What the suggestion is, in words. */
export function suggestionCard(s: Suggestion, cb: Codebook): string {
  switch (s.kind) {
    case 'mention': {
      const who = s.entity ? `**${escapeMarkdown(nameOf(cb, s.entity))}**`
        : `one of ${s.candidates!.map(c => `**${escapeMarkdown(nameOf(cb, c))}**`).join(', ')}`;
      return `Suggested mention of ${who}: “${escapeMarkdown(s.text)}”`;
    }
    case 'claim': {
      const who = s.claimant ? `by **${escapeMarkdown(nameOf(cb, s.claimant))}**` : 'claimant unknown';
      return `Suggested claim ${who} (${s.form === 'direct-quote' ? 'direct quote' : 'reported speech'}): “${escapeMarkdown(firstWords(s.text))}”\n\nStance and topic are asked when you accept it.`;
    }
    case 'new-actor':
      return `New actor: **${escapeMarkdown(s.name)}** · ${escapeMarkdown(typeLabel(cb, s.type))}, ${s.occurrences.length} occurrences in this article, not in the codebook`;
  }
}

export interface SuggestionCommands { accept: string; reject: string }

/**
 * The Accept and Reject links. Their arguments are the article and the suggestion's place (and,
 * for a mention, each candidate entity): the command finds the suggestion again, so a link carries
 * no text that would be trusted.
 */
export function suggestionActions(s: Suggestion, uri: string, cb: Codebook, commands: SuggestionCommands): string {
  const links: string[] = [];
  if (s.kind === 'mention') {
    for (const e of s.entity ? [s.entity] : s.candidates!) links.push(commandLink(`Accept as ${nameOf(cb, e)}`, commands.accept, [uri, s.start, s.end, e, 'mention']));
  } else if (s.kind === 'claim') {
    links.push(commandLink(s.claimant ? `Accept claim by ${nameOf(cb, s.claimant)}` : 'Accept claim', commands.accept, [uri, s.start, s.end, s.claimant ?? null, 'claim']));
  } else {
    links.push(commandLink(`Add as a new ${typeLabel(cb, s.type)} and annotate ${s.occurrences.length}`, commands.accept, [uri, s.start, s.end, null, 'new-actor']));
  }
  links.push(commandLink('Reject', commands.reject, [uri, s.start, s.end, s.kind === 'mention' ? s.entity ?? null : s.kind === 'claim' ? s.claimant ?? null : null, s.kind]));
  return links.join(' · ');
}
