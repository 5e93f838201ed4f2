// Markdown for hovers, in two kinds only: text built from files, which renders no command, HTML
// or icon; and the extension's own links, trusted for an allow-list of its commands.
import * as vscode from 'vscode';

/** Markdown built from file text: no command, HTML or icon is ever rendered from it. */
export function fromFiles(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** The extension's own links: trusted for `commands` only. */
export function trustedLinks(markdown: string, commands: readonly string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = { enabledCommands: [...commands] };
  md.supportHtml = false;
  return md;
}
