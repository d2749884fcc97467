/**
 * The CodeThreat REST client. One instance per connection (server + organization + credential)
 * owns everything about talking to the server: base URL and `/api` prefix, the Authorization and
 * organization headers, User-Agent, timeouts, redirects (never followed), retries of idempotent
 * reads, coalescing of identical concurrent reads, and the mapping of every failure to a
 * `CodeThreatApiError`.
 */
import axios, { AxiosError, type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import {
  ACCESS_TOKEN_PATHS,
  parseCreatedToken,
  parseTokenList,
  type CreatedAccessToken,
  type ParsedTokenList,
} from './accessTokenContract';
import { CodeThreatApiError } from './errors';
import { mapHttpFailure, mapTransportFailure } from './errorMapping';

export interface RequestLogEntry {
  method: string;
  /** Path below the server root, without the query string. */
  path: string;
  status?: number;
  durationMs: number;
  errorKind?: string;
  attempt: number;
}

export interface CodeThreatClientOptions {
  /** Normalised server root, e.g. `https://cloud.codethreat.com`. */
  serverUrl: string;
  organization: string;
  /** Session or access token; absent only for `signIn`. */
  credential?: string;
  userAgent: string;
  timeoutMs?: number;
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
  /** Longest Retry-After a read will wait for before giving up with `rateLimited`. */
  maxRetryAfterSeconds?: number;
  /** Called once per HTTP attempt; receives nothing secret. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

interface CallSpec {
  method: Method;
  path: string;
  params?: Record<string, string>;
  data?: unknown;
  /** Idempotent reads may be retried once on 5xx and 429. */
  idempotent: boolean;
  /** Statuses that mean this server lacks the endpoint (token management is not universal). */
  unsupportedStatuses?: readonly number[];
  /** Reads a successful body's text; JSON.parse when absent. */
  interpret?: (text: string) => unknown;
  signal?: AbortSignal;
}

export interface ApiResult<T> {
  body: T;
  apiVersion?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRY_AFTER_SECONDS = 10;
/** A response larger than this is not a token list we can show anyway. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class CodeThreatClient {
  readonly serverUrl: string;
  readonly organization: string;
  /** The server version from the last response's `x-api-version` header. */
  apiVersion: string | undefined;

  readonly #http: AxiosInstance;
  readonly #credential: string | undefined;
  readonly #options: CodeThreatClientOptions;
  readonly #inFlightReads = new Map<string, Promise<ApiResult<unknown>>>();
  /**
   * The last token list as received and as parsed. Most refreshes return the same list; then the
   * same (immutable) result is handed back, so nothing downstream re-parses or re-renders.
   */
  #lastTokenList: { text: string; parsed: ParsedTokenList } | undefined;

  constructor(options: CodeThreatClientOptions) {
    this.serverUrl = options.serverUrl;
    this.organization = options.organization;
    this.#credential = options.credential;
    this.#options = options;
    this.#http = axios.create({
      baseURL: `${options.serverUrl}/api`,
      // Node's http/https, which VS Code's proxy support patches (the bundle has no other adapter).
      adapter: 'http',
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // Credentials must not follow a redirect to wherever it points.
      maxRedirects: 0,
      // axios's own proxy-from-environment handling would bypass VS Code's proxy support, which
      // patches Node's http/https agents in the extension host; `false` lets that support apply.
      proxy: false,
      httpAgent: options.httpAgent,
      httpsAgent: options.httpsAgent,
      maxContentLength: MAX_RESPONSE_BYTES,
      responseType: 'text',
      // We parse ourselves so that malformed JSON and HTML pages become precise errors.
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: {
        Accept: 'application/json',
        'User-Agent': options.userAgent,
        // Empty while signing in, before an organization has been chosen.
        ...(options.organization ? { 'x-ct-organization': options.organization } : {}),
        ...(options.credential ? { Authorization: `Bearer ${options.credential}` } : {}),
      },
    });
  }

  /** Exchanges a username and password for a session token (`POST /api/signin`). */
  async signIn(username: string, password: string, options: RequestOptions = {}): Promise<string> {
    const { body } = await this.#call<unknown>({
      method: 'POST',
      path: '/signin',
      data: { client_id: username, client_secret: password },
      idempotent: false,
      signal: options.signal,
    }, [password]);
    const token = (body as { access_token?: unknown } | null)?.access_token;
    if (typeof token !== 'string' || !token) {
      throw new CodeThreatApiError('invalidResponse', 'The sign-in response has no access_token.', {
        field: 'access_token',
      });
    }
    return token;
  }

  /** Checks that the credential is valid for the organization (`GET /api/organization?key=`). */
  async validate(options: RequestOptions = {}): Promise<{ apiVersion?: string }> {
    const { apiVersion } = await this.#call({
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
    const { body } = await this.#call<unknown>({
      method: 'GET',
      path: '/organization/list',
      idempotent: true,
      signal: options.signal,
    });
    if (!Array.isArray(body)) {
      throw new CodeThreatApiError('invalidResponse', 'The organization list is not a list.', { field: 'organizations' });
    }
    return body.filter((name): name is string => typeof name === 'string' && name.trim() !== '');
  }

  async listAccessTokens(options: RequestOptions = {}): Promise<ParsedTokenList> {
    const { body } = await this.#call<ParsedTokenList | undefined>({
      method: 'GET',
      path: ACCESS_TOKEN_PATHS.list,
      idempotent: true,
      unsupportedStatuses: [404, 405],
      signal: options.signal,
      interpret: (text) => {
        if (this.#lastTokenList?.text === text) return this.#lastTokenList.parsed;
        const parsed = parseTokenList(parseJson(text));
        this.#lastTokenList = { text, parsed };
        return parsed;
      },
    });
    return body ?? parseTokenList(undefined);
  }

  async createAccessToken(name: string, options: RequestOptions = {}): Promise<CreatedAccessToken> {
    const { body } = await this.#call<unknown>({
      method: 'POST',
      path: ACCESS_TOKEN_PATHS.create,
      data: { name },
      idempotent: false,
      unsupportedStatuses: [404, 405],
      signal: options.signal,
    });
    return parseCreatedToken(body, name);
  }

  async deleteAccessToken(id: string, options: RequestOptions = {}): Promise<void> {
    await this.#call({
      method: 'DELETE',
      path: ACCESS_TOKEN_PATHS.delete(id),
      idempotent: false,
      // A 404 here means the token is already gone; only 405 says the server cannot delete.
      unsupportedStatuses: [405],
      signal: options.signal,
    });
  }

  /**
   * Runs one logical call. Identical concurrent reads share one HTTP request (callers without a
   * signal only, so one caller's cancellation cannot cancel another's read).
   */
  #call<T = unknown>(spec: CallSpec, extraSecrets: string[] = []): Promise<ApiResult<T>> {
    if (spec.method !== 'GET' || spec.signal) return this.#send<T>(spec, extraSecrets);
    const key = `${spec.path}?${new URLSearchParams(spec.params).toString()}`;
    const existing = this.#inFlightReads.get(key);
    if (existing) return existing as Promise<ApiResult<T>>;
    const pending = this.#send<T>(spec, extraSecrets).finally(() => this.#inFlightReads.delete(key));
    this.#inFlightReads.set(key, pending);
    return pending;
  }

  async #send<T>(spec: CallSpec, extraSecrets: string[]): Promise<ApiResult<T>> {
    const secrets = [this.#credential, ...extraSecrets];
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt<T>(spec, attempt, secrets);
      } catch (error) {
        const retryDelayMs = this.#retryDelay(spec, attempt, error);
        if (retryDelayMs === undefined) throw error;
        await delay(retryDelayMs, spec.signal);
      }
    }
  }

  /** How long to wait before retrying, or undefined when the failure is final. */
  #retryDelay(spec: CallSpec, attempt: number, error: unknown): number | undefined {
    if (!spec.idempotent || attempt > 1 || !(error instanceof CodeThreatApiError)) return undefined;
    if (error.kind === 'server' && error.status !== 501) return 250;
    if (error.kind === 'rateLimited') {
      const wait = error.details.retryAfterSeconds ?? 1;
      const limit = this.#options.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS;
      return wait <= limit ? wait * 1000 : undefined;
    }
    return undefined;
  }

  async #attempt<T>(spec: CallSpec, attempt: number, secrets: (string | undefined)[]): Promise<ApiResult<T>> {
    const started = Date.now();
    const log = (status?: number, errorKind?: string) =>
      this.#options.onRequest?.({
        method: spec.method.toUpperCase(),
        path: `/api${spec.path}`,
        status,
        durationMs: Date.now() - started,
        errorKind,
        attempt,
      });
    let response: AxiosResponse<string>;
    try {
      response = await this.#http.request<string>({
        method: spec.method,
        url: spec.path,
        params: spec.params,
        data: spec.data,
        signal: spec.signal,
      });
    } catch (error) {
      const mapped = mapTransportFailure(error as AxiosError, secrets, spec.signal);
      log(undefined, mapped.kind);
      throw mapped;
    }
    const apiVersion = headerText(response.headers['x-api-version']);
    if (apiVersion) this.apiVersion = apiVersion;
    if (response.status >= 200 && response.status < 300) {
      const body = parseBody<T>(response, spec.interpret ?? parseJson);
      log(response.status);
      return { body, apiVersion };
    }
    const mapped = mapHttpFailure(response, spec.unsupportedStatuses ?? [], secrets);
    log(response.status, mapped.kind);
    throw mapped;
  }
}

function headerText(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function parseBody<T>(response: AxiosResponse<string>, interpret: (text: string) => unknown): T {
  const text = typeof response.data === 'string' ? response.data : '';
  if (text.trim() === '') return undefined as T;
  const contentType = headerText(response.headers['content-type']) ?? '';
  if (/html/i.test(contentType) || /^\s*</.test(text)) {
    throw new CodeThreatApiError('notCodeThreat', 'The address answered with a web page instead of the CodeThreat API.', {
      status: response.status,
    });
  }
  return interpret(text) as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CodeThreatApiError('invalidResponse', 'The server sent malformed JSON.', { reason: 'malformedJson' });
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CodeThreatApiError('cancelled', 'The request was cancelled.'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CodeThreatApiError('cancelled', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
