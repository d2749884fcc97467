// Key lists longer than a page, on an AppSec platform server that pages as the platform documents
// (`page`, `limit`, `pagination: {page, total}`) and keeps to 20 keys a page whatever the client
// asks for: the view, the badge and a delete see the whole list; a server whose page 2 fails
// gives a visible "Showing 20 of 45" state, never a silently short list; and every other paging
// shape (totalPages, hasNext, a next link) lists every key too.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { API_KEY_SCOPES, DEMO_ADMIN_API_KEY, DEMO_ORGANIZATION_SLUG, DEMO_PERSONAL_ORGANIZATION_SLUG, DEMO_USERNAME, demoSeed, type V1PagingStyle } from '../emulator/emulator';
import { eventually, useExtensionHarness } from './support/harness';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The keys of the organization: the signed-in key and 44 more. */
const KEY_COUNT = 45;
const PAGE = 20;

suite('Key lists in pages (AppSec platform)', () => {
  const t = useExtensionHarness();
  const tree = () => t.hooks.features.tokens.tree;
  const treeView = () => t.hooks.features.tokens.treeView;
  const model = () => t.hooks.container.lists.get(t.hooks.container.connections.active!.id);

  /**
   * The organization holds exactly 45 keys: the signed-in one, then 44 created 200 days ago and
   * never used (stale: each needs attention), in that order; the server answers 20 a page.
   */
  setup(() => {
    const seed = demoSeed();
    const demo = seed.v1!.users.find((user) => user.email === DEMO_USERNAME)!;
    demo.apiKeys = [{ name: 'Signed-in key', organizationSlug: DEMO_ORGANIZATION_SLUG, scopes: [...API_KEY_SCOPES], value: DEMO_ADMIN_API_KEY }];
    t.emulator.reset(seed);
    t.emulator.addApiKeys(DEMO_USERNAME, KEY_COUNT - 1, { organizationSlug: DEMO_ORGANIZATION_SLUG, namePrefix: 'paged', createdAt: new Date(Date.now() - 200 * DAY_MS) });
    t.emulator.faults.pageSize(PAGE);
  });

  const listRequests = () => t.emulator.requests.filter((r) => r.path === '/api/v1/api-keys');

  test('45 keys in three pages: all listed in the view and counted in the badge; one from page 3 deleted', async () => {
    await t.signInAppsec();
    const nodes = await t.tokenNodes();
    assert.equal(nodes.length, KEY_COUNT);
    assert.deepEqual([...new Set(listRequests().map((r) => `page ${r.query.page ?? '1'}, limit ${r.query.limit}`))].sort(), ['page 1, limit 100', 'page 2, limit 100', 'page 3, limit 100']);
    await eventually(() => treeView().badge?.value === KEY_COUNT - 1, 'the badge counts the stale keys of every page');
    assert.equal(treeView().message, undefined, 'a whole list says nothing about being partial');

    // The 41st key sits on page 3.
    const onPage3 = t.emulator.apiKeysOf(DEMO_USERNAME).filter((k) => k.organizationSlug === DEMO_ORGANIZATION_SLUG)[40];
    const node = nodes.find((n) => n.token.id === onPage3.id);
    assert.ok(node, 'the 41st key is in the view');
    t.script({ modal: 'Delete', message: new RegExp(`"${onPage3.name}"`) });
    assert.deepEqual(await vscode.commands.executeCommand('codethreat.tokens.delete', node), { id: onPage3.id, name: onPage3.name, deletedNow: true });
    assert.equal(t.emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.id === onPage3.id)?.status, 'revoked');
    assert.ok(!(await t.tokenNodes()).some((n) => n.token.id === onPage3.id));
    await eventually(() => treeView().badge?.value === KEY_COUNT - 2, 'the badge counts one fewer');
  });

  test('page 2 failing: the view says "Showing 20 of 45", and so does every count; a refresh that reads it all clears it', async () => {
    await t.signInAppsec();
    t.emulator.faults.status(503, { match: { path: '/api/v1/api-keys', query: { page: '2' }, count: Infinity } });
    t.script();
    await vscode.commands.executeCommand('codethreat.tokens.refresh');
    assert.equal(model().status, 'ready');
    assert.equal((await t.tokenNodes()).length, PAGE);
    await eventually(() => /^Showing 20 of 45 tokens: page 2 of the list could not be read\. /.test(treeView().message ?? ''), `the view says how much it shows (${treeView().message})`);
    const badge = treeView().badge;
    assert.equal(badge?.value, PAGE - 1, 'the stale keys of the first page');
    assert.match(badge?.tooltip ?? '', /in the part of the list that could be read/);

    t.emulator.faults.clear();
    t.emulator.faults.pageSize(PAGE);
    await vscode.commands.executeCommand('codethreat.tokens.refresh');
    assert.equal((await t.tokenNodes()).length, KEY_COUNT);
    await eventually(() => treeView().message === undefined, 'the partial state is gone');
  });

  const shapes: V1PagingStyle[] = ['pagesByTotalPages', 'pagesByHasNext', 'pagesByNextLink', 'unpaged'];
  for (const shape of shapes) {
    test(`${shape}: every key is listed`, async () => {
      t.emulator.faults.listStyle(shape);
      await t.signInAppsec();
      assert.equal((await t.tokenNodes()).length, KEY_COUNT);
      assert.equal(model().incomplete, undefined);
      // The list may be read more than once (the view asks as well): each read asks for each page once.
      assert.deepEqual([...new Set(listRequests().map((r) => r.query.page ?? '1'))].sort(), shape === 'unpaged' ? ['1'] : ['1', '2', '3']);
    });
  }

  test('a saved key on a page that could not be read is not taken for deleted', async () => {
    await t.signInAppsec();
    await t.generate({ name: 'saved on page 3', deliver: 'secretStorage', scopes: ['scan:read'], expiresInDays: 30 });
    const connectionId = t.hooks.container.connections.active!.id;
    assert.equal((await t.hooks.container.connections.savedTokenInfo(connectionId))?.id, t.emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.name === 'saved on page 3')?.id);
    t.emulator.faults.status(503, { match: { path: '/api/v1/api-keys', query: { page: '3' }, count: Infinity } });
    await vscode.commands.executeCommand('codethreat.tokens.refresh');
    assert.equal(model().incomplete?.read, 2 * PAGE);
    assert.equal(model().incomplete?.total, KEY_COUNT + 1);
    // What the list's listeners do runs after it; a second read of the saved key comes after theirs.
    await t.hooks.container.connections.savedTokenInfo(connectionId);
    await t.hooks.container.connections.savedTokenInfo(connectionId);
    assert.notEqual(t.hooks.container.health.get(connectionId), 'revoked');
  });

  test('with several connections, the connection node says its list is partial', async () => {
    await t.signInAppsec();
    assert.ok(await t.signIn({ apiKey: DEMO_ADMIN_API_KEY, organization: DEMO_PERSONAL_ORGANIZATION_SLUG, username: undefined, password: undefined }));
    const appsec = t.hooks.container.connections.connections().find((c) => c.organization === DEMO_ORGANIZATION_SLUG)!;
    t.emulator.faults.status(503, { match: { path: '/api/v1/api-keys', query: { page: '3' }, count: Infinity } });
    await t.hooks.container.lists.get(appsec.id).refresh();
    const node = (await tree().getChildren()).find((n) => n.type === 'connection' && n.connectionId === appsec.id)!;
    assert.match(String(tree().getTreeItem(node).description), /Showing 40 of 45 tokens: page 3 of the list could not be read\./);
  });
});
