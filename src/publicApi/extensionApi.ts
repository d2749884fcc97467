/** Implements the public API (see codeThreatAccessTokensApi.ts) over the extension's services. */
import * as vscode from 'vscode';
import { connectionLabel } from '../commands/commandSupport';
import type { Services } from '../commands/services';
import type { CodeThreatAccessTokensApi, CodeThreatConnectionInfo } from './codeThreatAccessTokensApi';

export function createExtensionApi(services: Services, ownExtensionPath: string): CodeThreatAccessTokensApi {
  /** Connections whose token the user allowed to hand out in this window. */
  const allowed = new Set<string>();
  return {
    version: 1,
    async getConnections(): Promise<CodeThreatConnectionInfo[]> {
      return Promise.all(
        services.connections.connections().map(async (connection) => ({
          id: connection.id,
          serverUrl: connection.serverUrl,
          organization: connection.organization,
          username: connection.username,
          hasSavedToken: !!(await services.connections.savedTokenInfo(connection.id).catch(() => undefined)),
        })),
      );
    },
    async getToken(connectionId?: string): Promise<string | undefined> {
      const connection = connectionId ? services.connections.find(connectionId) : services.connections.active;
      if (!connection) return undefined;
      const saved = await services.connections.savedToken(connection.id);
      if (!saved) return undefined;
      if (!allowed.has(connection.id)) {
        const caller = callingExtension(ownExtensionPath);
        const allow = vscode.l10n.t('Allow');
        const answer = await services.prompter.modal(
          'warning',
          caller
            ? vscode.l10n.t('The extension "{0}" asks for your CodeThreat access token for {1}.', caller, connectionLabel(connection))
            : vscode.l10n.t('An extension asks for your CodeThreat access token for {0}.', connectionLabel(connection)),
          vscode.l10n.t('It gets the token "{0}" and can call CodeThreat as you until the token is deleted. Allow only extensions you trust; VS Code asks again after a restart.', saved.name),
          [allow],
        );
        if (answer !== allow) return undefined;
        allowed.add(connection.id);
        services.logger.info(`Handed the saved token of ${connection.id} to ${caller ?? 'an extension'}`);
      }
      return saved.value;
    },
    onDidChangeToken(listener) {
      return services.connections.onDidChange((change) => {
        if (change.kind === 'savedToken' || change.kind === 'signedOut') listener({ connectionId: change.connectionId });
      });
    },
  };
}

/** Best effort: which installed extension's code is on the call stack (not ours). */
function callingExtension(ownExtensionPath: string): string | undefined {
  const stack = new Error().stack ?? '';
  const candidates = vscode.extensions.all.filter((e) => e.extensionPath !== ownExtensionPath);
  const caller = candidates.find((e) => stack.includes(e.extensionPath));
  return caller ? String(caller.packageJSON.displayName ?? caller.id) : undefined;
}
