/**
 * The `codethreat` authentication provider: how other extensions get the access token saved in
 * VS Code, with VS Code's own per-extension consent. Sessions are the saved tokens, one per
 * connection (server + organization). Creating a session generates and saves a token named for
 * the purpose; removing one forgets it and offers to delete it on the server.
 */
import * as vscode from 'vscode';
import { connectionLabel, resolveConnection } from '../commands/commandSupport';
import { COMMANDS } from '../commands/commandIds';
import { generateToken } from '../commands/generateToken';
import type { Services } from '../commands/services';
import type { Connection } from '../connection/connection';
import { describeError } from '../ui/errorMessages';

export const AUTH_PROVIDER_ID = 'codethreat';
export const AUTH_PROVIDER_LABEL = 'CodeThreat';

export function sessionId(connectionId: string, tokenId: string): string {
  return `${connectionId}#${tokenId}`;
}

export class CodeThreatAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  readonly #onDidChangeSessions = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.#onDidChangeSessions.event;
  /** The sessions last reported, to describe changes as added / removed / changed. */
  #known = new Map<string, vscode.AuthenticationSession>();
  #baselined = false;
  readonly #subscription: { dispose(): void };

  constructor(private readonly services: Services) {
    this.#subscription = services.connections.onDidChange(() => void this.#announceChanges());
  }

  async getSessions(scopes?: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    const current = await this.#currentSessions();
    // The first answer is the baseline later changes are described against (no work at activation).
    if (!this.#baselined) {
      this.#known = current;
      this.#baselined = true;
    }
    const sessions = [...current.values()];
    const wanted = options?.account?.id;
    // A CodeThreat token is a full user token: it serves whatever scopes are asked for.
    return sessions
      .filter((session) => !wanted || session.account.id === wanted)
      .map((session) => ({ ...session, scopes: [...(scopes ?? [])] }));
  }

  async createSession(scopes: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    let connection: Connection | undefined = options?.account ? this.services.connections.find(options.account.id) : undefined;
    if (!connection && this.services.connections.connections().length === 0) {
      await vscode.commands.executeCommand(COMMANDS.signIn);
    }
    connection ??= await resolveConnection(this.services);
    if (!connection) throw new vscode.CancellationError();
    // Asked again (forceNewSession) while a token is saved: it may be the one to hand out.
    const saved = await this.services.connections.savedTokenInfo(connection.id).catch(() => undefined);
    if (saved) {
      const useSaved = await this.services.prompter.pick(
        [
          { label: vscode.l10n.t('Use the saved token "{0}"', saved.name), value: true },
          { label: vscode.l10n.t('Generate a new token'), description: vscode.l10n.t('it replaces the saved one'), value: false },
        ],
        { title: connectionLabel(connection), placeholder: vscode.l10n.t('An extension asks for a CodeThreat token') },
      );
      if (useSaved === undefined) throw new vscode.CancellationError();
      const existing = useSaved ? (await this.#currentSessions()).get(sessionId(connection.id, saved.id)) : undefined;
      if (existing) return { ...existing, scopes: [...scopes] };
    }
    const purpose = scopes.length ? scopes.join(' ') : vscode.l10n.t('an extension');
    const dated = new Date().toISOString().slice(0, 10);
    const name = await this.services.prompter.input({
      title: vscode.l10n.t('A new CodeThreat access token for {0}', connectionLabel(connection)),
      prompt: vscode.l10n.t('An extension asked to use CodeThreat. Name the token it will get; it is saved in VS Code.'),
      value: vscode.l10n.t('VS Code: {0} ({1})', purpose, dated),
    });
    if (name === undefined) throw new vscode.CancellationError();
    const created = await generateToken(this.services, { connectionId: connection.id, name, deliver: 'secretStorage' });
    if (!created) throw new Error(vscode.l10n.t('No CodeThreat access token was created.'));
    const session = (await this.#currentSessions()).get(sessionId(connection.id, created.id));
    if (!session) throw new Error(vscode.l10n.t('The new access token could not be saved in VS Code.'));
    await this.#announceChanges();
    return { ...session, scopes: [...scopes] };
  }

  async removeSession(id: string): Promise<void> {
    const [connectionId, tokenId] = splitSessionId(id);
    const connection = this.services.connections.find(connectionId);
    const saved = await this.services.connections.savedTokenInfo(connectionId);
    if (!connection || !saved || saved.id !== tokenId) return;
    await this.services.connections.forgetSavedToken(connectionId);
    const deleteButton = vscode.l10n.t('Delete on Server');
    const answer = await this.services.prompter.modal(
      'info',
      vscode.l10n.t('VS Code no longer keeps the access token "{0}".', saved.name),
      vscode.l10n.t('The token itself still works. Delete it on {0} too, so that nothing can use it any more?', connectionLabel(connection)),
      [deleteButton],
    );
    if (answer !== deleteButton) return;
    const model = this.services.lists.get(connectionId);
    const token = model.find(tokenId) ?? { id: tokenId, name: saved.name };
    try {
      await model.delete(token);
    } catch (error) {
      void this.services.prompter.notify('error', `${vscode.l10n.t('Could not delete the token "{0}".', saved.name)} ${describeError(error)}`);
    }
  }

  async #currentSessions(): Promise<Map<string, vscode.AuthenticationSession>> {
    const sessions = new Map<string, vscode.AuthenticationSession>();
    // Most recent connection first: VS Code hands an asking extension the first session.
    for (const connection of [...this.services.connections.connections()].reverse()) {
      const saved = await this.services.connections.savedToken(connection.id).catch((error: unknown) => {
        this.services.logger.warn(`Reading the saved token of ${connection.id} failed: ${describeError(error)}`);
        return undefined;
      });
      if (!saved) continue;
      const id = sessionId(connection.id, saved.id);
      sessions.set(id, {
        id,
        accessToken: saved.value,
        account: { id: connection.id, label: connection.username ? `${connection.username} (${connectionLabel(connection)})` : connectionLabel(connection) },
        scopes: [],
      });
    }
    return sessions;
  }

  async #announceChanges(): Promise<void> {
    const current = await this.#currentSessions();
    const added = [...current.values()].filter((s) => !this.#known.has(s.id));
    const removed = [...this.#known.values()].filter((s) => !current.has(s.id));
    const changed = [...current.values()].filter((s) => this.#known.has(s.id) && this.#known.get(s.id)?.accessToken !== s.accessToken);
    this.#known = current;
    this.#baselined = true;
    if (added.length || removed.length || changed.length) this.#onDidChangeSessions.fire({ added, removed, changed });
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#onDidChangeSessions.dispose();
  }
}

function splitSessionId(id: string): [string, string] {
  const at = id.lastIndexOf('#');
  return at < 0 ? [id, ''] : [id.slice(0, at), id.slice(at + 1)];
}
