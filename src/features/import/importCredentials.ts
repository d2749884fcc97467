/**
 * `codethreat.importCredentials`: moves a plain-text CodeThreat credential into VS Code. The user
 * picks what to import and confirms; the credential is validated against its server before
 * anything is kept; then the plain-text copy can be removed (and `codethreat.json` kept out of
 * git). An environment credential is used read-only: it stays where it is.
 */
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Container } from '../../container';
import { normalizeServerUrl } from '../../core/api/serverUrl';
import { describeServer, type Connection } from '../../core/connections/connection';
import { connectionLabel, reportFailure, withCancellableProgress } from '../shared/commandSupport';
import { acceptInsecureTransport } from '../shared/insecureTransport';
import { findCredentials, OLD_SETTINGS, type FoundCredential } from './credentialSources';

type Services = Pick<Container, 'connections' | 'prompter' | 'logger'>;

export interface ImportResult {
  connectionId: string;
  source: FoundCredential['kind'];
  plaintextRemoved: boolean;
}

export function describeSource(found: FoundCredential): string {
  switch (found.kind) {
    case 'codethreatJson':
      return vscode.l10n.t('codethreat.json in {0}', path.basename(path.dirname(found.where)));
    case 'settings':
      return found.settingsLevel
        ? vscode.l10n.t('the setting {0} in {1}', found.where, found.settingsLevel.name)
        : vscode.l10n.t('the setting {0}', found.where);
    case 'environment':
      return vscode.l10n.t('the environment variable {0}', found.where);
  }
}

export async function importCredentials(services: Services, args?: { key?: unknown }): Promise<ImportResult | undefined> {
  const found = await pickCandidate(services, typeof args?.key === 'string' ? args.key : undefined);
  if (!found) return undefined;
  const target = await confirmTarget(services, found);
  if (!target) return undefined;
  let connection: Connection;
  try {
    connection = await withCancellableProgress(vscode.l10n.t('Checking the token with {0}…', describeServer(target.serverUrl)), (signal) =>
      services.connections.completeSignIn(target.serverUrl, target.organization, found.token, { environmentVariable: found.environmentVariable }, signal),
    );
  } catch (error) {
    reportFailure(services, vscode.l10n.t('Could not import the token from {0}; nothing was saved.', describeSource(found)), error);
    return undefined;
  }
  services.logger.info(`Imported a credential from ${found.kind} for ${connection.id}`);
  void services.prompter.notify('info', vscode.l10n.t('Signed in to {0} with the token from {1}.', connectionLabel(connection), describeSource(found)));
  const plaintextRemoved = found.kind === 'environment' ? false : await offerPlaintextRemoval(services, found);
  return { connectionId: connection.id, source: found.kind, plaintextRemoved };
}

/** The credential to import: the one `key` names, the only one found, or the one picked. */
async function pickCandidate(services: Services, key: string | undefined): Promise<FoundCredential | undefined> {
  const all = await findCredentials();
  const candidates = key ? all.filter((f) => f.key === key) : all;
  if (candidates.length === 0) {
    void services.prompter.notify('info', vscode.l10n.t('No CodeThreat credentials were found in codethreat.json, the old codethreat-vscode settings or environment variables.'));
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  return services.prompter.pick(
    candidates.map((c) => ({ label: describeSource(c), description: c.serverUrl, value: c })),
    { title: vscode.l10n.t('Import CodeThreat credentials'), placeholder: vscode.l10n.t('Which one?') },
  );
}

/**
 * Where the token would go — the server named beside it, and its organization (asked for when
 * none is named) — confirmed in a modal, and over plain http:// only after a warning.
 */
async function confirmTarget(services: Services, found: FoundCredential): Promise<{ serverUrl: string; organization: string } | undefined> {
  const server = normalizeServerUrl(found.serverUrl);
  if (!server.ok) {
    void services.prompter.notify('error', vscode.l10n.t('The server address in {0} is not usable: {1}', describeSource(found), found.serverUrl));
    return undefined;
  }
  const organization = (
    found.organization ??
    (await services.prompter.input({
      title: vscode.l10n.t('Import CodeThreat credentials'),
      prompt: vscode.l10n.t('{0} names no organization. Which CodeThreat organization is it for?', describeSource(found)),
      validate: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the organization name.')),
    }))
  )?.trim();
  if (!organization) return undefined;
  const importButton = found.kind === 'environment' ? vscode.l10n.t('Use It') : vscode.l10n.t('Import');
  const detail = [
    vscode.l10n.t('Server: {0}', server.url),
    vscode.l10n.t('Organization: {0}', organization),
    found.kind === 'environment'
      ? vscode.l10n.t('It is checked with the server, then read from the environment each time; VS Code does not store it.')
      : vscode.l10n.t("It is checked with the server, then kept in VS Code's secret storage."),
  ].join('\n');
  const answer = await services.prompter.modal('info', vscode.l10n.t('Use the CodeThreat token from {0}?', describeSource(found)), detail, [importButton]);
  if (answer !== importButton || !(await acceptInsecureTransport(services.prompter, server.url))) return undefined;
  return { serverUrl: server.url, organization };
}

async function offerPlaintextRemoval(services: Services, found: FoundCredential): Promise<boolean> {
  const remove = vscode.l10n.t('Remove Plain-Text Copy');
  const answer = await services.prompter.modal(
    'warning',
    vscode.l10n.t('Remove the token from {0}?', describeSource(found)),
    found.kind === 'codethreatJson'
      ? vscode.l10n.t('VS Code keeps it in its secret storage now. Only "apiToken" is removed from the file; CodeThreat\'s SAST extension, which reads the file, will ask for a token again.')
      : vscode.l10n.t('VS Code keeps it in its secret storage now; the plain-text setting is no longer needed.'),
    [remove],
  );
  if (answer !== remove) return false;
  try {
    if (found.kind === 'codethreatJson' && found.file) {
      await removeTokenFromFile(found.file);
      await offerGitignore(services, found.file);
    } else if (found.kind === 'settings' && found.settingsLevel) {
      await found.settingsLevel.settings.update(OLD_SETTINGS.token, undefined, found.settingsLevel.target);
    }
    return true;
  } catch (error) {
    reportFailure(services, vscode.l10n.t('Could not remove the token from {0}.', describeSource(found)), error);
    return false;
  }
}

async function removeTokenFromFile(file: vscode.Uri): Promise<void> {
  const content = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, unknown>;
  delete content.apiToken;
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${JSON.stringify(content, null, 2)}\n`));
}

/** When git tracks codethreat.json, the token is in the repository's history too: say so. */
async function offerGitignore(services: Services, file: vscode.Uri): Promise<void> {
  const folder = path.dirname(file.fsPath);
  const tracked = await new Promise<boolean>((resolve) =>
    execFile('git', ['ls-files', '--error-unmatch', 'codethreat.json'], { cwd: folder, timeout: 5000 }, (error) => resolve(!error)),
  );
  if (!tracked) return;
  const add = vscode.l10n.t('Add to .gitignore');
  const answer = await services.prompter.modal(
    'warning',
    vscode.l10n.t('codethreat.json is tracked by git.'),
    vscode.l10n.t('Its history still holds the token: delete the token in CodeThreat. Add codethreat.json to .gitignore (and run "git rm --cached codethreat.json") so it is not committed again?'),
    [add],
  );
  if (answer !== add) return;
  const gitignore = vscode.Uri.joinPath(vscode.Uri.file(folder), '.gitignore');
  let current = '';
  try {
    current = new TextDecoder().decode(await vscode.workspace.fs.readFile(gitignore));
  } catch {
    // no .gitignore yet
  }
  if (current.split(/\r?\n/).some((line) => line.trim() === 'codethreat.json')) return;
  const separator = current && !current.endsWith('\n') ? '\n' : '';
  await vscode.workspace.fs.writeFile(gitignore, new TextEncoder().encode(`${current}${separator}codethreat.json\n`));
}
