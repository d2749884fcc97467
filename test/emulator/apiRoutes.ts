// The emulated legacy CodeThreat API under /api: sign-in, organizations and access tokens.
import type { IncomingHttpHeaders } from 'node:http';
import { formatCreatedToken, formatTokenList, type ListStyle } from './listStyles';
import { parseJson } from './requestBody';
import { errorReply, invalidTokenReply, jsonReply, successReply, type Reply } from './replies';
import type { Caller, EmulatorState } from './state';

export interface ApiSettings {
  maxNameLength: number;
  duplicateNameStatus: number;
  createStatus: number;
  /** true: token endpoints exist; 404/405: what an older server without them answers. */
  tokenEndpoints: true | 404 | 405;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  caller: Caller;
  listStyle: ListStyle;
}

type RouteName = 'signin' | 'organization' | 'organizationList' | 'tokenList' | 'tokenAdd' | 'tokenDelete';

interface Route {
  name: RouteName;
  method: string;
  pattern: RegExp;
  isTokenEndpoint: boolean;
}

// Order matters: `list` and `add` must win over the `<id>` pattern.
const ROUTES: Route[] = [
  { name: 'signin', method: 'POST', pattern: /^\/api\/signin$/, isTokenEndpoint: false },
  { name: 'organization', method: 'GET', pattern: /^\/api\/organization$/, isTokenEndpoint: false },
  { name: 'organizationList', method: 'GET', pattern: /^\/api\/organization\/list$/, isTokenEndpoint: false },
  { name: 'tokenList', method: 'GET', pattern: /^\/api\/accesstoken\/list$/, isTokenEndpoint: true },
  { name: 'tokenAdd', method: 'POST', pattern: /^\/api\/accesstoken\/add$/, isTokenEndpoint: true },
  { name: 'tokenDelete', method: 'DELETE', pattern: /^\/api\/accesstoken\/([^/]+)$/, isTokenEndpoint: true },
];

/** Characters a token name may not contain (C0 and C1 control characters, DEL). */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export class ApiHandler {
  constructor(
    private readonly state: EmulatorState,
    private readonly settings: ApiSettings,
  ) {}

  handle(request: ApiRequest): Reply {
    const found = findRoute(request.path);
    if (!found) return errorReply(404, 'Not Found.');
    const { route, params } = found;
    if (route.isTokenEndpoint && this.settings.tokenEndpoints !== true) {
      return this.settings.tokenEndpoints === 405 ? errorReply(405, 'Method Not Allowed.') : errorReply(404, 'Not Found.');
    }
    if (request.method !== route.method) return errorReply(405, 'Method Not Allowed.', { allow: route.method });

    if (route.name === 'signin') return this.signIn(request);

    const caller = request.caller;
    if (caller.kind === 'none') return invalidTokenReply();

    // GET /api/organization checks its `key` before the header, so an unknown key is a 404.
    if (route.name === 'organization') return this.organization(request, caller.username);
    // Listing the caller's organizations is how a client learns one to put in the header, so it
    // is the one endpoint that works without it (a header, when sent, is still checked).
    if (route.name === 'organizationList' && !headerValue(request.headers, 'x-ct-organization')) {
      return this.organizationList(request, caller.username);
    }

    const organization = headerValue(request.headers, 'x-ct-organization');
    if (!organization) return errorReply(400, 'The x-ct-organization header is required.');
    if (!this.state.isMember(caller.username, organization)) return errorReply(403, 'Access denied.');

    switch (route.name) {
      case 'organizationList':
        return this.organizationList(request, caller.username);
      case 'tokenList':
        return jsonReply(200, formatTokenList(this.state.tokensOf(caller.username), request.listStyle));
      case 'tokenAdd':
        return this.addToken(request, caller.username);
      case 'tokenDelete':
        return this.deleteToken(caller.username, params[0]);
    }
  }

  private signIn(request: ApiRequest): Reply {
    const body = parseJson(request.body);
    if (!body.ok) return errorReply(400, 'Invalid JSON body.');
    const { client_id: username, client_secret: password } = asRecord(body.value);
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      return errorReply(400, 'client_id and client_secret are required.');
    }
    const session = this.state.signIn(username, password);
    if (!session) return errorReply(401, 'Invalid username or password.');
    return jsonReply(200, { access_token: session });
  }

  private organization(request: ApiRequest, username: string): Reply {
    const headerOrganization = headerValue(request.headers, 'x-ct-organization');
    const key = request.query.get('key') ?? headerOrganization;
    if (!key) return errorReply(400, 'The key query parameter is required.');
    if (!this.state.organizationExists(key)) return errorReply(404, 'Organization not found.');
    if (!this.state.isMember(username, key)) return errorReply(403, 'Access denied.');
    if (!headerOrganization) return errorReply(400, 'The x-ct-organization header is required.');
    if (!this.state.isMember(username, headerOrganization)) return errorReply(403, 'Access denied.');
    return jsonReply(200, { name: key, isActive: true });
  }

  private organizationList(request: ApiRequest, username: string): Reply {
    const search = request.query.get('search')?.toLowerCase();
    const organizations = this.state.organizationsOf(username);
    return jsonReply(200, search ? organizations.filter((o) => o.toLowerCase().includes(search)) : organizations);
  }

  private addToken(request: ApiRequest, username: string): Reply {
    const body = parseJson(request.body);
    if (!body.ok) return errorReply(400, 'Invalid JSON body.');
    const rawName = asRecord(body.value).name;
    if (typeof rawName !== 'string') return errorReply(400, 'Token name is required.');
    const name = rawName.trim();
    const problem = this.nameProblem(name);
    if (problem) return errorReply(400, problem);
    if (this.state.hasTokenNamed(username, name)) {
      return errorReply(this.settings.duplicateNameStatus, 'A token with this name already exists.');
    }
    const token = this.state.createToken(username, name);
    return jsonReply(this.settings.createStatus, formatCreatedToken(token, request.listStyle));
  }

  private nameProblem(name: string): string | undefined {
    if (name.length === 0) return 'Token name must not be empty.';
    // Count code points, not UTF-16 units, so an emoji counts as one character.
    if ([...name].length > this.settings.maxNameLength) {
      return `Token name must be at most ${this.settings.maxNameLength} characters.`;
    }
    if (CONTROL_CHARACTERS.test(name)) return 'Token name must not contain control characters.';
    return undefined;
  }

  private deleteToken(username: string, encodedId: string): Reply {
    let id: string;
    try {
      id = decodeURIComponent(encodedId);
    } catch {
      return errorReply(404, 'Access token not found.');
    }
    if (!this.state.deleteOwnToken(username, id)) return errorReply(404, 'Access token not found.');
    return successReply();
  }
}

function findRoute(path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1) };
  }
  return undefined;
}

/** The credential from `Authorization`, with or without the `Bearer ` prefix (both occur in the wild). */
export function credentialFrom(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers.authorization?.trim();
  if (!raw) return undefined;
  const bearer = /^Bearer\s+(.*)$/i.exec(raw);
  const credential = bearer ? bearer[1].trim() : raw;
  return credential || undefined;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
