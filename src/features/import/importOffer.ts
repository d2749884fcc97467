/**
 * Offers (never performs) an import when plain-text CodeThreat credentials are found: a context
 * key for the welcome view's "Import Existing Credentials" button, and one notification per window
 * unless the user said "Not Now" for that source before. Runs after activation, not during it.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { normalizeServerUrl } from '../../core/api/serverUrl';
import { connectionId } from '../../core/connections/connection';
import { COMMANDS } from '../shared/commandIds';
import { findCredentials, type FoundCredential } from './credentialSources';
import { describeSource } from './importCredentials';

type Services = Pick<Container, 'connections' | 'prompter' | 'platform'>;

const DISMISSED_KEY = 'codethreat.importDismissed';

export async function offerImport(services: Services): Promise<string[]> {
  const state = services.platform.state;
  const signedIn = new Set(services.connections.connections().map((c) => c.id));
  const found = (await findCredentials()).filter((f) => !signedIn.has(connectionOf(f)));
  await vscode.commands.executeCommand('setContext', 'codethreat.importAvailable', found.length > 0);
  const dismissed = new Set(state.get<string[]>(DISMISSED_KEY) ?? []);
  const fresh = found.filter((f) => !dismissed.has(f.key));
  if (fresh.length === 0) return [];
  const importAction = vscode.l10n.t('Import…');
  const notNow = vscode.l10n.t('Not Now');
  void services.prompter
    .notify(
      'info',
      vscode.l10n.t('A CodeThreat token is stored in plain text in {0}. Move it into VS Code\'s secret storage?', describeSource(fresh[0])),
      importAction,
      notNow,
    )
    .then(async (action) => {
      if (action === importAction) await vscode.commands.executeCommand(COMMANDS.importCredentials, fresh.length === 1 ? { key: fresh[0].key } : undefined);
      else if (action === notNow) await state.update(DISMISSED_KEY, [...dismissed, ...fresh.map((f) => f.key)]);
    });
  return fresh.map((f) => f.key);
}

/** The connection id importing `found` would give (its organization may still be asked for). */
function connectionOf(found: FoundCredential): string {
  const server = normalizeServerUrl(found.serverUrl);
  return connectionId(server.ok ? server.url : found.serverUrl, found.organization ?? '');
}
