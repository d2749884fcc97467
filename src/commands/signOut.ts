/**
 * `codethreat.signOut`: forgets the sign-in credential. The saved access token stays (other tools
 * may rely on it) unless the user also asks to remove it. Nothing is deleted on the server.
 */
import * as vscode from 'vscode';
import { describeServer } from '../connection/connection';
import { reportFailure, resolveConnection } from './commandSupport';
import type { Services } from './services';

export interface SignOutArgs {
  connectionId?: string;
  forgetSavedToken?: boolean;
}

export async function signOut(services: Services, args: SignOutArgs = {}): Promise<{ signedOut: string } | undefined> {
  const connection = await resolveConnection(services, args);
  if (!connection) return undefined;
  let forgetSavedToken = args.forgetSavedToken;
  if (forgetSavedToken === undefined) {
    const saved = await services.connections.savedTokenInfo(connection.id).catch(() => undefined);
    if (saved) {
      const keep = vscode.l10n.t('Sign Out');
      const remove = vscode.l10n.t('Sign Out and Remove Saved Token');
      const answer = await services.prompter.modal(
        'info',
        vscode.l10n.t('Sign out of {0} on {1}?', connection.organization, describeServer(connection.serverUrl)),
        vscode.l10n.t('VS Code also keeps the access token "{0}". Keep it for the tools that use it, or remove it from VS Code too. The token stays valid on the server either way.', saved.name),
        [keep, remove],
      );
      if (answer === undefined) return undefined;
      forgetSavedToken = answer === remove;
    }
  }
  try {
    await services.connections.signOut(connection.id, { forgetSavedToken });
  } catch (error) {
    reportFailure(services, vscode.l10n.t('Could not sign out completely.'), error, connection);
    return undefined;
  }
  services.logger.info(`Signed out of ${describeServer(connection.serverUrl)} (organization ${connection.organization})`);
  void services.prompter.notify('info', vscode.l10n.t('Signed out of CodeThreat at {0}.', describeServer(connection.serverUrl)));
  return { signedOut: connection.id };
}
