/**
 * The Access Tokens view: the tokens of the active connection, newest first. Loading happens on
 * first display (so VS Code shows its progress bar in the view); failures become the view's
 * message and context keys that pick the matching welcome content.
 */
import * as vscode from 'vscode';
import { CodeThreatApiError } from '../api/errors';
import type { ConnectionService } from '../connection/connectionService';
import { describeServer } from '../connection/connection';
import type { TokenLists } from '../tokens/tokenLists';
import { describeError } from '../ui/errorMessages';
import { buildTokenTooltip, buildTokenTreeItem, type TokenItemState, type TokenNode } from './tokenTreeItem';

export const TOKENS_VIEW_ID = 'codethreat.tokens';

/** Which welcome content applies; mirrors `codethreat.listState` in package.json. */
export type ListState = 'signedOut' | 'loading' | 'ready' | 'empty' | 'error' | 'unauthorized' | 'unsupported';

export class TokensTreeDataProvider implements vscode.TreeDataProvider<TokenNode>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<TokenNode | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #disposables: vscode.Disposable[] = [];
  /** Ids of the saved tokens per connection (values are never held here). */
  readonly #savedTokenIds = new Map<string, string | undefined>();
  #treeView: vscode.TreeView<TokenNode> | undefined;
  #lastState: ListState | undefined;

  constructor(
    private readonly connections: ConnectionService,
    private readonly lists: TokenLists,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#disposables.push(this.#onDidChangeTreeData);
    this.#disposables.push(lists.onDidChange(() => this.#changed()));
    this.#disposables.push(
      connections.onDidChange((change) => {
        if (change.kind === 'savedToken' || change.kind === 'signedOut') this.#savedTokenIds.delete(change.connectionId);
        this.#changed();
      }),
    );
  }

  attach(treeView: vscode.TreeView<TokenNode>): void {
    this.#treeView = treeView;
    this.#changed();
  }

  async getChildren(element?: TokenNode): Promise<TokenNode[]> {
    if (element) return [];
    const connection = this.connections.active;
    if (!connection) return [];
    const model = this.lists.get(connection.id);
    if (model.status === 'notLoaded') {
      // The view's own progress bar runs while this awaits; failures show through the state.
      await model.refresh().catch(() => undefined);
    }
    await this.#loadSavedTokenId(connection.id);
    return model.tokens.map((token) => ({ type: 'token', connectionId: connection.id, token }));
  }

  getTreeItem(node: TokenNode): vscode.TreeItem {
    return buildTokenTreeItem(node, this.#itemState(node));
  }

  resolveTreeItem(item: vscode.TreeItem, node: TokenNode): vscode.TreeItem {
    item.tooltip = buildTokenTooltip(node.token, this.#itemState(node));
    return item;
  }

  getParent(): undefined {
    return undefined;
  }

  /** The node for a token id in the active connection, for commands invoked with `{id}`. */
  nodeFor(connectionId: string, tokenId: string): TokenNode | undefined {
    const token = this.lists.get(connectionId).find(tokenId);
    return token ? { type: 'token', connectionId, token } : undefined;
  }

  isSaved(node: TokenNode): boolean {
    return this.#savedTokenIds.get(node.connectionId) === node.token.id;
  }

  /** The state that picks the welcome content; exported for tests and the status bar. */
  get state(): ListState {
    const connection = this.connections.active;
    if (!connection) return 'signedOut';
    const model = this.lists.get(connection.id);
    if (model.status === 'error') {
      const error = model.error;
      if (error instanceof CodeThreatApiError && error.kind === 'unauthorized') return 'unauthorized';
      if (error instanceof CodeThreatApiError && error.kind === 'notSupported') return 'unsupported';
      return 'error';
    }
    if (model.status === 'ready') return model.tokens.length === 0 ? 'empty' : 'ready';
    return 'loading';
  }

  #itemState(node: TokenNode): TokenItemState {
    return {
      isSaved: this.isSaved(node),
      isDeleting: this.lists.get(node.connectionId).isDeleting(node.token.id),
      now: this.now(),
      locale: vscode.env.language,
    };
  }

  async #loadSavedTokenId(connectionId: string): Promise<void> {
    if (this.#savedTokenIds.has(connectionId)) return;
    try {
      this.#savedTokenIds.set(connectionId, (await this.connections.savedToken(connectionId))?.id);
    } catch {
      // Secret storage unavailable: nothing is marked as saved; commands report the problem.
      this.#savedTokenIds.set(connectionId, undefined);
    }
  }

  #changed(): void {
    this.#updateViewChrome();
    this.#onDidChangeTreeData.fire(undefined);
  }

  #updateViewChrome(): void {
    const state = this.state;
    if (state !== this.#lastState) {
      this.#lastState = state;
      void vscode.commands.executeCommand('setContext', 'codethreat.listState', state);
      void vscode.commands.executeCommand('setContext', 'codethreat.signedIn', state !== 'signedOut');
    }
    if (!this.#treeView) return;
    const connection = this.connections.active;
    this.#treeView.description = connection
      ? vscode.l10n.t('{0} on {1}', connection.organization, describeServer(connection.serverUrl))
      : undefined;
    this.#treeView.message = this.message;
  }

  /** The line above the items: why the list may be stale or incomplete. */
  get message(): string | undefined {
    const connection = this.connections.active;
    return connection ? this.#message(connection.id) : undefined;
  }

  #message(connectionId: string): string | undefined {
    const model = this.lists.get(connectionId);
    if (model.status === 'error') {
      const reason = describeError(model.error);
      return model.tokens.length > 0
        ? vscode.l10n.t('Showing the last list; refreshing failed. {0}', reason)
        : reason;
    }
    if (model.skippedCount > 0) {
      return vscode.l10n.t('{0} entries from the server could not be read and are not shown.', model.skippedCount);
    }
    return undefined;
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
  }
}
