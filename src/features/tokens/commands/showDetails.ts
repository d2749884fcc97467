/**
 * `codethreat.tokens.showDetails` (Enter on a token): the token's details in a dialog, as text a
 * screen reader reads in full — what the hover tooltip shows to a mouse.
 */
import * as vscode from 'vscode';
import type { Container } from '../../../container';
import type { AccessToken } from '../../../core/api/accessToken';
import { stalenessOf } from '../../../core/tokens/staleness';
import { formatAbsoluteDate, formatRelativeTime } from '../../../core/util/relativeTime';
import { resolveConnection } from '../../shared/commandSupport';
import { resolveToken, type TokenTarget } from './resolveToken';

type Deps = Pick<Container, 'connections' | 'lists' | 'prompter' | 'logger' | 'platform'>;

export async function showTokenDetails(deps: Deps, target?: TokenTarget): Promise<{ id: string; name: string } | undefined> {
  const connection = await resolveConnection(deps, target);
  if (!connection) return undefined;
  const token = await resolveToken(deps, connection, target, vscode.l10n.t('Show an access token'));
  if (!token) return undefined;
  const saved = await deps.connections.savedTokenInfo(connection.id).catch(() => undefined);
  const lines = detailLines(token, deps.platform.clock.now(), deps.platform.settings.read().staleAfterDays, saved?.id === token.id);
  await deps.prompter.modal('info', token.name, lines.join('\n'), []);
  return { id: token.id, name: token.name };
}

function detailLines(token: AccessToken, now: Date, staleAfterDays: number, isSaved: boolean): string[] {
  const locale = vscode.env.language;
  const when = (date: Date | null | undefined, never: string) =>
    date === null ? never : date === undefined ? vscode.l10n.t('Unknown') : `${formatAbsoluteDate(date, locale)} (${formatRelativeTime(date, now, locale)})`;
  const staleness = stalenessOf(token, now, staleAfterDays);
  return [
    vscode.l10n.t('Token: {0}', token.partialValue ?? vscode.l10n.t('Not shown by the server')),
    vscode.l10n.t('Created: {0}', when(token.createdAt, vscode.l10n.t('Unknown'))),
    vscode.l10n.t('Last used: {0}', when(token.lastUsedAt, vscode.l10n.t('Never'))),
    token.scopes ? vscode.l10n.t('Scopes: {0}', token.scopes.join(', ') || vscode.l10n.t('none')) : undefined,
    token.expiresAt !== undefined ? vscode.l10n.t('Expires: {0}', when(token.expiresAt, vscode.l10n.t('Never'))) : undefined,
    isSaved ? vscode.l10n.t('VS Code keeps this token in its secret storage.') : undefined,
    staleness.stale ? vscode.l10n.t('Stale: not used for {0} days (stale after {1} days).', staleness.days, staleAfterDays) : undefined,
  ].filter((line): line is string => !!line);
}
