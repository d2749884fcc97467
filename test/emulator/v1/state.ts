// In-memory data of the emulated AppSec platform (API v1): organizations, users and API keys.
// A key belongs to one user and one organization; revoking it keeps it listed, as "revoked".
import { apiKeyLastFour, apiKeyPrefix, newApiKeyValue, newCuid, type ApiKeyFormat } from '../tokenValues';
import { API_KEY_SCOPES, unknownScope } from './scopes';

export interface V1SeedOrganization {
  /** Generated when omitted. */
  id?: string;
  name: string;
  slug: string;
  /** e.g. "free", "team", "enterprise". */
  planType: string;
  isPersonal?: boolean;
}

export interface V1SeedApiKey {
  name: string;
  organizationSlug: string;
  scopes: string[];
  /** Full secret value; generated (`ct_` + 40 base62 characters) when omitted. Any form: a key is an opaque string. */
  value?: string;
  id?: string;
  createdAt?: Date | string;
  /** `null` or omitted: never used. */
  lastUsedAt?: Date | string | null;
  /** `null` or omitted: no expiry. */
  expiresAt?: Date | string | null;
  /** `null` or omitted: not revoked. */
  revokedAt?: Date | string | null;
}

export interface V1SeedUser {
  /** The user's email, which is also how tests name the user ("username"). */
  email: string;
  name: string;
  id?: string;
  /** Slugs of the user's organizations, in the order `cli/auth/validate` lists them. */
  organizations: string[];
  apiKeys?: V1SeedApiKey[];
}

export interface V1Seed {
  organizations: V1SeedOrganization[];
  users: V1SeedUser[];
}

export interface V1Organization {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly planType: string;
  readonly isPersonal: boolean;
}

export interface V1User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly organizations: readonly string[];
}

/** One stored API key. Times are epoch milliseconds; null means never / none. */
export interface StoredApiKey {
  readonly id: string;
  readonly owner: string;
  readonly organizationSlug: string;
  readonly name: string;
  readonly value: string;
  readonly prefix: string;
  readonly lastFour: string;
  readonly scopes: readonly string[];
  readonly createdAt: number;
  lastUsedAt: number | null;
  readonly expiresAt: number | null;
  revokedAt: number | null;
}

export type ApiKeyStatus = 'active' | 'revoked' | 'expired';

/** Server-side view of one API key, including its full value (for test assertions). */
export interface ApiKeyRecord {
  id: string;
  owner: string;
  organizationSlug: string;
  name: string;
  value: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  status: ApiKeyStatus;
}

export interface IssueApiKeyOptions {
  /** Default: the user's first organization that is not personal, else their first one. */
  organizationSlug?: string;
  /** Default: the next free generated name (`api-key-00001`, …). */
  name?: string;
  /** Default: every scope. */
  scopes?: readonly string[];
  /** Default: null (no expiry). May lie in the past, to make an expired key. */
  expiresAt?: Date | null;
  /** Default: null (never used). */
  lastUsedAt?: Date | null;
  /** Default: now. */
  createdAt?: Date;
  /** The form of the generated value: `ct_…` (default), `ctk_…`, or no prefix. */
  format?: ApiKeyFormat;
}

/** How `addKeys` makes many keys at once. */
export interface BulkApiKeyOptions {
  /** Default: the user's first organization that is not personal, else their first one. */
  organizationSlug?: string;
  /** Names `<namePrefix>-00001`, …; default: the generated names `api-key-00001`, …. */
  namePrefix?: string;
  /** Default: every scope. */
  scopes?: readonly string[];
  format?: ApiKeyFormat;
  /** Default: now. */
  createdAt?: Date;
  /** Default: null (no expiry). */
  expiresAt?: Date | null;
}

/** What a test gets back when it creates an API key directly on the server. */
export interface IssuedApiKey {
  id: string;
  name: string;
  value: string;
  prefix: string;
  organizationSlug: string;
  scopes: string[];
  expiresAt: Date | null;
}

/** Who made a v1 request, decided from the X-API-Key value alone (no side effects). */
export type V1Caller =
  | { kind: 'apiKey'; user: V1User; key: StoredApiKey }
  | { kind: 'none'; reason: 'missing' | 'unknown' | 'revoked' | 'expired' };

/** The status of `key` at `now`: revocation wins over expiry. */
export function apiKeyStatus(key: StoredApiKey, now: number): ApiKeyStatus {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && key.expiresAt <= now) return 'expired';
  return 'active';
}

interface UserEntry extends V1User {
  /** Insertion-ordered: listing is creation order. */
  keys: Map<string, StoredApiKey>;
  nextGeneratedNumber: number;
}

export class V1State {
  private organizations = new Map<string, V1Organization>();
  private users = new Map<string, UserEntry>();
  private keysByValue = new Map<string, StoredApiKey>();
  private keysById = new Map<string, StoredApiKey>();

  constructor(private readonly now: () => number) {}

  /** Replaces everything with the contents of `seed` (nothing when absent). Throws on an inconsistent seed. */
  load(seed: V1Seed | undefined): void {
    this.organizations = new Map();
    this.users = new Map();
    this.keysByValue = new Map();
    this.keysById = new Map();
    for (const org of seed?.organizations ?? []) {
      if (this.organizations.has(org.slug)) throw new Error(`Seed lists organization ${org.slug} twice.`);
      this.organizations.set(org.slug, { id: org.id ?? newCuid(), name: org.name, slug: org.slug, planType: org.planType, isPersonal: org.isPersonal ?? false });
    }
    for (const seedUser of seed?.users ?? []) {
      if (this.users.has(seedUser.email)) throw new Error(`Seed lists user ${seedUser.email} twice.`);
      for (const slug of seedUser.organizations) {
        if (!this.organizations.has(slug)) throw new Error(`Seed user ${seedUser.email} is in unknown organization ${slug}.`);
      }
      this.users.set(seedUser.email, {
        id: seedUser.id ?? newCuid(),
        email: seedUser.email,
        name: seedUser.name,
        organizations: [...seedUser.organizations],
        keys: new Map(),
        nextGeneratedNumber: 1,
      });
      for (const key of seedUser.apiKeys ?? []) {
        this.issue(seedUser.email, {
          organizationSlug: key.organizationSlug,
          name: key.name,
          scopes: key.scopes,
          value: key.value,
          id: key.id,
          createdAt: toDate(key.createdAt),
          lastUsedAt: toDate(key.lastUsedAt) ?? null,
          expiresAt: toDate(key.expiresAt) ?? null,
          revokedAt: toDate(key.revokedAt) ?? null,
        });
      }
    }
  }

  // ---- users and organizations ----

  hasUser(email: string): boolean {
    return this.users.has(email);
  }

  organization(slug: string): V1Organization | undefined {
    return this.organizations.get(slug);
  }

  organizationsOf(email: string): V1Organization[] {
    return this.user(email).organizations.map((slug) => this.organizations.get(slug) as V1Organization);
  }

  isMember(email: string, slug: string): boolean {
    return this.user(email).organizations.includes(slug);
  }

  // ---- API keys ----

  identify(value: string | undefined): V1Caller {
    if (value === undefined) return { kind: 'none', reason: 'missing' };
    const key = this.keysByValue.get(value);
    if (!key) return { kind: 'none', reason: 'unknown' };
    const status = apiKeyStatus(key, this.now());
    if (status !== 'active') return { kind: 'none', reason: status };
    return { kind: 'apiKey', user: this.user(key.owner), key };
  }

  /** Records that a key authenticated a request just now. */
  markUsed(key: StoredApiKey): void {
    key.lastUsedAt = this.now();
  }

  /** The user's keys in one organization (all of them when `slug` is omitted), in creation order. */
  keysOf(email: string, slug?: string): StoredApiKey[] {
    const keys = [...this.user(email).keys.values()];
    return slug === undefined ? keys : keys.filter((key) => key.organizationSlug === slug);
  }

  /** Names are unique per user and organization among keys that are not revoked. */
  hasUnrevokedKeyNamed(email: string, slug: string, name: string): boolean {
    return this.keysOf(email, slug).some((key) => key.name === name && key.revokedAt === null);
  }

  keyById(id: string): StoredApiKey | undefined {
    return this.keysById.get(id);
  }

  /**
   * Creates a key with the defaults of `IssueApiKeyOptions`. Checks what the store needs
   * (known user, membership, known scopes, unique name and value); the API handler validates
   * client input before calling this.
   */
  issue(email: string, options: IssueApiKeyOptions & { id?: string; value?: string; revokedAt?: Date | null } = {}): StoredApiKey {
    const user = this.user(email);
    const slug = options.organizationSlug ?? this.defaultOrganization(user);
    if (!user.organizations.includes(slug)) throw new Error(`${email} is not a member of organization ${slug}.`);
    const scopes = [...new Set(options.scopes ?? API_KEY_SCOPES)];
    const unknown = unknownScope(scopes);
    if (unknown !== undefined) throw new Error(`Unknown scope ${unknown}.`);
    const name = options.name ?? this.generatedName(user, slug);
    const revokedAt = options.revokedAt?.getTime() ?? null;
    if (revokedAt === null && this.hasUnrevokedKeyNamed(email, slug, name)) throw new Error(`${email} already has an API key named ${name} in ${slug}.`);

    let value = options.value ?? newApiKeyValue(options.format);
    if (this.keysByValue.has(value)) {
      if (options.value !== undefined) throw new Error(`API key value for ${name} is already in use.`);
      while (this.keysByValue.has(value)) value = newApiKeyValue(options.format);
    }
    const id = options.id ?? newCuid();
    if (this.keysById.has(id)) throw new Error(`API key id ${id} is already in use.`);
    const key: StoredApiKey = {
      id,
      owner: email,
      organizationSlug: slug,
      name,
      value,
      prefix: apiKeyPrefix(value),
      lastFour: apiKeyLastFour(value),
      scopes,
      createdAt: options.createdAt?.getTime() ?? this.now(),
      lastUsedAt: options.lastUsedAt?.getTime() ?? null,
      expiresAt: options.expiresAt?.getTime() ?? null,
      revokedAt,
    };
    user.keys.set(id, key);
    this.keysById.set(id, key);
    this.keysByValue.set(value, key);
    return key;
  }

  /** Creates `count` keys for `email` in one organization, in creation order (see `BulkApiKeyOptions`). */
  addKeys(email: string, count: number, options: BulkApiKeyOptions = {}): StoredApiKey[] {
    if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new Error(`count must be a whole number from 0 to 100000, got ${count}.`);
    const slug = options.organizationSlug ?? this.defaultOrganization(this.user(email));
    const keys: StoredApiKey[] = [];
    for (let i = 1; i <= count; i++) {
      const name = options.namePrefix === undefined ? undefined : `${options.namePrefix}-${String(i).padStart(5, '0')}`;
      keys.push(this.issue(email, { organizationSlug: slug, name, scopes: options.scopes, format: options.format, createdAt: options.createdAt, expiresAt: options.expiresAt }));
    }
    return keys;
  }

  /** Revokes a key whoever owns it; its value stops authenticating at once. False if unknown or already revoked. */
  revoke(id: string): boolean {
    const key = this.keysById.get(id);
    if (!key || key.revokedAt !== null) return false;
    key.revokedAt = this.now();
    return true;
  }

  records(email: string): ApiKeyRecord[] {
    const now = this.now();
    return this.keysOf(email).map((key) => ({
      id: key.id,
      owner: key.owner,
      organizationSlug: key.organizationSlug,
      name: key.name,
      value: key.value,
      prefix: key.prefix,
      scopes: [...key.scopes],
      createdAt: new Date(key.createdAt),
      lastUsedAt: dateOrNull(key.lastUsedAt),
      expiresAt: dateOrNull(key.expiresAt),
      revokedAt: dateOrNull(key.revokedAt),
      status: apiKeyStatus(key, now),
    }));
  }

  private defaultOrganization(user: UserEntry): string {
    const slug = user.organizations.find((s) => !this.organizations.get(s)?.isPersonal) ?? user.organizations[0];
    if (slug === undefined) throw new Error(`${user.email} has no organization.`);
    return slug;
  }

  private generatedName(user: UserEntry, slug: string): string {
    let name: string;
    do {
      name = `api-key-${String(user.nextGeneratedNumber++).padStart(5, '0')}`;
    } while (this.hasUnrevokedKeyNamed(user.email, slug, name));
    return name;
  }

  private user(email: string): UserEntry {
    const user = this.users.get(email);
    if (!user) throw new Error(`Unknown emulator v1 user ${email}.`);
    return user;
  }
}

function dateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

function toDate(date: Date | string | null | undefined): Date | undefined {
  if (date === undefined || date === null) return undefined;
  const parsed = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(parsed.getTime())) throw new Error(`Invalid date in seed: ${String(date)}.`);
  return parsed;
}
