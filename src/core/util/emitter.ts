/**
 * A minimal event emitter whose `event` has the shape of `vscode.Event`, so that model code can
 * run in plain Node (the core has no `vscode` import) and still feed VS Code APIs such as `onDidChangeTreeData`.
 */
import type { Disposable } from '../ports';

export type { Disposable };

export type Event<T> = (listener: (value: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> implements Disposable {
  #listeners = new Set<(value: T) => unknown>();

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs ? listener.bind(thisArgs) : listener;
    this.#listeners.add(bound);
    const subscription = { dispose: () => void this.#listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of [...this.#listeners]) listener(value);
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
