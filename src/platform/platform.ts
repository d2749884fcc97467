/**
 * The platform the extension runs on, as the composition root receives it: every adapter the
 * core and the features use, each behind its interface. `createVSCodePlatform` builds the real
 * one; any other composition can bring its own parts.
 */
import type { Clipboard, Clock, KeyValueState, LogSink, SecretStore, SettingsSource } from '../core/ports';
import type { GitLocation } from '../core/util/gitExecutable';
import type { Prompter } from './prompter';

export interface Platform {
  prompter: Prompter;
  clipboard: Clipboard;
  secrets: SecretStore;
  /** globalState: connection metadata and view preferences, never a secret. */
  state: KeyValueState;
  settings: SettingsSource;
  log: LogSink & { show(): void };
  clock: Clock;
  /** e.g. `CodeThreat-Access-Tokens-VSCode/0.2.0 (VS Code 1.100.3)`. */
  userAgent: string;
  /** The user's home folder, where CodeThreat's command-line tools keep their credentials. */
  homeDirectory: string;
  /** Where VS Code finds git (see `findGit`). */
  git: GitLocation;
}
