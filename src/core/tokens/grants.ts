/**
 * Grants: the keys generated for other extensions through the `codethreat` authentication
 * provider, one key per grant. A grant is what one `createSession` asked for: a connection, an
 * exact scope set and the key made for it. Each grant is its own VS Code account (see
 * features/account/authenticationProvider.ts), so VS Code's per-account consent is per grant, and
 * an extension gets only the keys it was itself allowed.
 *
 * The value lives in SecretStorage under the grant's own key; what is known without it (the
 * metadata below) is kept in global state and mirrored to a SecretStorage key of its own, the one
 * store that tells every window about a change (as the connection list is, see connectionStore.ts).
 */
import { randomUUID } from 'node:crypto';
import type { KeyValueState } from '../ports';
import type { SecretVault } from '../connections/secretVault';
import type { Logger } from '../logging/logger';
import type { Disposable } from '../ports';
import { Emitter } from '../util/emitter';
import type { TokenLists } from './tokenLists';

const GRANTS_KEY = 'codethreat.grants';
const GRANTS_SECRET_KEY = 'codethreat.grantList';
const GRANT_VALUE_PREFIX = 'codethreat.grant:';
/** Account labels handed to VS Code before: VS Code remembers consent by label, so none is used twice. */
const RETIRED_LABELS_KEY = 'codethreat.grantLabelsUsed';

/** One key generated for one extension's request. No value: that is in SecretStorage only. */
export interface Grant {
  /** Also the VS Code account id of the grant. */
  id: string;
  connectionId: string;
  /** Exactly the scopes asked for (sorted); a classic token has none of its own, these are what was asked. */
  scopes: string[];
  tokenId: string;
  /** The key's name, which the user gave it for the extension that asked. */
  name: string;
  /** The VS Code account label: unique and never reused. */
  accountLabel: string;
  created: string;
}

/** Order-insensitive, without duplicates. */
export function scopeSet(scopes: readonly string[]): string[] {
  return [...new Set(scopes)].sort();
}

/** Whether a grant was made for exactly these scopes: never a superset, never a subset. */
export function grantsExactly(grant: { readonly scopes: readonly string[] }, asked: readonly string[]): boolean {
  const wanted = scopeSet(asked);
  return grant.scopes.length === wanted.length && grant.scopes.every((scope, i) => scope === wanted[i]);
}

export class GrantStore {
  readonly #onDidChange = new Emitter<void>();
  /** Fires when grants were added or forgotten, in this window or another. */
  readonly onDidChange = this.#onDidChange.event;
  /** The list as another window last announced it; undefined until one does. */
  #announced: Grant[] | undefined;

  constructor(
    private readonly state: KeyValueState,
    private readonly vault: SecretVault,
  ) {}

  all(): Grant[] {
    return this.#announced ?? this.state.get<Grant[]>(GRANTS_KEY) ?? [];
  }

  find(id: string): Grant | undefined {
    return this.all().find((g) => g.id === id);
  }

  /** The grants a key backs (by key id, within its connection). */
  forToken(connectionId: string, tokenId: string): Grant[] {
    return this.all().filter((g) => g.connectionId === connectionId && g.tokenId === tokenId);
  }

  ofConnection(connectionId: string): Grant[] {
    return this.all().filter((g) => g.connectionId === connectionId);
  }

  value(id: string): Promise<string | undefined> {
    return this.vault.get(GRANT_VALUE_PREFIX + id);
  }

  /**
   * Keeps a new grant. The value goes first: a grant listed without its value is skipped, a value
   * without a grant could not be reached. The account label is `preferredLabel`, numbered when that
   * label was ever used before.
   */
  async add(fields: Omit<Grant, 'id' | 'accountLabel'>, preferredLabel: string, value: string): Promise<Grant> {
    const grant: Grant = { ...fields, scopes: scopeSet(fields.scopes), id: randomUUID(), accountLabel: this.#unusedLabel(preferredLabel) };
    await this.vault.set(GRANT_VALUE_PREFIX + grant.id, value);
    await this.state.update(RETIRED_LABELS_KEY, [...this.#usedLabels(), grant.accountLabel]);
    await this.#writeList([...this.all(), grant]);
    this.#onDidChange.fire();
    return grant;
  }

  /** Forgets grants, values first (a grant left without its value is skipped; the reverse could not be reached). */
  async forget(ids: readonly string[]): Promise<Grant[]> {
    const gone = this.all().filter((g) => ids.includes(g.id));
    if (!gone.length) return [];
    for (const grant of gone) await this.vault.delete(GRANT_VALUE_PREFIX + grant.id);
    await this.#writeList(this.all().filter((g) => !ids.includes(g.id)));
    this.#onDidChange.fire();
    return gone;
  }

  forgetToken(connectionId: string, tokenId: string): Promise<Grant[]> {
    return this.forget(this.forToken(connectionId, tokenId).map((g) => g.id));
  }

  forgetConnection(connectionId: string): Promise<Grant[]> {
    return this.forget(this.ofConnection(connectionId).map((g) => g.id));
  }

  /** A list of the connection's keys, just read: grants whose key is no longer on it are forgotten. */
  forgetMissing(connectionId: string, tokenIds: readonly string[]): Promise<Grant[]> {
    const listed = new Set(tokenIds);
    return this.forget(this.ofConnection(connectionId).filter((g) => !listed.has(g.tokenId)).map((g) => g.id));
  }

  /** A secret changed, possibly in another window: the grant list another window wrote is taken. */
  async secretChanged(key: string): Promise<void> {
    if (key !== GRANTS_SECRET_KEY) return;
    const list = parseList(await this.vault.get(GRANTS_SECRET_KEY).catch(() => undefined));
    if (!list || JSON.stringify(list) === JSON.stringify(this.all())) return;
    this.#announced = list;
    this.#onDidChange.fire();
  }

  #usedLabels(): string[] {
    return this.state.get<string[]>(RETIRED_LABELS_KEY) ?? [];
  }

  #unusedLabel(preferred: string): string {
    const used = new Set([...this.#usedLabels(), ...this.all().map((g) => g.accountLabel)]);
    if (!used.has(preferred)) return preferred;
    let n = 2;
    while (used.has(`${preferred} #${n}`)) n++;
    return `${preferred} #${n}`;
  }

  async #writeList(list: Grant[]): Promise<void> {
    this.#announced = undefined;
    await this.state.update(GRANTS_KEY, list);
    // Best effort, as for the connection list: without a keyring there are no grants anyway.
    await this.vault.set(GRANTS_SECRET_KEY, JSON.stringify(list)).catch(() => undefined);
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}

/**
 * A grant whose key a complete list no longer holds (revoked, expired, deleted in the web app or
 * another window) is forgotten: VS Code then announces its session removed. A list that skipped
 * entries it could not read is not complete enough to say a key is gone.
 */
export function forgetRevokedGrants(lists: TokenLists, grants: GrantStore, logger: Logger): Disposable {
  return lists.onDidChange((connectionId) => {
    const model = lists.peek(connectionId);
    if (!model || model.status !== 'ready' || model.skippedCount > 0) return;
    if (!grants.ofConnection(connectionId).some((g) => !model.find(g.tokenId))) return;
    void grants.forgetMissing(connectionId, model.tokens.map((t) => t.id)).catch((error: unknown) => logger.warn(`Forgetting revoked grants failed: ${String(error)}`));
  });
}

function parseList(text: string | undefined): Grant[] | undefined {
  if (!text) return undefined;
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list)
      ? list.filter((g): g is Grant => typeof g?.id === 'string' && typeof g?.connectionId === 'string' && typeof g?.tokenId === 'string' && Array.isArray(g?.scopes))
      : undefined;
  } catch {
    return undefined;
  }
}
