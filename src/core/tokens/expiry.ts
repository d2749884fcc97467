/**
 * Expiry of AppSec platform API keys: expired, expiring within `codethreat.expiryWarningDays`, or
 * fine. CodeThreat advises rotating keys every 90 days; a key that stops working unannounced breaks
 * whatever uses it, so the view flags it before that. Classic tokens have no expiry.
 */
import type { AccessToken } from '../api/accessToken';
import { DAY_MS } from '../util/relativeTime';

export type Expiry =
  /** No expiry known (classic), or the key never expires. */
  | { kind: 'none' }
  | { kind: 'fine' | 'expiring'; at: Date }
  | { kind: 'expired'; at: Date };


export function expiryOf(token: AccessToken, now: Date, warningDays: number): Expiry {
  if (!token.expiresAt) return { kind: 'none' };
  const left = token.expiresAt.getTime() - now.getTime();
  if (left <= 0) return { kind: 'expired', at: token.expiresAt };
  return { kind: left <= warningDays * DAY_MS ? 'expiring' : 'fine', at: token.expiresAt };
}
