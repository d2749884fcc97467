/**
 * The AppSec platform's API v1 (`{server}/api/v1/…`): the key in `X-API-Key` on every request, the
 * organization as a slug in each call (`organizationSlug`), answers in the envelope
 * `{success, data, meta}` and errors as `{success: false, error: {code, message}}`. Key validation
 * (`cli/auth/validate`) is documented; the API-key calls follow the assumed contract in
 * `apiKeyContract.ts`.
 */
import type { CreatedAccessToken, ParsedTokenList, TokenRequest } from '../accessToken';
import { CodeThreatApiError } from '../errors';
import { HttpTransport, MAX_ANSWER_BYTES, parseJson, type ConnectionOptions, type RequestOptions } from '../httpTransport';
import type { TokenApi, ValidatedCredential, ValidatedOrganization } from '../tokenApi';
import { TokenListReader } from '../tokenListReader';
import { asText, isObject } from '../tolerantJson';
import { API_KEY_LIST, API_KEY_PATHS, createRequestBody, mergePages, ORGANIZATION_FIELD, pageOf, parseApiKeyList, parseCreatedApiKey } from './apiKeyContract';

export const APPSEC_API_PREFIX = '/api/v1';
export const API_KEY_HEADER = 'X-API-Key';

/**
 * Keys asked for per page: the largest page the platform's list convention allows (`limit`
 * 1–100, default 20), so that a long list takes as few requests as it can.
 */
export const LIST_PAGE_SIZE = 100;
/**
 * A list that says it has more pages than this is not read at all: 100 pages of 100 keys is the
 * 10,000 keys the view is built for, and each page is a request with its own deadline. (A server
 * that pages smaller than asked reaches the cap with fewer keys; it then says so rather than
 * showing part of the list as if it were all of it.)
 */
export const MAX_LIST_PAGES = 100;

/** One page of the key list: what it reads as, its JSON (for the paging), and its text (for the byte budget). */
interface ListPage {
  parsed: ParsedTokenList;
  body: unknown;
  text: string;
}

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

  /**
   * The whole list, however many pages it comes in: at most `MAX_LIST_PAGES` of them and
   * `MAX_ANSWER_BYTES` in all (the pages share one budget), or none of it.
   */
  async listAccessTokens(options: RequestOptions = {}): Promise<ParsedTokenList> {
    const first = await this.#listPage(undefined, MAX_ANSWER_BYTES, options);
    const where = pageOf(first.body);
    if (!where || where.totalPages <= where.page) return first.parsed;
    if (where.totalPages > MAX_LIST_PAGES) {
      throw new CodeThreatApiError('tooManyPages', `The API key list has ${where.totalPages} pages, more than ${MAX_LIST_PAGES}.`, { limit: MAX_LIST_PAGES });
    }
    const pages = [first.parsed];
    let budget = MAX_ANSWER_BYTES - Buffer.byteLength(first.text);
    for (let page = where.page + 1; page <= where.totalPages; page++) {
      const next = await this.#listPage(page, budget, options);
      budget -= Buffer.byteLength(next.text);
      pages.push(next.parsed);
    }
    return mergePages(pages);
  }

  async #listPage(page: number | undefined, maxAnswerBytes: number, options: RequestOptions): Promise<ListPage> {
    const params: Record<string, string> = { [ORGANIZATION_FIELD]: this.#organizationSlug(), limit: String(LIST_PAGE_SIZE) };
    if (page !== undefined) params.page = String(page);
    const { body } = await this.#transport.call<ListPage | undefined>({
      method: 'GET',
      path: API_KEY_PATHS.list,
      params,
      idempotent: true,
      unsupportedStatuses: [404, 405],
      signal: options.signal,
      maxAnswerBytes,
      interpret: (text) => {
        if (page === undefined) return { ...this.#firstPage.read(text), text };
        const json = parseJson(text);
        return { parsed: parseApiKeyList(json), body: json, text };
      },
    });
    return body ?? { parsed: parseApiKeyList(undefined), body: undefined, text: '' };
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
