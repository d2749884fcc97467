/**
 * The extension as the integration tests run it: the same composition root as `src/extension.ts`,
 * built from the test platform (scripted prompter, in-memory clipboard, switchable keyring,
 * controllable clock), and the hooks the tests use. scripts/build.mjs bundles it to
 * `out/test/extension/extension.js` beside a copy of the manifest in `out/test/`, the folder the
 * test host loads as the extension.
 */
import * as vscode from 'vscode';
import { buildContainer, registerFeatures, type Features } from '../../../src/composition';
import type { Container } from '../../../src/container';
import type { Clipboard, SecretStore } from '../../../src/core/ports';
import type { CodeThreatAccessTokensApi } from '../../../src/features/publicApi/codeThreatAccessTokensApi';
import type { Prompter } from '../../../src/platform/prompter';
import { createTestPlatform, type TestClock } from './testPlatform';

export interface TestingHooks {
  container: Container;
  features: Features;
  clock: TestClock;
  setPrompter(prompter: Prompter | undefined): void;
  setClipboard(clipboard: Clipboard | undefined): void;
  /** Replaces VS Code's secret storage, e.g. with one that fails like a missing keyring. */
  setSecretStore(store: SecretStore | undefined): void;
  /** The real secret storage, as another window would write to it. */
  rawSecrets: vscode.SecretStorage;
  /** This extension's log folder; its parent holds every log the extension host writes. */
  logUri: vscode.Uri;
  /** Everything in globalState and workspaceState, for leak checks. */
  stateDump(): Record<string, unknown>;
  /** What deactivation does (clears a copied value still waiting). */
  deactivate(): Promise<void>;
  /** Signs out of everything and forgets saved tokens: a clean slate between tests. */
  reset(): Promise<void>;
}

export type TestExtensionApi = CodeThreatAccessTokensApi & { testing: TestingHooks };

let running: Container | undefined;

export function activate(context: vscode.ExtensionContext): TestExtensionApi {
  const platform = createTestPlatform(context);
  const container = buildContainer(platform, context.subscriptions);
  running = container;
  const features = registerFeatures(context, container);
  const testing: TestingHooks = {
    container,
    features,
    clock: platform.clock,
    setPrompter: (prompter) => (platform.prompter.current = prompter),
    setClipboard: (clipboard) => (platform.clipboard.current = clipboard),
    setSecretStore: (store) => (platform.secrets.current = store),
    rawSecrets: context.secrets,
    logUri: context.logUri,
    stateDump: () => ({ ...dump(context.globalState), ...dump(context.workspaceState) }),
    deactivate: () => container.clipboard.flush(),
    reset: async () => {
      for (const connection of container.connections.connections()) await container.connections.signOut(connection.id);
      await container.grants.forget(container.grants.all().map((g) => g.id));
    },
  };
  return { ...features.api, testing };
}

export async function deactivate(): Promise<void> {
  await running?.clipboard.flush();
}

function dump(state: vscode.Memento): Record<string, unknown> {
  return Object.fromEntries(state.keys().map((key) => [key, state.get(key)]));
}
