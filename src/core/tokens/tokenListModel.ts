/**
 * The token list of one connection as the view shows it, and the operations that change it.
 *
 * - Refreshes are single-flight: calls made while one is running share its result.
 * - Create and delete patch the list in place, so neither needs a second full fetch.
 * - A list fetched before a create or delete finished cannot undo it: the change is re-applied
 *   to any list whose request started earlier (no resurrected or vanished items).
 * - After a failed refresh the last good list stays, marked stale.
 * - A list the server sent only in part (past the page cap, a later page failed) is kept with
 *   `incomplete` saying how much of it was read.
 * - A dropped model (its connection signed out) aborts its request and takes no late answer: the
 *   next sign-in to the same connection starts from nothing.
 */
import type { AccessToken, CreatedAccessToken, IncompleteList, TokenRequest } from '../api/accessToken';
import type { TokenApi } from '../api/tokenApi';
import { Emitter } from '../util/emitter';

export type ListStatus = 'notLoaded' | 'loading' | 'ready' | 'error';

interface LocalChange {
  /** Monotonic sequence number at which the change completed. */
  seq: number;
  kind: 'created' | 'deleted';
  token: AccessToken;
}

export class TokenListModel {
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  #tokens: AccessToken[] = [];
  #status: ListStatus = 'notLoaded';
  #error: unknown;
  #skipped = 0;
  #incomplete: IncompleteList | undefined;
  #refreshing: Promise<void> | undefined;
  #seq = 0;
  #changes: LocalChange[] = [];
  readonly #deleting = new Set<string>();
  #deletingVersion = 0;
  /** Aborted when the model is dropped: requests still running then are of no use to anyone. */
  readonly #lifetime = new AbortController();

  constructor(private readonly client: () => Promise<TokenApi | undefined>) {}

  /** In the server's order, tokens created here first; the view sorts. */
  get tokens(): readonly AccessToken[] {
    return this.#tokens;
  }

  get status(): ListStatus {
    return this.#status;
  }

  /** The last refresh's failure, while the list shown is older than it. */
  get error(): unknown {
    return this.#error;
  }

  /** Entries of the last list that could not be read. */
  get skippedCount(): number {
    return this.#skipped;
  }

  /**
   * Set when the last list is only part of the server's (a page cap, a page that failed): what
   * shows it, counts in it, or concludes from a token's absence must say so or not conclude.
   */
  get incomplete(): IncompleteList | undefined {
    return this.#incomplete;
  }

  isDeleting(id: string): boolean {
    return this.#deleting.has(id);
  }

  /** Changes whenever a deletion starts or ends (part of what a rendered item depends on). */
  get deletingVersion(): number {
    return this.#deletingVersion;
  }

  find(id: string): AccessToken | undefined {
    return this.#tokens.find((t) => t.id === id);
  }

  /**
   * Settles once a list has been asked for: joins the load that is running, or starts the first
   * one; a list already loaded (or failed) is not asked for again. Never rejects: what came of
   * it is in `status`. Whoever reads `tokens` right after a sign-in awaits this first, or reads
   * the empty list of a load that has not answered yet.
   */
  async settled(): Promise<void> {
    if (this.#status === 'notLoaded' || this.#refreshing) await this.refresh().catch(() => undefined);
  }

  /** Fetches the list; concurrent calls share one request. Rejects with the failure. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#load().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #load(): Promise<void> {
    const startedAt = this.#seq;
    this.#status = 'loading';
    this.#onDidChange.fire();
    try {
      const client = await this.client();
      if (!client) throw new Error('Not signed in.');
      const { tokens, skipped, incomplete } = await client.listAccessTokens({ signal: this.#lifetime.signal });
      if (this.#lifetime.signal.aborted) return;
      this.#skipped = skipped.length;
      this.#incomplete = incomplete;
      this.#setTokens(this.#reapplyLocalChanges(tokens, startedAt));
      this.#error = undefined;
      this.#status = 'ready';
      // Changes older than this fetch are reflected by the server now.
      this.#changes = this.#changes.filter((c) => c.seq > startedAt);
    } catch (error) {
      if (!this.#lifetime.signal.aborted) {
        this.#error = error;
        this.#status = 'error';
      }
      throw error;
    } finally {
      this.#onDidChange.fire();
    }
  }

  #reapplyLocalChanges(fetched: AccessToken[], startedAt: number): AccessToken[] {
    const later = this.#changes.filter((c) => c.seq > startedAt);
    if (later.length === 0) return fetched;
    const byId = new Map(fetched.map((t) => [t.id, t]));
    for (const change of later) {
      if (change.kind === 'deleted') byId.delete(change.token.id);
      else if (!byId.has(change.token.id)) byId.set(change.token.id, change.token);
    }
    return [...byId.values()];
  }

  async create(request: TokenRequest, signal?: AbortSignal): Promise<CreatedAccessToken> {
    const client = await this.client();
    if (!client) throw new Error('Not signed in.');
    const created = await client.createAccessToken(request, { signal });
    // The list keeps only what may be shown: never the value.
    const { value: _value, ...shown } = created;
    this.#recordChange('created', shown);
    this.#setTokens([shown, ...this.#tokens.filter((t) => t.id !== shown.id)]);
    if (this.#status === 'notLoaded') this.#status = 'ready';
    this.#onDidChange.fire();
    return created;
  }

  /** Deletes on the server. A 404 (already gone) is the caller's to interpret; the item goes either way. */
  async delete(token: AccessToken, signal?: AbortSignal): Promise<void> {
    const client = await this.client();
    if (!client) throw new Error('Not signed in.');
    this.#deleting.add(token.id);
    this.#deletingVersion++;
    this.#onDidChange.fire();
    try {
      await client.deleteAccessToken(token.id, { signal });
      this.removeLocally(token);
    } finally {
      this.#deleting.delete(token.id);
      this.#deletingVersion++;
      this.#onDidChange.fire();
    }
  }

  /** Drops an item that is known to be gone from the server. */
  removeLocally(token: AccessToken): void {
    this.#recordChange('deleted', token);
    this.#setTokens(this.#tokens.filter((t) => t.id !== token.id));
    this.#onDidChange.fire();
  }

  #recordChange(kind: LocalChange['kind'], token: AccessToken): void {
    this.#changes.push({ seq: ++this.#seq, kind, token });
  }

  #setTokens(tokens: AccessToken[]): void {
    this.#tokens = tokens;
  }

  /** Drops the model: its running request is aborted and nothing it learns later is kept. */
  dispose(): void {
    this.#lifetime.abort();
    this.#onDidChange.dispose();
  }
}
