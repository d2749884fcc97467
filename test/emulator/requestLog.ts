// Log of /api requests, so performance tests can count round trips.
// Its entries deliberately hold no Authorization values and no bodies (they are serialized, e.g. by
// the /__emulator/requests control route). What a request carried (its URL, header values and body)
// is kept apart, never serialized, only so that tests can ask whether a given credential reached
// this server: `count({ carrying: value })`.

export type AuthKind = 'session' | 'access' | 'none';

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
  /** Arrival time, epoch milliseconds from the emulator clock. */
  at: number;
}

export interface RequestFilter {
  method?: string;
  /** A string must equal the path exactly; a RegExp is tested against it. */
  path?: string | RegExp;
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
      if (filter.carrying !== undefined && !(this.#carried.get(entry) ?? []).some((text) => text.includes(filter.carrying!))) continue;
      n++;
    }
    return n;
  }
}
