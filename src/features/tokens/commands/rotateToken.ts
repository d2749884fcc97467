/**
 * `codethreat.tokens.rotate`: CodeThreat's rotation procedure in one command — a consent modal
 * for the replacement (and where its value goes; it replaces the saved token when the old one was
 * saved), then the usual delete modal for the old token, offered only once the replacement is
 * kept. Whatever step fails, the user is told which tokens exist now; nothing is retried or
 * undone behind their back.
 */
import * as vscode from 'vscode';
import type { Container } from '../../../container';
import type { AccessToken, TokenRequest } from '../../../core/api/accessToken';
import type { Connection } from '../../../core/connections/connection';
import { dialectOf } from '../../../core/dialects';
import type { CiRotateOutcome, DeleteOutcome, Delivery, RotateOutcome } from '../../../core/tokens/tokenOperations';
import { connectionLabel, reportFailure, resolveConnection, type CommandDeps } from '../../shared/commandSupport';
import { isDelivery } from './generateToken';
import { chooseExpiry, chooseScopes, defaultExpiry, heldScopes, mayWriteKeys } from './keyOptions';
import { announceDeletion, announceDelivery } from './outcomes';
import { isTokenNode, resolveToken } from './resolveToken';
import { chooseTokenName, replacementName } from './tokenName';
import type { TokenNode } from '../view/tokenTreeItem';
import { plainText } from '../../../core/util/untrustedText';
import type { rotateInGitHubActions as RotateInGitHubActions } from '../../ci/rotateInGitHubActions';

export type RotateArgs =
  | TokenNode
  | { id?: string; connectionId?: string; name?: string; deliver?: Delivery; deleteOld?: boolean; expiresInDays?: number | null };

export interface RotateResult {
  oldId: string;
  newId: string;
  newName: string;
  oldDeleted: boolean;
}

type Deps = Pick<Container, 'connections' | 'lists' | 'operations' | 'prompter' | 'logger' | 'platform' | 'ciSecrets' | 'createGitHubClient'>;

export async function rotateToken(deps: Deps, args?: RotateArgs): Promise<RotateResult | undefined> {
  const connection = await resolveConnection(deps, args);
  if (!connection) return undefined;
  if (!mayWriteKeys(deps.prompter, connection)) return undefined;
  const options = args && !isTokenNode(args) ? args : {};
  const target = isTokenNode(args) ? args : options.id !== undefined ? { id: options.id } : undefined;
  const old = await resolveToken(deps, connection, target, vscode.l10n.t('Rotate an access token'));
  if (!old) return undefined;
  const ci = deps.ciSecrets.get(connection.id, old.id);
  if (ci) {
    // A key kept in a GitHub Actions secret: its replacement goes into the same secret.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { rotateInGitHubActions } = require('../../ci/rotateInGitHubActions') as { rotateInGitHubActions: typeof RotateInGitHubActions };
    const outcome = await rotateInGitHubActions(deps, connection, old, ci, () => replacementFor(deps, connection, old, options));
    return outcome && present(deps, connection, old, outcome);
  }
  const request = await replacementFor(deps, connection, old, options);
  if (!request) return undefined;
  const delivery = isDelivery(options.deliver) ? options.deliver : undefined;
  const outcome = await deps.operations.rotate(connection, old, request, { delivery, keepOld: options.deleteOld === false });
  return present(deps, connection, old, outcome);
}

/** The replacement's name (typed, or `options.name`) and, for an AppSec key, scopes and expiry. */
async function replacementFor(deps: Deps, connection: Connection, old: AccessToken, options: { name?: string; expiresInDays?: number | null }): Promise<TokenRequest | undefined> {
  const name = await chooseTokenName(deps.prompter, deps.lists.get(connection.id).tokens, options.name, {
    title: vscode.l10n.t('Rotate "{0}"', plainText(old.name)),
    prompt: vscode.l10n.t('Name of the replacement token'),
    value: replacementName(old.name, deps.platform.clock.now()),
  });
  if (!name) return undefined;
  return replacementRequest(deps, connection, old, name, options.expiresInDays);
}

/**
 * Where keys have scopes and expiry (AppSec), the replacement keeps the old key's scopes (checked
 * like given ones: only what the signed-in key holds) and gets a fresh expiry (the default period,
 * or `expiresInDays`); a classic token's is just a name.
 */
async function replacementRequest(deps: Deps, connection: Connection, old: AccessToken, name: string, expiresInDays: unknown): Promise<TokenRequest | undefined> {
  const { keys } = dialectOf(connection.generation);
  const now = deps.platform.clock.now();
  const expiresAt = !keys.expiry ? undefined : expiresInDays === undefined ? defaultExpiry(now) : await chooseExpiry(deps.prompter, now, expiresInDays, '');
  if (keys.expiry && expiresAt === undefined) return undefined;
  const title = vscode.l10n.t('Rotate "{0}"', plainText(old.name));
  const scopes = keys.scopes ? await chooseScopes(deps.prompter, heldScopes(connection) ?? [], old.scopes?.length ? old.scopes : undefined, title) : undefined;
  if (keys.scopes && !scopes) return undefined;
  return { name, ...(scopes ? { scopes } : {}), ...(keys.expiry ? { expiresAt } : {}) };
}

function present(deps: CommandDeps, connection: Connection, old: AccessToken, outcome: RotateOutcome | CiRotateOutcome): RotateResult | undefined {
  switch (outcome.status) {
    case 'notStored':
      return undefined; // told already
    case 'busy':
      void deps.prompter.notify('info', vscode.l10n.t('A token is being generated already.'));
      return undefined;
    case 'declined':
      return undefined;
    case 'failed':
      reportFailure(deps, vscode.l10n.t('Rotation stopped: the replacement could not be created. "{0}" is unchanged and still works.', plainText(old.name)), outcome.error, connection);
      return undefined;
    case 'notKept':
      void deps.prompter.notify(
        'warning',
        vscode.l10n.t(
          'Rotation stopped: "{0}" was created, but its value could not be kept. "{1}" is unchanged and still works; delete "{0}" when you can.',
          plainText(outcome.replacement.name),
          plainText(old.name),
        ),
      );
      return undefined;
    case 'rotated':
      if ('delivered' in outcome) announceDelivery(deps, outcome.replacement.name, outcome.delivered);
      announceOldToken(deps, connection, old, outcome.replacement, outcome.oldDeletion);
      return { oldId: old.id, newId: outcome.replacement.id, newName: outcome.replacement.name, oldDeleted: outcome.oldDeletion.status === 'deleted' || outcome.oldDeletion.status === 'alreadyGone' };
  }
}

function announceOldToken(deps: CommandDeps, connection: Connection, old: AccessToken, replacement: AccessToken, deletion: DeleteOutcome): void {
  if (deletion.status === 'declined' || deletion.status === 'busy') {
    void deps.prompter.notify('info', vscode.l10n.t('"{0}" is ready. "{1}" still works until you delete it.', plainText(replacement.name), plainText(old.name)));
  } else if (deletion.status === 'failed') {
    const halfDone = vscode.l10n.t(
      'Rotation half-done on {0}: "{1}" and "{2}" both exist and both work. Delete "{2}" when you can.',
      connectionLabel(connection),
      plainText(replacement.name),
      plainText(old.name),
    );
    reportFailure(deps, halfDone, deletion.error, connection);
  } else {
    announceDeletion(deps, connection, old.name, deletion);
  }
}
