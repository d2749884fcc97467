/**
 * `codethreat.tokens.generate`: name → (AppSec platform: scopes → expiry) → the consent modal
 * (what the token may do, where its value goes) → create → deliver. Arguments (`name`, `deliver`,
 * `scopes`, `expiresInDays`, `connectionId`) pre-fill; the modal is shown whoever calls. Returns
 * the new token's id and name, never its value.
 */
import * as vscode from 'vscode';
import type { Container } from '../../../container';
import type { TokenRequest } from '../../../core/api/accessToken';
import type { Connection } from '../../../core/connections/connection';
import type { Delivery } from '../../../core/tokens/tokenOperations';
import { resolveConnection } from '../../shared/commandSupport';
import { mayWriteKeys, withKeyOptions } from './keyOptions';
import { announceDelivery, reportCreateFailure } from './outcomes';
import { chooseTokenName } from './tokenName';

export interface GenerateArgs {
  name?: string;
  deliver?: Delivery;
  /** AppSec platform: the new key's scopes, e.g. `["scan:read"]`. */
  scopes?: string[];
  /** AppSec platform: days until the key expires; null for none. */
  expiresInDays?: number | null;
  /** Which connection; a connection node of the tree passes itself. */
  connectionId?: string;
}

export interface GenerateResult {
  id: string;
  name: string;
}

type Deps = Pick<Container, 'connections' | 'lists' | 'operations' | 'prompter' | 'logger' | 'platform'>;

export async function generateToken(deps: Deps, args: GenerateArgs = {}): Promise<GenerateResult | undefined> {
  const connection = await resolveConnection(deps, args);
  if (!connection) return undefined;
  if (!mayWriteKeys(deps.prompter, connection)) return undefined;
  const request = await chooseRequest(deps, connection, args);
  if (!request) return undefined;
  const outcome = await deps.operations.generate(connection, request, { delivery: isDelivery(args.deliver) ? args.deliver : undefined });
  switch (outcome.status) {
    case 'busy':
      void deps.prompter.notify('info', vscode.l10n.t('A token is being generated already.'));
      return undefined;
    case 'declined':
      return undefined;
    case 'failed':
      reportCreateFailure(deps, connection, request.name, outcome);
      return undefined;
    case 'created':
      announceDelivery(deps, outcome.token.name, outcome.delivered);
      return { id: outcome.token.id, name: outcome.token.name };
  }
}

/** Name, and for an AppSec key its scopes and expiry; undefined when cancelled or refused. */
async function chooseRequest(deps: Deps, connection: Connection, args: GenerateArgs): Promise<TokenRequest | undefined> {
  const model = deps.lists.get(connection.id);
  // The duplicate check needs the list: the load running (or the first) is awaited, never an
  // empty list read while it runs. A list that failed and was never loaded cannot be checked.
  await model.settled();
  const existing = model.status === 'ready' || model.tokens.length > 0 ? model.tokens : undefined;
  const title = vscode.l10n.t('Generate a CodeThreat access token');
  const name = await chooseTokenName(deps.prompter, existing, args.name, {
    title,
    prompt: vscode.l10n.t('Name the token after what will use it, e.g. "CI pipeline" or "laptop"'),
  });
  if (name === undefined) return undefined;
  return withKeyOptions(deps.prompter, connection, { name }, args, deps.platform.clock.now(), title);
}

export function isDelivery(value: unknown): value is Delivery {
  return value === 'clipboard' || value === 'secretStorage' || value === 'both';
}
