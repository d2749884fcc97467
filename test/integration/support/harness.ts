/**
 * Shared set-up for integration tests: the extension's testing hooks, a fresh emulator per suite,
 * a scripted prompter and an in-memory clipboard per test, and a clean slate between tests.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SignInArgs } from '../../../src/commands/signIn';
import type { CodeThreatExtensionApi, TestingHooks } from '../../../src/extension';
import type { TokenNode, TreeNode } from '../../../src/views/tokenTreeItem';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/emulator';
import { MemoryClipboard } from './memoryClipboard';
import { ScriptedPrompter, type Step } from './scriptedPrompter';

export const EXTENSION_ID = 'codethreat.codethreat-access-tokens';

export async function extensionHooks(): Promise<TestingHooks> {
  const extension = vscode.extensions.getExtension<CodeThreatExtensionApi>(EXTENSION_ID);
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
  /** Runs `codethreat.signIn` with the demo user's arguments, `overrides` replacing some. */
  signIn(overrides?: SignInArgs): Thenable<unknown>;
  /** Signs in as the demo user, and fails the test if that does not work. */
  signInDemo(): Promise<void>;
  /** Every token node the view shows, under connection nodes or not. */
  tokenNodes(): Promise<TokenNode[]>;
}

/** Call inside a `suite`: wires suiteSetup/setup/teardown and returns the live context. */
export function useExtensionHarness(options: EmulatorOptions = {}): TestContext {
  const context = {} as TestContext;
  suiteSetup(async () => {
    context.hooks = await extensionHooks();
    context.emulator = await startEmulator(options);
  });
  suiteTeardown(async () => {
    await context.hooks.reset();
    context.hooks.setPrompter(undefined);
    context.hooks.setClipboard(undefined);
    await context.emulator.close();
  });
  setup(async () => {
    await context.hooks.reset();
    context.emulator.reset();
    context.prompter = new ScriptedPrompter();
    context.clipboard = new MemoryClipboard();
    context.hooks.setPrompter(context.prompter);
    context.hooks.setClipboard(context.clipboard);
  });
  teardown(function () {
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
  context.signIn = (overrides = {}) =>
    vscode.commands.executeCommand('codethreat.signIn', {
      serverUrl: context.emulator.url,
      organization: DEMO_ORGANIZATION,
      username: DEMO_USERNAME,
      password: DEMO_PASSWORD,
      ...overrides,
    });
  context.signInDemo = async () => {
    const result = await context.signIn();
    assert.ok(result, `demo sign-in failed: ${context.prompter.messages().join(' / ')}`);
  };
  context.tokenNodes = async () => {
    const tree = context.hooks.services.tree;
    const top: TreeNode[] = await tree.getChildren();
    const nested = await Promise.all(top.map(async (node) => (node.type === 'connection' ? tree.getChildren(node) : [node])));
    return nested.flat() as TokenNode[];
  };
  return context;
}

/** Waits until `condition` holds (the view updates asynchronously), or fails after `ms`. */
export async function eventually(condition: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
