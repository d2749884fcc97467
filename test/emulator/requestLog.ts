// Log of /api requests, so performance tests can count round trips.
// It deliberately keeps no Authorization values and no bodies.

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
}

export class RequestLog {
  /** Live array: entries are appended on arrival and get their status when answered. */
  readonly entries: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): RequestLogEntry {
    this.entries.push(entry);
    return entry;
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
      n++;
    }
    return n;
  }
}
