/** Builds the public API (see codeThreatAccessTokensApi.ts): connection metadata and change events. */
import type { Container } from '../../container';
import type { CodeThreatAccessTokensApi, CodeThreatConnectionInfo } from './codeThreatAccessTokensApi';

export function registerPublicApi({ connections }: Pick<Container, 'connections'>): CodeThreatAccessTokensApi {
  return Object.freeze({
    version: 2 as const,
    async getConnections(): Promise<CodeThreatConnectionInfo[]> {
      return Promise.all(
        connections.connections().map(async (connection) => ({
          id: connection.id,
          serverUrl: connection.serverUrl,
          organization: connection.organization,
          username: connection.username,
          hasSavedToken: !!(await connections.savedTokenInfo(connection.id).catch(() => undefined)),
        })),
      );
    },
    onDidChangeToken(listener: (event: { connectionId: string }) => unknown) {
      return connections.onDidChange((change) => {
        if (change.kind !== 'credential') listener({ connectionId: change.connectionId });
      });
    },
  });
}
