// The emulated legacy CodeThreat API under /api: sign-in, organizations and access tokens.
import type { IncomingHttpHeaders } from 'node:http';
import { credentialFrom, headerValue } from './credentials';
import type { DialectHandler, DialectRequest } from './dialect';
import { formatCreatedToken, formatTokenList, type ListStyle } from './listStyles';
import { asRecord, parseJson } from './requestBody';
import { defaultFaultReply, errorReply, invalidTokenReply, jsonReply, malformedJsonReply, successReply, type Reply } from './replies';
import type { AuthKind } from './requestLog';
import type { Caller, EmulatorState } from './state';
import { nameProblem } from './tokenNames';

export interface ApiSettings {
  maxNameLength: number;
  duplicateNameStatus: number;
  createStatus: number;
  /** true: token endpoints exist; 404/405: what an older server without them answers. */
  tokenEndpoints: true | 404 | 405;
}

/** A request whose body has arrived within the size limit, with its caller identified. */
interface ApiRequest {
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

export class ApiHandler implements DialectHandler {
  readonly name = 'classic';

  constructor(
    private readonly state: EmulatorState,
    private readonly settings: ApiSettings,
    private readonly listStyle: () => ListStyle,
  ) {}

  authKind(headers: IncomingHttpHeaders): AuthKind {
    return this.state.identify(credentialFrom(headers)).kind;
  }

  faultReply(status: number): Reply {
    return defaultFaultReply(status);
  }

  malformedJsonReply(): Reply {
    return malformedJsonReply();
  }

  unauthorizedReply(message: string): Reply {
    return invalidTokenReply(message);
  }

  handle(request: DialectRequest): Reply {
    // Identified once the body has arrived: the token may have been deleted meanwhile.
    const caller = this.state.identify(credentialFrom(request.headers));
    if (caller.kind === 'access') this.state.markUsed(caller.token);
    if (!request.body.ok) return errorReply(413);
    return this.route({ ...request, body: request.body.body, caller, listStyle: this.listStyle() });
  }

  private route(request: ApiRequest): Reply {
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
    const problem = nameProblem(name, this.settings.maxNameLength, 'Token name');
    if (problem) return errorReply(400, problem);
    if (this.state.hasTokenNamed(username, name)) {
      return errorReply(this.settings.duplicateNameStatus, 'A token with this name already exists.');
    }
    const token = this.state.createToken(username, name);
    return jsonReply(this.settings.createStatus, formatCreatedToken(token, request.listStyle));
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
