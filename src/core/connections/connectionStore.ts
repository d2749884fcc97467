/**
 * Persistence for connections: the sign-in credential and the saved access token in SecretStorage
 * under per-connection keys; the connection list (no secrets) in globalState, and mirrored to a
 * SecretStorage key of its own. SecretStorage is the one store that tells every window about a
 * change, so the mirror is how a sign-in or sign-out in another window reaches this one.
 */
import type { KeyValueState } from '../ports';
import type { Connection, SavedToken } from './connection';
import type { SecretVault } from './secretVault';

const CONNECTIONS_KEY = 'codethreat.connections';
const CONNECTIONS_SECRET_KEY = 'codethreat.connectionList';
const CREDENTIAL_PREFIX = 'codethreat.credential:';
const SAVED_TOKEN_PREFIX = 'codethreat.savedToken:';

export type SecretKeyMeaning = { kind: 'connectionList' } | { kind: 'credential' | 'savedToken'; connectionId: string };

export class ConnectionStore {
  /** The list as another window last announced it; undefined until one does. */
  #announced: Connection[] | undefined;
  /** This window's writes of the list still on their way (see reloadAnnouncedList). */
  readonly #listWrites = new Set<Promise<void>>();

  constructor(
    private readonly state: KeyValueState,
    private readonly vault: SecretVault,
  ) {}

  connections(): Connection[] {
    return this.#announced ?? this.state.get<Connection[]>(CONNECTIONS_KEY) ?? [];
  }

  async saveConnection(connection: Connection, credential: string): Promise<void> {
    // Secret first: a connection listed without its credential would look signed in but fail.
    await this.vault.set(CREDENTIAL_PREFIX + connection.id, credential);
    await this.saveConnectionMetadata(connection);
  }

  /** For connections whose credential lives elsewhere (an environment variable). */
  async saveConnectionMetadata(connection: Connection): Promise<void> {
    await this.#writeList([...this.connections().filter((c) => c.id !== connection.id), connection]);
  }

  async removeConnection(id: string): Promise<void> {
    await this.#writeList(this.connections().filter((c) => c.id !== id));
    await this.vault.delete(CREDENTIAL_PREFIX + id);
  }

  /** Reads the list another window announced; true when it differs from the one known here. */
  async reloadAnnouncedList(): Promise<boolean> {
    // While this window writes the list, the secret still holds the one before: read then, a late
    // announcement (an echo of an earlier write) would undo this window's own sign-in or sign-out.
    while (this.#listWrites.size) await Promise.all(this.#listWrites);
    const text = await this.vault.get(CONNECTIONS_SECRET_KEY).catch(() => undefined);
    const list = parseList(text);
    if (!list || JSON.stringify(list) === JSON.stringify(this.connections())) return false;
    this.#announced = list;
    return true;
  }

  async #writeList(list: Connection[]): Promise<void> {
    this.#announced = undefined;
    const write = (async () => {
      await this.state.update(CONNECTIONS_KEY, list);
      // The announcement is best effort: without a keyring, this window still works on its own.
      await this.vault.set(CONNECTIONS_SECRET_KEY, JSON.stringify(list)).catch(() => undefined);
    })();
    const settled = write.catch(() => undefined);
    this.#listWrites.add(settled);
    try {
      await write;
    } finally {
      this.#listWrites.delete(settled);
    }
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

  /** What a secret-storage key holds, for cross-window change events. */
  static meaningOfKey(key: string): SecretKeyMeaning | undefined {
    if (key === CONNECTIONS_SECRET_KEY) return { kind: 'connectionList' };
    if (key.startsWith(CREDENTIAL_PREFIX)) return { kind: 'credential', connectionId: key.slice(CREDENTIAL_PREFIX.length) };
    if (key.startsWith(SAVED_TOKEN_PREFIX)) return { kind: 'savedToken', connectionId: key.slice(SAVED_TOKEN_PREFIX.length) };
    return undefined;
  }
}

function parseList(text: string | undefined): Connection[] | undefined {
  if (!text) return undefined;
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list) ? list.filter((c): c is Connection => typeof c?.id === 'string' && typeof c?.serverUrl === 'string') : undefined;
  } catch {
    return undefined;
  }
}
