/**
 * Every failure of a CodeThreat API call becomes one `CodeThreatApiError`. Its `kind` is what UI
 * code branches on (and translates); its English `message` is for logs. Neither ever contains a
 * credential: server-provided text is passed through `redact` before it is kept.
 */
export type ApiErrorKind =
  | 'badRequest' // 400/422: the server rejected the input; serverMessage says why
  | 'unauthorized' // 401: credential wrong, revoked or expired
  | 'forbidden' // 403: signed in, but not allowed (e.g. not a member of the organization)
  | 'notFound' // 404
  | 'notSupported' // 404/405 on an endpoint this server does not offer
  | 'conflict' // 409
  | 'rateLimited' // 429; retryAfterSeconds when the server said
  | 'server' // 5xx
  | 'redirected' // 3xx: we never follow redirects with credentials attached
  | 'notCodeThreat' // the address answered, but with a web page rather than CodeThreat's API
  | 'invalidResponse' // malformed JSON or a shape we cannot read
  | 'timeout' // the whole answer (headers and body) did not arrive within the deadline; limit: seconds
  | 'tooLarge' // the answer was larger than this extension reads; limit: bytes
  | 'network' // DNS, refused, reset, ...
  | 'tls' // certificate problems
  | 'cancelled';

export interface ApiErrorDetails {
  status?: number;
  /** The server's own explanation, already redacted and made plain text (core/util/untrustedText). */
  serverMessage?: string;
  /** The server's own error code, e.g. `FORBIDDEN` (AppSec platform) or `Unauthorized`. */
  serverCode?: string;
  retryAfterSeconds?: number;
  /** Low-level code such as ECONNREFUSED or CERT_HAS_EXPIRED. */
  code?: string;
  /** For `redirected`: where the server wanted to send us (redacted, plain text). */
  location?: string;
  /** For `invalidResponse`: the field that could not be read. */
  field?: string;
  /** For `invalidResponse` without a field: what was wrong with the body. */
  reason?: 'malformedJson';
  /** For `timeout` and `tooLarge`: the limit that was reached (seconds, bytes). */
  limit?: number;
}

export class CodeThreatApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
    this.name = 'CodeThreatApiError';
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isApiError(error: unknown, ...kinds: ApiErrorKind[]): error is CodeThreatApiError {
  return error instanceof CodeThreatApiError && (kinds.length === 0 || kinds.includes(error.kind));
}
