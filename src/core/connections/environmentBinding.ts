/**
 * An environment credential is bound to the environment it was imported from. The import keeps a
 * digest of the key (never the key) and the server variable that came with it, with a digest of
 * its value or the fact that it was unset. A window whose environment differs (another shell, a
 * Remote-SSH host) may hold another server's key: before any use, both are read again, and a
 * difference means nothing is sent.
 */
import { digest } from '../util/digest';
import type { Connection, EnvironmentBinding } from './connection';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * What differs from the import: the key, the server variable, or nothing can be told because the
 * connection was imported before bindings were kept ('unbound').
 */
export type EnvironmentChange = 'key' | 'server' | 'unbound';

/** Thrown instead of handing out a client: no request is made with a credential of another environment. */
export class EnvironmentChangedError extends Error {
  constructor(
    readonly change: EnvironmentChange,
    /** The variable that changed (for 'unbound': the key's). */
    readonly variable: string,
  ) {
    super(`The environment variable ${variable} is not as it was at import (${change}); nothing was sent.`);
    this.name = 'EnvironmentChangedError';
  }
}

/** A variable's value as the import reads it: trimmed, and undefined when empty. */
function valueOf(environment: Environment, name: string): string | undefined {
  return environment[name]?.trim() || undefined;
}

/** What the import keeps of the environment a key came from: `key`, and the server variable's value now. */
export function bindEnvironment(key: string, serverVariable: string, serverValue: string | undefined): EnvironmentBinding {
  const server = serverValue?.trim() || undefined;
  return { keyDigest: digest(key.trim()), serverVariable, serverDigest: server === undefined ? null : digest(server) };
}

/**
 * The key of an environment connection, read now, if its environment is the one it was imported
 * from. Undefined when the key variable is unset (as before bindings: the connection has no
 * credential in this window); throws `EnvironmentChangedError` when the key or the server variable
 * differs, or when no binding was kept to tell.
 */
export function environmentCredential(connection: Connection, environmentVariable: string, environment: Environment): string | undefined {
  const key = valueOf(environment, environmentVariable);
  if (!key) return undefined;
  const binding = connection.environmentBinding;
  if (!binding) throw new EnvironmentChangedError('unbound', environmentVariable);
  if (digest(key) !== binding.keyDigest) throw new EnvironmentChangedError('key', environmentVariable);
  const server = valueOf(environment, binding.serverVariable);
  if ((server === undefined ? null : digest(server)) !== binding.serverDigest) throw new EnvironmentChangedError('server', binding.serverVariable);
  return key;
}
