/** The terminal feature: `CodeThreat: Open Terminal with Saved Token`. */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { COMMANDS } from '../shared/commandIds';
import { openTerminalWithSavedToken, type OpenTerminalArgs } from './openTerminal';

export function registerTerminalFeature(context: vscode.ExtensionContext, container: Container): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.openTerminal, (args?: OpenTerminalArgs) => openTerminalWithSavedToken(container, args)),
  );
}
