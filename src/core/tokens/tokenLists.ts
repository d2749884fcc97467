/** One `TokenListModel` per signed-in connection, created on first use and dropped at sign-out. */
import type { ConnectionService } from '../connections/connectionService';
import { Emitter } from '../util/emitter';
import { TokenListModel } from './tokenListModel';

export class TokenLists {
  readonly #models = new Map<string, { model: TokenListModel; subscription: { dispose(): void } }>();
  readonly #onDidChange = new Emitter<string>();
  /** Fires the connection id whose list changed. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(private readonly connections: ConnectionService) {
    connections.onDidChange((change) => {
      if (change.kind === 'signedOut' || change.kind === 'credential') this.drop(change.connectionId);
    });
  }

  get(connectionId: string): TokenListModel {
    let entry = this.#models.get(connectionId);
    if (!entry) {
      const model = new TokenListModel(() => this.connections.client(connectionId));
      const subscription = model.onDidChange(() => this.#onDidChange.fire(connectionId));
      entry = { model, subscription };
      this.#models.set(connectionId, entry);
    }
    return entry.model;
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
