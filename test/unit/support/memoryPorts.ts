// The core's ports (core/ports.ts) in memory, for unit tests that build services without VS Code.
import type { Clock, ExtensionSettings, KeyValueState, SecretStore, SettingsSource } from '../../../src/core/ports';

export function memoryState(): KeyValueState {
  const values = new Map<string, unknown>();
  return { get: <T>(key: string) => values.get(key) as T | undefined, update: async (key, value) => void values.set(key, value) };
}

/** `failStore`: while it answers true, storing fails as a locked keyring does. */
export function memorySecrets(failStore = () => false): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key) => values.get(key),
    store: async (key, value) => {
      if (failStore()) throw new Error('keyring locked');
      values.set(key, value);
    },
    delete: async (key) => void values.delete(key),
    onDidChange: () => ({ dispose: () => undefined }),
  };
}

/** The defaults, with a short request timeout. */
export const testSettings: SettingsSource = {
  read: (): ExtensionSettings => ({ serverUrl: undefined, requestTimeoutSeconds: 5, caCertificateFile: undefined, staleAfterDays: 90, clipboardClearSeconds: 60, expiryWarningDays: 14 }),
  onDidChange: () => ({ dispose: () => undefined }),
};

/**
 * A clock whose timers fire at once (on the next turn), recording what each asked to wait: code
 * that waits through the `Clock` port takes no real time in a test, and the test sees the wait.
 */
export function instantClock(now = new Date('2026-01-01T00:00:00Z')): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    setTimeout: (callback, ms) => {
      waits.push(ms);
      const timer = setImmediate(callback);
      return { dispose: () => clearImmediate(timer) };
    },
  };
}
