// Test-control endpoints under /__emulator, for processes that cannot call the emulator's
// methods directly (browser-level tests, the demo). They are never logged and never faulted.
import { applyFaultSpec, type FaultBook } from './faults';
import { errorReply, jsonReply, type Reply } from './replies';
import { parseJson } from './requestBody';
import type { RequestLog } from './requestLog';
import type { IssuedToken, Seed, TokenRecord } from './state';
import { isApiKeyFormat } from './tokenValues';
import type { ApiKeyRecord, BulkApiKeyOptions, IssueApiKeyOptions, IssuedApiKey } from './v1/state';

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
  /** Deletes a legacy token or revokes a v1 API key. */
  revoke(id: string): boolean;
  hasApiKeyUser(username: string): boolean;
  issueApiKey(username: string, options?: IssueApiKeyOptions): IssuedApiKey;
  apiKeysOf(username: string): ApiKeyRecord[];
  addApiKeys(username: string, count: number, options?: BulkApiKeyOptions): IssuedApiKey[];
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
      case 'POST /api-keys/issue': {
        const username = apiKeyUserField(target, body);
        return jsonReply(200, target.issueApiKey(username, issueOptionsFrom(body)));
      }
      case 'POST /api-keys': {
        // Many keys at once (a list longer than one page): {username, count, organizationSlug?, namePrefix?, format?}.
        const username = apiKeyUserField(target, body);
        if (typeof body.count !== 'number') return errorReply(400, 'count must be a number.');
        const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
        const created = target.addApiKeys(username, body.count, { organizationSlug: text('organizationSlug'), namePrefix: text('namePrefix'), format: formatField(body) });
        return jsonReply(200, { created: created.length });
      }
      case 'GET /api-keys': {
        const username = apiKeyUserField(target, { username: query.get('username') ?? undefined });
        return jsonReply(200, target.apiKeysOf(username));
      }
    }
    // Either path revokes either kind: ids are unique across both.
    const revoke = /^DELETE \/(tokens|api-keys)\/([^/]+)$/.exec(route);
    if (revoke) {
      return target.revoke(decodeURIComponent(revoke[2])) ? ok() : errorReply(404, 'Access token or API key not found.');
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

function apiKeyUserField(target: ControlTarget, body: Record<string, unknown>): string {
  const username = body.username;
  if (typeof username !== 'string' || !target.hasApiKeyUser(username)) {
    throw new Error(`Unknown AppSec platform user ${String(username)}.`);
  }
  return username;
}

/** `issueApiKey` options from JSON, where dates are ISO strings (or null). */
function issueOptionsFrom(body: Record<string, unknown>): IssueApiKeyOptions {
  const text = (name: string) => {
    const value = body[name];
    if (value !== undefined && typeof value !== 'string') throw new Error(`${name} must be a string.`);
    return value;
  };
  const date = (name: string) => {
    const value = body[name];
    if (value === undefined || value === null) return value;
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) throw new Error(`${name} must be an ISO 8601 date or null.`);
    return new Date(ms);
  };
  const scopes = body.scopes;
  if (scopes !== undefined && (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string'))) {
    throw new Error('scopes must be an array of strings.');
  }
  const createdAt = date('createdAt');
  return {
    organizationSlug: text('organizationSlug'),
    name: text('name'),
    scopes: scopes as string[] | undefined,
    expiresAt: date('expiresAt'),
    lastUsedAt: date('lastUsedAt'),
    createdAt: createdAt ?? undefined,
    format: formatField(body),
  };
}

function formatField(body: Record<string, unknown>): BulkApiKeyOptions['format'] {
  if (body.format === undefined) return undefined;
  if (!isApiKeyFormat(body.format)) throw new Error('format must be "ct_", "ctk_" or "none".');
  return body.format;
}
