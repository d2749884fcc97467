/**
 * `codethreat.signOut`: forgets the sign-in credential and the saved access token, after a modal
 * that names both. The saved token is not kept: without its connection nothing could list, use or
 * delete it, and it would come back unasked with the next sign-in. Nothing is deleted on the
 * server. `forgetSavedToken`, which chose between the two before, is accepted and has no effect.
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
  try {
    const outcome = await deps.operations.signOut(connection);
    if (outcome.status === 'declined') return undefined;
    if (outcome.status === 'savedTokenChanged') {
      void deps.prompter.notify(
        'warning',
        vscode.l10n.t('Another window saved a different token for {0} while you were deciding, so nothing was signed out; sign out again to see what it would forget.', describeServer(connection.serverUrl)),
      );
      return undefined;
    }
  } catch (error) {
    reportFailure(deps, vscode.l10n.t('Could not sign out completely.'), error, connection);
    return undefined;
  }
  void deps.prompter.notify('info', vscode.l10n.t('Signed out of CodeThreat at {0}.', describeServer(connection.serverUrl)));
  return { signedOut: connection.id };
}
