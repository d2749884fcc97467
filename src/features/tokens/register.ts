/**
 * The tokens feature: the Access Tokens view, the status-bar item, and the commands that list,
 * generate, delete, rotate and check tokens and change how the view shows them.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { COMMANDS } from '../shared/commandIds';
import { deleteToken } from './commands/deleteToken';
import { generateToken, type GenerateArgs } from './commands/generateToken';
import { canWriteKeys } from './commands/keyOptions';
import { refreshTokens } from './commands/refreshTokens';
import type { TokenTarget } from './commands/resolveToken';
import { rotateToken, type RotateArgs } from './commands/rotateToken';
import { showTokenDetails } from './commands/showDetails';
import { verifySavedToken } from './commands/verifyToken';
import { clearFilter, filterTokens, showStaleOnly, sortTokens } from './commands/viewOptionCommands';
import { TokenStatusBar } from './statusBar';
import { TOKENS_VIEW_ID, TokensTreeDataProvider } from './view/tokensTreeDataProvider';
import { TokenViewOptions, type SortOrder } from './view/tokenViewOptions';

/**
 * `codethreat.canWriteTokens`: whether any connection may create and delete tokens (an AppSec key
 * without api-key:write may not); menus hide Generate, Rotate and Delete otherwise, and the
 * commands say why when run anyway.
 */
function trackWritePermission(connections: Container['connections']): vscode.Disposable {
  const update = () => void vscode.commands.executeCommand('setContext', 'codethreat.canWriteTokens', connections.connections().some(canWriteKeys));
  update();
  return connections.onDidChange(update);
}

export function registerTokensFeature(context: vscode.ExtensionContext, container: Container) {
  const { platform } = container;
  const options = new TokenViewOptions(
    platform.state,
    () => platform.settings.read().staleAfterDays,
    () => platform.settings.read().expiryWarningDays,
  );
  const tree = new TokensTreeDataProvider(container.connections, container.lists, container.grants, options, () => platform.clock.now(), container.ciSecrets);
  const treeView = vscode.window.createTreeView(TOKENS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: false });
  tree.attach(treeView);
  const statusBar = new TokenStatusBar(container.connections, container.health, platform.settings, platform.clock);
  // Shown right after activation: the status bar is not what activation is waiting for.
  const showStatusBar = setTimeout(() => statusBar.show(), 0);
  const view = { prompter: container.prompter, options };
  const command = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);
  // Run without arguments (a keybinding, the palette), a command acts on the view's selection —
  // while it belongs to a connection still signed in (a selection can outlive its connection).
  const selected = () => {
    const node = treeView.selection[0];
    return node && container.connections.find(node.connectionId) ? node : undefined;
  };
  const selectedToken = () => {
    const node = selected();
    return node?.type === 'token' ? node : undefined;
  };
  const selectedConnection = () => {
    const node = selected();
    return node && { connectionId: node.connectionId };
  };
  context.subscriptions.push(
    treeView,
    tree,
    options,
    statusBar,
    { dispose: () => clearTimeout(showStatusBar) },
    platform.settings.onDidChange(() => tree.refreshView()),
    trackWritePermission(container.connections),
    command(COMMANDS.refresh, () => refreshTokens(container)),
    command(COMMANDS.generate, (args?: GenerateArgs) => generateToken(container, args ?? selectedConnection())),
    command(COMMANDS.delete, (target?: TokenTarget) => deleteToken(container, target ?? selectedToken())),
    command(COMMANDS.rotate, (args?: RotateArgs) => rotateToken(container, args ?? selectedToken())),
    command(COMMANDS.showDetails, (target?: TokenTarget) => showTokenDetails(container, target ?? selectedToken())),
    command(COMMANDS.verify, (hint?: { connectionId?: string }) => verifySavedToken(container, hint ?? selectedConnection())),
    command(COMMANDS.filter, (args?: { text?: string }) => filterTokens(view, args)),
    command(COMMANDS.clearFilter, () => clearFilter(view)),
    command(COMMANDS.sort, (args?: { by?: SortOrder }) => sortTokens(view, args)),
    command(COMMANDS.showStaleOnly, () => showStaleOnly(view, true)),
    command(COMMANDS.showAll, () => showStaleOnly(view, false)),
    command(COMMANDS.showLogs, () => platform.log.show()),
  );
  return { tree, treeView, statusBar, options };
}
