/**
 * Offers (never performs) an import when plain-text CodeThreat credentials are found: a context
 * key for the welcome view's "Import Existing Credentials" button, and one notification per window
 * unless the user said "Not Now" for that source before. Runs after activation, not during it.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { normalizeServerUrl } from '../../core/api/serverUrl';
import { connectionId, type Connection } from '../../core/connections/connection';
import { byNoun } from '../../core/dialects';
import { COMMANDS } from '../shared/commandIds';
import { findCredentials, placesOf, type FoundCredential } from './credentialSources';
import { describeSource } from './importCredentials';

type Services = Pick<Container, 'connections' | 'prompter' | 'platform'>;

const DISMISSED_KEY = 'codethreat.importDismissed';

export async function offerImport(services: Services): Promise<string[]> {
  const state = services.platform.state;
  const connections = services.connections.connections();
  const found = (await findCredentials({ homeDirectory: services.platform.homeDirectory, trusted: vscode.workspace.isTrusted })).filter((f) => !isSignedIn(f, connections));
  await vscode.commands.executeCommand('setContext', 'codethreat.importAvailable', found.length > 0);
  const dismissed = new Set(state.get<string[]>(DISMISSED_KEY) ?? []);
  // "Not Now" holds for every place a candidate was found in (which one comes first may change, e.g. with trust).
  const fresh = found.filter((f) => !placesOf(f).some((place) => dismissed.has(place.key)));
  if (fresh.length === 0) return [];
  const importAction = vscode.l10n.t('Import…');
  const notNow = vscode.l10n.t('Not Now');
  void services.prompter
    .notify(
      'info',
      byNoun(fresh[0].generation, {
        apiKey: vscode.l10n.t("A CodeThreat API key is stored in plain text in {0}. Move it into VS Code's secret storage?", describeSource(fresh[0])),
        accessToken: vscode.l10n.t("A CodeThreat token is stored in plain text in {0}. Move it into VS Code's secret storage?", describeSource(fresh[0])),
      }),
      importAction,
      notNow,
    )
    .then(async (action) => {
      if (action === importAction) await vscode.commands.executeCommand(COMMANDS.importCredentials, fresh.length === 1 ? { key: fresh[0].key } : undefined);
      else if (action === notNow) await state.update(DISMISSED_KEY, [...dismissed, ...fresh.flatMap((f) => placesOf(f).map((place) => place.key))]);
    });
  return fresh.map((f) => f.key);
}

/**
 * Whether importing `found` would only repeat a sign-in: a connection to its server and the
 * organization named beside it, or to its server at all when it names none (its organization would
 * be asked for or picked).
 */
function isSignedIn(found: FoundCredential, connections: Connection[]): boolean {
  const server = normalizeServerUrl(found.serverUrl);
  const serverUrl = server.ok ? server.url : found.serverUrl;
  if (found.organization === undefined) return connections.some((c) => c.serverUrl === serverUrl);
  const id = connectionId(serverUrl, found.organization);
  return connections.some((c) => c.id === id);
}
