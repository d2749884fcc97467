// The AppSec platform (API v1) client against the emulator over real HTTP: key validation, the
// API-key calls in every v1 answer style, error mapping, retries, faults and redaction.
import * as assert from 'node:assert/strict';
import { AppsecClient } from '../../src/core/api/appsec/appsecClient';
import type { CodeThreatApiError } from '../../src/core/api/errors';
import type { RequestLogEntry } from '../../src/core/api/httpTransport';
import {
  API_KEY_SCOPES,
  DEMO_ADMIN_API_KEY,
  DEMO_DISPLAY_NAME,
  DEMO_NO_KEY_READ_API_KEY,
  DEMO_ORGANIZATION_SLUG,
  DEMO_PERSONAL_ORGANIZATION_SLUG,
  DEMO_READ_ONLY_API_KEY,
  DEMO_USERNAME,
  OTHER_ORGANIZATION_SLUG,
  V1_LIST_STYLES,
  demoSeed,
  startEmulator,
  type RunningEmulator,
} from '../emulator/emulator';
import { instantClock } from './support/memoryPorts';
import { rejectsWith } from './support/rejectsWith';

const ACME = DEMO_ORGANIZATION_SLUG;
const DAY = 24 * 60 * 60 * 1000;

/** Everything an error would show or log: its message and every detail. */
function errorText(error: CodeThreatApiError): string {
  return JSON.stringify({ message: error.message, details: error.details, stack: error.stack });
}

suite('AppsecClient against the emulator', () => {
  let emulator: RunningEmulator;
  let log: RequestLogEntry[];
  /** Retries wait through it: the suite waits no real time for them. */
  let clock: ReturnType<typeof instantClock>;

  const client = (options: { key?: string; organization?: string; timeoutMs?: number; maxRetryAfterSeconds?: number } = {}) =>
    new AppsecClient({
      serverUrl: emulator.url,
      organization: options.organization ?? ACME,
      credential: 'key' in options ? options.key : DEMO_ADMIN_API_KEY,
      userAgent: 'unit-tests',
      timeoutMs: options.timeoutMs ?? 5000,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds,
      clock,
      onRequest: (entry) => log.push(entry),
    });

  suiteSetup(async () => {
    emulator = await startEmulator();
  });
  suiteTeardown(() => emulator.close());
  setup(() => {
    emulator.reset();
    log = [];
    clock = instantClock();
  });

  suite('validation', () => {
    test('returns the user, the organizations and the permissions, sending the key in X-API-Key only', async () => {
      const validated = await client().validate();
      assert.deepEqual(validated.user?.email, DEMO_USERNAME);
      assert.equal(validated.user?.name, DEMO_DISPLAY_NAME);
      assert.ok(validated.user?.id);
      assert.deepEqual(
        validated.organizations?.map(({ slug, name, isPersonal, planType }) => ({ slug, name, isPersonal, planType })),
        [
          { slug: DEMO_PERSONAL_ORGANIZATION_SLUG, name: 'Demo User', isPersonal: true, planType: 'free' },
          { slug: ACME, name: 'Acme Corp', isPersonal: false, planType: 'team' },
        ],
      );
      assert.deepEqual([...(validated.permissions ?? [])].sort(), [...API_KEY_SCOPES].sort());
      const entry = emulator.requests.at(-1);
      assert.equal(entry?.path, '/api/v1/cli/auth/validate');
      assert.deepEqual(entry?.query, { includeOrganizations: 'true', includePermissions: 'true' });
      assert.equal(entry?.dialect, 'v1');
      assert.equal(entry?.authKind, 'apiKey');
      assert.deepEqual(entry?.credentials, [DEMO_ADMIN_API_KEY]);
      assert.equal(entry?.organization, null);
    });

    test('a limited key reports its own permissions', async () => {
      const validated = await client({ key: DEMO_READ_ONLY_API_KEY }).validate();
      assert.deepEqual(validated.permissions, ['api-key:read', 'scan:read']);
    });

    test('before an organization is chosen, validation returns the organizations to pick from', async () => {
      const viaEmpty = await client({ organization: '' }).validate();
      assert.deepEqual(viaEmpty.organizations?.map((o) => o.slug), [DEMO_PERSONAL_ORGANIZATION_SLUG, ACME]);
    });

    test('an unknown, expired or revoked key, or none, is unauthorized with the server’s message and code', async () => {
      await rejectsWith(client({ key: 'ct_' + 'x'.repeat(40) }).validate(), 'unauthorized', (e) => {
        assert.equal(e.details.serverMessage, 'Invalid API key.');
        assert.equal(e.details.serverCode, 'UNAUTHORIZED');
      });
      const expired = emulator.issueApiKey(DEMO_USERNAME, { organizationSlug: ACME, expiresAt: new Date(Date.now() - DAY) });
      await rejectsWith(client({ key: expired.value }).validate(), 'unauthorized', (e) => assert.equal(e.details.serverMessage, 'This API key has expired.'));
      const revoked = emulator.issueApiKey(DEMO_USERNAME, { organizationSlug: ACME });
      assert.ok(emulator.revoke(revoked.id));
      await rejectsWith(client({ key: revoked.value }).validate(), 'unauthorized', (e) => assert.equal(e.details.serverMessage, 'This API key has been revoked.'));
      await rejectsWith(client({ key: undefined }).validate(), 'unauthorized');
      assert.deepEqual(emulator.requests.at(-1)?.credentials, []);
    });

    test('a valid key whose user is not in the connection’s organization is forbidden', async () => {
      await rejectsWith(client({ organization: OTHER_ORGANIZATION_SLUG }).validate(), 'forbidden', (e) => assert.match(e.message, /globex/));
      await rejectsWith(client({ organization: 'no-such-org' }).validate(), 'forbidden');
      await client({ organization: DEMO_PERSONAL_ORGANIZATION_SLUG }).validate();
    });
  });

  suite('API keys', () => {
    test('lists the caller’s usable keys in the organization: expired kept, revoked left out, no full value', async () => {
      const { tokens, skipped, revokedCount } = await client().listAccessTokens();
      assert.deepEqual(skipped, []);
      assert.equal(revokedCount, 1);
      const names = tokens.map((t) => t.name);
      assert.deepEqual(names, [
        'Demo admin key',
        'Demo read-only key',
        'Demo key without api-key:read',
        'Old integration',
        'Scan in CI',
        'Staging deploy',
        'Local CLI',
        'Release bot',
      ]);
      const byName = new Map(tokens.map((t) => [t.name, t]));
      assert.ok((byName.get('Old integration')?.expiresAt?.getTime() ?? Infinity) < Date.now(), 'expired key shown with its past expiry');
      assert.equal(byName.get('Release bot')?.lastUsedAt, null);
      assert.equal(byName.get('Release bot')?.expiresAt, null);
      assert.deepEqual(byName.get('Scan in CI')?.scopes, ['scan:write', 'repository:read']);
      const records = emulator.apiKeysOf(DEMO_USERNAME);
      for (const token of tokens) {
        const record = records.find((r) => r.id === token.id);
        assert.ok(record, token.name);
        assert.ok(token.partialValue?.startsWith(record.prefix), `${token.name}: ${token.partialValue}`);
        assert.ok(!JSON.stringify(token).includes(record.value), `${token.name} shows its full value`);
      }
      assert.deepEqual(emulator.requests.at(-1)?.query, { organizationSlug: ACME, limit: '100' });
    });

    test('lists only the chosen organization', async () => {
      const { tokens } = await client({ organization: DEMO_PERSONAL_ORGANIZATION_SLUG }).listAccessTokens();
      assert.deepEqual(tokens.map((t) => t.name), ['Personal experiments']);
    });

    for (const style of V1_LIST_STYLES) {
      test(`reads the "${style}" answers for create and list`, async () => {
        emulator.faults.listStyle(style);
        const expiresAt = new Date(Date.now() + 30 * DAY);
        const created = await client().createAccessToken({ name: `style ${style}`, scopes: ['scan:write', 'repository:read'], expiresAt });
        assert.match(created.value, /^ct_[A-Za-z0-9]{40}$/);
        assert.equal(created.name, `style ${style}`);
        assert.deepEqual(created.scopes, ['scan:write', 'repository:read']);
        assert.equal(created.expiresAt?.getTime(), expiresAt.getTime());
        const { tokens, skipped, revokedCount } = await client().listAccessTokens();
        assert.deepEqual(skipped, []);
        assert.equal(revokedCount, 1, `revoked key recognised in ${style}`);
        assert.equal(tokens.some((t) => t.name === 'Lost laptop'), false);
        const listed = tokens.find((t) => t.id === created.id);
        assert.ok(listed, `created key listed in ${style}`);
        assert.equal(listed.name, `style ${style}`);
        assert.deepEqual(listed.scopes, ['scan:write', 'repository:read']);
        assert.equal(listed.expiresAt?.getTime(), expiresAt.getTime());
        assert.equal(listed.lastUsedAt, null);
        assert.ok(listed.createdAt && Math.abs(listed.createdAt.getTime() - Date.now()) < 60_000);
        assert.ok(listed.partialValue && listed.partialValue.length < 20 && created.value.startsWith(listed.partialValue.split(/[…*]/)[0]));
        assert.ok(!JSON.stringify(tokens).includes(created.value), 'the value only in the create answer');
        assert.ok(tokens.find((t) => t.name === 'Scan in CI')?.lastUsedAt instanceof Date);
        assert.equal(tokens.find((t) => t.name === 'Release bot')?.expiresAt, null);
      });
    }

    test('creates a key with scopes and an expiry that authenticates; the value is the server’s', async () => {
      const expiresAt = new Date(Date.now() + 7 * DAY);
      const created = await client().createAccessToken({ name: 'CI key', scopes: ['scan:read', 'violation:read'], expiresAt });
      const post = emulator.requests.find((r) => r.method === 'POST');
      assert.equal(post?.path, '/api/v1/api-keys');
      const record = emulator.apiKeysOf(DEMO_USERNAME).find((r) => r.id === created.id);
      assert.equal(record?.value, created.value);
      assert.equal(record?.organizationSlug, ACME);
      assert.deepEqual(record?.scopes, ['scan:read', 'violation:read']);
      assert.equal(record?.expiresAt?.getTime(), expiresAt.getTime());
      const validated = await client({ key: created.value }).validate();
      assert.deepEqual(validated.permissions, ['scan:read', 'violation:read']);
    });

    test('a key without an expiry never expires', async () => {
      const created = await client().createAccessToken({ name: 'forever', scopes: ['scan:read'], expiresAt: null });
      assert.equal(created.expiresAt, null);
      assert.equal(emulator.apiKeysOf(DEMO_USERNAME).find((r) => r.id === created.id)?.expiresAt, null);
    });

    test('delete revokes the key; deleting it again is notFound; the key stops working', async () => {
      const created = await client().createAccessToken({ name: 'doomed', scopes: ['scan:read'] });
      await client().deleteAccessToken(created.id);
      assert.equal(emulator.apiKeysOf(DEMO_USERNAME).find((r) => r.id === created.id)?.status, 'revoked');
      assert.deepEqual(emulator.requests.at(-1)?.query, { organizationSlug: ACME });
      await rejectsWith(client().deleteAccessToken(created.id), 'notFound');
      await rejectsWith(client({ key: created.value }).validate(), 'unauthorized');
      const { tokens } = await client().listAccessTokens();
      assert.equal(tokens.some((t) => t.id === created.id), false);
    });

    test('an expired key can still be deleted', async () => {
      const { tokens } = await client().listAccessTokens();
      const expired = tokens.find((t) => t.name === 'Old integration');
      assert.ok(expired);
      await client().deleteAccessToken(expired.id);
      assert.equal(emulator.apiKeysOf(DEMO_USERNAME).find((r) => r.id === expired.id)?.status, 'revoked');
    });

    test('a key without api-key:read cannot list: forbidden, with the server’s message and code', async () => {
      await rejectsWith(client({ key: DEMO_NO_KEY_READ_API_KEY }).listAccessTokens(), 'forbidden', (e) => {
        assert.equal(e.status, 403);
        assert.equal(e.details.serverCode, 'FORBIDDEN');
        assert.equal(e.details.serverMessage, 'This API key lacks the api-key:read scope.');
        assert.equal(e.message, 'This API key lacks the api-key:read scope.');
      });
      assert.equal(emulator.countRequests({ path: '/api/v1/api-keys' }), 1, '403 is not retried');
    });

    test('a read-only key cannot create or delete: forbidden, and nothing changes', async () => {
      const readOnly = client({ key: DEMO_READ_ONLY_API_KEY });
      await readOnly.listAccessTokens();
      const before = emulator.apiKeysOf(DEMO_USERNAME).length;
      await rejectsWith(readOnly.createAccessToken({ name: 'nope', scopes: ['scan:read'] }), 'forbidden', (e) =>
        assert.equal(e.details.serverMessage, 'This API key lacks the api-key:write scope.'),
      );
      const victim = emulator.apiKeysOf(DEMO_USERNAME).find((r) => r.name === 'Release bot');
      assert.ok(victim);
      await rejectsWith(readOnly.deleteAccessToken(victim.id), 'forbidden');
      assert.equal(emulator.apiKeysOf(DEMO_USERNAME).length, before);
      assert.equal(emulator.apiKeysOf(DEMO_USERNAME).find((r) => r.id === victim.id)?.status, 'active');
    });

    test('a key cannot grant a scope it does not hold: forbidden with the server’s sentence', async () => {
      const limited = emulator.issueApiKey(DEMO_USERNAME, { organizationSlug: ACME, scopes: ['api-key:write', 'scan:read'] });
      await rejectsWith(client({ key: limited.value }).createAccessToken({ name: 'wider', scopes: ['scan:write'] }), 'forbidden', (e) =>
        assert.match(e.details.serverMessage ?? '', /scan:write/),
      );
    });

    test('bad input comes back with the server’s sentence; a duplicate name is a conflict', async () => {
      await rejectsWith(client().createAccessToken({ name: 'no scopes' }), 'badRequest', (e) => {
        assert.equal(e.details.serverMessage, 'At least one scope is required.');
        assert.equal(e.details.serverCode, 'VALIDATION_ERROR');
      });
      await rejectsWith(client().createAccessToken({ name: 'x', scopes: ['scan:everything'] }), 'badRequest', (e) => assert.match(e.details.serverMessage ?? '', /scan:everything/));
      await rejectsWith(client().createAccessToken({ name: 'x'.repeat(65), scopes: ['scan:read'] }), 'badRequest');
      await rejectsWith(client().createAccessToken({ name: 'Release bot', scopes: ['scan:read'] }), 'conflict', (e) => assert.equal(e.details.serverCode, 'CONFLICT'));
    });

    test('without an organization, the key calls fail before any request', async () => {
      const noOrg = client({ organization: '' });
      await rejectsWith(noOrg.listAccessTokens(), 'badRequest');
      await rejectsWith(noOrg.createAccessToken({ name: 'x', scopes: ['scan:read'] }), 'badRequest');
      await rejectsWith(noOrg.deleteAccessToken('x'), 'badRequest');
      assert.equal(emulator.requests.length, 0);
    });

    for (const missing of [404, 405] as const) {
      test(`a server without the key endpoints (${missing} on list and create) is notSupported`, async () => {
        emulator.faults.status(missing, { count: Infinity, match: { path: '/api/v1/api-keys' } });
        await client().validate();
        await rejectsWith(client().listAccessTokens(), 'notSupported', (e) => assert.equal(e.status, missing));
        await rejectsWith(client().createAccessToken({ name: 'x', scopes: ['scan:read'] }), 'notSupported');
        // On delete only 405 says "cannot"; 404 is "already gone".
        await rejectsWith(client().deleteAccessToken('abc'), missing === 404 ? 'notFound' : 'notSupported');
      });
    }

    test('follows a paginated list to its last page and merges it', async () => {
      const item = (id: string, extra: object = {}) => ({ id, name: id, prefix: 'ct_abc123', lastUsedAt: null, expiresAt: null, ...extra });
      const page = (n: number, items: object[]) => ({ success: true, data: { apiKeys: items }, pagination: { page: n, limit: 2, total: 5, totalPages: 3 } });
      const match = { method: 'GET', path: '/api/v1/api-keys' };
      emulator.faults.status(200, { match, body: page(1, [item('a'), item('b')]) });
      emulator.faults.status(200, { match, body: page(2, [item('c'), item('gone', { status: 'revoked' })]) });
      emulator.faults.status(200, { match, body: page(3, [{ name: 'no id' }]) });
      const { tokens, skipped, revokedCount } = await client().listAccessTokens();
      assert.deepEqual(tokens.map((t) => t.id), ['a', 'b', 'c']);
      assert.deepEqual(skipped.map((s) => s.index), [4]);
      assert.equal(revokedCount, 1);
      const pages = emulator.requests.filter((r) => r.path === '/api/v1/api-keys').map((r) => r.query.page);
      assert.deepEqual(pages, [undefined, '2', '3']);
    });
  });

  suite('faults', () => {
    test('a 5xx on a read is retried once', async () => {
      emulator.faults.status(503, { match: { path: '/api/v1/api-keys' } });
      await client().listAccessTokens();
      assert.deepEqual(log.map((e) => [e.path, e.status, e.attempt]), [
        ['/api/v1/api-keys', 503, 1],
        ['/api/v1/api-keys', 200, 2],
      ]);
      emulator.faults.status(500);
      await client().validate();
      assert.equal(emulator.countRequests({ path: '/api/v1/cli/auth/validate' }), 2);
    });

    test('a read that keeps failing with 5xx is a server error with the platform’s code after two attempts', async () => {
      emulator.faults.status(500, { count: 2 });
      await rejectsWith(client().listAccessTokens(), 'server', (e) => {
        assert.equal(e.status, 500);
        assert.equal(e.details.serverCode, 'INTERNAL_ERROR');
      });
      assert.equal(emulator.countRequests({ path: '/api/v1/api-keys' }), 2);
    });

    test('a create is never retried, and a delete neither', async () => {
      const before = emulator.apiKeysOf(DEMO_USERNAME).length;
      emulator.faults.status(502, { match: { method: 'POST' } });
      await rejectsWith(client().createAccessToken({ name: 'once', scopes: ['scan:read'] }), 'server');
      assert.equal(emulator.countRequests({ method: 'POST' }), 1);
      assert.equal(emulator.apiKeysOf(DEMO_USERNAME).length, before);
      emulator.faults.status(503, { match: { method: 'DELETE' } });
      await rejectsWith(client().deleteAccessToken('abc'), 'server');
      assert.equal(emulator.countRequests({ method: 'DELETE' }), 1);
    });

    test('429 on a read waits for Retry-After and retries once', async () => {
      emulator.faults.status(429, { retryAfterSeconds: 1 });
      await client().listAccessTokens();
      assert.deepEqual(clock.waits, [1000], 'waited for Retry-After, through the clock');
      assert.equal(emulator.countRequests({ path: '/api/v1/api-keys' }), 2);
    });

    test('429 on a create, or with a long Retry-After, is reported with the wait and the platform’s code', async () => {
      emulator.faults.status(429, { retryAfterSeconds: 7, match: { method: 'POST' } });
      await rejectsWith(client().createAccessToken({ name: 'later', scopes: ['scan:read'] }), 'rateLimited', (e) => {
        assert.equal(e.details.retryAfterSeconds, 7);
        assert.equal(e.details.serverCode, 'RATE_LIMITED');
      });
      emulator.faults.status(429, { retryAfterSeconds: 120 });
      await rejectsWith(client().listAccessTokens(), 'rateLimited', (e) => assert.equal(e.details.retryAfterSeconds, 120));
      assert.equal(emulator.countRequests({ method: 'GET', path: '/api/v1/api-keys' }), 1);
    });

    test('malformed JSON is an invalid response', async () => {
      emulator.faults.malformedJson();
      await rejectsWith(client().listAccessTokens(), 'invalidResponse', (e) => assert.equal(e.details.reason, 'malformedJson'));
      emulator.faults.malformedJson({ method: 'POST' });
      await rejectsWith(client().createAccessToken({ name: 'cut', scopes: ['scan:read'] }), 'invalidResponse');
    });

    test('a proxy’s HTML error page says it is not CodeThreat answering', async () => {
      emulator.faults.htmlError(502, { count: 2 });
      await rejectsWith(client().listAccessTokens(), 'notCodeThreat', (e) => assert.equal(e.status, 502));
      emulator.faults.htmlError(504);
      await rejectsWith(client().createAccessToken({ name: 'x', scopes: ['scan:read'] }), 'notCodeThreat');
    });

    test('a reset connection is a network error', async () => {
      emulator.faults.reset({ method: 'POST' });
      await rejectsWith(client().createAccessToken({ name: 'cut', scopes: ['scan:read'] }), 'network', (e) => assert.equal(e.details.code, 'ECONNRESET'));
    });

    test('a server that never answers times out', async () => {
      emulator.faults.hang({ count: 2 });
      await rejectsWith(client({ timeoutMs: 300 }).validate(), 'timeout');
    });

    test('nothing listening is a network error', async () => {
      const closed = await startEmulator();
      const url = closed.url;
      await closed.close();
      const c = new AppsecClient({ serverUrl: url, organization: ACME, credential: DEMO_ADMIN_API_KEY, userAgent: 't' });
      await rejectsWith(c.validate(), 'network', (e) => assert.equal(e.details.code, 'ECONNREFUSED'));
    });

    test('ten concurrent list calls send one request', async () => {
      emulator.faults.latency(100);
      const c = client();
      await Promise.all(Array.from({ length: 10 }, () => c.listAccessTokens()));
      assert.equal(emulator.countRequests({ path: '/api/v1/api-keys' }), 1);
    });
  });

  suite('redaction', () => {
    // A key with no recognisable shape: only the client's own list of secrets can keep it out.
    const OPAQUE_KEY = 'opaque9f8e7d6c5b4a39281706secretvalue';

    setup(() => {
      const seed = demoSeed();
      seed.v1?.users[0].apiKeys?.push({ name: 'Opaque', organizationSlug: ACME, scopes: [...API_KEY_SCOPES], value: OPAQUE_KEY });
      emulator.reset(seed);
    });

    for (const [label, key] of [
      ['a ct_ key', DEMO_ADMIN_API_KEY],
      ['a key of no known shape', OPAQUE_KEY],
    ] as const) {
      test(`a server echoing ${label} in its error: the value is in no message or detail`, async () => {
        await client({ key }).validate(); // the key works
        for (const call of [(c: AppsecClient) => c.validate(), (c: AppsecClient) => c.listAccessTokens(), (c: AppsecClient) => c.createAccessToken({ name: 'x', scopes: ['scan:read'] })]) {
          emulator.faults.echoCredential();
          const error = await rejectsWith(call(client({ key })), 'unauthorized');
          assert.ok(emulator.requests.at(-1)?.credentials.includes(key), 'the key was sent');
          assert.match(error.details.serverMessage ?? '', /Invalid API key \[redacted\]/);
          assert.ok(!errorText(error).includes(key), errorText(error));
          assert.ok(!errorText(error).includes(key.slice(0, 20)), errorText(error));
        }
      });
    }
  });
});
