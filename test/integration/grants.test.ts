// One key per grant: every session the `codethreat` authentication provider hands out is a key
// generated for that request, with exactly the scopes asked for, as a VS Code account of its own
// (VS Code's consent is per account). Two extensions asking for different scopes get two keys; no
// session holds scopes beyond those asked; the saved token is never a session.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_USERNAME } from '../emulator/emulator';
import { eventually, useExtensionHarness } from './support/harness';

const GENERATE_FOR_EXTENSION = { modal: 'Generate and Save in VS Code', message: /^An extension asks for a CodeThreat access token/ };

suite('One key per grant', () => {
  const t = useExtensionHarness();
  const provider = () => t.hooks.features.account.authProvider;
  const grants = () => t.hooks.container.grants;
  const serverKey = (name: string) => t.emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.name === name);

  /** What VS Code does once its own dialog named the extension: the provider's createSession. */
  async function grant(name: string, scopes: string[]): Promise<vscode.AuthenticationSession> {
    t.script({ input: name }, GENERATE_FOR_EXTENSION);
    return provider().createSession(scopes, {});
  }

  async function viewItem(name: string) {
    const tree = t.hooks.features.tokens.tree;
    const node = (await t.tokenNodes()).find((n) => n.token.name === name);
    assert.ok(node, `the view lists "${name}"`);
    const item = tree.getTreeItem(node);
    const tooltip = tree.resolveTreeItem(item, node).tooltip as vscode.MarkdownString;
    return { description: String(item.description), tooltip: tooltip.value };
  }

  test('a grant is a key of its own: exactly the scopes asked, named after the extension, and the saved token stays as it was', async () => {
    await t.signInAppsec();
    await t.generate({ name: 'my own', deliver: 'secretStorage', scopes: ['scan:read'], expiresInDays: 30 });
    t.script({ input: 'Extension A' }, GENERATE_FOR_EXTENSION);
    const session = await provider().createSession(['scan:read'], {});
    assert.equal(t.prompter.inputs[0].value, 'For an extension: scan:read', 'the default name says what was asked');
    assert.match(t.prompter.inputs[0].prompt ?? '', /Name the key after the extension VS Code just named/);
    assert.doesNotMatch(t.prompter.modals[0].detail, /replaces/, 'the consent does not speak of replacing anything');
    assert.match(t.prompter.modals[0].detail, /Your saved token is not replaced/);
    assert.equal(session.accessToken, serverKey('Extension A')?.value);
    assert.notEqual(session.accessToken, serverKey('my own')?.value);
    assert.deepEqual(session.scopes, ['scan:read']);
    assert.equal(session.account.id, session.id, 'each grant is its own account');
    assert.match(session.account.label, /^Extension A \(acme on 127\.0\.0\.1:\d+\)( #\d+)?$/);
    const saved = await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id);
    assert.equal(saved?.name, 'my own', 'the saved token is still the user’s own');
    const sessions = await provider().getSessions(undefined);
    assert.deepEqual(
      sessions.map((s) => s.id),
      [session.id],
      'the saved token is no session',
    );
    assert.ok(!JSON.stringify(t.hooks.stateDump()).includes(session.accessToken), 'no value in global or workspace state');
  });

  test('two grants with different scope sets get two keys; each request gets exactly its own scopes, never a broader key', async () => {
    await t.signInAppsec();
    const a = await grant('Extension A', ['scan:read']);
    const b = await grant('Extension B', ['scan:read', 'api-key:write']);
    const keyA = serverKey('Extension A')!;
    const keyB = serverKey('Extension B')!;
    assert.notEqual(keyA.id, keyB.id, 'two keys');
    assert.deepEqual(keyA.scopes, ['scan:read'], 'A’s key still holds only scan:read after B’s grant');
    assert.deepEqual([...keyB.scopes].sort(), ['api-key:write', 'scan:read']);
    assert.notEqual(a.account.label, b.account.label, 'two accounts: VS Code asks for each');

    assert.deepEqual((await provider().getSessions(['scan:read'])).map((s) => s.accessToken), [keyA.value], 'scan:read gets A’s key, not B’s broader one');
    assert.deepEqual((await provider().getSessions(['api-key:write', 'scan:read'])).map((s) => s.accessToken), [keyB.value], 'order does not matter');
    assert.deepEqual(await provider().getSessions(['api-key:write']), [], 'a subset of B’s scopes gets nothing');
    assert.deepEqual(await provider().getSessions(['scan:read', 'violation:read']), [], 'scopes no grant was made for get nothing');
    assert.deepEqual(await provider().getSessions(['scan:read'], { account: { id: b.account.id, label: b.account.label } }), [], 'B’s account holds no scan:read-only key');
    for (const session of await provider().getSessions(undefined)) {
      const key = t.emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.value === session.accessToken)!;
      assert.deepEqual([...key.scopes].sort(), [...session.scopes].sort(), `${session.account.label}: the key holds exactly the scopes its session reports`);
    }
  });

  test('a silent request from A’s account for B’s scopes gets nothing: B’s key is on B’s account only', async () => {
    await t.signInAppsec();
    const a = await grant('Extension A', ['scan:read']);
    const b = await grant('Extension B', ['scan:read', 'api-key:write']);
    // VS Code asks with the account the extension is allowed on (its preference); the browser test
    // "A's silent request for B's scopes gets nothing" checks VS Code's own decision end to end.
    assert.deepEqual(await provider().getSessions(['scan:read', 'api-key:write'], { account: a.account }), []);
    const forB = await provider().getSessions(['scan:read', 'api-key:write']);
    assert.deepEqual(
      forB.map((s) => s.account.id),
      [b.account.id],
      'the only session for B’s scopes is on B’s account, which VS Code offers only to extensions allowed on it',
    );
  });

  test('revoking one grant’s key (Delete in the view) forgets that grant, announces it, and leaves the other', async () => {
    await t.signInAppsec();
    const a = await grant('Extension A', ['scan:read']);
    const b = await grant('Extension B', ['scan:read', 'api-key:write']);
    const removed: string[] = [];
    const subscription = provider().onDidChangeSessions((e) => removed.push(...(e.removed ?? []).map((s) => s.id)));
    try {
      const node = (await t.tokenNodes()).find((n) => n.token.name === 'Extension B')!;
      t.script({ modal: 'Delete', message: /^Delete the access token "Extension B"\?/ });
      await vscode.commands.executeCommand('codethreat.tokens.delete', node);
      assert.match(t.prompter.modals[0].detail, /the extensions allowed on the account "Extension B \(acme on [^"]+\)( #\d+)?" lose it/);
      await eventually(() => removed.includes(b.id), 'B’s session to be announced removed');
      assert.deepEqual(removed, [b.id]);
      assert.deepEqual((await provider().getSessions(undefined)).map((s) => s.id), [a.id]);
      assert.equal((await provider().getSessions(['scan:read']))[0]?.accessToken, serverKey('Extension A')?.value, 'A keeps its key');
      assert.equal(serverKey('Extension A')?.status, 'active');
      assert.equal(await grants().value(b.id), undefined, 'B’s value is gone from secret storage');
    } finally {
      subscription.dispose();
    }
  });

  test('Sign Out of a grant’s account (Accounts menu) forgets that grant and offers to delete its key', async () => {
    await t.signInAppsec();
    const a = await grant('Extension A', ['scan:read']);
    const b = await grant('Extension B', ['scan:write']);
    t.script({ modal: 'Delete', message: /^Delete the access token "Extension B"\?/ });
    // VS Code's Accounts menu is what calls removeSession; here the test calls it directly.
    await provider().removeSession(b.id);
    assert.match(t.prompter.modals[0].detail, /VS Code no longer keeps this token, but it still works/);
    assert.notEqual(serverKey('Extension B')?.status, 'active', 'deleted on the server');
    assert.deepEqual((await provider().getSessions(undefined)).map((s) => s.id), [a.id]);
  });

  test('a key revoked on the server: its grant goes with the next list', async () => {
    await t.signInAppsec();
    const a = await grant('Extension A', ['scan:read']);
    const b = await grant('Extension B', ['scan:write']);
    t.emulator.revoke(serverKey('Extension B')!.id);
    await vscode.commands.executeCommand('codethreat.tokens.refresh');
    await eventually(() => !grants().find(b.id), 'B’s grant to be forgotten');
    assert.deepEqual((await provider().getSessions(undefined)).map((s) => s.id), [a.id]);
  });

  test('signing out of the connection forgets its grants, values too, and announces their sessions removed', async () => {
    await t.signInAppsec();
    const a = await grant('Extension A', ['scan:read']);
    const b = await grant('Extension B', ['scan:write']);
    const removed: string[] = [];
    const subscription = provider().onDidChangeSessions((e) => removed.push(...(e.removed ?? []).map((s) => s.id)));
    try {
      await t.signOut();
      assert.match(t.prompter.modals.at(-1)!.detail, /VS Code also forgets the keys it generated for other extensions \("Extension A \(acme on [^"]+\)( #\d+)?", "Extension B/);
      await eventually(() => removed.length === 2, 'both sessions to be announced removed');
      assert.deepEqual(removed.sort(), [a.id, b.id].sort());
      assert.deepEqual(grants().all(), []);
      assert.equal(await t.hooks.rawSecrets.get(`codethreat.grant:${a.id}`), undefined);
      assert.equal(await t.hooks.rawSecrets.get(`codethreat.grant:${b.id}`), undefined);
      assert.equal(serverKey('Extension A')?.status, 'active', 'nothing is deleted on the server: the modal said so');
    } finally {
      subscription.dispose();
    }
  });

  test('the view lists each key with whom it serves, and says who uses it', async () => {
    await t.signInAppsec();
    await grant('Extension A', ['scan:read']);
    await grant('Extension B', ['scan:read', 'api-key:write']);
    await t.generate({ name: 'my own', deliver: 'secretStorage', scopes: ['scan:read'], expiresInDays: 30 });
    await eventually(async () => (await viewItem('Extension A')).description.startsWith('for: Extension A'), 'A’s row to say whom it serves');
    assert.match((await viewItem('Extension B')).description, /^for: Extension B · /);
    assert.doesNotMatch((await viewItem('my own')).description, /for:/);
    assert.match((await viewItem('Extension A')).tooltip, /the extensions allowed on the account "Extension A \\\(acme on [^"]+\\\)( \\#\d+)?" use it \(Accounts menu → Manage Trusted Extensions\)/);
  });

  test('classic: one key per grant too, each session for exactly the scopes asked', async () => {
    await t.signInDemo();
    await t.generate({ name: 'my own', deliver: 'secretStorage' });
    const first = await grant('Extension A', ['scan']);
    const second = await grant('Extension B', []);
    const tokens = t.emulator.tokensOf(DEMO_USERNAME);
    assert.equal(first.accessToken, tokens.find((r) => r.name === 'Extension A')?.value);
    assert.equal(second.accessToken, tokens.find((r) => r.name === 'Extension B')?.value);
    assert.deepEqual((await provider().getSessions(['scan'])).map((s) => s.id), [first.id]);
    assert.deepEqual((await provider().getSessions([])).map((s) => s.id), [second.id]);
    assert.deepEqual((await provider().getSessions(['scan', 'more'])).length, 0);
    assert.equal((await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id))?.name, 'my own');
  });

  test('the exported API hands out no grant value', async () => {
    await t.signInAppsec();
    const session = await grant('Extension A', ['scan:read']);
    const api = (await vscode.extensions.getExtension<Record<string, unknown>>('codethreat.codethreat-access-tokens')!.activate())!;
    assert.deepEqual(Object.keys(api).filter((key) => key !== 'testing').sort(), ['getConnections', 'onDidChangeToken', 'version'], 'nothing new that could hand out a value');
    const seen = await (api.getConnections as () => Promise<unknown>)();
    assert.ok(!JSON.stringify(seen).includes(session.accessToken));
  });
});
