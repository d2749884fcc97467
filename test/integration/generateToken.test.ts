import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_USERNAME } from '../emulator/emulator';
import { useExtensionHarness } from './support/harness';

suite('Generate access token', () => {
  const t = useExtensionHarness();

  const serverToken = (name: string) => t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === name);

  test('with arguments: clipboard only; one POST, no second list fetch; value returned to nobody', async () => {
    await t.signInDemo();
    await t.tokenNodes();
    t.emulator.clearRequests();
    const result = await vscode.commands.executeCommand<{ id: string; name: string }>('codethreat.tokens.generate', { name: 'CI pipeline', deliver: 'clipboard' });
    const record = serverToken('CI pipeline');
    assert.ok(record);
    assert.deepEqual(result, { id: record.id, name: 'CI pipeline' });
    assert.equal(t.clipboard.text, record.value);
    assert.equal(await t.hooks.services.connections.savedToken(t.hooks.services.connections.active!.id), undefined);
    assert.deepEqual(t.emulator.requests.map((r) => `${r.method} ${r.path}`), ['POST /api/accesstoken/add']);
    const nodes = await t.tokenNodes();
    assert.equal(nodes[0].token.name, 'CI pipeline', 'the new token is listed first');
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/list' }), 0);
    assert.deepEqual(t.prompter.messages('info').at(-1), 'Access token "CI pipeline": copied to the clipboard.');
  });

  test('with arguments: secret storage only; the item is marked as saved', async () => {
    await t.signInDemo();
    const connectionId = t.hooks.services.connections.active!.id;
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'kept', deliver: 'secretStorage' });
    const record = serverToken('kept')!;
    const saved = await t.hooks.services.connections.savedToken(connectionId);
    assert.deepEqual({ id: saved?.id, name: saved?.name, value: saved?.value }, { id: record.id, name: 'kept', value: record.value });
    assert.equal(t.clipboard.writes, 0);
    const node = (await t.tokenNodes()).find((n) => n.token.id === record.id)!;
    const item = t.hooks.services.tree.getTreeItem(node);
    assert.equal(item.contextValue, 'token.saved');
    assert.match(String(item.description), /saved in VS Code/);
    assert.match((t.hooks.services.tree.resolveTreeItem(item, node).tooltip as vscode.MarkdownString).value, /secret storage/);
  });

  test('from the palette: name, then the value shown once in a modal; Copy and Save', async () => {
    await t.signInDemo();
    t.script({ input: 'laptop' }, { modal: 'Copy and Save', message: /Access token "laptop" was created/ });
    const result = await vscode.commands.executeCommand('codethreat.tokens.generate');
    const record = serverToken('laptop')!;
    assert.deepEqual(result, { id: record.id, name: 'laptop' });
    assert.equal(t.prompter.modals[0].detail, record.value, 'the value is the modal’s detail, shown this once');
    assert.deepEqual(t.prompter.modals[0].buttons, ['Copy to Clipboard', 'Save in VS Code', 'Copy and Save']);
    assert.equal(t.clipboard.text, record.value);
    assert.equal((await t.hooks.services.connections.savedToken(t.hooks.services.connections.active!.id))?.value, record.value);
    // Only the modal ever carried the value.
    assert.ok(!t.prompter.notifications.some((n) => n.message.includes(record.value)));
  });

  test('dismissing the modal asks once more; dismissing again discards the value', async () => {
    await t.signInDemo();
    t.script({ input: 'throwaway' }, { modal: undefined }, { modal: undefined, message: /Discard the value/ });
    await vscode.commands.executeCommand('codethreat.tokens.generate');
    assert.equal(t.prompter.modals.length, 2);
    assert.ok(!t.prompter.modals[1].detail.includes(serverToken('throwaway')!.value), 'the second ask does not show the value again');
    assert.equal(t.clipboard.writes, 0);
    assert.match(t.prompter.messages('warning')[0], /was discarded/);
  });

  test('the second ask still delivers', async () => {
    await t.signInDemo();
    t.script({ input: 'second chance' }, { modal: undefined }, { modal: 'Copy to Clipboard' });
    await vscode.commands.executeCommand('codethreat.tokens.generate');
    assert.equal(t.clipboard.text, serverToken('second chance')!.value);
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

  test('a name the server rejects shows the server’s sentence', async () => {
    await t.signInDemo();
    t.emulator.faults.status(400, { match: { method: 'POST' }, body: { code: 400, message: 'Token names may not mention Friday.' } });
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'Friday', deliver: 'clipboard' });
    assert.equal(t.prompter.messages('error')[0], 'Could not generate the token "Friday". CodeThreat rejected the request: Token names may not mention Friday.');
  });

  test('a double-click sends one request', async () => {
    await t.signInDemo();
    t.emulator.faults.latency(200, { method: 'POST' });
    const [first, second] = await Promise.all([
      vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'once', deliver: 'clipboard' }),
      vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'once', deliver: 'clipboard' }),
    ]);
    assert.ok(first);
    assert.equal(second, undefined);
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 1);
  });

  test('a connection reset during create: the refreshed list says whether it exists', async () => {
    await t.signInDemo();
    t.emulator.faults.reset({ method: 'POST' }, { afterHandling: true });
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
