/**
 * Server addresses as users type them: with or without a trailing slash or the `/api` (classic)
 * or `/api/v1` (AppSec platform) suffix. The canonical form is the server root
 * (`https://host[:port]`), which is also what identifies a connection. Anything that would make the
 * address ambiguous or unsafe (credentials, a query, a path other than `/api` or `/api/v1`, a
 * scheme other than http/https) is refused with a reason.
 */
/** The classic API's cloud. */
export const CLOUD_SERVER_URL = 'https://cloud.codethreat.com';
/** The AppSec platform's cloud (API v1). */
export const APPSEC_CLOUD_SERVER_URL = 'https://app.codethreat.com';

export type ServerUrlProblem =
  | 'empty'
  | 'notAUrl'
  | 'unsupportedScheme'
  | 'hasCredentials'
  | 'hasQueryOrFragment'
  | 'hasPath';

export type ServerUrlResult = { ok: true; url: string } | { ok: false; problem: ServerUrlProblem };

/** What people copy from API docs and CLI configs after the root; stripped. */
const API_SUFFIXES = ['/api', '/api/v1'];

export function normalizeServerUrl(input: string): ServerUrlResult {
  let text = input.trim();
  if (!text) return { ok: false, problem: 'empty' };
  // "codethreat.example.com" is what people paste from an address bar more often than not.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) text = `https://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, problem: 'notAUrl' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { ok: false, problem: 'unsupportedScheme' };
  if (!parsed.hostname) return { ok: false, problem: 'notAUrl' };
  if (parsed.username || parsed.password) return { ok: false, problem: 'hasCredentials' };
  if (parsed.search || parsed.hash || text.includes('?') || text.includes('#')) {
    return { ok: false, problem: 'hasQueryOrFragment' };
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path !== '' && !API_SUFFIXES.includes(path.toLowerCase())) return { ok: false, problem: 'hasPath' };
  return { ok: true, url: `${parsed.protocol}//${parsed.host}` };
}

/** True for addresses whose traffic never leaves this machine. */
export function isLoopbackUrl(serverUrl: string): boolean {
  const host = new URL(serverUrl).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** True when credentials would travel unencrypted to another machine. */
export function isInsecureRemoteUrl(serverUrl: string): boolean {
  return new URL(serverUrl).protocol === 'http:' && !isLoopbackUrl(serverUrl);
}
