/**
 * The `codethreat` authentication provider: the one way a token value reaches another extension,
 * behind VS Code's own per-extension consent. One key per grant: every `createSession` generates a
 * key with exactly the scopes asked for (through TokenOperations, so behind its consent modal too)
 * and keeps it as a grant of its own (core/tokens/grants.ts). It never replaces the connection's
 * saved token, which stays the user's own (this extension's features, the terminal) and is no
 * session.
 *
 * Why one VS Code account per grant: VS Code remembers consent per provider *account label*, and
 * a silent `getSession` returns a session of any account the extension is allowed on. Keys sharing
 * an account would be shared by every extension allowed on it; with an account per grant (and
 * `supportsMultipleAccounts`), an extension gets only the keys it was itself allowed, and
 * Accounts → Manage Trusted Extensions names each grant.
 *
 * Scopes: `getSessions(scopes)` answers only grants made for exactly that scope set (order aside),
 * never a broader one. A classic token has no scopes (it carries the user's full rights); its grant
 * records the scopes asked for, so that separate requests still get separate, separately
 * revocable keys.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import type { Connection } from '../../core/connections/connection';
import type { TokenRequest } from '../../core/api/accessToken';
import { grantsExactly, type Grant } from '../../core/tokens/grants';
import { COMMANDS } from '../shared/commandIds';
import { connectionLabel, resolveConnection } from '../shared/commandSupport';
import { describeError } from '../shared/errorMessages';
import { DEFAULT_EXPIRY_DAYS, mayWriteKeys, withKeyOptions } from '../tokens/commands/keyOptions';
import { announceDeletion } from '../tokens/commands/outcomes';
import { plainText, SENTENCE_LENGTH } from '../../core/util/untrustedText';

export const AUTH_PROVIDER_ID = 'codethreat';
export const AUTH_PROVIDER_LABEL = 'CodeThreat';

type Deps = Pick<Container, 'connections' | 'lists' | 'grants' | 'operations' | 'prompter' | 'logger' | 'platform'>;

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
    const connections = deps.connections.onDidChange(() => void this.#announceChanges());
    const grants = deps.grants.onDidChange(() => void this.#announceChanges());
    this.#subscription = { dispose: () => (connections.dispose(), grants.dispose()) };
  }

  /**
   * With scopes (an extension's `getSession`): the grants made for exactly those scopes. Without
   * (VS Code listing accounts, as in the Accounts menu): every grant.
   */
  async getSessions(scopes?: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    const current = await this.#currentSessions();
    // The first answer is the baseline later changes are described against (no work at activation).
    if (!this.#baselined) {
      this.#known = current;
      this.#baselined = true;
    }
    const wanted = options?.account?.id;
    return [...current.values()].filter((session) => (!wanted || session.account.id === wanted) && (!scopes || grantsExactly(session, scopes)));
  }

  /**
   * A new grant: a key generated with exactly the scopes asked for, for the extension VS Code's
   * own dialog just named. The user names the key after that extension; the name becomes the
   * grant's account in the Accounts menu and its "for:" line in the view.
   */
  async createSession(scopes: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    const connection = await this.#connectionFor(options);
    if (!connection) throw new vscode.CancellationError();
    // Said before any question: a key that may not create keys would only be refused at the end.
    if (!mayWriteKeys(this.deps.prompter, connection)) throw new vscode.CancellationError();
    const request = await this.#requestFor(connection, scopes);
    const label = (name: string) => `${plainText(name)} (${connectionLabel(connection)})`;
    const outcome = await this.deps.operations.generateGrant(connection, request, scopes, label);
    if (outcome.status === 'declined' || outcome.status === 'busy') throw new vscode.CancellationError();
    if (outcome.status === 'failed') throw new Error(`${vscode.l10n.t('No CodeThreat access token was created.')} ${describeError(outcome.error)}`);
    if (outcome.status === 'notKept') {
      void this.deps.prompter.notify(
        'error',
        vscode.l10n.t('The access token "{0}" was created but VS Code could not keep it, so no extension got it. Delete it in the CodeThreat view.', plainText(outcome.token.name)),
      );
      throw new Error(vscode.l10n.t('The new access token could not be saved in VS Code.'));
    }
    const session = (await this.#currentSessions()).get(outcome.grant.id);
    if (!session) throw new Error(vscode.l10n.t('The new access token could not be saved in VS Code.'));
    await this.#announceChanges();
    return session;
  }

  /**
   * What the new key is asked for with: a name the user gives it after the extension that asked,
   * and exactly the scopes asked for (none asked on the AppSec platform: the user chooses) with
   * the default expiry.
   */
  async #requestFor(connection: Connection, scopes: readonly string[]): Promise<TokenRequest> {
    const now = this.deps.platform.clock.now();
    const asked = scopes.length ? plainText(scopes.join(' '), SENTENCE_LENGTH) : vscode.l10n.t('no scopes');
    const name = await this.deps.prompter.input({
      title: vscode.l10n.t('A new CodeThreat access token for {0}', connectionLabel(connection)),
      prompt: vscode.l10n.t('Name the key after the extension VS Code just named: it is that extension\'s own key, listed under this name in the Accounts menu and in the CodeThreat view.'),
      value: vscode.l10n.t('For an extension: {0}', asked),
    });
    if (!name?.trim()) throw new vscode.CancellationError();
    const args = { scopes: scopes.length ? [...scopes] : undefined, expiresInDays: DEFAULT_EXPIRY_DAYS };
    const request = await withKeyOptions(this.deps.prompter, connection, { name: name.trim() }, args, now, connectionLabel(connection));
    // Refused scopes were explained to the user; the asking extension learns only that it got none.
    if (!request) throw new vscode.CancellationError();
    return request;
  }

  /**
   * VS Code calls this when the user signs the grant's account out in its Accounts menu: the grant
   * is forgotten, and deleting its key on the server is offered.
   */
  async removeSession(id: string): Promise<void> {
    const grant = this.deps.grants.find(id);
    if (!grant) return;
    await this.deps.grants.forget([grant.id]);
    const connection = this.deps.connections.find(grant.connectionId);
    if (!connection) return;
    const token = this.deps.lists.get(connection.id).find(grant.tokenId) ?? { id: grant.tokenId, name: grant.name };
    const outcome = await this.deps.operations.delete(connection, token, { afterForgetting: true });
    announceDeletion(this.deps, connection, grant.name, outcome);
  }

  /** The connection a new grant is for: the one of the account VS Code names, the only one, or a pick; signing in first if there is none. */
  async #connectionFor(options: vscode.AuthenticationProviderSessionOptions | undefined): Promise<Connection | undefined> {
    const account = options?.account?.id;
    const named = account ? this.deps.connections.find(this.deps.grants.find(account)?.connectionId ?? account) : undefined;
    if (named) return named;
    if (this.deps.connections.connections().length === 0) await vscode.commands.executeCommand(COMMANDS.signIn);
    return resolveConnection(this.deps);
  }

  /** A session per grant whose connection is signed in and whose value can be read. */
  async #currentSessions(): Promise<Map<string, vscode.AuthenticationSession>> {
    const sessions = new Map<string, vscode.AuthenticationSession>();
    // Newest first: with no preference, VS Code offers the first session.
    for (const grant of [...this.deps.grants.all()].reverse()) {
      if (!this.deps.connections.find(grant.connectionId)) continue;
      const value = await this.deps.grants.value(grant.id).catch((error: unknown) => {
        this.deps.logger.warn(`Reading the key of grant ${grant.id} failed: ${describeError(error)}`);
        return undefined;
      });
      if (value) sessions.set(grant.id, sessionOf(grant, value));
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

/** A grant as VS Code sees it: its own account (id and label), and the scopes it was made for. */
function sessionOf(grant: Grant, value: string): vscode.AuthenticationSession {
  // The Accounts menu shows the label (made of plain text when the grant was made; it may come from another window).
  return { id: grant.id, accessToken: value, account: { id: grant.id, label: plainText(grant.accountLabel, SENTENCE_LENGTH) }, scopes: [...grant.scopes] };
}
