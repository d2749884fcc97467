// The saved token feeding other extensions: the `codethreat` authentication provider and the
// exported API, used by a second extension loaded in the same host (test/fixtures/consumer-extension).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CodeThreatAccessTokensApi } from '../../src/publicApi/codeThreatAccessTokensApi';
import { DEMO_ORGANIZATION, DEMO_USERNAME } from '../emulator/emulator';
import { EXTENSION_ID, eventually, useExtensionHarness } from './support/harness';

const CONSUMER = 'codethreat-tests.codethreat-consumer';

suite('The saved token feeds other extensions', () => {
  const t = useExtensionHarness();
  const callAsConsumer = (args: Record<string, unknown>) =>
    vscode.commands.executeCommand<{ status: number | string; account?: string }>('codethreatConsumer.callOrganization', {
      serverUrl: t.emulator.url,
      organization: DEMO_ORGANIZATION,
      ...args,
    });

  suiteSetup(async () => {
    assert.ok(vscode.extensions.getExtension(CONSUMER), 'the consumer fixture extension is loaded');
  });

  test('the authentication provider hands the saved token to another extension, which calls CodeThreat with it', async () => {
    await t.signInDemo();
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'for the consumer', deliver: 'secretStorage' });
    const record = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'for the consumer')!;
    t.emulator.clearRequests();
    const result = await callAsConsumer({ via: 'session', createIfNone: true });
    assert.equal(result?.status, 200);
    assert.match(result?.account ?? '', /^demo@codethreat\.test \(acme on 127\.0\.0\.1:\d+\)$/);
    assert.equal(t.emulator.requests.at(-1)?.authKind, 'access');
    assert.ok(t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.id === record.id)?.lastUsedAt, 'the consumer used the saved token');
  });

  test('sessions are the saved tokens, one per connection; changes are announced', async () => {
    await t.signInDemo();
    const changes: vscode.AuthenticationSessionsChangeEvent[] = [];
    const subscription = vscode.authentication.onDidChangeSessions((event) => {
      if (event.provider.id === 'codethreat') changes.push(event);
    });
    try {
      assert.equal(await vscode.authentication.getSession('codethreat', [], { silent: true }), undefined);
      await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'announced', deliver: 'secretStorage' });
      await eventually(() => changes.length > 0, 5000, 'a session change event');
      const session = await vscode.authentication.getSession('codethreat', [], { createIfNone: true });
      const record = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'announced')!;
      assert.equal(session.accessToken, record.value);
      assert.equal(session.account.id, t.hooks.services.connections.active!.id);
    } finally {
      subscription.dispose();
    }
  });

  test('createSession: no token is saved yet: one is generated, named for the purpose, and saved', async () => {
    await t.signInDemo();
    t.script({ input: 'VS Code: scan (consumer)' });
    // VS Code asks the user first ("… wants to sign in using CodeThreat"; the test host refuses
    // that dialog), then calls the provider's createSession, as here.
    const session = await t.hooks.authProvider.createSession(['scan'], {});
    assert.equal(session.accessToken, t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'VS Code: scan (consumer)')?.value);
    assert.deepEqual(session.scopes, ['scan']);
    assert.equal((await callAsConsumer({ via: 'session' }))?.status, 200, 'and another extension can use it');
    assert.match(t.prompter.inputs[0].value ?? '', /^VS Code: scan \(\d{4}-\d{2}-\d{2}\)$/, 'the default name says what it is for');
    const saved = await t.hooks.services.connections.savedToken(t.hooks.services.connections.active!.id);
    assert.equal(saved?.name, 'VS Code: scan (consumer)');
    assert.equal(t.prompter.modals.length, 0, 'the value is not shown: it goes to the asking extension');
  });

  test('createSession while a token is saved (forceNewSession): use it, or generate one that replaces it', async () => {
    await t.signInDemo();
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'already saved', deliver: 'secretStorage' });
    const saved = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'already saved')!;
    t.script({ pick: 'Use the saved token "already saved"' });
    assert.equal((await t.hooks.authProvider.createSession([], {})).accessToken, saved.value);
    t.script({ pick: 'Generate a new token' }, { input: 'replacement for an extension' });
    const fresh = await t.hooks.authProvider.createSession([], {});
    assert.equal(fresh.accessToken, t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'replacement for an extension')?.value);
    assert.equal((await t.hooks.services.connections.savedToken(t.hooks.services.connections.active!.id))?.name, 'replacement for an extension');
  });

  test('removeSession forgets the token and offers to delete it on the server', async () => {
    await t.signInDemo();
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'to remove', deliver: 'secretStorage' });
    const session = await vscode.authentication.getSession('codethreat', [], { createIfNone: true });
    t.script({ modal: 'Delete on Server', message: /no longer keeps the access token "to remove"/ });
    // VS Code's Accounts menu is what calls removeSession; here the test calls it directly.
    await t.hooks.authProvider.removeSession(session.id);
    assert.equal(await t.hooks.services.connections.savedToken(t.hooks.services.connections.active!.id), undefined);
    assert.equal(t.emulator.tokensOf(DEMO_USERNAME).some((r) => r.name === 'to remove'), false);
  });

  test('the exported API: connections without secrets, the token after the user allows it, change events', async () => {
    await t.signInDemo();
    const api = (await vscode.extensions.getExtension<CodeThreatAccessTokensApi>(EXTENSION_ID)!.activate())!;
    assert.equal(api.version, 1);
    const events: string[] = [];
    const subscription = api.onDidChangeToken((e) => events.push(e.connectionId));
    try {
      await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'via api', deliver: 'secretStorage' });
      const [info] = await api.getConnections();
      assert.deepEqual(Object.keys(info).sort(), ['hasSavedToken', 'id', 'organization', 'serverUrl', 'username']);
      assert.equal(info.hasSavedToken, true);
      assert.ok(!JSON.stringify(info).includes('ct_'), 'no secrets in connection info');
      assert.deepEqual(events, [info.id]);

      // Declined: nothing handed out. Allowed: the consumer extension calls CodeThreat with it.
      t.script({ modal: undefined, message: /asks for your CodeThreat access token/ });
      assert.equal((await callAsConsumer({ via: 'api' }))?.status, 'no token');
      t.script({ modal: 'Allow', message: /The extension "CodeThreat Consumer \(test fixture\)" asks/ });
      assert.equal((await callAsConsumer({ via: 'api' }))?.status, 200);
      t.script(); // allowed once per window and connection: no second question
      assert.equal((await callAsConsumer({ via: 'api' }))?.status, 200);
    } finally {
      subscription.dispose();
    }
  });
});

suite('Status bar and token check', () => {
  const t = useExtensionHarness();

  test('signed out: a warning look; signed in without a saved token: the organization', async () => {
    await t.hooks.statusBar.update();
    assert.match(t.hooks.statusBar.text, /signed out/);
    assert.equal(t.hooks.statusBar.isWarning, true);
    await t.signInDemo();
    await t.hooks.statusBar.update();
    assert.equal(t.hooks.statusBar.text, '$(shield) acme $(circle-slash)');
    assert.equal(t.hooks.statusBar.isWarning, false);
  });

  test('verify: valid, then revoked after the token is deleted elsewhere (warning look, view updated)', async () => {
    await t.signInDemo();
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'checked', deliver: 'secretStorage' });
    assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.verify'), { connectionId: t.hooks.services.connections.active!.id, state: 'valid' });
    await t.hooks.statusBar.update();
    assert.equal(t.hooks.statusBar.text, '$(shield) acme $(pass)');
    assert.match(t.prompter.messages('info').at(-1) ?? '', /The saved token "checked" for acme on .* is valid\./);

    t.emulator.revoke(t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'checked')!.id);
    const result = await vscode.commands.executeCommand<{ state: string }>('codethreat.tokens.verify');
    assert.equal(result?.state, 'revoked');
    await t.hooks.statusBar.update();
    assert.equal(t.hooks.statusBar.text, '$(shield) acme $(warning)');
    assert.equal(t.hooks.statusBar.isWarning, true);
    assert.match(t.prompter.messages('warning').at(-1) ?? '', /was revoked or has expired/);
    await eventually(async () => !(await t.tokenNodes()).some((n) => n.token.name === 'checked'), 5000, 'the view to drop the revoked token');
  });

  test('a list that no longer contains the saved token marks it revoked without a separate check', async () => {
    await t.signInDemo();
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'vanishing', deliver: 'secretStorage' });
    t.emulator.revoke(t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'vanishing')!.id);
    await vscode.commands.executeCommand('codethreat.tokens.refresh');
    await eventually(async () => {
      await t.hooks.statusBar.update();
      return t.hooks.statusBar.isWarning;
    }, 5000, 'the warning look');
  });

  test('verify without a saved token says how to get one', async () => {
    await t.signInDemo();
    assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.verify'), { connectionId: t.hooks.services.connections.active!.id, state: 'none' });
    assert.deepEqual(t.prompter.notifications.at(-1)?.actions, ['Generate Token']);
  });
});
