/**
 * The AppSec platform's API key scopes, `{resource}:{action}`, as its documentation lists them,
 * grouped by resource in the documented order; the presets the product offers; and whether the
 * permissions a key holds cover the scopes asked for a new key (the platform lets a key grant only
 * scopes it holds itself).
 */

export type ScopeAction = 'read' | 'write' | 'manage';

export interface ScopeGroup {
  resource: string;
  actions: readonly ScopeAction[];
}

/** Every documented scope, by resource. `integration`, `api-key` and `webhook` have no `manage`. */
export const APPSEC_SCOPE_GROUPS: readonly ScopeGroup[] = [
  { resource: 'organization', actions: ['read', 'write', 'manage'] },
  { resource: 'repository', actions: ['read', 'write', 'manage'] },
  { resource: 'scan', actions: ['read', 'write', 'manage'] },
  { resource: 'violation', actions: ['read', 'write', 'manage'] },
  { resource: 'user', actions: ['read', 'write', 'manage'] },
  { resource: 'integration', actions: ['read', 'write'] },
  { resource: 'api-key', actions: ['read', 'write'] },
  { resource: 'webhook', actions: ['read', 'write'] },
];

/** The documented scopes in catalogue order, e.g. `scan:write`. */
export const APPSEC_SCOPES: readonly string[] = APPSEC_SCOPE_GROUPS.flatMap((g) => g.actions.map((a) => `${g.resource}:${a}`));

export interface ScopePreset {
  /** The UI names a preset by its id (translated there). */
  id: 'scanInCi' | 'readResults';
  scopes: readonly string[];
}

export const SCOPE_PRESETS: readonly ScopePreset[] = [
  { id: 'scanInCi', scopes: ['scan:write', 'repository:read'] },
  { id: 'readResults', scopes: ['scan:read', 'violation:read'] },
];

/** `scopes` without duplicates, documented ones in catalogue order first, unknown ones after as given. */
export function sortScopes(scopes: Iterable<string>): string[] {
  const unique = [...new Set(scopes)];
  const rank = (s: string) => (APPSEC_SCOPES.includes(s) ? APPSEC_SCOPES.indexOf(s) : APPSEC_SCOPES.length);
  return unique.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map(({ s }) => s);
}

/**
 * The requested scopes that the held permissions do not cover. Matching is EXACT: the
 * documentation does not say that `scan:manage` implies `scan:read` or `scan:write` (or that
 * `write` implies `read`), so no scope is assumed to cover another.
 */
export function missingScopes(held: Iterable<string>, requested: Iterable<string>): string[] {
  const have = new Set(held);
  return [...new Set(requested)].filter((scope) => !have.has(scope));
}

/** True when every requested scope is held (exact matching, see `missingScopes`). */
export function coversScopes(held: Iterable<string>, requested: Iterable<string>): boolean {
  return missingScopes(held, requested).length === 0;
}
