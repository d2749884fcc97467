/** Pieces every command shares: finding the connection, and reporting a failure the same way. */
import * as vscode from 'vscode';
import { describeServer, type Connection } from '../connection/connection';
import { describeError, isCancellation, isUnauthorized } from '../ui/errorMessages';
import { COMMANDS } from './commandIds';
import type { Services } from './services';

/** How a connection is named in pickers and messages: "acme on cloud.codethreat.com". */
export function connectionLabel(connection: Connection): string {
  return vscode.l10n.t('{0} on {1}', connection.organization, describeServer(connection.serverUrl));
}

/**
 * The connection a command acts on: the one named (by a tree node or `connectionId`), the only
 * one, or the one the user picks. Tells the user to sign in when there is none.
 */
export async function resolveConnection(services: Services, hint?: { connectionId?: string }): Promise<Connection | undefined> {
  if (hint?.connectionId) {
    const named = services.connections.find(hint.connectionId);
    if (!named) void services.prompter.notify('error', vscode.l10n.t('You are not signed in to that CodeThreat connection any more.'));
    return named;
  }
  const all = services.connections.connections();
  if (all.length === 0) {
    const signIn = vscode.l10n.t('Sign In');
    void services.prompter
      .notify('info', vscode.l10n.t('Sign in to CodeThreat first.'), signIn)
      .then((action) => action === signIn && vscode.commands.executeCommand(COMMANDS.signIn));
    return undefined;
  }
  if (all.length === 1) return all[0];
  return services.prompter.pick(
    all.map((connection) => ({ label: connection.organization, description: describeServer(connection.serverUrl), value: connection })),
    { title: vscode.l10n.t('CodeThreat connections'), placeholder: vscode.l10n.t('Which organization and server?') },
  );
}

/**
 * Logs a failure and tells the user in one sentence, with the action that helps: "Sign in again"
 * for a rejected credential, "Show Logs" otherwise. Never awaits the notification.
 */
export function reportFailure(services: Services, what: string, error: unknown, connection?: Connection): void {
  if (isCancellation(error)) {
    services.logger.info(`${what}: cancelled`);
    return;
  }
  const reason = describeError(error);
  services.logger.error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  const signInAgain = vscode.l10n.t('Sign In Again');
  const showLogs = vscode.l10n.t('Show Logs');
  const actions = isUnauthorized(error) ? [signInAgain, showLogs] : [showLogs];
  void services.prompter.notify('error', `${what} ${reason}`, ...actions).then((action) => {
    if (action === signInAgain) {
      void vscode.commands.executeCommand(
        COMMANDS.signIn,
        connection ? { serverUrl: connection.serverUrl, organization: connection.organization } : undefined,
      );
    } else if (action === showLogs) {
      void vscode.commands.executeCommand(COMMANDS.showLogs);
    }
  });
}

/** Runs `task` with a cancellable notification; the signal aborts the HTTP request. */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      return task(controller.signal).finally(() => subscription.dispose());
    },
  );
}
