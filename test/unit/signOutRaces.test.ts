// What a sign-out leaves behind when answers arrive late: a connection's id comes back with the
// next sign-in to the same server and organization, and nothing learned before the sign-out may
// come back with it. Real clients against the emulator; the late answers are made late by its
// latency fault, and each test awaits the event it is about (no timing assumptions).
import * as assert from 'node:assert/strict';
import { createClientFactory } from '../../src/core/api/clientFactory';
import { isApiError } from '../../src/core/api/errors';
import { ConnectionService } from '../../src/core/connections/connectionService';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { SecretVault } from '../../src/core/connections/secretVault';
import type { LogSink } from '../../src/core/ports';
import { SavedTokenHealth, trackSavedTokenHealth } from '../../src/core/tokens/savedTokenHealth';
import { TokenLists } from '../../src/core/tokens/tokenLists';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import { memorySecrets, memoryState, testSettings } from './support/memoryPorts';

const quiet: LogSink = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

suite('sign-out races', () => {
  let emulator: RunningEmulator;
  let service: ConnectionService;
  let lists: TokenLists;

  suiteSetup(async () => {
    emulator = await startEmulator();
  });
  suiteTeardown(() => emulator.close());
  setup(() => {
    emulator.reset();
    const store = new ConnectionStore(memoryState(), new SecretVault(memorySecrets()));
    service = new ConnectionService(store, createClientFactory(testSettings, 'unit-tests', quiet), () => ({ dispose: () => undefined }));
    lists = new TokenLists(service);
  });
  teardown(() => (lists.dispose(), service.dispose()));

  async function signIn(credential?: string): Promise<string> {
    const session = credential ?? (await service.authenticate(emulator.url, { username: DEMO_USERNAME, password: DEMO_PASSWORD }));
    return (await service.completeSignIn(emulator.url, DEMO_ORGANIZATION, session, {})).id;
  }

  test('an announcement read while this window writes the list does not undo its sign-in (a late echo of an earlier write)', async () => {
    // The list's secret is written last in a sign-in; hold that write back.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const secrets = memorySecrets();
    secrets.values.set('codethreat.connectionList', '[]'); // what an earlier sign-out announced
    const store = secrets.store;
    secrets.store = async (key, value) => {
      if (key === 'codethreat.connectionList') await held;
      return store(key, value);
    };
    const gated = new ConnectionService(new ConnectionStore(memoryState(), new SecretVault(secrets)), createClientFactory(testSettings, 'unit-tests', quiet), () => ({ dispose: () => undefined }));
    const changes: string[] = [];
    gated.onDidChange((change) => changes.push(change.kind));
    try {
      const session = await gated.authenticate(emulator.url, { username: DEMO_USERNAME, password: DEMO_PASSWORD });
      const signingIn = gated.completeSignIn(emulator.url, DEMO_ORGANIZATION, session, {});
      // The credential is stored, the list is being written.
      while (![...secrets.values.keys()].some((key) => key.startsWith('codethreat.credential:'))) await new Promise((r) => setTimeout(r, 5));
      const echo = gated.secretChanged('codethreat.connectionList');
      release();
      const { id } = await signingIn;
      await echo;
      assert.deepEqual(changes, ['signedIn']);
      assert.deepEqual(gated.connections().map((c) => c.id), [id]);
    } finally {
      gated.dispose();
    }
  });

  test('a client asked for just before a sign-out is not handed out after it: the credential is not used again', async () => {
    const id = await signIn();
    const asked = service.client(id);
    const signingOut = service.signOut(id);
    assert.equal(await asked, undefined, 'signed out: no client, so no request with the old credential');
    await signingOut;
  });

  test('a list still loading at sign-out is aborted and does not come back with the next sign-in', async () => {
    const id = await signIn();
    emulator.clearRequests();
    emulator.faults.latency(200, { path: '/api/accesstoken/list' });
    const before = lists.get(id);
    const loading = before.refresh().then(
      () => 'answered',
      (error: unknown) => (isApiError(error, 'cancelled') ? 'cancelled' : `failed: ${String(error)}`),
    );
    // The request is on its way (the emulator has it and holds the answer back) when the user signs out.
    while (emulator.countRequests({ path: '/api/accesstoken/list' }) === 0) await new Promise((r) => setTimeout(r, 5));
    await service.signOut(id);
    // The next sign-in to the same connection, with a credential that sees one token only.
    for (const record of emulator.tokensOf(DEMO_USERNAME)) emulator.revoke(record.id);
    const { value } = emulator.issueAccessToken(DEMO_USERNAME, 'after the sign-out');
    assert.equal(await signIn(value), id, 'the same connection id comes back');
    assert.equal(await loading, 'cancelled', 'the old request was aborted at the sign-out');
    const after = lists.get(id);
    assert.notEqual(after, before);
    assert.equal(after.status, 'notLoaded', 'nothing from before the sign-out');
    await after.settled();
    assert.deepEqual(
      after.tokens.map((t) => t.name),
      ['after the sign-out'],
    );
  });

  test('a connection that is not signed in gets no list that outlives the question', async () => {
    const id = await signIn();
    await service.signOut(id);
    const asked = lists.get(id);
    assert.notEqual(lists.get(id), asked, 'not kept');
    await asked.settled();
    assert.equal(asked.status, 'error', 'not signed in');
    await signIn();
    assert.equal(lists.get(id).status, 'notLoaded');
  });

  test('the first load is joined, not read while it runs: a reader after it sees the list, with one request', async () => {
    const id = await signIn();
    emulator.clearRequests();
    emulator.faults.latency(100, { path: '/api/accesstoken/list' });
    const model = lists.get(id);
    void model.refresh(); // e.g. VS Code asking for the view's items
    await model.settled(); // e.g. the duplicate-name check
    assert.equal(model.tokens.length, 5);
    assert.equal(emulator.countRequests({ path: '/api/accesstoken/list' }), 1);
  });

  test('what was known of the saved token does not survive a sign-out', async () => {
    const health = new SavedTokenHealth();
    const tracking = trackSavedTokenHealth(service, lists, health);
    try {
      const id = await signIn();
      health.set(id, 'revoked');
      await service.signOut(id);
      assert.equal(health.get(id), 'unknown');
    } finally {
      tracking.dispose();
      health.dispose();
    }
  });
});
