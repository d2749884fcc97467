// Token hygiene: stale tokens, rotation, clipboard auto-clear, filter and sort.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenNode } from '../../src/features/tokens/view/tokenTreeItem';
import { DEMO_USERNAME } from '../emulator/emulator';
import { eventually, failingKeyring, useExtensionHarness } from './support/harness';

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('codethreat').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('Token hygiene', () => {
  const t = useExtensionHarness();
  const names = async () => (await t.tokenNodes()).map((n) => n.token.name);
  const item = (node: TokenNode) => t.hooks.features.tokens.tree.getTreeItem(node);

  teardown(async () => {
    await vscode.commands.executeCommand('codethreat.tokens.clearFilter');
    await vscode.commands.executeCommand('codethreat.tokens.showAll');
    await vscode.commands.executeCommand('codethreat.tokens.sort', { by: 'created' });
    await setSetting('staleAfterDays', undefined);
    await setSetting('clipboardClearSeconds', undefined);
  });

  suite('stale tokens', () => {
    test('a token unused for longer than the threshold gets a warning icon, a tooltip line and counts', async () => {
      await t.signInDemo();
      const nodes = await t.tokenNodes();
      const old = nodes.find((n) => n.token.name === 'Old laptop script')!;
      const oldItem = item(old);
      assert.equal((oldItem.iconPath as vscode.ThemeIcon).id, 'warning');
      assert.equal(oldItem.contextValue, 'token.stale');
      const tooltip = (t.hooks.features.tokens.tree.resolveTreeItem(oldItem, old).tooltip as vscode.MarkdownString).value;
      assert.match(tooltip, /Not used for 200 days \(stale after 90 days\)/);
      await eventually(() => t.hooks.features.tokens.treeView.badge?.value === 1, 'the view badge to count 1 token');
      t.script({ modal: undefined, message: /^Old laptop script$/ });
      await vscode.commands.executeCommand('codethreat.tokens.showDetails', old);
      assert.match(t.prompter.modals.at(-1)!.detail, /^Not used for 200 days \(stale after 90 days\)\. Delete it if nothing needs it any more\.$/m, 'the details say what the tooltip says');
      for (const fresh of nodes.filter((n) => n !== old)) assert.notEqual((item(fresh).iconPath as vscode.ThemeIcon).id, 'warning', fresh.token.name);
    });

    test('the threshold is a setting; a token never used since creation counts too', async () => {
      await t.signInDemo();
      await setSetting('staleAfterDays', 2);
      const releaseBot = (await t.tokenNodes()).find((n) => n.token.name === 'Release bot')!;
      const tooltip = (t.hooks.features.tokens.tree.resolveTreeItem(item(releaseBot), releaseBot).tooltip as vscode.MarkdownString).value;
      assert.match(tooltip, /Never used in the 2 days since it was created \(stale after 2 days\)/);
      // Old laptop script, Jenkins nightly (3 days), Release bot
      await eventually(() => t.hooks.features.tokens.treeView.badge?.value === 3, 'the view badge to count 3 tokens');
    });

    test('"Show only stale tokens" from the title bar, and back', async () => {
      await t.signInDemo();
      assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.showStaleOnly'), { staleOnly: true });
      assert.deepEqual(await names(), ['Old laptop script']);
      assert.match(t.hooks.features.tokens.tree.message ?? '', /Stale tokens only/);
      await vscode.commands.executeCommand('codethreat.tokens.showAll');
      assert.equal((await names()).length, 5);
    });
  });

  suite('filter and sort', () => {
    test('filter by name (case-insensitive) from the title bar, and clear it', async () => {
      await t.signInDemo();
      t.script({ input: 'ACTIONS' });
      assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.filter'), { filter: 'ACTIONS' });
      assert.deepEqual(await names(), ['GitHub Actions']);
      assert.equal(t.hooks.features.tokens.tree.message, 'Names containing "ACTIONS".');
      await vscode.commands.executeCommand('codethreat.tokens.clearFilter');
      assert.equal((await names()).length, 5);
      assert.equal(t.hooks.features.tokens.tree.message, undefined);
    });

    test('sort by created (default), last used, or name; remembered per user', async () => {
      await t.signInDemo();
      assert.deepEqual(await names(), ['Release bot', 'Local CLI', 'GitHub Actions', 'Jenkins nightly', 'Old laptop script']);
      await vscode.commands.executeCommand('codethreat.tokens.sort', { by: 'lastUsed' });
      assert.deepEqual(await names(), ['GitHub Actions', 'Local CLI', 'Jenkins nightly', 'Old laptop script', 'Release bot']);
      t.script({ pick: 'By name' });
      assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.sort'), { sortBy: 'name' });
      assert.deepEqual(await names(), ['GitHub Actions', 'Jenkins nightly', 'Local CLI', 'Old laptop script', 'Release bot']);
      assert.equal(t.hooks.stateDump()['codethreat.sortBy'], 'name');
    });
  });

  suite('rotate', () => {
    test('the saved token: replacement created, saved in its place, copied on request, old one deleted', async () => {
      await t.signInDemo();
      const connectionId = t.hooks.container.connections.active!.id;
      await t.generate({ name: 'CI pipeline', deliver: 'secretStorage' });
      const old = (await t.tokenNodes()).find((n) => n.token.name === 'CI pipeline')!;
      const today = new Date().toISOString().slice(0, 10);
      t.script(
        { input: `CI pipeline (${today})` },
        { modal: 'Rotate, Copy and Save', message: /^Rotate the access token "CI pipeline"/ },
        { modal: 'Delete', message: /Delete the access token "CI pipeline"\?/ },
      );
      const result = await vscode.commands.executeCommand<{ newName: string; oldDeleted: boolean; newId: string }>('codethreat.tokens.rotate', old);
      assert.equal(t.prompter.inputs[0].value, `CI pipeline (${today})`, 'the suggested name carries the date');
      assert.deepEqual(t.prompter.modals[0].buttons, ['Rotate and Save in VS Code', 'Rotate, Copy and Save'], 'the saved token is replaced in VS Code in any case');
      assert.match(t.prompter.modals[0].detail, /replaces "CI pipeline" in VS Code/);
      assert.match(t.prompter.modals[1].detail, /The replacement "CI pipeline \(\d{4}-\d{2}-\d{2}\)" is ready/);
      assert.equal(result?.oldDeleted, true);
      const replacement = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.id === result?.newId)!;
      assert.equal(replacement.name, `CI pipeline (${today})`);
      assert.equal(t.emulator.tokensOf(DEMO_USERNAME).some((r) => r.id === old.token.id), false);
      assert.equal((await t.hooks.container.connections.savedToken(connectionId))?.value, replacement.value);
      assert.equal(t.clipboard.text, replacement.value);
    });

    test('declining to delete the old token leaves both, and says so', async () => {
      await t.signInDemo();
      const old = (await t.tokenNodes()).find((n) => n.token.name === 'Jenkins nightly')!;
      t.script({ modal: 'Rotate and Copy' }, { modal: undefined, message: /^Delete the access token "Jenkins nightly"/ });
      const result = await vscode.commands.executeCommand<{ oldDeleted: boolean }>('codethreat.tokens.rotate', { id: old.token.id, name: 'Jenkins nightly v2', deliver: 'clipboard' });
      assert.equal(result?.oldDeleted, false);
      assert.equal(t.prompter.messages('info').at(-1), '"Jenkins nightly v2" is ready. "Jenkins nightly" still works until you delete it.');
      assert.deepEqual((await names()).filter((n) => n.startsWith('Jenkins')).sort(), ['Jenkins nightly', 'Jenkins nightly v2']);
    });

    test('a failed create stops the rotation with the old token untouched', async () => {
      await t.signInDemo();
      const old = (await t.tokenNodes()).find((n) => n.token.name === 'Local CLI')!;
      t.emulator.faults.status(503, { match: { method: 'POST' } });
      t.script({ modal: 'Rotate and Copy' });
      assert.equal(await vscode.commands.executeCommand('codethreat.tokens.rotate', { id: old.token.id, name: 'Local CLI 2', deliver: 'clipboard' }), undefined);
      assert.match(t.prompter.messages('error')[0], /Rotation stopped: the replacement could not be created\. "Local CLI" is unchanged and still works\./);
      assert.ok(t.emulator.tokensOf(DEMO_USERNAME).some((r) => r.id === old.token.id));
    });

    test('a failed delete says exactly which tokens exist now', async () => {
      await t.signInDemo();
      const old = (await t.tokenNodes()).find((n) => n.token.name === 'Local CLI')!;
      t.emulator.faults.status(500, { match: { method: 'DELETE' } });
      t.script({ modal: 'Rotate and Copy' }, { modal: 'Delete' });
      const result = await vscode.commands.executeCommand<{ oldDeleted: boolean }>('codethreat.tokens.rotate', { id: old.token.id, name: 'Local CLI 2', deliver: 'clipboard' });
      assert.equal(result?.oldDeleted, false);
      assert.match(t.prompter.messages('error').at(-1) ?? '', /Rotation half-done on acme on .*: "Local CLI 2" and "Local CLI" both exist and both work\./);
    });

    test('cancelled: nothing is created and nothing deleted, whatever the arguments say', async () => {
      await t.signInDemo();
      const old = (await t.tokenNodes()).find((n) => n.token.name === 'Local CLI')!;
      t.script({ cancel: true });
      const args = { id: old.token.id, name: 'Local CLI 2', deliver: 'clipboard', deleteOld: true };
      assert.equal(await vscode.commands.executeCommand('codethreat.tokens.rotate', args), undefined);
      assert.equal(t.emulator.countRequests({ method: 'POST' }), 1, 'only the sign-in');
      assert.equal(t.emulator.countRequests({ method: 'DELETE' }), 0);
      assert.equal(t.clipboard.writes, 0);
    });

    test('the replacement of the saved token cannot be saved: the old one is not offered for deletion and still works', async () => {
      await t.signInDemo();
      const connectionId = t.hooks.container.connections.active!.id;
      await t.generate({ name: 'CI pipeline', deliver: 'secretStorage' });
      const old = (await t.tokenNodes()).find((n) => n.token.name === 'CI pipeline')!;
      const oldValue = (await t.hooks.container.connections.savedToken(connectionId))!.value;
      // The keyring still reads, but refuses to store the replacement.
      t.script({ modal: 'Rotate and Save in VS Code' }, { modal: undefined, message: /secret storage/ });
      const raw = t.hooks.rawSecrets;
      t.hooks.setSecretStore({ get: (key) => raw.get(key), store: failingKeyring.store, delete: (key) => raw.delete(key), onDidChange: (listener) => raw.onDidChange(listener) });
      let result: unknown;
      try {
        result = await vscode.commands.executeCommand('codethreat.tokens.rotate', { id: old.token.id, name: 'CI pipeline 2' });
      } finally {
        t.hooks.setSecretStore(undefined);
      }
      assert.equal(result, undefined);
      assert.ok(!t.prompter.modals.some((m) => /^Delete the access token/.test(m.message)), 'deleting the old token was not offered');
      assert.match(t.prompter.messages().join(' / '), /Rotation stopped: "CI pipeline 2" was created, but its value could not be kept\. "CI pipeline" is unchanged and still works/);
      assert.ok(t.emulator.tokensOf(DEMO_USERNAME).some((r) => r.id === old.token.id), 'the old token exists');
      assert.equal((await t.hooks.container.connections.savedToken(connectionId))?.value, oldValue, 'and is still the saved one');
      const check = await fetch(`${t.emulator.url}/api/organization?key=acme`, { headers: { Authorization: `Bearer ${oldValue}`, 'x-ct-organization': 'acme' } });
      assert.equal(check.status, 200, 'and still works');
    });
  });

  suite('clipboard', () => {
    test('a copied value is cleared after the configured time, if it is still there', async () => {
      await t.signInDemo();
      await setSetting('clipboardClearSeconds', 30);
      await t.generate({ name: 'short-lived copy', deliver: 'clipboard' });
      assert.ok(t.clipboard.text.startsWith('ct_'));
      t.hooks.clock.advance(29_000);
      assert.ok(t.clipboard.text.startsWith('ct_'), 'kept until the time is up');
      t.hooks.clock.advance(1_000);
      await eventually(() => t.clipboard.text === '', 'the clipboard to be cleared');

      await t.generate({ name: 'overwritten copy', deliver: 'clipboard' });
      await t.clipboard.writeText('something the user copied since');
      t.hooks.clock.advance(30_000);
      await new Promise((r) => setImmediate(r));
      assert.equal(t.clipboard.text, 'something the user copied since', 'someone else’s clipboard content is left alone');
    });

    test('0 never clears', async () => {
      await t.signInDemo();
      await setSetting('clipboardClearSeconds', 0);
      await t.generate({ name: 'kept copy', deliver: 'clipboard' });
      t.hooks.clock.advance(3_600_000);
      await new Promise((r) => setImmediate(r));
      assert.ok(t.clipboard.text.startsWith('ct_'));
    });

    test('closing the window within the delay clears the copied value at once', async () => {
      await t.signInDemo();
      await setSetting('clipboardClearSeconds', 60);
      await t.generate({ name: 'copied before closing', deliver: 'clipboard' });
      assert.ok(t.clipboard.text.startsWith('ct_'));
      await t.hooks.deactivate();
      assert.equal(t.clipboard.text, '', 'deactivation cleared the clipboard');
    });
  });
});
