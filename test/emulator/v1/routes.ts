// The emulated AppSec platform API under /api/v1: health, key validation and an ASSUMED API key
// contract (the platform publishes none):
//   GET    /api/v1/api-keys?organizationSlug=<slug>[&page=<n>][&limit=<1–100, default 20>]
//                                                      the caller's keys in that organization (api-key:read),
//                                                      paged as the platform documents (listStyles.ts)
//   POST   /api/v1/api-keys {name, scopes, expiresAt, organizationSlug}   201, full value in `key` (api-key:write)
//   DELETE /api/v1/api-keys/<id>[?organizationSlug=]   revokes (api-key:write)
// The X-API-Key header authenticates every route but health. A key acts for its user in any of
// the user's organizations, and may grant a new key only scopes it holds itself.
import type { IncomingHttpHeaders } from 'node:http';
import { apiKeyFrom } from '../credentials';
import type { DialectHandler, DialectRequest } from '../dialect';
import type { Reply } from '../replies';
import { asRecord, parseJson } from '../requestBody';
import type { AuthKind } from '../requestLog';
import { nameProblem } from '../tokenNames';
import type { ApiKeyFormat } from '../tokenValues';
import { formatApiKeyList, formatCreatedApiKey, pageOfKeys, pageRequest, type V1ListStyle, type V1PagingStyle } from './listStyles';
import { V1Replies } from './replies';
import { unknownScope } from './scopes';
import type { StoredApiKey, V1Caller, V1State, V1User } from './state';

export const V1_PREFIX = '/api/v1';

/** Whether `path` belongs to the v1 dialect (checked before the legacy routes, which share `/api`). */
export function isV1Path(path: string): boolean {
  return path === V1_PREFIX || path.startsWith(`${V1_PREFIX}/`);
}

export interface V1Settings {
  maxNameLength: number;
  /** `data.version` of the health answer. */
  platformVersion: string;
  /** The emulator's own address, for `next` links. */
  publicUrl: () => string;
  /** The form of keys created through the API. */
  apiKeyFormat: ApiKeyFormat;
}

type RouteName = 'health' | 'validate' | 'listKeys' | 'createKey' | 'revokeKey';

interface Route {
  name: RouteName;
  method: string;
  pattern: RegExp;
}

const ROUTES: Route[] = [
  { name: 'health', method: 'GET', pattern: /^\/api\/v1\/health$/ },
  { name: 'validate', method: 'GET', pattern: /^\/api\/v1\/cli\/auth\/validate$/ },
  { name: 'listKeys', method: 'GET', pattern: /^\/api\/v1\/api-keys$/ },
  { name: 'createKey', method: 'POST', pattern: /^\/api\/v1\/api-keys$/ },
  { name: 'revokeKey', method: 'DELETE', pattern: /^\/api\/v1\/api-keys\/([^/]+)$/ },
];

const UNAUTHORIZED_MESSAGES: Record<Exclude<V1Caller, { kind: 'apiKey' }>['reason'], string> = {
  missing: 'An API key is required. Send it in the X-API-Key header.',
  unknown: 'Invalid API key.',
  revoked: 'This API key has been revoked.',
  expired: 'This API key has expired.',
};

/** An authenticated request, once the route is known. */
interface Call {
  query: URLSearchParams;
  body: Buffer;
  user: V1User;
  key: StoredApiKey;
  params: string[];
}

export class V1Handler implements DialectHandler {
  readonly name = 'v1';
  private readonly replies: V1Replies;

  constructor(
    private readonly state: V1State,
    private readonly settings: V1Settings,
    private readonly now: () => number,
    private readonly listStyle: () => V1ListStyle,
    private readonly paging: () => { style: V1PagingStyle; pageSize?: number },
  ) {
    this.replies = new V1Replies(now);
  }

  authKind(headers: IncomingHttpHeaders): AuthKind {
    return this.state.identify(apiKeyFrom(headers)).kind === 'apiKey' ? 'apiKey' : 'none';
  }

  faultReply(status: number): Reply {
    return this.replies.faultReply(status);
  }

  malformedJsonReply(): Reply {
    return this.replies.malformedJson();
  }

  unauthorizedReply(message: string): Reply {
    return this.replies.error(401, message);
  }

  handle(request: DialectRequest): Reply {
    const matching = ROUTES.map((route) => ({ route, match: route.pattern.exec(request.path) })).filter((m) => m.match !== null);
    if (matching.length === 0) return this.replies.error(404, `No route for ${request.path}.`);
    const found = matching.find((m) => m.route.method === request.method);
    if (!found) return this.replies.error(405, undefined, { allow: matching.map((m) => m.route.method).join(', ') });
    if (!request.body.ok) return this.replies.error(413);

    if (found.route.name === 'health') return this.replies.success({ status: 'ok', version: this.settings.platformVersion });

    // Identified once the body has arrived: the key may have been revoked meanwhile.
    const caller = this.state.identify(apiKeyFrom(request.headers));
    if (caller.kind !== 'apiKey') return this.replies.error(401, UNAUTHORIZED_MESSAGES[caller.reason]);
    this.state.markUsed(caller.key);
    const params = (found.match as RegExpExecArray).slice(1);
    const call: Call = { query: request.query, body: request.body.body, user: caller.user, key: caller.key, params };

    switch (found.route.name) {
      case 'validate':
        return this.validate(call);
      case 'listKeys':
        return this.listKeys(call);
      case 'createKey':
        return this.createKey(call);
      case 'revokeKey':
        return this.revokeKey(call);
    }
  }

  private validate({ query, user, key }: Call): Reply {
    const data: Record<string, unknown> = { valid: true, user: { id: user.id, email: user.email, name: user.name } };
    if (query.get('includeOrganizations') === 'true') {
      data.organizations = this.state.organizationsOf(user.email).map(({ id, name, slug, planType, isPersonal }) => ({ id, name, slug, planType, isPersonal }));
    }
    if (query.get('includePermissions') === 'true') data.permissions = [...key.scopes];
    data.authenticatedAt = new Date(this.now()).toISOString();
    return this.replies.success(data);
  }

  private listKeys(call: Call): Reply {
    const denied = this.missingScope(call.key, 'api-key:read');
    if (denied) return denied;
    const slug = call.query.get('organizationSlug') ?? undefined;
    const orgProblem = this.organizationProblem(call.user, slug);
    if (orgProblem) return orgProblem;
    const { style: paging, pageSize } = this.paging();
    const request = pageRequest(call.query);
    if (typeof request === 'string' && paging !== 'unpaged') return this.replies.error(400, request);
    if (typeof request !== 'string' && pageSize !== undefined) request.limit = Math.min(request.limit, pageSize);
    const nextLink = (page: number) => {
      const query = new URLSearchParams(call.query);
      query.set('page', String(page));
      return `${this.settings.publicUrl()}${V1_PREFIX}/api-keys?${query}`;
    };
    const all = this.state.keysOf(call.user.email, slug);
    const { keys, pagination } = pageOfKeys(all, paging, typeof request === 'string' ? { page: 1, limit: all.length } : request, nextLink);
    return this.replies.success(formatApiKeyList(keys, this.listStyle(), this.now()), { pagination });
  }

  private createKey(call: Call): Reply {
    const denied = this.missingScope(call.key, 'api-key:write');
    if (denied) return denied;
    const parsed = parseJson(call.body);
    if (!parsed.ok) return this.replies.error(400, 'Invalid JSON body.');
    const body = asRecord(parsed.value);

    const slug = typeof body.organizationSlug === 'string' ? body.organizationSlug : undefined;
    const orgProblem = this.organizationProblem(call.user, slug);
    if (orgProblem) return orgProblem;

    if (typeof body.name !== 'string') return this.replies.error(400, 'API key name is required.');
    const name = body.name.trim();
    const problem = nameProblem(name, this.settings.maxNameLength, 'API key name');
    if (problem) return this.replies.error(400, problem);

    const scopes = body.scopes;
    if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string')) {
      return this.replies.error(400, 'scopes must be an array of scope names.');
    }
    if (scopes.length === 0) return this.replies.error(400, 'At least one scope is required.');
    const unknown = unknownScope(scopes);
    if (unknown !== undefined) return this.replies.error(400, `Unknown scope: ${unknown}.`);

    const expiresAt = this.expiry(body.expiresAt);
    if (typeof expiresAt === 'string') return this.replies.error(400, expiresAt);

    const notHeld = scopes.find((scope) => !call.key.scopes.includes(scope));
    if (notHeld !== undefined) {
      return this.replies.error(403, `Cannot grant scope ${notHeld}: the API key making this request does not have it.`);
    }
    if (this.state.hasUnrevokedKeyNamed(call.user.email, slug as string, name)) {
      return this.replies.error(409, 'An API key with this name already exists.');
    }
    const key = this.state.issue(call.user.email, { organizationSlug: slug, name, scopes, expiresAt, format: this.settings.apiKeyFormat });
    return this.replies.success(formatCreatedApiKey(key, this.listStyle(), this.now()), { status: 201 });
  }

  private revokeKey(call: Call): Reply {
    const denied = this.missingScope(call.key, 'api-key:write');
    if (denied) return denied;
    let id: string;
    try {
      id = decodeURIComponent(call.params[0]);
    } catch {
      id = '';
    }
    const key = this.state.keyById(id);
    const slug = call.query.get('organizationSlug');
    const visible = key !== undefined && key.owner === call.user.email && (slug === null || key.organizationSlug === slug);
    if (!visible || key.revokedAt !== null) return this.replies.error(404, 'API key not found or already revoked.');
    const revokedAt = new Date(this.now()).toISOString();
    this.state.revoke(key.id);
    return this.replies.success({ id: key.id, status: 'revoked', revokedAt });
  }

  private missingScope(key: StoredApiKey, scope: string): Reply | undefined {
    if (key.scopes.includes(scope)) return undefined;
    return this.replies.error(403, `This API key lacks the ${scope} scope.`);
  }

  private organizationProblem(user: V1User, slug: string | undefined): Reply | undefined {
    if (!slug) return this.replies.error(400, 'organizationSlug is required.');
    if (!this.state.organization(slug)) return this.replies.error(404, `Organization ${slug} not found.`);
    if (!this.state.isMember(user.email, slug)) return this.replies.error(403, `You are not a member of organization ${slug}.`);
    return undefined;
  }

  /** The parsed `expiresAt` (null: no expiry), or the problem with it. */
  private expiry(value: unknown): Date | null | string {
    if (value === undefined || value === null) return null;
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) return 'expiresAt must be an ISO 8601 date or null.';
    if (ms <= this.now()) return 'expiresAt must be in the future.';
    return new Date(ms);
  }
}
