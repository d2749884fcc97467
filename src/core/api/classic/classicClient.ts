/**
 * The classic CodeThreat API ("SAST Center", `{server}/api/…`): `Authorization: Bearer <token>`
 * and `x-ct-organization: <organization name>` on every request, `{code, message}` error bodies,
 * the server version in `x-api-version`. Sign-in with a password and the organization list are
 * documented; the access-token calls follow the assumed contract in `accessTokenContract.ts`.
 */
import type { CreatedAccessToken, ParsedTokenList, TokenRequest } from '../accessToken';
import { CodeThreatApiError } from '../errors';
import { HttpTransport, type ConnectionOptions, type RequestOptions } from '../httpTransport';
import type { TokenApi, ValidatedCredential } from '../tokenApi';
import { TokenListReader } from '../tokenListReader';
import { isObject } from '../tolerantJson';
import { ACCESS_TOKEN_LIST, ACCESS_TOKEN_PATHS, parseCreatedToken, parseTokenList } from './accessTokenContract';

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
  /** The token list as last received and read (see `TokenListReader` for what that saves). */
  readonly #tokenList = new TokenListReader(ACCESS_TOKEN_LIST);

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
      interpret: (text) => this.#tokenList.read(text).parsed,
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

/** `{code, message}`, or `{status: 401, code: "Unauthorized", message}`, or `{error: "…"}`. */
function readClassicError(body: unknown): { message?: string; code?: string } {
  if (!isObject(body)) return {};
  const nested = isObject(body.error) ? body.error : {};
  const message = [body.message, nested.message, body.error].find((m): m is string => typeof m === 'string' && m.trim() !== '');
  const code = [body.code, nested.code].find((c) => typeof c === 'string' || typeof c === 'number');
  return { message, code: code === undefined ? undefined : String(code) };
}
