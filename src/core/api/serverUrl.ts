/**
 * Server addresses as users type them: with or without a trailing slash or the `/api` suffix.
 * The canonical form is the server root (`https://host[:port]`), which is also what identifies a
 * connection. Anything that would make the address ambiguous or unsafe (credentials, a query, a
 * path other than `/api`, a scheme other than http/https) is refused with a reason.
 */
export const CLOUD_SERVER_URL = 'https://cloud.codethreat.com';

export type ServerUrlProblem =
  | 'empty'
  | 'notAUrl'
  | 'unsupportedScheme'
  | 'hasCredentials'
  | 'hasQueryOrFragment'
  | 'hasPath';

export type ServerUrlResult = { ok: true; url: string } | { ok: false; problem: ServerUrlProblem };

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
  if (path !== '' && path.toLowerCase() !== '/api') return { ok: false, problem: 'hasPath' };
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
