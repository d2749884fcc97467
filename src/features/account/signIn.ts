/**
 * `codethreat.signIn`: server → credentials → organization → validation → save. Every piece can be
 * passed as an argument (keybindings, links, other extensions); what is missing is asked for.
 * Nothing is stored until the server has accepted the credential for the organization.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { isApiError } from '../../core/api/errors';
import { CLOUD_SERVER_URL, normalizeServerUrl, type ServerUrlProblem } from '../../core/api/serverUrl';
import { describeServer, type Connection } from '../../core/connections/connection';
import type { SignInCredentials } from '../../core/connections/connectionService';
import { reportFailure, withCancellableProgress } from '../shared/commandSupport';
import { acceptInsecureTransport } from '../shared/insecureTransport';

type Services = Pick<Container, 'connections' | 'prompter' | 'logger' | 'platform'>;

export interface SignInArgs {
  serverUrl?: string;
  organization?: string;
  username?: string;
  password?: string;
  token?: string;
}

export interface SignInResult {
  serverUrl: string;
  organization: string;
  username?: string;
}

/** Pick items that lead to a box where the user types the value. */
const CUSTOM_SERVER = Symbol('custom server');
const TYPE_IT = Symbol('type the organization');

export async function signIn(services: Services, given?: SignInArgs): Promise<SignInResult | undefined> {
  const args = textFields(given);
  const title = vscode.l10n.t('Sign in to CodeThreat');
  if (args.organization !== undefined && !args.organization.trim()) {
    void services.prompter.notify('error', vscode.l10n.t('The organization name is empty.'));
    return undefined;
  }
  const serverUrl = await chooseServer(services, args.serverUrl, title);
  if (!serverUrl) return undefined;
  if (!(await acceptInsecureTransport(services.prompter, serverUrl))) return undefined;

  const credentials = await chooseCredentials(services, args, title);
  if (!credentials) return undefined;
  if (credentialGiven(args) && !(await confirmGivenCredential(services, serverUrl, args, credentials))) return undefined;

  const host = describeServer(serverUrl);
  let credential: string;
  try {
    credential = await withCancellableProgress(vscode.l10n.t('Signing in to {0}…', host), (signal) =>
      services.connections.authenticate(serverUrl, credentials, signal),
    );
  } catch (error) {
    reportSignInFailure(services, error, 'username' in credentials);
    return undefined;
  }

  const organization = await chooseOrganization(services, serverUrl, credential, args.organization, title);
  if (!organization) return undefined;

  let connection: Connection;
  try {
    connection = await withCancellableProgress(vscode.l10n.t('Checking access to {0} on {1}…', organization, host), (signal) =>
      services.connections.completeSignIn(serverUrl, organization, credential, { username: 'username' in credentials ? credentials.username : undefined }, signal),
    );
  } catch (error) {
    reportOrganizationFailure(services, error, organization, 'username' in credentials);
    return undefined;
  }
  services.logger.info(`Signed in to ${host} (organization ${organization}, server version ${connection.apiVersion ?? 'unknown'})`);
  void services.prompter.notify(
    'info',
    connection.username
      ? vscode.l10n.t('Signed in to CodeThreat at {0} as {1} ({2}).', host, connection.username, organization)
      : vscode.l10n.t('Signed in to CodeThreat at {0} ({1}).', host, organization),
  );
  return { serverUrl, organization, username: connection.username };
}

/** Only the string fields of what a caller passed: a command's arguments come from anywhere. */
function textFields(given: unknown): SignInArgs {
  const record = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  const text = (key: keyof SignInArgs) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return { serverUrl: text('serverUrl'), organization: text('organization'), username: text('username'), password: text('password'), token: text('token') };
}

function serverUrlProblemText(problem: ServerUrlProblem): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('Enter the address of your CodeThreat server.');
    case 'notAUrl':
      return vscode.l10n.t('That is not a web address. Example: https://codethreat.example.com');
    case 'unsupportedScheme':
      return vscode.l10n.t('Use an https:// (or http://) address.');
    case 'hasCredentials':
      return vscode.l10n.t('Leave the user name and password out of the address; you will be asked for them next.');
    case 'hasQueryOrFragment':
      return vscode.l10n.t('Enter the server address only, without ? or # parts.');
    case 'hasPath':
      return vscode.l10n.t('Enter the server address only, without a path (for example https://codethreat.example.com).');
  }
}

async function chooseServer(services: Services, given: string | undefined, title: string): Promise<string | undefined> {
  if (given !== undefined) {
    const result = normalizeServerUrl(given);
    if (!result.ok) {
      void services.prompter.notify('error', serverUrlProblemText(result.problem));
      return undefined;
    }
    return result.url;
  }
  const known = new Set<string>([CLOUD_SERVER_URL]);
  const configured = services.platform.settings.read().serverUrl;
  const configuredUrl = configured ? normalizeServerUrl(configured) : undefined;
  const choices: { label: string; description?: string; value: string | typeof CUSTOM_SERVER }[] = [];
  if (configuredUrl?.ok && configuredUrl.url !== CLOUD_SERVER_URL) {
    known.add(configuredUrl.url);
    choices.push({ label: describeServer(configuredUrl.url), description: vscode.l10n.t('from settings'), value: configuredUrl.url });
  }
  choices.push({ label: vscode.l10n.t('CodeThreat Cloud'), description: describeServer(CLOUD_SERVER_URL), value: CLOUD_SERVER_URL });
  for (const connection of services.connections.connections()) {
    if (!known.has(connection.serverUrl)) {
      known.add(connection.serverUrl);
      choices.push({ label: describeServer(connection.serverUrl), description: vscode.l10n.t('signed in before'), value: connection.serverUrl });
    }
  }
  choices.push({ label: vscode.l10n.t('Self-hosted server…'), description: vscode.l10n.t('enter its address'), value: CUSTOM_SERVER });
  const picked = await services.prompter.pick(choices, { title, placeholder: vscode.l10n.t('Which CodeThreat server?') });
  if (picked !== CUSTOM_SERVER) return picked;
  const typed = await services.prompter.input({
    title,
    prompt: vscode.l10n.t('Address of your CodeThreat server'),
    placeholder: 'https://codethreat.example.com',
    validate: (value) => {
      const result = normalizeServerUrl(value);
      return result.ok ? undefined : serverUrlProblemText(result.problem);
    },
  });
  if (typed === undefined) return undefined;
  const result = normalizeServerUrl(typed);
  return result.ok ? result.url : undefined;
}

/** The password or token came with the command's arguments, not from the person typing. */
function credentialGiven(args: SignInArgs): boolean {
  return args.token !== undefined || args.password !== undefined;
}

/**
 * A sign-in whose credential a caller supplied (a link, a keybinding, another extension) stores a
 * credential the user never typed: it needs their yes first.
 */
async function confirmGivenCredential(services: Services, serverUrl: string, args: SignInArgs, credentials: SignInCredentials): Promise<boolean> {
  const signIn = vscode.l10n.t('Sign In');
  const who = 'username' in credentials ? credentials.username : undefined;
  const message = who
    ? vscode.l10n.t('Sign in to CodeThreat at {0} as {1}?', describeServer(serverUrl), who)
    : vscode.l10n.t('Sign in to CodeThreat at {0} with a token?', describeServer(serverUrl));
  const detail = [
    vscode.l10n.t('A command asked to sign you in with a password or token it supplied (from a link, a keybinding or another extension).'),
    args.organization ? vscode.l10n.t('Organization: {0}', args.organization.trim()) : undefined,
    vscode.l10n.t('VS Code will keep the sign-in in its secret storage. Sign in only if you expected this.'),
  ]
    .filter(Boolean)
    .join('\n');
  return (await services.prompter.modal('warning', message, detail, [signIn])) === signIn;
}

async function chooseCredentials(services: Services, args: SignInArgs, title: string): Promise<SignInCredentials | undefined> {
  if (args.token !== undefined) return tokenCredentials(services, args.token);
  if (args.username !== undefined && args.password !== undefined) return { username: args.username, password: args.password };
  let method: 'password' | 'token' | undefined = args.username !== undefined ? 'password' : undefined;
  method ??= await services.prompter.pick<'password' | 'token'>(
    [
      { label: vscode.l10n.t('Username and password'), description: vscode.l10n.t('your CodeThreat login'), value: 'password' },
      { label: vscode.l10n.t('Existing access token'), description: vscode.l10n.t('paste a token you already have'), value: 'token' },
    ],
    { title, placeholder: vscode.l10n.t('How do you want to sign in?') },
  );
  if (method === undefined) return undefined;
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
    prompt: vscode.l10n.t('Password for {0}', username.trim()),
    password: true,
    validate: (value) => (value ? undefined : vscode.l10n.t('Enter your password.')),
  });
  if (password === undefined) return undefined;
  return { username: username.trim(), password };
}

function tokenCredentials(services: Services, token: string): SignInCredentials | undefined {
  // Pasted tokens often carry a trailing newline or spaces; a token never contains whitespace.
  const trimmed = token.trim();
  if (!trimmed || /\s/.test(trimmed)) {
    void services.prompter.notify('error', trimmed ? vscode.l10n.t('An access token has no spaces in it; check what was pasted.') : vscode.l10n.t('The token is empty.'));
    return undefined;
  }
  return { token: trimmed };
}

async function chooseOrganization(
  services: Services,
  serverUrl: string,
  credential: string,
  given: string | undefined,
  title: string,
): Promise<string | undefined> {
  if (given !== undefined) return given.trim(); // checked for emptiness before anything was sent
  let organizations: string[] = [];
  try {
    organizations = await services.connections.listOrganizations(serverUrl, credential);
  } catch (error) {
    // Not fatal: some servers or tokens may not list organizations; the name can be typed.
    services.logger.warn(`Listing organizations failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (organizations.length > 0) {
    const picked = await services.prompter.pick<string | typeof TYPE_IT>(
      [...organizations.map((name) => ({ label: name, value: name })), { label: vscode.l10n.t('Another organization…'), value: TYPE_IT }],
      { title, placeholder: vscode.l10n.t('Which organization?') },
    );
    if (picked !== TYPE_IT) return picked;
  }
  const typed = await services.prompter.input({
    title,
    prompt: vscode.l10n.t('CodeThreat organization name'),
    validate: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the organization name.')),
  });
  return typed?.trim() || undefined;
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
    void services.prompter.notify('error', vscode.l10n.t('CodeThreat has no organization named "{0}". Nothing was saved.', organization));
    return;
  }
  if (isApiError(error, 'forbidden')) {
    void services.prompter.notify('error', vscode.l10n.t('You are not a member of the organization "{0}". Nothing was saved.', organization));
    return;
  }
  reportSignInFailure(services, error, withPassword);
}
