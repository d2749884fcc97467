/**
 * Turns axios outcomes into `CodeThreatApiError`s. HTTP failures keep the server's own message
 * (read by the dialect: the classic API sends `{code, message}`, the AppSec platform
 * `{success: false, error: {code, message}}`) once redacted; transport failures get a sentence
 * naming what went wrong on the way.
 */
import type { AxiosError, AxiosResponse } from 'axios';
import { CodeThreatApiError, type ApiErrorKind } from './errors';
import { redact } from './redact';
import { plainText, SENTENCE_LENGTH } from '../util/untrustedText';

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'EPROTO',
]);

const NETWORK_MESSAGES: Record<string, string> = {
  ENOTFOUND: 'The server name could not be found.',
  EAI_AGAIN: 'The server name could not be looked up.',
  ECONNREFUSED: 'The server refused the connection.',
  ECONNRESET: 'The connection to the server was reset.',
  EHOSTUNREACH: 'The server cannot be reached.',
  ENETUNREACH: 'The network is unreachable.',
  EPIPE: 'The connection to the server was closed.',
};

export function mapTransportFailure(
  error: AxiosError,
  secrets: readonly (string | undefined)[],
  signal?: AbortSignal,
): CodeThreatApiError {
  const code = error.code ?? (error.cause as { code?: string } | undefined)?.code;
  if (signal?.aborted || code === 'ERR_CANCELED') {
    return new CodeThreatApiError('cancelled', 'The request was cancelled.', { code });
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message)) {
    return new CodeThreatApiError('timeout', 'The server did not answer in time.', { code });
  }
  if (code && TLS_CODES.has(code)) {
    return new CodeThreatApiError('tls', redact(`The server's certificate was not accepted (${code}).`, secrets), { code });
  }
  const message = (code && NETWORK_MESSAGES[code]) ?? redact(`The server could not be reached (${code ?? error.message}).`, secrets);
  return new CodeThreatApiError('network', message, { code });
}

/** The message and code a dialect finds in an error body (already parsed JSON). */
export type ServerErrorReader = (body: unknown) => { message?: string; code?: string };

/** A web page rather than an API answer: a proxy's error page, a login page, a wrong address. */
export function looksLikeHtml(response: AxiosResponse<string>): boolean {
  const text = typeof response.data === 'string' ? response.data : '';
  return /html/i.test(String(response.headers['content-type'] ?? '')) || /^\s*</.test(text);
}

export function mapHttpFailure(
  response: AxiosResponse<string>,
  unsupportedStatuses: readonly number[],
  secrets: readonly (string | undefined)[],
  readServerError: ServerErrorReader,
): CodeThreatApiError {
  const status = response.status;
  const isHtml = looksLikeHtml(response);
  const serverError = isHtml ? {} : readError(response.data, readServerError);
  // Kept as plain text: whatever shows it later (a notification, the view's message) renders links.
  const serverMessage = serverError.message ? plainText(redact(serverError.message, secrets), SENTENCE_LENGTH) : undefined;
  const serverCode = serverError.code ? plainText(redact(serverError.code, secrets), 60) : undefined;
  const details = { status, serverMessage, serverCode };

  if (status >= 300 && status < 400) {
    const location = typeof response.headers.location === 'string' ? response.headers.location : undefined;
    return new CodeThreatApiError('redirected', 'The server redirected the request.', {
      ...details,
      location: location ? plainText(redact(location, secrets), SENTENCE_LENGTH) : undefined,
    });
  }
  if (unsupportedStatuses.includes(status)) {
    return new CodeThreatApiError('notSupported', 'This CodeThreat server does not offer token management through its API.', details);
  }
  // A proxy or a wrong address answers with its own page; say so instead of guessing at a cause.
  if (isHtml && status !== 401 && status !== 403 && status !== 429) {
    return new CodeThreatApiError('notCodeThreat', `The address answered with a web page (HTTP ${status}) instead of the CodeThreat API.`, details);
  }
  const kind = kindForStatus(status);
  const fallback = `The server answered HTTP ${status}.`;
  return new CodeThreatApiError(kind, serverMessage ?? fallback, {
    ...details,
    retryAfterSeconds: status === 429 ? parseRetryAfter(response.headers['retry-after']) : undefined,
  });
}

function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 405) return 'notSupported';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'badRequest';
  return 'invalidResponse';
}

function readError(text: unknown, reader: ServerErrorReader): { message?: string; code?: string } {
  if (typeof text !== 'string') return {};
  try {
    return reader(JSON.parse(text));
  } catch {
    return {};
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - now) / 1000)) : undefined;
}
