/**
 * The status-bar item: which organization VS Code is signed in to, and whether a token is saved
 * and known to work. Warning colours when signed out, when the saved token was rejected, or when
 * the saved API key expires within `codethreat.expiryWarningDays` (then a click rotates it);
 * otherwise a click opens the Access Tokens view. The state is in the text a screen reader reads,
 * not only in the icon.
 */
import * as vscode from 'vscode';
import { describeServer, type Connection } from '../../core/connections/connection';
import type { ConnectionService, SavedTokenInfo } from '../../core/connections/connectionService';
import type { Clock, SettingsSource } from '../../core/ports';
import { formatRelativeDays } from '../../core/util/relativeTime';
import { expiryOf } from '../../core/tokens/expiry';
import type { SavedTokenHealth, SavedTokenHealthState } from '../../core/tokens/savedTokenHealth';
import { COMMANDS, FOCUS_TOKENS_VIEW } from '../shared/commandIds';
import { plainText } from '../../core/util/untrustedText';

/** What the item shows. */
export interface StatusContent {
  text: string;
  tooltip: string;
  warning: boolean;
  /** What a click does: open the view, or rotate a saved key that expires soon. */
  command: vscode.Command;
}

/** A click opens the Access Tokens view. */
function openView(): vscode.Command {
  return { command: FOCUS_TOKENS_VIEW, title: vscode.l10n.t('Open') };
}

export class TokenStatusBar implements vscode.Disposable {
  #item: vscode.StatusBarItem | undefined;
  #content: StatusContent = signedOut();
  readonly #subscriptions: { dispose(): unknown }[] = [];
  #updating: Promise<void> = Promise.resolve();

  constructor(
    private readonly connections: ConnectionService,
    private readonly health: SavedTokenHealth,
    private readonly settings: SettingsSource,
    private readonly clock: Clock,
  ) {
    this.#subscriptions.push(connections.onDidChange(() => this.update()), health.onDidChange(() => this.update()));
  }

  /** Creates and shows the item (kept out of activation itself). */
  show(): void {
    if (this.#item) return;
    this.#item = vscode.window.createStatusBarItem('codethreat.status', vscode.StatusBarAlignment.Left, 20);
    this.#item.name = vscode.l10n.t('CodeThreat');
    void this.update();
    this.#item.show();
  }

  /** What the item shows now (as of the last finished update). */
  get content(): StatusContent {
    return this.#content;
  }

  /** Re-renders; serialised so that a slow secret read cannot overwrite a newer state. */
  update(): Promise<void> {
    this.#updating = this.#updating.then(() => this.#render()).catch(() => undefined);
    return this.#updating;
  }

  async #render(): Promise<void> {
    const connection = this.connections.active;
    if (!connection) {
      this.#apply(signedOut());
      return;
    }
    const saved = await this.connections.savedTokenInfo(connection.id).catch(() => undefined);
    // The walkthrough's "generate and save a token" step completes on this.
    if (saved) void vscode.commands.executeCommand('setContext', 'codethreat.hasSavedToken', true);
    const state = saved ? this.health.get(connection.id) : 'unknown';
    const content = signedIn(connection, this.connections.connections().length, saved?.name, state);
    this.#apply(saved ? (expiring(connection, saved, this.clock.now(), this.settings.read().expiryWarningDays) ?? content) : content);
  }

  #apply(content: StatusContent): void {
    this.#content = content;
    const item = this.#item;
    if (!item) return;
    item.text = content.text;
    item.tooltip = content.tooltip;
    item.backgroundColor = content.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.accessibilityInformation = { label: content.tooltip, role: 'button' };
    item.command = content.command;
  }

  dispose(): void {
    for (const subscription of this.#subscriptions) subscription.dispose();
    this.#item?.dispose();
  }
}

function signedOut(): StatusContent {
  return {
    text: `$(shield) ${vscode.l10n.t('CodeThreat: signed out')}`,
    tooltip: vscode.l10n.t('Not signed in to CodeThreat. Click to open the Access Tokens view.'),
    warning: true,
    command: openView(),
  };
}

/** The saved API key expires within the warning period (or has expired): say when, and offer to rotate it. */
function expiring(connection: Connection, saved: SavedTokenInfo, now: Date, warningDays: number): StatusContent | undefined {
  const expiry = expiryOf({ ...saved, expiresAt: saved.expiresAt ? new Date(saved.expiresAt) : null }, now, warningDays);
  if (expiry.kind === 'none' || expiry.kind === 'fine') return undefined;
  const when = formatRelativeDays(expiry.at, now, vscode.env.language);
  const expired = expiry.kind === 'expired';
  const org = plainText(connection.organizationName ?? connection.organization);
  return {
    text: `$(shield) ${org} $(warning) ${expired ? vscode.l10n.t('key expired') : vscode.l10n.t('key expires {0}', when)}`,
    tooltip: expired
      ? vscode.l10n.t('CodeThreat: the saved key "{0}" for {1} expired {2}. Click to rotate it.', plainText(saved.name), org, when)
      : vscode.l10n.t('CodeThreat: the saved key "{0}" for {1} expires {2}. Click to rotate it.', plainText(saved.name), org, when),
    warning: true,
    command: { command: COMMANDS.rotate, title: vscode.l10n.t('Rotate'), arguments: [{ id: saved.id, connectionId: connection.id }] },
  };
}

function signedIn(connection: Connection, connectionCount: number, savedName: string | undefined, state: SavedTokenHealthState): StatusContent {
  const more = connectionCount > 1 ? ` +${connectionCount - 1}` : '';
  const icon = !savedName ? '$(circle-slash)' : state === 'revoked' ? '$(warning)' : state === 'valid' ? '$(pass)' : '$(key)';
  const org = plainText(connection.organization);
  const host = describeServer(connection.serverUrl);
  const tooltip =
    savedName === undefined
      ? vscode.l10n.t('CodeThreat: {0} on {1}. No access token is saved in VS Code.', org, host)
      : state === 'revoked'
        ? vscode.l10n.t('CodeThreat: {0} on {1}. The saved token "{2}" was revoked or has expired.', org, host, plainText(savedName))
        : state === 'valid'
          ? vscode.l10n.t('CodeThreat: {0} on {1}. The saved token "{2}" is valid.', org, host, plainText(savedName))
          : vscode.l10n.t('CodeThreat: {0} on {1}. Token "{2}" is saved in VS Code (not checked yet).', org, host, plainText(savedName));
  return { text: `$(shield) ${org}${more} ${icon}`, tooltip, warning: state === 'revoked', command: openView() };
}
