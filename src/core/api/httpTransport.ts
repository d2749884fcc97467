/**
 * HTTP for one connection, whatever the API generation: one axios instance with the base URL,
 * the dialect's headers, the User-Agent and the timeout; redirects never followed; reads retried
 * once on 5xx/429 and coalesced while in flight; every failure mapped to a `CodeThreatApiError`
 * whose text is redacted of the secrets this transport was given. Dialects (the classic API, the
 * AppSec platform) decide paths, headers and body shapes; this module decides nothing about them.
 */
import axios, { AxiosError, type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { CodeThreatApiError } from './errors';
import { looksLikeHtml, mapHttpFailure, mapTransportFailure, type ServerErrorReader } from './errorMapping';

export interface RequestLogEntry {
  method: string;
  /** Path below the server root, without the query string. */
  path: string;
  status?: number;
  durationMs: number;
  errorKind?: string;
  attempt: number;
}

/** What every client is built with, whatever its dialect. */
export interface ConnectionOptions {
  /** Normalised server root, e.g. `https://cloud.codethreat.com`. */
  serverUrl: string;
  userAgent: string;
  timeoutMs?: number;
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
  /** Longest Retry-After a read will wait for before giving up with `rateLimited`. */
  maxRetryAfterSeconds?: number;
  /** Called once per HTTP attempt; receives nothing secret. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface TransportOptions extends ConnectionOptions {
  /** `/api` or `/api/v1`: prepended to every path. */
  apiPrefix: string;
  headers: Record<string, string>;
  /** Values that must never appear in an error (the credential). */
  secrets: readonly (string | undefined)[];
  /** Reads the dialect's error body: its message and code. */
  readServerError: ServerErrorReader;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface CallSpec {
  method: Method;
  /** Below the API prefix, e.g. `/organization`. */
  path: string;
  params?: Record<string, string>;
  data?: unknown;
  /** Idempotent reads may be retried once on 5xx and 429. */
  idempotent: boolean;
  /** Statuses that mean this server lacks the endpoint (token management is not universal). */
  unsupportedStatuses?: readonly number[];
  signal?: AbortSignal;
  /** More values to keep out of errors for this call (a password). */
  extraSecrets?: readonly string[];
  /** Reads a successful body's text; JSON.parse when absent. */
  interpret?: (text: string) => unknown;
}

export interface ApiResult<T> {
  body: T;
  apiVersion?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRY_AFTER_SECONDS = 10;
/** A response larger than this is not a token list we can show anyway. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class HttpTransport {
  /** The server version from the last response's `x-api-version` header. */
  apiVersion: string | undefined;
  readonly #http: AxiosInstance;
  readonly #options: TransportOptions;
  readonly #inFlightReads = new Map<string, Promise<ApiResult<unknown>>>();

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#http = axios.create({
      baseURL: `${options.serverUrl}${options.apiPrefix}`,
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
      headers: { Accept: 'application/json', 'User-Agent': options.userAgent, ...options.headers },
    });
  }

  /**
   * Runs one logical call. Identical concurrent reads share one HTTP request (callers without a
   * signal only, so one caller's cancellation cannot cancel another's read).
   */
  call<T = unknown>(spec: CallSpec): Promise<ApiResult<T>> {
    if (spec.method !== 'GET' || spec.signal) return this.#send<T>(spec);
    const key = `${spec.path}?${new URLSearchParams(spec.params).toString()}`;
    const existing = this.#inFlightReads.get(key);
    if (existing) return existing as Promise<ApiResult<T>>;
    const pending = this.#send<T>(spec).finally(() => this.#inFlightReads.delete(key));
    this.#inFlightReads.set(key, pending);
    return pending;
  }

  async #send<T>(spec: CallSpec): Promise<ApiResult<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt<T>(spec, attempt);
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

  async #attempt<T>(spec: CallSpec, attempt: number): Promise<ApiResult<T>> {
    const started = Date.now();
    const secrets = [...this.#options.secrets, ...(spec.extraSecrets ?? [])];
    const log = (status?: number, errorKind?: string) =>
      this.#options.onRequest?.({
        method: spec.method.toUpperCase(),
        path: `${this.#options.apiPrefix}${spec.path}`,
        status,
        durationMs: Date.now() - started,
        errorKind,
        attempt,
      });
    let response: AxiosResponse<string>;
    try {
      response = await this.#http.request<string>({ method: spec.method, url: spec.path, params: spec.params, data: spec.data, signal: spec.signal });
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
    const mapped = mapHttpFailure(response, spec.unsupportedStatuses ?? [], secrets, this.#options.readServerError);
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
  if (looksLikeHtml(response)) {
    throw new CodeThreatApiError('notCodeThreat', 'The address answered with a web page instead of the CodeThreat API.', {
      status: response.status,
    });
  }
  return interpret(text) as T;
}

export function parseJson(text: string): unknown {
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
