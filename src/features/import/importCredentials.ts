/**
 * `codethreat.importCredentials`: moves a plain-text CodeThreat credential into VS Code. The user
 * picks what to import and confirms where it goes (before anything is sent); the credential is
 * validated by its own server before anything is kept; then the plain-text copy can be removed
 * (see plaintextCopies.ts). An environment credential is used read-only: it stays where it is.
 *
 * A classic access token goes to its server with the organization named beside it (asked for when
 * none is). An AppSec platform API key is checked first (`cli/auth/validate`), which tells its
 * organizations: the one named beside it must be among them, or the user picks one.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Container } from '../../container';
import { isApiError } from '../../core/api/errors';
import { normalizeServerUrl } from '../../core/api/serverUrl';
import type { ValidatedCredential, ValidatedOrganization } from '../../core/api/tokenApi';
import { describeServer, type Connection } from '../../core/connections/connection';
import { byNoun, unreachable } from '../../core/dialects';
import { connectionLabel, reportFailure, withCancellableProgress } from '../shared/commandSupport';
import { acceptInsecureTransport } from '../shared/insecureTransport';
import { chooseClassicOrganization, chooseKeyOrganization } from '../shared/organizationChoices';
import { findCredentials, placesOf, type FoundCredential } from './credentialSources';
import { offerPlaintextRemoval } from './plaintextCopies';
import { plainText, SENTENCE_LENGTH } from '../../core/util/untrustedText';

type Services = Pick<Container, 'connections' | 'prompter' | 'logger' | 'platform'>;

export interface ImportResult {
  connectionId: string;
  source: FoundCredential['kind'];
  plaintextRemoved: boolean;
}

/** Where the credential goes. */
interface Target {
  serverUrl: string;
  organization: string;
  /** An AppSec key's check, already answered by the server (see `completeSignIn`). */
  validated?: ValidatedCredential;
}

/** Where the candidate was found, for people: its place, and any other place the same credential is in. */
export function describeSource(found: FoundCredential): string {
  const places = placesOf(found);
  if (places.length === 1) return describePlace(found);
  return vscode.l10n.t('{0} (also in {1})', describePlace(places[0]), places.slice(1).map((place) => describePlace(place)).join(', '));
}

/** One place a credential was found. */
export function describePlace(found: FoundCredential): string {
  switch (found.kind) {
    case 'codethreatJson':
      return vscode.l10n.t('codethreat.json in {0}', plainText(path.basename(path.dirname(found.where))));
    case 'settings':
      return found.settingsLevel
        ? vscode.l10n.t('the setting {0} in {1}', plainText(found.where), plainText(found.settingsLevel.name))
        : vscode.l10n.t('the setting {0}', plainText(found.where));
    case 'environment':
      return vscode.l10n.t('the environment variable {0}', plainText(found.where));
    case 'appsecCliCredentials':
      return vscode.l10n.t("the AppSec CLI's credentials file");
    case 'classicCliConfig':
      return '~/.codethreat_cli_config';
    case 'appsecCliEnvFile':
    case 'appsecCliConfig':
      return plainText(found.fileLabel ?? found.where);
    case 'workspaceEnvFile':
    case 'workspaceCliConfig':
      return vscode.l10n.t('the workspace file {0} in {1}', plainText(found.fileLabel ?? found.where), plainText(found.folderName ?? ''));
  }
}

export async function importCredentials(services: Services, args?: { key?: unknown }): Promise<ImportResult | undefined> {
  const found = await pickCandidate(services, typeof args?.key === 'string' ? args.key : undefined);
  if (!found) return undefined;
  const target = await targetOf(services, found);
  if (!target) return undefined;
  const connection = await signInWith(services, found, target);
  if (!connection) return undefined;
  services.logger.info(`Imported a credential from ${found.kind} for ${connection.id}`);
  void services.prompter.notify(
    'info',
    byNoun(found.generation, {
      apiKey: vscode.l10n.t('Signed in to {0} with the API key from {1}.', connectionLabel(connection), describeSource(found)),
      accessToken: vscode.l10n.t('Signed in to {0} with the token from {1}.', connectionLabel(connection), describeSource(found)),
    }),
  );
  // Used from the environment (read-only), the credential stays there, and in any file beside it too.
  const plaintextRemoved = found.kind === 'environment' ? false : await offerPlaintextRemoval(services, found, describeSource(found));
  return { connectionId: connection.id, source: found.kind, plaintextRemoved };
}

/** The credential to import: the one `key` names, the only one found, or the one picked. */
async function pickCandidate(services: Services, key: string | undefined): Promise<FoundCredential | undefined> {
  const all = await findCredentials({ homeDirectory: services.platform.homeDirectory, trusted: vscode.workspace.isTrusted });
  const candidates = key ? all.filter((f) => placesOf(f).some((place) => place.key === key)) : all;
  if (candidates.length === 0) {
    void services.prompter.notify(
      'info',
      vscode.l10n.t(
        "No CodeThreat credentials were found in codethreat.json, the old codethreat-vscode settings, the CodeThreat CLIs' files in your home folder or workspace, or environment variables.",
      ),
    );
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  return services.prompter.pick(
    candidates.map((c) => ({ label: describeSource(c), description: plainText(c.serverUrl), value: c })),
    { title: vscode.l10n.t('Import CodeThreat credentials'), placeholder: vscode.l10n.t('Which one?') },
  );
}

/** Where the credential goes: each generation finds its organization its own way. */
function targetOf(services: Services, found: FoundCredential): Promise<Target | undefined> {
  switch (found.generation) {
    case 'appsec':
      return appsecTarget(services, found);
    case 'classic':
      return classicTarget(services, found);
    default:
      return unreachable(found.generation);
  }
}

/** A classic token: confirmed, then its organization (the one named, else picked or typed as sign-in does). */
async function classicTarget(services: Services, found: FoundCredential): Promise<Target | undefined> {
  const serverUrl = usableServer(services, found);
  if (!serverUrl || !(await confirmTarget(services, found, serverUrl, found.organization))) return undefined;
  const organization = await chooseClassicOrganization(services, serverUrl, found.token, found.organization, vscode.l10n.t('Import CodeThreat credentials'));
  return organization ? { serverUrl, organization } : undefined;
}

/**
 * An AppSec platform key: confirmed, then checked with its server, whose answer lists the key's
 * organizations; the one named beside the key must be among them, or the user picks one.
 */
async function appsecTarget(services: Services, found: FoundCredential): Promise<Target | undefined> {
  const serverUrl = usableServer(services, found);
  if (!serverUrl || !(await confirmTarget(services, found, serverUrl, found.organization))) return undefined;
  let validated: ValidatedCredential;
  try {
    validated = await withCancellableProgress(vscode.l10n.t('Checking the API key with {0}…', describeServer(serverUrl)), (signal) =>
      services.connections.validateApiKey(serverUrl, found.token, signal),
    );
  } catch (error) {
    reportImportFailure(services, found, error);
    return undefined;
  }
  const organization = await chooseKeyOrganization(
    services.prompter,
    validated.organizations ?? [],
    { slug: found.organization, id: found.organizationId, namedBy: describeSource(found) },
    { title: vscode.l10n.t('Import CodeThreat credentials'), placeholder: vscode.l10n.t('Which organization is the key for?') },
  );
  return organization ? { serverUrl, organization, validated } : undefined;
}

/** The server named beside the credential, normalized; an unusable address is said and ends the import. */
function usableServer(services: Services, found: FoundCredential): string | undefined {
  const server = normalizeServerUrl(found.serverUrl);
  if (server.ok) return server.url;
  void services.prompter.notify('error', vscode.l10n.t('The server address in {0} is not usable: {1}', describeSource(found), plainText(found.serverUrl)));
  return undefined;
}

/**
 * Where the credential would go, confirmed in a modal that names the server and organization (an
 * AppSec key without one: picked after the check), and over plain http:// only after a warning.
 * Nothing has been sent before this.
 */
async function confirmTarget(services: Services, found: FoundCredential, serverUrl: string, organization: string | undefined): Promise<boolean> {
  const importButton = found.kind === 'environment' ? vscode.l10n.t('Use It') : vscode.l10n.t('Import');
  const detail = [
    vscode.l10n.t('Server: {0}', plainText(serverUrl)),
    organization
      ? vscode.l10n.t('Organization: {0}', plainText(organization))
      : found.organizationId
        ? vscode.l10n.t('Organization: the one with the id {0}, looked up among the key\'s organizations once the server has checked it.', plainText(found.organizationId))
        : byNoun(found.generation, {
            apiKey: vscode.l10n.t("Organization: you pick one of the key's organizations once the server has checked it."),
            accessToken: vscode.l10n.t('Organization: you pick or type one once the server has checked the token.'),
          }),
    found.kind === 'environment'
      ? vscode.l10n.t('It is checked with the server, then read from the environment each time; VS Code does not store it.')
      : vscode.l10n.t("It is checked with the server, then kept in VS Code's secret storage."),
  ].join('\n');
  const message = byNoun(found.generation, {
    apiKey: vscode.l10n.t('Use the CodeThreat API key from {0}?', describeSource(found)),
    accessToken: vscode.l10n.t('Use the CodeThreat token from {0}?', describeSource(found)),
  });
  const answer = await services.prompter.modal('info', message, detail, [importButton]);
  return answer === importButton && (await acceptInsecureTransport(services.prompter, serverUrl));
}

/** Validates for the organization and keeps the credential (or, from the environment, only the connection). */
async function signInWith(services: Services, found: FoundCredential, target: Target): Promise<Connection | undefined> {
  const checking = byNoun(found.generation, {
    apiKey: vscode.l10n.t('Checking the API key with {0}…', describeServer(target.serverUrl)),
    accessToken: vscode.l10n.t('Checking the token with {0}…', describeServer(target.serverUrl)),
  });
  try {
    return await withCancellableProgress(checking, (signal) =>
      services.connections.completeSignIn(
        target.serverUrl,
        target.organization,
        found.token,
        {
          environmentVariable: found.environmentVariable,
          environmentBinding: found.environmentBinding,
          generation: found.generation,
          validated: target.validated,
        },
        signal,
      ),
    );
  } catch (error) {
    reportImportFailure(services, found, error);
    return undefined;
  }
}

function reportImportFailure(services: Services, found: FoundCredential, error: unknown): void {
  if (found.organization && isApiError(error, 'forbidden')) {
    services.logger.warn(`Importing from ${found.kind}: ${error instanceof Error ? error.message : String(error)}`);
    reportNotAMember(services, found, found.organization, []);
    return;
  }
  reportFailure(
    services,
    byNoun(found.generation, {
      apiKey: vscode.l10n.t('Could not import the API key from {0}; nothing was saved.', describeSource(found)),
      accessToken: vscode.l10n.t('Could not import the token from {0}; nothing was saved.', describeSource(found)),
    }),
    error,
  );
}

/** The source names an organization the credential's user is not in. */
function reportNotAMember(services: Services, found: FoundCredential, organization: string, organizations: ValidatedOrganization[]): void {
  const sentence = vscode.l10n.t('The credential\'s user is not a member of the organization "{0}" that {1} names. Nothing was saved.', plainText(organization), describeSource(found));
  const theirs = organizations.length > 0 ? ` ${vscode.l10n.t("The key's organizations: {0}.", plainText(organizations.map((o) => o.slug).join(', '), SENTENCE_LENGTH))}` : '';
  void services.prompter.notify('error', `${sentence}${theirs}`);
}
