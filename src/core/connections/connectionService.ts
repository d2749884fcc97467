/**
 * Signing in and out, and handing out API clients for signed-in connections. Knows nothing of
 * VS Code UI: commands and TokenOperations drive it.
 */
import { isApiError } from '../api/errors';
import type { ApiGeneration, TokenApi, ValidatedCredential } from '../api/tokenApi';
import type { AnyDialect, UNNAMED_GENERATION_DIALECT } from '../dialects';
import type { Disposable } from '../ports';
import { digest } from '../util/digest';
import { Emitter } from '../util/emitter';
import { connectionId, type Connection, type EnvironmentBinding, type SavedToken } from './connection';
import { ConnectionStore } from './connectionStore';
import { environmentCredential } from './environmentBinding';

export interface ClientTarget<G extends ApiGeneration = ApiGeneration> {
  serverUrl: string;
  organization: string;
  /** Absent: classic (see `UNNAMED_GENERATION_DIALECT`). */
  generation?: G;
}

/** The client of each generation, as its dialect builds it; only the classic one signs in with a password and lists organizations. */
export type ClientFor<G extends ApiGeneration> = ReturnType<Extract<AnyDialect, { generation: G }>['createClient']>;

export type ClientFactory = <G extends ApiGeneration = (typeof UNNAMED_GENERATION_DIALECT)['generation']>(target: ClientTarget<G>, credential?: string) => ClientFor<G>;

/** Keeps a credential out of the logs while a client uses it (see RedactingLogger). */
export type SecretTracker = (value: string | undefined) => Disposable;

interface CachedClient {
  client: TokenApi;
  /** Releases the credential from the log redactor when the client is dropped. */
  tracking: Disposable;
  /** A digest of the credential (not the credential), to tell our own secret writes from other windows'. */
  credentialDigest: string;
}

/** What a sign-in keeps besides the server's answer; an environment import names its variable and binding. */
export interface SignInMeta {
  username?: string;
  environmentVariable?: string;
  environmentBinding?: EnvironmentBinding;
  generation?: ApiGeneration;
}

export type SignInCredentials = { username: string; password: string } | { token: string };

/** What is known of a saved token without its value. */
export type SavedTokenInfo = Omit<SavedToken, 'value' | 'savedAt'>;

/**
 * The saved token as a dialog names it, and a digest of it (id and value, not the value), so that
 * what is removed after the answer can be checked to be what the dialog named.
 */
export interface SavedTokenSnapshot {
  info: SavedTokenInfo;
  digest: string;
}

export interface ConnectionChange {
  connectionId: string;
  kind: 'signedIn' | 'signedOut' | 'savedToken' | 'credential';
}

export class ConnectionService {
  readonly #onDidChange = new Emitter<ConnectionChange>();
  readonly onDidChange = this.#onDidChange.event;
  readonly #clients = new Map<string, Promise<CachedClient | undefined>>();
  /** A digest (not the value) of the saved token this window wrote last, for the same purpose. */
  readonly #savedTokenDigests = new Map<string, string | undefined>();
  /**
   * Id and name of each connection's saved token, read from secret storage once per change: the
   * view, the status bar and the commands all ask, and none of them needs the value.
   */
  readonly #savedTokenInfo = new Map<string, Promise<SavedTokenInfo | undefined>>();
  readonly #knownSavedTokenIds = new Map<string, string | undefined>();
  /** Connections whose sign-out has begun: no client is handed out for them meanwhile. */
  readonly #signingOut = new Set<string>();

  constructor(
    private readonly store: ConnectionStore,
    private readonly createClient: ClientFactory,
    private readonly trackSecret: SecretTracker,
  ) {}

  connections(): Connection[] {
    return this.store.connections();
  }

  /** The connection commands act on when none is named: the most recently signed in. */
  get active(): Connection | undefined {
    const all = this.store.connections();
    return all[all.length - 1];
  }

  find(id: string): Connection | undefined {
    return this.store.connections().find((c) => c.id === id);
  }

  /**
   * Step one of sign-in: turns what the user typed into a credential. A password is exchanged for
   * a session token (classic); a pasted token, or an AppSec platform API key, is used as it is
   * (trimmed).
   */
  async authenticate(serverUrl: string, credentials: SignInCredentials, signal?: AbortSignal): Promise<string> {
    if ('token' in credentials) return credentials.token.trim();
    return this.#withTracked(credentials.password, () =>
      this.createClient({ serverUrl, organization: '' }).signIn(credentials.username, credentials.password, { signal }),
    );
  }

  listOrganizations(serverUrl: string, credential: string, signal?: AbortSignal): Promise<string[]> {
    return this.#withTracked(credential, () => this.createClient({ serverUrl, organization: '' }, credential).listOrganizations({ signal }));
  }

  /** AppSec platform sign-in, before an organization is chosen: the key's user, organizations and permissions. */
  validateApiKey(serverUrl: string, key: string, signal?: AbortSignal): Promise<ValidatedCredential> {
    return this.#withTracked(key, () => this.createClient({ serverUrl, organization: '', generation: 'appsec' }, key).validate({ signal }));
  }

  /** Runs a one-off call with `secret` kept out of the logs for its duration. */
  async #withTracked<T>(secret: string, call: () => Promise<T>): Promise<T> {
    const tracking = this.trackSecret(secret);
    try {
      return await call();
    } finally {
      tracking.dispose();
    }
  }

  /**
   * Step two: validates the credential for the organization, and only then saves anything.
   * `meta.validated` is what `validateApiKey` answered for the same key moments before: when it
   * lists the organization, it is the answer, and the server is not asked the same again.
   */
  async completeSignIn(
    serverUrl: string,
    organization: string,
    credential: string,
    meta: SignInMeta & { validated?: ValidatedCredential },
    signal?: AbortSignal,
  ): Promise<Connection> {
    const tracking = this.trackSecret(credential);
    const client = this.createClient({ serverUrl, organization, generation: meta.generation }, credential);
    let validated: ValidatedCredential;
    try {
      const known = meta.validated?.organizations?.some((o) => o.slug === organization) ? meta.validated : undefined;
      validated = known ?? (await client.validate({ signal }));
    } catch (error) {
      tracking.dispose();
      throw error;
    }
    const connection = describeConnection(serverUrl, organization, meta, validated);
    try {
      if (meta.environmentVariable) await this.store.saveConnectionMetadata(connection);
      else await this.store.saveConnection(connection, credential);
    } catch (error) {
      tracking.dispose();
      throw error;
    }
    this.#dropClient(connection.id);
    this.#clients.set(connection.id, Promise.resolve({ client, tracking, credentialDigest: digest(credential) }));
    this.#onDidChange.fire({ connectionId: connection.id, kind: 'signedIn' });
    return connection;
  }

  /**
   * Forgets the sign-in and the saved token with it: a saved token left without its connection
   * could not be listed, used or deleted, and would come back with the next sign-in (so it goes
   * first: a sign-out that fails half-way leaves a connection, which can be signed out again). With
   * `onlyIfSavedToken` (the digest a dialog named, undefined: it named none), nothing happens when
   * another token has been saved since: that one was not named.
   */
  async signOut(id: string, options: { onlyIfSavedToken?: string | undefined } = {}): Promise<'signedOut' | 'savedTokenChanged'> {
    if ('onlyIfSavedToken' in options && !(await this.#savedTokenIsGoneOr(id, options.onlyIfSavedToken))) return 'savedTokenChanged';
    // Before anything is awaited: no request uses the credential once the sign-out has begun.
    this.#signingOut.add(id);
    this.#dropClient(id);
    try {
      this.#savedTokenDigests.set(id, undefined);
      await this.store.removeSavedToken(id);
      this.#forgetSavedTokenInfo(id);
      await this.store.removeConnection(id);
    } finally {
      this.#signingOut.delete(id);
    }
    this.#onDidChange.fire({ connectionId: id, kind: 'signedOut' });
    return 'signedOut';
  }

  /** The saved token, as a dialog names it, with its digest (one read for both); undefined when none or unreadable. */
  async savedTokenSnapshot(id: string): Promise<SavedTokenSnapshot | undefined> {
    const saved = await this.store.savedToken(id).catch(() => undefined);
    return saved && { info: { id: saved.id, name: saved.name, scopes: saved.scopes, expiresAt: saved.expiresAt }, digest: digestOf(saved) };
  }

  /**
   * Whether nothing, or the token of `expected` digest, is saved now. Secret storage has no
   * compare-and-delete: a write landing between this read and the removal that follows is not
   * seen, but a dialog's whole open time (the window that matters) is.
   */
  async #savedTokenIsGoneOr(id: string, expected: string | undefined): Promise<boolean> {
    const current = await this.store.savedToken(id);
    return current === undefined || digestOf(current) === expected;
  }

  /**
   * The API client for a signed-in connection, or undefined when it has no credential. A client
   * whose credential was read before a sign-out or a new sign-in (the cache entry was dropped
   * while it was built) is not handed out: the answer is worked out again for the connection as
   * it is now.
   */
  async client(id: string): Promise<TokenApi | undefined> {
    for (;;) {
      if (this.#signingOut.has(id)) return undefined;
      this.#checkEnvironment(id);
      let cached = this.#clients.get(id);
      if (!cached) {
        const building = this.#buildClient(id);
        cached = building;
        this.#clients.set(id, building);
        // A failed secret read must not be cached: the keyring may come back.
        building.catch(() => this.#clients.get(id) === building && this.#clients.delete(id));
      }
      const entry = await cached;
      if (this.#clients.get(id) === cached) return entry?.client;
    }
  }

  /**
   * Throws when an environment connection's key or server variable is not as imported: checked on
   * every use, as a client built earlier (at the import) would otherwise go on being handed out.
   */
  #checkEnvironment(id: string): void {
    const connection = this.find(id);
    if (!connection?.environmentVariable) return;
    try {
      environmentCredential(connection, connection.environmentVariable, process.env);
    } catch (error) {
      this.#dropClient(id);
      throw error;
    }
  }

  async #buildClient(id: string): Promise<CachedClient | undefined> {
    const connection = this.find(id);
    if (!connection) return undefined;
    const credential = connection.environmentVariable
      ? environmentCredential(connection, connection.environmentVariable, process.env)
      : await this.store.credential(id);
    if (!credential) return undefined;
    return { client: this.createClient(connection, credential), tracking: this.trackSecret(credential), credentialDigest: digest(credential) };
  }

  /** Forgets a cached client, and with it the credential the log redactor kept for it. */
  #dropClient(id: string): void {
    const cached = this.#clients.get(id);
    this.#clients.delete(id);
    void cached?.then((entry) => entry?.tracking.dispose(), () => undefined);
  }

  /**
   * Checks the saved token against the server: 'valid', 'revoked' (401), or 'none' when nothing is
   * saved. Other failures (network, server) are thrown: they say nothing about the token.
   */
  async verifySavedToken(id: string, signal?: AbortSignal): Promise<'valid' | 'revoked' | 'none'> {
    const connection = this.find(id);
    const saved = await this.store.savedToken(id);
    if (!connection || !saved) return 'none';
    try {
      await this.#withTracked(saved.value, () => this.createClient(connection, saved.value).validate({ signal }));
      return 'valid';
    } catch (error) {
      if (isApiError(error, 'unauthorized')) return 'revoked';
      throw error;
    }
  }

  /** The saved token with its value: only for handing it out or using it. */
  savedToken(id: string): Promise<SavedToken | undefined> {
    return this.store.savedToken(id);
  }

  /** Id and name of the saved token (cached until it changes); rejects when the keyring fails. */
  savedTokenInfo(id: string): Promise<SavedTokenInfo | undefined> {
    let pending = this.#savedTokenInfo.get(id);
    if (!pending) {
      const reading = this.store.savedToken(id).then((saved) => saved && { id: saved.id, name: saved.name, scopes: saved.scopes, expiresAt: saved.expiresAt });
      pending = reading;
      this.#savedTokenInfo.set(id, reading);
      reading.then(
        (info) => this.#savedTokenInfo.get(id) === reading && this.#knownSavedTokenIds.set(id, info?.id),
        // A failed read is not kept: the keyring may come back.
        () => this.#savedTokenInfo.get(id) === reading && this.#savedTokenInfo.delete(id),
      );
    }
    return pending;
  }

  /** The saved token's id as last read by `savedTokenInfo`, for synchronous readers (the view). */
  knownSavedTokenId(id: string): string | undefined {
    return this.#knownSavedTokenIds.get(id);
  }

  #forgetSavedTokenInfo(id: string): void {
    this.#savedTokenInfo.delete(id);
    this.#knownSavedTokenIds.delete(id);
  }

  async saveToken(id: string, token: SavedToken): Promise<void> {
    this.#savedTokenDigests.set(id, digestOf(token));
    await this.store.setSavedToken(id, token);
    this.#forgetSavedTokenInfo(id);
    this.#onDidChange.fire({ connectionId: id, kind: 'savedToken' });
  }

  /**
   * Removes the saved token; with `onlyIf` (a snapshot's digest), only when it is still that one.
   * False when another token was saved meanwhile, which is then left alone.
   */
  async forgetSavedToken(id: string, options: { onlyIf?: string } = {}): Promise<boolean> {
    if (options.onlyIf !== undefined && !(await this.#savedTokenIsGoneOr(id, options.onlyIf))) return false;
    this.#savedTokenDigests.set(id, undefined);
    await this.store.removeSavedToken(id);
    this.#forgetSavedTokenInfo(id);
    this.#onDidChange.fire({ connectionId: id, kind: 'savedToken' });
    return true;
  }

  /**
   * A secret changed, possibly in another window (SecretStorage is shared by all windows). Our own
   * writes come back here too; they are recognised and cause no reload.
   */
  async secretChanged(key: string): Promise<void> {
    const meaning = ConnectionStore.meaningOfKey(key);
    if (meaning?.kind === 'connectionList') await this.#connectionListChanged();
    else if (meaning?.kind === 'savedToken') await this.#savedTokenChanged(meaning.connectionId);
    else if (meaning?.kind === 'credential') await this.#credentialChanged(meaning.connectionId);
  }

  async #connectionListChanged(): Promise<void> {
    const before = new Set(this.connections().map((c) => c.id));
    if (!(await this.store.reloadAnnouncedList())) return;
    const after = new Set(this.connections().map((c) => c.id));
    for (const id of before) if (!after.has(id)) this.#dropClient(id);
    for (const id of before) if (!after.has(id)) this.#onDidChange.fire({ connectionId: id, kind: 'signedOut' });
    for (const id of after) if (!before.has(id)) this.#onDidChange.fire({ connectionId: id, kind: 'signedIn' });
  }

  async #savedTokenChanged(id: string): Promise<void> {
    const current = await this.store.savedToken(id).catch(() => undefined);
    const currentDigest = current && digestOf(current);
    if (this.#savedTokenDigests.has(id) && this.#savedTokenDigests.get(id) === currentDigest) return;
    this.#savedTokenDigests.set(id, currentDigest);
    this.#forgetSavedTokenInfo(id);
    this.#onDidChange.fire({ connectionId: id, kind: 'savedToken' });
  }

  async #credentialChanged(id: string): Promise<void> {
    if (!this.find(id)) return; // a sign-in elsewhere; the connection list announces it
    const current = await this.store.credential(id).catch(() => undefined);
    const inUse = await this.#clients.get(id)?.catch(() => undefined);
    if (current !== undefined && inUse && digest(current) === inUse.credentialDigest) return;
    this.#dropClient(id);
    this.#onDidChange.fire({ connectionId: id, kind: current === undefined ? 'signedOut' : 'credential' });
  }

  /** Settings that shape clients (timeout, CA, proxy) changed: build new clients on next use. */
  resetClients(): void {
    for (const id of [...this.#clients.keys()]) this.#dropClient(id);
  }

  dispose(): void {
    this.resetClients();
    this.#onDidChange.dispose();
  }
}

function digestOf(token: SavedToken): string {
  return digest(`${token.id}\u0000${token.value}`);
}

/** What is kept of a sign-in: no secret, only what the server said about it. */
function describeConnection(
  serverUrl: string,
  organization: string,
  meta: SignInMeta,
  validated: ValidatedCredential,
): Connection {
  const organizationName = validated.organizations?.find((o) => o.slug === organization)?.name;
  return {
    id: connectionId(serverUrl, organization),
    serverUrl,
    organization,
    username: meta.username ?? validated.user?.email,
    authMethod: meta.username ? 'password' : 'token',
    apiVersion: validated.apiVersion,
    environmentVariable: meta.environmentVariable,
    ...(meta.environmentVariable && meta.environmentBinding ? { environmentBinding: meta.environmentBinding } : {}),
    ...(meta.generation ? { generation: meta.generation } : {}),
    ...(validated.user?.name ? { displayName: validated.user.name } : {}),
    ...(organizationName && organizationName !== organization ? { organizationName } : {}),
    ...(validated.permissions ? { permissions: [...validated.permissions] } : {}),
  };
}
