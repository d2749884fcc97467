import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionNode, TokenNode } from '../../src/features/tokens/view/tokenTreeItem';
import { startEmulator } from '../emulator/emulator';
import { useExtensionHarness } from './support/harness';

suite('Several connections', () => {
  const t = useExtensionHarness();

  async function signInTo(organization: string) {
    const result = await t.signIn({ organization });
    assert.ok(result, t.prompter.messages('error').join(' / '));
  }

  test('with two connections the view groups tokens under a node per connection', async () => {
    await signInTo('acme');
    await signInTo('acme-labs');
    const tree = t.hooks.features.tokens.tree;
    const top = (await tree.getChildren()) as ConnectionNode[];
    assert.deepEqual(top.map((n) => n.type), ['connection', 'connection']);
    const items = top.map((n) => tree.getTreeItem(n));
    assert.deepEqual(items.map((i) => i.label), ['acme', 'acme-labs']);
    assert.equal(items[0].contextValue, 'connection');
    assert.equal(items[0].collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.match(String(items[0].description), /^127\.0\.0\.1:\d+$/);
    const children = (await tree.getChildren(top[1])) as TokenNode[];
    assert.equal(children.length, 5);
    assert.equal(children[0].connectionId, top[1].connectionId);
    assert.deepEqual(tree.getParent(children[0]), top[1]);
  });

  test('palette commands ask which connection; a connection node passes itself', async () => {
    await signInTo('acme');
    await signInTo('acme-labs');
    const [, labs] = t.hooks.container.connections.connections();
    t.script({ pick: 'acme-labs' }, { modal: 'Generate and Save in VS Code' });
    const generated = await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'labs token', deliver: 'secretStorage' });
    assert.ok(generated);
    assert.deepEqual(t.prompter.picks[0].labels, ['acme', 'acme-labs']);
    assert.equal((await t.hooks.container.connections.savedToken(labs.id))?.name, 'labs token');

    // From the connection node's inline action: no question.
    t.script();
    const node: ConnectionNode = { type: 'connection', connectionId: labs.id };
    assert.ok(await t.generate({ ...node, name: 'inline', deliver: 'clipboard' }));
    assert.equal(t.prompter.picks.length, 0);
  });

  test('secrets are kept per connection, and signing out of one leaves the others alone', async () => {
    await signInTo('acme');
    await signInTo('acme-labs');
    const [acme, labs] = t.hooks.container.connections.connections();
    await t.generate({ connectionId: acme.id, name: 'for acme', deliver: 'secretStorage' });
    await t.generate({ connectionId: labs.id, name: 'for labs', deliver: 'secretStorage' });
    assert.equal((await t.hooks.container.connections.savedToken(acme.id))?.name, 'for acme');
    assert.equal((await t.hooks.container.connections.savedToken(labs.id))?.name, 'for labs');

    await t.signOut({ connectionId: acme.id, forgetSavedToken: true });
    assert.deepEqual(t.hooks.container.connections.connections().map((c) => c.organization), ['acme-labs']);
    assert.equal(await t.hooks.container.connections.savedToken(acme.id), undefined);
    assert.equal((await t.hooks.container.connections.savedToken(labs.id))?.name, 'for labs');
    assert.ok(await t.hooks.container.connections.client(labs.id));
    // Back to one connection: tokens at the top level again.
    assert.equal((await t.hooks.features.tokens.tree.getChildren())[0].type, 'token');
  });

  test('server-supplied text in a connection tooltip is shown as text, not Markdown', async () => {
    const crafted = await startEmulator({ apiVersion: '9.9 [Open](command:codethreat.signOut) **bold**' });
    try {
      for (const organization of ['acme', 'acme-labs']) assert.ok(await t.signIn({ serverUrl: crafted.url, organization }), t.prompter.messages('error').join(' / '));
      const tree = t.hooks.features.tokens.tree;
      const [node] = (await tree.getChildren()) as ConnectionNode[];
      const tooltip = (tree.getTreeItem(node).tooltip as vscode.MarkdownString).value;
      // Every Markdown character escaped, and `](` apart: neither a link nor bold.
      assert.ok(tooltip.includes('Server version 9\\.9 \\[Open\\] \\(command\\:codethreat\\.signOut\\) \\*\\*bold\\*\\*'), tooltip);
      assert.ok(!tooltip.includes('](command:'), 'no live command link');
    } finally {
      await crafted.close();
    }
  });

  test('refresh from the title bar reloads every connection with one request each', async () => {
    await signInTo('acme');
    await signInTo('acme-labs');
    t.emulator.clearRequests();
    assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.refresh'), { count: 10 });
    assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/list' }), 2);
  });
});
