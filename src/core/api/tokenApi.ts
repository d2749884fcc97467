/**
 * What the product needs from a CodeThreat server for one connection (server + organization +
 * credential), whatever its API generation. The classic API and the AppSec platform (API v1)
 * each implement it in their own folder; nothing above this interface knows which one it talks to.
 */
import type { ApiGeneration } from '../dialects';
import type { CreatedAccessToken, ParsedTokenList, TokenRequest } from './accessToken';
import type { RequestOptions } from './httpTransport';

/** The generations are listed, and described, in `core/dialects`. */
export type { ApiGeneration };

export interface ValidatedCredential {
  /** Server version, where the server tells it. */
  apiVersion?: string;
  /** Whose credential it is, where the server tells it (AppSec platform). */
  user?: { id?: string; email?: string; name?: string };
  /** The organizations the credential may act in (AppSec platform), in the server's order. */
  organizations?: ValidatedOrganization[];
  /** What the credential may do, e.g. `api-key:write` (AppSec platform). */
  permissions?: string[];
}

/** An organization as key validation describes it (AppSec platform). */
export interface ValidatedOrganization {
  /** What a connection names the organization by. */
  slug: string;
  name: string;
  id?: string;
  isPersonal?: boolean;
  planType?: string;
}

export interface TokenApi {
  readonly generation: ApiGeneration;
  readonly serverUrl: string;
  readonly organization: string;
  /** Checks that the credential is accepted for the organization. */
  validate(options?: RequestOptions): Promise<ValidatedCredential>;
  listAccessTokens(options?: RequestOptions): Promise<ParsedTokenList>;
  createAccessToken(request: TokenRequest, options?: RequestOptions): Promise<CreatedAccessToken>;
  /** A 404 (already gone) is thrown as `notFound`: the caller decides what it means. */
  deleteAccessToken(id: string, options?: RequestOptions): Promise<void>;
}
