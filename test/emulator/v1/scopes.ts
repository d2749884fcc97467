// The API key scopes of the AppSec platform, `{resource}:{action}`, as its docs list them.

export const API_KEY_SCOPES = [
  'organization:read',
  'organization:write',
  'organization:manage',
  'repository:read',
  'repository:write',
  'repository:manage',
  'scan:read',
  'scan:write',
  'scan:manage',
  'violation:read',
  'violation:write',
  'violation:manage',
  'user:read',
  'user:write',
  'user:manage',
  'integration:read',
  'integration:write',
  'api-key:read',
  'api-key:write',
  'webhook:read',
  'webhook:write',
] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === 'string' && (API_KEY_SCOPES as readonly string[]).includes(value);
}

/** The first of `scopes` that is not a known scope, if any. */
export function unknownScope(scopes: readonly string[]): string | undefined {
  return scopes.find((scope) => !isApiKeyScope(scope));
}
