// The extension's access to folders on disk, through Node (desktop and remote extension hosts).
// The web build (scripts/build.mjs) substitutes ./local.web.ts, which has none.
import type { LocalFileSystemFactory } from '../vscode/workspaceFs';
import { NodeFileSystem } from './nodeFileSystem';

export const localFileSystem: LocalFileSystemFactory | undefined = options => new NodeFileSystem({ ...options, createFolders: true });
