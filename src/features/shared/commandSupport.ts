/** Pieces every command shares: finding the connection, and reporting a failure the same way. */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { describeServer, type Connection } from '../../core/connections/connection';
import { isApiError } from '../../core/api/errors';
import { EnvironmentChangedError } from '../../core/connections/environmentBinding';
import { describeError } from './errorMessages';
import { COMMANDS } from './commandIds';
import { plainText } from '../../core/util/untrustedText';

export type CommandDeps = Pick<Container, 'connections' | 'prompter' | 'logger'>;

/** How a connection is named in pickers and messages: "acme on cloud.codethreat.com". */
export function connectionLabel(connection: Connection): string {
  return vscode.l10n.t('{0} on {1}', plainText(connection.organization), describeServer(connection.serverUrl));
}

/**
 * The connection a command acts on: the one named (by a tree node or `connectionId`), the only
 * one, or the one the user picks. Tells the user to sign in when there is none.
 */
export async function resolveConnection(deps: CommandDeps, hint?: { connectionId?: string }): Promise<Connection | undefined> {
  if (hint?.connectionId) {
    const named = deps.connections.find(hint.connectionId);
    if (!named) void deps.prompter.notify('error', vscode.l10n.t('You are not signed in to that CodeThreat connection any more.'));
    return named;
  }
  const all = deps.connections.connections();
  if (all.length === 0) {
    const signIn = vscode.l10n.t('Sign In');
    void deps.prompter
      .notify('info', vscode.l10n.t('Sign in to CodeThreat first.'), signIn)
      .then((action) => action === signIn && vscode.commands.executeCommand(COMMANDS.signIn));
    return undefined;
  }
  if (all.length === 1) return all[0];
  return deps.prompter.pick(
    all.map((connection) => ({ label: plainText(connection.organization), description: describeServer(connection.serverUrl), value: connection })),
    { title: vscode.l10n.t('CodeThreat connections'), placeholder: vscode.l10n.t('Which organization and server?') },
  );
}

/**
 * Logs a failure and tells the user in one sentence, with the action that helps: "Sign in again"
 * for a rejected credential, "Show Logs" otherwise. Never awaits the notification.
 */
export function reportFailure(deps: CommandDeps, what: string, error: unknown, connection?: Connection): void {
  if (isApiError(error, 'cancelled')) {
    deps.logger.info(`${what}: cancelled`);
    return;
  }
  deps.logger.error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof EnvironmentChangedError) {
    reportEnvironmentChange(deps, error);
    return;
  }
  const signInAgain = vscode.l10n.t('Sign In Again');
  const showLogs = vscode.l10n.t('Show Logs');
  const actions = isApiError(error, 'unauthorized') ? [signInAgain, showLogs] : [showLogs];
  void deps.prompter.notify('error', `${what} ${describeError(error)}`, ...actions).then((action) => {
    if (action === signInAgain) {
      const prefill = connection ? { serverUrl: connection.serverUrl, organization: connection.organization } : undefined;
      void vscode.commands.executeCommand(COMMANDS.signIn, prefill);
    } else if (action === showLogs) {
      void vscode.commands.executeCommand(COMMANDS.showLogs);
    }
  });
}

/**
 * The environment differs from the import: one sentence (it says that nothing was sent, which is
 * all the command's own words would add), and the way out.
 */
function reportEnvironmentChange(deps: CommandDeps, error: EnvironmentChangedError): void {
  const importAgain = vscode.l10n.t('Import Again');
  void deps.prompter.notify('error', describeError(error), importAgain).then((action) => {
    if (action === importAgain) void vscode.commands.executeCommand(COMMANDS.importCredentials);
  });
}

/** Runs `task` with a cancellable notification; the signal aborts the HTTP request. */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    return task(controller.signal).finally(() => subscription.dispose());
  });
}
