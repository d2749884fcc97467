/**
 * THE ASSUMED ACCESS-TOKEN CONTRACT.
 *
 * CodeThreat publishes no API for listing, creating or deleting access tokens (its web UI has a
 * Settings → Access Token page, but the swagger and every public client are silent). Everything
 * this extension assumes about those endpoints lives in this one module, so that adapting to the
 * real server is a change here and nowhere else:
 *
 *   GET    /api/accesstoken/list        → an array of tokens (possibly wrapped in {data}/{result})
 *   POST   /api/accesstoken/add {name}  → the new token, the only response carrying its full value
 *   DELETE /api/accesstoken/{id}        → any 2xx
 *
 * Responses are read tolerantly: several spellings per field, dates as ISO strings, epoch seconds
 * or epoch milliseconds, "never used" as null, missing, "", 0 or "Never". A 404/405 on the list or
 * create path means the server does not offer token management through its API.
 */
import { CodeThreatApiError } from './errors';

export const ACCESS_TOKEN_PATHS = {
  list: '/accesstoken/list',
  create: '/accesstoken/add',
  delete: (id: string) => `/accesstoken/${encodeURIComponent(id)}`,
} as const;

/** A token as the list shows it. `lastUsedAt === null` means never used; undefined means unknown. */
export interface AccessToken {
  id: string;
  name: string;
  /** The partial value the server shows (e.g. `ct_Ab3d…x9Zq`); never the full value. */
  partialValue?: string;
  createdAt?: Date;
  lastUsedAt?: Date | null;
}

/** The one response that carries a full value. Keep it in memory only as long as needed. */
export interface CreatedAccessToken extends AccessToken {
  value: string;
}

export interface ParsedTokenList {
  tokens: AccessToken[];
  /** Entries we could not use (e.g. without an id), reported rather than crashing the view. */
  skipped: { index: number; reason: string }[];
}

const ID_FIELDS = ['id', '_id', 'tokenId', 'token_id', 'uuid'];
const NAME_FIELDS = ['name', 'token_name', 'tokenName', 'title', 'label'];
const PARTIAL_FIELDS = ['token', 'partial', 'masked', 'partial_token', 'partialToken', 'masked_token', 'maskedToken', 'prefix'];
const VALUE_FIELDS = ['value', 'access_token', 'accessToken', 'plain', 'plain_token', 'plainToken', 'secret', 'key', 'token'];
const CREATED_FIELDS = ['created_at', 'createdAt', 'created', 'create_date', 'createDate', 'creation_date', 'created_date'];
const LAST_USED_FIELDS = ['last_used', 'lastUsed', 'last_used_at', 'lastUsedAt', 'last_used_date', 'lastUsedDate'];
const LIST_WRAPPERS = ['data', 'result', 'results', 'tokens', 'items', 'accessTokens', 'access_tokens'];
const ITEM_WRAPPERS = ['data', 'result', 'token', 'accessToken', 'access_token'];

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstPresent(item: JsonObject, fields: readonly string[]): [string, unknown] | undefined {
  for (const field of fields) {
    if (item[field] !== undefined) return [field, item[field]];
  }
  return undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Values that look like a masked token rather than a usable one. */
function looksMasked(value: string): boolean {
  return /[*•…]|\.\.\./.test(value) || value.length < 8;
}

/** Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_MILLIS_BOUNDARY = 1e11;

/** Reads a date; null means "never", undefined means the value was absent or unreadable. */
export function parseTimestamp(value: unknown): Date | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '' || value === 0 || value === '0') return null;
  if (typeof value === 'string' && /^\s*never\s*$/i.test(value)) return null;
  let millis: number;
  if (typeof value === 'number') {
    millis = value < SECONDS_MILLIS_BOUNDARY ? value * 1000 : value;
  } else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) {
    const n = Number(value);
    millis = n < SECONDS_MILLIS_BOUNDARY ? n * 1000 : n;
  } else if (typeof value === 'string') {
    millis = Date.parse(value);
  } else if (isObject(value) && typeof value.$date === 'string') {
    millis = Date.parse(value.$date); // MongoDB extended JSON
  } else {
    return undefined;
  }
  return Number.isFinite(millis) ? new Date(millis) : undefined;
}

function unwrap(body: unknown, wrappers: readonly string[], accept: (v: unknown) => boolean): unknown {
  let current = body;
  // Two levels cover {data: {tokens: [...]}} without looping on odd shapes.
  for (let depth = 0; depth < 2 && !accept(current) && isObject(current); depth++) {
    const found = firstPresent(current, wrappers);
    if (!found) break;
    current = found[1];
  }
  return current;
}

function readToken(item: unknown): AccessToken | string {
  if (!isObject(item)) return 'not an object';
  const id = asText(firstPresent(item, ID_FIELDS)?.[1]);
  if (!id) return 'no id';
  const name = asText(firstPresent(item, NAME_FIELDS)?.[1])?.trim();
  const partial = asText(firstPresent(item, PARTIAL_FIELDS)?.[1]);
  const created = parseTimestamp(firstPresent(item, CREATED_FIELDS)?.[1]);
  const lastUsedEntry = firstPresent(item, LAST_USED_FIELDS);
  return {
    id,
    name: name || id,
    // A list must never surface a full value, even if a server sent one: keep only masked text.
    partialValue: partial && looksMasked(partial) ? partial : partial ? maskValue(partial) : undefined,
    createdAt: created ?? undefined,
    // A token list that has no last-used field at all says nothing; one whose field is empty says "never".
    lastUsedAt: lastUsedEntry ? parseTimestamp(lastUsedEntry[1]) ?? null : undefined,
  };
}

/** The partial form this extension shows for a value it holds: first 6 and last 4 characters. */
export function maskValue(value: string): string {
  if (value.length <= 12) return '…';
  return `${value.slice(0, 6)}…${value.slice(-4)}`;
}

export function parseTokenList(body: unknown): ParsedTokenList {
  const list = unwrap(body, LIST_WRAPPERS, Array.isArray);
  if (!Array.isArray(list)) {
    throw new CodeThreatApiError('invalidResponse', 'The token list response is not a list.', { field: 'tokens' });
  }
  const result: ParsedTokenList = { tokens: [], skipped: [] };
  list.forEach((item, index) => {
    const token = readToken(item);
    if (typeof token === 'string') result.skipped.push({ index, reason: token });
    else result.tokens.push(token);
  });
  return result;
}

export function parseCreatedToken(body: unknown, requestedName: string): CreatedAccessToken {
  const item = unwrap(body, ITEM_WRAPPERS, (v) => isObject(v) && firstPresent(v, ID_FIELDS) !== undefined);
  if (!isObject(item)) {
    throw new CodeThreatApiError('invalidResponse', 'The server did not describe the new token.', { field: 'token' });
  }
  const valueField = VALUE_FIELDS.map((f) => asText(item[f])).find((v) => v !== undefined && !looksMasked(v));
  if (!valueField) {
    throw new CodeThreatApiError('invalidResponse', 'The server created a token but did not return its value.', {
      field: 'value',
    });
  }
  const parsed = readToken({ ...item, token: undefined, value: undefined });
  const id = typeof parsed === 'string' ? undefined : parsed.id;
  if (!id) {
    throw new CodeThreatApiError('invalidResponse', 'The server created a token but did not return its id.', { field: 'id' });
  }
  const token = parsed as AccessToken;
  return {
    ...token,
    name: asText(firstPresent(item, NAME_FIELDS)?.[1])?.trim() || requestedName,
    partialValue: token.partialValue ?? maskValue(valueField),
    lastUsedAt: token.lastUsedAt ?? null,
    value: valueField,
  };
}
