// Log of API requests (both dialects), so tests can count round trips and check where a
// credential went. Entries keep the credential values a request carried in its credential places
// (the emulator's data is made up, and "this secret was never sent here" is exactly what tests
// assert), never bodies. Everything else a request carried (its URL, header values and body) is
// kept apart, never serialized, so that tests can ask whether a value reached this server by any
// road: `count({ carrying: value })`.

/** Which kind of valid credential a request carried: a legacy session or access token, or a v1 API key. */
export type AuthKind = 'session' | 'access' | 'apiKey' | 'none';

/** The API a request was addressed to: the legacy one under `/api`, or the AppSec platform's under `/api/v1`. */
export type Dialect = 'classic' | 'v1';

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 while unanswered, and for requests whose connection was reset or that hung. */
  status: number;
  /** Value of the x-ct-organization header, or null when absent. */
  organization: string | null;
  /** Which kind of valid credential the request carried. */
  authKind: AuthKind;
  dialect: Dialect;
  /**
   * Every credential value the request carried, valid or not: the `Authorization` value (without
   * `Bearer `), the `X-API-Key` value, and a sign-in password (`client_secret` in a JSON body,
   * added once the body has arrived). Empty when it carried none.
   */
  credentials: string[];
  /** Arrival time, epoch milliseconds from the emulator clock. */
  at: number;
}

export interface RequestFilter {
  method?: string;
  /** A string must equal the path exactly; a RegExp is tested against it. */
  path?: string | RegExp;
  dialect?: Dialect;
  /** Only requests that carried this credential value (in any of the places above). */
  credential?: string;
  /** Only requests that carried this text (e.g. a credential) in their URL, a header value or their body. */
  carrying?: string;
}

export class RequestLog {
  /** Live array: entries are appended on arrival and get their status when answered. */
  readonly entries: RequestLogEntry[] = [];
  /** What each request carried, kept out of the entries themselves (see the top of this file). */
  readonly #carried = new WeakMap<RequestLogEntry, string[]>();

  /** `carried`: the request's URL and header values; its body follows with `carried()`. */
  record(entry: RequestLogEntry, carried: readonly string[] = []): RequestLogEntry {
    this.entries.push(entry);
    this.#carried.set(entry, [...carried]);
    return entry;
  }

  /** Adds what a request carried that arrived after it was recorded (its body). */
  carried(entry: RequestLogEntry, text: string): void {
    this.#carried.get(entry)?.push(text);
  }

  clear(): void {
    this.entries.length = 0;
  }

  count(filter: RequestFilter = {}): number {
    const method = filter.method?.toUpperCase();
    let n = 0;
    for (const entry of this.entries) {
      if (method !== undefined && entry.method !== method) continue;
      if (typeof filter.path === 'string' && entry.path !== filter.path) continue;
      if (filter.path instanceof RegExp) {
        filter.path.lastIndex = 0;
        if (!filter.path.test(entry.path)) continue;
      }
      if (filter.dialect !== undefined && entry.dialect !== filter.dialect) continue;
      if (filter.credential !== undefined && !entry.credentials.includes(filter.credential)) continue;
      if (filter.carrying !== undefined && !(this.#carried.get(entry) ?? []).some((text) => text.includes(filter.carrying!))) continue;
      n++;
    }
    return n;
  }
}
