/**
 * `codethreat.signOut`: forgets the sign-in credential, after a modal that says so. The saved
 * access token stays (other tools may rely on it) unless the user also chooses to remove it;
 * `forgetSavedToken` pre-fills that choice. Nothing is deleted on the server.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { describeServer } from '../../core/connections/connection';
import { reportFailure, resolveConnection } from '../shared/commandSupport';

export interface SignOutArgs {
  connectionId?: string;
  forgetSavedToken?: boolean;
}

type Deps = Pick<Container, 'connections' | 'operations' | 'prompter' | 'logger'>;

export async function signOut(deps: Deps, args: SignOutArgs = {}): Promise<{ signedOut: string } | undefined> {
  const connection = await resolveConnection(deps, args);
  if (!connection) return undefined;
  const forgetSavedToken = typeof args.forgetSavedToken === 'boolean' ? args.forgetSavedToken : undefined;
  try {
    const outcome = await deps.operations.signOut(connection, { forgetSavedToken });
    if (outcome.status === 'declined') return undefined;
  } catch (error) {
    reportFailure(deps, vscode.l10n.t('Could not sign out completely.'), error, connection);
    return undefined;
  }
  void deps.prompter.notify('info', vscode.l10n.t('Signed out of CodeThreat at {0}.', describeServer(connection.serverUrl)));
  return { signedOut: connection.id };
}
