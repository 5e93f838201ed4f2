// In the web extension host (vscode.dev) there is no Node: every location goes through
// vscode.workspace.fs (see src/vscode/workspaceFs.ts). Substituted for ./local.ts by scripts/build.mjs.
import type { LocalFileSystemFactory } from '../vscode/workspaceFs';

export const localFileSystem: LocalFileSystemFactory | undefined = undefined;
