/**
 * The `codethreat` authentication provider: the one way a token value reaches another extension,
 * behind VS Code's own per-extension consent (VS Code asks the user for each extension and lists
 * the grant under Accounts → Manage Trusted Extensions). Sessions are the saved tokens, one per
 * connection (server + organization). Creating a session generates and saves a token — through
 * TokenOperations, so behind its consent modal too; removing one forgets it and offers to delete
 * it on the server.
 *
 * Scopes: on the AppSec platform a session is a key that holds EVERY scope asked for
 * (`getSession('codethreat', ['scan:read'])`), and creating one generates a key with exactly
 * those scopes (least privilege) and the default expiry. A classic token has no scopes: it is a
 * full user token, so it serves whatever is asked, and its session reports the scopes asked for.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import type { Connection } from '../../core/connections/connection';
import { dialectOf } from '../../core/dialects';
import type { TokenRequest } from '../../core/api/accessToken';
import { coversScopes } from '../../core/api/appsec/scopes';
import { COMMANDS } from '../shared/commandIds';
import { connectionLabel, resolveConnection } from '../shared/commandSupport';
import { describeError } from '../shared/errorMessages';
import { DEFAULT_EXPIRY_DAYS, mayWriteKeys, withKeyOptions } from '../tokens/commands/keyOptions';
import { announceDeletion } from '../tokens/commands/outcomes';
import { plainText, SENTENCE_LENGTH } from '../../core/util/untrustedText';

export const AUTH_PROVIDER_ID = 'codethreat';
export const AUTH_PROVIDER_LABEL = 'CodeThreat';

type Deps = Pick<Container, 'connections' | 'lists' | 'operations' | 'prompter' | 'logger' | 'platform'>;

export function sessionId(connectionId: string, tokenId: string): string {
  return `${connectionId}#${tokenId}`;
}

export class CodeThreatAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  readonly #onDidChangeSessions = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.#onDidChangeSessions.event;
  /** The sessions last reported, to describe changes as added / removed / changed. */
  #known = new Map<string, vscode.AuthenticationSession>();
  #baselined = false;
  /** Announcements run one after another, each against the sessions the previous one reported. */
  #announcing: Promise<void> = Promise.resolve();
  readonly #subscription: { dispose(): void };

  constructor(private readonly deps: Deps) {
    this.#subscription = deps.connections.onDidChange(() => void this.#announceChanges());
  }

  async getSessions(scopes?: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    const current = await this.#currentSessions();
    // The first answer is the baseline later changes are described against (no work at activation).
    if (!this.#baselined) {
      this.#known = current;
      this.#baselined = true;
    }
    const wanted = options?.account?.id;
    return [...current.values()]
      .filter((session) => !wanted || session.account.id === wanted)
      .filter((session) => this.#serves(session, scopes ?? []))
      .map((session) => this.#withScopes(session, scopes ?? []));
  }

  async createSession(scopes: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    const connection = await this.#connectionFor(options);
    if (!connection) throw new vscode.CancellationError();
    const reused = await this.#offerSavedToken(connection, scopes);
    if (reused) return reused;
    // Said before any question: a key that may not create keys would only be refused at the end.
    if (!mayWriteKeys(this.deps.prompter, connection)) throw new vscode.CancellationError();
    const request = await this.#requestFor(connection, scopes);
    const outcome = await this.deps.operations.generate(connection, request, { delivery: 'secretStorage', forExtension: true });
    if (outcome.status === 'declined' || outcome.status === 'busy') throw new vscode.CancellationError();
    if (outcome.status === 'failed') throw new Error(`${vscode.l10n.t('No CodeThreat access token was created.')} ${describeError(outcome.error)}`);
    const session = (await this.#currentSessions()).get(sessionId(connection.id, outcome.token.id));
    if (!session) throw new Error(vscode.l10n.t('The new access token could not be saved in VS Code.'));
    await this.#announceChanges();
    return this.#withScopes(session, scopes);
  }

  /** A key with scopes (AppSec) serves a request when it holds every scope asked for; a classic token serves any. */
  #serves(session: vscode.AuthenticationSession, asked: readonly string[]): boolean {
    return !this.#keysHaveScopes(session) || coversScopes(session.scopes, asked);
  }

  /** The scopes a session reports: a key's own, where keys have scopes; for a classic token, those asked for. */
  #withScopes(session: vscode.AuthenticationSession, asked: readonly string[]): vscode.AuthenticationSession {
    return this.#keysHaveScopes(session) ? session : { ...session, scopes: [...asked] };
  }

  #keysHaveScopes(session: vscode.AuthenticationSession): boolean {
    const connection = this.deps.connections.find(session.account.id);
    return connection !== undefined && dialectOf(connection.generation).keys.scopes;
  }

  /**
   * What the new token is asked for with: a name the user may edit, and on the AppSec platform
   * exactly the scopes asked for (none asked: the user chooses) and the default expiry.
   */
  async #requestFor(connection: Connection, scopes: readonly string[]): Promise<TokenRequest> {
    const now = this.deps.platform.clock.now();
    const name = await this.deps.prompter.input({
      title: vscode.l10n.t('A new CodeThreat access token for {0}', connectionLabel(connection)),
      prompt: vscode.l10n.t('An extension asked to use CodeThreat. Name the token it will get; it is saved in VS Code.'),
      value: vscode.l10n.t('VS Code: {0} ({1})', scopes.length ? plainText(scopes.join(' '), SENTENCE_LENGTH) : vscode.l10n.t('an extension'), now.toISOString().slice(0, 10)),
    });
    if (!name?.trim()) throw new vscode.CancellationError();
    const args = { scopes: scopes.length ? [...scopes] : undefined, expiresInDays: DEFAULT_EXPIRY_DAYS };
    const request = await withKeyOptions(this.deps.prompter, connection, { name: name.trim() }, args, now, connectionLabel(connection));
    // Refused scopes were explained to the user; the asking extension learns only that it got none.
    if (!request) throw new vscode.CancellationError();
    return request;
  }

  /** VS Code calls this when the user signs the account out in its Accounts menu. */
  async removeSession(id: string): Promise<void> {
    const [connectionId, tokenId] = splitSessionId(id);
    const connection = this.deps.connections.find(connectionId);
    const saved = await this.deps.connections.savedTokenInfo(connectionId);
    if (!connection || !saved || saved.id !== tokenId) return;
    await this.deps.connections.forgetSavedToken(connectionId);
    const token = this.deps.lists.get(connectionId).find(tokenId) ?? { id: tokenId, name: saved.name };
    const outcome = await this.deps.operations.delete(connection, token, { afterForgetting: true });
    announceDeletion(this.deps, connection, saved.name, outcome);
  }

  /** The connection a new session is for: the one VS Code names, the only one, or a pick; signing in first if there is none. */
  async #connectionFor(options: vscode.AuthenticationProviderSessionOptions | undefined): Promise<Connection | undefined> {
    const named = options?.account ? this.deps.connections.find(options.account.id) : undefined;
    if (named) return named;
    if (this.deps.connections.connections().length === 0) await vscode.commands.executeCommand(COMMANDS.signIn);
    return resolveConnection(this.deps);
  }

  /** Asked again (forceNewSession) while a token is saved: it may be the one to hand out. */
  async #offerSavedToken(connection: Connection, scopes: readonly string[]): Promise<vscode.AuthenticationSession | undefined> {
    const saved = await this.deps.connections.savedTokenInfo(connection.id).catch(() => undefined);
    if (!saved || (dialectOf(connection.generation).keys.scopes && !coversScopes(saved.scopes ?? [], scopes))) return undefined;
    const useSaved = await this.deps.prompter.pick(
      [
        { label: vscode.l10n.t('Use the saved token "{0}"', plainText(saved.name)), value: true },
        { label: vscode.l10n.t('Generate a new token'), description: vscode.l10n.t('it replaces the saved one'), value: false },
      ],
      { title: connectionLabel(connection), placeholder: vscode.l10n.t('An extension asks for a CodeThreat token') },
    );
    if (useSaved === undefined) throw new vscode.CancellationError();
    const existing = useSaved ? (await this.#currentSessions()).get(sessionId(connection.id, saved.id)) : undefined;
    return existing && this.#withScopes(existing, scopes);
  }

  async #currentSessions(): Promise<Map<string, vscode.AuthenticationSession>> {
    const sessions = new Map<string, vscode.AuthenticationSession>();
    // Most recent connection first: VS Code hands an asking extension the first session.
    for (const connection of [...this.deps.connections.connections()].reverse()) {
      const saved = await this.deps.connections.savedToken(connection.id).catch((error: unknown) => {
        this.deps.logger.warn(`Reading the saved token of ${connection.id} failed: ${describeError(error)}`);
        return undefined;
      });
      if (!saved) continue;
      const id = sessionId(connection.id, saved.id);
      // The Accounts menu shows it: plain text, like every other label.
      const label = connection.username ? `${plainText(connection.username)} (${connectionLabel(connection)})` : connectionLabel(connection);
      // A classic token has no scopes of its own (see withScopes); an AppSec key reports its own.
      const scopes = dialectOf(connection.generation).keys.scopes ? [...(saved.scopes ?? [])] : [];
      sessions.set(id, { id, accessToken: saved.value, account: { id: connection.id, label }, scopes });
    }
    return sessions;
  }

  /** Serialised: overlapping changes would otherwise report the same session added twice. */
  #announceChanges(): Promise<void> {
    this.#announcing = this.#announcing.then(() => this.#announceNow()).catch((error: unknown) => {
      this.deps.logger.warn(`Announcing session changes failed: ${describeError(error)}`);
    });
    return this.#announcing;
  }

  async #announceNow(): Promise<void> {
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
