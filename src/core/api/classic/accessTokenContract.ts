/**
 * THE ASSUMED ACCESS-TOKEN CONTRACT.
 *
 * CodeThreat publishes no API for listing, creating or deleting access tokens (its web UI has a
 * Settings → Access Token page, but the swagger and every public client are silent). Everything
 * this extension assumes about those endpoints lives in this one module, so that adapting to the
 * real server is a change here and nowhere else:
 *
 *   GET    /api/accesstoken/list        → an array of tokens (possibly wrapped in {data}/{result}), in one
 *                                          answer: no paging, so the answer's size cap (16 MB) bounds it
 *   POST   /api/accesstoken/add {name}  → the new token, the only response carrying its full value
 *   DELETE /api/accesstoken/{id}        → any 2xx
 *
 * Responses are read tolerantly: several spellings per field, dates as ISO strings, epoch seconds
 * or epoch milliseconds, "never used" as null, missing, "", 0 or "Never". A 404/405 on the list or
 * create path means the server does not offer token management through its API.
 */
import { maskValue, type AccessToken, type CreatedAccessToken, type ParsedTokenList } from '../accessToken';
import { CodeThreatApiError } from '../errors';
import { readList, type ListContract } from '../tokenListReader';
import { asText, firstPresent, isObject, looksMasked, parseTimestamp, unwrap } from '../tolerantJson';

export const ACCESS_TOKEN_PATHS = {
  list: '/accesstoken/list',
  create: '/accesstoken/add',
  delete: (id: string) => `/accesstoken/${encodeURIComponent(id)}`,
} as const;

const ID_FIELDS = ['id', '_id', 'tokenId', 'token_id', 'uuid'];
const NAME_FIELDS = ['name', 'token_name', 'tokenName', 'title', 'label'];
const PARTIAL_FIELDS = ['token', 'partial', 'masked', 'partial_token', 'partialToken', 'masked_token', 'maskedToken', 'prefix'];
const VALUE_FIELDS = ['value', 'access_token', 'accessToken', 'plain', 'plain_token', 'plainToken', 'secret', 'key', 'token'];
const CREATED_FIELDS = ['created_at', 'createdAt', 'created', 'create_date', 'createDate', 'creation_date', 'created_date'];
const LAST_USED_FIELDS = ['last_used', 'lastUsed', 'last_used_at', 'lastUsedAt', 'last_used_date', 'lastUsedDate'];
const LIST_WRAPPERS = ['data', 'result', 'results', 'tokens', 'items', 'accessTokens', 'access_tokens'];
const ITEM_WRAPPERS = ['data', 'result', 'token', 'accessToken', 'access_token'];

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

/** The list contract of `GET /api/accesstoken/list`, for `TokenListReader`. */
export const ACCESS_TOKEN_LIST: ListContract = {
  entriesOf(body) {
    const list = unwrap(body, LIST_WRAPPERS, Array.isArray);
    if (!Array.isArray(list)) {
      throw new CodeThreatApiError('invalidResponse', 'The token list response is not a list.', { field: 'tokens' });
    }
    return list;
  },
  readEntry(entry) {
    const token = readToken(entry);
    return typeof token === 'string' ? { skipped: token } : { token };
  },
  listsRevoked: false,
};

export function parseTokenList(body: unknown): ParsedTokenList {
  return readList(ACCESS_TOKEN_LIST, body);
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
