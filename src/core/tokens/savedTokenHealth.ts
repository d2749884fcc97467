/**
 * What is known about each connection's saved token: not checked yet, accepted by the server, or
 * rejected (revoked, expired, deleted). Fed by `codethreat.tokens.verify` and by token lists that
 * no longer contain the saved token; read by the status bar.
 */
import type { ConnectionService } from '../connections/connectionService';
import { Emitter, type Disposable } from '../util/emitter';
import type { TokenLists } from './tokenLists';

export type SavedTokenHealthState = 'unknown' | 'valid' | 'revoked';

export class SavedTokenHealth {
  readonly #states = new Map<string, SavedTokenHealthState>();
  readonly #onDidChange = new Emitter<string>();
  readonly onDidChange = this.#onDidChange.event;

  get(connectionId: string): SavedTokenHealthState {
    return this.#states.get(connectionId) ?? 'unknown';
  }

  set(connectionId: string, state: SavedTokenHealthState): void {
    if (this.get(connectionId) === state) return;
    this.#states.set(connectionId, state);
    this.#onDidChange.fire(connectionId);
  }

  /** Sign-out: nothing known of the token survives to the next sign-in to the same connection. */
  forget(connectionId: string): void {
    if (this.#states.delete(connectionId)) this.#onDidChange.fire(connectionId);
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}

/**
 * A saved token missing from a freshly loaded list was deleted (here, elsewhere, or in the web
 * app): the status bar should say so without a separate check. A newly saved token is unchecked.
 */
export function trackSavedTokenHealth(connections: ConnectionService, lists: TokenLists, health: SavedTokenHealth): Disposable {
  // Lists already looked at for the current saved tokens; weak, so a dropped list (sign-out) is
  // not kept alive by this. The client hands back the same list object for an unchanged answer,
  // so a newly saved token starts the record afresh.
  let checked = new WeakSet<readonly unknown[]>();
  const listSubscription = lists.onDidChange(async (connectionId) => {
    const model = lists.get(connectionId);
    // Only a whole list says a token is gone: in one read in part it may sit on a page not read.
    if (model.status !== 'ready' || model.incomplete || checked.has(model.tokens)) return;
    checked.add(model.tokens);
    const saved = await connections.savedTokenInfo(connectionId).catch(() => undefined);
    // A sign-out while the saved token was read: what this list says is about a connection gone.
    if (saved && !model.find(saved.id) && lists.isCurrent(connectionId, model)) health.set(connectionId, 'revoked');
  });
  const savedSubscription = connections.onDidChange((change) => {
    if (change.kind === 'signedOut') health.forget(change.connectionId);
    if (change.kind !== 'savedToken') return;
    checked = new WeakSet();
    health.set(change.connectionId, 'unknown');
  });
  return { dispose: () => (listSubscription.dispose(), savedSubscription.dispose()) };
}
