// Keys for other extensions: the `codethreat` authentication provider (one key per grant, see
// grants.test.ts) and the exported API, used by a second extension loaded in the same host
// (test/fixtures/consumer-extension; the test host records it as allowed, as a user's "Allow" would).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CodeThreatAccessTokensApi } from '../../src/features/publicApi/codeThreatAccessTokensApi';
import { DEMO_ORGANIZATION, DEMO_USERNAME } from '../emulator/emulator';
import { EXTENSION_ID, eventually, useExtensionHarness } from './support/harness';

const CONSUMER = 'codethreat-tests.codethreat-consumer';

suite('Keys for other extensions', () => {
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

  test('a grant serves another extension, which calls CodeThreat with it', async () => {
    await t.signInDemo();
    t.script({ input: 'For the consumer' }, { modal: 'Generate and Save in VS Code', message: /^An extension asks for a CodeThreat access token/ });
    await t.hooks.features.account.authProvider.createSession(['scan'], {});
    const record = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'For the consumer')!;
    t.emulator.clearRequests();
    const result = await callAsConsumer({ via: 'session' });
    assert.equal(result?.status, 200);
    assert.match(result?.account ?? '', /^For the consumer \(acme on 127\.0\.0\.1:\d+\)( #\d+)?$/);
    assert.equal(t.emulator.requests.at(-1)?.authKind, 'access');
    assert.ok(t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.id === record.id)?.lastUsedAt, 'the consumer used the key made for it');
  });

  test('the saved token is no session; a new grant is announced', async () => {
    await t.signInDemo();
    const changes: vscode.AuthenticationSessionsChangeEvent[] = [];
    const subscription = vscode.authentication.onDidChangeSessions((event) => {
      if (event.provider.id === 'codethreat') changes.push(event);
    });
    try {
      await t.generate({ name: 'my own', deliver: 'secretStorage' });
      assert.deepEqual(await t.hooks.features.account.authProvider.getSessions(undefined), [], 'the saved token stays the user’s own');
      assert.equal(await vscode.authentication.getSession('codethreat', [], { silent: true }), undefined);
      t.script({ input: 'announced' }, { modal: 'Generate and Save in VS Code' });
      const session = await t.hooks.features.account.authProvider.createSession([], {});
      await eventually(() => changes.length > 0, 'a session change event');
      const record = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'announced')!;
      assert.equal(session.accessToken, record.value);
      assert.equal((await vscode.authentication.getSession('codethreat', [], { silent: true }))?.accessToken, record.value);
    } finally {
      subscription.dispose();
    }
  });

  test('session changes are announced one after another: a slow read cannot leave a removed session announced as present', async () => {
    await t.signInDemo();
    const provider = t.hooks.features.account.authProvider;
    const connectionId = t.hooks.container.connections.active!.id;
    await provider.getSessions(); // the baseline
    const added: string[] = [];
    const removed: string[] = [];
    const subscription = provider.onDidChangeSessions((event) => {
      added.push(...(event.added ?? []).map((s) => s.id));
      removed.push(...(event.removed ?? []).map((s) => s.id));
    });
    // Reads that find a grant's key answer late: the change that made it is described after the
    // change that forgot it, unless the two are described one after the other. (The store's own
    // change events are held back, so that no later event repairs what the race left behind.)
    const raw = t.hooks.rawSecrets;
    t.hooks.setSecretStore({
      get: async (key) => {
        const value = await raw.get(key);
        if (value && key.startsWith('codethreat.grant:')) await new Promise((r) => setTimeout(r, 300));
        return value;
      },
      store: (key, value) => raw.store(key, value),
      delete: (key) => raw.delete(key),
      onDidChange: () => ({ dispose: () => undefined }),
    });
    try {
      const fields = { connectionId, scopes: [], tokenId: 'tok-overlap', name: 'overlap', created: new Date().toISOString() };
      const grant = await t.hooks.container.grants.add(fields, 'overlap', 'ct_overlapping_value_0123456789');
      await t.hooks.container.grants.forget([grant.id]);
      await eventually(() => removed.includes(grant.id), 'the removal to be announced after the addition');
      assert.deepEqual(added, [grant.id]);
      assert.deepEqual(removed, [grant.id]);
      assert.deepEqual(await provider.getSessions(), []);
    } finally {
      t.hooks.setSecretStore(undefined);
      subscription.dispose();
    }
  });

  test('createSession: a key is generated, named by the user for the extension, and kept as a grant, not as the saved token', async () => {
    await t.signInDemo();
    t.script(
      { input: 'Scanner (consumer)', prompt: /^Name the key after the extension VS Code just named/ },
      { modal: 'Generate and Save in VS Code', message: /^An extension asks for a CodeThreat access token\. Generate "Scanner \(consumer\)" for acme on / },
    );
    // VS Code asks the user first ("… wants to sign in using CodeThreat"; the test host records
    // that answer in advance), then calls the provider's createSession, as here.
    const session = await t.hooks.features.account.authProvider.createSession(['scan'], {});
    assert.equal(session.accessToken, t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'Scanner (consumer)')?.value);
    assert.deepEqual(session.scopes, ['scan']);
    assert.equal((await callAsConsumer({ via: 'session' }))?.status, 200, 'and another extension can use it');
    assert.equal(t.prompter.inputs[0].value, 'For an extension: scan', 'the default name says what was asked');
    assert.equal(await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id), undefined, 'nothing became the saved token');
    assert.deepEqual(t.prompter.modals[0].buttons, ['Generate and Save in VS Code'], 'the token is only saved: it goes to the extensions the user allows');
  });

  test('createSession, the generation declined: no token, and the asking extension gets a cancellation', async () => {
    await t.signInDemo();
    t.script({ input: 'VS Code: unwanted' }, { modal: undefined });
    await assert.rejects(t.hooks.features.account.authProvider.createSession([], {}), (error: Error) => error.name === 'Canceled' || /Cancel/i.test(error.message));
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 0);
    assert.equal(await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id), undefined);
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
