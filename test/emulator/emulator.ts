// A loopback HTTP server that speaks two CodeThreat APIs, for tests: the legacy "SAST Center" API
// under /api (with an assumed access-token contract) and the AppSec platform's API v1 under
// /api/v1 (with an assumed API key contract). Fault injection, the request log and the test
// controls under /__emulator serve both.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ApiHandler } from './apiRoutes';
import { handleControlRequest, isControlPath, type ControlTarget } from './controlRoutes';
import { credentialsInBody, credentialsInHeaders, headerValue, type CarriedCredential } from './credentials';
import { demoSeed } from './demoData';
import { echoCredentialMessage, type DialectHandler } from './dialect';
import { FaultBook, type FaultControls, type FaultOutcome } from './faults';
import { hostileReply } from './hostileText';
import type { ListStyle } from './listStyles';
import { errorReply, proxyErrorPageReply, JSON_CONTENT_TYPE, type Reply } from './replies';
import { oversizedList, stream, trickle } from './bodyFaults';
import { readBody } from './requestBody';
import { RequestLog, type RequestFilter, type RequestLogEntry } from './requestLog';
import { EmulatorState, type BulkTokenOptions, type IssuedToken, type Seed, type TokenRecord } from './state';
import type { V1ListStyle, V1PagingStyle } from './v1/listStyles';
import type { ApiKeyFormat } from './tokenValues';
import { isV1Path, V1Handler } from './v1/routes';
import { V1State, type ApiKeyRecord, type BulkApiKeyOptions, type IssueApiKeyOptions, type IssuedApiKey, type StoredApiKey } from './v1/state';

export {
  DEMO_ADMIN_API_KEY,
  DEMO_DISPLAY_NAME,
  DEMO_NO_KEY_READ_API_KEY,
  DEMO_ORGANIZATION,
  DEMO_ORGANIZATIONS,
  DEMO_ORGANIZATION_SLUG,
  DEMO_PASSWORD,
  DEMO_PERSONAL_ORGANIZATION_SLUG,
  DEMO_READ_ONLY_API_KEY,
  DEMO_USERNAME,
  OTHER_ORGANIZATION,
  OTHER_ORGANIZATION_SLUG,
  OTHER_PASSWORD,
  OTHER_USERNAME,
  demoSeed,
  demoV1Seed,
} from './demoData';
export type { FaultControls, FaultMatch, StatusFaultOptions, TrickleOptions } from './faults';
export { HOSTILE_MARKUP, HOSTILE_LOCATION } from './hostileText';
export { LIST_STYLES, type ListStyle } from './listStyles';
export type { AuthKind, Dialect, RequestFilter, RequestLogEntry } from './requestLog';
export type { BulkTokenOptions, IssuedToken, Seed, SeedToken, SeedUser, TokenRecord } from './state';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, V1_LIST_STYLES, V1_PAGING_STYLES, type V1ListStyle, type V1PagingStyle } from './v1/listStyles';
export { API_KEY_FORMATS, type ApiKeyFormat } from './tokenValues';
export { API_KEY_SCOPES, type ApiKeyScope } from './v1/scopes';
export type { ApiKeyRecord, ApiKeyStatus, BulkApiKeyOptions, IssueApiKeyOptions, IssuedApiKey, V1Seed, V1SeedApiKey, V1SeedOrganization, V1SeedUser } from './v1/state';

export const DEFAULT_API_VERSION = '1.9.4';
export const DEFAULT_PLATFORM_VERSION = '1.0.0';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Initial data; default `demoSeed()` relative to the clock. */
  seed?: Seed;
  /** Sent in the x-api-version header of every legacy (/api) response. Default 1.9.4. */
  apiVersion?: string;
  /** Longest token or API key name accepted (after trimming). Default 64. */
  maxNameLength?: number;
  /** Status for a duplicate token name. Default 400. */
  duplicateNameStatus?: number;
  /** Status of a successful POST /api/accesstoken/add. Default 200. */
  createStatus?: 200 | 201;
  /** false or 404: an older server without token management (404); 405: answers 405. Default true. */
  tokenEndpoints?: boolean | 404 | 405;
  /** Clock (epoch ms) for created/last-used times and the request log. Default Date.now. */
  now?: () => number;
  /** Initial shape of the token list and create responses. Default 'snake'. */
  listStyle?: ListStyle;
  /** Initial shape of the v1 API key list and create responses. Default 'v1Plain'. */
  v1ListStyle?: V1ListStyle;
  /** How the v1 API key list pages at first (see v1/listStyles.ts). Default 'pagesByTotal', as documented. */
  v1PagingStyle?: V1PagingStyle;
  /** The form of API keys created through POST /api/v1/api-keys. Default 'ct_'. */
  apiKeyFormat?: ApiKeyFormat;
  /** `data.version` of GET /api/v1/health. Default 1.0.0. */
  platformVersion?: string;
  /** Retry-After seconds for injected 429s that do not give their own. Default 1. */
  retryAfterSeconds?: number;
  /** Serve HTTPS with this PEM key and certificate (a self-hosted server with a private CA). */
  tls?: { key: string; cert: string };
  /**
   * false: a legacy-only server, as every classic CodeThreat server is. /api/v1 paths then reach
   * the legacy routes, which answer an unknown path with 404 `{code, message}` and x-api-version.
   * Default true (both dialects).
   */
  appsecPlatform?: boolean;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:43210`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultControls;
  /** Live log of API requests of both dialects (not /__emulator ones), oldest first. */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  countRequests(filter?: RequestFilter): number;
  /** Stops the server, destroying open and hanging connections and pending delays. */
  close(): Promise<void>;
  /**
   * Reloads `seed` (default: the initial seed) and clears faults, sessions and the request log;
   * with `keepSessions`, sign-in sessions survive (a signed-in client stays signed in).
   */
  reset(seed?: Seed, options?: { keepSessions?: boolean }): void;
  /** Creates `count` tokens named `token-00001`, … directly in the store. */
  addTokens(username: string, count: number, options?: BulkTokenOptions): IssuedToken[];
  /** Server-side view of a user's tokens, including full values. */
  tokensOf(username: string): TokenRecord[];
  /** Creates one token directly in the store and returns its full value. */
  issueAccessToken(username: string, name?: string): IssuedToken;
  /**
   * Deletes a legacy access token, or revokes a v1 API key (it stays listed as revoked), whoever
   * owns it; false if unknown (or the key was already revoked).
   */
  revoke(id: string): boolean;
  /** Session tokens issued by sign-in since the last reset. */
  sessionValues(): string[];
  /** Creates one v1 API key directly in the store (see IssueApiKeyOptions for the defaults). */
  issueApiKey(username: string, options?: IssueApiKeyOptions): IssuedApiKey;
  /** Server-side view of a user's v1 API keys in every organization, including full values. */
  apiKeysOf(username: string): ApiKeyRecord[];
  /** Creates `count` v1 API keys (`api-key-00001`, … unless `namePrefix` is given) directly in the store. */
  addApiKeys(username: string, count: number, options?: BulkApiKeyOptions): IssuedApiKey[];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const host = options.host ?? '127.0.0.1';
  const initialSeed = () => options.seed ?? demoSeed(now());

  const state = new EmulatorState(now);
  const v1State = new V1State(now);
  const load = (seed: Seed) => {
    state.load(seed);
    v1State.load(seed.v1);
  };
  load(initialSeed());
  const faults = new FaultBook(options.listStyle ?? 'snake', options.v1ListStyle ?? 'v1Plain', options.retryAfterSeconds ?? 1, options.v1PagingStyle ?? 'pagesByTotal');
  const log = new RequestLog();
  const maxNameLength = options.maxNameLength ?? 64;
  const classic = new ApiHandler(
    state,
    {
      maxNameLength,
      duplicateNameStatus: options.duplicateNameStatus ?? 400,
      createStatus: options.createStatus ?? 200,
      tokenEndpoints: options.tokenEndpoints === 405 ? 405 : options.tokenEndpoints === false || options.tokenEndpoints === 404 ? 404 : true,
    },
    () => faults.currentListStyle,
  );
  let publicUrl = '';
  const v1 = new V1Handler(
    v1State,
    { maxNameLength, platformVersion: options.platformVersion ?? DEFAULT_PLATFORM_VERSION, publicUrl: () => publicUrl, apiKeyFormat: options.apiKeyFormat ?? 'ct_' },
    now,
    () => faults.currentV1ListStyle,
    () => ({ style: faults.currentV1PagingStyle, pageSize: faults.currentV1PageSize }),
  );

  const speaksV1 = options.appsecPlatform ?? true;
  const dialectFor = (path: string): DialectHandler => (speaksV1 && isV1Path(path) ? v1 : classic);

  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing: Promise<void> | undefined;

  /** A delay that close() cancels; the waiting request is then dropped with its socket. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Writes the status and headers of `reply`; false when the client is already gone. */
  const writeHead = (res: ServerResponse, reply: Reply, dialect: DialectHandler, contentLength: number | undefined) => {
    if (res.destroyed || res.headersSent) return false;
    const headers: Record<string, string | number> = { ...reply.headers };
    if (contentLength !== undefined) headers['content-length'] = contentLength;
    // The legacy server names its version in a header; the v1 platform does not.
    if (!reply.fromProxy && dialect === classic) headers['x-api-version'] = apiVersion;
    res.writeHead(reply.status, headers);
    return true;
  };

  const send = (req: IncomingMessage, res: ServerResponse, reply: Reply, dialect: DialectHandler = classic) => {
    if (writeHead(res, reply, dialect, Buffer.byteLength(reply.body))) res.end(req.method === 'HEAD' ? undefined : reply.body);
  };

  const control: ControlTarget = {
    faults,
    log,
    reset: (seed) => reset(seed),
    hasUser: (username) => state.hasUser(username),
    addTokens: (username, count, opts) => state.addTokens(username, count, opts),
    tokensOf: (username) => state.tokenRecords(username),
    issueAccessToken: (username, name) => issueAccessToken(username, name),
    revoke: (id) => revoke(id),
    hasApiKeyUser: (username) => v1State.hasUser(username),
    issueApiKey: (username, opts) => issueApiKey(username, opts),
    apiKeysOf: (username) => v1State.records(username),
    addApiKeys: (username, count, opts) => addApiKeys(username, count, opts),
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    // Split by hand: new URL() would read a path like `//api/x` as a host name.
    const rawUrl = req.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
    const query = new URLSearchParams(queryStart < 0 ? '' : rawUrl.slice(queryStart + 1));

    if (isControlPath(path)) {
      const body = await readBody(req);
      send(req, res, body.ok ? handleControlRequest(control, method, path, query, body.body) : errorReply(413));
      return;
    }

    // Routed by dialect first, so no legacy route can ever answer an /api/v1 path (when v1 is spoken).
    const dialect = dialectFor(path);
    const carried: CarriedCredential[] = credentialsInHeaders(req.headers);
    const entry = log.record({
      method,
      path,
      query: Object.fromEntries(query),
      status: 0,
      organization: headerValue(req.headers, 'x-ct-organization') ?? null,
      authKind: dialect.authKind(req.headers),
      dialect: dialect.name,
      credentials: carried.map((c) => c.value),
      at: now(),
    }, [rawUrl, ...Object.values(req.headers).flat().map(String)]);
    const body = await readBody(req);
    if (body.ok) log.carried(entry, body.body.toString('utf8'));
    if (closing) return;
    if (body.ok) {
      for (const credential of credentialsInBody(body.body)) {
        carried.push(credential);
        entry.credentials.push(credential.value);
      }
    }

    const plan = faults.take(method, path, query);
    if (plan.outcome?.kind === 'hang') return; // the socket stays open until the client or close() ends it

    const outcome = plan.outcome;
    let reply = outcome && replyReplacingHandling(outcome, dialect, carried);
    const handled = reply === undefined && !(outcome?.kind === 'reset' && !outcome.afterHandling) && outcome?.kind !== 'oversized';
    if (handled) reply = dialect.handle({ method, path, query, headers: req.headers, body });

    await sleep(plan.delayMs);
    if (closing) return;
    if (outcome?.kind === 'oversized') {
      entry.status = 200;
      // No Content-Length: the client learns the size only by reading.
      if (writeHead(res, { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: '' }, dialect, undefined)) {
        await stream(res, oversizedList(dialect.name, outcome.bytes));
      }
      return;
    }
    if (outcome?.kind === 'trickle' && reply !== undefined) {
      entry.status = reply.status;
      if (writeHead(res, reply, dialect, Buffer.byteLength(reply.body))) {
        await trickle(res, reply.body, outcome, async (ms) => {
          await sleep(ms);
          return !closing;
        });
      }
      return;
    }
    if (outcome?.kind === 'reset' || reply === undefined) {
      resetConnection(req.socket);
      return;
    }
    entry.status = reply.status;
    send(req, res, faults.textIsHostile ? hostileReply(reply) : reply, dialect);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res).catch(() => {
      // A bug in a handler must not take the emulator down; the client sees a plain 500.
      const dialect = dialectFor((req.url ?? '/').split('?')[0]);
      if (!res.headersSent && !res.destroyed) send(req, res, dialect.faultReply(500), dialect);
    });
  };
  const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : createServer(onRequest);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  publicUrl = url;

  function reset(seed?: Seed, resetOptions: { keepSessions?: boolean } = {}): void {
    const sessions = resetOptions.keepSessions ? state.sessionEntries() : [];
    load(seed ?? initialSeed());
    for (const [session, username] of sessions) state.restoreSession(session, username);
    faults.clear();
    log.clear();
  }

  function issueAccessToken(username: string, name?: string): IssuedToken {
    if (name !== undefined && state.hasTokenNamed(username, name)) throw new Error(`${username} already has a token named ${name}.`);
    const token = name === undefined ? state.createTokenWithGeneratedName(username) : state.createToken(username, name);
    return { id: token.id, name: token.name, value: token.value };
  }

  function issueApiKey(username: string, issueOptions?: IssueApiKeyOptions): IssuedApiKey {
    return issuedApiKey(v1State.issue(username, issueOptions));
  }

  function addApiKeys(username: string, count: number, bulk?: BulkApiKeyOptions): IssuedApiKey[] {
    return v1State.addKeys(username, count, bulk).map((key) => issuedApiKey(key));
  }

  function revoke(id: string): boolean {
    return state.revoke(id) || v1State.revoke(id);
  }

  return {
    url,
    port,
    faults,
    requests: log.entries,
    clearRequests: () => log.clear(),
    countRequests: (filter) => log.count(filter),
    reset,
    addTokens: (username, count, opts) => state.addTokens(username, count, opts),
    tokensOf: (username) => state.tokenRecords(username),
    issueAccessToken,
    revoke,
    sessionValues: () => state.sessionValues(),
    issueApiKey,
    apiKeysOf: (username) => v1State.records(username),
    addApiKeys,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function issuedApiKey(key: StoredApiKey): IssuedApiKey {
  const { id, name, value, prefix, organizationSlug } = key;
  return { id, name, value, prefix, organizationSlug, scopes: [...key.scopes], expiresAt: key.expiresAt === null ? null : new Date(key.expiresAt) };
}

/** The reply a fault sends instead of handling the request, if it is that kind of fault. */
function replyReplacingHandling(outcome: FaultOutcome, dialect: DialectHandler, carried: readonly CarriedCredential[]): Reply | undefined {
  switch (outcome.kind) {
    case 'status': {
      const headers = Object.fromEntries(Object.entries(outcome.headers).map(([k, v]) => [k.toLowerCase(), v]));
      if (outcome.body === undefined) {
        const reply = dialect.faultReply(outcome.status);
        return { ...reply, headers: { ...reply.headers, ...headers } };
      }
      const body = typeof outcome.body === 'string' ? outcome.body : JSON.stringify(outcome.body);
      return { status: outcome.status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body };
    }
    case 'malformedJson':
      return dialect.malformedJsonReply();
    case 'htmlError':
      return proxyErrorPageReply(outcome.status);
    case 'echoCredential':
      return dialect.unauthorizedReply(echoCredentialMessage(carried));
    case 'reset':
    case 'hang':
    case 'trickle':
    case 'oversized':
      return undefined;
  }
}

/** Drops the connection with a TCP RST, so the client sees ECONNRESET rather than a clean close. */
function resetConnection(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
