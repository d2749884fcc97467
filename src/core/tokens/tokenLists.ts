/**
 * One `TokenListModel` per signed-in connection, created on first use and dropped at sign-out.
 * Only a signed-in connection gets a kept model: a late caller holding the id of a connection that
 * signed out (a listener, a tree request from before) gets an empty one that nothing keeps, so a
 * list can never outlive its sign-out and reappear at the next sign-in to the same connection.
 */
import type { ConnectionService } from '../connections/connectionService';
import { Emitter } from '../util/emitter';
import { TokenListModel } from './tokenListModel';

const notSignedIn = () => Promise.resolve(undefined);

export class TokenLists {
  readonly #models = new Map<string, { model: TokenListModel; subscription: { dispose(): void } }>();
  readonly #onDidChange = new Emitter<string>();
  /** Fires the connection id whose list changed. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(private readonly connections: ConnectionService) {
    connections.onDidChange((change) => {
      // A sign-in to a connection that was signed in already (again after a revoked credential, an
      // import again after the environment changed, another user) starts its list afresh too: the
      // list, failed or not, was the old credential's.
      if (change.kind !== 'savedToken') this.drop(change.connectionId);
    });
  }

  get(connectionId: string): TokenListModel {
    const entry = this.#models.get(connectionId);
    if (entry) return entry.model;
    if (!this.connections.find(connectionId)) return new TokenListModel(notSignedIn);
    const model = new TokenListModel(() => this.connections.client(connectionId));
    const subscription = model.onDidChange(() => this.#onDidChange.fire(connectionId));
    this.#models.set(connectionId, { model, subscription });
    return model;
  }

  /** The model kept for a connection, if any; unlike `get`, never makes one (for listeners: no list is loaded because one listened). */
  peek(connectionId: string): TokenListModel | undefined {
    return this.#models.get(connectionId)?.model;
  }

  /** Whether `model` is still the one kept for its connection (not dropped by a sign-out since). */
  isCurrent(connectionId: string, model: TokenListModel): boolean {
    return this.#models.get(connectionId)?.model === model;
  }

  drop(connectionId: string): void {
    const entry = this.#models.get(connectionId);
    if (!entry) return;
    this.#models.delete(connectionId);
    entry.subscription.dispose();
    entry.model.dispose();
    this.#onDidChange.fire(connectionId);
  }

  dispose(): void {
    for (const id of [...this.#models.keys()]) this.drop(id);
    this.#onDidChange.dispose();
  }
}
