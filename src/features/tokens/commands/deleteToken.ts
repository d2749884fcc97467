/**
 * `codethreat.tokens.delete`: always behind a modal that names the token and says what deleting
 * means. Takes a tree node, `{id, connectionId?}`, or nothing (a picker).
 */
import * as vscode from 'vscode';
import type { Container } from '../../../container';
import { resolveConnection } from '../../shared/commandSupport';
import { mayWriteKeys } from './keyOptions';
import { announceDeletion } from './outcomes';
import { resolveToken, type TokenTarget } from './resolveToken';

export interface DeleteResult {
  id: string;
  name: string;
  /** False when the server said the token was already gone. */
  deletedNow: boolean;
}

type Deps = Pick<Container, 'connections' | 'lists' | 'operations' | 'prompter' | 'logger'>;

export async function deleteToken(deps: Deps, target?: TokenTarget): Promise<DeleteResult | undefined> {
  const connection = await resolveConnection(deps, target);
  if (!connection) return undefined;
  if (!mayWriteKeys(deps.prompter, connection)) return undefined;
  const token = await resolveToken(deps, connection, target, vscode.l10n.t('Delete an access token'));
  if (!token) return undefined;
  const outcome = await deps.operations.delete(connection, token);
  announceDeletion(deps, connection, token.name, outcome);
  if (outcome.status !== 'deleted' && outcome.status !== 'alreadyGone') return undefined;
  return { id: token.id, name: token.name, deletedNow: outcome.status === 'deleted' };
}
