// An environment credential is bound to the environment it was imported from. A later window whose
// variables differ (another shell, a Remote-SSH host) may hold the key of another server: once the
// key or its server variable differs from the import, nothing is sent (no request at all), the view
// and the command say in one sentence what changed, and "Import Again" is offered. One classic and
// one AppSec platform source; the extension host's own environment is changed inside each test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_ORGANIZATION, DEMO_ORGANIZATION_SLUG, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import { clearCliCredentials, setEnvironment } from './support/cliFiles';
import { eventually, useExtensionHarness, type TestContext } from './support/harness';

interface EnvironmentSource {
  title: string;
  keyVariable: string;
  serverVariable: string;
  organizationVariable: string;
  organization: string;
  /** How the import's modal names the credential. */
  credentialWord: 'token' | 'API key';
  issue(t: TestContext, name: string): string;
}

const SOURCES: EnvironmentSource[] = [
  {
    title: 'classic CT_TOKEN + CT_BASE_URL',
    keyVariable: 'CT_TOKEN',
    serverVariable: 'CT_BASE_URL',
    organizationVariable: 'CT_ORGANIZATION',
    organization: DEMO_ORGANIZATION,
    credentialWord: 'token',
    issue: (t, name) => t.emulator.issueAccessToken(DEMO_USERNAME, name).value,
  },
  {
    title: 'AppSec platform CT_API_KEY + CT_SERVER_URL',
    keyVariable: 'CT_API_KEY',
    serverVariable: 'CT_SERVER_URL',
    organizationVariable: 'CT_ORG_SLUG',
    organization: DEMO_ORGANIZATION_SLUG,
    credentialWord: 'API key',
    issue: (t, name) => t.emulator.issueApiKey(DEMO_USERNAME, { name, organizationSlug: DEMO_ORGANIZATION_SLUG }).value,
  },
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

suite('An environment credential is bound to its environment', () => {
  const t = useExtensionHarness();
  let decoy: RunningEmulator;

  suiteSetup(async () => {
    decoy = await startEmulator();
  });
  suiteTeardown(() => decoy.close());
  setup(() => decoy.reset());
  teardown(() => clearCliCredentials(t.hooks.container.platform.homeDirectory));

  const tree = () => t.hooks.features.tokens.tree;
  const refresh = () => vscode.commands.executeCommand<{ count: number } | undefined>('codethreat.tokens.refresh');

  /** Imports the source's variables as set now, and waits for the view's first list. */
  async function importFrom(source: EnvironmentSource): Promise<string> {
    const key = source.issue(t, 'imported');
    setEnvironment({ [source.keyVariable]: key, [source.serverVariable]: t.emulator.url, [source.organizationVariable]: source.organization });
    t.script({ modal: 'Use It', message: new RegExp(`^Use the CodeThreat ${source.credentialWord} from the environment variable ${source.keyVariable}`) });
    const result = await vscode.commands.executeCommand<{ connectionId: string } | undefined>('codethreat.importCredentials');
    assert.ok(result, t.prompter.messages().join(' / '));
    await t.listsLoaded();
    assert.equal(tree().state, 'ready');
    const kept = JSON.stringify(t.hooks.stateDump());
    assert.ok(!kept.includes(key), 'the binding keeps a digest of the key, never the key');
    return key;
  }

  /**
   * After the change: a refresh sends nothing, its notification is the one sentence with "Import
   * Again" (which runs the import), and the view shows the sentence and no list.
   */
  async function assertNothingSent(source: EnvironmentSource, sentence: RegExp, newKey: string | undefined): Promise<void> {
    t.emulator.clearRequests();
    const prompter = t.script({ modal: undefined, message: new RegExp(`^Use the CodeThreat ${source.credentialWord} from the environment variable ${source.keyVariable}`) });
    prompter.onNotify = (n) => (n.actions.includes('Import Again') ? 'Import Again' : undefined);
    // As in a later window: no client built at the import (a settings change drops them here too).
    t.hooks.container.connections.resetClients();
    const refreshed = await refresh();
    if (newKey) assert.equal(t.emulator.countRequests({ carrying: newKey }) + decoy.countRequests({ carrying: newKey }), 0, 'requests carrying the new key');
    assert.equal(t.emulator.requests.length + decoy.requests.length, 0, 'requests after the change');
    assert.equal(refreshed, undefined, 'the refresh fails');
    assert.deepEqual(
      prompter.notifications.map((n) => [n.severity, n.actions]),
      [['error', ['Import Again']]],
    );
    assert.match(prompter.notifications[0].message, sentence);
    await eventually(() => tree().state === 'environmentChanged', 'the view to say that the environment changed');
    assert.match(tree().message ?? '', sentence);
    assert.deepEqual(await t.tokenNodes(), [], 'no list from a credential this window does not hold');
    // "Import Again" runs the import, which asks before it sends anything (declined here).
    await eventually(() => prompter.modals.length === 1, '"Import Again" to open the import');
    assert.equal(t.emulator.requests.length, 0, 'no request reached the imported server');
    assert.equal(decoy.requests.length, 0, 'no request reached the other server');
    if (newKey) assert.equal(t.emulator.countRequests({ carrying: newKey }) + decoy.countRequests({ carrying: newKey }), 0);
  }

  /** In the window that imported: the client built at the import is not handed out either. */
  async function assertCachedClientNotUsed(sentence: RegExp): Promise<void> {
    t.emulator.clearRequests();
    t.script();
    assert.equal(await refresh(), undefined, 'the refresh fails');
    assert.match(t.prompter.messages('error')[0] ?? '', sentence);
    assert.equal(t.emulator.requests.length + decoy.requests.length, 0, 'requests after the change');
  }

  for (const source of SOURCES) {
    test(`${source.title}: the environment as imported goes on working`, async () => {
      await importFrom(source);
      t.emulator.clearRequests();
      const refreshed = await refresh();
      assert.ok(refreshed && refreshed.count > 0, t.prompter.messages().join(' / '));
      assert.deepEqual(t.prompter.messages('error'), []);
      assert.ok(t.emulator.requests.length > 0);
    });

    test(`${source.title}: another key in the window sends nothing, says so, offers "Import Again"`, async () => {
      const imported = await importFrom(source);
      const another = source.issue(t, 'another window');
      setEnvironment({ [source.keyVariable]: another });
      const sentence = new RegExp(`^${source.keyVariable} in this window is not the key you imported, so nothing was sent\\.$`);
      await assertCachedClientNotUsed(sentence);
      await assertNothingSent(source, sentence, another);
      // Back to the imported key: it works again (the check is of the environment, not a state).
      setEnvironment({ [source.keyVariable]: imported });
      t.script();
      assert.ok(await refresh(), t.prompter.messages().join(' / '));
    });

    test(`${source.title}: another server in the window sends nothing, says so, offers "Import Again"`, async () => {
      await importFrom(source);
      setEnvironment({ [source.serverVariable]: decoy.url });
      const sentence = new RegExp(`^${escape(source.serverVariable)} in this window names another server than the one you imported for, so nothing was sent\\.$`);
      await assertCachedClientNotUsed(sentence);
      await assertNothingSent(source, sentence, undefined);
      // Unset is another server too: the key would go to the default cloud.
      setEnvironment({ [source.serverVariable]: undefined });
      t.script();
      assert.equal(await refresh(), undefined);
      assert.match(t.prompter.messages('error')[0] ?? '', new RegExp(`^${source.serverVariable} in this window names another server`));
      assert.equal(t.emulator.requests.length + decoy.requests.length, 0);
    });
  }

  test('"Import Again" binds the connection to this window\'s environment: the list then loads with the new key', async () => {
    const source = SOURCES[1];
    await importFrom(source);
    const another = source.issue(t, 'another window');
    setEnvironment({ [source.keyVariable]: another });
    const prompter = t.script({ modal: 'Use It', message: new RegExp(`^Use the CodeThreat API key from the environment variable ${source.keyVariable}`) });
    prompter.onNotify = (n) => (n.actions.includes('Import Again') ? 'Import Again' : undefined);
    assert.equal(await refresh(), undefined);
    await eventually(() => prompter.messages('info').some((m) => /^Signed in to /.test(m)), 'the import to finish');
    await eventually(() => tree().state === 'ready', 'the list to load again');
    assert.ok(t.emulator.countRequests({ credential: another }) > 0, 'the new key is used once it is imported');
    assert.ok((await t.tokenNodes()).length > 0);
  });

  test('the key variable unset in the window: not a change; it keeps its behaviour from before (only the imported key is ever sent)', async () => {
    const source = SOURCES[0];
    const imported = await importFrom(source);
    setEnvironment({ [source.keyVariable]: undefined });
    t.emulator.clearRequests();
    t.script();
    await refresh();
    assert.equal(tree().state === 'environmentChanged', false);
    assert.equal(t.emulator.countRequests({ credential: imported }), t.emulator.requests.length, 'no request carries anything but the imported key');
  });
});
