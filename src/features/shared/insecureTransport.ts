/** Plain http:// to another machine: the user is asked before a credential crosses it. */
import * as vscode from 'vscode';
import { isInsecureRemoteUrl } from '../../core/api/serverUrl';
import { describeServer } from '../../core/connections/connection';
import type { Prompter } from '../../platform/prompter';

/** True when `serverUrl` is safe, or the user accepted sending a credential to it unencrypted. */
export async function acceptInsecureTransport(prompter: Prompter, serverUrl: string): Promise<boolean> {
  if (!isInsecureRemoteUrl(serverUrl)) return true;
  const proceed = vscode.l10n.t('Send Over HTTP');
  const answer = await prompter.modal(
    'warning',
    vscode.l10n.t('{0} is not encrypted (http://).', describeServer(serverUrl)),
    vscode.l10n.t(
      'Your password or token would cross the network in plain text, readable by anyone in between. Use an https:// address if the server has one.',
    ),
    [proceed],
  );
  return answer === proceed;
}
