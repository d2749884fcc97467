/**
 * Composition root: builds the services once, registers the view and the commands, and returns
 * the extension's API. Activation does no network or secret-storage work of its own; the view
 * loads when it is first shown.
 */
import * as vscode from 'vscode';
import type { CodeThreatClient as CodeThreatClientType } from './api/codeThreatClient';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, CodeThreatAuthenticationProvider } from './auth/codeThreatAuthenticationProvider';
import { COMMANDS } from './commands/commandIds';
import { deleteToken, type DeleteArgs } from './commands/deleteToken';
import { generateToken, type GenerateArgs } from './commands/generateToken';
import { refreshTokens } from './commands/refreshTokens';
import type { Clipboard, Services } from './commands/services';
import { signIn, type SignInArgs } from './commands/signIn';
import { signOut, type SignOutArgs } from './commands/signOut';
import { rotateToken, type RotateArgs } from './commands/rotateToken';
import { verifySavedToken } from './commands/verifyToken';
import { clearFilter, filterTokens, showStaleOnly, sortTokens } from './commands/viewOptionCommands';
import { ConnectionService, type ClientFactory } from './connection/connectionService';
import { ConnectionStore, type KeyValueState } from './connection/connectionStore';
import { importCredentials } from './import/importCredentials';
import { offerImport } from './import/importOffer';
import { RedactingLogger } from './logging/logger';
import { httpsAgentFor } from './net/httpsAgent';
import { SecretVault, type SecretStore } from './secrets/secretVault';
import type { CodeThreatAccessTokensApi } from './publicApi/codeThreatAccessTokensApi';
import { createExtensionApi } from './publicApi/extensionApi';
import { SavedTokenHealth, trackSavedTokenHealth } from './tokens/savedTokenHealth';
import { TokenLists } from './tokens/tokenLists';
import type { Prompter } from './ui/prompter';
import { ClipboardAutoClear } from './ui/clipboardAutoClear';
import { VSCodePrompter } from './ui/vscodePrompter';
import { TOKENS_VIEW_ID, TokensTreeDataProvider } from './views/tokensTreeDataProvider';
import { TokenStatusBar } from './views/statusBar';
import { TokenViewOptions, type SortOrder } from './views/tokenViewOptions';
import type { TokenNode } from './views/tokenTreeItem';

/** Hooks for the integration tests; present only when VS Code runs the extension under test. */
export interface TestingHooks {
  services: Services;
  statusBar: TokenStatusBar;
  authProvider: CodeThreatAuthenticationProvider;
  /** How often the clipboard was cleared after a copy. */
  clipboardClears(): number;
  /** Runs the plain-text credential check that activation schedules; returns the sources offered. */
  offerImport(): Promise<string[]>;
  setPrompter(prompter: Prompter | undefined): void;
  setClipboard(clipboard: Clipboard | undefined): void;
  /** Replaces VS Code's secret storage, e.g. with one that fails like a missing keyring. */
  setSecretStore(store: SecretStore | undefined): void;
  /** The real secret storage, as another window would write to it. */
  rawSecrets: vscode.SecretStorage;
  /** This extension's log folder; its parent holds every log the extension host writes. */
  logUri: vscode.Uri;
  /** Everything in globalState and workspaceState, for leak checks. */
  stateDump(): Record<string, unknown>;
  /** Signs out of everything and forgets saved tokens: a clean slate between tests. */
  reset(): Promise<void>;
}

/** The public API, plus test hooks when VS Code runs the extension's tests. */
export type CodeThreatExtensionApi = CodeThreatAccessTokensApi & { readonly testing?: TestingHooks };

export function activate(context: vscode.ExtensionContext): CodeThreatExtensionApi {
  // The log channel is created with its first line (or "Show Logs"), not at activation.
  let outputChannel: vscode.LogOutputChannel | undefined;
  const output = () => (outputChannel ??= vscode.window.createOutputChannel('CodeThreat', { log: true }));
  context.subscriptions.push({ dispose: () => outputChannel?.dispose() });
  const logger = new RedactingLogger({
    info: (line) => output().info(line),
    warn: (line) => output().warn(line),
    error: (line) => output().error(line),
  });
  const extensionVersion = String(context.extension.packageJSON.version ?? '0.0.0');
  const settings = () => vscode.workspace.getConfiguration('codethreat');

  // Built when first needed and again after the setting changes, never at activation.
  let httpsAgent: { file: string | undefined; agent: ReturnType<typeof httpsAgentFor> } | undefined;
  const agentForSettings = () => {
    const file = settings().get<string>('caCertificateFile') || undefined;
    if (!httpsAgent || httpsAgent.file !== file) httpsAgent = { file, agent: httpsAgentFor(file) };
    return httpsAgent.agent;
  };

  const createClient: ClientFactory = (target, credential) => {
    logger.addSecret(credential);
    // Loaded on first use: axios is most of the bundle, and activation needs none of it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CodeThreatClient } = require('./api/codeThreatClient') as { CodeThreatClient: typeof CodeThreatClientType };
    return new CodeThreatClient({
      serverUrl: target.serverUrl,
      organization: target.organization,
      credential,
      userAgent: `CodeThreat-Access-Tokens-VSCode/${extensionVersion} (VS Code ${vscode.version})`,
      timeoutMs: Math.max(1, settings().get<number>('requestTimeoutSeconds', 30)) * 1000,
      httpsAgent: agentForSettings(),
      onRequest: (entry) =>
        logger.info(
          `${entry.method} ${entry.path} → ${entry.status ?? entry.errorKind ?? '?'} in ${entry.durationMs} ms${entry.attempt > 1 ? ` (attempt ${entry.attempt})` : ''}`,
        ),
    });
  };

  let secretStoreOverride: SecretStore | undefined;
  const vault = new SecretVault(() => secretStoreOverride ?? context.secrets);
  const connections = new ConnectionService(new ConnectionStore(context.globalState, vault), createClient);
  const lists = new TokenLists(connections);
  const health = new SavedTokenHealth();
  // Read once per change, not once per rendered item.
  let staleAfterDays: number | undefined;
  const viewOptions = new TokenViewOptions(context.globalState, () => (staleAfterDays ??= Math.max(1, settings().get<number>('staleAfterDays', 90))));
  const tree = new TokensTreeDataProvider(connections, lists, viewOptions);
  const treeView = vscode.window.createTreeView(TOKENS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: false });
  tree.attach(treeView);

  const realPrompter = new VSCodePrompter();
  let prompterOverride: Prompter | undefined;
  let clipboardOverride: Clipboard | undefined;
  let clipboardClears = 0;
  const clipboardAutoClear = new ClipboardAutoClear(
    () => clipboardOverride ?? vscode.env.clipboard,
    () => settings().get<number>('clipboardClearSeconds', 60),
    () => {
      clipboardClears++;
      vscode.window.setStatusBarMessage(`$(clippy) ${vscode.l10n.t('Cleared the copied CodeThreat token from the clipboard.')}`, 8000);
    },
  );
  const services: Services = {
    connections,
    lists,
    tree,
    health,
    logger,
    get prompter() {
      return prompterOverride ?? realPrompter;
    },
    get clipboard() {
      return clipboardOverride ?? vscode.env.clipboard;
    },
    copySecret: (value) => clipboardAutoClear.copy(value),
    defaultServerUrl: () => settings().get<string>('serverUrl') || undefined,
  };

  const authProvider = new CodeThreatAuthenticationProvider(services);
  const statusBar = new TokenStatusBar(connections, health);
  // Shown right after activation: the status bar is not what activation is waiting for.
  const showStatusBar = setTimeout(() => statusBar.show(), 0);
  context.subscriptions.push(
    treeView,
    tree,
    lists,
    connections,
    health,
    viewOptions,
    clipboardAutoClear,
    authProvider,
    statusBar,
    { dispose: () => clearTimeout(showStatusBar) },
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, authProvider, { supportsMultipleAccounts: false }),
    trackSavedTokenHealth(connections, lists, health),
    vscode.commands.registerCommand(COMMANDS.signIn, (args?: SignInArgs) => signIn(services, args)),
    vscode.commands.registerCommand(COMMANDS.signOut, (args?: SignOutArgs) => signOut(services, args)),
    vscode.commands.registerCommand(COMMANDS.refresh, () => refreshTokens(services)),
    vscode.commands.registerCommand(COMMANDS.generate, (args?: GenerateArgs) => generateToken(services, args)),
    vscode.commands.registerCommand(COMMANDS.delete, (target?: DeleteArgs | TokenNode) => deleteToken(services, target)),
    vscode.commands.registerCommand(COMMANDS.rotate, (args?: RotateArgs) => rotateToken(services, args)),
    vscode.commands.registerCommand(COMMANDS.filter, (args?: { text?: string }) => filterTokens(services, args)),
    vscode.commands.registerCommand(COMMANDS.clearFilter, () => clearFilter(services)),
    vscode.commands.registerCommand(COMMANDS.sort, (args?: { by?: SortOrder }) => sortTokens(services, args)),
    vscode.commands.registerCommand(COMMANDS.showStaleOnly, () => showStaleOnly(services, true)),
    vscode.commands.registerCommand(COMMANDS.showAll, () => showStaleOnly(services, false)),
    vscode.commands.registerCommand(COMMANDS.verify, (hint?: { connectionId?: string }) => verifySavedToken(services, hint)),
    vscode.commands.registerCommand(COMMANDS.importCredentials, (args?: { key?: string }) => importCredentials(services, args)),
    vscode.commands.registerCommand(COMMANDS.showLogs, () => output().show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('codethreat') || event.affectsConfiguration('http')) connections.resetClients();
      if (event.affectsConfiguration('codethreat.staleAfterDays')) {
        staleAfterDays = undefined;
        tree.refreshView();
      }
    }),
    // Secret storage is shared by every window: a token saved or removed elsewhere shows here.
    context.secrets.onDidChange((event) => {
      const change = ConnectionStore.connectionOfKey(event.key);
      if (change) void connections.secretChanged(change);
    }),
  );

  // After activation, not during it: looking for plain-text credentials reads files.
  const importCheck = setTimeout(() => void offerImport(services, context.globalState).catch(() => undefined), 1500);
  context.subscriptions.push({ dispose: () => clearTimeout(importCheck) });

  const api = createExtensionApi(services, context.extensionPath);
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    return {
      ...api,
      testing: {
        services,
        statusBar,
        authProvider,
        offerImport: () => offerImport(services, context.globalState),
        clipboardClears: () => clipboardClears,
        setPrompter: (prompter) => (prompterOverride = prompter),
        setClipboard: (clipboard) => (clipboardOverride = clipboard),
        setSecretStore: (store) => (secretStoreOverride = store),
        rawSecrets: context.secrets,
        logUri: context.logUri,
        stateDump: () => ({ ...dumpState(context.globalState), ...dumpState(context.workspaceState) }),
        reset: async () => {
          for (const connection of connections.connections()) await connections.signOut(connection.id, { forgetSavedToken: true });
        },
      },
    };
  }
  return api;
}

function dumpState(state: KeyValueState & { keys(): readonly string[] }): Record<string, unknown> {
  return Object.fromEntries(state.keys().map((key) => [key, state.get(key)]));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
