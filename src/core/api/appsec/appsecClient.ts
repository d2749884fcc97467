/**
 * The AppSec platform's API v1 (`{server}/api/v1/…`): the key in `X-API-Key` on every request, the
 * organization as a slug in each call (`organizationSlug`), answers in the envelope
 * `{success, data, meta}` and errors as `{success: false, error: {code, message}}`. Key validation
 * (`cli/auth/validate`) is documented; the API-key calls follow the assumed contract in
 * `apiKeyContract.ts`.
 */
import type { CreatedAccessToken, ParsedTokenList, TokenRequest } from '../accessToken';
import { CodeThreatApiError } from '../errors';
import { HttpTransport, MAX_ANSWER_BYTES, type ConnectionOptions, type RequestOptions } from '../httpTransport';
import type { TokenApi, ValidatedCredential, ValidatedOrganization } from '../tokenApi';
import { TokenListReader } from '../tokenListReader';
import { asText, isObject } from '../tolerantJson';
import { readPagedList, type FetchedPage } from '../pagedList';
import { API_KEY_LIST, API_KEY_PATHS, createRequestBody, mergePages, ORGANIZATION_FIELD, parseApiKeyList, parseCreatedApiKey, positionOf } from './apiKeyContract';

export const APPSEC_API_PREFIX = '/api/v1';
export const API_KEY_HEADER = 'X-API-Key';

/**
 * Keys asked for per page: the largest page the platform's list convention allows (`limit`
 * 1–100, default 20), so that a long list takes as few requests as it can.
 */
export const LIST_PAGE_SIZE = 100;
/**
 * Pages read at most: 200 pages of 100 are 20,000 keys, twice the 10,000 the view is built for, and
 * still 4,000 on a server that keeps to its default of 20 a page. Each page is a request with its
 * own deadline; all of them share one byte budget (`MAX_ANSWER_BYTES`). A longer list comes back
 * marked incomplete (read so far: N of M), never as if it were all of it.
 */
export const MAX_LIST_PAGES = 200;
/** Pages asked for at once, once the first page has said how long the list is. */
export const LIST_PAGE_CONCURRENCY = 4;

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
  /** Each page of the key list as last received and read, by page number (see `TokenListReader` for what that saves). */
  readonly #pageReaders = new Map<number, TokenListReader>();
  /** The last list merged from pages. */
  #lastMerge: ParsedTokenList | undefined;
  /** The list being read for callers without a signal. */
  #sharedList: Promise<ParsedTokenList> | undefined;

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
   * The whole list, however many pages it comes in (`pagedList.ts`): at most `MAX_LIST_PAGES` of
   * them and `MAX_ANSWER_BYTES` in all, the pages after the first `LIST_PAGE_CONCURRENCY` at a
   * time. Past those limits, or when a later page fails, what was read comes back `incomplete`.
   */
  listAccessTokens(options: RequestOptions = {}): Promise<ParsedTokenList> {
    // Calls without a signal of their own share the list being read (as the transport shares a read).
    if (options.signal) return this.#readList(options.signal);
    this.#sharedList ??= this.#readList(undefined).finally(() => (this.#sharedList = undefined));
    return this.#sharedList;
  }

  async #readList(signal: AbortSignal | undefined): Promise<ParsedTokenList> {
    const { pages, incomplete } = await readPagedList({
      fetchPage: (page, maxBytes, pageSignal) => this.#listPage(page, maxBytes, pageSignal),
      maxPages: MAX_LIST_PAGES,
      concurrency: LIST_PAGE_CONCURRENCY,
      maxBytes: MAX_ANSWER_BYTES,
      signal,
    });
    // A list that got shorter keeps no reader (and no text) of pages it no longer has.
    if (!incomplete) for (const page of this.#pageReaders.keys()) if (page > pages.length) this.#pageReaders.delete(page);
    const merged = this.#merge(pages);
    return incomplete ? { ...merged, incomplete } : merged;
  }

  /**
   * Merged pages; the last result again when it holds the same token objects in the same order
   * (each page's reader keeps the objects of unchanged entries): nothing downstream re-renders.
   */
  #merge(pages: readonly ParsedTokenList[]): ParsedTokenList {
    if (pages.length === 1) return pages[0];
    const merged = mergePages(pages);
    const last = this.#lastMerge;
    if (last && sameList(last, merged)) return last;
    this.#lastMerge = merged;
    return merged;
  }

  async #listPage(page: number | undefined, maxAnswerBytes: number, signal: AbortSignal): Promise<FetchedPage> {
    const params: Record<string, string> = { [ORGANIZATION_FIELD]: this.#organizationSlug(), limit: String(LIST_PAGE_SIZE) };
    if (page !== undefined) params.page = String(page);
    let reader = this.#pageReaders.get(page ?? 1);
    if (!reader) this.#pageReaders.set(page ?? 1, (reader = new TokenListReader(API_KEY_LIST)));
    const { body } = await this.#transport.call<FetchedPage | undefined>({
      method: 'GET',
      path: API_KEY_PATHS.list,
      params,
      idempotent: true,
      unsupportedStatuses: [404, 405],
      signal,
      maxAnswerBytes,
      interpret: (text) => {
        const read = reader.read(text);
        return { parsed: read.parsed, position: positionOf(read.body), bytes: Buffer.byteLength(text) };
      },
    });
    return body ?? { parsed: parseApiKeyList(undefined), position: undefined, bytes: 0 };
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

function sameList(a: ParsedTokenList, b: ParsedTokenList): boolean {
  return (
    a.tokens.length === b.tokens.length &&
    a.tokens.every((token, i) => token === b.tokens[i]) &&
    a.revokedCount === b.revokedCount &&
    a.skipped.length === b.skipped.length &&
    a.skipped.every((s, i) => s.index === b.skipped[i].index && s.reason === b.skipped[i].reason)
  );
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
