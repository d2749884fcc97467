/**
 * A sign-in whose credential a caller supplied (a link, a keybinding, another extension) would
 * store a credential the user never typed: it needs their yes first, in a modal that says where.
 */
import * as vscode from 'vscode';
import { describeServer } from '../../core/connections/connection';
import type { Prompter } from '../../platform/prompter';
import { plainText } from '../../core/util/untrustedText';

/** `credential`: what was supplied, for the wording — a password or token (classic), or an API key (AppSec platform). */
export async function confirmGivenCredential(
  prompter: Prompter,
  serverUrl: string,
  who: string | undefined,
  organization: string | undefined,
  credential: 'passwordOrToken' | 'apiKey' = 'passwordOrToken',
): Promise<boolean> {
  const signIn = vscode.l10n.t('Sign In');
  const server = describeServer(serverUrl);
  const message = who
    ? vscode.l10n.t('Sign in to CodeThreat at {0} as {1}?', server, plainText(who))
    : credential === 'apiKey'
      ? vscode.l10n.t('Sign in to CodeThreat at {0} with an API key?', server)
      : vscode.l10n.t('Sign in to CodeThreat at {0} with a token?', server);
  const detail = [
    credential === 'apiKey'
      ? vscode.l10n.t('A command asked to sign you in with an API key it supplied (from a link, a keybinding or another extension).')
      : vscode.l10n.t('A command asked to sign you in with a password or token it supplied (from a link, a keybinding or another extension).'),
    organization ? vscode.l10n.t('Organization: {0}', plainText(organization.trim())) : undefined,
    vscode.l10n.t('VS Code will keep the sign-in in its secret storage. Sign in only if you expected this.'),
  ]
    .filter(Boolean)
    .join('\n');
  return (await prompter.modal('warning', message, detail, [signIn])) === signIn;
}

/** Pasted secrets often carry a trailing newline or spaces; a token or key never contains whitespace. */
export function trimmedSecret(value: string): { ok: true; value: string } | { ok: false; problem: 'empty' | 'spaces' } {
  const trimmed = value.trim();
  if (!trimmed) return { ok: false, problem: 'empty' };
  if (/\s/.test(trimmed)) return { ok: false, problem: 'spaces' };
  return { ok: true, value: trimmed };
}
