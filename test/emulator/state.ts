// In-memory data of the emulated server: organizations, users, sessions and access tokens.
import { newAccessTokenValue, newObjectId, newSessionToken, partialTokenView } from './tokenValues';
import type { V1Seed } from './v1/state';

export interface SeedToken {
  name: string;
  /** Full secret value; generated when omitted. */
  value?: string;
  createdAt?: Date | string;
  /** `null` or omitted: never used. */
  lastUsedAt?: Date | string | null;
  id?: string;
}

export interface SeedUser {
  username: string;
  password: string;
  organizations: string[];
  tokens?: SeedToken[];
}

export interface Seed {
  organizations: string[];
  users: SeedUser[];
  /** The AppSec platform's (API v1) organizations, users and API keys; none when omitted. */
  v1?: V1Seed;
}

/** Server-side view of one access token, including its full value (for test assertions). */
export interface TokenRecord {
  id: string;
  owner: string;
  name: string;
  value: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** What a test gets back when it creates a token directly on the server. */
export interface IssuedToken {
  id: string;
  name: string;
  value: string;
}

export interface BulkTokenOptions {
  /** Name prefix; names are `<prefix>-00001`, `<prefix>-00002`, … Default `token`. */
  namePrefix?: string;
  createdAt?: Date | string;
  lastUsedAt?: Date | string | null;
}

/** One stored access token. Times are epoch milliseconds. */
export interface StoredToken {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly value: string;
  /** Computed once: the list endpoint must stay cheap with 10,000 tokens. */
  readonly partial: string;
  readonly createdAt: number;
  lastUsedAt: number | null;
}

interface User {
  username: string;
  password: string;
  organizations: string[];
  /** Insertion-ordered, so listing is creation order and deletion is O(1). */
  tokens: Map<string, StoredToken>;
  tokenIdByName: Map<string, string>;
  /** Next number for generated names (`token-00042`). */
  nextGeneratedNumber: number;
}

/** Who made a request, decided from the credential alone (no side effects). */
export type Caller =
  | { kind: 'session'; username: string }
  | { kind: 'access'; username: string; token: StoredToken }
  | { kind: 'none' };

export class EmulatorState {
  private organizations = new Set<string>();
  private users = new Map<string, User>();
  /** Session token value → username. Sessions live until the next reset. */
  private sessions = new Map<string, string>();
  private tokensByValue = new Map<string, StoredToken>();
  private tokensById = new Map<string, StoredToken>();

  constructor(private readonly now: () => number) {}

  /** Replaces everything with the contents of `seed` (but `seed.v1`). Throws on an inconsistent seed. */
  load(seed: Seed): void {
    this.organizations = new Set(seed.organizations);
    this.users = new Map();
    this.sessions = new Map();
    this.tokensByValue = new Map();
    this.tokensById = new Map();
    for (const seedUser of seed.users) {
      if (this.users.has(seedUser.username)) throw new Error(`Seed lists user ${seedUser.username} twice.`);
      for (const org of seedUser.organizations) {
        if (!this.organizations.has(org)) throw new Error(`Seed user ${seedUser.username} is in unknown organization ${org}.`);
      }
      this.users.set(seedUser.username, {
        username: seedUser.username,
        password: seedUser.password,
        organizations: [...seedUser.organizations],
        tokens: new Map(),
        tokenIdByName: new Map(),
        nextGeneratedNumber: 1,
      });
      for (const token of seedUser.tokens ?? []) {
        if (this.hasTokenNamed(seedUser.username, token.name)) {
          throw new Error(`Seed user ${seedUser.username} has two tokens named ${token.name}.`);
        }
        this.createToken(seedUser.username, token.name, {
          id: token.id,
          value: token.value,
          createdAt: toEpoch(token.createdAt),
          lastUsedAt: token.lastUsedAt === undefined ? null : toEpoch(token.lastUsedAt),
        });
      }
    }
  }

  // ---- users, sessions, organizations ----

  /** Every session and whose it is, to carry them over a reload. */
  sessionEntries(): [string, string][] {
    return [...this.sessions.entries()];
  }

  /** Brings back a session of a user that still exists. */
  restoreSession(session: string, username: string): void {
    if (this.users.has(username)) this.sessions.set(session, username);
  }

  hasUser(username: string): boolean {
    return this.users.has(username);
  }

  /** Returns a new session token, or undefined for wrong credentials. */
  /** Session token values handed out since the last reset (for leak checks in tests). */
  sessionValues(): string[] {
    return [...this.sessions.keys()];
  }

  signIn(username: string, password: string): string | undefined {
    const user = this.users.get(username);
    if (!user || user.password !== password) return undefined;
    const session = newSessionToken(username, this.now());
    this.sessions.set(session, username);
    return session;
  }

  identify(credential: string | undefined): Caller {
    if (!credential) return { kind: 'none' };
    const token = this.tokensByValue.get(credential);
    if (token) return { kind: 'access', username: token.owner, token };
    const username = this.sessions.get(credential);
    if (username !== undefined && this.users.has(username)) return { kind: 'session', username };
    return { kind: 'none' };
  }

  /** Records that an access token authenticated a request just now. */
  markUsed(token: StoredToken): void {
    token.lastUsedAt = this.now();
  }

  organizationExists(name: string): boolean {
    return this.organizations.has(name);
  }

  organizationsOf(username: string): readonly string[] {
    return this.user(username).organizations;
  }

  isMember(username: string, organization: string): boolean {
    return this.user(username).organizations.includes(organization);
  }

  // ---- access tokens ----

  /** The user's tokens in creation order. */
  tokensOf(username: string): StoredToken[] {
    return [...this.user(username).tokens.values()];
  }

  hasTokenNamed(username: string, name: string): boolean {
    return this.user(username).tokenIdByName.has(name);
  }

  /** Creates a token. The caller validates the name; this only guarantees unique values. */
  createToken(
    username: string,
    name: string,
    fields: { id?: string; value?: string; createdAt?: number; lastUsedAt?: number | null } = {},
  ): StoredToken {
    const user = this.user(username);
    let value = fields.value ?? newAccessTokenValue();
    if (this.tokensByValue.has(value)) {
      if (fields.value !== undefined) throw new Error(`Token value for ${name} is already in use.`);
      while (this.tokensByValue.has(value)) value = newAccessTokenValue();
    }
    const id = fields.id ?? newObjectId();
    if (this.tokensById.has(id)) throw new Error(`Token id ${id} is already in use.`);
    const token: StoredToken = {
      id,
      owner: username,
      name,
      value,
      partial: partialTokenView(value),
      createdAt: fields.createdAt ?? this.now(),
      lastUsedAt: fields.lastUsedAt ?? null,
    };
    user.tokens.set(id, token);
    user.tokenIdByName.set(name, id);
    this.tokensByValue.set(value, token);
    this.tokensById.set(id, token);
    return token;
  }

  /** Creates a token with the next free generated name (`token-00042`). */
  createTokenWithGeneratedName(
    username: string,
    prefix = 'token',
    fields: { createdAt?: number; lastUsedAt?: number | null } = {},
  ): StoredToken {
    const user = this.user(username);
    let name: string;
    do {
      name = `${prefix}-${String(user.nextGeneratedNumber++).padStart(5, '0')}`;
    } while (user.tokenIdByName.has(name));
    return this.createToken(username, name, fields);
  }

  addTokens(username: string, count: number, options: BulkTokenOptions = {}): IssuedToken[] {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`Token count must be a whole number ≥ 0, got ${count}.`);
    const createdAt = toEpoch(options.createdAt);
    const lastUsedAt = options.lastUsedAt === undefined ? null : toEpoch(options.lastUsedAt);
    const issued: IssuedToken[] = [];
    for (let i = 0; i < count; i++) {
      const token = this.createTokenWithGeneratedName(username, options.namePrefix, { createdAt, lastUsedAt });
      issued.push({ id: token.id, name: token.name, value: token.value });
    }
    return issued;
  }

  /** Deletes one of `username`'s tokens; false when the id is not theirs (or unknown). */
  deleteOwnToken(username: string, id: string): boolean {
    const token = this.tokensById.get(id);
    if (!token || token.owner !== username) return false;
    return this.revoke(id);
  }

  /** Deletes a token whoever owns it; its value stops authenticating at once. */
  revoke(id: string): boolean {
    const token = this.tokensById.get(id);
    if (!token) return false;
    const user = this.user(token.owner);
    user.tokens.delete(id);
    user.tokenIdByName.delete(token.name);
    this.tokensById.delete(id);
    this.tokensByValue.delete(token.value);
    return true;
  }

  tokenRecords(username: string): TokenRecord[] {
    return this.tokensOf(username).map((token) => ({
      id: token.id,
      owner: token.owner,
      name: token.name,
      value: token.value,
      createdAt: new Date(token.createdAt),
      lastUsedAt: token.lastUsedAt === null ? null : new Date(token.lastUsedAt),
    }));
  }

  private user(username: string): User {
    const user = this.users.get(username);
    if (!user) throw new Error(`Unknown emulator user ${username}.`);
    return user;
  }
}

/** Epoch milliseconds of a seed date; undefined stays undefined (meaning "now" to createToken). */
function toEpoch(date: Date | string | null | undefined): number | undefined {
  if (date === undefined || date === null) return undefined;
  const ms = date instanceof Date ? date.getTime() : Date.parse(date);
  if (Number.isNaN(ms)) throw new Error(`Invalid date in seed: ${String(date)}.`);
  return ms;
}
