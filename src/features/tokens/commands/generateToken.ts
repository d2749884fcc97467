/**
 * `codethreat.tokens.generate`: name → the consent modal (where the value goes) → create →
 * deliver. Arguments (`name`, `deliver`, `connectionId`) pre-fill; the modal is shown whoever
 * calls. Returns the new token's id and name, never its value.
 */
import * as vscode from 'vscode';
import type { Container } from '../../../container';
import type { Delivery } from '../../../core/tokens/tokenOperations';
import { resolveConnection } from '../../shared/commandSupport';
import { announceDelivery, reportCreateFailure } from './outcomes';
import { chooseTokenName } from './tokenName';

export interface GenerateArgs {
  name?: string;
  deliver?: Delivery;
  /** Which connection; a connection node of the tree passes itself. */
  connectionId?: string;
}

export interface GenerateResult {
  id: string;
  name: string;
}

type Deps = Pick<Container, 'connections' | 'lists' | 'operations' | 'prompter' | 'logger'>;

export async function generateToken(deps: Deps, args: GenerateArgs = {}): Promise<GenerateResult | undefined> {
  const connection = await resolveConnection(deps, args);
  if (!connection) return undefined;
  const model = deps.lists.get(connection.id);
  if (model.status === 'notLoaded') await model.refresh().catch(() => undefined); // for the duplicate check
  const name = await chooseTokenName(deps.prompter, model.tokens, args.name, {
    title: vscode.l10n.t('Generate a CodeThreat access token'),
    prompt: vscode.l10n.t('Name the token after what will use it, e.g. "CI pipeline" or "laptop"'),
  });
  if (name === undefined) return undefined;
  const outcome = await deps.operations.generate(connection, { name }, { delivery: isDelivery(args.deliver) ? args.deliver : undefined });
  switch (outcome.status) {
    case 'busy':
      void deps.prompter.notify('info', vscode.l10n.t('A token is being generated already.'));
      return undefined;
    case 'declined':
      return undefined;
    case 'failed':
      reportCreateFailure(deps, connection, name, outcome);
      return undefined;
    case 'created':
      announceDelivery(deps, outcome.token.name, outcome.delivered);
      return { id: outcome.token.id, name: outcome.token.name };
  }
}

export function isDelivery(value: unknown): value is Delivery {
  return value === 'clipboard' || value === 'secretStorage' || value === 'both';
}
