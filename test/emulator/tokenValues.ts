// Random identifiers and secret values the emulator hands out.
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Prefix of every access token value, as in CodeThreat's published example key `ct_1234567890abcdef`. */
export const ACCESS_TOKEN_PREFIX = 'ct_';
/** Number of random base62 characters after the prefix. */
export const ACCESS_TOKEN_RANDOM_LENGTH = 40;

// Bulk creation (10,000 tokens in one call) must be fast, so random bytes are drawn from a
// pooled buffer instead of one randomBytes() call per character.
const POOL_SIZE = 16 * 1024;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function nextRandomByte(): number {
  if (poolOffset >= POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  return pool[poolOffset++];
}

/** `length` uniformly random characters of `alphabet` (rejection sampling avoids modulo bias). */
function randomChars(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    const byte = nextRandomByte();
    if (byte < limit) out += alphabet[byte % alphabet.length];
  }
  return out;
}

/** `length` uniformly random base62 characters. */
export function randomBase62(length: number): string {
  return randomChars(BASE62, length);
}

/** A new access token value: `ct_` + 40 base62 characters. */
export function newAccessTokenValue(): string {
  return ACCESS_TOKEN_PREFIX + randomBase62(ACCESS_TOKEN_RANDOM_LENGTH);
}

/**
 * The forms an AppSec platform API key takes in CodeThreat's own examples — `ct_…` (the AppSec
 * CLI's README) and `ctk_…` (the AppSec GitHub Action's README) — and one with no prefix at all:
 * a key is an opaque string, and nothing may depend on its first characters.
 */
export const API_KEY_FORMATS = ['ct_', 'ctk_', 'none'] as const;
export type ApiKeyFormat = (typeof API_KEY_FORMATS)[number];

export function isApiKeyFormat(value: unknown): value is ApiKeyFormat {
  return typeof value === 'string' && (API_KEY_FORMATS as readonly string[]).includes(value);
}

/** A new API key value in `format`: its prefix (if any) and 40 base62 characters. */
export function newApiKeyValue(format: ApiKeyFormat = 'ct_'): string {
  return (format === 'none' ? '' : format) + randomBase62(ACCESS_TOKEN_RANDOM_LENGTH);
}

/** A 24-hex-digit id shaped like a MongoDB ObjectId (the legacy server stores data in MongoDB). */
export function newObjectId(): string {
  let hex = '';
  for (let i = 0; i < 12; i++) hex += nextRandomByte().toString(16).padStart(2, '0');
  return hex;
}

/**
 * An opaque session token for /api/signin. It is shaped like a JWT because the real signin
 * token probably is one; nothing decodes it.
 */
export function newSessionToken(username: string, issuedAtMs: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({ sub: username, iat: Math.floor(issuedAtMs / 1000), jti: randomBase62(12) });
  return `${header}.${payload}.${randomBase62(43)}`;
}

/**
 * The "partial view" the token list shows instead of the secret, e.g. `ct_Ab3d…x9Zq`.
 * Short seeded values are masked entirely so no test fixture leaks through the list.
 */
export function partialTokenView(value: string): string {
  if (value.length < 16) return '…';
  return `${value.slice(0, 7)}…${value.slice(-4)}`;
}

/** A collision-resistant id shaped like a cuid (`c` + 24 lowercase base36 characters), as Prisma-backed apps use. */
export function newCuid(): string {
  return `c${randomChars('0123456789abcdefghijklmnopqrstuvwxyz', 24)}`;
}

/** An id for one v1 response (`meta.requestId`). */
export function newRequestId(): string {
  return `req_${randomBase62(16)}`;
}

/**
 * The public prefix of an API key: what precedes its random part (`ct_`, `ctk_`, or nothing) and 6
 * more characters, e.g. `ct_7f3a9c`, `ctk_7f3a9c`, `7f3a9c`. Short seeded values show only what
 * precedes their secret part, so no test fixture leaks through a list.
 */
export function apiKeyPrefix(value: string): string {
  const lead = /^[a-z]{1,4}_/.exec(value)?.[0] ?? '';
  return value.length < 16 ? lead : value.slice(0, lead.length + 6);
}

/** The last 4 characters of an API key, or '' for a short seeded value. */
export function apiKeyLastFour(value: string): string {
  return value.length < 16 ? '' : value.slice(-4);
}
