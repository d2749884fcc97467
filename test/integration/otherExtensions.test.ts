// The saved token feeding other extensions: the `codethreat` authentication provider and the
// exported API, used by a second extension loaded in the same host (test/fixtures/consumer-extension).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CodeThreatAccessTokensApi } from '../../src/features/publicApi/codeThreatAccessTokensApi';
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
    await t.generate({ name: 'for the consumer', deliver: 'secretStorage' });
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
      await t.generate({ name: 'announced', deliver: 'secretStorage' });
      await eventually(() => changes.length > 0, 'a session change event');
      const session = await vscode.authentication.getSession('codethreat', [], { createIfNone: true });
      const record = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'announced')!;
      assert.equal(session.accessToken, record.value);
      assert.equal(session.account.id, t.hooks.container.connections.active!.id);
    } finally {
      subscription.dispose();
    }
  });

  test('session changes are announced one after another: a slow read cannot leave a removed session announced as present', async () => {
    await t.signInDemo();
    const provider = t.hooks.features.account.authProvider;
    const connectionId = t.hooks.container.connections.active!.id;
    const sessionId = `${connectionId}#tok-overlap`;
    await provider.getSessions(); // the baseline
    const added: string[] = [];
    const removed: string[] = [];
    const subscription = provider.onDidChangeSessions((event) => {
      added.push(...(event.added ?? []).map((s) => s.id));
      removed.push(...(event.removed ?? []).map((s) => s.id));
    });
    // Reads that find a saved token answer late: the change that saved it is described after the
    // change that removed it, unless the two are described one after the other. (The store's own
    // change events are held back, so that no later event repairs what the race left behind.)
    const raw = t.hooks.rawSecrets;
    t.hooks.setSecretStore({
      get: async (key) => {
        const value = await raw.get(key);
        if (value && key.startsWith('codethreat.savedToken:')) await new Promise((r) => setTimeout(r, 300));
        return value;
      },
      store: (key, value) => raw.store(key, value),
      delete: (key) => raw.delete(key),
      onDidChange: () => ({ dispose: () => undefined }),
    });
    try {
      const token = { id: 'tok-overlap', name: 'overlap', value: 'ct_overlapping_value_0123456789', savedAt: new Date().toISOString() };
      await t.hooks.container.connections.saveToken(connectionId, token);
      await t.hooks.container.connections.forgetSavedToken(connectionId);
      await eventually(() => removed.includes(sessionId), 'the removal to be announced after the addition');
      assert.deepEqual(added, [sessionId]);
      assert.deepEqual(removed, [sessionId]);
      assert.deepEqual(await provider.getSessions(), []);
    } finally {
      t.hooks.setSecretStore(undefined);
      subscription.dispose();
    }
  });

  test('createSession: no token is saved yet: one is generated, named for the purpose, and saved', async () => {
    await t.signInDemo();
    t.script(
      { input: 'VS Code: scan (consumer)' },
      { modal: 'Generate and Save in VS Code', message: /^An extension asks for a CodeThreat access token\. Generate "VS Code: scan \(consumer\)" for acme on / },
    );
    // VS Code asks the user first ("… wants to sign in using CodeThreat"; the test host refuses
    // that dialog), then calls the provider's createSession, as here.
    const session = await t.hooks.features.account.authProvider.createSession(['scan'], {});
    assert.equal(session.accessToken, t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'VS Code: scan (consumer)')?.value);
    assert.deepEqual(session.scopes, ['scan']);
    assert.equal((await callAsConsumer({ via: 'session' }))?.status, 200, 'and another extension can use it');
    assert.match(t.prompter.inputs[0].value ?? '', /^VS Code: scan \(\d{4}-\d{2}-\d{2}\)$/, 'the default name says what it is for');
    const saved = await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id);
    assert.equal(saved?.name, 'VS Code: scan (consumer)');
    assert.deepEqual(t.prompter.modals[0].buttons, ['Generate and Save in VS Code'], 'the token is only saved: it goes to the extensions the user allows');
  });

  test('createSession, the generation declined: no token, and the asking extension gets a cancellation', async () => {
    await t.signInDemo();
    t.script({ input: 'VS Code: unwanted' }, { modal: undefined });
    await assert.rejects(t.hooks.features.account.authProvider.createSession([], {}), (error: Error) => error.name === 'Canceled' || /Cancel/i.test(error.message));
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 0);
    assert.equal(await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id), undefined);
  });

  test('createSession while a token is saved (forceNewSession): use it, or generate one that replaces it', async () => {
    await t.signInDemo();
    await t.generate({ name: 'already saved', deliver: 'secretStorage' });
    const saved = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'already saved')!;
    t.script({ pick: 'Use the saved token "already saved"' });
    assert.equal((await t.hooks.features.account.authProvider.createSession([], {})).accessToken, saved.value);
    t.script({ pick: 'Generate a new token' }, { input: 'replacement for an extension' }, { modal: 'Generate and Save in VS Code' });
    const fresh = await t.hooks.features.account.authProvider.createSession([], {});
    assert.match(t.prompter.modals[0].detail, /it replaces "already saved" there, and extensions using "already saved" get the new token/);
    assert.equal(fresh.accessToken, t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'replacement for an extension')?.value);
    assert.equal((await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id))?.name, 'replacement for an extension');
  });

  test('removeSession forgets the token and offers to delete it on the server', async () => {
    await t.signInDemo();
    await t.generate({ name: 'to remove', deliver: 'secretStorage' });
    const session = await vscode.authentication.getSession('codethreat', [], { createIfNone: true });
    t.script({ modal: 'Delete', message: /^Delete the access token "to remove"\?/ });
    // VS Code's Accounts menu is what calls removeSession; here the test calls it directly.
    await t.hooks.features.account.authProvider.removeSession(session.id);
    assert.match(t.prompter.modals[0].detail, /VS Code no longer keeps this token, but it still works/);
    assert.equal(await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id), undefined);
    assert.equal(t.emulator.tokensOf(DEMO_USERNAME).some((r) => r.name === 'to remove'), false);
  });

  test('the exported API, version 2: connections without secrets, change events, and no way to a token value', async () => {
    await t.signInDemo();
    const api = (await vscode.extensions.getExtension<CodeThreatAccessTokensApi>(EXTENSION_ID)!.activate())!;
    assert.equal(api.version, 2);
    assert.deepEqual(Object.keys(api).filter((key) => key !== 'testing').sort(), ['getConnections', 'onDidChangeToken', 'version']);
    assert.equal((api as unknown as Record<string, unknown>).getToken, undefined);
    const events: string[] = [];
    const subscription = api.onDidChangeToken((e) => events.push(e.connectionId));
    try {
      await t.generate({ name: 'via api', deliver: 'secretStorage' });
      const [info] = await api.getConnections();
      assert.deepEqual(Object.keys(info).sort(), ['hasSavedToken', 'id', 'organization', 'serverUrl', 'username']);
      assert.equal(info.hasSavedToken, true);
      assert.ok(!JSON.stringify(info).includes('ct_'), 'no secrets in connection info');
      assert.deepEqual(events, [info.id]);
      // An extension that still asks the version 1 way gets nothing.
      assert.equal((await callAsConsumer({ via: 'api' }))?.status, 'no token');
    } finally {
      subscription.dispose();
    }
  });
});

suite('Status bar and token check', () => {
  const t = useExtensionHarness();

  test('signed out: a warning look; signed in without a saved token: the organization', async () => {
    await t.hooks.features.tokens.statusBar.update();
    assert.match(t.hooks.features.tokens.statusBar.content.text, /signed out/);
    assert.equal(t.hooks.features.tokens.statusBar.content.warning, true);
    await t.signInDemo();
    await t.hooks.features.tokens.statusBar.update();
    assert.equal(t.hooks.features.tokens.statusBar.content.text, '$(shield) acme $(circle-slash)');
    assert.equal(t.hooks.features.tokens.statusBar.content.warning, false);
  });

  test('verify: valid, then revoked after the token is deleted elsewhere (warning look, view updated)', async () => {
    await t.signInDemo();
    await t.generate({ name: 'checked', deliver: 'secretStorage' });
    assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.verify'), { connectionId: t.hooks.container.connections.active!.id, state: 'valid' });
    await t.hooks.features.tokens.statusBar.update();
    assert.equal(t.hooks.features.tokens.statusBar.content.text, '$(shield) acme $(pass)');
    assert.match(t.prompter.messages('info').at(-1) ?? '', /The saved token "checked" for acme on .* is valid\./);

    t.emulator.revoke(t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'checked')!.id);
    const result = await vscode.commands.executeCommand<{ state: string }>('codethreat.tokens.verify');
    assert.equal(result?.state, 'revoked');
    await t.hooks.features.tokens.statusBar.update();
    assert.equal(t.hooks.features.tokens.statusBar.content.text, '$(shield) acme $(warning)');
    assert.equal(t.hooks.features.tokens.statusBar.content.warning, true);
    assert.match(t.prompter.messages('warning').at(-1) ?? '', /was revoked or has expired/);
    await eventually(async () => !(await t.tokenNodes()).some((n) => n.token.name === 'checked'), 'the view to drop the revoked token');
  });

  test('a list that no longer contains the saved token marks it revoked without a separate check', async () => {
    await t.signInDemo();
    await t.generate({ name: 'vanishing', deliver: 'secretStorage' });
    t.emulator.revoke(t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'vanishing')!.id);
    await vscode.commands.executeCommand('codethreat.tokens.refresh');
    await eventually(async () => {
      await t.hooks.features.tokens.statusBar.update();
      return t.hooks.features.tokens.statusBar.content.warning;
    }, 'the warning look');
  });

  test('verify without a saved token says how to get one', async () => {
    await t.signInDemo();
    assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.verify'), { connectionId: t.hooks.container.connections.active!.id, state: 'none' });
    assert.deepEqual(t.prompter.notifications.at(-1)?.actions, ['Generate Token']);
  });
});
