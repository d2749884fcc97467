/**
 * The only place secrets live: VS Code's SecretStorage (the OS keyring on desktop). This wrapper
 * turns a storage failure — typically no keyring on a Linux machine — into a
 * `SecretStorageUnavailableError` the UI can explain, instead of an opaque rejection.
 */
import type { SecretStore } from '../ports';

export class SecretStorageUnavailableError extends Error {
  constructor(readonly operation: 'read' | 'write' | 'delete', cause: unknown) {
    // The cause's text may come from a keyring library; it is not kept in the message.
    super(`VS Code's secret storage could not ${operation} a value.`);
    this.name = 'SecretStorageUnavailableError';
    this.cause = cause;
  }
}

export class SecretVault {
  constructor(private readonly store: SecretStore) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return await this.store.get(key);
    } catch (error) {
      throw new SecretStorageUnavailableError('read', error);
    }
  }

  async set(key: string, value: string): Promise<void> {
    try {
      await this.store.store(key, value);
    } catch (error) {
      throw new SecretStorageUnavailableError('write', error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.store.delete(key);
    } catch (error) {
      throw new SecretStorageUnavailableError('delete', error);
    }
  }
}
