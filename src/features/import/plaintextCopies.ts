/**
 * After an import: the offer to remove the plain-text copy, and the removal itself. Only the
 * credential goes — `apiToken` from codethreat.json (which is then kept out of git on request),
 * the old setting at its level, `apiKey` from the AppSec CLI's credentials file, the
 * `CODETHREAT_SECRET` line from the classic CLI's config, the `CT_API_KEY` line from a `.env`, the
 * `apiKey` line from a `.codethreat.yml` or `config.yml` — never the rest of a file, nor a file, and
 * a file keeps its mode. A credential found in several places leaves each of them (the environment
 * is never changed). Each source loses its credential only while it still holds the one imported.
 */
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Container } from '../../container';
import { byNoun } from '../../core/dialects';
import { findGit } from '../../core/util/gitExecutable';
import { reportFailure } from '../shared/commandSupport';
import { removeAppsecApiKey, removeClassicCliToken, removeDotenvApiKey, removeYamlApiKey, rewriteKeepingMode, withoutDotenvApiKey, withoutYamlApiKey, type RemovalOutcome } from './cliCredentialFiles';
import { OLD_SETTINGS, placesOf, type FoundCredential } from './credentialSources';
import { plainText } from '../../core/util/untrustedText';

type Services = Pick<Container, 'connections' | 'prompter' | 'logger' | 'platform'>;

/** The places the credential can be removed from: not the environment, which is not ours to change. */
export function removablePlaces(found: FoundCredential): FoundCredential[] {
  return placesOf(found).filter((place) => place.kind !== 'environment');
}

/** Asks, then removes the credential from where it was found; true when it is gone from every such place. */
export async function offerPlaintextRemoval(services: Services, found: FoundCredential, source: string): Promise<boolean> {
  const places = removablePlaces(found);
  if (places.length === 0) return false;
  // Only what is removed is named: an environment variable beside the file stays as it is.
  if (places.length < placesOf(found).length) source = places.map(describePlaceForRemoval).join(', ');
  const remove = vscode.l10n.t('Remove Plain-Text Copy');
  const answer = await services.prompter.modal(
    'warning',
    byNoun(found.generation, { apiKey: vscode.l10n.t('Remove the API key from {0}?', plainText(source)), accessToken: vscode.l10n.t('Remove the token from {0}?', plainText(source)) }),
    places.length === 1 ? removalDetail(places[0]) : vscode.l10n.t('VS Code keeps it in its secret storage now. Only the credential\'s line or field is removed from each file; everything else in them stays.'),
    [remove],
  );
  if (answer !== remove) return false;
  let removedEverywhere = true;
  for (const place of places) removedEverywhere = (await removeFrom(services, place, places.length === 1 ? source : describePlaceForRemoval(place))) && removedEverywhere;
  return removedEverywhere;
}

/** Removes the credential from one place, saying what kept it there; true when it is gone. */
async function removeFrom(services: Services, found: FoundCredential, source: string): Promise<boolean> {
  try {
    const outcome = await removeCredential(found);
    if (outcome === 'changed') {
      void services.prompter.notify('info', vscode.l10n.t('The credential in {0} has changed since it was imported; the file was left as it is.', plainText(source)));
    }
    if (outcome === 'removed' && found.kind === 'codethreatJson' && found.file) await offerGitignore(services, found.file);
    return outcome === 'removed';
  } catch (error) {
    const what = byNoun(found.generation, {
      apiKey: vscode.l10n.t('Could not remove the API key from {0}.', plainText(source)),
      accessToken: vscode.l10n.t('Could not remove the token from {0}.', plainText(source)),
    });
    reportFailure(services, what, error);
    return false;
  }
}

/** A place named in a removal message: its file as people know it (a workspace file with its folder's name). */
function describePlaceForRemoval(found: FoundCredential): string {
  const file = found.fileLabel ?? found.where;
  return found.folderName ? `${found.folderName}/${file}` : file;
}

function removalDetail(found: FoundCredential): string {
  switch (found.kind) {
    case 'codethreatJson':
      return vscode.l10n.t(
        'VS Code keeps it in its secret storage now. Only "apiToken" is removed from the file; CodeThreat\'s SAST extension, which reads the file, will ask for a token again.',
      );
    case 'appsecCliCredentials':
      return vscode.l10n.t(
        'VS Code keeps it in its secret storage now. Only "apiKey" is removed from the file; its server address stays, and the AppSec CLI will ask you to log in again.',
      );
    case 'classicCliConfig':
      return vscode.l10n.t(
        'VS Code keeps it in its secret storage now. Only the CODETHREAT_SECRET line is removed from the file; the other lines stay, and the CodeThreat CLI will need the token again.',
      );
    case 'appsecCliEnvFile':
    case 'workspaceEnvFile':
      return vscode.l10n.t('VS Code keeps it in its secret storage now. Only the CT_API_KEY line is removed from the file; the other lines stay, and the AppSec CLI will need the key again.');
    case 'appsecCliConfig':
    case 'workspaceCliConfig':
      return vscode.l10n.t('VS Code keeps it in its secret storage now. Only the "apiKey" line is removed from the file; the other settings stay, and the AppSec CLI will need the key again.');
    case 'settings':
    case 'environment':
      return vscode.l10n.t('VS Code keeps it in its secret storage now; the plain-text setting is no longer needed.');
  }
}

async function removeCredential(found: FoundCredential): Promise<RemovalOutcome> {
  switch (found.kind) {
    case 'codethreatJson':
      return found.file ? removeTokenFromCodeThreatJson(found.file, found.token) : 'gone';
    case 'settings': {
      const level = found.settingsLevel;
      const current = level?.currentToken();
      if (!level || current === undefined) return 'gone';
      if (current !== found.token) return 'changed';
      await level.settings.update(OLD_SETTINGS.token, undefined, level.target);
      return 'removed';
    }
    case 'appsecCliCredentials':
      return found.file ? removeAppsecApiKey(found.file.fsPath, found.token) : 'gone';
    case 'appsecCliEnvFile':
      return found.file ? removeDotenvApiKey(found.file.fsPath, found.token) : 'gone';
    case 'appsecCliConfig':
      return found.file ? removeYamlApiKey(found.file.fsPath, found.token) : 'gone';
    case 'workspaceEnvFile':
      return found.file ? rewriteWorkspaceFile(found.file, (content) => withoutDotenvApiKey(content, found.token)) : 'gone';
    case 'workspaceCliConfig':
      return found.file ? rewriteWorkspaceFile(found.file, (content) => withoutYamlApiKey(content, found.token)) : 'gone';
    case 'classicCliConfig':
      return found.file ? removeClassicCliToken(found.file.fsPath, found.token) : 'gone';
    case 'environment':
      return 'gone'; // read-only: the environment is not ours to change
  }
}

/** A workspace file rewritten by `change`: on disk in place, keeping its mode; in a virtual workspace through its file system. */
async function rewriteWorkspaceFile(file: vscode.Uri, change: (content: string) => string | undefined): Promise<RemovalOutcome> {
  if (file.scheme === 'file') return rewriteKeepingMode(file.fsPath, change);
  let content: string;
  try {
    content = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return 'gone';
    throw error;
  }
  const changed = change(content);
  if (changed === undefined) return 'changed';
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(changed));
  return 'removed';
}

async function removeTokenFromCodeThreatJson(file: vscode.Uri, imported: string): Promise<RemovalOutcome> {
  const content = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, unknown>;
  const current = typeof content.apiToken === 'string' ? content.apiToken.trim() : '';
  if (!current) return 'gone';
  if (current !== imported) return 'changed';
  delete content.apiToken;
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${JSON.stringify(content, null, 2)}\n`));
  return 'removed';
}

/** When git tracks codethreat.json, the token is in the repository's history too: say so. */
async function offerGitignore(services: Services, file: vscode.Uri): Promise<void> {
  const folder = path.dirname(file.fsPath);
  // An absolute path: a bare `git` would be looked up in `folder` first on Windows.
  const git = findGit(services.platform.git);
  if (!git) return;
  const tracked = await new Promise<boolean>((resolve) =>
    execFile(git, ['ls-files', '--error-unmatch', 'codethreat.json'], { cwd: folder, timeout: 5000 }, (error) => resolve(!error)),
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
