// Response values and the error bodies the legacy CodeThreat API uses.
// Handlers build a Reply instead of writing to the socket, so the server can still delay,
// drop or replace it when a fault is injected.

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Already serialised. */
  body: string;
  /** A page from a proxy in front of the server: it carries no x-api-version header. */
  fromProxy?: boolean;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(value) };
}

/** Every error except 401 uses `{code: <int>, message}`. */
export function errorReply(status: number, message = defaultMessage(status), headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { code: status, message }, headers);
}

/** The documented 401 body; note `code` is a string here, unlike every other error. */
export function invalidTokenReply(message = 'Invalid token'): Reply {
  return jsonReply(401, { status: 401, code: 'Unauthorized', message });
}

/** The generic success body from the swagger, including the server's misspelling. */
export function successReply(): Reply {
  return jsonReply(200, { result: { message: 'successfull' }, error: false });
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request.',
  403: 'Access denied.',
  404: 'Not Found.',
  405: 'Method Not Allowed.',
  408: 'Request timed out.',
  409: 'Conflict.',
  413: 'Request body is too large.',
  422: 'Unprocessable request.',
  429: 'Too many requests. Please try again later.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable.',
  504: 'Gateway timeout.',
};

export function defaultMessage(status: number): string {
  return DEFAULT_MESSAGES[status] ?? `Request failed with status ${status}.`;
}

/** The body an injected status fault sends when the test gives none. */
export function defaultFaultReply(status: number): Reply {
  if (status === 401) return invalidTokenReply();
  if (status < 400) return jsonReply(status, {});
  return errorReply(status);
}

const REASONS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** An error page like the one nginx (or a corporate proxy) shows when the upstream fails. */
export function proxyErrorPageReply(status: number): Reply {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  const body =
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, headers: { 'content-type': 'text/html', server: 'nginx' }, body, fromProxy: true };
}

/** A 200 JSON response cut off mid-way, as if the connection dropped during the body. */
export function malformedJsonReply(): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '[{"id":"64f1c0ffee0000000000abcd","name":"CI pipel',
  };
}
