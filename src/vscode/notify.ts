// Notifications. VS Code renders `[label](command:…)` in them as a live link, and their text often
// carries names, ids or problem messages from workspace files: every message goes through
// plainForNotification, and the full text goes to the ClaimLens log.
import * as vscode from 'vscode';
import { plainForNotification } from '../core/plainText';
import type { ExtensionLog } from './log';

const SEE_LOG = ' The full message is in the ClaimLens log (Output panel).';

/** The log the full messages go to; the composition root sets it (until then, messages are only shown). */
let log: ExtensionLog | undefined;

export function setNotificationLog(extensionLog: ExtensionLog | undefined): void {
  log = extensionLog;
}

/** An error notification; `detail` (an exception) is logged only. */
export function notifyError(message: string, detail?: unknown): void {
  const shown = plainForNotification(message);
  if (detail !== undefined) log?.channel.error(message, detail);
  else log?.channel.warn(message);
  const shortened = shown !== message.replace(/\s+/g, ' ').trim();
  void vscode.window.showErrorMessage(`ClaimLens: ${shown}${log && (shortened || detail !== undefined) ? SEE_LOG : ''}`);
}

export function notifyInfo(message: string): void {
  log?.channel.info(message);
  void vscode.window.showInformationMessage(`ClaimLens: ${plainForNotification(message)}`);
}
