/**
 * Entry point: builds the services from VS Code's adapters, registers the features and returns
 * the extension's API. Activation does no network or secret-storage work of its own; the view
 * loads when it is first shown.
 */
import * as vscode from 'vscode';
import { buildContainer, registerFeatures } from './composition';
import type { Container } from './container';
import type { CodeThreatAccessTokensApi } from './features/publicApi/codeThreatAccessTokensApi';
import { createVSCodePlatform } from './platform/vscodePlatform';

let running: Container | undefined;

export function activate(context: vscode.ExtensionContext): CodeThreatAccessTokensApi {
  running = buildContainer(createVSCodePlatform(context), context.subscriptions);
  return registerFeatures(context, running).api;
}

/** A copied value still waiting to be cleared is cleared now, not left behind by a closing window. */
export async function deactivate(): Promise<void> {
  await running?.clipboard.flush();
  running = undefined;
}
