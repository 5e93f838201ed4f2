// Typed view of the `claimlens.*` settings, rebuilt only when they change.
import * as vscode from 'vscode';
import { ConfigKey } from '../ids';

export interface Config {
  highlightsEnabled: boolean;
  highlightColors: Record<string, string>;
  saveDelayMs: number;
  /** Largest sidecar or codebook read, in bytes. */
  maxDataBytes: number;
  treeScope: 'article' | 'workspace';
  languages: string[];
}

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration();
  const colors = c.get<Record<string, unknown>>(ConfigKey.highlightColors) ?? {};
  return {
    highlightsEnabled: c.get<boolean>(ConfigKey.highlightsEnabled) ?? true,
    highlightColors: Object.fromEntries(Object.entries(colors).filter((e): e is [string, string] =>
      typeof e[1] === 'string' && /^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(e[1]))),
    saveDelayMs: Math.max(0, c.get<number>(ConfigKey.saveDelay) ?? 300),
    maxDataBytes: Math.round(Math.min(64, Math.max(0.1, c.get<number>(ConfigKey.maxSidecarSize) ?? 5)) * 1024 * 1024),
    treeScope: c.get<string>(ConfigKey.treeScope) === 'article' ? 'article' : 'workspace',
    languages: c.get<string[]>(ConfigKey.languages) ?? ['article', 'plaintext'],
  };
}

export class ConfigWatcher implements vscode.Disposable {
  private current = readConfig();
  private readonly emitter = new vscode.EventEmitter<Config>();
  readonly onDidChange = this.emitter.event;
  private readonly sub = vscode.workspace.onDidChangeConfiguration(e => {
    if (!e.affectsConfiguration('claimlens')) return;
    this.current = readConfig();
    this.emitter.fire(this.current);
  });

  get value(): Config {
    return this.current;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
