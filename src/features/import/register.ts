/**
 * The import feature: `codethreat.importCredentials`, and the offer made when plain-text
 * credentials are found (looked for after activation, not during it: it reads files).
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { COMMANDS } from '../shared/commandIds';
import { importCredentials } from './importCredentials';
import { offerImport } from './importOffer';

const OFFER_DELAY_MS = 1500;

export function registerImportFeature(context: vscode.ExtensionContext, container: Container) {
  const offer = container.platform.clock.setTimeout(() => void offerImport(container).catch(() => undefined), OFFER_DELAY_MS);
  context.subscriptions.push(
    offer,
    vscode.commands.registerCommand(COMMANDS.importCredentials, (args?: { key?: unknown }) => importCredentials(container, args)),
  );
}
