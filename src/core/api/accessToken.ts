/**
 * An access token (classic API) or API key (AppSec platform) as the product shows it, whatever
 * the server's generation. The value itself appears only in `CreatedAccessToken`, the one answer
 * that carries it.
 */
export interface AccessToken {
  id: string;
  name: string;
  /** The partial value the server shows (e.g. `ct_Ab3d…x9Zq`); never the full value. */
  partialValue?: string;
  createdAt?: Date;
  /** null means never used; undefined means the server does not say. */
  lastUsedAt?: Date | null;
  /** What the key may do (AppSec platform); undefined where tokens have no scopes (classic). */
  scopes?: readonly string[];
  /** null means it never expires; undefined means the server does not say (classic). */
  expiresAt?: Date | null;
}

/** The one response that carries a full value. Keep it in memory only as long as needed. */
export interface CreatedAccessToken extends AccessToken {
  value: string;
}

export interface ParsedTokenList {
  tokens: AccessToken[];
  /** Entries we could not use (e.g. without an id), reported rather than crashing the view. */
  skipped: { index: number; reason: string }[];
  /** Revoked keys the server still lists (AppSec platform): left out of `tokens`, only counted. */
  revokedCount?: number;
  /** Set when the server's list is longer than what was read (see `pagedList.ts`): never a silently short list. */
  incomplete?: IncompleteList;
}

/** A list read only in part: its first `read` entries (listed, skipped and revoked ones). */
export interface IncompleteList {
  read: number;
  /** How many entries the server says the list has, where it says. */
  total?: number;
  /** Why the rest was not read: the cap on pages, or the failure of the page after the last one read. */
  reason: { kind: 'pageLimit'; pages: number } | { kind: 'pageFailed'; page: number; error: unknown };
}

/** What a new token is asked for with; scopes and expiry only where the server has them. */
export interface TokenRequest {
  name: string;
  scopes?: readonly string[];
  /** null asks for a key that never expires. */
  expiresAt?: Date | null;
}

/** The partial form this extension shows for a value it holds: first 6 and last 4 characters. */
export function maskValue(value: string): string {
  if (value.length <= 12) return '…';
  return `${value.slice(0, 6)}…${value.slice(-4)}`;
}
