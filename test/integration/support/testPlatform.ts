/**
 * The platform the integration tests give the extension: VS Code's own settings, log channel and
 * state, with the parts a test must control made switchable — the prompter (scripted answers),
 * the clipboard (in memory), the secret storage (a keyring that fails) — a clock whose timers a
 * test can run early, and a home folder of the tests' own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Clipboard, Clock, Disposable, SecretStore } from '../../../src/core/ports';
import type { Platform } from '../../../src/platform/platform';
import type { Choice, InputOptions, MessageSeverity, PickOptions, Prompter } from '../../../src/platform/prompter';
import { createVSCodePlatform } from '../../../src/platform/vscodePlatform';
import { VSCodePrompter } from '../../../src/platform/vscodePrompter';

/** Answers through whichever prompter a test put in place (VS Code's own when none). */
export class SwitchablePrompter implements Prompter {
  current: Prompter | undefined;
  readonly #real = new VSCodePrompter();

  get #target(): Prompter {
    return this.current ?? this.#real;
  }

  pick<T>(choices: Choice<T>[], options: PickOptions): Promise<T | undefined> {
    return this.#target.pick(choices, options);
  }

  pickMany<T>(choices: Choice<T>[], options: PickOptions): Promise<T[] | undefined> {
    return this.#target.pickMany(choices, options);
  }

  input(options: InputOptions): Promise<string | undefined> {
    return this.#target.input(options);
  }

  modal(severity: MessageSeverity, message: string, detail: string, buttons: string[]): Promise<string | undefined> {
    return this.#target.modal(severity, message, detail, buttons);
  }

  notify(severity: MessageSeverity, message: string, ...actions: string[]): Promise<string | undefined> {
    return this.#target.notify(severity, message, ...actions);
  }
}

export class SwitchableClipboard implements Clipboard {
  current: Clipboard | undefined;

  writeText(value: string): PromiseLike<void> {
    return (this.current ?? vscode.env.clipboard).writeText(value);
  }

  readText(): PromiseLike<string> {
    return (this.current ?? vscode.env.clipboard).readText();
  }
}

/**
 * VS Code's secret storage, or a stand-in (e.g. a keyring that throws) while a test sets one.
 * Change events come from whichever is in place: a stand-in decides what the extension hears.
 */
export class SwitchableSecretStore implements SecretStore {
  #current: SecretStore | undefined;
  #currentEvents: { dispose(): unknown } | undefined;
  readonly #listeners = new Set<(event: { key: string }) => unknown>();

  constructor(readonly real: vscode.SecretStorage) {
    real.onDidChange((event) => {
      if (!this.#current) this.#emit(event);
    });
  }

  set current(store: SecretStore | undefined) {
    this.#currentEvents?.dispose();
    this.#current = store;
    this.#currentEvents = store?.onDidChange((event) => this.#emit(event));
  }

  get(key: string) {
    return (this.#current ?? this.real).get(key);
  }

  store(key: string, value: string) {
    return (this.#current ?? this.real).store(key, value);
  }

  delete(key: string) {
    return (this.#current ?? this.real).delete(key);
  }

  onDidChange(listener: (event: { key: string }) => unknown) {
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  }

  #emit(event: { key: string }): void {
    for (const listener of [...this.#listeners]) listener(event);
  }
}

/** Real time, plus `advance(ms)`: moves "now" forward and runs the timers that fall due. */
export class TestClock implements Clock {
  #offsetMs = 0;
  readonly #timers = new Set<{ due: number; run: () => void; handle: NodeJS.Timeout }>();

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  setTimeout(callback: () => void, ms: number): Disposable {
    const timer = { due: this.now().getTime() + ms, run: callback, handle: setTimeout(() => this.#fire(timer), ms) };
    this.#timers.add(timer);
    return { dispose: () => (clearTimeout(timer.handle), this.#timers.delete(timer)) };
  }

  /** Back to real time (between tests). */
  reset(): void {
    this.#offsetMs = 0;
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
    const now = this.now().getTime();
    for (const timer of [...this.#timers].filter((t) => t.due <= now).sort((a, b) => a.due - b.due)) this.#fire(timer);
  }

  #fire(timer: { run: () => void; handle: NodeJS.Timeout }): void {
    clearTimeout(timer.handle);
    if (this.#timers.delete(timer as never)) timer.run();
  }
}

export interface TestPlatform extends Platform {
  prompter: SwitchablePrompter;
  clipboard: SwitchableClipboard;
  secrets: SwitchableSecretStore;
  clock: TestClock;
}

export function createTestPlatform(context: vscode.ExtensionContext): TestPlatform {
  return {
    ...createVSCodePlatform(context),
    prompter: new SwitchablePrompter(),
    clipboard: new SwitchableClipboard(),
    secrets: new SwitchableSecretStore(context.secrets),
    clock: new TestClock(),
    homeDirectory: emptyHomeDirectory(context),
  };
}

/**
 * A home folder of the tests' own, empty at first: the machine user's CodeThreat CLI files are
 * never found, and tests put a CLI's files here. Removed when the extension is deactivated.
 */
function emptyHomeDirectory(context: vscode.ExtensionContext): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'codethreat-test-home-'));
  context.subscriptions.push({ dispose: () => fs.rmSync(home, { recursive: true, force: true }) });
  return home;
}
