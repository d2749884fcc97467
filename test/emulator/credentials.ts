// Where a request carries a credential: the legacy `Authorization` header, the AppSec platform's
// `X-API-Key` header, or the password of a legacy sign-in (`client_secret` in the JSON body).
import type { IncomingHttpHeaders } from 'node:http';
import { asRecord, parseJson } from './requestBody';

export type CredentialSource = 'authorization' | 'apiKey' | 'password';

export interface CarriedCredential {
  source: CredentialSource;
  value: string;
}

/** The credential from `Authorization`, with or without the `Bearer ` prefix (both occur in the wild). */
export function credentialFrom(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers.authorization?.trim();
  if (!raw) return undefined;
  const bearer = /^Bearer\s+(.*)$/i.exec(raw);
  const credential = bearer ? bearer[1].trim() : raw;
  return credential || undefined;
}

/** The value of the `X-API-Key` header, trimmed; undefined when absent or blank. */
export function apiKeyFrom(headers: IncomingHttpHeaders): string | undefined {
  return headerValue(headers, 'x-api-key');
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}

/** The credentials in a request's headers, `Authorization` first. */
export function credentialsInHeaders(headers: IncomingHttpHeaders): CarriedCredential[] {
  const found: CarriedCredential[] = [];
  const authorization = credentialFrom(headers);
  if (authorization !== undefined) found.push({ source: 'authorization', value: authorization });
  const apiKey = apiKeyFrom(headers);
  if (apiKey !== undefined) found.push({ source: 'apiKey', value: apiKey });
  return found;
}

/** A sign-in password (`client_secret`) in a JSON body, whatever the path it was sent to. */
export function credentialsInBody(body: Buffer): CarriedCredential[] {
  // Cheap test first, so ordinary bodies are not parsed twice.
  if (!body.includes('client_secret')) return [];
  const parsed = parseJson(body);
  if (!parsed.ok) return [];
  const secret = asRecord(parsed.value).client_secret;
  return typeof secret === 'string' && secret !== '' ? [{ source: 'password', value: secret }] : [];
}
