/**
 * The extension's settings, read from VS Code. All of them are machine- or application-scoped, so
 * a workspace's `.vscode/settings.json` cannot set them; the snapshot is read once per change
 * (rendering thousands of items asks for the stale threshold each time).
 */
import * as vscode from 'vscode';
import type { Disposable, ExtensionSettings, SettingsSource } from '../core/ports';

const SECTION = 'codethreat';

export class VSCodeSettings implements SettingsSource, Disposable {
  #snapshot: ExtensionSettings | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(SECTION) && !event.affectsConfiguration('http')) return;
    this.#snapshot = undefined;
    for (const listener of [...this.#listeners]) listener();
  });

  read(): ExtensionSettings {
    return (this.#snapshot ??= readSettings());
  }

  onDidChange(listener: () => void): Disposable {
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#listeners.clear();
  }
}

function readSettings(): ExtensionSettings {
  const settings = vscode.workspace.getConfiguration(SECTION);
  return {
    serverUrl: settings.get<string>('serverUrl') || undefined,
    requestTimeoutSeconds: Math.max(1, settings.get<number>('requestTimeoutSeconds', 30)),
    caCertificateFile: settings.get<string>('caCertificateFile') || undefined,
    staleAfterDays: Math.max(1, settings.get<number>('staleAfterDays', 90)),
    clipboardClearSeconds: settings.get<number>('clipboardClearSeconds', 60),
    expiryWarningDays: Math.max(0, settings.get<number>('expiryWarningDays', 14)),
  };
}
