// Test-control endpoints under /__emulator, for processes that cannot call the emulator's
// methods directly (browser-level tests, the demo). They are never logged and never faulted.
import { applyFaultSpec, type FaultBook } from './faults';
import { errorReply, jsonReply, type Reply } from './replies';
import { parseJson } from './requestBody';
import type { RequestLog } from './requestLog';
import type { IssuedToken, Seed, TokenRecord } from './state';

export const CONTROL_PREFIX = '/__emulator';

/** The parts of the running emulator the control endpoints drive. */
export interface ControlTarget {
  faults: FaultBook;
  log: RequestLog;
  reset(seed?: Seed): void;
  hasUser(username: string): boolean;
  addTokens(username: string, count: number, options?: { namePrefix?: string }): IssuedToken[];
  tokensOf(username: string): TokenRecord[];
  issueAccessToken(username: string, name?: string): IssuedToken;
  revoke(id: string): boolean;
}

export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

export function handleControlRequest(target: ControlTarget, method: string, path: string, query: URLSearchParams, rawBody: Buffer): Reply {
  const parsed = parseJson(rawBody);
  if (!parsed.ok) return errorReply(400, 'Invalid JSON body.');
  const body = (typeof parsed.value === 'object' && parsed.value !== null ? parsed.value : {}) as Record<string, unknown>;
  const route = `${method} ${path.slice(CONTROL_PREFIX.length)}`;

  try {
    switch (route) {
      case 'POST /faults':
        applyFaultSpec(target.faults, parsed.value);
        return ok();
      case 'POST /faults/clear':
        target.faults.clear();
        return ok();
      case 'GET /requests':
        return jsonReply(200, target.log.entries);
      case 'POST /requests/clear':
        target.log.clear();
        return ok();
      case 'POST /reset':
        target.reset(body.seed as Seed | undefined);
        return ok();
      case 'POST /tokens': {
        const username = userField(target, body);
        if (typeof body.count !== 'number') return errorReply(400, 'count must be a number.');
        const prefix = typeof body.namePrefix === 'string' ? body.namePrefix : undefined;
        const created = target.addTokens(username, body.count, { namePrefix: prefix });
        return jsonReply(200, { created: created.length });
      }
      case 'POST /tokens/issue': {
        const username = userField(target, body);
        return jsonReply(200, target.issueAccessToken(username, typeof body.name === 'string' ? body.name : undefined));
      }
      case 'GET /tokens': {
        const username = userField(target, { username: query.get('username') ?? undefined });
        return jsonReply(200, target.tokensOf(username));
      }
    }
    const revoke = /^DELETE \/tokens\/([^/]+)$/.exec(route);
    if (revoke) {
      return target.revoke(decodeURIComponent(revoke[1])) ? ok() : errorReply(404, 'Access token not found.');
    }
    return errorReply(404, 'Not Found.');
  } catch (error) {
    // Bad fault specs, unknown users and inconsistent seeds are the caller's mistake.
    if (error instanceof Error) return errorReply(400, error.message);
    throw error;
  }
}

function ok(): Reply {
  return jsonReply(200, { ok: true });
}

function userField(target: ControlTarget, body: Record<string, unknown>): string {
  const username = body.username;
  if (typeof username !== 'string' || !target.hasUser(username)) {
    throw new Error(`Unknown user ${String(username)}.`);
  }
  return username;
}
