/**
 * HTTP for one connection, whatever the API generation: one axios instance with the base URL,
 * the dialect's headers and the User-Agent; every attempt bounded in time (a deadline that covers
 * the whole body) and in size (`MAX_ANSWER_BYTES`); redirects never followed; reads retried
 * once on 5xx/429 and coalesced while in flight; every failure mapped to a `CodeThreatApiError`
 * whose text is redacted of the secrets this transport was given. Dialects (the classic API, the
 * AppSec platform) decide paths, headers and body shapes; this module decides nothing about them.
 */
import axios, { AxiosError, type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { systemClock, type Clock } from '../ports';
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
  /** How long one attempt may take, from connecting to the last byte of the answer. */
  timeoutMs?: number;
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
  /** Longest Retry-After a read will wait for before giving up with `rateLimited`. */
  maxRetryAfterSeconds?: number;
  /** Times the wait before a retry (the platform's clock; the system's when absent). */
  clock?: Clock;
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
  /** Fewer bytes than `MAX_ANSWER_BYTES` for this answer (what is left of a paged list's budget). */
  maxAnswerBytes?: number;
}

export interface ApiResult<T> {
  body: T;
  apiVersion?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRY_AFTER_SECONDS = 10;
/** A connection closed under a request (not refused): a kept-alive socket the server had just closed. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);
/**
 * The most bytes one answer may have, and one paged list in all its pages together. Measured
 * (unit test `boundedAnswers.test.ts`, which also checks this margin): 10,000 entries, the most
 * the view is built and benchmarked for, with 64-character names and every field filled, weigh
 * 2.1 MB in the classic API's largest shape and 6.5 MB in the AppSec platform's (every scope on
 * every key). 16 MB leaves 2.5× for fields and longer names a real server may send, and keeps one
 * answer, its text and its parsed copy small in the extension host that every extension shares
 * (before, 64 MB a page for up to 50 pages could be read).
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

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
      // No axios `timeout`: once the headers are in, it only watches for an idle socket, so a
      // server trickling its body a byte at a time is never cut off. `#attempt` sets a deadline.
      // Credentials must not follow a redirect to wherever it points.
      maxRedirects: 0,
      // axios's own proxy-from-environment handling would bypass VS Code's proxy support, which
      // patches Node's http/https agents in the extension host; `false` lets that support apply.
      proxy: false,
      httpAgent: options.httpAgent,
      httpsAgent: options.httpsAgent,
      maxContentLength: MAX_ANSWER_BYTES,
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
        await delay(this.#options.clock ?? systemClock, retryDelayMs, spec.signal);
      }
    }
  }

  /** How long to wait before retrying, or undefined when the failure is final. */
  #retryDelay(spec: CallSpec, attempt: number, error: unknown): number | undefined {
    if (!spec.idempotent || attempt > 1 || !(error instanceof CodeThreatApiError)) return undefined;
    if (error.kind === 'server' && error.status !== 501) return 250;
    // A kept-alive connection the server closed while idle is reset when reused: a race between
    // the two ends that a busy machine makes likely. A read may simply be asked again.
    if (error.kind === 'network' && RESET_CODES.has(String(error.details.code))) return 0;
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
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Never negative: axios reads a negative limit as none.
    const maxAnswerBytes = Math.max(0, Math.min(spec.maxAnswerBytes ?? MAX_ANSWER_BYTES, MAX_ANSWER_BYTES));
    const deadline = new Deadline(timeoutMs, spec.signal);
    let response: AxiosResponse<string>;
    try {
      response = await this.#http.request<string>({
        method: spec.method,
        url: spec.path,
        params: spec.params,
        data: spec.data,
        signal: deadline.signal,
        maxContentLength: maxAnswerBytes,
      });
    } catch (error) {
      // The caller's cancellation wins over a deadline that passed meanwhile.
      const mapped = deadline.expired && !spec.signal?.aborted
        ? deadlineError(timeoutMs)
        : isTooLarge(error as AxiosError)
          ? tooLargeError()
          : mapTransportFailure(error as AxiosError, secrets, spec.signal);
      log(undefined, mapped.kind);
      throw mapped;
    } finally {
      deadline.clear();
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

/**
 * A wall-clock limit on one attempt, from connecting to the last byte of the body, as a signal
 * for axios that also follows the caller's own cancellation.
 */
class Deadline {
  expired = false;
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onCallerAbort = () => this.#controller.abort();

  constructor(ms: number, callerSignal?: AbortSignal) {
    this.#callerSignal = callerSignal;
    if (callerSignal?.aborted) this.#controller.abort();
    callerSignal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    this.#timer = setTimeout(() => {
      this.expired = true;
      this.#controller.abort();
    }, ms);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }
}

function deadlineError(timeoutMs: number): CodeThreatApiError {
  const seconds = timeoutMs / 1000;
  return new CodeThreatApiError('timeout', `The server did not send its whole answer within ${seconds} s.`, { limit: seconds });
}

function isTooLarge(error: AxiosError): boolean {
  return error.code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED' || /maxContentLength/i.test(error.message);
}

/** The limit named is the whole budget, also when a later page of a list ran out of what was left of it. */
function tooLargeError(): CodeThreatApiError {
  return new CodeThreatApiError('tooLarge', `The server's answer was larger than ${MAX_ANSWER_BYTES} bytes.`, { limit: MAX_ANSWER_BYTES });
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

function delay(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CodeThreatApiError('cancelled', 'The request was cancelled.'));
      return;
    }
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      timer.dispose();
      reject(new CodeThreatApiError('cancelled', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
