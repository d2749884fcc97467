/**
 * `codethreat.tokens.showDetails` (Enter on a token): the token's details in a dialog, as text a
 * screen reader reads in full — what the hover tooltip shows to a mouse.
 */
import * as vscode from 'vscode';
import type { Container } from '../../../container';
import type { AccessToken } from '../../../core/api/accessToken';
import { stalenessOf } from '../../../core/tokens/staleness';
import { expiryOf } from '../../../core/tokens/expiry';
import { resolveConnection } from '../../shared/commandSupport';
import { ciSecretPlace, detailDate, tokenNotes, type CiSecretPlace, type GrantNote } from '../view/tokenTreeItem';
import { resolveToken, type TokenTarget } from './resolveToken';
import { partialValueText, plainText, SENTENCE_LENGTH } from '../../../core/util/untrustedText';

type Deps = Pick<Container, 'connections' | 'lists' | 'grants' | 'prompter' | 'logger' | 'platform' | 'ciSecrets'>;

export async function showTokenDetails(deps: Deps, target?: TokenTarget): Promise<{ id: string; name: string } | undefined> {
  const connection = await resolveConnection(deps, target);
  if (!connection) return undefined;
  const token = await resolveToken(deps, connection, target, vscode.l10n.t('Show an access token'));
  if (!token) return undefined;
  const saved = await deps.connections.savedTokenInfo(connection.id).catch(() => undefined);
  const grants = deps.grants.forToken(connection.id, token.id);
  const ciSecret = ciSecretPlace(deps.ciSecrets.get(connection.id, token.id));
  const lines = detailLines(token, deps.platform.clock.now(), deps.platform.settings.read(), saved?.id === token.id, grants, ciSecret);
  await deps.prompter.modal('info', plainText(token.name), lines.join('\n'), []);
  return { id: token.id, name: token.name };
}

function detailLines(
  token: AccessToken,
  now: Date,
  settings: { staleAfterDays: number; expiryWarningDays: number },
  isSaved: boolean,
  grants: readonly GrantNote[],
  ciSecret: CiSecretPlace | undefined,
): string[] {
  const locale = vscode.env.language;
  const when = (date: Date | null | undefined) => detailDate(date, now, locale);
  const notes = tokenNotes({
    isSaved,
    grants,
    staleness: stalenessOf(token, now, settings.staleAfterDays),
    staleAfterDays: settings.staleAfterDays,
    expiry: expiryOf(token, now, settings.expiryWarningDays),
    ciSecret,
    now,
    locale,
  });
  return [
    vscode.l10n.t('Token: {0}', partialValueText(token.partialValue) ?? vscode.l10n.t('Not shown by the server')),
    vscode.l10n.t('Created: {0}', when(token.createdAt)),
    vscode.l10n.t('Last used: {0}', when(token.lastUsedAt)),
    token.scopes ? vscode.l10n.t('Scopes: {0}', plainText(token.scopes.join(', '), SENTENCE_LENGTH) || vscode.l10n.t('none')) : undefined,
    token.expiresAt !== undefined ? vscode.l10n.t('Expires: {0}', when(token.expiresAt)) : undefined,
    ...notes.map((note) => note.text),
  ].filter((line): line is string => !!line);
}
