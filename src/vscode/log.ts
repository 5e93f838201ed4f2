// The ClaimLens log (Output panel, "ClaimLens"): where the details of a failure live. Notifications say
// only what kind of thing failed and offer to open the log, so no text of a file ever reaches them.
import * as vscode from 'vscode';

export class ExtensionLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel = vscode.window.createOutputChannel('ClaimLens', { log: true });
  /** Kinds of failure the user has been told about in this window (each is shown once). */
  private readonly told = new Set<string>();

  info(message: string): void { this.channel.info(message); }

  /**
   * A failure confined to one file (or one document): logged with its details, and the user told once
   * per kind, with a button to the log. Never thrown on: one file must not stop the others.
   */
  fileFailure(kind: FailureKind, location: string, error: unknown): void {
    this.channel.error(`${FAILURE_TEXT[kind]}: ${location}: ${errorText(error)}`);
    if (this.told.has(kind)) return;
    this.told.add(kind);
    void vscode.window.showWarningMessage(`ClaimLens: ${FAILURE_TEXT[kind]}. The ClaimLens log lists which and why.`, SHOW_LOG)
      .then(choice => { if (choice === SHOW_LOG) this.channel.show(true); });
  }

  dispose(): void { this.channel.dispose(); }
}

const SHOW_LOG = 'Show Log';

export type FailureKind = 'openArticle' | 'reloadSidecar' | 'readCodebook' | 'reanchorOnDisk' | 'indexFile';

const FAILURE_TEXT: Record<FailureKind, string> = {
  openArticle: 'the annotations of an article could not be loaded',
  reloadSidecar: 'a sidecar changed on disk could not be read again',
  readCodebook: 'the codebook could not be read',
  reanchorOnDisk: 'an article changed on disk could not be re-anchored',
  indexFile: 'a file could not be indexed',
};

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
