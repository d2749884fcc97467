/**
 * `codethreat.tokens.rotate`: CodeThreat's rotation procedure in one command — create a
 * replacement, deliver it like Generate (replacing the saved token when the old one was saved),
 * then offer to delete the old one with the usual modal. Whatever step fails, the user is told
 * which tokens exist now; nothing is retried or undone behind their back.
 */
import * as vscode from 'vscode';
import type { AccessToken, CreatedAccessToken } from '../api/accessTokenContract';
import type { Connection } from '../connection/connection';
import { connectionLabel, reportFailure, resolveConnection, withCancellableProgress } from './commandSupport';
import { confirmAndDelete, resolveToken } from './deleteToken';
import { chooseTokenName, deliver, type Delivery } from './generateToken';
import type { Services } from './services';
import type { TokenNode } from '../views/tokenTreeItem';

export type RotateArgs = TokenNode | { id?: string; connectionId?: string; name?: string; deliver?: Delivery; deleteOld?: boolean };

export interface RotateResult {
  oldId: string;
  newId: string;
  newName: string;
  oldDeleted: boolean;
}

/** "CI pipeline" → "CI pipeline (2026-11-28)"; an earlier rotation's date is replaced. */
export function replacementName(name: string, today: Date): string {
  const base = name.replace(/ \(\d{4}-\d{2}-\d{2}\)$/, '');
  return `${base} (${today.toISOString().slice(0, 10)})`;
}

export async function rotateToken(services: Services, args?: RotateArgs): Promise<RotateResult | undefined> {
  const connection = await resolveConnection(services, args);
  if (!connection) return undefined;
  const target = args && 'type' in args ? args : args?.id ? { id: args.id, connectionId: args.connectionId } : undefined;
  const old = await resolveToken(services, connection, target, vscode.l10n.t('Rotate an access token'));
  if (!old) return undefined;
  const options = args && !('type' in args) ? args : {};
  const model = services.lists.get(connection.id);

  const name = await chooseTokenName(services, model.tokens, options.name, {
    title: vscode.l10n.t('Rotate "{0}"', old.name),
    prompt: vscode.l10n.t('Name of the replacement token'),
    value: replacementName(old.name, new Date()),
  });
  if (!name) return undefined;

  let created: CreatedAccessToken;
  try {
    created = await withCancellableProgress(vscode.l10n.t('Creating "{0}" to replace "{1}"…', name, old.name), (signal) => model.create(name, signal));
  } catch (error) {
    reportFailure(services, vscode.l10n.t('Rotation stopped: the replacement could not be created. "{0}" is unchanged and still works.', old.name), error, connection);
    return undefined;
  }

  const saved = await services.connections.savedTokenInfo(connection.id).catch(() => undefined);
  const replacesSaved = saved?.id === old.id ? old.name : undefined;
  await deliver(services, connection, created, options.deliver, { replacesSaved });

  const outcome = options.deleteOld === false ? 'declined' : await deleteOld(services, connection, old, created);
  const oldDeleted = outcome === 'deleted';
  if (outcome === 'declined') {
    void services.prompter.notify(
      'info',
      vscode.l10n.t('"{0}" is ready. "{1}" still works until you delete it.', created.name, old.name),
    );
  }
  services.logger.info(`Rotated access token ${old.id} → ${created.id}${oldDeleted ? ' (old deleted)' : ''}`);
  return { oldId: old.id, newId: created.id, newName: created.name, oldDeleted };
}

async function deleteOld(services: Services, connection: Connection, old: AccessToken, created: CreatedAccessToken): Promise<'deleted' | 'declined' | 'failed'> {
  const context = vscode.l10n.t('The replacement "{0}" is ready. Delete the old token now, once whatever used it has the new one?', created.name);
  const outcome = await confirmAndDelete(services, connection, old, context);
  if (outcome === 'failed') {
    void services.prompter.notify(
      'warning',
      vscode.l10n.t('Rotation half-done on {0}: "{1}" and "{2}" both exist and both work. Delete "{2}" when you can.', connectionLabel(connection), created.name, old.name),
    );
  }
  return typeof outcome === 'string' ? outcome : 'deleted';
}
