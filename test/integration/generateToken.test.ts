import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME } from '../emulator/emulator';
import { useExtensionHarness } from './support/harness';

suite('Generate access token', () => {
  const t = useExtensionHarness();

  const serverToken = (name: string) => t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === name);

  test('with arguments: still behind the consent modal, which offers only the pre-filled choice; one POST; value returned to nobody', async () => {
    await t.signInDemo();
    await t.tokenNodes();
    t.emulator.clearRequests();
    t.script({ modal: 'Generate and Copy', message: /^Generate the access token "CI pipeline" for acme on / });
    const result = await vscode.commands.executeCommand<{ id: string; name: string }>('codethreat.tokens.generate', { name: 'CI pipeline', deliver: 'clipboard' });
    const record = serverToken('CI pipeline');
    assert.ok(record);
    assert.deepEqual(result, { id: record.id, name: 'CI pipeline' });
    assert.deepEqual(t.prompter.modals[0].buttons, ['Generate and Copy']);
    assert.match(t.prompter.modals[0].detail, /copied to the clipboard/);
    assert.equal(t.clipboard.text, record.value);
    assert.equal(await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id), undefined);
    assert.deepEqual(t.emulator.requests.map((r) => `${r.method} ${r.path}`), ['POST /api/accesstoken/add']);
    const nodes = await t.tokenNodes();
    assert.equal(nodes[0].token.name, 'CI pipeline', 'the new token is listed first');
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/list' }), 0);
    assert.deepEqual(t.prompter.messages('info').at(-1), 'Access token "CI pipeline": copied to the clipboard.');
  });

  test('with arguments, cancelled: nothing is created, copied or saved', async () => {
    await t.signInDemo();
    t.script({ cancel: true }, { cancel: true }, { cancel: true }, { cancel: true });
    for (const deliver of ['clipboard', 'secretStorage', 'both', undefined]) {
      assert.equal(await vscode.commands.executeCommand('codethreat.tokens.generate', { name: `unwanted ${deliver}`, deliver }), undefined);
    }
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 0);
    assert.equal(t.clipboard.writes, 0);
    assert.equal(await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id), undefined);
    assert.equal(t.prompter.modals.length, 4, 'every call asked');
  });

  test('with arguments: secret storage only; the item is marked as saved', async () => {
    await t.signInDemo();
    const connectionId = t.hooks.container.connections.active!.id;
    t.script({ modal: 'Generate and Save in VS Code' });
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'kept', deliver: 'secretStorage' });
    const record = serverToken('kept')!;
    const saved = await t.hooks.container.connections.savedToken(connectionId);
    assert.deepEqual({ id: saved?.id, name: saved?.name, value: saved?.value }, { id: record.id, name: 'kept', value: record.value });
    assert.equal(t.clipboard.writes, 0);
    const node = (await t.tokenNodes()).find((n) => n.token.id === record.id)!;
    const item = t.hooks.features.tokens.tree.getTreeItem(node);
    assert.equal(item.contextValue, 'token.saved');
    assert.match(String(item.description), /saved in VS Code/);
    assert.match((t.hooks.features.tokens.tree.resolveTreeItem(item, node).tooltip as vscode.MarkdownString).value, /secret storage/);
  });

  test('from the palette: name, then the consent modal says where the value goes; Copy and Save', async () => {
    await t.signInDemo();
    t.script({ input: 'laptop' }, { modal: 'Generate, Copy and Save', message: /^Generate the access token "laptop"/ });
    const result = await vscode.commands.executeCommand('codethreat.tokens.generate');
    const record = serverToken('laptop')!;
    assert.deepEqual(result, { id: record.id, name: 'laptop' });
    assert.deepEqual(t.prompter.modals[0].buttons, ['Generate and Copy', 'Generate and Save in VS Code', 'Generate, Copy and Save']);
    assert.match(t.prompter.modals[0].detail, /CodeThreat will not show it again/);
    assert.equal(t.clipboard.text, record.value);
    assert.equal((await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id))?.value, record.value);
    // The value is never shown: no dialog or message carries it.
    assert.ok(!t.prompter.modals.some((m) => m.detail.includes(record.value) || m.message.includes(record.value)));
    assert.ok(!t.prompter.notifications.some((n) => n.message.includes(record.value)));
  });

  test('dismissing the consent modal creates nothing, so nothing can be lost', async () => {
    await t.signInDemo();
    t.script({ input: 'throwaway' }, { modal: undefined });
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.generate'), undefined);
    assert.equal(serverToken('throwaway'), undefined);
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 0);
    assert.equal(t.clipboard.writes, 0);
  });

  test('names are validated before anything is sent', async () => {
    await t.signInDemo();
    await t.tokenNodes();
    t.emulator.clearRequests();
    const bad: [string, RegExp][] = [
      ['', /Give the token a name/],
      ['   ', /Give the token a name/],
      ['x'.repeat(65), /65 characters long; the limit is 64/],
      ['tab\there', /control characters/],
      ['release BOT', /named "release BOT" exists already/],
    ];
    for (const [name, expected] of bad) {
      assert.equal(await vscode.commands.executeCommand('codethreat.tokens.generate', { name, deliver: 'clipboard' }), undefined);
      assert.match(t.prompter.messages('error').at(-1) ?? '', expected, JSON.stringify(name));
    }
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 0);
  });

  test('the duplicate-name check waits for a list that is still loading, never reads it empty', async () => {
    // The server holds the list back: the view's first load is on its way when the name is checked.
    t.emulator.faults.latency(1000, { path: '/api/accesstoken/list' });
    t.prompter.prepend(t.signInConsent);
    await vscode.commands.executeCommand('codethreat.signIn', { serverUrl: t.emulator.url, organization: DEMO_ORGANIZATION, username: DEMO_USERNAME, password: DEMO_PASSWORD });
    const viewLoading = t.hooks.features.tokens.tree.getChildren(); // as VS Code asks, the view being open
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'release BOT', deliver: 'clipboard' }), undefined);
    assert.match(t.prompter.messages('error').at(-1) ?? '', /named "release BOT" exists already/);
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/list' }), 1, 'the load that was running, joined');
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 0);
    assert.equal((await viewLoading).length, 5);
  });

  test('a list that cannot be loaded: the name box says the name is not checked against it', async () => {
    t.emulator.faults.status(500, { count: Infinity, match: { path: '/api/accesstoken/list' } });
    await t.signInDemo();
    t.script({ input: 'release BOT' }, { cancel: true });
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.generate'), undefined);
    assert.match(t.prompter.inputs[0].prompt ?? '', /could not be loaded, so the name is not checked/);
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 0);
  });

  test('a name the server rejects shows the server’s sentence', async () => {
    await t.signInDemo();
    t.emulator.faults.status(400, { match: { method: 'POST' }, body: { code: 400, message: 'Token names may not mention Friday.' } });
    t.script({ modal: 'Generate and Copy' });
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'Friday', deliver: 'clipboard' });
    assert.equal(t.prompter.messages('error')[0], 'Could not generate the token "Friday". CodeThreat rejected the request: Token names may not mention Friday.');
  });

  test('a double-click sends one request', async () => {
    await t.signInDemo();
    t.emulator.faults.latency(200, { method: 'POST' });
    t.script({ modal: 'Generate and Copy' });
    const [first, second] = await Promise.all([
      vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'once', deliver: 'clipboard' }),
      vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'once', deliver: 'clipboard' }),
    ]);
    assert.equal([first, second].filter(Boolean).length, 1, 'one of them generated, the other was told to wait');
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 1);
    assert.deepEqual(t.prompter.messages('info')[0], 'A token is being generated already.');
  });

  test('a connection reset during create: the refreshed list says whether it exists', async () => {
    await t.signInDemo();
    t.emulator.faults.reset({ method: 'POST' }, { afterHandling: true });
    t.script({ modal: 'Generate and Copy' }, { modal: 'Generate and Copy' });
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'half-made', deliver: 'clipboard' }), undefined);
    assert.match(t.prompter.messages('error')[0], /The server did create it, but its value was lost/);
    assert.ok((await t.tokenNodes()).some((n) => n.token.name === 'half-made'));
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 1, 'not retried');

    t.emulator.faults.reset({ method: 'POST' });
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'never-made', deliver: 'clipboard' });
    assert.match(t.prompter.messages('error')[1], /The token was not created; try again/);
  });

  test('signed out: asks to sign in first', async () => {
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'x', deliver: 'clipboard' }), undefined);
    assert.deepEqual(t.prompter.notifications[0], { severity: 'info', message: 'Sign in to CodeThreat first.', actions: ['Sign In'] });
  });
});
