/**
 * `codethreat.tokens.refresh`: reloads every signed-in connection's list (or the one named) with
 * the view's progress bar, and reports failures.
 */
import * as vscode from 'vscode';
import type { Container } from '../../../container';
import { connectionLabel, reportFailure, resolveConnection } from '../../shared/commandSupport';
import { TOKENS_VIEW_ID } from '../view/tokensTreeDataProvider';

type Deps = Pick<Container, 'connections' | 'lists' | 'prompter' | 'logger'>;

export async function refreshTokens(services: Deps, hint?: { connectionId?: string }): Promise<{ count: number } | undefined> {
  const all = services.connections.connections();
  const targets = hint?.connectionId || all.length === 0 ? [await resolveConnection(services, hint)] : all;
  let count = 0;
  let failed = false;
  await vscode.window.withProgress({ location: { viewId: TOKENS_VIEW_ID } }, () =>
    Promise.all(
      targets.map(async (connection) => {
        if (!connection) return;
        const model = services.lists.get(connection.id);
        try {
          await model.refresh();
          count += model.tokens.length;
        } catch (error) {
          failed = true;
          const what =
            targets.length > 1
              ? vscode.l10n.t('Could not refresh the access tokens of {0}.', connectionLabel(connection))
              : vscode.l10n.t('Could not refresh the access tokens.');
          reportFailure(services, what, error, connection);
        }
      }),
    ),
  );
  return failed || targets.every((t) => !t) ? undefined : { count };
}
