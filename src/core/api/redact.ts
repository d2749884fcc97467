/**
 * Removes secrets from text that is about to be kept (in an error, a log line, a message).
 * Known secret values are replaced wherever they occur, whatever their form (a key is an opaque
 * string: CodeThreat's examples show `ct_…` and `ctk_…` keys, and a server may issue keys with no
 * prefix at all). Anything shaped like the prefixed forms (`ct_` or `ctk_` followed by a long run of
 * token characters) and bearer credentials are masked too, in case a server or proxy echoes a value
 * we were not told about.
 */
const TOKEN_SHAPE = /\bctk?_[A-Za-z0-9_-]{12,}/g;
const BEARER_SHAPE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const JWT_SHAPE = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;

export const REDACTED = '[redacted]';

export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result.replace(BEARER_SHAPE, `$1 ${REDACTED}`).replace(JWT_SHAPE, REDACTED).replace(TOKEN_SHAPE, REDACTED);
}
