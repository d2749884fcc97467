import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_USERNAME } from '../emulator/emulator';
import { eventually, useExtensionHarness } from './support/harness';

suite('Delete access token', () => {
  const t = useExtensionHarness();

  async function nodeNamed(name: string) {
    const node = (await t.tokenNodes()).find((n) => n.token.name === name);
    assert.ok(node, `token "${name}" is listed`);
    return node;
  }

  test('from the tree item: a modal names the token, says what it means, then deletes', async () => {
    await t.signInDemo();
    const node = await nodeNamed('Jenkins nightly');
    t.emulator.clearRequests();
    t.script({ modal: 'Delete', message: /Delete the access token "Jenkins nightly"\?/ });
    const result = await vscode.commands.executeCommand('codethreat.tokens.delete', node);
    assert.deepEqual(result, { id: node.token.id, name: 'Jenkins nightly', deletedNow: true });
    assert.match(t.prompter.modals[0].detail, /loses access to CodeThreat at once\. This cannot be undone\./);
    assert.equal(t.prompter.modals[0].severity, 'warning');
    assert.equal(t.emulator.tokensOf(DEMO_USERNAME).some((r) => r.id === node.token.id), false);
    assert.deepEqual(t.emulator.requests.map((r) => `${r.method} ${r.status}`), ['DELETE 200']);
    assert.ok(!(await t.tokenNodes()).some((n) => n.token.id === node.token.id), 'gone from the tree at once');
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/list' }), 0);
    assert.equal(t.prompter.messages('info').at(-1), 'Deleted the access token "Jenkins nightly".');
  });

  test('cancelling the modal deletes nothing', async () => {
    await t.signInDemo();
    const node = await nodeNamed('Local CLI');
    t.script({ modal: undefined });
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.delete', node), undefined);
    assert.ok(t.emulator.tokensOf(DEMO_USERNAME).some((r) => r.id === node.token.id));
    assert.equal(t.emulator.countRequests({ method: 'DELETE' }), 0);
  });

  test('from the palette: a picker, then the modal', async () => {
    await t.signInDemo();
    t.script({ pick: 'Old laptop script' }, { modal: 'Delete' });
    const result = await vscode.commands.executeCommand<{ name: string }>('codethreat.tokens.delete');
    assert.equal(result?.name, 'Old laptop script');
    assert.equal(t.emulator.tokensOf(DEMO_USERNAME).some((r) => r.name === 'Old laptop script'), false);
  });

  test('with {id}: still behind the modal', async () => {
    await t.signInDemo();
    const record = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'Release bot')!;
    t.script({ modal: 'Delete' });
    const result = await vscode.commands.executeCommand('codethreat.tokens.delete', { id: record.id });
    assert.deepEqual(result, { id: record.id, name: 'Release bot', deletedNow: true });
    assert.equal(t.prompter.modals.length, 1);
  });

  test('deleting the saved token also removes it from secret storage, and the modal says so', async () => {
    await t.signInDemo();
    const connectionId = t.hooks.container.connections.active!.id;
    await t.generate({ name: 'saved one', deliver: 'secretStorage' });
    const node = await nodeNamed('saved one');
    t.script({ modal: 'Delete' });
    await vscode.commands.executeCommand('codethreat.tokens.delete', node);
    assert.match(t.prompter.modals[0].detail, /VS Code keeps this token in its secret storage; that copy is removed too\./);
    assert.equal(await t.hooks.container.connections.savedToken(connectionId), undefined);
  });

  test('another window saves a different token while the modal is open: the token named is deleted, the other saved one is kept, and said so', async () => {
    await t.signInDemo();
    const connectionId = t.hooks.container.connections.active!.id;
    await t.generate({ name: 'saved here', deliver: 'secretStorage' });
    const node = await nodeNamed('saved here');
    const other = t.emulator.issueAccessToken(DEMO_USERNAME, 'saved in another window');
    const othersCopy = { id: other.id, name: other.name, value: other.value, savedAt: new Date().toISOString() };
    t.script({
      modal: 'Delete',
      message: /Delete the access token "saved here"\?/,
      whileOpen: () => t.hooks.rawSecrets.store(`codethreat.savedToken:${connectionId}`, JSON.stringify(othersCopy)),
    });
    await vscode.commands.executeCommand('codethreat.tokens.delete', node);
    assert.match(t.prompter.modals[0].detail, /that copy is removed too/, 'the modal named the saved copy of "saved here"');
    assert.equal(t.emulator.tokensOf(DEMO_USERNAME).some((r) => r.id === node.token.id), false, 'the token named is deleted on the server');
    assert.equal((await t.hooks.container.connections.savedToken(connectionId))?.value, other.value, "the other window's token is still saved");
    assert.deepEqual(t.prompter.messages('warning'), [
      'Another window saved a different token in VS Code while you were deciding, so the saved token was kept; only "saved here" was deleted.',
    ]);
  });

  test('a token another window already deleted (404): removed, refreshed, and said so', async () => {
    await t.signInDemo();
    const node = await nodeNamed('GitHub Actions');
    t.emulator.revoke(node.token.id);
    t.script({ modal: 'Delete' });
    const result = await vscode.commands.executeCommand('codethreat.tokens.delete', node);
    assert.deepEqual(result, { id: node.token.id, name: 'GitHub Actions', deletedNow: false });
    assert.equal(t.prompter.messages('info').at(-1), 'The access token "GitHub Actions" had already been deleted.');
    await eventually(() => t.emulator.countRequests({ path: '/api/accesstoken/list' }) === 2, 'a refresh');
  });

  test('while the request runs the item says "Deleting…" with a spinner', async () => {
    await t.signInDemo();
    const node = await nodeNamed('Local CLI');
    t.emulator.faults.latency(300, { method: 'DELETE' });
    t.script({ modal: 'Delete' });
    const pending = vscode.commands.executeCommand('codethreat.tokens.delete', node);
    await eventually(() => t.hooks.container.lists.get(node.connectionId).isDeleting(node.token.id), 'deleting state');
    const item = t.hooks.features.tokens.tree.getTreeItem(node);
    assert.equal(item.description, 'Deleting…');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'loading~spin');
    assert.equal(item.contextValue, 'token.deleting');
    await pending;
  });

  test('a refresh that finishes after a delete cannot bring the item back', async () => {
    await t.signInDemo();
    const node = await nodeNamed('Jenkins nightly');
    t.emulator.faults.latency(400, { path: '/api/accesstoken/list' });
    const listsBefore = t.emulator.countRequests({ path: '/api/accesstoken/list' });
    const refresh = vscode.commands.executeCommand('codethreat.tokens.refresh');
    // The list request has reached the server (the token is in its answer), which waits to reply.
    await eventually(() => t.emulator.countRequests({ path: '/api/accesstoken/list' }) > listsBefore, 'the list request');
    t.script({ modal: 'Delete' });
    await vscode.commands.executeCommand('codethreat.tokens.delete', node);
    await refresh;
    assert.ok(!(await t.tokenNodes()).some((n) => n.token.id === node.token.id));
  });

  test('failures keep the item and say why', async () => {
    await t.signInDemo();
    const node = await nodeNamed('Local CLI');
    t.emulator.faults.status(403, { match: { method: 'DELETE' } });
    t.script({ modal: 'Delete' });
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.delete', node), undefined);
    assert.match(t.prompter.messages('error')[0], /Could not delete the token "Local CLI"\. CodeThreat refused access/);
    assert.ok((await t.tokenNodes()).some((n) => n.token.id === node.token.id));
  });
});

suite('The view’s selection (keyboard)', () => {
  const t = useExtensionHarness();

  test('Delete and Enter act on the selected token: the delete modal names it, the details show it', async () => {
    await t.signInDemo();
    const node = (await t.tokenNodes()).find((n) => n.token.name === 'Jenkins nightly')!;
    await vscode.commands.executeCommand('codethreat.tokens.focus');
    await t.hooks.features.tokens.treeView.reveal(node, { select: true, focus: true });
    await eventually(() => t.hooks.features.tokens.treeView.selection[0]?.type === 'token', 'the selection');

    t.script({ modal: undefined, message: /^Delete the access token "Jenkins nightly"\?$/ });
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.delete'), undefined, 'cancelled');
    assert.equal(t.prompter.modals.length, 1, 'the delete modal was shown');
    assert.equal(t.prompter.picks.length, 0, 'no picker: the selection was used');

    t.script({ modal: undefined, message: /^Jenkins nightly$/ });
    assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.showDetails'), { id: node.token.id, name: 'Jenkins nightly' });
    assert.match(t.prompter.modals[0].detail, /Last used: .*3 days ago/);
    assert.match(t.prompter.modals[0].detail, /Created: /);
  });
});
