/** What command handlers work with. Built once in `extension.ts`; tests swap the prompter. */
import type { ConnectionService } from '../connection/connectionService';
import type { Logger } from '../logging/logger';
import type { SavedTokenHealth } from '../tokens/savedTokenHealth';
import type { TokenLists } from '../tokens/tokenLists';
import type { Prompter } from '../ui/prompter';
import type { TokensTreeDataProvider } from '../views/tokensTreeDataProvider';

export interface Clipboard {
  writeText(value: string): Thenable<void>;
  readText(): Thenable<string>;
}

export interface Services {
  readonly connections: ConnectionService;
  readonly lists: TokenLists;
  readonly tree: TokensTreeDataProvider;
  readonly health: SavedTokenHealth;
  readonly logger: Logger;
  readonly clipboard: Clipboard;
  /** Copies a secret; the clipboard is cleared later if it still holds it. */
  copySecret(value: string): Promise<void>;
  /** A getter rather than a field, so tests can script answers after activation. */
  readonly prompter: Prompter;
  /** The server offered first at sign-in (`codethreat.serverUrl`, machine scope). */
  defaultServerUrl(): string | undefined;
}
