/** Pieces every command shares: finding the connection, and reporting a failure the same way. */
import * as vscode from 'vscode';
import type { Connection } from '../connection/connection';
import { describeError, isCancellation, isUnauthorized } from '../ui/errorMessages';
import { COMMANDS } from './commandIds';
import type { Services } from './services';

/** The connection a token command acts on; tells the user to sign in when there is none. */
export function requireConnection(services: Services): Connection | undefined {
  const connection = services.connections.active;
  if (!connection) {
    const signIn = vscode.l10n.t('Sign In');
    void services.prompter
      .notify('info', vscode.l10n.t('Sign in to CodeThreat first.'), signIn)
      .then((action) => action === signIn && vscode.commands.executeCommand(COMMANDS.signIn));
  }
  return connection;
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
