/**
 * The AppSec platform's API v1 (`{server}/api/v1/…`): the key in `X-API-Key` on every request, the
 * organization as a slug in each call (`organizationSlug`), answers in the envelope
 * `{success, data, meta}` and errors as `{success: false, error: {code, message}}`. Key validation
 * (`cli/auth/validate`) is documented; the API-key calls follow the assumed contract in
 * `apiKeyContract.ts`.
 */
import type { CreatedAccessToken, ParsedTokenList, TokenRequest } from '../accessToken';
import { CodeThreatApiError } from '../errors';
import { HttpTransport, parseJson, type ConnectionOptions, type RequestOptions } from '../httpTransport';
import type { TokenApi, ValidatedCredential, ValidatedOrganization } from '../tokenApi';
import { TokenListReader } from '../tokenListReader';
import { asText, isObject } from '../tolerantJson';
import { API_KEY_LIST, API_KEY_PATHS, createRequestBody, mergePages, ORGANIZATION_FIELD, pageOf, parseApiKeyList, parseCreatedApiKey } from './apiKeyContract';

export const APPSEC_API_PREFIX = '/api/v1';
export const API_KEY_HEADER = 'X-API-Key';

/** More pages than this are not followed: nobody reads a list that long in a tree view. */
const MAX_LIST_PAGES = 50;

export interface AppsecClientOptions extends ConnectionOptions {
  /** Organization slug; empty while signing in, before one has been chosen (only `validate` works then). */
  organization: string;
  /** The API key. */
  credential?: string;
}

export class AppsecClient implements TokenApi {
  readonly generation = 'appsec';
  readonly serverUrl: string;
  readonly organization: string;
  readonly #transport: HttpTransport;
  /** The first page of the key list as last received and read (see `TokenListReader` for what that saves). */
  readonly #firstPage = new TokenListReader(API_KEY_LIST);

  constructor(options: AppsecClientOptions) {
    this.serverUrl = options.serverUrl;
    this.organization = options.organization;
    this.#transport = new HttpTransport({
      ...options,
      apiPrefix: APPSEC_API_PREFIX,
      headers: options.credential ? { [API_KEY_HEADER]: options.credential } : {},
      secrets: [options.credential],
      readServerError: readAppsecError,
    });
  }

  /**
   * `GET /api/v1/cli/auth/validate`: the key's user, organizations and permissions. With an
   * organization set, a key whose organizations do not include it is `forbidden`.
   */
  async validate(options: RequestOptions = {}): Promise<ValidatedCredential> {
    const { body, apiVersion } = await this.#transport.call<unknown>({
      method: 'GET',
      path: '/cli/auth/validate',
      params: { includeOrganizations: 'true', includePermissions: 'true' },
      idempotent: true,
      signal: options.signal,
    });
    const validated = readValidation(body);
    if (apiVersion) validated.apiVersion = apiVersion;
    if (this.organization && validated.organizations && !validated.organizations.some((o) => o.slug === this.organization)) {
      throw new CodeThreatApiError('forbidden', `The API key is valid, but its user is not a member of organization ${this.organization}.`);
    }
    return validated;
  }

  async listAccessTokens(options: RequestOptions = {}): Promise<ParsedTokenList> {
    const first = await this.#listPage(undefined, options);
    const where = pageOf(first.body);
    if (!where || where.totalPages <= where.page) return first.parsed;
    const pages = [first.parsed];
    for (let page = where.page + 1; page <= Math.min(where.totalPages, MAX_LIST_PAGES); page++) {
      pages.push((await this.#listPage(page, options)).parsed);
    }
    return mergePages(pages);
  }

  async #listPage(page: number | undefined, options: RequestOptions): Promise<{ parsed: ParsedTokenList; body: unknown }> {
    const params: Record<string, string> = { [ORGANIZATION_FIELD]: this.#organizationSlug() };
    if (page !== undefined) params.page = String(page);
    const { body } = await this.#transport.call<{ parsed: ParsedTokenList; body: unknown } | undefined>({
      method: 'GET',
      path: API_KEY_PATHS.list,
      params,
      idempotent: true,
      unsupportedStatuses: [404, 405],
      signal: options.signal,
      interpret: (text) => {
        if (page === undefined) return this.#firstPage.read(text);
        const json = parseJson(text);
        return { parsed: parseApiKeyList(json), body: json };
      },
    });
    return body ?? { parsed: parseApiKeyList(undefined), body: undefined };
  }

  /** Sends the name, the scopes (none when not given) and the expiry (null: never expires). */
  async createAccessToken(request: TokenRequest, options: RequestOptions = {}): Promise<CreatedAccessToken> {
    const { body } = await this.#transport.call<unknown>({
      method: 'POST',
      path: API_KEY_PATHS.create,
      data: createRequestBody(request, this.#organizationSlug()),
      idempotent: false,
      unsupportedStatuses: [404, 405],
      signal: options.signal,
    });
    return parseCreatedApiKey(body, request);
  }

  async deleteAccessToken(id: string, options: RequestOptions = {}): Promise<void> {
    await this.#transport.call({
      method: 'DELETE',
      path: API_KEY_PATHS.delete(id),
      params: { [ORGANIZATION_FIELD]: this.#organizationSlug() },
      idempotent: false,
      // A 404 here means the key is already gone (or revoked); only 405 says the server cannot delete.
      unsupportedStatuses: [405],
      signal: options.signal,
    });
  }

  #organizationSlug(): string {
    if (!this.organization) {
      throw new CodeThreatApiError('badRequest', 'No organization has been chosen for this AppSec platform connection.', { field: ORGANIZATION_FIELD });
    }
    return this.organization;
  }
}

/** `{success: false, error: {code, message}}`; also `{error: "…"}` and `{code, message}`, which proxies and frameworks send. */
export function readAppsecError(body: unknown): { message?: string; code?: string } {
  if (!isObject(body)) return {};
  const nested = isObject(body.error) ? body.error : {};
  const message = [nested.message, body.message, body.error].find((m): m is string => typeof m === 'string' && m.trim() !== '');
  const code = [nested.code, body.code].find((c) => typeof c === 'string' || typeof c === 'number');
  return { message, code: code === undefined ? undefined : String(code) };
}

/** Reads `data` of a validation answer: `{valid, user, organizations?, permissions?}`. */
function readValidation(body: unknown): ValidatedCredential {
  const data = isObject(body) && isObject(body.data) ? body.data : body;
  if (!isObject(data) || (isObject(body) && body.success === false)) {
    throw new CodeThreatApiError('invalidResponse', 'The key validation answer has no data.', { field: 'data' });
  }
  if (data.valid === false) throw new CodeThreatApiError('unauthorized', 'The server did not accept the API key.');
  const result: ValidatedCredential = {};
  if (isObject(data.user)) {
    const user = { id: asText(data.user.id), email: asText(data.user.email), name: asText(data.user.name) };
    result.user = Object.fromEntries(Object.entries(user).filter(([, v]) => v !== undefined));
  }
  if (Array.isArray(data.organizations)) result.organizations = data.organizations.flatMap(readOrganization);
  if (Array.isArray(data.permissions)) result.permissions = data.permissions.filter((p): p is string => typeof p === 'string');
  return result;
}

function readOrganization(item: unknown): ValidatedOrganization[] {
  if (!isObject(item)) return [];
  const slug = asText(item.slug)?.trim();
  if (!slug) return [];
  const organization: ValidatedOrganization = { slug, name: asText(item.name)?.trim() || slug };
  const id = asText(item.id);
  if (id) organization.id = id;
  if (typeof item.isPersonal === 'boolean') organization.isPersonal = item.isPersonal;
  const planType = asText(item.planType);
  if (planType) organization.planType = planType;
  return [organization];
}
