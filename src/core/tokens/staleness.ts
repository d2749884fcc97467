/**
 * CodeThreat's advice for access tokens is to watch "Last Used" and delete what is not needed.
 * A token is stale when it has not been used for `staleAfterDays`, or was never used in the
 * `staleAfterDays` since it was created. Tokens whose dates the server does not send are not judged.
 */
import type { AccessToken } from '../api/accessToken';
import { DAY_MS } from '../util/relativeTime';

export type Staleness = { stale: false } | { stale: true; reason: 'unused' | 'neverUsed'; days: number };


export function stalenessOf(token: AccessToken, now: Date, staleAfterDays: number): Staleness {
  const since = token.lastUsedAt ?? (token.lastUsedAt === null ? token.createdAt : undefined);
  if (!since) return { stale: false };
  const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  if (days < staleAfterDays) return { stale: false };
  return { stale: true, reason: token.lastUsedAt ? 'unused' : 'neverUsed', days };
}
