/**
 * THE ASSUMED API-KEY CONTRACT (AppSec platform, API v1).
 *
 * The AppSec platform manages API keys in its web UI (Organization Settings → API Keys: a name,
 * scopes, an optional expiry, the value shown once) and has the scopes `api-key:read` and
 * `api-key:write`, but publishes no endpoint for them. Everything this extension assumes about
 * those endpoints lives in this one module, so that adapting to the real server is a change here
 * and nowhere else:
 *
 *   GET    /api/v1/api-keys?organizationSlug=<slug>&limit=100[&page=<n>]
 *                                                           → the caller's keys in that organization
 *   POST   /api/v1/api-keys {name, scopes, expiresAt, organizationSlug}
 *                                                           → the new key, the only answer carrying its value
 *   DELETE /api/v1/api-keys/<id>?organizationSlug=<slug>   → revokes it (any 2xx)
 *
 * Answers come in the platform's documented envelope `{success, data, meta, pagination?}`. They
 * are read tolerantly, as the classic contract is:
 *   - the list is `data` itself, or sits in `data.apiKeys` / `data.keys` / `data.items`; a
 *     top-level `pagination` says where the list ends. The platform's documented convention (API
 *     reference, "Scans") is the query `page` (≥ 1) and `limit` (1–100, default 20) and the
 *     answer `pagination: {page, total}`; `totalPages`, `hasNext` and a `next` link are read too
 *     (`positionOf`). The client asks for 100 a page and reads the pages after the first a few at
 *     a time, at most 200 pages and 16 MB in all (`appsecClient.ts`, `pagedList.ts`); a list
 *     longer than that, or one whose later page fails, comes back marked incomplete;
 *   - id: `id` / `_id` / `keyId` / `apiKeyId` / `uuid`; name: `name` / `label` / `title` (the id
 *     when missing);
 *   - the partial value is built from `prefix` / `keyPrefix` and `lastFour` (`ct_7f3a9c…a1b2`,
 *     `ct_7f3a9c…` or `…a1b2`), or taken from `partial` / `masked` when those are masked already.
 *     A list NEVER surfaces a full value: the value fields are not read from a list at all, and
 *     anything in a partial field that does not look masked is masked here;
 *   - scopes: `scopes` / `permissions` (an array, or a space- or comma-separated string);
 *   - dates as ISO strings, epoch seconds or epoch milliseconds; `lastUsedAt: null` is "never
 *     used", `expiresAt: null` is "never expires";
 *   - a REVOKED key (a `revokedAt` date, `status: "revoked"`/`"deleted"`, or `revoked: true`) is
 *     left out of the list and only counted (`revokedCount`): it can no longer be used nor
 *     deleted, and the product shows usable keys only. An EXPIRED key is kept, with its past
 *     `expiresAt`, so that it can be shown as expired and deleted;
 *   - entries that cannot be used (not an object, no id) are skipped and counted, as the classic
 *     parser does;
 *   - the full value of a new key comes from `key` / `apiKey` / `value` / `secret` / `token` (a
 *     string) on the key object, or beside it (`data.key` when the key sits in `data.apiKey`).
 *
 * A 404/405 on the list or create path means the server does not offer key management through its
 * API. That 404 cannot be told apart from the platform's "organization not found" (also a 404), but
 * sign-in has already checked the organization against the key's own list of organizations.
 */
import { maskValue, type AccessToken, type CreatedAccessToken, type ParsedTokenList, type TokenRequest } from '../accessToken';
import { CodeThreatApiError } from '../errors';
import type { PagePosition } from '../pagedList';
import { readList, type ListContract } from '../tokenListReader';
import { asText, firstPresent, isObject, looksMasked, parseTimestamp, unwrap, type JsonObject } from '../tolerantJson';

export const API_KEY_PATHS = {
  list: '/api-keys',
  create: '/api-keys',
  delete: (id: string) => `/api-keys/${encodeURIComponent(id)}`,
} as const;

/** The query of a list or delete call and the body of a create call name the organization so. */
export const ORGANIZATION_FIELD = 'organizationSlug';

const ID_FIELDS = ['id', '_id', 'keyId', 'apiKeyId', 'key_id', 'uuid'];
const NAME_FIELDS = ['name', 'label', 'title', 'keyName', 'key_name'];
const PREFIX_FIELDS = ['prefix', 'keyPrefix', 'key_prefix'];
const LAST_FOUR_FIELDS = ['lastFour', 'last_four', 'last4', 'suffix'];
const MASKED_FIELDS = ['partial', 'masked', 'maskedKey', 'masked_key', 'partialKey', 'partial_key'];
const SCOPE_FIELDS = ['scopes', 'permissions'];
const CREATED_FIELDS = ['createdAt', 'created_at', 'created'];
const LAST_USED_FIELDS = ['lastUsedAt', 'last_used_at', 'lastUsed', 'last_used'];
const EXPIRES_FIELDS = ['expiresAt', 'expires_at', 'expiration', 'expiresOn', 'expires'];
const REVOKED_FIELDS = ['revokedAt', 'revoked_at'];
const REVOKED_STATUSES = /^\s*(revoked|deleted)\s*$/i;
const VALUE_FIELDS = ['key', 'apiKey', 'value', 'secret', 'token'];
const LIST_WRAPPERS = ['data', 'apiKeys', 'api_keys', 'keys', 'items', 'results'];
const ITEM_WRAPPERS = ['data', 'apiKey', 'api_key', 'item', 'result'];

/** A prefix longer than this may be more than a prefix: it is masked rather than shown. */
const MAX_PREFIX_LENGTH = 12;

/** Partial text from a prefix and/or last characters; never longer than they are. */
function partialFrom(item: JsonObject): string | undefined {
  const prefix = asText(firstPresent(item, PREFIX_FIELDS)?.[1])?.trim();
  const lastFour = asText(firstPresent(item, LAST_FOUR_FIELDS)?.[1])?.trim();
  if (prefix && prefix.length > MAX_PREFIX_LENGTH) return looksMasked(prefix) ? prefix : maskValue(prefix);
  const tail = lastFour ? lastFour.slice(-4) : '';
  if (prefix || tail) return `${prefix ?? ''}…${tail}`;
  const masked = asText(firstPresent(item, MASKED_FIELDS)?.[1])?.trim();
  if (masked) return looksMasked(masked) ? masked : maskValue(masked);
  return undefined;
}

function scopesFrom(item: JsonObject): string[] | undefined {
  const value = firstPresent(item, SCOPE_FIELDS)?.[1];
  const list = typeof value === 'string' ? value.split(/[\s,]+/) : Array.isArray(value) ? value : undefined;
  return list?.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
}

function isRevoked(item: JsonObject): boolean {
  if (parseTimestamp(firstPresent(item, REVOKED_FIELDS)?.[1]) instanceof Date) return true;
  if (item.revoked === true || item.isRevoked === true) return true;
  return typeof item.status === 'string' && REVOKED_STATUSES.test(item.status);
}

function readApiKey(item: unknown): AccessToken | string {
  if (!isObject(item)) return 'not an object';
  const id = asText(firstPresent(item, ID_FIELDS)?.[1]);
  if (!id) return 'no id';
  const name = asText(firstPresent(item, NAME_FIELDS)?.[1])?.trim();
  const lastUsed = firstPresent(item, LAST_USED_FIELDS);
  const expires = firstPresent(item, EXPIRES_FIELDS);
  const token: AccessToken = {
    id,
    name: name || id,
    partialValue: partialFrom(item),
    createdAt: parseTimestamp(firstPresent(item, CREATED_FIELDS)?.[1]) ?? undefined,
    // Present but empty is "never used"; absent says nothing.
    lastUsedAt: lastUsed ? (parseTimestamp(lastUsed[1]) ?? null) : undefined,
    scopes: scopesFrom(item),
    // Present and null is "never expires"; an unreadable date says nothing (not "never").
    expiresAt: expires ? parseTimestamp(expires[1]) : undefined,
  };
  // Fields the server did not send stay absent rather than present-and-undefined.
  for (const field of ['partialValue', 'createdAt', 'lastUsedAt', 'scopes', 'expiresAt'] as const) {
    if (token[field] === undefined) delete token[field];
  }
  return token;
}

/** An envelope that says `success: false` on a 2xx answer is not an answer we can use. */
function rejectFailedEnvelope(body: unknown): void {
  if (!isObject(body) || body.success !== false) return;
  const code = isObject(body.error) ? asText(body.error.code) : undefined;
  throw new CodeThreatApiError('invalidResponse', 'The server answered with success: false.', { field: 'success', serverCode: code });
}

/** The list contract of one page of `GET /api/v1/api-keys`, for `TokenListReader`. Revoked keys are counted, not listed. */
export const API_KEY_LIST: ListContract = {
  entriesOf(body) {
    rejectFailedEnvelope(body);
    const list = unwrap(body, LIST_WRAPPERS, Array.isArray);
    if (!Array.isArray(list)) {
      throw new CodeThreatApiError('invalidResponse', 'The API key list response is not a list.', { field: 'apiKeys' });
    }
    return list;
  },
  readEntry(entry) {
    const key = readApiKey(entry);
    if (typeof key === 'string') return { skipped: key };
    return isRevoked(entry as JsonObject) ? { revoked: true } : { token: key };
  },
  listsRevoked: true,
};

/** Parses one page of the key list. */
export function parseApiKeyList(body: unknown): ParsedTokenList {
  return readList(API_KEY_LIST, body);
}

const PAGE_FIELDS = ['page', 'currentPage', 'current_page'];
const LIMIT_FIELDS = ['limit', 'pageSize', 'page_size', 'perPage', 'per_page'];
const TOTAL_FIELDS = ['total', 'totalCount', 'total_count', 'totalItems', 'total_items'];
const TOTAL_PAGES_FIELDS = ['totalPages', 'total_pages', 'pages', 'pageCount', 'page_count'];
const HAS_NEXT_FIELDS = ['hasNext', 'has_next', 'hasNextPage', 'has_next_page', 'hasMore', 'has_more'];
const NEXT_FIELDS = ['next', 'nextPage', 'next_page'];

/** A whole number ≥ `min` in a field, else undefined. */
function countIn(holder: JsonObject, fields: readonly string[], min: number): number | undefined {
  const value = firstPresent(holder, fields)?.[1];
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min ? n : undefined;
}

/**
 * Where a page of the list says it is; undefined when it says nothing (the whole list in one
 * answer). Read from `pagination` (top level, as the platform documents it: `{page, total}`), or
 * `meta.pagination` / `data.pagination`; also `totalPages`, `hasNext` and a `next` link. A link is
 * never followed: only the page number in it is read, and the next page is asked for at the
 * connection's own address.
 */
export function positionOf(body: unknown): PagePosition | undefined {
  if (!isObject(body)) return undefined;
  const pagination = [body.pagination, isObject(body.meta) ? body.meta.pagination : undefined, isObject(body.data) ? body.data.pagination : undefined].find(isObject);
  const links = isObject(body.links) ? body.links : undefined;
  if (!pagination && !links) return undefined;
  const holder = pagination ?? {};
  const position: PagePosition = { page: countIn(holder, PAGE_FIELDS, 1) ?? 1 };
  const limit = countIn(holder, LIMIT_FIELDS, 1);
  const total = countIn(holder, TOTAL_FIELDS, 0);
  const totalPages = countIn(holder, TOTAL_PAGES_FIELDS, 1);
  if (limit !== undefined) position.limit = limit;
  if (total !== undefined) position.total = total;
  if (totalPages !== undefined) position.totalPages = totalPages;
  const hasNext = firstPresent(holder, HAS_NEXT_FIELDS)?.[1];
  if (typeof hasNext === 'boolean') position.hasNext = hasNext;
  const next = firstPresent(holder, NEXT_FIELDS)?.[1] ?? links?.next;
  if (typeof next === 'number' && Number.isInteger(next) && next > position.page) position.nextPage = next;
  else if (typeof next === 'string' && next.trim() !== '') {
    const named = /[?&]page=(\d+)(?:&|#|$)/.exec(next);
    if (named) position.nextPage = Number(named[1]);
    else position.hasNext = true;
  }
  return position;
}

/** Joins the parsed pages of one list; skipped indexes count from the start of the whole list. */
export function mergePages(pages: readonly ParsedTokenList[]): ParsedTokenList {
  const merged: ParsedTokenList = { tokens: [], skipped: [], revokedCount: 0 };
  let offset = 0;
  const seen = new Set<string>();
  for (const page of pages) {
    // The same key on two pages (the list changed between requests) is listed once.
    merged.tokens.push(...page.tokens.filter((t) => !seen.has(t.id) && seen.add(t.id)));
    merged.skipped.push(...page.skipped.map((s) => ({ ...s, index: s.index + offset })));
    merged.revokedCount = (merged.revokedCount ?? 0) + (page.revokedCount ?? 0);
    offset += page.tokens.length + page.skipped.length + (page.revokedCount ?? 0);
  }
  return merged;
}

/** The body of a create call. `expiresAt` undefined or null asks for a key that never expires. */
export function createRequestBody(request: TokenRequest, organizationSlug: string): Record<string, unknown> {
  return {
    name: request.name,
    scopes: [...(request.scopes ?? [])],
    expiresAt: request.expiresAt ? request.expiresAt.toISOString() : null,
    [ORGANIZATION_FIELD]: organizationSlug,
  };
}

/**
 * Parses the answer to a create call: the one answer carrying the full value. Where the answer
 * is silent about the name, scopes or expiry, what was asked for is assumed.
 */
export function parseCreatedApiKey(body: unknown, request: TokenRequest): CreatedAccessToken {
  rejectFailedEnvelope(body);
  const item = unwrap(body, ITEM_WRAPPERS, (v) => isObject(v) && firstPresent(v, ID_FIELDS) !== undefined);
  if (!isObject(item)) {
    throw new CodeThreatApiError('invalidResponse', 'The server did not describe the new API key.', { field: 'apiKey' });
  }
  // The value on the key itself, else beside it ({data: {apiKey: {...}, key: "ct_…"}}), nearest first.
  const holders = [item, ...containersOf(body, item)];
  const value = holders.flatMap((holder) => VALUE_FIELDS.map((f) => asText(holder[f]))).find((v) => v !== undefined && !looksMasked(v));
  if (!value) {
    throw new CodeThreatApiError('invalidResponse', 'The server created an API key but did not return its value.', { field: 'value' });
  }
  const parsed = readApiKey(item);
  if (typeof parsed === 'string') {
    throw new CodeThreatApiError('invalidResponse', 'The server created an API key but did not return its id.', { field: 'id' });
  }
  const created: CreatedAccessToken = {
    ...parsed,
    name: asText(firstPresent(item, NAME_FIELDS)?.[1])?.trim() || request.name,
    partialValue: parsed.partialValue ?? maskValue(value),
    lastUsedAt: parsed.lastUsedAt ?? null,
    scopes: parsed.scopes ?? [...(request.scopes ?? [])],
    expiresAt: parsed.expiresAt !== undefined ? parsed.expiresAt : (request.expiresAt ?? null),
    value,
  };
  if (created.createdAt === undefined) delete created.createdAt;
  return created;
}

/** The objects between `body` and `item` (innermost first), where a value may sit beside the key. */
function containersOf(body: unknown, item: JsonObject): JsonObject[] {
  const chain: JsonObject[] = [];
  let current = body;
  for (let depth = 0; depth < 2 && isObject(current) && current !== item; depth++) {
    chain.unshift(current);
    const found = firstPresent(current, ITEM_WRAPPERS);
    current = found?.[1];
  }
  return chain;
}
