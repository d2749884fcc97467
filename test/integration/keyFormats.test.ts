// A key is an opaque string. CodeThreat's own examples show `ct_…` keys (the AppSec CLI's README)
// and `ctk_…` keys (the AppSec GitHub Action's README); a server may issue keys with no prefix at
// all. Sign-in, the view's masks, import from CT_API_KEY and from the AppSec CLI's credentials
// file, and redaction work the same for each.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { offerImport } from '../../src/features/import/importOffer';
import { DEMO_ORGANIZATION_SLUG, DEMO_USERNAME, type ApiKeyFormat } from '../emulator/emulator';
import { clearCliCredentials, setEnvironment, writeAppsecCredentials } from './support/cliFiles';
import { useExtensionHarness } from './support/harness';

const SAVED_AT = '2025-03-04T05:06:07.000Z';

suite('API key formats: ct_, ctk_ and none', () => {
  const t = useExtensionHarness();
  const home = () => t.hooks.container.platform.homeDirectory;

  suiteSetup(() => {
    // The offer made after activation runs now, before any test has planted a credential.
    t.hooks.clock.advance(60_000);
  });
  teardown(() => clearCliCredentials(home()));

  const issue = (format: ApiKeyFormat, name: string) => t.emulator.issueApiKey(DEMO_USERNAME, { name, organizationSlug: DEMO_ORGANIZATION_SLUG, format });

  /** No prompt, notification or choice carried the value, nor 16 characters of it in a row. */
  function assertNeverShown(value: string): void {
    const shown = JSON.stringify([t.prompter.modals, t.prompter.notifications, t.prompter.inputs, t.prompter.picks]);
    for (let at = 0; at + 16 <= value.length; at++) assert.ok(!shown.includes(value.slice(at, at + 16)), 'the credential is never shown, not even in part');
  }

  for (const format of ['ctk_', 'none'] as const) {
    test(`a ${format === 'none' ? 'prefix-less' : format} key: signs in, and the view shows it masked with its own prefix`, async () => {
      const key = issue(format, `${format} key`);
      await t.signInAppsec(key.value);
      const node = (await t.tokenNodes()).find((n) => n.token.id === key.id);
      assert.ok(node, 'listed');
      assert.equal(node.token.partialValue, `${key.prefix}…`);
      assert.ok(key.prefix.startsWith(format === 'none' ? '' : format));
      const item = t.hooks.features.tokens.tree.getTreeItem(node);
      assert.ok(!JSON.stringify(item).includes(key.value), 'the tree item never holds the value');
      assertNeverShown(key.value);
    });
  }

  test('a ctk_ key from CT_API_KEY is offered and used, read-only', async () => {
    const key = issue('ctk_', 'from CT_API_KEY');
    setEnvironment({ CT_API_KEY: key.value, CT_SERVER_URL: t.emulator.url, CT_ORG_SLUG: DEMO_ORGANIZATION_SLUG });
    const offered = await offerImport(t.hooks.container);
    assert.equal(offered.length, 1, JSON.stringify(offered));
    t.script({ modal: 'Use It', message: /^Use the CodeThreat API key from the environment variable CT_API_KEY/ });
    const result = await vscode.commands.executeCommand<{ connectionId: string } | undefined>('codethreat.importCredentials', { key: offered[0] });
    assert.ok(result, t.prompter.messages().join(' / '));
    assert.equal(t.emulator.countRequests({ path: '/api/v1/cli/auth/validate', credential: key.value }), 1);
    assert.equal(t.hooks.container.connections.active?.environmentVariable, 'CT_API_KEY');
    assert.ok((await t.tokenNodes()).some((n) => n.token.id === key.id));
    assertNeverShown(key.value);
  });

  test('a ctk_ key from ~/.codethreat/.credentials is imported and its plain-text copy removed', async () => {
    const key = issue('ctk_', 'from the CLI login');
    writeAppsecCredentials(home(), { apiKey: key.value, serverUrl: t.emulator.url, savedAt: SAVED_AT });
    const offered = await offerImport(t.hooks.container);
    assert.equal(offered.length, 1, JSON.stringify(offered));
    t.script(
      { modal: 'Import', message: /^Use the CodeThreat API key from the AppSec CLI's credentials file/ },
      { pick: /^Acme Corp$/ },
      { modal: 'Remove Plain-Text Copy', message: /^Remove the API key from the AppSec CLI's credentials file\?$/ },
    );
    const result = await vscode.commands.executeCommand<{ connectionId: string; plaintextRemoved: boolean } | undefined>('codethreat.importCredentials', { key: offered[0] });
    assert.equal(result?.plaintextRemoved, true, t.prompter.messages().join(' / '));
    assert.equal(await t.hooks.rawSecrets.get(`codethreat.credential:${result.connectionId}`), key.value);
    assertNeverShown(key.value);
  });
});
