/**
 * Logging for code below the UI. Every line passes through `redact`, the last line of defence
 * should a caller ever hand a secret to a log call: the credentials of live API clients are
 * scrubbed by value, and anything shaped like a token by pattern. A credential is kept here only
 * while a client uses it: signing out forgets it.
 */
import { redact } from '../api/redact';
import type { Disposable, LogSink } from '../ports';

export type Logger = LogSink;

export class RedactingLogger implements Logger {
  /** Live secrets and how many holders each has. */
  readonly #secrets = new Map<string, number>();

  constructor(private readonly sink: LogSink) {}

  /** Scrubs `value` from every line until the returned handle is disposed. */
  trackSecret(value: string | undefined): Disposable {
    if (!value) return { dispose: () => undefined };
    this.#secrets.set(value, (this.#secrets.get(value) ?? 0) + 1);
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        const holders = (this.#secrets.get(value) ?? 1) - 1;
        if (holders > 0) this.#secrets.set(value, holders);
        else this.#secrets.delete(value);
      },
    };
  }

  debug(message: string): void {
    this.sink.debug(this.#clean(message));
  }

  info(message: string): void {
    this.sink.info(this.#clean(message));
  }

  warn(message: string): void {
    this.sink.warn(this.#clean(message));
  }

  error(message: string): void {
    this.sink.error(this.#clean(message));
  }

  #clean(message: string): string {
    return redact(message, [...this.#secrets.keys()]);
  }
}
