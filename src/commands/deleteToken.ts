/**
 * `codethreat.tokens.delete`: always behind a modal that names the token and says what deleting
 * means. Takes a tree node, `{id}` (from a keybinding or another extension), or nothing (a picker).
 */
import * as vscode from 'vscode';
import type { AccessToken } from '../api/accessTokenContract';
import { isApiError } from '../api/errors';
import type { Connection } from '../connection/connection';
import type { TokenNode } from '../views/tokenTreeItem';
import { reportFailure, resolveConnection } from './commandSupport';
import type { Services } from './services';

export type DeleteArgs = TokenNode | { id: string; connectionId?: string };

export interface DeleteResult {
  id: string;
  name: string;
  /** False when the server said the token was already gone. */
  deletedNow: boolean;
}

/** Tokens with a deletion being confirmed or sent: a second click on the same item does nothing. */
const inProgress = new Set<string>();

export async function deleteToken(services: Services, target?: DeleteArgs): Promise<DeleteResult | undefined> {
  const connection = await resolveConnection(services, target);
  if (!connection) return undefined;
  const token = await resolveToken(services, connection, target);
  if (!token) return undefined;
  const key = `${connection.id}/${token.id}`;
  if (inProgress.has(key)) return undefined;
  inProgress.add(key);
  try {
    const outcome = await confirmAndDelete(services, connection, token);
    return typeof outcome === 'string' ? undefined : outcome;
  } finally {
    inProgress.delete(key);
  }
}

/**
 * The delete modal and the deletion. Failures are reported here. `context` leads the modal's
 * detail (e.g. for rotation).
 */
export async function confirmAndDelete(
  services: Services,
  connection: Connection,
  token: AccessToken,
  context?: string,
): Promise<DeleteResult | 'declined' | 'failed'> {
  const model = services.lists.get(connection.id);

  const savedId = (await services.connections.savedTokenInfo(connection.id).catch(() => undefined))?.id;
  const isSaved = savedId === token.id;
  const deleteButton = vscode.l10n.t('Delete');
  const detail = [
    context,
    vscode.l10n.t('Anything that uses this token loses access to CodeThreat at once. This cannot be undone.'),
    isSaved ? vscode.l10n.t('VS Code keeps this token in its secret storage; that copy is removed too.') : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  const answer = await services.prompter.modal('warning', vscode.l10n.t('Delete the access token "{0}"?', token.name), detail, [deleteButton]);
  if (answer !== deleteButton) return 'declined';

  let deletedNow = true;
  try {
    await model.delete(token);
  } catch (error) {
    if (!isApiError(error, 'notFound')) {
      reportFailure(services, vscode.l10n.t('Could not delete the token "{0}".', token.name), error, connection);
      return 'failed';
    }
    // Someone (another window, the web app) deleted it first: show the truth.
    deletedNow = false;
    model.removeLocally(token);
    void model.refresh().catch(() => undefined);
  }
  services.logger.info(`Deleted access token ${token.id}${deletedNow ? '' : ' (it was already gone)'}`);
  if (isSaved) {
    await services.connections.forgetSavedToken(connection.id).catch((error: unknown) => {
      reportFailure(services, vscode.l10n.t('The token was deleted, but VS Code could not remove its saved copy.'), error, connection);
    });
  }
  void services.prompter.notify(
    'info',
    deletedNow
      ? vscode.l10n.t('Deleted the access token "{0}".', token.name)
      : vscode.l10n.t('The access token "{0}" had already been deleted.', token.name),
  );
  return { id: token.id, name: token.name, deletedNow };
}

/** The token a command acts on: from a tree node, from `{id}`, or picked from the list. */
export async function resolveToken(
  services: Services,
  connection: Connection,
  target?: DeleteArgs,
  pickTitle = vscode.l10n.t('Delete an access token'),
): Promise<AccessToken | undefined> {
  if (target && 'type' in target && target.type === 'token') return target.token;
  const model = services.lists.get(connection.id);
  if (model.status !== 'ready') {
    try {
      await model.refresh();
    } catch (error) {
      reportFailure(services, vscode.l10n.t('Could not load the access tokens.'), error, connection);
      return undefined;
    }
  }
  if (target && 'id' in target) {
    const token = model.find(target.id);
    if (!token) void services.prompter.notify('error', vscode.l10n.t('There is no access token with the id "{0}".', target.id));
    return token;
  }
  if (model.tokens.length === 0) {
    void services.prompter.notify('info', vscode.l10n.t('There are no access tokens in this organization.'));
    return undefined;
  }
  return services.prompter.pick(
    model.tokens.map((token) => ({ label: token.name, description: token.partialValue, value: token })),
    { title: pickTitle, placeholder: vscode.l10n.t('Which token?') },
  );
}
