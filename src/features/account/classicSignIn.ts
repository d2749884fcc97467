/**
 * Signing in to a classic CodeThreat server: a username and password (exchanged for a session
 * token) or an existing access token, then the organization (picked from the server's list, or
 * typed, as import chooses it: shared/organizationChoices.ts), validated before anything is saved.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { isApiError } from '../../core/api/errors';
import { describeServer, type Connection } from '../../core/connections/connection';
import type { SignInCredentials } from '../../core/connections/connectionService';
import { reportFailure, withCancellableProgress } from '../shared/commandSupport';
import { chooseClassicOrganization } from '../shared/organizationChoices';
import { confirmGivenCredential, trimmedSecret } from './givenCredential';
import type { SignInArgs } from './signIn';
import { plainText } from '../../core/util/untrustedText';

type Services = Pick<Container, 'connections' | 'prompter' | 'logger'>;

/** Signs in with a password or token; undefined when cancelled or refused (the user was told). */
export async function classicSignIn(services: Services, serverUrl: string, method: 'password' | 'token', args: SignInArgs, title: string): Promise<Connection | undefined> {
  const credentials = await chooseCredentials(services, method, args, title);
  if (!credentials) return undefined;
  const given = args.token !== undefined || args.password !== undefined;
  const who = 'username' in credentials ? credentials.username : undefined;
  if (given && !(await confirmGivenCredential(services.prompter, serverUrl, who, args.organization))) return undefined;
  const host = describeServer(serverUrl);
  let credential: string;
  try {
    credential = await withCancellableProgress(vscode.l10n.t('Signing in to {0}…', host), (signal) => services.connections.authenticate(serverUrl, credentials, signal));
  } catch (error) {
    reportSignInFailure(services, error, 'username' in credentials);
    return undefined;
  }
  const organization = await chooseClassicOrganization(services, serverUrl, credential, args.organization, title);
  if (!organization) return undefined;
  try {
    return await withCancellableProgress(vscode.l10n.t('Checking access to {0} on {1}…', plainText(organization), host), (signal) =>
      services.connections.completeSignIn(serverUrl, organization, credential, { username: who }, signal),
    );
  } catch (error) {
    reportOrganizationFailure(services, error, organization, 'username' in credentials);
    return undefined;
  }
}

async function chooseCredentials(services: Services, method: 'password' | 'token', args: SignInArgs, title: string): Promise<SignInCredentials | undefined> {
  if (args.token !== undefined) return tokenCredentials(services, args.token);
  if (args.username !== undefined && args.password !== undefined) return { username: args.username, password: args.password };
  if (method === 'token') {
    const token = await services.prompter.input({
      title,
      prompt: vscode.l10n.t('Paste your CodeThreat access token'),
      password: true,
      validate: (value) => (value.trim() ? undefined : vscode.l10n.t('The token is empty.')),
    });
    return token === undefined ? undefined : tokenCredentials(services, token);
  }
  const username =
    args.username ??
    (await services.prompter.input({
      title,
      prompt: vscode.l10n.t('CodeThreat username (e-mail)'),
      validate: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter your username.')),
    }));
  if (username === undefined) return undefined;
  const password = await services.prompter.input({
    title,
    prompt: vscode.l10n.t('Password for {0}', plainText(username.trim())),
    password: true,
    validate: (value) => (value ? undefined : vscode.l10n.t('Enter your password.')),
  });
  if (password === undefined) return undefined;
  return { username: username.trim(), password };
}

function tokenCredentials(services: Services, token: string): SignInCredentials | undefined {
  const secret = trimmedSecret(token);
  if (!secret.ok) {
    void services.prompter.notify('error', secret.problem === 'spaces' ? vscode.l10n.t('An access token has no spaces in it; check what was pasted.') : vscode.l10n.t('The token is empty.'));
    return undefined;
  }
  return { token: secret.value };
}

function reportSignInFailure(services: Services, error: unknown, withPassword: boolean): void {
  if (isApiError(error, 'cancelled')) return;
  if (isApiError(error, 'unauthorized')) {
    void services.prompter.notify(
      'error',
      withPassword
        ? vscode.l10n.t('CodeThreat did not accept that username and password. Nothing was saved.')
        : vscode.l10n.t('CodeThreat did not accept that token: it is wrong, revoked or expired. Nothing was saved.'),
    );
    return;
  }
  reportFailure(services, vscode.l10n.t('Could not sign in; nothing was saved.'), error);
}

function reportOrganizationFailure(services: Services, error: unknown, organization: string, withPassword: boolean): void {
  if (isApiError(error, 'notFound')) {
    void services.prompter.notify('error', vscode.l10n.t('CodeThreat has no organization named "{0}". Nothing was saved.', plainText(organization)));
    return;
  }
  if (isApiError(error, 'forbidden')) {
    void services.prompter.notify('error', vscode.l10n.t('You are not a member of the organization "{0}". Nothing was saved.', plainText(organization)));
    return;
  }
  reportSignInFailure(services, error, withPassword);
}
