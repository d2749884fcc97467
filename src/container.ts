/**
 * The services the composition root builds once (see composition.ts). Features take the parts
 * they use — `Pick<Container, 'connections' | 'prompter'>` — so each module says what it needs.
 */
import type { ServerProbe } from './core/api/clientFactory';
import type { GitHubActionsClient } from './core/ci/githubActionsClient';
import type { CiSecretRecords } from './core/ci/ciSecretRecords';
import type { ConnectionService } from './core/connections/connectionService';
import type { RedactingLogger } from './core/logging/logger';
import type { ClipboardGuard } from './core/tokens/clipboardGuard';
import type { GrantStore } from './core/tokens/grants';
import type { SavedTokenHealth } from './core/tokens/savedTokenHealth';
import type { TokenLists } from './core/tokens/tokenLists';
import type { TokenOperations } from './core/tokens/tokenOperations';
import type { Platform } from './platform/platform';
import type { Prompter } from './platform/prompter';

export interface Container {
  readonly platform: Platform;
  readonly prompter: Prompter;
  readonly logger: RedactingLogger;
  readonly connections: ConnectionService;
  readonly lists: TokenLists;
  readonly health: SavedTokenHealth;
  readonly clipboard: ClipboardGuard;
  /** The keys generated for other extensions, one per grant (the authentication provider's sessions). */
  readonly grants: GrantStore;
  readonly operations: TokenOperations;
  /** Which API generation a server speaks, asked without a credential. */
  readonly probeServer: ServerProbe;
  /** Where keys live in CI (GitHub Actions secrets): metadata only. */
  readonly ciSecrets: CiSecretRecords;
  /** A GitHub REST client for Actions secrets and variables, with a GitHub session's token. */
  readonly createGitHubClient: (apiUrl: string, token: string) => GitHubActionsClient;
}
