/**
 * What the core needs from the platform it runs on, as interfaces: VS Code provides them in
 * production (`src/platform/`); another platform can provide its own. Nothing here imports
 * `vscode`, so the core runs in plain Node.
 */
export interface Disposable {
  dispose(): void;
}

/** VS Code's SecretStorage: shared by every window, private to this extension. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  onDidChange(listener: (event: { key: string }) => unknown): { dispose(): unknown };
}

/** `globalState`: metadata only, never a secret. */
export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface Clipboard {
  writeText(value: string): PromiseLike<void>;
  readText(): PromiseLike<string>;
}

/** Where log lines go (the "CodeThreat" log output channel); the level filter is the sink's. */
export interface LogSink {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Time: "now", and timers (clipboard clearing) that the platform owns. */
export interface Clock {
  now(): Date;
  setTimeout(callback: () => void, ms: number): Disposable;
}

/** The extension's settings as read now (machine- and application-scoped: no workspace values). */
export interface ExtensionSettings {
  /** Server offered first at sign-in. */
  serverUrl: string | undefined;
  requestTimeoutSeconds: number;
  caCertificateFile: string | undefined;
  staleAfterDays: number;
  clipboardClearSeconds: number;
  /** Days before an AppSec key expires from which it is flagged. */
  expiryWarningDays: number;
}

export interface SettingsSource {
  read(): ExtensionSettings;
  /** Fires when one of the extension's settings (or VS Code's proxy settings) changed. */
  onDidChange(listener: () => void): Disposable;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(timer) };
  },
};
