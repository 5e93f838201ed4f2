// The FileSystem port over vscode.workspace.fs: the only file access of the extension, so the
// same bundle works on disk, in remote workspaces and in vscode.dev / github.dev.
import * as vscode from 'vscode';
import { FileStat, FileSystem } from '../store/fileSystem';

export const toUri = (location: string): vscode.Uri => vscode.Uri.parse(location, true);
export const toLocation = (uri: vscode.Uri): string => uri.toString();

export class WorkspaceFileSystem implements FileSystem {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly encoder = new TextEncoder();

  async readText(location: string): Promise<string | undefined> {
    try {
      return this.decoder.decode(await vscode.workspace.fs.readFile(toUri(location)));
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
      throw e;
    }
  }

  async writeTextAtomic(location: string, text: string): Promise<void> {
    const target = toUri(location);
    const temp = target.with({ path: `${target.path}.${Math.random().toString(36).slice(2, 10)}.tmp` });
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
      return { size: s.size, mtime: s.mtime };
    } catch {
      return undefined;
    }
  }

  async findFiles(root: string, suffix: string): Promise<string[]> {
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(toUri(root), `**/*${suffix}`), '**/{node_modules,.git}/**');
    return uris.map(toLocation).sort();
  }
}
