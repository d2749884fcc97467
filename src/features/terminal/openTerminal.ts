/**
 * `codethreat.openTerminal`: a new integrated terminal whose environment holds the token VS Code
 * saved for a connection, under the variables CodeThreat's CLIs read (see cliEnvironment.ts).
 * The value is revealed through `TokenOperations`, so the user is asked in a modal that names the
 * token and the variables, whoever runs the command; `{connectionId}` only picks the connection.
 *
 * The value goes into the environment of that one terminal and nowhere else:
 * - `isTransient`: the terminal is not restored (nor its process reconnected) after a reload or a
 *   restart, so VS Code keeps neither its launch configuration nor its environment;
 * - not `environmentVariableCollection`, which VS Code persists and applies to every terminal;
 * - never in a setting, state, log, message or the command's result (metadata only).
 * Closing the terminal ends its shell, and the value with it. One exception is VS Code's, not
 * ours: in a browser (VS Code for the Web, code-server), reloading the window does not end the
 * shell on the server; it runs on there, unseen (VS Code 1.100 and 1.139 alike).
 * Also VS Code's: while the terminal is open, every extension sees the environment it was opened
 * with (`Terminal.creationOptions.env`); only a pseudoterminal running its own shell would hide
 * it. The consent modal says so.
 *
 * Remote windows: the terminal runs where this extension host runs (the remote machine, container
 * or WSL of a remote window), where the CLIs it is for run too. The value comes from VS Code's
 * secret storage, which a remote window keeps on the local side, and reaches that terminal's
 * environment on the remote side only.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { COMMANDS } from '../shared/commandIds';
import { connectionLabel, reportFailure, resolveConnection } from '../shared/commandSupport';
import { cliEnvironment, cliVariables } from './cliEnvironment';
import { plainText } from '../../core/util/untrustedText';

export interface OpenTerminalArgs {
  /** Which connection; a connection node of the tree passes itself. */
  connectionId?: string;
}

export interface OpenTerminalResult {
  connectionId: string;
  terminalName: string;
  /** The variables set in the terminal's environment, the token's first. Never their values. */
  variables: string[];
}

type Deps = Pick<Container, 'connections' | 'operations' | 'prompter' | 'logger'>;

export async function openTerminalWithSavedToken(deps: Deps, args: OpenTerminalArgs = {}): Promise<OpenTerminalResult | undefined> {
  const connection = await resolveConnection(deps, typeof args?.connectionId === 'string' ? { connectionId: args.connectionId } : undefined);
  if (!connection) return undefined;
  const label = connectionLabel(connection);
  const purpose = cliVariables(connection);
  const outcome = await deps.operations.revealSavedToken(connection, purpose);
  switch (outcome.status) {
    case 'declined':
      return undefined;
    case 'failed':
      reportFailure(deps, vscode.l10n.t('Could not read the saved token for {0}.', label), outcome.error, connection);
      return undefined;
    case 'none': {
      const generate = vscode.l10n.t('Generate Token');
      void deps.prompter
        .notify('info', vscode.l10n.t('No access token is saved in VS Code for {0}. Generate one and choose "Save in VS Code".', label), generate)
        .then((action) => action === generate && vscode.commands.executeCommand(COMMANDS.generate, { connectionId: connection.id }));
      return undefined;
    }
    case 'revealed': {
      // Product name, organization and a variable name: nothing to translate; the tab shows plain text.
      const terminalName = `CodeThreat: ${plainText(connection.organization)} (${purpose.tokenVariable})`;
      const terminal = vscode.window.createTerminal({
        name: terminalName,
        env: cliEnvironment(connection, purpose, outcome.token.value),
        isTransient: true,
        iconPath: new vscode.ThemeIcon('key'),
      });
      terminal.show();
      return { connectionId: connection.id, terminalName, variables: [purpose.tokenVariable, purpose.serverVariable, purpose.organizationVariable] };
    }
  }
}
