/**
 * The classic CodeThreat API ("SAST Center", `{server}/api/…`): `Authorization: Bearer <token>`
 * and `x-ct-organization: <organization name>` on every request, `{code, message}` error bodies,
 * the server version in `x-api-version`. Sign-in with a password and the organization list are
 * documented; the access-token calls follow the assumed contract in `accessTokenContract.ts`.
 */
import type { AccessToken, CreatedAccessToken, ParsedTokenList, TokenRequest } from '../accessToken';
import { CodeThreatApiError } from '../errors';
import { HttpTransport, parseJson, type ConnectionOptions, type RequestOptions } from '../httpTransport';
import type { TokenApi, ValidatedCredential } from '../tokenApi';
import { isObject, type JsonObject } from '../tolerantJson';
import { ACCESS_TOKEN_PATHS, parseCreatedToken, parseTokenList } from './accessTokenContract';

export interface ClassicClientOptions extends ConnectionOptions {
  /** Organization name; empty while signing in, before one has been chosen. */
  organization: string;
  /** Session or access token; absent only for `signIn`. */
  credential?: string;
}

export class ClassicClient implements TokenApi {
  readonly generation = 'classic';
  readonly serverUrl: string;
  readonly organization: string;
  readonly #transport: HttpTransport;
  /**
   * The last token list as received and as read. Most refreshes return the same list; then the
   * same (immutable) result is handed back, so nothing downstream re-parses or re-renders. When
   * the list changed, an entry equal to one of the last answer keeps its token object (see
   * `readTokenList`), and so its rendered item. Saves (`npm run bench`, 10,000 tokens): without
   * it a refresh took 2.46× the raw fetch and parse instead of 1.00× (unchanged list), 2.08×
   * instead of 1.19× (changed list); without the unchanged-answer shortcut alone, 1.29× instead
   * of 1.00× (unchanged list).
   */
  #lastTokenList: { text: string; parsed: ParsedTokenList; entries?: ListEntries } | undefined;

  constructor(options: ClassicClientOptions) {
    this.serverUrl = options.serverUrl;
    this.organization = options.organization;
    this.#transport = new HttpTransport({
      ...options,
      apiPrefix: '/api',
      headers: {
        ...(options.organization ? { 'x-ct-organization': options.organization } : {}),
        ...(options.credential ? { Authorization: `Bearer ${options.credential}` } : {}),
      },
      secrets: [options.credential],
      readServerError: readClassicError,
    });
  }

  /** The server version from the last response's `x-api-version` header. */
  get apiVersion(): string | undefined {
    return this.#transport.apiVersion;
  }

  /** Exchanges a username and password for a session token (`POST /api/signin`). */
  async signIn(username: string, password: string, options: RequestOptions = {}): Promise<string> {
    const { body } = await this.#transport.call<unknown>({
      method: 'POST',
      path: '/signin',
      data: { client_id: username, client_secret: password },
      idempotent: false,
      signal: options.signal,
      extraSecrets: [password],
    });
    const token = (body as { access_token?: unknown } | null)?.access_token;
    if (typeof token !== 'string' || !token) {
      throw new CodeThreatApiError('invalidResponse', 'The sign-in response has no access_token.', { field: 'access_token' });
    }
    return token;
  }

  /** Checks that the credential is valid for the organization (`GET /api/organization?key=`). */
  async validate(options: RequestOptions = {}): Promise<ValidatedCredential> {
    const { apiVersion } = await this.#transport.call({
      method: 'GET',
      path: '/organization',
      params: { key: this.organization },
      idempotent: true,
      signal: options.signal,
    });
    return { apiVersion };
  }

  /** The organizations the credential belongs to (`GET /api/organization/list`). */
  async listOrganizations(options: RequestOptions = {}): Promise<string[]> {
    const { body } = await this.#transport.call<unknown>({ method: 'GET', path: '/organization/list', idempotent: true, signal: options.signal });
    if (!Array.isArray(body)) {
      throw new CodeThreatApiError('invalidResponse', 'The organization list is not a list.', { field: 'organizations' });
    }
    return body.filter((name): name is string => typeof name === 'string' && name.trim() !== '');
  }

  async listAccessTokens(options: RequestOptions = {}): Promise<ParsedTokenList> {
    const { body } = await this.#transport.call<ParsedTokenList | undefined>({
      method: 'GET',
      path: ACCESS_TOKEN_PATHS.list,
      idempotent: true,
      unsupportedStatuses: [404, 405],
      signal: options.signal,
      interpret: (text) => {
        if (this.#lastTokenList?.text === text) return this.#lastTokenList.parsed;
        const { parsed, entries } = readTokenList(parseJson(text), this.#lastTokenList?.entries);
        this.#lastTokenList = { text, parsed, entries };
        return parsed;
      },
    });
    return body ?? parseTokenList(undefined);
  }

  /** Classic tokens have neither scopes nor expiry: only the name is sent. */
  async createAccessToken(request: TokenRequest, options: RequestOptions = {}): Promise<CreatedAccessToken> {
    const { body } = await this.#transport.call<unknown>({
      method: 'POST',
      path: ACCESS_TOKEN_PATHS.create,
      data: { name: request.name },
      idempotent: false,
      unsupportedStatuses: [404, 405],
      signal: options.signal,
    });
    return parseCreatedToken(body, request.name);
  }

  async deleteAccessToken(id: string, options: RequestOptions = {}): Promise<void> {
    await this.#transport.call({
      method: 'DELETE',
      path: ACCESS_TOKEN_PATHS.delete(id),
      idempotent: false,
      // A 404 here means the token is already gone; only 405 says the server cannot delete.
      unsupportedStatuses: [405],
      signal: options.signal,
    });
  }
}

/** The entries of the last token list (a plain array) and the token read from each (none if skipped). */
interface ListEntries {
  items: readonly unknown[];
  tokens: readonly (AccessToken | undefined)[];
}

/** How far ahead in the last list an equal entry is looked for: past this many removed or changed ones. */
const LOOK_AHEAD = 64;

/**
 * `parseTokenList`, entry by entry when the answer is a plain array, so that an entry equal (field
 * by field) to the last list's entry at the same place — or a little further on, past removed or
 * changed entries — keeps the token read from it: reading fields and dates is most of the cost of
 * a list that changed, and a change touches few entries. Whatever the order, the result is what
 * `parseTokenList` returns; only the work differs.
 */
function readTokenList(body: unknown, last: ListEntries | undefined): { parsed: ParsedTokenList; entries?: ListEntries } {
  if (!Array.isArray(body)) return { parsed: parseTokenList(body) };
  const parsed: ParsedTokenList = { tokens: [], skipped: [] };
  const tokens: (AccessToken | undefined)[] = [];
  let next = 0;
  body.forEach((item: unknown, index) => {
    let token: AccessToken | undefined;
    if (last && isObject(item)) {
      const end = Math.min(next + LOOK_AHEAD, last.items.length);
      for (let k = next; k < end; k++) {
        if (sameEntry(last.items[k], item)) {
          token = last.tokens[k];
          next = k + 1;
          break;
        }
      }
    }
    if (!token) {
      const one = parseTokenList([item]);
      token = one.tokens[0];
      if (!token) parsed.skipped.push({ ...one.skipped[0], index });
    }
    tokens.push(token);
    if (token) parsed.tokens.push(token);
  });
  return { parsed, entries: { items: body, tokens } };
}

/** Whether two entries have the same fields with the same values (===: nested objects never do). */
function sameEntry(a: unknown, b: JsonObject): boolean {
  if (!isObject(a)) return false;
  let fields = 0;
  for (const field in b) {
    if (a[field] !== b[field]) return false;
    fields++;
  }
  for (const _field in a) fields--;
  return fields === 0;
}

/** `{code, message}`, or `{status: 401, code: "Unauthorized", message}`, or `{error: "…"}`. */
function readClassicError(body: unknown): { message?: string; code?: string } {
  if (!isObject(body)) return {};
  const nested = isObject(body.error) ? body.error : {};
  const message = [body.message, nested.message, body.error].find((m): m is string => typeof m === 'string' && m.trim() !== '');
  const code = [body.code, nested.code].find((c) => typeof c === 'string' || typeof c === 'number');
  return { message, code: code === undefined ? undefined : String(code) };
}
