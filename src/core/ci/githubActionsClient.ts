/**
 * The GitHub REST calls that store a CodeThreat key as a GitHub Actions secret: the repository's
 * (or environment's) public key, the secret's metadata, the secret itself (sealed before it
 * leaves this process), and Actions variables. Built on the extension's own HTTP transport, which
 * already bounds every answer in time and size, never follows a redirect with a credential,
 * keeps the GitHub token out of every error text and goes through VS Code's proxy support.
 */
import { HttpTransport, type ConnectionOptions } from '../api/httpTransport';
import { isApiError } from '../api/errors';
import type { GitHubRepository } from './githubRepository';
import { sealForGitHub } from './sealedBox';

export interface ActionsPublicKey {
  keyId: string;
  key: string;
}

export interface SecretPlace {
  repository: GitHubRepository;
  name: string;
  /** An environment secret instead of a repository one. */
  environment?: string;
}

export class GitHubActionsClient {
  readonly #http: HttpTransport;

  constructor(options: Omit<ConnectionOptions, 'serverUrl'>, apiUrl: string, token: string) {
    this.#http = new HttpTransport({
      ...options,
      serverUrl: apiUrl.replace(/\/+$/, ''),
      apiPrefix: '',
      headers: { Accept: 'application/vnd.github+json', Authorization: `Bearer ${token}`, 'X-GitHub-Api-Version': '2022-11-28' },
      secrets: [token],
      readServerError: (body) => {
        const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
        return { message: typeof message === 'string' ? message : undefined };
      },
    });
  }

  /** The key a secret is sealed to. Throws `forbidden`/`notFound` without write access to secrets. */
  async publicKey(repository: GitHubRepository, environment: string | undefined, signal?: AbortSignal): Promise<ActionsPublicKey> {
    const { body } = await this.#http.call<{ key_id?: unknown; key?: unknown }>({ method: 'GET', path: `${secretsRoot(repository, environment)}/public-key`, idempotent: true, signal });
    if (typeof body?.key_id !== 'string' || typeof body.key !== 'string') throw new Error('GitHub sent no public key.');
    return { keyId: body.key_id, key: body.key };
  }

  /** When the secret was last set, or undefined when there is none. */
  async secretUpdatedAt(place: SecretPlace, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const { body } = await this.#http.call<{ updated_at?: unknown }>({ method: 'GET', path: secretPath(place), idempotent: true, signal });
      return typeof body?.updated_at === 'string' ? body.updated_at : undefined;
    } catch (error) {
      if (isApiError(error, 'notFound')) return undefined;
      throw error;
    }
  }

  /** Seals `value` to `key` and stores it. The value leaves this process only sealed. */
  async putSecret(place: SecretPlace, key: ActionsPublicKey, value: string, signal?: AbortSignal): Promise<void> {
    const encrypted = await sealForGitHub(value, key.key);
    await this.#http.call({ method: 'PUT', path: secretPath(place), data: { encrypted_value: encrypted, key_id: key.keyId }, idempotent: false, signal, extraSecrets: [value] });
  }

  /** Creates or updates a repository's Actions variable. */
  async setVariable(repository: GitHubRepository, name: string, value: string, signal?: AbortSignal): Promise<void> {
    const root = `${repoPath(repository)}/actions/variables`;
    try {
      await this.#http.call({ method: 'PATCH', path: `${root}/${encodeURIComponent(name)}`, data: { name, value }, idempotent: false, signal });
    } catch (error) {
      if (!isApiError(error, 'notFound')) throw error;
      await this.#http.call({ method: 'POST', path: root, data: { name, value }, idempotent: false, signal });
    }
  }
}

function repoPath(repository: GitHubRepository): string {
  return `/repos/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.name)}`;
}

function secretsRoot(repository: GitHubRepository, environment: string | undefined): string {
  return environment === undefined ? `${repoPath(repository)}/actions/secrets` : `${repoPath(repository)}/environments/${encodeURIComponent(environment)}/secrets`;
}

function secretPath(place: SecretPlace): string {
  return `${secretsRoot(place.repository, place.environment)}/${encodeURIComponent(place.name)}`;
}
