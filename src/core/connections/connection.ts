import type { ApiGeneration } from '../api/tokenApi';

/** A signed-in CodeThreat server + organization. Holds no secret: those live in SecretStorage. */
export interface Connection {
  /** `serverUrl|organization`: stable, and the key of the connection's secrets. */
  id: string;
  serverUrl: string;
  /** The organization's name (classic) or slug (AppSec platform). */
  organization: string;
  /** The API the server speaks; absent means classic (connections saved before there was a choice). */
  generation?: ApiGeneration;
  /**
   * Whose the credential is: the user name of a password sign-in, or the e-mail the AppSec
   * platform reports for an API key; a pasted classic token does not say.
   */
  username?: string;
  /** The person's name, where the server tells it (AppSec platform). */
  displayName?: string;
  /** The organization's display name, where it differs from `organization` (an AppSec slug). */
  organizationName?: string;
  /**
   * What the sign-in credential may do (AppSec platform: its scopes, e.g. `api-key:write`);
   * undefined where credentials have no scopes (classic: a full user token).
   */
  permissions?: string[];
  authMethod: 'password' | 'token';
  /** Server version (`x-api-version`) seen at sign-in. */
  apiVersion?: string;
  /**
   * Set when the credential is read from an environment variable each time (imported from the
   * environment): nothing is stored, and the connection is shown as read-only.
   */
  environmentVariable?: string;
  /**
   * With `environmentVariable`: the environment the key was imported from (see
   * environmentBinding.ts). Absent on connections imported before it was kept: those are asked
   * to be imported again.
   */
  environmentBinding?: EnvironmentBinding;
}

/** Digests (never values) of an environment key and of the server variable that came with it. */
export interface EnvironmentBinding {
  keyDigest: string;
  /** The variable that named the key's server, e.g. `CT_SERVER_URL`. */
  serverVariable: string;
  /** A digest of its value at import; null when it was unset (the key went to the default cloud). */
  serverDigest: string | null;
}

/** The access token the user chose to keep in VS Code for a connection. */
export interface SavedToken {
  id: string;
  name: string;
  value: string;
  savedAt: string;
  /** AppSec platform: what the key may do. */
  scopes?: string[];
  /** AppSec platform: ISO date it expires; null never. */
  expiresAt?: string | null;
}

export function connectionId(serverUrl: string, organization: string): string {
  return `${serverUrl}|${organization}`;
}

/** How a connection is named to people: `acme on cloud.codethreat.com`. */
export function describeServer(serverUrl: string): string {
  return new URL(serverUrl).host;
}
