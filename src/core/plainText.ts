// Text from workspace files (names, ids, quotes, problem messages) shown in VS Code's own UI.
// VS Code turns `[label](command:…)` into a clickable link in notifications and input-box messages,
// and `$(name)` into an icon in quick picks, the status bar and input-box messages. A repository is
// untrusted input, so such text must stay inert there: no live link, and no icon that could make an
// entity look like one of ClaimLens's own items ("$(add) New actor…").

/**
 * Breaks every `[label](target)` link. VS Code's notification syntax needs `](` with nothing in
 * between (its pattern is `\[([^\]]+)\]\((https?://|command:|file:)…\)`), and a backslash does not
 * escape it, so a space goes between the two brackets: the text still reads the same.
 */
export function breakLinks(text: string): string {
  return text.replace(/\]\(/g, '] (');
}

/**
 * Makes `$(name)` render literally: VS Code's label syntax turns `\$(name)` into the text
 * `$(name)` instead of an icon. Only a `$(` that would form an icon is escaped, so no stray
 * backslash shows elsewhere.
 */
export function escapeIcons(text: string): string {
  return text.replace(/\$\((?=[A-Za-z0-9-]+(?:~[A-Za-z]+)?\))/g, '\\$(');
}

/** At most `max` code points, cut with an ellipsis. */
function shorten(text: string, max: number): string {
  const cps = [...text];
  return cps.length <= max ? text : cps.slice(0, max - 1).join('') + '…';
}

/**
 * Text for a notification (showErrorMessage and its siblings): one line, no live link, and short;
 * the whole text belongs in the log or the Problems panel, which render it as plain text.
 */
export function plainForNotification(text: string, max = 300): string {
  return shorten(breakLinks(text.replace(/\s+/g, ' ').trim()), max);
}

/** Text for a label that renders icons (quick pick items and titles, the status bar): no icon, one line. */
export function plainLabel(text: string): string {
  return escapeIcons(text.replace(/[\r\n]+/g, ' '));
}

/** Text for an input box's prompt or validation message, which renders both links and icons. */
export function plainForPrompt(text: string): string {
  return escapeIcons(breakLinks(text.replace(/\s+/g, ' ')));
}
