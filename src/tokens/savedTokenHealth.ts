/**
 * What is known about each connection's saved token: not checked yet, accepted by the server, or
 * rejected (revoked, expired, deleted). Fed by `codethreat.tokens.verify` and by token lists that
 * no longer contain the saved token; read by the status bar.
 */
import { Emitter } from '../util/emitter';

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

  dispose(): void {
    this.#onDidChange.dispose();
  }
}
