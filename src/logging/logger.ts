/**
 * Logging goes through this interface so that code below the UI can log without importing
 * `vscode`. The VS Code implementation writes to the "CodeThreat" log output channel (which adds
 * timestamps and levels). Every line passes through `redact`, the last line of defence should a
 * caller ever hand a secret to a log call.
 */
import { redact } from '../api/redact';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Wraps a sink so that every line is redacted, including secrets registered at run time. */
export class RedactingLogger implements Logger {
  readonly #secrets = new Set<string>();

  constructor(private readonly sink: LogSink) {}

  /** Values to scrub from every later line (e.g. a credential just read from secret storage). */
  addSecret(value: string | undefined): void {
    if (value) this.#secrets.add(value);
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
    return redact(message, [...this.#secrets]);
  }
}
