// An environment credential is bound to the environment it was imported from: the key and the
// server variable are read again before every use, and a difference means no request at all.
// The rule on its own, then ConnectionService with a real client against the emulator.
import * as assert from 'node:assert/strict';
import { createClientFactory } from '../../src/core/api/clientFactory';
import type { Connection } from '../../src/core/connections/connection';
import { ConnectionService } from '../../src/core/connections/connectionService';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { bindEnvironment, EnvironmentChangedError, environmentCredential, type EnvironmentChange } from '../../src/core/connections/environmentBinding';
import { SecretVault } from '../../src/core/connections/secretVault';
import { TokenLists } from '../../src/core/tokens/tokenLists';
import type { LogSink } from '../../src/core/ports';
import { DEMO_ORGANIZATION, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import { memorySecrets, memoryState, testSettings } from './support/memoryPorts';

const quiet: LogSink = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const KEY = 'ct_imported_key_0123456789abcdef';
const SERVER = 'https://app.codethreat.com';

function connectionWith(binding = bindEnvironment(KEY, 'CT_SERVER_URL', SERVER)): Connection {
  return { id: `${SERVER}|acme`, serverUrl: SERVER, organization: 'acme', authMethod: 'token', environmentVariable: 'CT_API_KEY', environmentBinding: binding };
}

function changeOf(read: () => unknown): EnvironmentChange | 'none' {
  try {
    read();
    return 'none';
  } catch (error) {
    assert.ok(error instanceof EnvironmentChangedError, String(error));
    return error.change;
  }
}

suite('environment binding', () => {
  test('keeps digests only, never the key or the server address', () => {
    const binding = bindEnvironment(KEY, 'CT_SERVER_URL', SERVER);
    const kept = JSON.stringify(binding);
    assert.ok(!kept.includes(KEY) && !kept.includes(SERVER), kept);
    assert.equal(binding.serverVariable, 'CT_SERVER_URL');
    assert.equal(bindEnvironment(KEY, 'CT_SERVER_URL', undefined).serverDigest, null, 'an unset server variable is recorded as unset');
  });

  test('the same key and server: the key; surrounding white space is not a change', () => {
    assert.equal(environmentCredential(connectionWith(), 'CT_API_KEY', { CT_API_KEY: ` ${KEY}\n`, CT_SERVER_URL: SERVER }), KEY);
    const noServer = connectionWith(bindEnvironment(KEY, 'CT_SERVER_URL', undefined));
    assert.equal(environmentCredential(noServer, 'CT_API_KEY', { CT_API_KEY: KEY, CT_SERVER_URL: '  ' }), KEY);
  });

  test('another key, another server, a server set or unset since: each is a change, named', () => {
    const connection = connectionWith();
    assert.equal(changeOf(() => environmentCredential(connection, 'CT_API_KEY', { CT_API_KEY: 'ct_other_key', CT_SERVER_URL: SERVER })), 'key');
    assert.equal(changeOf(() => environmentCredential(connection, 'CT_API_KEY', { CT_API_KEY: KEY, CT_SERVER_URL: 'https://ct.internal' })), 'server');
    assert.equal(changeOf(() => environmentCredential(connection, 'CT_API_KEY', { CT_API_KEY: KEY })), 'server');
    const noServer = connectionWith(bindEnvironment(KEY, 'CT_SERVER_URL', undefined));
    assert.equal(changeOf(() => environmentCredential(noServer, 'CT_API_KEY', { CT_API_KEY: KEY, CT_SERVER_URL: SERVER })), 'server');
  });

  test('the variable unset: no credential, as before (not a change); a connection imported without a binding: asked to import again', () => {
    assert.equal(environmentCredential(connectionWith(), 'CT_API_KEY', { CT_SERVER_URL: SERVER }), undefined);
    const { environmentBinding: _none, ...unbound } = connectionWith();
    assert.equal(changeOf(() => environmentCredential(unbound, 'CT_API_KEY', { CT_API_KEY: KEY, CT_SERVER_URL: SERVER })), 'unbound');
  });
});

suite('ConnectionService: an environment connection in a changed environment', () => {
  let emulator: RunningEmulator;
  let service: ConnectionService;
  const saved: Record<string, string | undefined> = {};

  suiteSetup(async () => {
    emulator = await startEmulator();
  });
  suiteTeardown(() => emulator.close());
  setup(() => {
    emulator.reset();
    for (const name of ['CT_TOKEN', 'CT_BASE_URL']) saved[name] = process.env[name];
    const store = new ConnectionStore(memoryState(), new SecretVault(memorySecrets()));
    service = new ConnectionService(store, createClientFactory(testSettings, 'unit-tests', quiet), () => ({ dispose: () => undefined }));
  });
  teardown(() => {
    service.dispose();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function importFromEnvironment(): Promise<string> {
    const { value } = emulator.issueAccessToken(DEMO_USERNAME, 'from the environment');
    process.env.CT_TOKEN = value;
    process.env.CT_BASE_URL = emulator.url;
    const binding = bindEnvironment(value, 'CT_BASE_URL', emulator.url);
    return (await service.completeSignIn(emulator.url, DEMO_ORGANIZATION, value, { environmentVariable: 'CT_TOKEN', environmentBinding: binding })).id;
  }

  test('the environment as imported: the client lists', async () => {
    const id = await importFromEnvironment();
    const client = await service.client(id);
    assert.ok(client);
    await client.listAccessTokens();
  });

  test('imported again with this environment: the failed list starts afresh, with the new key', async () => {
    const id = await importFromEnvironment();
    const lists = new TokenLists(service);
    try {
      const another = emulator.issueAccessToken(DEMO_USERNAME, 'another window').value;
      process.env.CT_TOKEN = another;
      await assert.rejects(lists.get(id).refresh(), EnvironmentChangedError);
      await service.completeSignIn(emulator.url, DEMO_ORGANIZATION, another, {
        environmentVariable: 'CT_TOKEN',
        environmentBinding: bindEnvironment(another, 'CT_BASE_URL', emulator.url),
      });
      const model = lists.get(id);
      assert.equal(model.status, 'notLoaded');
      await model.refresh();
      assert.ok(model.tokens.some((token) => token.name === 'another window'));
    } finally {
      lists.dispose();
    }
  });

  for (const [what, change] of [
    ['another key', () => (process.env.CT_TOKEN = emulator.issueAccessToken(DEMO_USERNAME, 'another window').value)],
    ['another server', () => (process.env.CT_BASE_URL = 'https://ct.internal')],
  ] as const) {
    test(`${what}: no client is handed out, not even the one built at the import, and no request is made`, async () => {
      const id = await importFromEnvironment();
      change();
      const newKey = process.env.CT_TOKEN!;
      emulator.clearRequests();
      await assert.rejects(service.client(id), EnvironmentChangedError);
      // A second ask is checked again (the failure is not cached into a client).
      await assert.rejects(service.client(id), EnvironmentChangedError);
      assert.equal(emulator.countRequests(), 0);
      assert.equal(emulator.countRequests({ carrying: newKey }), 0);
    });
  }
});
