// JSON shapes of the v1 API key list and create responses. The key-management contract is not
// published, so tests flip between plausible shapes to prove the client copes with each:
//   v1Plain      data: [key]; fields id, name, prefix, scopes, createdAt, lastUsedAt, expiresAt,
//                revokedAt (ISO 8601 or null), status. Create: data: {…key, key: <full value>}
//   v1Paginated  data: {apiKeys: [key]}; same fields.
//                Create: data: {apiKey: {…key, key}}
//   v1KeyPrefix  like v1Plain, but keyPrefix + lastFour instead of prefix, permissions instead of
//                scopes, epoch-millisecond dates
//   v1Masked     like v1Paginated, but masked (`ct_7f3a9c…x9Zq`) instead of prefix, permissions,
//                epoch-millisecond dates, and status without revokedAt
//   v1Partial    like v1Plain, but partial (`ct_7f3a9c****x9Zq`) instead of prefix, permissions,
//                epoch-millisecond dates, and revokedAt without status (the client works it out)
// Every shape marks "never used" and "no expiry" with null. No list shape ever carries the full value.
//
// Paging, independent of the shape above (V1_PAGING_STYLES), as the platform documents its lists
// (API reference, "Scans"): the query `page` (≥ 1, default 1) and `limit` (1–100, default 20); a
// `limit` or `page` outside that range is answered 400, as a strict server would (the client must
// never ask for more than 100). The answer's top-level `pagination` then is:
//   pagesByTotal       {page, total}                      the documented example (the default)
//   pagesByTotalPages  {page, limit, total, totalPages}
//   pagesByHasNext     {page, limit, hasNext}             no total: the client follows page by page
//   pagesByNextLink    {page, limit, next}                `next`: the URL of the next page, absent on
//                                                         the last one; it names this server, so a
//                                                         client that followed it blindly could be
//                                                         told anything — it must read only `page`
//   unpaged            no pagination; the whole list in one answer, `page` and `limit` ignored
import { apiKeyStatus, type StoredApiKey } from './state';

export const V1_LIST_STYLES = ['v1Plain', 'v1Paginated', 'v1KeyPrefix', 'v1Masked', 'v1Partial'] as const;
export type V1ListStyle = (typeof V1_LIST_STYLES)[number];

export function isV1ListStyle(value: unknown): value is V1ListStyle {
  return typeof value === 'string' && (V1_LIST_STYLES as readonly string[]).includes(value);
}

export const V1_PAGING_STYLES = ['pagesByTotal', 'pagesByTotalPages', 'pagesByHasNext', 'pagesByNextLink', 'unpaged'] as const;
export type V1PagingStyle = (typeof V1_PAGING_STYLES)[number];

export function isV1PagingStyle(value: unknown): value is V1PagingStyle {
  return typeof value === 'string' && (V1_PAGING_STYLES as readonly string[]).includes(value);
}

/** The documented page size when a request names none, and the largest one allowed. */
export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/** Which page a list request asks for: `page` and `limit` as numbers, or why they are not acceptable. */
export function pageRequest(query: URLSearchParams): { page: number; limit: number } | string {
  const read = (name: string, fallback: number) => {
    const text = query.get(name);
    return text === null ? fallback : /^\d+$/.test(text) ? Number(text) : NaN;
  };
  const page = read('page', 1);
  const limit = read('limit', DEFAULT_PAGE_LIMIT);
  if (!Number.isSafeInteger(page) || page < 1) return 'page must be a whole number of at least 1.';
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) return `limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}.`;
  return { page, limit };
}

/** One page of `keys` and its `pagination` object in `style` (none: unpaged, every key). */
export function pageOfKeys<T>(
  keys: readonly T[],
  style: V1PagingStyle,
  request: { page: number; limit: number },
  nextLink: (page: number) => string,
): { keys: readonly T[]; pagination?: object } {
  if (style === 'unpaged') return { keys };
  const { page, limit } = request;
  const slice = keys.slice((page - 1) * limit, page * limit);
  const total = keys.length;
  const hasNext = page * limit < total;
  switch (style) {
    case 'pagesByTotal':
      return { keys: slice, pagination: { page, total } };
    case 'pagesByTotalPages':
      return { keys: slice, pagination: { page, limit, total, totalPages: Math.max(1, Math.ceil(total / limit)) } };
    case 'pagesByHasNext':
      return { keys: slice, pagination: { page, limit, hasNext } };
    case 'pagesByNextLink':
      return { keys: slice, pagination: hasNext ? { page, limit, next: nextLink(page + 1) } : { page, limit } };
  }
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

/** `data` of a list response (one page of it). */
export function formatApiKeyList(keys: readonly StoredApiKey[], style: V1ListStyle, now: number): unknown {
  const items = keys.map((key) => listItem(key, style, now));
  return WRAPPED.includes(style) ? { apiKeys: items } : items;
}

/** `data` of the create response: the only time the full value is ever returned, in `key`. */
export function formatCreatedApiKey(key: StoredApiKey, style: V1ListStyle, now: number): unknown {
  const created = { ...listItem(key, style, now), key: key.value };
  return WRAPPED.includes(style) ? { apiKey: created } : created;
}
