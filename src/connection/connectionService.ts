/**
 * Signing in and out, and handing out API clients for signed-in connections. Knows nothing of
 * VS Code UI: commands drive it, tests drive it directly.
 */
import type { CodeThreatClient } from '../api/codeThreatClient';
import { CodeThreatApiError } from '../api/errors';
import { digest } from '../util/digest';
import { Emitter } from '../util/emitter';
import { connectionId, type Connection, type SavedToken } from './connection';
import type { ConnectionStore } from './connectionStore';

export type ClientFactory = (target: { serverUrl: string; organization: string }, credential?: string) => CodeThreatClient;

export type SignInCredentials = { username: string; password: string } | { token: string };

/** What is known of a saved token without its value. */
export interface SavedTokenInfo {
  id: string;
  name: string;
}

export interface ConnectionChange {
  connectionId: string;
  kind: 'signedIn' | 'signedOut' | 'savedToken' | 'credential';
}

export class ConnectionService {
  readonly #onDidChange = new Emitter<ConnectionChange>();
  readonly onDidChange = this.#onDidChange.event;
  readonly #clients = new Map<string, Promise<CodeThreatClient | undefined>>();
  /**
   * A digest of the credential each cached client uses (not the credential: the client holds
   * that), to tell our own secret writes from other windows'.
   */
  readonly #credentials = new Map<string, string>();
  /** A digest (not the value) of the saved token this window wrote last, for the same purpose. */
  readonly #savedTokenDigests = new Map<string, string | undefined>();
  /**
   * Id and name of each connection's saved token, read from secret storage once per change: the
   * view, the status bar and the commands all ask, and none of them needs the value.
   */
  readonly #savedTokenInfo = new Map<string, Promise<SavedTokenInfo | undefined>>();
  readonly #knownSavedTokenIds = new Map<string, string | undefined>();

  constructor(
    private readonly store: ConnectionStore,
    private readonly createClient: ClientFactory,
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
   * a session token; a pasted token is used as it is (trimmed).
   */
  async authenticate(serverUrl: string, credentials: SignInCredentials, signal?: AbortSignal): Promise<string> {
    if ('token' in credentials) return credentials.token.trim();
    const anonymous = this.createClient({ serverUrl, organization: '' });
    return anonymous.signIn(credentials.username, credentials.password, { signal });
  }

  listOrganizations(serverUrl: string, credential: string, signal?: AbortSignal): Promise<string[]> {
    return this.createClient({ serverUrl, organization: '' }, credential).listOrganizations({ signal });
  }

  /** Step two: validates the credential for the organization, and only then saves anything. */
  async completeSignIn(
    serverUrl: string,
    organization: string,
    credential: string,
    meta: { username?: string; environmentVariable?: string },
    signal?: AbortSignal,
  ): Promise<Connection> {
    const client = this.createClient({ serverUrl, organization }, credential);
    const { apiVersion } = await client.validate({ signal });
    const connection: Connection = {
      id: connectionId(serverUrl, organization),
      serverUrl,
      organization,
      username: meta.username,
      authMethod: meta.username ? 'password' : 'token',
      apiVersion,
      environmentVariable: meta.environmentVariable,
    };
    this.#credentials.set(connection.id, digest(credential));
    if (meta.environmentVariable) await this.store.saveConnectionMetadata(connection);
    else await this.store.saveConnection(connection, credential);
    this.#clients.set(connection.id, Promise.resolve(client));
    this.#onDidChange.fire({ connectionId: connection.id, kind: 'signedIn' });
    return connection;
  }

  async signOut(id: string, options: { forgetSavedToken?: boolean } = {}): Promise<void> {
    this.#clients.delete(id);
    this.#credentials.delete(id);
    await this.store.removeConnection(id);
    if (options.forgetSavedToken) {
      this.#savedTokenDigests.set(id, undefined);
      await this.store.removeSavedToken(id);
    }
    this.#forgetSavedTokenInfo(id);
    this.#onDidChange.fire({ connectionId: id, kind: 'signedOut' });
  }

  /** The API client for a signed-in connection, or undefined when it has no credential. */
  client(id: string): Promise<CodeThreatClient | undefined> {
    let client = this.#clients.get(id);
    if (!client) {
      client = this.#buildClient(id);
      this.#clients.set(id, client);
      // A failed secret read must not be cached: the keyring may come back.
      client.catch(() => this.#clients.delete(id));
    }
    return client;
  }

  async #buildClient(id: string): Promise<CodeThreatClient | undefined> {
    const connection = this.find(id);
    if (!connection) return undefined;
    const credential = connection.environmentVariable ? process.env[connection.environmentVariable]?.trim() : await this.store.credential(id);
    if (!credential) return undefined;
    this.#credentials.set(id, digest(credential));
    return this.createClient(connection, credential);
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
      await this.createClient(connection, saved.value).validate({ signal });
      return 'valid';
    } catch (error) {
      if (error instanceof CodeThreatApiError && error.kind === 'unauthorized') return 'revoked';
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
      const reading = this.store.savedToken(id).then((saved) => saved && { id: saved.id, name: saved.name });
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

  async forgetSavedToken(id: string): Promise<void> {
    this.#savedTokenDigests.set(id, undefined);
    await this.store.removeSavedToken(id);
    this.#forgetSavedTokenInfo(id);
    this.#onDidChange.fire({ connectionId: id, kind: 'savedToken' });
  }

  /**
   * A secret changed, possibly in another window (SecretStorage is shared by all windows). Our own
   * writes come back here too; they are recognised and cause no reload.
   */
  async secretChanged(change: { connectionId: string; kind: 'credential' | 'savedToken' }): Promise<void> {
    if (change.kind === 'savedToken') {
      const current = await this.store.savedToken(change.connectionId).catch(() => undefined);
      const digest = current && digestOf(current);
      if (this.#savedTokenDigests.has(change.connectionId) && this.#savedTokenDigests.get(change.connectionId) === digest) return;
      this.#savedTokenDigests.set(change.connectionId, digest);
      this.#forgetSavedTokenInfo(change.connectionId);
      this.#onDidChange.fire(change);
      return;
    }
    const current = await this.store.credential(change.connectionId).catch(() => undefined);
    if (current !== undefined && digest(current) === this.#credentials.get(change.connectionId)) return;
    this.#clients.delete(change.connectionId);
    this.#credentials.delete(change.connectionId);
    this.#onDidChange.fire({ connectionId: change.connectionId, kind: current === undefined ? 'signedOut' : 'credential' });
  }

  /** Settings that shape clients (timeout, CA, proxy) changed: build new clients on next use. */
  resetClients(): void {
    this.#clients.clear();
    this.#credentials.clear();
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}

function digestOf(token: SavedToken): string {
  return digest(`${token.id}\u0000${token.value}`);
}
