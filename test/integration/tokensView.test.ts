import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_USERNAME } from '../emulator/emulator';
import { useExtensionHarness } from './support/harness';

suite('Access Tokens view', () => {
  const t = useExtensionHarness();

  async function items() {
    const tree = t.hooks.features.tokens.tree;
    const nodes = await t.tokenNodes();
    return nodes.map((node) => {
      const item = tree.getTreeItem(node);
      const tooltip = tree.resolveTreeItem(item, node).tooltip as vscode.MarkdownString;
      return { node, item, label: item.label as string, description: item.description as string, tooltip: tooltip.value };
    });
  }

  test('signed out: no items, state says so', async () => {
    assert.deepEqual(await t.hooks.features.tokens.tree.getChildren(), []);
    assert.equal(t.hooks.features.tokens.tree.state, 'signedOut');
  });

  test('lists every token newest first with "last used" / "never used" and one request', async () => {
    // The workbench shows the view too, and may ask for the list before this test does: one
    // request in all, whoever asks first.
    t.emulator.clearRequests();
    await t.signInDemo();
    const shown = await items();
    assert.deepEqual(
      shown.map((i) => [i.label, i.description]),
      [
        ['Release bot', 'never used'],
        ['Local CLI', 'last used 5 hours ago'],
        ['GitHub Actions', 'last used 7 minutes ago'],
        ['Jenkins nightly', 'last used 3 days ago'],
        ['Old laptop script', 'last used 7 months ago'],
      ],
    );
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/list' }), 1);
    assert.equal(t.hooks.features.tokens.tree.state, 'ready');
    for (const { item, label } of shown.filter((i) => i.label !== 'Old laptop script')) {
      assert.equal(item.contextValue, 'token', label);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'key', label);
    }
  });

  test('the tooltip is a table of name, partial token, created and last used', async () => {
    await t.signInDemo();
    const [releaseBot] = await items();
    const record = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'Release bot')!;
    assert.match(releaseBot.tooltip, /\| \*\*Name\*\* \| Release bot \|/);
    assert.match(releaseBot.tooltip, /\| \*\*Token\*\* \| `ct_\w{4}…\w{4}` \|/);
    assert.match(releaseBot.tooltip, /\| \*\*Created\*\* \| .+ \(2 days ago\) \|/);
    assert.match(releaseBot.tooltip, /\| \*\*Last used\*\* \| Never \|/);
    assert.ok(!releaseBot.tooltip.includes(record.value), 'no full value in a tooltip');
  });

  test('no tokens at all shows the empty state', async () => {
    for (const record of t.emulator.tokensOf(DEMO_USERNAME)) t.emulator.revoke(record.id);
    await t.signInDemo();
    assert.deepEqual(await t.hooks.features.tokens.tree.getChildren(), []);
    assert.equal(t.hooks.features.tokens.tree.state, 'empty');
  });

  test('a credential rejected at the first load shows the rejected-credential state', async () => {
    for (const record of t.emulator.tokensOf(DEMO_USERNAME)) t.emulator.revoke(record.id);
    const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'sign-in');
    // Rejected from the first list on, whoever asks for it first (the workbench shows the view
    // too, and may load it as soon as the sign-in is announced).
    t.emulator.faults.status(401, { count: Infinity, match: { path: '/api/accesstoken/list' } });
    await t.signIn({ token: value, username: undefined, password: undefined });
    assert.deepEqual(await t.hooks.features.tokens.tree.getChildren(), []);
    assert.equal(t.hooks.features.tokens.tree.state, 'unauthorized');
  });

  test('refresh keeps the last list, marked stale, when the server fails', async () => {
    await t.signInDemo();
    assert.equal((await items()).length, 5);
    t.emulator.faults.status(503, { count: 2 });
    const result = await vscode.commands.executeCommand('codethreat.tokens.refresh');
    assert.equal(result, undefined);
    assert.match(t.prompter.messages('error')[0], /Could not refresh the access tokens\. The CodeThreat server had a problem \(HTTP 503\)/);
    assert.equal((await items()).length, 5);
    assert.equal(t.hooks.container.lists.get(t.hooks.container.connections.active!.id).status, 'error');
    assert.equal(t.hooks.features.tokens.tree.state, 'error');
    assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.refresh'), { count: 5 });
    assert.equal(t.hooks.features.tokens.tree.state, 'ready');
  });

  test('a server without token management gets the unsupported state', async () => {
    await t.signInDemo();
    t.emulator.faults.status(404, { count: 1, match: { path: '/api/accesstoken' } });
    await vscode.commands.executeCommand('codethreat.tokens.refresh');
    assert.equal(t.hooks.features.tokens.tree.state, 'unsupported');
    assert.match(t.prompter.messages('error')[0], /does not offer access-token management/);
  });

  test('a credential revoked later: says so, offers to sign in again, keeps the last list marked stale', async () => {
    const { id, value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'session-ish');
    await t.signIn({ token: value, username: undefined, password: undefined });
    assert.equal((await items()).length, 6);
    t.emulator.revoke(id);
    await vscode.commands.executeCommand('codethreat.tokens.refresh');
    const [notification] = t.prompter.notifications.filter((n) => n.severity === 'error');
    assert.match(notification.message, /revoked or has expired/);
    assert.deepEqual(notification.actions, ['Sign In Again', 'Show Logs']);
    assert.equal(t.hooks.features.tokens.tree.state, 'unauthorized');
    assert.equal((await items()).length, 6, 'the last list stays');
    assert.match(t.hooks.features.tokens.tree.message ?? '', /^Showing the last list; refreshing failed\. CodeThreat did not accept the credential/);
  });

  test('ten refreshes at once send one list request', async () => {
    await t.signInDemo();
    await items();
    t.emulator.clearRequests();
    t.emulator.faults.latency(100);
    await Promise.all(Array.from({ length: 10 }, () => vscode.commands.executeCommand('codethreat.tokens.refresh')));
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/list' }), 1);
  });
});
