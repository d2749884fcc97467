/** `codethreat.tokens.refresh`: reloads the list with the view's progress bar; reports failures. */
import * as vscode from 'vscode';
import { TOKENS_VIEW_ID } from '../views/tokensTreeDataProvider';
import { reportFailure, requireConnection } from './commandSupport';
import type { Services } from './services';

export async function refreshTokens(services: Services): Promise<{ count: number } | undefined> {
  const connection = requireConnection(services);
  if (!connection) return undefined;
  const model = services.lists.get(connection.id);
  try {
    await vscode.window.withProgress({ location: { viewId: TOKENS_VIEW_ID } }, () => model.refresh());
    return { count: model.tokens.length };
  } catch (error) {
    reportFailure(services, vscode.l10n.t('Could not refresh the access tokens.'), error, connection);
    return undefined;
  }
}
