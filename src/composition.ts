/**
 * The composition root: builds every service once from the platform's adapters, then lets each
 * feature register itself. `extension.ts` builds it from VS Code's adapters (`platform/`); the
 * container is the same whatever platform it is given.
 */
import * as vscode from 'vscode';
import type { Container } from './container';
import { createClientFactory, createGitHubClientFactory, createServerProbe } from './core/api/clientFactory';
import { CiSecretRecords } from './core/ci/ciSecretRecords';
import { ConnectionService } from './core/connections/connectionService';
import { ConnectionStore } from './core/connections/connectionStore';
import { SecretVault } from './core/connections/secretVault';
import { RedactingLogger } from './core/logging/logger';
import { ClipboardGuard } from './core/tokens/clipboardGuard';
import { forgetRevokedGrants, GrantStore } from './core/tokens/grants';
import { SavedTokenHealth, trackSavedTokenHealth } from './core/tokens/savedTokenHealth';
import { TokenLists } from './core/tokens/tokenLists';
import { TokenOperations } from './core/tokens/tokenOperations';
import { registerAccountFeature } from './features/account/register';
import { registerImportFeature } from './features/import/register';
import type { CodeThreatAccessTokensApi } from './features/publicApi/codeThreatAccessTokensApi';
import { registerPublicApi } from './features/publicApi/register';
import { ConsentDialogs, showOperationProgress } from './features/shared/consentDialogs';
import { registerTerminalFeature } from './features/terminal/register';
import { registerCiFeature } from './features/ci/register';
import { registerTokensFeature } from './features/tokens/register';
import type { Platform } from './platform/platform';
import { PlainTextPrompter } from './platform/plainTextPrompter';

export function buildContainer(given: Platform, subscriptions: vscode.Disposable[]): Container {
  // Every question and message goes out as plain text, whichever feature asks.
  const prompter = new PlainTextPrompter(given.prompter);
  const platform: Platform = { ...given, prompter };
  const logger = new RedactingLogger(platform.log);
  const createClient = createClientFactory(platform.settings, platform.userAgent, logger, platform.clock);
  const store = new ConnectionStore(platform.state, new SecretVault(platform.secrets));
  const connections = new ConnectionService(store, createClient, (secret) => logger.trackSecret(secret));
  const lists = new TokenLists(connections);
  const health = new SavedTokenHealth();
  const clipboard = new ClipboardGuard(platform.clipboard, platform.clock, () => platform.settings.read().clipboardClearSeconds, announceClipboardCleared);
  const consent = new ConsentDialogs(prompter);
  const grants = new GrantStore(platform.state, new SecretVault(platform.secrets));
  const ciSecrets = new CiSecretRecords(platform.state);
  const operations = new TokenOperations({ connections, lists, consent, clipboard, grants, ciSecrets, logger, clock: platform.clock, showProgress: showOperationProgress });
  subscriptions.push(
    lists,
    connections,
    grants,
    forgetRevokedGrants(lists, grants, logger),
    health,
    clipboard,
    trackSavedTokenHealth(connections, lists, health),
    platform.settings.onDidChange(() => connections.resetClients()),
    // Secret storage is shared by every window: a sign-in or a token saved elsewhere shows here.
    platform.secrets.onDidChange((event) => void connections.secretChanged(event.key)),
    platform.secrets.onDidChange((event) => void grants.secretChanged(event.key)),
  );
  const probeServer = createServerProbe(platform.settings, platform.userAgent, logger, platform.clock);
  const createGitHubClient = createGitHubClientFactory(platform.settings, platform.userAgent, logger);
  return { platform, prompter, logger, connections, lists, health, clipboard, grants, operations, probeServer, ciSecrets, createGitHubClient };
}

export interface Features {
  readonly tokens: ReturnType<typeof registerTokensFeature>;
  readonly account: ReturnType<typeof registerAccountFeature>;
  readonly api: CodeThreatAccessTokensApi;
}

export function registerFeatures(context: vscode.ExtensionContext, container: Container): Features {
  const tokens = registerTokensFeature(context, container);
  const account = registerAccountFeature(context, container);
  registerImportFeature(context, container);
  registerTerminalFeature(context, container);
  registerCiFeature(context, container);
  return { tokens, account, api: registerPublicApi(container) };
}

function announceClipboardCleared(): void {
  vscode.window.setStatusBarMessage(`$(clippy) ${vscode.l10n.t('Cleared the copied CodeThreat token from the clipboard.')}`, 8000);
}
