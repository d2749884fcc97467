/**
 * Signing in to the CodeThreat AppSec platform (API v1): the credential is an API key (the
 * platform's own web sign-in happens in the browser). The key is checked first
 * (`cli/auth/validate`), which also says whose it is, which organizations it reaches (the
 * personal one marked) and what it may do; the organization is chosen from those as import
 * chooses it (shared/organizationChoices.ts); nothing is saved before the platform has accepted
 * the key for that organization.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { isApiError } from '../../core/api/errors';
import type { ValidatedCredential } from '../../core/api/tokenApi';
import { describeServer, type Connection } from '../../core/connections/connection';
import { reportFailure, withCancellableProgress } from '../shared/commandSupport';
import { chooseKeyOrganization } from '../shared/organizationChoices';
import { confirmGivenCredential, trimmedSecret } from './givenCredential';
import type { SignInArgs } from './signIn';
import { plainText } from '../../core/util/untrustedText';

type Services = Pick<Container, 'connections' | 'prompter' | 'logger'>;

export async function appsecSignIn(services: Services, serverUrl: string, args: SignInArgs, title: string): Promise<Connection | undefined> {
  const key = await chooseKey(services, args.apiKey ?? args.token, title);
  if (!key) return undefined;
  if (args.apiKey !== undefined || args.token !== undefined) {
    if (!(await confirmGivenCredential(services.prompter, serverUrl, undefined, args.organization, 'apiKey'))) return undefined;
  }
  const host = describeServer(serverUrl);
  let validated: ValidatedCredential;
  try {
    validated = await withCancellableProgress(vscode.l10n.t('Checking the API key with {0}…', host), (signal) => services.connections.validateApiKey(serverUrl, key, signal));
  } catch (error) {
    reportKeyFailure(services, error);
    return undefined;
  }
  const organization = await chooseKeyOrganization(services.prompter, validated.organizations ?? [], { slug: args.organization }, { title, placeholder: vscode.l10n.t('Which organization?') });
  if (!organization) return undefined;
  try {
    return await withCancellableProgress(vscode.l10n.t('Checking access to {0} on {1}…', plainText(organization), host), (signal) =>
      services.connections.completeSignIn(serverUrl, organization, key, { generation: 'appsec', validated }, signal),
    );
  } catch (error) {
    if (isApiError(error, 'forbidden', 'notFound')) {
      void services.prompter.notify('error', vscode.l10n.t('The API key has no access to the organization "{0}". Nothing was saved.', plainText(organization)));
    } else reportKeyFailure(services, error);
    return undefined;
  }
}

async function chooseKey(services: Services, given: string | undefined, title: string): Promise<string | undefined> {
  const typed =
    given ??
    (await services.prompter.input({
      title,
      prompt: vscode.l10n.t('Paste your CodeThreat API key (Organization Settings → API Keys)'),
      password: true,
      validate: (value) => (value.trim() ? undefined : vscode.l10n.t('The API key is empty.')),
    }));
  if (typed === undefined) return undefined;
  const secret = trimmedSecret(typed);
  if (secret.ok) return secret.value;
  void services.prompter.notify('error', secret.problem === 'spaces' ? vscode.l10n.t('An API key has no spaces in it; check what was pasted.') : vscode.l10n.t('The API key is empty.'));
  return undefined;
}

function reportKeyFailure(services: Services, error: unknown): void {
  if (isApiError(error, 'cancelled')) return;
  if (isApiError(error, 'unauthorized')) {
    void services.prompter.notify('error', vscode.l10n.t('CodeThreat did not accept that API key: it is wrong, revoked or expired. Nothing was saved.'));
    return;
  }
  reportFailure(services, vscode.l10n.t('Could not sign in; nothing was saved.'), error);
}
