/**
 * `codethreat.tokens.verify`: asks the server whether the token saved in VS Code still works, and
 * says so; a rejected token is offered for replacement.
 */
import * as vscode from 'vscode';
import type { Container } from '../../../container';
import { COMMANDS } from '../../shared/commandIds';
import { connectionLabel, reportFailure, resolveConnection, withCancellableProgress } from '../../shared/commandSupport';
import { plainText } from '../../../core/util/untrustedText';

type Deps = Pick<Container, 'connections' | 'lists' | 'health' | 'prompter' | 'logger'>;

export interface VerifyResult {
  connectionId: string;
  state: 'valid' | 'revoked' | 'none';
}

export async function verifySavedToken(services: Deps, hint?: { connectionId?: string }): Promise<VerifyResult | undefined> {
  const connection = await resolveConnection(services, hint);
  if (!connection) return undefined;
  const label = connectionLabel(connection);
  let state: VerifyResult['state'];
  try {
    state = await withCancellableProgress(vscode.l10n.t('Checking the saved token for {0}…', label), (signal) =>
      services.connections.verifySavedToken(connection.id, signal),
    );
  } catch (error) {
    reportFailure(services, vscode.l10n.t('Could not check the saved token for {0}.', label), error, connection);
    return undefined;
  }
  const saved = await services.connections.savedTokenInfo(connection.id).catch(() => undefined);
  const generate = vscode.l10n.t('Generate Token');
  if (state === 'none') {
    services.health.set(connection.id, 'unknown');
    void services.prompter
      .notify('info', vscode.l10n.t('No access token is saved in VS Code for {0}. Generate one and choose "Save in VS Code".', label), generate)
      .then((action) => action === generate && vscode.commands.executeCommand(COMMANDS.generate, { connectionId: connection.id }));
  } else if (state === 'valid') {
    services.health.set(connection.id, 'valid');
    void services.prompter.notify('info', vscode.l10n.t('The saved token "{0}" for {1} is valid.', plainText(saved?.name ?? ''), label));
  } else {
    services.health.set(connection.id, 'revoked');
    void services.prompter
      .notify('warning', vscode.l10n.t('The saved token "{0}" for {1} was revoked or has expired.', plainText(saved?.name ?? ''), label), generate)
      .then((action) => action === generate && vscode.commands.executeCommand(COMMANDS.generate, { connectionId: connection.id }));
  }
  // The list shows the same truth: a revoked token is usually gone from it.
  void services.lists.get(connection.id).refresh().catch(() => undefined);
  return { connectionId: connection.id, state };
}
