// The token list model over a real client and the emulator: coalescing, local changes that a
// slower refresh cannot undo, and unchanged tokens keeping their objects across refreshes (the
// client's doing).
import * as assert from 'node:assert/strict';
import { ClassicClient as CodeThreatClient } from '../../src/core/api/classic/classicClient';
import { TokenListModel } from '../../src/core/tokens/tokenListModel';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';

suite('TokenListModel', () => {
  let emulator: RunningEmulator;
  let model: TokenListModel;

  suiteSetup(async () => {
    emulator = await startEmulator();
  });
  suiteTeardown(() => emulator.close());
  setup(async () => {
    emulator.reset();
    // A session, not an access token: an access token in the list changes (its last use) with
    // every request it makes, a session does not.
    const session = await new CodeThreatClient({ serverUrl: emulator.url, organization: '', userAgent: 't' }).signIn(DEMO_USERNAME, DEMO_PASSWORD);
    const client = new CodeThreatClient({ serverUrl: emulator.url, organization: DEMO_ORGANIZATION, credential: session, userAgent: 't' });
    model = new TokenListModel(async () => client);
    emulator.clearRequests();
  });

  test('concurrent refreshes share one request', async () => {
    emulator.faults.latency(50);
    await Promise.all([model.refresh(), model.refresh(), model.refresh()]);
    assert.equal(emulator.countRequests({ path: '/api/accesstoken/list' }), 1);
    assert.equal(model.status, 'ready');
    assert.equal(model.tokens.length, 5);
  });

  test('an access token used as the credential changes the list each time; the other tokens keep their objects', async () => {
    const { value } = emulator.issueAccessToken(DEMO_USERNAME, 'model credential');
    // One client, as the connection service keeps one per connection: it keeps the objects.
    const byTokenClient = new CodeThreatClient({ serverUrl: emulator.url, organization: DEMO_ORGANIZATION, credential: value, userAgent: 't' });
    const byToken = new TokenListModel(async () => byTokenClient);
    await byToken.refresh();
    const first = byToken.tokens;
    await new Promise((r) => setTimeout(r, 5));
    await byToken.refresh();
    assert.notEqual(byToken.tokens, first);
    const changed = byToken.tokens.filter((t) => !first.includes(t)).map((t) => t.name);
    assert.deepEqual(changed, ['model credential']);
  });

  test('an unchanged list keeps its array; a changed one keeps the objects of unchanged tokens', async () => {
    await model.refresh();
    const first = model.tokens;
    await model.refresh();
    assert.equal(model.tokens, first, 'same answer, same array: nothing to re-render');
    emulator.issueAccessToken(DEMO_USERNAME, 'newcomer');
    await model.refresh();
    assert.notEqual(model.tokens, first);
    const releaseBot = first.find((t) => t.name === 'Release bot');
    assert.equal(model.tokens.find((t) => t.name === 'Release bot'), releaseBot, 'unchanged token, same object');
    assert.ok(model.tokens.some((t) => t.name === 'newcomer'));
  });

  test('a token created here and deleted elsewhere is gone after a refresh, even when the answer equals an earlier one', async () => {
    await model.refresh();
    const created = await model.create({ name: 'short-lived' });
    emulator.revoke(created.id); // the server's list is now exactly what the first refresh got
    await model.refresh();
    assert.equal(model.find(created.id), undefined);
    assert.equal(model.tokens.length, 5);
  });

  test('a token whose last use changed gets a new object', async () => {
    await model.refresh();
    const before = model.tokens.find((t) => t.name === 'Release bot')!;
    const record = emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'Release bot')!;
    await fetch(`${emulator.url}/api/organization?key=acme`, { headers: { authorization: `Bearer ${record.value}`, 'x-ct-organization': 'acme' } });
    await model.refresh();
    const after = model.tokens.find((t) => t.name === 'Release bot')!;
    assert.notEqual(after, before);
    assert.ok(after.lastUsedAt instanceof Date);
  });

  test('a delete that finishes during a refresh is not undone by the refresh', async () => {
    await model.refresh();
    const doomed = model.tokens.find((t) => t.name === 'Jenkins nightly')!;
    emulator.faults.latency(200, { path: '/api/accesstoken/list' });
    const refreshing = model.refresh();
    await new Promise((r) => setTimeout(r, 20));
    await model.delete(doomed);
    await refreshing;
    assert.equal(model.find(doomed.id), undefined);
  });

  test('a create that finishes during a refresh stays listed', async () => {
    await model.refresh();
    emulator.faults.latency(200, { path: '/api/accesstoken/list', method: 'GET' });
    const refreshing = model.refresh();
    await new Promise((r) => setTimeout(r, 20));
    const created = await model.create({ name: 'made meanwhile' });
    await refreshing;
    assert.ok(model.find(created.id));
    assert.ok(!('value' in model.find(created.id)!), 'the list never holds a value');
  });

  test('a failed refresh keeps the last list and marks it stale', async () => {
    await model.refresh();
    emulator.faults.status(500, { count: 2 });
    await assert.rejects(model.refresh());
    assert.equal(model.status, 'error');
    assert.ok(model.error, 'the failure is kept beside the older list');
    assert.equal(model.tokens.length, 5);
  });
});
