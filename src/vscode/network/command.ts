// ClaimLens: Show Discourse Network. The panel module is small; the webview's own code is a separate
// bundle that the panel's page loads only when it opens.
import * as vscode from 'vscode';
import { CommandId } from '../../ids';
import { register, Services } from '../services';
import { EntityTree } from '../tree/provider';
import { NetworkPanel } from './panel';

export function registerNetworkCommand(services: Services, tree: EntityTree, extensionUri: vscode.Uri): vscode.Disposable[] {
  return [
    register(CommandId.showNetwork, () => { NetworkPanel.show(services, tree, extensionUri); }),
    { dispose: () => NetworkPanel.open?.dispose() },
  ];
}
