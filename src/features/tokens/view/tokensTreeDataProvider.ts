/**
 * The Access Tokens view. With one connection it lists that connection's tokens, newest first;
 * with several, a node per connection (server + organization) holds its tokens. Lists load on
 * first display (so VS Code shows its progress bar in the view); failures become the view's
 * message, the connection node's description, and the context keys that pick welcome content.
 */
import * as vscode from 'vscode';
import type { AccessToken, IncompleteList } from '../../../core/api/accessToken';
import { isApiError } from '../../../core/api/errors';
import { describeServer, type Connection } from '../../../core/connections/connection';
import type { ConnectionService } from '../../../core/connections/connectionService';
import { EnvironmentChangedError } from '../../../core/connections/environmentBinding';
import { expiryOf } from '../../../core/tokens/expiry';
import { stalenessOf } from '../../../core/tokens/staleness';
import type { TokenListModel } from '../../../core/tokens/tokenListModel';
import type { TokenLists } from '../../../core/tokens/tokenLists';
import type { GrantStore } from '../../../core/tokens/grants';
import { identityDiff } from '../../../core/util/identityDiff';
import { describeError } from '../../shared/errorMessages';
import type { CiSecretRecords } from '../../../core/ci/ciSecretRecords';
import { CONNECTION_CONTEXT_VALUE } from './contextValues';
import { buildTokenTooltip, buildTokenTreeItem, ciSecretPlace, untrustingMarkdown, type ConnectionNode, type TokenItemState, type TokenNode, type TreeNode } from './tokenTreeItem';
import type { TokenViewOptions } from './tokenViewOptions';
import { markdownText, plainText, SENTENCE_LENGTH } from '../../../core/util/untrustedText';

export const TOKENS_VIEW_ID = 'codethreat.tokens';

/** Which welcome content applies; mirrors `codethreat.listState` in package.json. */
export type ListState = 'signedOut' | 'loading' | 'ready' | 'empty' | 'error' | 'unauthorized' | 'unsupported' | 'forbidden' | 'environmentChanged';

export class TokensTreeDataProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #disposables: vscode.Disposable[] = [];
  #treeView: vscode.TreeView<TreeNode> | undefined;
  readonly #contextValues = new Map<string, unknown>();
  /**
   * The last rendered children per connection and what they were rendered from. A refresh that
   * brings back the same list (the client then hands back the same array) filters, sorts and
   * wraps nothing anew. Saves (`npm run bench`, 10,000 tokens): without it a refresh of an
   * unchanged list took 13% longer (tree work 1.7 → 4.5 ms).
   */
  readonly #rendered = new Map<string, { inputs: unknown[]; nodes: TokenNode[] }>();
  /**
   * Nodes by token object, each with the item last rendered for it: a token the client kept
   * across refreshes keeps its node and item, so only the tokens that changed are rendered.
   * Saves (10,000 tokens): without it a refresh took 47% longer when the list was unchanged and
   * 29% when it changed (tree work 1.7 → 13.6 ms).
   */
  readonly #nodes = new WeakMap<AccessToken, ListedTokenNode>();
  /**
   * Per connection, what its items depend on besides the token (see #itemInputs). Saves (10,000
   * tokens): working it out again for every item, without which a refresh of an unchanged list
   * took 15% longer (tree work 1.7 → 3.2 ms).
   */
  readonly #inputs = new Map<string, { inputs: unknown[]; changes: number }>();
  /** Counts changes (#changed): inputs worked out before the last one are worked out again. */
  #changes = 0;

  constructor(
    private readonly connections: ConnectionService,
    private readonly lists: TokenLists,
    private readonly grants: GrantStore,
    readonly options: TokenViewOptions,
    private readonly now: () => Date,
    private readonly ciSecrets: CiSecretRecords,
  ) {
    this.#disposables.push(this.#onDidChangeTreeData);
    this.#disposables.push(ciSecrets.onDidChange(() => this.#changed()));
    this.#disposables.push(lists.onDidChange(() => this.#changed()));
    this.#disposables.push(grants.onDidChange(() => this.#changed()));
    this.#disposables.push(options.onDidChange(() => this.#changed()));
    this.#disposables.push(
      connections.onDidChange((change) => {
        if (change.kind === 'signedOut' || change.kind === 'credential') this.#rendered.delete(change.connectionId);
        this.#changed();
      }),
    );
  }

  /** Re-renders without reloading (e.g. the stale threshold changed). */
  refreshView(): void {
    this.#changed();
  }

  attach(treeView: vscode.TreeView<TreeNode>): void {
    this.#treeView = treeView;
    this.#changed();
  }

  async getChildren(element?: TreeNode): Promise<TokenNode[] | ConnectionNode[]> {
    if (element?.type === 'token') return [];
    if (element?.type === 'connection') return this.#tokenNodes(element.connectionId);
    const all = this.connections.connections();
    if (all.length === 0) return [];
    if (all.length === 1) return this.#tokenNodes(all[0].id);
    return all.map((connection) => ({ type: 'connection', connectionId: connection.id }));
  }

  async #tokenNodes(connectionId: string): Promise<TokenNode[]> {
    const model = this.lists.get(connectionId);
    // The first load, or the one running (VS Code may ask again while it runs): the view's own
    // progress bar shows while this awaits; failures show through the state.
    await model.settled();
    // Secret storage unavailable: nothing is marked as saved; commands report the problem.
    await this.connections.savedTokenInfo(connectionId).catch(() => undefined);
    // Signed out (and maybe in again) meanwhile: this list is of a connection that is gone.
    if (!this.lists.isCurrent(connectionId, model)) return this.connections.find(connectionId) ? this.#tokenNodes(connectionId) : [];
    // Not this window's credential: no list of it either, and the welcome content offers the import.
    if (model.status === 'error' && model.error instanceof EnvironmentChangedError) return [];
    const inputs = [model.tokens, this.options.version, ...this.#itemInputs(connectionId, true)];
    const previous = this.#rendered.get(connectionId);
    if (previous && sameInputs(previous.inputs, inputs)) return previous.nodes;
    const onlyTokensChanged = previous && sameInputs(previous.inputs.slice(1), inputs.slice(1));
    const nodes = (onlyTokensChanged && this.#updatedNodes(connectionId, previous, model.tokens)) || this.#listNodes(connectionId, model.tokens);
    this.#rendered.set(connectionId, { inputs, nodes });
    return nodes;
  }

  #listNodes(connectionId: string, tokens: readonly AccessToken[]): TokenNode[] {
    return this.options.apply(tokens, this.now(), vscode.env.language).map((token) => this.#nodeOf(connectionId, token));
  }

  /**
   * The last children, without the tokens that left the list and with the ones that came, each
   * put in its place: a list that changed in a few tokens keeps the other tokens' objects (see the
   * clients' `TokenListReader`), so their nodes stay, already filtered and in order. Undefined
   * when many tokens changed (the full path then decides). Saves (`npm run bench`, 10,000 tokens
   * whose list changed): tree work 5.9 → 2.2 ms (classic), 6.5 → 2.5 ms (AppSec platform keys);
   * without it such a refresh takes 9% longer.
   */
  #updatedNodes(connectionId: string, previous: { inputs: unknown[]; nodes: TokenNode[] }, tokens: readonly AccessToken[]): TokenNode[] | undefined {
    const change = identityDiff(previous.inputs[0] as readonly AccessToken[], tokens);
    if (!change) return undefined;
    const kept = change.removed.length ? previous.nodes.filter((node) => !change.removed.includes(node.token)) : [...previous.nodes];
    return this.options.insertNodes(kept, this.#listNodes(connectionId, change.added), vscode.env.language);
  }

  /**
   * Everything a connection's items depend on besides the token itself, compared by identity.
   * Worked out when its children are listed (`fresh`) and kept until then or the next change, so
   * that resolving the thousands of items VS Code asks for next computes it once.
   */
  #itemInputs(connectionId: string, fresh = false): unknown[] {
    const cached = this.#inputs.get(connectionId);
    if (cached && !fresh && cached.changes === this.#changes) return cached.inputs;
    const model = this.lists.get(connectionId);
    const inputs = [
      model.deletingVersion,
      this.options.staleAfterDays(),
      this.options.expiryWarningDays(),
      this.connections.knownSavedTokenId(connectionId),
      // Whom each key serves ("for: …"): a grant made or forgotten renders the items again.
      JSON.stringify(this.grants.ofConnection(connectionId).map((g) => [g.tokenId, g.accountLabel])),
      this.ciSecrets.version,
      vscode.env.language,
      // Relative times ("5 minutes ago") move on: render again at most once a minute.
      Math.floor(this.now().getTime() / 60_000),
    ];
    // The same array while nothing it holds changed: items rendered from it are recognised by it.
    const kept = cached && sameInputs(cached.inputs, inputs) ? cached.inputs : inputs;
    this.#inputs.set(connectionId, { inputs: kept, changes: this.#changes });
    return kept;
  }

  #nodeOf(connectionId: string, token: AccessToken): ListedTokenNode {
    let node = this.#nodes.get(token);
    if (node?.connectionId !== connectionId) {
      node = new ListedTokenNode(connectionId, token);
      this.#nodes.set(token, node);
    }
    return node;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.type === 'connection') return this.#connectionItem(node);
    const inputs = this.#itemInputs(node.connectionId);
    const listed = node instanceof ListedTokenNode ? node : this.#nodeOf(node.connectionId, node.token);
    if (listed.rendered && sameInputs(listed.rendered.inputs, inputs)) return listed.rendered.item;
    const item = buildTokenTreeItem(node, this.#itemState(node));
    listed.rendered = { inputs, item };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.type === 'token') item.tooltip = buildTokenTooltip(node.token, this.#itemState(node));
    return item;
  }

  getParent(node: TreeNode): ConnectionNode | undefined {
    if (node.type === 'token' && this.connections.connections().length > 1) return { type: 'connection', connectionId: node.connectionId };
    return undefined;
  }

  isSaved(node: TokenNode): boolean {
    return this.connections.knownSavedTokenId(node.connectionId) === node.token.id;
  }

  /** The state that picks the welcome content (shown only when the view has no items). */
  get state(): ListState {
    const all = this.connections.connections();
    if (all.length === 0) return 'signedOut';
    if (all.length > 1) return 'ready';
    return stateOf(this.lists.get(all[0].id));
  }

  /** The line above the items: why a list may be stale or incomplete, and what is filtered. */
  get message(): string | undefined {
    const all = this.connections.connections();
    const problem = all.length === 1 ? messageOf(this.lists.get(all[0].id)) : undefined;
    const shown = [
      this.options.filter ? vscode.l10n.t('Names containing "{0}".', plainText(this.options.filter)) : undefined,
      this.options.staleOnly ? vscode.l10n.t('Stale tokens only.') : undefined,
    ].filter((part): part is string => !!part);
    return [problem, ...shown].filter(Boolean).join(' ') || undefined;
  }

  #connectionItem(node: ConnectionNode): vscode.TreeItem {
    const connection = this.connections.find(node.connectionId);
    const item = new vscode.TreeItem(plainText(connection?.organization ?? node.connectionId), vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.connectionId;
    item.contextValue = CONNECTION_CONTEXT_VALUE;
    if (!connection) return item;
    const model = this.lists.get(connection.id);
    const problem = messageOf(model);
    const where = withSource(connection, describeServer(connection.serverUrl));
    item.description = problem ? `${where} · ${problem}` : where;
    item.iconPath = new vscode.ThemeIcon(model.status === 'error' ? 'warning' : 'server');
    item.tooltip = connectionTooltip(connection);
    return item;
  }

  #itemState(node: TokenNode): TokenItemState {
    const now = this.now();
    const staleAfterDays = this.options.staleAfterDays();
    return {
      isSaved: this.isSaved(node),
      grants: this.grants.forToken(node.connectionId, node.token.id).map((g) => ({ name: g.name, accountLabel: g.accountLabel })),
      isDeleting: this.lists.get(node.connectionId).isDeleting(node.token.id),
      staleness: stalenessOf(node.token, now, staleAfterDays),
      expiry: expiryOf(node.token, now, this.options.expiryWarningDays()),
      staleAfterDays,
      now,
      locale: vscode.env.language,
      ciSecret: ciSecretPlace(this.ciSecrets.get(node.connectionId, node.token.id)),
    };
  }

  /**
   * Tokens that need attention — stale, or API keys expired or expiring soon — across every loaded
   * list (the view's badge): the whole of each list, however many pages it came in; a list read
   * only in part says so in the badge's tooltip.
   */
  #attentionCount(): number {
    const now = this.now();
    const staleAfterDays = this.options.staleAfterDays();
    const warningDays = this.options.expiryWarningDays();
    let count = 0;
    for (const connection of this.connections.connections()) {
      const model = this.lists.get(connection.id);
      if (model.status === 'notLoaded') continue;
      for (const token of model.tokens) {
        const expiry = expiryOf(token, now, warningDays).kind;
        if (stalenessOf(token, now, staleAfterDays).stale || expiry === 'expiring' || expiry === 'expired') count++;
      }
    }
    return count;
  }

  #changed(): void {
    this.#changes++;
    this.#updateViewChrome();
    this.#onDidChangeTreeData.fire(undefined);
  }

  #updateViewChrome(): void {
    const state = this.state;
    this.#setContext('codethreat.listState', state);
    this.#setContext('codethreat.signedIn', state !== 'signedOut');
    this.#setContext('codethreat.filterActive', this.options.filter !== '');
    this.#setContext('codethreat.staleOnly', this.options.staleOnly);
    if (!this.#treeView) return;
    const all = this.connections.connections();
    const attention = this.#attentionCount();
    const partly = all.some((connection) => this.lists.get(connection.id).incomplete);
    const tooltip = partly
      ? vscode.l10n.t('{0} access tokens need attention: stale, expired or expiring soon (in the part of the list that could be read)', attention)
      : vscode.l10n.t('{0} access tokens need attention: stale, expired or expiring soon', attention);
    this.#treeView.badge = attention > 0 ? { value: attention, tooltip } : undefined;
    const description =
      all.length === 1
        ? withSource(all[0], vscode.l10n.t('{0} on {1}', plainText(all[0].organization), describeServer(all[0].serverUrl)))
        : all.length > 1
          ? vscode.l10n.t('{0} connections', all.length)
          : undefined;
    // Set only on change: VS Code sends each assignment of these two to the workbench (the badge
    // it compares itself), and every refresh comes here twice.
    if (this.#treeView.description !== description) this.#treeView.description = description;
    const message = this.message;
    if (this.#treeView.message !== message) this.#treeView.message = message;
  }

  /** Context keys pick welcome content and menus; set only on change (each set is a round trip). */
  #setContext(key: string, value: unknown): void {
    if (this.#contextValues.get(key) === value) return;
    this.#contextValues.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

/** A token node as this view lists it, with the item last rendered for it and what from. */
class ListedTokenNode implements TokenNode {
  readonly type = 'token';
  rendered: { inputs: unknown[]; item: vscode.TreeItem } | undefined;

  constructor(
    readonly connectionId: string,
    readonly token: AccessToken,
  ) {}
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a === b || (a.length === b.length && a.every((value, i) => value === b[i]));
}

function stateOf(model: TokenListModel): ListState {
  if (model.status === 'error') {
    if (isApiError(model.error, 'unauthorized')) return 'unauthorized';
    if (isApiError(model.error, 'notSupported')) return 'unsupported';
    if (isApiError(model.error, 'forbidden')) return 'forbidden';
    if (model.error instanceof EnvironmentChangedError) return 'environmentChanged';
    return 'error';
  }
  if (model.status === 'ready') return model.tokens.length === 0 ? 'empty' : 'ready';
  return 'loading';
}

function messageOf(model: TokenListModel): string | undefined {
  if (model.status === 'error') {
    const reason = describeError(model.error);
    // No last list is shown for it (see #tokenNodes): the one sentence says it all.
    if (model.error instanceof EnvironmentChangedError) return reason;
    return model.tokens.length > 0 ? vscode.l10n.t('Showing the last list; refreshing failed. {0}', reason) : reason;
  }
  const parts = [
    model.incomplete ? incompleteMessage(model.incomplete) : undefined,
    model.skippedCount > 0 ? vscode.l10n.t('{0} entries from the server could not be read and are not shown.', model.skippedCount) : undefined,
  ];
  return parts.filter(Boolean).join(' ') || undefined;
}

/** "Showing 20 of 45 …": a list read only in part says how much of it is shown, and why. */
function incompleteMessage(incomplete: IncompleteList): string {
  const { read, total, reason } = incomplete;
  if (reason.kind === 'pageLimit') {
    return total !== undefined
      ? vscode.l10n.t('Showing {0} of {1} tokens: this extension reads at most {2} pages of a list. Manage the rest in the CodeThreat web app.', read, total, reason.pages)
      : vscode.l10n.t('Showing the first {0} tokens: this extension reads at most {1} pages of a list. Manage the rest in the CodeThreat web app.', read, reason.pages);
  }
  const why = describeError(reason.error);
  return total !== undefined
    ? vscode.l10n.t('Showing {0} of {1} tokens: page {2} of the list could not be read. {3}', read, total, reason.page, why)
    : vscode.l10n.t('Showing the first {0} tokens: page {1} of the list could not be read. {2}', read, reason.page, why);
}

/** A connection whose token comes from an environment variable is read-only, and says so. */
function withSource(connection: Connection, description: string): string {
  return connection.environmentVariable ? vscode.l10n.t('{0} · from {1} (read-only)', description, plainText(connection.environmentVariable)) : description;
}

function connectionTooltip(connection: Connection): vscode.MarkdownString {
  const markdown = untrustingMarkdown();
  // Organization, user name and server version come from the user or the server: text, not Markdown.
  markdown.appendMarkdown(`**${markdownText(connection.organization)}** · ${markdownText(connection.serverUrl, SENTENCE_LENGTH)}\n\n`);
  const person = connection.displayName && connection.username ? `${connection.displayName} (${connection.username})` : connection.username;
  if (person) markdown.appendMarkdown(`${vscode.l10n.t('Signed in as {0}', markdownText(person))}\n\n`);
  if (connection.apiVersion) markdown.appendMarkdown(`${vscode.l10n.t('Server version {0}', markdownText(connection.apiVersion))}\n`);
  return markdown;
}
