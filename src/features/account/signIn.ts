/**
 * `codethreat.signIn`: server → how to sign in (the server's API generation) → credentials →
 * organization → validation → save. Every piece can be passed as an argument (keybindings, links,
 * other extensions): `generation`, `serverUrl`, `organization`, and `username` + `password` or
 * `token` (classic) or `apiKey` (AppSec platform); what is missing is asked for. A credential
 * passed as an argument is confirmed in a modal first. Nothing is stored until the server has
 * accepted the credential for the organization.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import type { ApiGeneration } from '../../core/api/tokenApi';
import { describeServer, type Connection } from '../../core/connections/connection';
import { dialectOf } from '../../core/dialects';
import { acceptInsecureTransport } from '../shared/insecureTransport';
import { appsecSignIn } from './appsecSignIn';
import { chooseServer } from './chooseServer';
import { classicSignIn } from './classicSignIn';
import { chooseSignInMethod } from './signInMethod';
import { plainText } from '../../core/util/untrustedText';

type Services = Pick<Container, 'connections' | 'prompter' | 'logger' | 'platform' | 'probeServer'>;

export interface SignInArgs {
  /** `classic` or `appsec`; found out from the server when absent. */
  generation?: string;
  serverUrl?: string;
  /** The organization's name (classic) or slug (AppSec platform). */
  organization?: string;
  username?: string;
  password?: string;
  token?: string;
  apiKey?: string;
}

export interface SignInResult {
  serverUrl: string;
  organization: string;
  generation: ApiGeneration;
  username?: string;
}

export async function signIn(services: Services, given?: SignInArgs): Promise<SignInResult | undefined> {
  const args = textFields(given);
  const title = vscode.l10n.t('Sign in to CodeThreat');
  if (args.organization !== undefined && !args.organization.trim()) {
    void services.prompter.notify('error', vscode.l10n.t('The organization name is empty.'));
    return undefined;
  }
  const server = await chooseServer(services, args.serverUrl, title);
  if (!server || !(await acceptInsecureTransport(services.prompter, server.serverUrl))) return undefined;
  // Every question after the server names it (the method pick says what it answered): a caller
  // may have chosen the server (an argument), and the user types a credential knowing where it goes.
  const titleWithServer = vscode.l10n.t('Sign in to CodeThreat at {0}', describeServer(server.serverUrl));
  const method = await chooseSignInMethod(services, server, args, title);
  if (!method) return undefined;
  const connection =
    method === 'apiKey'
      ? await appsecSignIn(services, server.serverUrl, args, titleWithServer)
      : await classicSignIn(services, server.serverUrl, method, args, titleWithServer);
  if (!connection) return undefined;
  announce(services, connection);
  return { serverUrl: connection.serverUrl, organization: connection.organization, generation: dialectOf(connection.generation).generation, username: connection.username };
}

function announce(services: Services, connection: Connection): void {
  const host = describeServer(connection.serverUrl);
  const organization = connection.organizationName ?? connection.organization;
  services.logger.info(`Signed in to ${host} (organization ${connection.organization}, ${dialectOf(connection.generation).generation} API, server version ${connection.apiVersion ?? 'unknown'})`);
  void services.prompter.notify(
    'info',
    connection.username
      ? vscode.l10n.t('Signed in to CodeThreat at {0} as {1} ({2}).', host, plainText(connection.username), plainText(organization))
      : vscode.l10n.t('Signed in to CodeThreat at {0} ({1}).', host, plainText(organization)),
  );
}

/** Only the string fields of what a caller passed: a command's arguments come from anywhere. */
function textFields(given: unknown): SignInArgs {
  const record = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  const text = (key: keyof SignInArgs) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const keys: (keyof SignInArgs)[] = ['generation', 'serverUrl', 'organization', 'username', 'password', 'token', 'apiKey'];
  return Object.fromEntries(keys.map((key) => [key, text(key)]).filter(([, value]) => value !== undefined));
}
