/** The CI feature: keys generated, and rotated, straight into a repository's GitHub Actions secrets. */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { COMMANDS } from '../shared/commandIds';
import type { GitHubActionsArgs, generateForGitHubActions as GenerateForGitHubActions } from './generateForGitHubActions';

/** The command's modules are evaluated when it first runs, not at activation. */
function generateForGitHubActions(...args: Parameters<typeof GenerateForGitHubActions>): ReturnType<typeof GenerateForGitHubActions> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./generateForGitHubActions') as { generateForGitHubActions: typeof GenerateForGitHubActions }).generateForGitHubActions(...args);
}

export function registerCiFeature(context: vscode.ExtensionContext, container: Container): void {
  context.subscriptions.push(
    // From a connection's context menu the argument is its tree node, which names the connection.
    vscode.commands.registerCommand(COMMANDS.generateForGitHubActions, (args?: GitHubActionsArgs & { type?: unknown }) =>
      generateForGitHubActions(container, args?.type === undefined ? args : { connectionId: args.connectionId }),
    ),
  );
}
