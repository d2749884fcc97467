/**
 * The "CodeThreat" log output channel. Created with its first line (or "Show Logs"), not at
 * activation. Its level is the user's ("Developer: Set Log Level…"): `debug` lines, such as one per
 * HTTP request, show only when asked for.
 */
import * as vscode from 'vscode';
import type { Disposable, LogSink } from '../core/ports';

export class LogOutput implements LogSink, Disposable {
  #channel: vscode.LogOutputChannel | undefined;

  get #output(): vscode.LogOutputChannel {
    return (this.#channel ??= vscode.window.createOutputChannel('CodeThreat', { log: true }));
  }

  debug(message: string): void {
    this.#output.debug(message);
  }

  info(message: string): void {
    this.#output.info(message);
  }

  warn(message: string): void {
    this.#output.warn(message);
  }

  error(message: string): void {
    this.#output.error(message);
  }

  show(): void {
    this.#output.show(true);
  }

  dispose(): void {
    this.#channel?.dispose();
  }
}
