/**
 * Persistence for connections: metadata in globalState (no secrets, so it may be inspected freely),
 * the sign-in credential and the saved access token in SecretStorage under per-connection keys.
 */
import type { SecretVault } from '../secrets/secretVault';
import type { Connection, SavedToken } from './connection';

export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const CONNECTIONS_KEY = 'codethreat.connections';
const CREDENTIAL_PREFIX = 'codethreat.credential:';
const SAVED_TOKEN_PREFIX = 'codethreat.savedToken:';

export class ConnectionStore {
  constructor(
    private readonly state: KeyValueState,
    private readonly vault: SecretVault,
  ) {}

  connections(): Connection[] {
    return this.state.get<Connection[]>(CONNECTIONS_KEY) ?? [];
  }

  async saveConnection(connection: Connection, credential: string): Promise<void> {
    // Secret first: a connection listed without its credential would look signed in but fail.
    await this.vault.set(CREDENTIAL_PREFIX + connection.id, credential);
    await this.saveConnectionMetadata(connection);
  }

  /** For connections whose credential lives elsewhere (an environment variable). */
  async saveConnectionMetadata(connection: Connection): Promise<void> {
    const others = this.connections().filter((c) => c.id !== connection.id);
    await this.state.update(CONNECTIONS_KEY, [...others, connection]);
  }

  async removeConnection(id: string): Promise<void> {
    await this.state.update(
      CONNECTIONS_KEY,
      this.connections().filter((c) => c.id !== id),
    );
    await this.vault.delete(CREDENTIAL_PREFIX + id);
  }

  credential(id: string): Promise<string | undefined> {
    return this.vault.get(CREDENTIAL_PREFIX + id);
  }

  async savedToken(id: string): Promise<SavedToken | undefined> {
    const text = await this.vault.get(SAVED_TOKEN_PREFIX + id);
    if (!text) return undefined;
    try {
      const parsed = JSON.parse(text) as SavedToken;
      return typeof parsed.value === 'string' && typeof parsed.id === 'string' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  setSavedToken(connectionId: string, token: SavedToken): Promise<void> {
    return this.vault.set(SAVED_TOKEN_PREFIX + connectionId, JSON.stringify(token));
  }

  removeSavedToken(connectionId: string): Promise<void> {
    return this.vault.delete(SAVED_TOKEN_PREFIX + connectionId);
  }

  /** Which connection a secret-storage key belongs to, for cross-window change events. */
  static connectionOfKey(key: string): { connectionId: string; kind: 'credential' | 'savedToken' } | undefined {
    if (key.startsWith(CREDENTIAL_PREFIX)) return { connectionId: key.slice(CREDENTIAL_PREFIX.length), kind: 'credential' };
    if (key.startsWith(SAVED_TOKEN_PREFIX)) return { connectionId: key.slice(SAVED_TOKEN_PREFIX.length), kind: 'savedToken' };
    return undefined;
  }
}
