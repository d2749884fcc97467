/**
 * Shared set-up for integration tests: the extension's testing hooks, a fresh emulator per suite,
 * a scripted prompter and an in-memory clipboard per test, and a clean slate between tests.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SecretStore } from '../../../src/core/ports';
import type { SignInArgs } from '../../../src/features/account/signIn';
import type { TestExtensionApi, TestingHooks } from './testExtension';
import type { TokenNode, TreeNode } from '../../../src/features/tokens/view/tokenTreeItem';
import { DEMO_ADMIN_API_KEY, DEMO_ORGANIZATION, DEMO_ORGANIZATION_SLUG, DEMO_PASSWORD, DEMO_USERNAME, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/emulator';
import { MemoryClipboard } from './memoryClipboard';
import { ScriptedPrompter, type Step } from './scriptedPrompter';

export const EXTENSION_ID = 'codethreat.codethreat-access-tokens';

export async function extensionHooks(): Promise<TestingHooks> {
  const extension = vscode.extensions.getExtension<TestExtensionApi>(EXTENSION_ID);
  assert.ok(extension, 'the extension is installed in the test host');
  const api = await extension.activate();
  assert.ok(api.testing, 'the extension runs in test mode');
  return api.testing;
}

export interface TestContext {
  hooks: TestingHooks;
  emulator: RunningEmulator;
  prompter: ScriptedPrompter;
  clipboard: MemoryClipboard;
  /** Replaces the prompter with a fresh one running these steps. */
  script(...steps: Step[]): ScriptedPrompter;
  /** The answer `signIn` scripts for the modal that confirms a credential given as an argument (English unless a suite sets it). */
  signInConsent: Step;
  /**
   * Runs `codethreat.signIn` with the demo user's arguments, `overrides` replacing some, and then
   * waits for the view's first load (see `listsLoaded`).
   */
  signIn(overrides?: SignInArgs): Promise<unknown>;
  /**
   * Waits until every signed-in connection's list has loaded (or failed to), as the open view
   * loads it after a sign-in: the next list request is then the test's own (a fault set up for
   * it is not used up by the view's first load).
   */
  listsLoaded(): Promise<void>;
  /** Signs in as the demo user, and fails the test if that does not work. */
  signInDemo(): Promise<void>;
  /** Signs in to the emulator's AppSec platform side with an API key (default: the demo admin key) in `acme`. */
  signInAppsec(apiKey?: string): Promise<void>;
  /** Runs `codethreat.tokens.generate` with `args`, answering its consent modal yes. */
  generate(args: { name: string; deliver: 'clipboard' | 'secretStorage' | 'both'; connectionId?: string; scopes?: string[]; expiresInDays?: number | null }): Thenable<unknown>;
  /** Runs `codethreat.signOut` with `args`, answering its modal yes. */
  signOut(args?: { connectionId?: string; forgetSavedToken?: boolean }): Thenable<unknown>;
  /** Every token node the view shows, under connection nodes or not. */
  tokenNodes(): Promise<TokenNode[]>;
}

/** A keyring that refuses everything, like a locked or missing one on Linux. */
export const failingKeyring: SecretStore = {
  get: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
  store: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
  delete: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
  onDidChange: () => ({ dispose() {} }),
};

/** The consent modal's button for each pre-filled delivery. */
export const GENERATE_BUTTONS = { clipboard: 'Generate and Copy', secretStorage: 'Generate and Save in VS Code', both: 'Generate, Copy and Save' } as const;

/** Call inside a `suite`: wires suiteSetup/setup/teardown and returns the live context. */
export function useExtensionHarness(options: EmulatorOptions = {}): TestContext {
  const context = {} as TestContext;
  suiteSetup(async () => {
    context.hooks = await extensionHooks();
    context.emulator = await startEmulator(options);
    // The view is open in every suite, as it is for a user: the workbench then asks for its items
    // whenever they change, concurrently with what a test does. A test that assumes it alone
    // loads the list, or reads it before a load it did not wait for, fails here every time
    // instead of only when a busy machine happens to reorder things.
    await vscode.commands.executeCommand('codethreat.tokens.focus');
  });
  suiteTeardown(async () => {
    await context.hooks.reset();
    context.hooks.setPrompter(undefined);
    context.hooks.setClipboard(undefined);
    await context.emulator.close();
  });
  setup(async () => {
    context.hooks.clock.reset();
    await context.hooks.reset();
    context.emulator.reset();
    context.prompter = new ScriptedPrompter();
    context.clipboard = new MemoryClipboard();
    context.hooks.setPrompter(context.prompter);
    context.hooks.setClipboard(context.clipboard);
  });
  teardown(function () {
    endWaits(this.currentTest);
    // A prompt the test did not script is a failure of the test, even when its asserts passed.
    if (this.currentTest?.state === 'passed') {
      assert.deepEqual(context.prompter.surprises, [], 'unscripted prompts');
    }
  });
  context.script = (...steps: Step[]) => {
    context.prompter = new ScriptedPrompter(steps);
    context.hooks.setPrompter(context.prompter);
    return context.prompter;
  };
  context.signInConsent = { modal: 'Sign In', message: /^Sign in to CodeThreat at / };
  context.signIn = async (overrides = {}) => {
    const args: SignInArgs = { serverUrl: context.emulator.url, organization: DEMO_ORGANIZATION, username: DEMO_USERNAME, password: DEMO_PASSWORD, ...overrides };
    // A credential passed as an argument is confirmed in a modal before anything is sent.
    if (args.token !== undefined || args.password !== undefined || args.apiKey !== undefined) context.prompter.prepend(context.signInConsent);
    const result = await vscode.commands.executeCommand('codethreat.signIn', args);
    await context.listsLoaded();
    return result;
  };
  context.listsLoaded = async () => {
    const { connections, lists } = context.hooks.container;
    await Promise.all(connections.connections().map((connection) => lists.get(connection.id).settled()));
  };
  context.generate = (args) => {
    context.prompter.prepend({ modal: GENERATE_BUTTONS[args.deliver], message: /^Generate the access token / });
    return vscode.commands.executeCommand('codethreat.tokens.generate', args);
  };
  context.signOut = (args = {}) => {
    context.prompter.prepend({ modal: 'Sign Out', message: /^Sign out of / });
    return vscode.commands.executeCommand('codethreat.signOut', args);
  };
  context.signInAppsec = async (apiKey = DEMO_ADMIN_API_KEY) => {
    const result = await context.signIn({ apiKey, organization: DEMO_ORGANIZATION_SLUG, username: undefined, password: undefined });
    assert.ok(result, `AppSec sign-in failed: ${context.prompter.messages().join(' / ')}`);
  };
  context.signInDemo = async () => {
    const result = await context.signIn();
    assert.ok(result, `demo sign-in failed: ${context.prompter.messages().join(' / ')}`);
  };
  context.tokenNodes = async () => {
    const tree = context.hooks.features.tokens.tree;
    const top: TreeNode[] = await tree.getChildren();
    const nested = await Promise.all(top.map(async (node) => (node.type === 'connection' ? tree.getChildren(node) : [node])));
    return nested.flat() as TokenNode[];
  };
  return context;
}

/** What the running test is waiting for (see `eventually`): named when the test times out. */
let waitingFor: string | undefined;
/** Bumped after each test: a wait the test's timeout cut short stops polling. */
let testGeneration = 0;

/**
 * Waits until `condition` holds (the view updates asynchronously; another window writes when it
 * does), however long a busy machine takes: the bound is the test's own timeout, and a test that
 * times out while waiting says what it waited for.
 */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const generation = testGeneration;
  waitingFor = what;
  try {
    while (!(await condition())) {
      if (generation !== testGeneration) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    if (generation === testGeneration) waitingFor = undefined;
  }
}

/** Ends the waits of the test that just finished, and says what a timed-out one waited for. */
function endWaits(test: Mocha.Test | undefined): void {
  if (test?.state === 'failed' && waitingFor) console.log(`      (it was waiting for ${waitingFor})`);
  waitingFor = undefined;
  testGeneration++;
}
