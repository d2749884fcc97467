// The AppSec platform's response envelope: `{success: true, data, meta}` or
// `{success: false, error: {code, message}, meta}`, with `meta: {timestamp, version: "v1", requestId}`.
import { jsonReply, type Reply } from '../replies';
import { newRequestId } from '../tokenValues';

/** The `error.code` for each status the platform documents (others fall back by class). */
const ERROR_CODES: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'The request is invalid.',
  401: 'Invalid API key.',
  403: 'You do not have permission to perform this action.',
  404: 'The requested resource was not found.',
  405: 'Method not allowed.',
  409: 'The request conflicts with the current state of the resource.',
  413: 'The request body is too large.',
  429: 'Rate limit exceeded. Please try again later.',
  500: 'An internal error occurred.',
  503: 'The service is temporarily unavailable.',
};

export function v1ErrorCode(status: number): string {
  return ERROR_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

/** Builds v1 replies; `now` is the emulator clock, for `meta.timestamp`. */
export class V1Replies {
  constructor(private readonly now: () => number) {}

  success(data: unknown, options: { status?: number; pagination?: object } = {}): Reply {
    const body: Record<string, unknown> = { success: true, data };
    if (options.pagination) body.pagination = options.pagination;
    return this.withMeta(options.status ?? 200, body);
  }

  error(status: number, message = DEFAULT_MESSAGES[status] ?? `Request failed with status ${status}.`, headers: Record<string, string> = {}): Reply {
    return this.withMeta(status, { success: false, error: { code: v1ErrorCode(status), message } }, headers);
  }

  /** The body an injected status fault sends when the test gives none. */
  faultReply(status: number): Reply {
    return status < 400 ? this.success({}, { status }) : this.error(status);
  }

  /** A 200 JSON envelope cut off mid-way, as if the connection dropped during the body. */
  malformedJson(): Reply {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"success":true,"data":[{"id":"cm1x0c0ffee00000000000abcd","name":"CI pipel',
    };
  }

  private withMeta(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Reply {
    const requestId = newRequestId();
    body.meta = { timestamp: new Date(this.now()).toISOString(), version: 'v1', requestId };
    return jsonReply(status, body, { 'x-request-id': requestId, ...headers });
  }
}
