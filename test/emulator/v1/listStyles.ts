// JSON shapes of the v1 API key list and create responses. The key-management contract is not
// published, so tests flip between plausible shapes to prove the client copes with each:
//   v1Plain      data: [key]; fields id, name, prefix, scopes, createdAt, lastUsedAt, expiresAt,
//                revokedAt (ISO 8601 or null), status. Create: data: {…key, key: <full value>}
//   v1Paginated  data: {apiKeys: [key]}, pagination: {page, limit, total, totalPages}; same fields.
//                Create: data: {apiKey: {…key, key}}
//   v1KeyPrefix  like v1Plain, but keyPrefix + lastFour instead of prefix, permissions instead of
//                scopes, epoch-millisecond dates
//   v1Masked     like v1Paginated, but masked (`ct_7f3a9c…x9Zq`) instead of prefix, permissions,
//                epoch-millisecond dates, and status without revokedAt
//   v1Partial    like v1Plain, but partial (`ct_7f3a9c****x9Zq`) instead of prefix, permissions,
//                epoch-millisecond dates, and revokedAt without status (the client works it out)
// Every shape marks "never used" and "no expiry" with null. No list shape ever carries the full value.
import { apiKeyStatus, type StoredApiKey } from './state';

export const V1_LIST_STYLES = ['v1Plain', 'v1Paginated', 'v1KeyPrefix', 'v1Masked', 'v1Partial'] as const;
export type V1ListStyle = (typeof V1_LIST_STYLES)[number];

export function isV1ListStyle(value: unknown): value is V1ListStyle {
  return typeof value === 'string' && (V1_LIST_STYLES as readonly string[]).includes(value);
}

/** Styles whose list sits in `data.apiKeys` (with `pagination`) and whose created key sits in `data.apiKey`. */
const WRAPPED: readonly V1ListStyle[] = ['v1Paginated', 'v1Masked'];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One list item at `now` (which decides "expired"); never contains the full value. */
function listItem(key: StoredApiKey, style: V1ListStyle, now: number): Record<string, unknown> {
  const status = apiKeyStatus(key, now);
  const epochDates = { createdAt: key.createdAt, lastUsedAt: key.lastUsedAt, expiresAt: key.expiresAt };
  switch (style) {
    case 'v1Plain':
    case 'v1Paginated':
      return {
        id: key.id,
        name: key.name,
        prefix: key.prefix,
        scopes: [...key.scopes],
        createdAt: iso(key.createdAt),
        lastUsedAt: iso(key.lastUsedAt),
        expiresAt: iso(key.expiresAt),
        revokedAt: iso(key.revokedAt),
        status,
      };
    case 'v1KeyPrefix':
      return { id: key.id, name: key.name, keyPrefix: key.prefix, lastFour: key.lastFour, permissions: [...key.scopes], ...epochDates, revokedAt: key.revokedAt, status };
    case 'v1Masked':
      return { id: key.id, name: key.name, masked: `${key.prefix}…${key.lastFour}`, permissions: [...key.scopes], ...epochDates, status };
    case 'v1Partial':
      return { id: key.id, name: key.name, partial: `${key.prefix}****${key.lastFour}`, permissions: [...key.scopes], ...epochDates, revokedAt: key.revokedAt };
  }
}

/** `data` (and `pagination`, for wrapped styles) of a list response. */
export function formatApiKeyList(keys: readonly StoredApiKey[], style: V1ListStyle, now: number): { data: unknown; pagination?: object } {
  const items = keys.map((key) => listItem(key, style, now));
  if (!WRAPPED.includes(style)) return { data: items };
  return { data: { apiKeys: items }, pagination: { page: 1, limit: Math.max(items.length, 20), total: items.length, totalPages: 1 } };
}

/** `data` of the create response: the only time the full value is ever returned, in `key`. */
export function formatCreatedApiKey(key: StoredApiKey, style: V1ListStyle, now: number): unknown {
  const created = { ...listItem(key, style, now), key: key.value };
  return WRAPPED.includes(style) ? { apiKey: created } : created;
}
