// A loopback HTTP server that behaves like a legacy CodeThreat server ("SAST Center" API),
// including an assumed access-token contract, with fault injection and a request log for tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ApiHandler, credentialFrom, headerValue } from './apiRoutes';
import { handleControlRequest, isControlPath, type ControlTarget } from './controlRoutes';
import { demoSeed } from './demoData';
import { FaultBook, type FaultControls, type FaultOutcome } from './faults';
import type { ListStyle } from './listStyles';
import { defaultFaultReply, errorReply, malformedJsonReply, proxyErrorPageReply, JSON_CONTENT_TYPE, type Reply } from './replies';
import { readBody } from './requestBody';
import { RequestLog, type RequestFilter, type RequestLogEntry } from './requestLog';
import { EmulatorState, type BulkTokenOptions, type IssuedToken, type Seed, type TokenRecord } from './state';

export { DEMO_ORGANIZATION, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_USERNAME, OTHER_ORGANIZATION, OTHER_PASSWORD, OTHER_USERNAME, demoSeed } from './demoData';
export type { FaultControls, FaultMatch, StatusFaultOptions } from './faults';
export { LIST_STYLES, type ListStyle } from './listStyles';
export type { AuthKind, RequestFilter, RequestLogEntry } from './requestLog';
export type { BulkTokenOptions, IssuedToken, Seed, SeedToken, SeedUser, TokenRecord } from './state';

export const DEFAULT_API_VERSION = '1.9.4';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Initial data; default `demoSeed()` relative to the clock. */
  seed?: Seed;
  /** Sent in the x-api-version header of every response. Default 1.9.4. */
  apiVersion?: string;
  /** Longest token name accepted (after trimming). Default 64. */
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
  /** Retry-After seconds for injected 429s that do not give their own. Default 1. */
  retryAfterSeconds?: number;
  /** Serve HTTPS with this PEM key and certificate (a self-hosted server with a private CA). */
  tls?: { key: string; cert: string };
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:43210`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultControls;
  /** Live log of API requests (not /__emulator ones), oldest first. */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  countRequests(filter?: RequestFilter): number;
  /** Stops the server, destroying open and hanging connections and pending delays. */
  close(): Promise<void>;
  /** Reloads `seed` (default: the initial seed) and clears faults, sessions and the request log. */
  reset(seed?: Seed): void;
  /** Creates `count` tokens named `token-00001`, … directly in the store. */
  addTokens(username: string, count: number, options?: BulkTokenOptions): IssuedToken[];
  /** Server-side view of a user's tokens, including full values. */
  tokensOf(username: string): TokenRecord[];
  /** Creates one token directly in the store and returns its full value. */
  issueAccessToken(username: string, name?: string): IssuedToken;
  /** Deletes a token whoever owns it; false if unknown. */
  revoke(id: string): boolean;
  /** Session tokens issued by sign-in since the last reset. */
  sessionValues(): string[];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const host = options.host ?? '127.0.0.1';
  const initialSeed = () => options.seed ?? demoSeed(now());

  const state = new EmulatorState(now);
  state.load(initialSeed());
  const faults = new FaultBook(options.listStyle ?? 'snake', options.retryAfterSeconds ?? 1);
  const log = new RequestLog();
  const api = new ApiHandler(state, {
    maxNameLength: options.maxNameLength ?? 64,
    duplicateNameStatus: options.duplicateNameStatus ?? 400,
    createStatus: options.createStatus ?? 200,
    tokenEndpoints: options.tokenEndpoints === 405 ? 405 : options.tokenEndpoints === false || options.tokenEndpoints === 404 ? 404 : true,
  });

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

  const send = (req: IncomingMessage, res: ServerResponse, reply: Reply) => {
    if (res.destroyed || res.headersSent) return;
    const headers: Record<string, string | number> = { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) };
    if (!reply.fromProxy) headers['x-api-version'] = apiVersion;
    res.writeHead(reply.status, headers);
    res.end(req.method === 'HEAD' ? undefined : reply.body);
  };

  const control: ControlTarget = {
    faults,
    log,
    reset: (seed) => reset(seed),
    hasUser: (username) => state.hasUser(username),
    addTokens: (username, count, opts) => state.addTokens(username, count, opts),
    tokensOf: (username) => state.tokenRecords(username),
    issueAccessToken: (username, name) => issueAccessToken(username, name),
    revoke: (id) => state.revoke(id),
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

    const credential = credentialFrom(req.headers);
    const entry = log.record({
      method,
      path,
      query: Object.fromEntries(query),
      status: 0,
      organization: headerValue(req.headers, 'x-ct-organization') ?? null,
      authKind: state.identify(credential).kind,
      at: now(),
    }, [rawUrl, ...Object.values(req.headers).flat().map(String)]);
    const body = await readBody(req);
    if (body.ok) log.carried(entry, body.body.toString('utf8'));
    if (closing) return;

    const plan = faults.take(method, path);
    if (plan.outcome?.kind === 'hang') return; // the socket stays open until the client or close() ends it

    const outcome = plan.outcome;
    let reply = outcome && replyReplacingHandling(outcome);
    const handled = reply === undefined && !(outcome?.kind === 'reset' && !outcome.afterHandling);
    if (handled) {
      // Identified again: the token may have been deleted while the body was arriving.
      const caller = state.identify(credential);
      if (caller.kind === 'access') state.markUsed(caller.token);
      reply = body.ok
        ? api.handle({ method, path, query, headers: req.headers, body: body.body, caller, listStyle: faults.currentListStyle })
        : errorReply(413);
    }

    await sleep(plan.delayMs);
    if (closing) return;
    if (outcome?.kind === 'reset' || reply === undefined) {
      resetConnection(req.socket);
      return;
    }
    entry.status = reply.status;
    send(req, res, reply);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res).catch(() => {
      // A bug in a handler must not take the emulator down; the client sees a plain 500.
      if (!res.headersSent && !res.destroyed) send(req, res, errorReply(500));
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

  function reset(seed?: Seed): void {
    state.load(seed ?? initialSeed());
    faults.clear();
    log.clear();
  }

  function issueAccessToken(username: string, name?: string): IssuedToken {
    if (name !== undefined && state.hasTokenNamed(username, name)) throw new Error(`${username} already has a token named ${name}.`);
    const token = name === undefined ? state.createTokenWithGeneratedName(username) : state.createToken(username, name);
    return { id: token.id, name: token.name, value: token.value };
  }

  return {
    url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    faults,
    requests: log.entries,
    clearRequests: () => log.clear(),
    countRequests: (filter) => log.count(filter),
    reset,
    addTokens: (username, count, opts) => state.addTokens(username, count, opts),
    tokensOf: (username) => state.tokenRecords(username),
    issueAccessToken,
    revoke: (id) => state.revoke(id),
    sessionValues: () => state.sessionValues(),
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

/** The reply a fault sends instead of handling the request, if it is that kind of fault. */
function replyReplacingHandling(outcome: FaultOutcome): Reply | undefined {
  switch (outcome.kind) {
    case 'status': {
      const headers = Object.fromEntries(Object.entries(outcome.headers).map(([k, v]) => [k.toLowerCase(), v]));
      if (outcome.body === undefined) {
        const reply = defaultFaultReply(outcome.status);
        return { ...reply, headers: { ...reply.headers, ...headers } };
      }
      const body = typeof outcome.body === 'string' ? outcome.body : JSON.stringify(outcome.body);
      return { status: outcome.status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body };
    }
    case 'malformedJson':
      return malformedJsonReply();
    case 'htmlError':
      return proxyErrorPageReply(outcome.status);
    case 'reset':
    case 'hang':
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
