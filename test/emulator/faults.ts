// Fault injection: rules that make the next matching requests slow, failing or broken. They
// apply to both dialects (legacy /api and v1 /api/v1); error bodies take the dialect's shape.
import { isListStyle, type ListStyle } from './listStyles';
import { isV1ListStyle, isV1PagingStyle, type V1ListStyle, type V1PagingStyle } from './v1/listStyles';

/** Which requests a rule applies to, and how many of them. */
export interface FaultMatch {
  /** HTTP method, case-insensitive. Any method when omitted. */
  method?: string;
  /** A string is a prefix of the request path (no query); a RegExp is tested against it. */
  path?: string | RegExp;
  /** How many matching requests the rule affects; default 1, `Infinity` for all. */
  count?: number;
  /**
   * Query parameters the request must carry with these values (`{page: '2'}`: the second page of a
   * list). A parameter given as '' must be absent (`{page: ''}`: the first page, asked for without one).
   */
  query?: Record<string, string>;
}

export interface StatusFaultOptions {
  /** Overrides `match.count`. */
  count?: number;
  match?: FaultMatch;
  /** JSON-serialised unless it is a string. Default: the dialect's error body for the status. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as `Retry-After` (seconds). 429 always gets one (default from the emulator options). */
  retryAfterSeconds?: number;
}

/** What replaces the normal handling of a request. */
export type FaultOutcome =
  | { kind: 'status'; status: number; body?: unknown; headers: Record<string, string> }
  | { kind: 'malformedJson' }
  | { kind: 'htmlError'; status: number }
  | { kind: 'reset'; afterHandling: boolean }
  | { kind: 'hang' }
  | { kind: 'echoCredential' }
  | { kind: 'trickle'; bytesPerChunk: number; intervalMs: number }
  | { kind: 'oversized'; bytes: number };

export interface TrickleOptions {
  /** Bytes per write; default 4. */
  bytesPerChunk?: number;
  /** Pause between writes; default 50 ms (far below any idle timeout, so only a deadline ends it). */
  intervalMs?: number;
}

/** The fault controls tests and the demo use at runtime. */
export interface FaultControls {
  /** Delays the response by `ms` (the request is handled first, then the answer waits). */
  latency(ms: number, match?: FaultMatch): void;
  /** Answers with `code` without handling the request. */
  status(code: number, options?: StatusFaultOptions): void;
  /** Answers 200 `application/json` with a truncated body, without handling the request. */
  malformedJson(match?: FaultMatch): void;
  /** Answers with an nginx-style HTML error page (no x-api-version), without handling the request. */
  htmlError(status?: number, match?: FaultMatch): void;
  /** Destroys the connection (RST). With `afterHandling`, the request takes effect first. */
  reset(match?: FaultMatch, options?: { afterHandling?: boolean }): void;
  /** Never answers (until the emulator closes). */
  hang(match?: FaultMatch): void;
  /**
   * Handles the request, then sends the answer's headers at once and its body a few bytes at a
   * time (`TrickleOptions`): a server whose whole answer takes far longer than any deadline while
   * the socket is never idle. Stops when the client goes away.
   */
  trickle(match?: FaultMatch, options?: TrickleOptions): void;
  /**
   * Answers 200 with a well-formed list of `bytes` bytes in the dialect's shape (`[…]`, or
   * `{"success":true,"data":[…]}`), streamed without a Content-Length, without handling the
   * request. Default 65 MB. Stops when the client goes away.
   */
  oversized(bytes?: number, match?: FaultMatch): void;
  /**
   * Answers 401, in the dialect's error shape, without handling the request, with a message that
   * repeats every credential the request carried (`Invalid token <value>`, `Invalid API key
   * <value>`, `Invalid password <value>`): a careless server, for the client's redaction tests.
   */
  echoCredential(match?: FaultMatch): void;
  /**
   * Shape of the list and create responses until `clear()`: a legacy style (`LIST_STYLES`) sets
   * the /api shape, a v1 style (`V1_LIST_STYLES`) the /api/v1 shape, a v1 paging style
   * (`V1_PAGING_STYLES`) how the /api/v1 list pages; each keeps the others.
   */
  listStyle(style: ListStyle | V1ListStyle | V1PagingStyle): void;
  /**
   * Until `clear()`: the v1 key list answers at most `keys` keys a page, whatever `limit` asks for
   * — a server that keeps to its own page size (the platform's default is 20) — and says so in
   * `limit` where its paging shape has that field.
   */
  pageSize(keys: number): void;
  /**
   * Until `clear()`: every text the server returns, in both dialects, carries link syntax,
   * `command:` links, images, HTML, fake icons, line breaks, bidi controls and 10 KB of filler —
   * names, partial values, user and organization names, scopes, error messages, a redirect's
   * Location (see hostileText.ts). Identifiers and credential values stay usable.
   */
  hostileText(): void;
  /** Removes every rule, restores the default list styles and ends hostile text. */
  clear(): void;
}

/** The faults that apply to one request. */
export interface FaultPlan {
  delayMs: number;
  outcome?: FaultOutcome;
}

interface Rule {
  method?: string;
  path?: string | RegExp;
  query?: Record<string, string>;
  remaining: number;
}

export class FaultBook implements FaultControls {
  private latencyRules: (Rule & { ms: number })[] = [];
  private outcomeRules: (Rule & { outcome: FaultOutcome })[] = [];
  private style: ListStyle;
  private v1Style: V1ListStyle;
  private v1Paging: V1PagingStyle;
  private v1PageSize: number | undefined;
  private hostile = false;

  constructor(
    private readonly defaultListStyle: ListStyle,
    private readonly defaultV1ListStyle: V1ListStyle,
    private readonly defaultRetryAfterSeconds: number,
    private readonly defaultV1PagingStyle: V1PagingStyle = 'pagesByTotal',
  ) {
    this.style = defaultListStyle;
    this.v1Style = defaultV1ListStyle;
    this.v1Paging = defaultV1PagingStyle;
  }

  get currentV1PagingStyle(): V1PagingStyle {
    return this.v1Paging;
  }

  /** The largest page the v1 list answers with, whatever is asked (undefined: as asked). */
  get currentV1PageSize(): number | undefined {
    return this.v1PageSize;
  }

  pageSize(keys: number): void {
    if (!Number.isInteger(keys) || keys < 1) throw new RangeError(`A page size must be a whole number ≥ 1, got ${keys}.`);
    this.v1PageSize = keys;
  }

  get currentListStyle(): ListStyle {
    return this.style;
  }

  get currentV1ListStyle(): V1ListStyle {
    return this.v1Style;
  }

  /** Whether replies are rewritten by `hostileReply` (hostileText.ts). */
  get textIsHostile(): boolean {
    return this.hostile;
  }

  hostileText(): void {
    this.hostile = true;
  }

  latency(ms: number, match: FaultMatch = {}): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Latency must be a number of milliseconds ≥ 0, got ${ms}.`);
    this.latencyRules.push({ ...rule(match), ms });
  }

  status(code: number, options: StatusFaultOptions = {}): void {
    if (!Number.isInteger(code) || code < 200 || code > 599) throw new RangeError(`Status must be 200–599, got ${code}.`);
    const headers = { ...options.headers };
    const retryAfter = options.retryAfterSeconds ?? (code === 429 ? this.defaultRetryAfterSeconds : undefined);
    if (retryAfter !== undefined && !hasHeader(headers, 'retry-after')) headers['retry-after'] = String(retryAfter);
    const match = { ...options.match, count: options.count ?? options.match?.count };
    this.outcomeRules.push({ ...rule(match), outcome: { kind: 'status', status: code, body: options.body, headers } });
  }

  malformedJson(match: FaultMatch = {}): void {
    this.outcomeRules.push({ ...rule(match), outcome: { kind: 'malformedJson' } });
  }

  htmlError(status = 502, match: FaultMatch = {}): void {
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`Status must be 400–599, got ${status}.`);
    this.outcomeRules.push({ ...rule(match), outcome: { kind: 'htmlError', status } });
  }

  reset(match: FaultMatch = {}, options: { afterHandling?: boolean } = {}): void {
    this.outcomeRules.push({ ...rule(match), outcome: { kind: 'reset', afterHandling: options.afterHandling ?? false } });
  }

  hang(match: FaultMatch = {}): void {
    this.outcomeRules.push({ ...rule(match), outcome: { kind: 'hang' } });
  }

  echoCredential(match: FaultMatch = {}): void {
    this.outcomeRules.push({ ...rule(match), outcome: { kind: 'echoCredential' } });
  }

  trickle(match: FaultMatch = {}, options: TrickleOptions = {}): void {
    const bytesPerChunk = options.bytesPerChunk ?? 4;
    const intervalMs = options.intervalMs ?? 50;
    if (!Number.isInteger(bytesPerChunk) || bytesPerChunk < 1) throw new RangeError(`bytesPerChunk must be a whole number ≥ 1, got ${bytesPerChunk}.`);
    if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError(`intervalMs must be a number of milliseconds ≥ 0, got ${intervalMs}.`);
    this.outcomeRules.push({ ...rule(match), outcome: { kind: 'trickle', bytesPerChunk, intervalMs } });
  }

  oversized(bytes = 65 * 1024 * 1024, match: FaultMatch = {}): void {
    if (!Number.isInteger(bytes) || bytes < 64) throw new RangeError(`An oversized body must be a whole number of bytes ≥ 64, got ${bytes}.`);
    this.outcomeRules.push({ ...rule(match), outcome: { kind: 'oversized', bytes } });
  }

  listStyle(style: ListStyle | V1ListStyle | V1PagingStyle): void {
    if (isListStyle(style)) this.style = style;
    else if (isV1ListStyle(style)) this.v1Style = style;
    else if (isV1PagingStyle(style)) this.v1Paging = style;
    else throw new RangeError(`Unknown list style ${String(style)}.`);
  }

  clear(): void {
    this.latencyRules = [];
    this.outcomeRules = [];
    this.style = this.defaultListStyle;
    this.v1Style = this.defaultV1ListStyle;
    this.v1Paging = this.defaultV1PagingStyle;
    this.v1PageSize = undefined;
    this.hostile = false;
  }

  /**
   * Uses up the first matching latency rule and the first matching outcome rule (in the
   * order they were added) for one request.
   */
  take(method: string, path: string, query: URLSearchParams = new URLSearchParams()): FaultPlan {
    const latency = takeFirst(this.latencyRules, method, path, query);
    const outcome = takeFirst(this.outcomeRules, method, path, query);
    return { delayMs: latency?.ms ?? 0, outcome: outcome?.outcome };
  }
}

function rule(match: FaultMatch): Rule {
  const count = match.count ?? 1;
  if (count !== Infinity && (!Number.isInteger(count) || count < 1)) {
    throw new RangeError(`Fault count must be a whole number ≥ 1 or Infinity, got ${count}.`);
  }
  return { method: match.method?.toUpperCase(), path: match.path, query: match.query, remaining: count };
}

function takeFirst<T extends Rule>(rules: T[], method: string, path: string, query: URLSearchParams): T | undefined {
  const index = rules.findIndex((r) => matches(r, method, path, query));
  if (index < 0) return undefined;
  const found = rules[index];
  found.remaining -= 1;
  if (found.remaining <= 0) rules.splice(index, 1);
  return found;
}

function matches(rule: Rule, method: string, path: string, query: URLSearchParams): boolean {
  if (rule.method !== undefined && rule.method !== method.toUpperCase()) return false;
  for (const [name, value] of Object.entries(rule.query ?? {})) {
    if ((query.get(name) ?? '') !== value) return false;
  }
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return path.startsWith(rule.path);
  rule.path.lastIndex = 0; // a /g or /y RegExp would otherwise remember where it stopped
  return rule.path.test(path);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** A fault description that does not make sense (unknown kind, bad field). */
export class FaultSpecError extends Error {}

/**
 * Applies a fault described as JSON, for other processes (POST /__emulator/faults):
 * `{kind, method?, path?, pathRegex?, count?, query?, ...kind-specific fields}`. `count` may be the
 * string "Infinity" because JSON has no Infinity.
 */
export function applyFaultSpec(faults: FaultControls, spec: unknown): void {
  if (typeof spec !== 'object' || spec === null) throw new FaultSpecError('Fault must be a JSON object.');
  const s = spec as Record<string, unknown>;
  const match = matchFromSpec(s);
  try {
    switch (s.kind) {
      case 'latency':
        return faults.latency(numberField(s, 'ms'), match);
      case 'status':
        return faults.status(numberField(s, 'status'), {
          match,
          body: s.body,
          headers: headersField(s),
          retryAfterSeconds: s.retryAfterSeconds === undefined ? undefined : numberField(s, 'retryAfterSeconds'),
        });
      case 'malformedJson':
        return faults.malformedJson(match);
      case 'htmlError':
        return faults.htmlError(s.status === undefined ? undefined : numberField(s, 'status'), match);
      case 'reset':
        return faults.reset(match, { afterHandling: s.afterHandling === true });
      case 'hang':
        return faults.hang(match);
      case 'echoCredential':
        return faults.echoCredential(match);
      case 'trickle':
        return faults.trickle(match, {
          bytesPerChunk: s.bytesPerChunk === undefined ? undefined : numberField(s, 'bytesPerChunk'),
          intervalMs: s.intervalMs === undefined ? undefined : numberField(s, 'intervalMs'),
        });
      case 'oversized':
        return faults.oversized(s.bytes === undefined ? undefined : numberField(s, 'bytes'), match);
      case 'hostileText':
        return faults.hostileText();
      case 'pageSize':
        return faults.pageSize(numberField(s, 'keys'));
      case 'listStyle':
        if (!isListStyle(s.style) && !isV1ListStyle(s.style) && !isV1PagingStyle(s.style)) throw new FaultSpecError(`Unknown list style ${String(s.style)}.`);
        return faults.listStyle(s.style);
      default:
        throw new FaultSpecError(`Unknown fault kind ${String(s.kind)}.`);
    }
  } catch (error) {
    if (error instanceof RangeError) throw new FaultSpecError(error.message);
    throw error;
  }
}

function matchFromSpec(s: Record<string, unknown>): FaultMatch {
  const match: FaultMatch = {};
  if (s.method !== undefined) {
    if (typeof s.method !== 'string') throw new FaultSpecError('method must be a string.');
    match.method = s.method;
  }
  if (s.path !== undefined && s.pathRegex !== undefined) throw new FaultSpecError('Give path or pathRegex, not both.');
  if (s.path !== undefined) {
    if (typeof s.path !== 'string') throw new FaultSpecError('path must be a string (a path prefix).');
    match.path = s.path;
  }
  if (s.pathRegex !== undefined) {
    if (typeof s.pathRegex !== 'string') throw new FaultSpecError('pathRegex must be a string.');
    try {
      match.path = new RegExp(s.pathRegex);
    } catch {
      throw new FaultSpecError(`pathRegex is not a valid regular expression.`);
    }
  }
  if (s.count !== undefined) match.count = s.count === 'Infinity' ? Infinity : numberField(s, 'count');
  if (s.query !== undefined) {
    const query = s.query;
    if (typeof query !== 'object' || query === null || Object.values(query).some((v) => typeof v !== 'string')) throw new FaultSpecError('query must be an object of strings.');
    match.query = query as Record<string, string>;
  }
  return match;
}

function numberField(s: Record<string, unknown>, name: string): number {
  const value = s[name];
  if (typeof value !== 'number') throw new FaultSpecError(`${name} must be a number.`);
  return value;
}

function headersField(s: Record<string, unknown>): Record<string, string> | undefined {
  if (s.headers === undefined) return undefined;
  const headers = s.headers;
  if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string')) {
    throw new FaultSpecError('headers must be an object of strings.');
  }
  return headers as Record<string, string>;
}
