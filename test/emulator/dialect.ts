// What the server needs from each API it speaks: the legacy one under /api (apiRoutes.ts) and
// the AppSec platform's under /api/v1 (v1/routes.ts). Faults, the request log and body reading
// are shared; each dialect answers in its own body shapes.
import type { IncomingHttpHeaders } from 'node:http';
import type { CarriedCredential } from './credentials';
import type { Reply } from './replies';
import type { BodyResult } from './requestBody';
import type { AuthKind, Dialect } from './requestLog';

export interface DialectRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Not ok when it was over the size limit. */
  body: BodyResult;
}

export interface DialectHandler {
  readonly name: Dialect;
  /** Which kind of valid credential the request carries, for the log (no side effects). */
  authKind(headers: IncomingHttpHeaders): AuthKind;
  /** Answers a request whose body has arrived; marks the credential it used as used. */
  handle(request: DialectRequest): Reply;
  /** The answer to an injected status fault that gives no body. */
  faultReply(status: number): Reply;
  /** A 200 JSON answer cut off mid-way. */
  malformedJsonReply(): Reply;
  /** A 401 in this dialect's error shape whose message is `message`. */
  unauthorizedReply(message: string): Reply;
}

/** The message of an echoCredential fault: every credential the request carried, verbatim. */
export function echoCredentialMessage(credentials: readonly CarriedCredential[]): string {
  if (credentials.length === 0) return 'Invalid token (none was sent)';
  const describe = ({ source, value }: CarriedCredential) => {
    switch (source) {
      case 'authorization':
        return `Invalid token ${value}`;
      case 'apiKey':
        return `Invalid API key ${value}`;
      case 'password':
        return `Invalid password ${value}`;
    }
  };
  return credentials.map(describe).join('; ');
}
