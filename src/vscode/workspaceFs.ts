// The FileSystem port over vscode.workspace.fs: the only file access of the extension, so the
// same bundle works on disk, in remote workspaces and in vscode.dev / github.dev.
import * as vscode from 'vscode';
import { FileStat, FileSystem } from '../store/fileSystem';

export const toUri = (location: string): vscode.Uri => vscode.Uri.parse(location, true);
export const toLocation = (uri: vscode.Uri): string => uri.toString();

/** Where a write goes first; renamed over the target when complete. */
const TEMP_SUFFIX = '.claimlens-tmp';
const tempOf = (uri: vscode.Uri): vscode.Uri => uri.with({ path: uri.path + TEMP_SUFFIX });

export class WorkspaceFileSystem implements FileSystem {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly encoder = new TextEncoder();
  /** Writes under way, per location: writes to one file never overlap. */
  private readonly writing = new Map<string, Promise<void>>();

  async readText(location: string): Promise<string | undefined> {
    try {
      return this.decoder.decode(await vscode.workspace.fs.readFile(toUri(location)));
    } catch (e) {
      if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) throw e;
      // The editor's rename-with-overwrite removes the old file before moving the new one in. If
      // that was interrupted (by a crash, or by another window's write still under way), the new
      // text is complete in the temporary file: read it rather than report no file.
      if (this.writing.has(location)) return undefined;
      try {
        return this.decoder.decode(await vscode.workspace.fs.readFile(tempOf(toUri(location))));
      } catch {
        return undefined;
      }
    }
  }

  async writeTextAtomic(location: string, text: string): Promise<void> {
    const previous = this.writing.get(location) ?? Promise.resolve();
    const replace = () => this.replace(toUri(location), text);
    const current = previous.then(replace, replace);
    this.writing.set(location, current);
    try {
      await current;
    } finally {
      if (this.writing.get(location) === current) this.writing.delete(location);
    }
  }

  private async replace(target: vscode.Uri, text: string): Promise<void> {
    const temp = tempOf(target);
    await vscode.workspace.fs.writeFile(temp, this.encoder.encode(text));
    try {
      await vscode.workspace.fs.rename(temp, target, { overwrite: true });
    } catch (e) {
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      throw e;
    }
  }

  async stat(location: string): Promise<FileStat | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(toUri(location));
      // Permission 2 is VS Code's "locked": a file without write permission.
      return { size: s.size, mtime: s.mtime, readonly: ((s.permissions ?? 0) & (vscode.FilePermission.Readonly | 2)) !== 0 };
    } catch {
      return undefined;
    }
  }

  async findFiles(root: string, suffix: string): Promise<string[]> {
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(toUri(root), `**/*${suffix}`), '**/{node_modules,.git}/**');
    return uris.map(toLocation).sort();
  }
}
