/** The account feature: sign in, sign out, and the `codethreat` authentication provider. */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { COMMANDS } from '../shared/commandIds';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, CodeThreatAuthenticationProvider } from './authenticationProvider';
import { signIn, type SignInArgs } from './signIn';
import { signOut, type SignOutArgs } from './signOut';

export function registerAccountFeature(context: vscode.ExtensionContext, container: Container) {
  const authProvider = new CodeThreatAuthenticationProvider(container);
  context.subscriptions.push(
    authProvider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, authProvider, { supportsMultipleAccounts: true }),
    vscode.commands.registerCommand(COMMANDS.signIn, (args?: SignInArgs) => signIn(container, args)),
    vscode.commands.registerCommand(COMMANDS.signOut, (args?: SignOutArgs) => signOut(container, args)),
  );
  return { authProvider };
}
