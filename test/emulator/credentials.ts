// Where a request carries a credential.
import type { IncomingHttpHeaders } from 'node:http';

/** The credential from `Authorization`, with or without the `Bearer ` prefix (both occur in the wild). */
export function credentialFrom(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers.authorization?.trim();
  if (!raw) return undefined;
  const bearer = /^Bearer\s+(.*)$/i.exec(raw);
  const credential = bearer ? bearer[1].trim() : raw;
  return credential || undefined;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}
