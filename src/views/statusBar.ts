/**
 * The status-bar item: which organization VS Code is signed in to, and whether a token is saved
 * and known to work. Warning colours when signed out or when the saved token was rejected; a
 * click opens the Access Tokens view.
 */
import * as vscode from 'vscode';
import { describeServer } from '../connection/connection';
import type { ConnectionService } from '../connection/connectionService';
import type { SavedTokenHealth } from '../tokens/savedTokenHealth';

export class TokenStatusBar implements vscode.Disposable {
  #item: vscode.StatusBarItem | undefined;
  readonly #subscriptions: { dispose(): unknown }[] = [];
  #updating: Promise<void> = Promise.resolve();

  constructor(
    private readonly connections: ConnectionService,
    private readonly health: SavedTokenHealth,
  ) {
    this.#subscriptions.push(connections.onDidChange(() => this.update()), health.onDidChange(() => this.update()));
  }

  /** Creates and shows the item (kept out of activation itself). */
  show(): void {
    if (this.#item) return;
    this.#item = vscode.window.createStatusBarItem('codethreat.status', vscode.StatusBarAlignment.Left, 20);
    this.#item.name = vscode.l10n.t('CodeThreat');
    this.#item.command = 'codethreat.tokens.focus';
    void this.update();
    this.#item.show();
  }

  get #shown(): vscode.StatusBarItem {
    if (!this.#item) this.show();
    return this.#item!;
  }

  /** The status shown now; for tests. */
  get text(): string {
    return this.#shown.text;
  }

  get isWarning(): boolean {
    return this.#shown.backgroundColor !== undefined;
  }

  /** Re-renders; serialised so that a slow secret read cannot overwrite a newer state. */
  update(): Promise<void> {
    this.#updating = this.#updating.then(() => this.#render()).catch(() => undefined);
    return this.#updating;
  }

  async #render(): Promise<void> {
    const item = this.#item;
    if (!item) return;
    const all = this.connections.connections();
    const connection = this.connections.active;
    const warning = new vscode.ThemeColor('statusBarItem.warningBackground');
    if (!connection) {
      item.text = `$(shield) ${vscode.l10n.t('CodeThreat: signed out')}`;
      item.tooltip = vscode.l10n.t('Not signed in to CodeThreat. Click to open the Access Tokens view.');
      item.backgroundColor = warning;
      return;
    }
    const saved = await this.connections.savedTokenInfo(connection.id).catch(() => undefined);
    // The walkthrough's "generate and save a token" step completes on this.
    if (saved) void vscode.commands.executeCommand('setContext', 'codethreat.hasSavedToken', true);
    const state = saved ? this.health.get(connection.id) : 'unknown';
    const more = all.length > 1 ? ` +${all.length - 1}` : '';
    const icon = !saved ? '$(circle-slash)' : state === 'revoked' ? '$(warning)' : state === 'valid' ? '$(pass)' : '$(key)';
    item.text = `$(shield) ${connection.organization}${more} ${icon}`;
    item.backgroundColor = state === 'revoked' ? warning : undefined;
    const host = describeServer(connection.serverUrl);
    item.tooltip = !saved
      ? vscode.l10n.t('CodeThreat: {0} on {1}. No access token is saved in VS Code.', connection.organization, host)
      : state === 'revoked'
        ? vscode.l10n.t('CodeThreat: {0} on {1}. The saved token "{2}" was revoked or has expired.', connection.organization, host, saved.name)
        : state === 'valid'
          ? vscode.l10n.t('CodeThreat: {0} on {1}. The saved token "{2}" is valid.', connection.organization, host, saved.name)
          : vscode.l10n.t('CodeThreat: {0} on {1}. Token "{2}" is saved in VS Code (not checked yet).', connection.organization, host, saved.name);
  }

  dispose(): void {
    for (const subscription of this.#subscriptions) subscription.dispose();
    this.#item?.dispose();
  }
}
