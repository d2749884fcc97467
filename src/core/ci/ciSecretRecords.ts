/**
 * Where a key lives in CI: which repository's GitHub Actions secret holds it, and when it was set.
 * Metadata only (global state, per user), never a value; keyed by connection and key id.
 */
import type { KeyValueState } from '../ports';
import type { GitHubRepository } from './githubRepository';

export interface CiSecretRecord {
  repository: GitHubRepository;
  secretName: string;
  environment?: string;
  /** When this extension last stored the secret (ISO 8601), compared with GitHub's `updated_at`. */
  setAt: string;
}

const STATE_KEY = 'codethreat.ciSecrets';

type Stored = Record<string, CiSecretRecord>;

export class CiSecretRecords {
  readonly #listeners = new Set<() => void>();
  /** Bumped on every change made here: what a view renders from these records is recognised by it. */
  version = 0;

  constructor(private readonly state: KeyValueState) {}

  get(connectionId: string, tokenId: string): CiSecretRecord | undefined {
    const record = this.#all()[key(connectionId, tokenId)];
    return isRecord(record) ? record : undefined;
  }

  async set(connectionId: string, tokenId: string, record: CiSecretRecord): Promise<void> {
    await this.state.update(STATE_KEY, { ...this.#all(), [key(connectionId, tokenId)]: record });
    this.#changed();
  }

  async forget(connectionId: string, tokenId: string): Promise<void> {
    const all = this.#all();
    if (!(key(connectionId, tokenId) in all)) return;
    const { [key(connectionId, tokenId)]: _gone, ...rest } = all;
    await this.state.update(STATE_KEY, rest);
    this.#changed();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  #all(): Stored {
    const value = this.state.get<Stored>(STATE_KEY);
    return typeof value === 'object' && value !== null ? value : {};
  }

  #changed(): void {
    this.version++;
    for (const listener of this.#listeners) listener();
  }
}

function key(connectionId: string, tokenId: string): string {
  return `${connectionId}/${tokenId}`;
}

function isRecord(value: unknown): value is CiSecretRecord {
  const record = value as CiSecretRecord | undefined;
  return typeof record?.secretName === 'string' && typeof record.setAt === 'string' && typeof record.repository?.owner === 'string' && typeof record.repository.apiUrl === 'string';
}
