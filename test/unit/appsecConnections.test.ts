// Connections of both generations through the real client factory and ConnectionService, against
// the emulator: the factory picks the client by the connection's generation (classic when absent),
// sign-in, clients and saved-key checks work for both, and the probe is built from the settings.
import * as assert from 'node:assert/strict';
import { createClientFactory, createServerProbe } from '../../src/core/api/clientFactory';
import { CodeThreatApiError } from '../../src/core/api/errors';
import type { Connection } from '../../src/core/connections/connection';
import { ConnectionService } from '../../src/core/connections/connectionService';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { SecretVault } from '../../src/core/connections/secretVault';
import type { KeyValueState, LogSink } from '../../src/core/ports';
import {
  DEMO_ADMIN_API_KEY,
  DEMO_ORGANIZATION,
  DEMO_ORGANIZATION_SLUG,
  DEMO_PASSWORD,
  DEMO_PERSONAL_ORGANIZATION_SLUG,
  DEMO_USERNAME,
  OTHER_ORGANIZATION_SLUG,
  startEmulator,
  type RunningEmulator,
} from '../emulator/emulator';
import { memorySecrets, memoryState, testSettings } from './support/memoryPorts';

suite('connections of both generations', () => {
  let emulator: RunningEmulator;
  let lines: string[];
  let service: ConnectionService;
  let state: KeyValueState;

  const logger: LogSink = {
    debug: (m) => lines.push(m),
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
  };

  suiteSetup(async () => {
    emulator = await startEmulator();
  });
  suiteTeardown(() => emulator.close());
  setup(() => {
    emulator.reset();
    lines = [];
    state = memoryState();
    const store = new ConnectionStore(state, new SecretVault(memorySecrets()));
    service = new ConnectionService(store, createClientFactory(testSettings, 'unit-tests', logger), () => ({ dispose: () => undefined }));
  });
  teardown(() => service.dispose());

  test('the factory builds the client of the generation asked for, classic when none is named', () => {
    const factory = createClientFactory(testSettings, 'unit-tests', logger);
    assert.equal(factory({ serverUrl: emulator.url, organization: 'acme' }).generation, 'classic');
    assert.equal(factory({ serverUrl: emulator.url, organization: 'acme', generation: 'classic' }).generation, 'classic');
    assert.equal(factory({ serverUrl: emulator.url, organization: 'acme', generation: 'appsec' }, 'k').generation, 'appsec');
  });

  test('AppSec platform sign-in: key → its organizations → pick one → a connection that lists keys', async () => {
    const key = await service.authenticate(emulator.url, { token: `  ${DEMO_ADMIN_API_KEY}\n` });
    assert.equal(key, DEMO_ADMIN_API_KEY);
    const validated = await service.validateApiKey(emulator.url, key);
    assert.deepEqual(validated.organizations?.map((o) => o.slug), [DEMO_PERSONAL_ORGANIZATION_SLUG, DEMO_ORGANIZATION_SLUG]);
    assert.equal(validated.user?.email, DEMO_USERNAME);

    const connection = await service.completeSignIn(emulator.url, DEMO_ORGANIZATION_SLUG, key, { generation: 'appsec' });
    assert.equal(connection.generation, 'appsec');
    assert.equal(connection.authMethod, 'token');
    assert.deepEqual(state.get<Connection[]>('codethreat.connections')?.map((c) => c.generation), ['appsec']);

    const client = await service.client(connection.id);
    assert.equal(client?.generation, 'appsec');
    const { tokens } = (await client?.listAccessTokens()) ?? { tokens: [] };
    assert.ok(tokens.some((t) => t.name === 'Demo admin key'));
    assert.ok(emulator.requests.every((r) => r.dialect === 'v1'), 'nothing went to the classic API');
    assert.ok(lines.some((l) => /^GET \/api\/v1\/api-keys → 200/.test(l)), lines.join('\n'));
    assert.ok(!lines.join('\n').includes(DEMO_ADMIN_API_KEY));
  });

  test('an AppSec platform sign-in to an organization the key is not in fails and saves nothing', async () => {
    await assert.rejects(
      service.completeSignIn(emulator.url, OTHER_ORGANIZATION_SLUG, DEMO_ADMIN_API_KEY, { generation: 'appsec' }),
      (e: unknown) => e instanceof CodeThreatApiError && e.kind === 'forbidden',
    );
    assert.deepEqual(service.connections(), []);
  });

  test('a saved API key is checked as an API key: valid, then revoked', async () => {
    const connection = await service.completeSignIn(emulator.url, DEMO_ORGANIZATION_SLUG, DEMO_ADMIN_API_KEY, { generation: 'appsec' });
    const client = await service.client(connection.id);
    const created = await client?.createAccessToken({ name: 'saved', scopes: ['scan:read'] });
    assert.ok(created);
    await service.saveToken(connection.id, { id: created.id, name: created.name, value: created.value, savedAt: new Date().toISOString() });
    assert.equal(await service.verifySavedToken(connection.id), 'valid');
    assert.equal(emulator.requests.at(-1)?.credentials[0], created.value);
    await client?.deleteAccessToken(created.id);
    assert.equal(await service.verifySavedToken(connection.id), 'revoked');
  });

  test('classic connections, including ones saved before generations existed, still get the classic client', async () => {
    const session = await service.authenticate(emulator.url, { username: DEMO_USERNAME, password: DEMO_PASSWORD });
    assert.deepEqual((await service.listOrganizations(emulator.url, session)).sort(), ['acme', 'acme-labs']);
    const connection = await service.completeSignIn(emulator.url, DEMO_ORGANIZATION, session, { username: DEMO_USERNAME });
    assert.equal('generation' in connection, false, 'a classic connection is stored as before');
    assert.equal(connection.apiVersion, '1.9.4');
    const client = await service.client(connection.id);
    assert.equal(client?.generation, 'classic');
    await client?.listAccessTokens();
    assert.ok(emulator.requests.every((r) => r.dialect === 'classic'));
  });

  test('the probe is built from the settings and logs its requests', async () => {
    const probe = createServerProbe(testSettings, 'unit-tests', logger);
    assert.equal((await probe(emulator.url)).generation, 'appsec');
    const classicOnly = await startEmulator({ appsecPlatform: false });
    try {
      assert.equal((await probe(classicOnly.url)).generation, 'classic');
    } finally {
      await classicOnly.close();
    }
    assert.ok(lines.some((l) => /^GET \/api\/v1\/health → 200/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^GET \/api\/organization → 401/.test(l)), lines.join('\n'));
  });
});
