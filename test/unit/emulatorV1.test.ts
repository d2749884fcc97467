// Tests of the emulator's AppSec platform dialect (API v1 under /api/v1), over real HTTP.
import { spawn } from 'node:child_process';
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  API_KEY_SCOPES,
  DEMO_ADMIN_API_KEY,
  DEMO_DISPLAY_NAME,
  DEMO_NO_KEY_READ_API_KEY,
  DEMO_ORGANIZATION_SLUG,
  DEMO_PASSWORD,
  DEMO_PERSONAL_ORGANIZATION_SLUG,
  DEMO_READ_ONLY_API_KEY,
  DEMO_USERNAME,
  OTHER_ORGANIZATION_SLUG,
  OTHER_USERNAME,
  V1_LIST_STYLES,
  startEmulator,
  type ApiKeyRecord,
  type EmulatorOptions,
  type RunningEmulator,
  type Seed,
} from '../emulator/emulator';

const START = Date.parse('2025-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const KEY_VALUE = /^ct_[0-9A-Za-z]{40}$/;
const ACME = DEMO_ORGANIZATION_SLUG;
const PLAIN_FIELDS = ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scopes', 'status'];

interface Envelope {
  success: boolean;
  data?: unknown;
  error?: { code: string; message: string };
  meta?: { timestamp: string; version: string; requestId: string };
  pagination?: Record<string, unknown>;
}

interface V1CallOptions {
  method?: string;
  /** Sent as X-API-Key; omitted when undefined. */
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type Item = Record<string, unknown>;

suite('CodeThreat emulator: AppSec platform (API v1)', () => {
  let emulator: RunningEmulator;
  let clock: number;

  async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    await emulator?.close();
    emulator = await startEmulator({ now: () => clock, ...options });
    return emulator;
  }

  function call(path: string, options: V1CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key !== undefined) headers['x-api-key'] = options.key;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(emulator.url + path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      signal: options.signal,
    });
  }

  async function json(path: string, options: V1CallOptions = {}): Promise<{ status: number; body: Envelope; res: Response }> {
    const res = await call(path, options);
    return { status: res.status, body: (await res.json()) as Envelope, res };
  }

  /** Asserts a v1 error envelope with `status` and `code`; returns the message. */
  async function expectError(path: string, options: V1CallOptions, status: number, code: string): Promise<string> {
    const { status: actual, body } = await json(path, options);
    assert.equal(actual, status, `${options.method ?? 'GET'} ${path}: ${JSON.stringify(body)}`);
    assert.equal(body.success, false);
    assert.equal(body.error?.code, code);
    assert.equal(typeof body.error?.message, 'string');
    assert.equal(body.meta?.version, 'v1');
    return body.error?.message ?? '';
  }

  async function list(key = DEMO_ADMIN_API_KEY, slug = ACME): Promise<Item[]> {
    const { status, body } = await json(`/api/v1/api-keys?organizationSlug=${slug}`, { key });
    assert.equal(status, 200, JSON.stringify(body));
    return body.data as Item[];
  }

  function create(body: Record<string, unknown>, key = DEMO_ADMIN_API_KEY): Promise<{ status: number; body: Envelope; res: Response }> {
    return json('/api/v1/api-keys', { method: 'POST', key, body: { organizationSlug: ACME, scopes: ['scan:read'], expiresAt: null, ...body } });
  }

  const record = (id: string): ApiKeyRecord | undefined => emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.id === id);
  const recordNamed = (name: string): ApiKeyRecord | undefined => emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.name === name);
  const allValues = (): string[] => [DEMO_USERNAME, OTHER_USERNAME].flatMap((u) => emulator.apiKeysOf(u).map((k) => k.value));

  setup(async () => {
    clock = START;
    await start();
  });

  teardown(async () => {
    await emulator.close();
  });

  suite('routing and envelope', () => {
    test('health needs no key and answers {status: "ok", version} in the envelope', async () => {
      const { status, body, res } = await json('/api/v1/health');
      assert.equal(status, 200);
      assert.deepEqual(body.data, { status: 'ok', version: '1.0.0' });
      assert.equal(body.success, true);
      assert.equal(res.headers.get('x-api-version'), null, 'the v1 platform sends no legacy version header');
      await start({ platformVersion: '2.3.4' });
      assert.deepEqual((await json('/api/v1/health')).body.data, { status: 'ok', version: '2.3.4' });
      assert.equal(emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.value === DEMO_ADMIN_API_KEY)?.lastUsedAt, null);
      await call('/api/v1/health', { key: DEMO_ADMIN_API_KEY });
      assert.equal(recordNamed('Demo admin key')?.lastUsedAt, null, 'health is not an authenticated request');
    });

    test('meta carries the emulator clock, version v1 and a fresh requestId echoed in x-request-id', async () => {
      const first = await json('/api/v1/cli/auth/validate', { key: DEMO_ADMIN_API_KEY });
      const second = await json('/api/v1/cli/auth/validate', { key: DEMO_ADMIN_API_KEY });
      assert.equal(first.body.meta?.timestamp, new Date(START).toISOString());
      assert.equal(first.body.meta?.version, 'v1');
      assert.match(first.body.meta?.requestId ?? '', /^req_\w+$/);
      assert.notEqual(first.body.meta?.requestId, second.body.meta?.requestId);
      assert.equal(first.res.headers.get('x-request-id'), first.body.meta?.requestId);
      assert.equal(first.res.headers.get('content-type'), 'application/json; charset=utf-8');
    });

    test('unknown /api/v1 paths are a v1 404 (never a legacy route), wrong methods a v1 405', async () => {
      for (const path of ['/api/v1', '/api/v1/nope', '/api/v1/accesstoken/list', '/api/v1/signin', '/api/v1/api-keys/a/b']) {
        const { status, body, res } = await json(path, { key: DEMO_ADMIN_API_KEY });
        assert.equal(status, 404, path);
        assert.equal(body.error?.code, 'NOT_FOUND', path);
        assert.equal(res.headers.get('x-api-version'), null, path);
      }
      const signIn = await call('/api/v1/signin', { method: 'POST', body: { client_id: DEMO_USERNAME, client_secret: DEMO_PASSWORD } });
      assert.equal(signIn.status, 404, 'the legacy sign-in does not answer under /api/v1');
      assert.deepEqual(emulator.sessionValues(), []);
      const wrong = await json('/api/v1/api-keys', { method: 'PUT', key: DEMO_ADMIN_API_KEY, body: {} });
      assert.equal(wrong.status, 405);
      assert.equal(wrong.body.error?.code, 'METHOD_NOT_ALLOWED');
      assert.equal(wrong.res.headers.get('allow'), 'GET, POST');
    });

    test('the legacy API keeps working next to v1 and keeps its own shapes', async () => {
      const res = await call('/api/signin', { method: 'POST', body: { client_id: DEMO_USERNAME, client_secret: DEMO_PASSWORD } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-api-version'), '1.9.4');
      const legacy404 = await call('/api/nope');
      assert.deepEqual(await legacy404.json(), { code: 404, message: 'Not Found.' });
    });

    test('an invalid JSON body is 400 VALIDATION_ERROR and a body over 1 MB is 413, both in the envelope', async () => {
      await expectError('/api/v1/api-keys', { method: 'POST', key: DEMO_ADMIN_API_KEY, body: '{"name": ' }, 400, 'VALIDATION_ERROR');
      const huge = { name: 'x'.repeat(1024 * 1024), organizationSlug: ACME, scopes: ['scan:read'] };
      await expectError('/api/v1/api-keys', { method: 'POST', key: DEMO_ADMIN_API_KEY, body: huge }, 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  suite('authentication', () => {
    test('a missing, unknown or blank X-API-Key is 401 UNAUTHORIZED', async () => {
      for (const key of [undefined, 'ct_notARealKey', '  ']) {
        await expectError('/api/v1/cli/auth/validate', { key }, 401, 'UNAUTHORIZED');
      }
    });

    test('the key must come in X-API-Key: a Bearer Authorization header is not enough', async () => {
      await expectError('/api/v1/cli/auth/validate', { headers: { authorization: `Bearer ${DEMO_ADMIN_API_KEY}` } }, 401, 'UNAUTHORIZED');
    });

    test('an expired key (expiresAt in the past) is 401, and a key expires when its time comes', async () => {
      const expired = emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.status === 'expired');
      assert.ok(expired, 'the demo data has an expired key');
      const message = await expectError('/api/v1/cli/auth/validate', { key: expired.value }, 401, 'UNAUTHORIZED');
      assert.match(message, /expired/);
      assert.equal(record(expired.id)?.lastUsedAt?.getTime(), expired.lastUsedAt?.getTime(), 'a refused request is no use');

      const soon = emulator.issueApiKey(DEMO_USERNAME, { name: 'soon', expiresAt: new Date(START + HOUR) });
      assert.equal((await call('/api/v1/cli/auth/validate', { key: soon.value })).status, 200);
      clock = START + HOUR;
      await expectError('/api/v1/cli/auth/validate', { key: soon.value }, 401, 'UNAUTHORIZED');
    });

    test('a revoked key is 401', async () => {
      const { id, value } = emulator.issueApiKey(DEMO_USERNAME, { name: 'to revoke' });
      assert.equal((await call('/api/v1/cli/auth/validate', { key: value })).status, 200);
      assert.equal(emulator.revoke(id), true);
      assert.match(await expectError('/api/v1/cli/auth/validate', { key: value }, 401, 'UNAUTHORIZED'), /revoked/);
    });

    test('every authenticated request records the key’s last use, even one refused with 403', async () => {
      const { id, value } = emulator.issueApiKey(DEMO_USERNAME, { name: 'tracked', scopes: ['scan:read'] });
      assert.equal(record(id)?.lastUsedAt, null);
      clock = START + MINUTE;
      await call('/api/v1/cli/auth/validate', { key: value });
      assert.equal(record(id)?.lastUsedAt?.getTime(), START + MINUTE);
      clock = START + 2 * MINUTE;
      assert.equal((await call(`/api/v1/api-keys?organizationSlug=${ACME}`, { key: value })).status, 403);
      assert.equal(record(id)?.lastUsedAt?.getTime(), START + 2 * MINUTE);
      clock = START + 3 * MINUTE;
      const listed = (await list()).find((k) => k.id === id);
      assert.equal(listed?.lastUsedAt, new Date(START + 2 * MINUTE).toISOString());
      assert.equal(recordNamed('Demo admin key')?.lastUsedAt?.getTime(), START + 3 * MINUTE);
    });
  });

  suite('GET /api/v1/cli/auth/validate', () => {
    test('answers valid, the user and authenticatedAt; organizations and permissions only when asked with "true"', async () => {
      const { status, body } = await json('/api/v1/cli/auth/validate', { key: DEMO_READ_ONLY_API_KEY });
      assert.equal(status, 200);
      const data = body.data as Item;
      assert.deepEqual(Object.keys(data).sort(), ['authenticatedAt', 'user', 'valid']);
      assert.equal(data.valid, true);
      const user = data.user as Item;
      assert.deepEqual({ email: user.email, name: user.name }, { email: DEMO_USERNAME, name: DEMO_DISPLAY_NAME });
      assert.equal(typeof user.id, 'string');
      assert.equal(data.authenticatedAt, new Date(START).toISOString());
      const asFalse = (await json('/api/v1/cli/auth/validate?includeOrganizations=false&includePermissions=1', { key: DEMO_READ_ONLY_API_KEY })).body.data as Item;
      assert.deepEqual(Object.keys(asFalse).sort(), ['authenticatedAt', 'user', 'valid']);
    });

    test('includeOrganizations lists the user’s organizations; includePermissions the key’s scopes', async () => {
      const { body } = await json('/api/v1/cli/auth/validate?includeOrganizations=true&includePermissions=true', { key: DEMO_READ_ONLY_API_KEY });
      const data = body.data as { organizations: Item[]; permissions: string[] };
      assert.deepEqual(data.permissions, ['api-key:read', 'scan:read']);
      assert.deepEqual(
        data.organizations.map(({ name, slug, planType, isPersonal }) => ({ name, slug, planType, isPersonal })),
        [
          { name: 'Demo User', slug: DEMO_PERSONAL_ORGANIZATION_SLUG, planType: 'free', isPersonal: true },
          { name: 'Acme Corp', slug: ACME, planType: 'team', isPersonal: false },
        ],
      );
      assert.ok(data.organizations.every((o) => typeof o.id === 'string' && Object.keys(o).length === 5));
      const admin = (await json('/api/v1/cli/auth/validate?includePermissions=true', { key: DEMO_ADMIN_API_KEY })).body.data as { permissions: string[] };
      assert.deepEqual(admin.permissions, [...API_KEY_SCOPES]);
    });
  });

  suite('GET /api/v1/api-keys', () => {
    test('lists the caller’s keys in that organization, with the documented fields and never a full value', async () => {
      const res = await call(`/api/v1/api-keys?organizationSlug=${ACME}`, { key: DEMO_ADMIN_API_KEY });
      const text = await res.text();
      const items = (JSON.parse(text) as Envelope).data as Item[];
      const stored = emulator.apiKeysOf(DEMO_USERNAME).filter((k) => k.organizationSlug === ACME);
      assert.deepEqual(items.map((k) => k.id), stored.map((k) => k.id));
      for (const item of items) assert.deepEqual(Object.keys(item).sort(), PLAIN_FIELDS);
      for (const [i, item] of items.entries()) {
        assert.equal(item.name, stored[i].name);
        assert.equal(item.prefix, stored[i].value.slice(0, 9));
        assert.match(item.prefix as string, /^ct_[0-9A-Za-z]{6}$/);
        assert.deepEqual(item.scopes, stored[i].scopes);
        assert.equal(item.createdAt, stored[i].createdAt.toISOString());
        assert.equal(item.status, stored[i].status);
      }
      for (const value of allValues()) assert.ok(!text.includes(value), 'no full value in the list');
    });

    test('status, lastUsedAt and expiresAt: active, expired, revoked; null for never used and no expiry', async () => {
      const items = await list();
      const byName = (name: string) => items.find((k) => k.name === name) as Item;
      assert.equal(byName('Release bot').lastUsedAt, null);
      assert.equal(byName('Scan in CI').expiresAt, null);
      assert.equal(byName('Scan in CI').status, 'active');
      assert.equal(byName('Old integration').status, 'expired');
      assert.equal(byName('Lost laptop').status, 'revoked');
      assert.equal(byName('Lost laptop').revokedAt, new Date(START - 40 * DAY).toISOString());
      assert.equal(byName('Staging deploy').expiresAt, new Date(START + 10 * DAY).toISOString());
      assert.equal(byName('Staging deploy').revokedAt, null);
    });

    test('only the caller’s own keys: the other user’s key in the same organization is not listed', async () => {
      const other = emulator.issueApiKey(OTHER_USERNAME, { organizationSlug: ACME, name: 'other admin' });
      const mine = (await list()).map((k) => k.name);
      assert.ok(!mine.includes('Other user in Acme') && !mine.includes('other admin'));
      const theirs = (await list(other.value)).map((k) => k.name);
      assert.deepEqual(theirs, ['Other user in Acme', 'other admin']);
      const personal = (await list(DEMO_ADMIN_API_KEY, DEMO_PERSONAL_ORGANIZATION_SLUG)).map((k) => k.name);
      assert.deepEqual(personal, ['Personal experiments']);
    });

    test('needs api-key:read: the read-only key may list, a key without it gets 403 FORBIDDEN', async () => {
      assert.ok((await list(DEMO_READ_ONLY_API_KEY)).length > 0);
      const message = await expectError(`/api/v1/api-keys?organizationSlug=${ACME}`, { key: DEMO_NO_KEY_READ_API_KEY }, 403, 'FORBIDDEN');
      assert.match(message, /api-key:read/);
    });

    test('organizationSlug: missing is 400, unknown 404, not the caller’s 403', async () => {
      await expectError('/api/v1/api-keys', { key: DEMO_ADMIN_API_KEY }, 400, 'VALIDATION_ERROR');
      await expectError('/api/v1/api-keys?organizationSlug=initech', { key: DEMO_ADMIN_API_KEY }, 404, 'NOT_FOUND');
      await expectError(`/api/v1/api-keys?organizationSlug=${OTHER_ORGANIZATION_SLUG}`, { key: DEMO_ADMIN_API_KEY }, 403, 'FORBIDDEN');
    });
  });

  suite('GET /api/v1/api-keys: paging as the platform documents it', () => {
    const PAGED = `/api/v1/api-keys?organizationSlug=${ACME}`;
    const ids = (body: Envelope) => (body.data as Item[]).map((k) => k.id);
    const storedIds = () => emulator.apiKeysOf(DEMO_USERNAME).filter((k) => k.organizationSlug === ACME).map((k) => k.id);
    async function page(query: string): Promise<Envelope> {
      const { status, body } = await json(`${PAGED}${query}`, { key: DEMO_ADMIN_API_KEY });
      assert.equal(status, 200, JSON.stringify(body));
      return body;
    }

    setup(() => {
      emulator.addApiKeys(DEMO_USERNAME, 37, { organizationSlug: ACME });
    });

    test('limit defaults to 20; pagination is {page, total}; pages follow one another', async () => {
      const all = storedIds();
      const first = await page('');
      assert.deepEqual(ids(first), all.slice(0, 20));
      assert.deepEqual(first.pagination, { page: 1, total: all.length });
      assert.deepEqual(ids(await page('&page=2')), all.slice(20, 40));
      assert.deepEqual(ids(await page('&page=2&limit=30')), all.slice(30, 60));
      assert.deepEqual(ids(await page('&limit=100')), all);
      assert.deepEqual(ids(await page('&page=9')), [], 'past the end: an empty page');
    });

    test('limit above 100, below 1 or not a number, and page below 1, are 400', async () => {
      for (const query of ['&limit=101', '&limit=0', '&limit=x', '&page=0', '&page=-1']) {
        await expectError(`${PAGED}${query}`, { key: DEMO_ADMIN_API_KEY }, 400, 'VALIDATION_ERROR');
      }
    });

    test('the other shapes: totalPages, hasNext, a next link on this server, and unpaged', async () => {
      const all = storedIds();
      emulator.faults.listStyle('pagesByTotalPages');
      assert.deepEqual((await page('&page=2')).pagination, { page: 2, limit: 20, total: all.length, totalPages: Math.ceil(all.length / 20) });
      emulator.faults.listStyle('pagesByHasNext');
      assert.deepEqual((await page('')).pagination, { page: 1, limit: 20, hasNext: true });
      assert.deepEqual((await page(`&page=${Math.ceil(all.length / 20)}`)).pagination, { page: Math.ceil(all.length / 20), limit: 20, hasNext: false });
      emulator.faults.listStyle('pagesByNextLink');
      const linked = (await page('&limit=10')).pagination as { next: string };
      assert.equal(linked.next, `${emulator.url}${PAGED}&limit=10&page=2`);
      assert.equal(((await page(`&limit=100`)).pagination as { next?: string }).next, undefined, 'no next link on the last page');
      emulator.faults.listStyle('unpaged');
      const unpaged = await page('&limit=5&page=3');
      assert.deepEqual(ids(unpaged), all);
      assert.equal(unpaged.pagination, undefined);
      emulator.faults.clear();
      assert.deepEqual((await page('')).pagination, { page: 1, total: all.length }, 'clear() restores the documented paging');
    });

    test('pageSize: a server that keeps to its own page size, whatever limit asks for', async () => {
      const all = storedIds();
      emulator.faults.pageSize(20);
      const first = await page('&limit=100');
      assert.deepEqual(ids(first), all.slice(0, 20));
      assert.deepEqual(first.pagination, { page: 1, total: all.length });
      assert.deepEqual(ids(await page('&limit=100&page=2')), all.slice(20, 40));
      emulator.faults.listStyle('pagesByTotalPages');
      assert.equal((await page('&limit=100')).pagination?.limit, 20);
      emulator.faults.clear();
      assert.deepEqual(ids(await page('&limit=100')), all);
    });

    test('a fault can fail one page only (its query), here page 2 with 503', async () => {
      emulator.faults.status(503, { match: { path: '/api/v1/api-keys', query: { page: '2' }, count: Infinity } });
      assert.equal((await call(`${PAGED}&page=2`, { key: DEMO_ADMIN_API_KEY })).status, 503);
      assert.equal((await call(`${PAGED}&page=2`, { key: DEMO_ADMIN_API_KEY })).status, 503);
      assert.equal((await call(PAGED, { key: DEMO_ADMIN_API_KEY })).status, 200);
      assert.equal((await call(`${PAGED}&page=3`, { key: DEMO_ADMIN_API_KEY })).status, 200);
      emulator.faults.status(503, { match: { path: '/api/v1/api-keys', query: { page: '' } } });
      assert.equal((await call(`${PAGED}&page=3`, { key: DEMO_ADMIN_API_KEY })).status, 200, "'' matches only a request without the parameter");
      assert.equal((await call(PAGED, { key: DEMO_ADMIN_API_KEY })).status, 503);
    });
  });

  suite('API key formats', () => {
    test('keys are minted as ct_…, ctk_… or with no prefix; each lists with its own public prefix and authenticates', async () => {
      const forms = { ct_: /^ct_[0-9A-Za-z]{40}$/, ctk_: /^ctk_[0-9A-Za-z]{40}$/, none: /^[0-9A-Za-z]{40}$/ } as const;
      for (const [format, shape] of Object.entries(forms)) {
        const key = emulator.issueApiKey(DEMO_USERNAME, { name: `form ${format}`, format: format as keyof typeof forms });
        assert.match(key.value, shape);
        assert.equal(key.prefix, key.value.slice(0, (format === 'none' ? 0 : format.length) + 6));
        assert.equal((await call('/api/v1/cli/auth/validate', { key: key.value })).status, 200);
        const listed = (await list(key.value)).find((k) => k.id === key.id) as Item;
        assert.equal(listed.prefix, key.prefix);
      }
    });

    test('keys created through the API take the emulator’s apiKeyFormat', async () => {
      await start({ apiKeyFormat: 'ctk_' });
      const created = (await create({ name: 'ctk by api' })).body.data as Item;
      assert.match(created.key as string, /^ctk_[0-9A-Za-z]{40}$/);
    });
  });

  suite('POST /api/v1/api-keys', () => {
    test('201 with the full value in `key`, once; the new key authenticates and is listed without it', async () => {
      clock = START + 5 * MINUTE;
      const expiresAt = new Date(START + 30 * DAY).toISOString();
      const { status, body } = await create({ name: '  Build server  ', scopes: ['scan:write', 'repository:read'], expiresAt });
      assert.equal(status, 201);
      const created = body.data as Item;
      assert.match(created.key as string, KEY_VALUE);
      assert.deepEqual(
        { ...created, id: undefined, key: undefined },
        {
          id: undefined,
          key: undefined,
          name: 'Build server',
          prefix: (created.key as string).slice(0, 9),
          scopes: ['scan:write', 'repository:read'],
          createdAt: new Date(START + 5 * MINUTE).toISOString(),
          lastUsedAt: null,
          expiresAt,
          revokedAt: null,
          status: 'active',
        },
      );
      assert.equal(record(created.id as string)?.value, created.key);
      assert.equal(record(created.id as string)?.organizationSlug, ACME);
      const validate = await json('/api/v1/cli/auth/validate?includePermissions=true', { key: created.key as string });
      assert.deepEqual((validate.body.data as { permissions: string[] }).permissions, ['scan:write', 'repository:read']);
      const text = await (await call(`/api/v1/api-keys?organizationSlug=${ACME}`, { key: DEMO_ADMIN_API_KEY })).text();
      assert.ok(text.includes('Build server') && !text.includes(created.key as string));
    });

    test('expiresAt null or omitted means no expiry', async () => {
      assert.equal(((await create({ name: 'null expiry' })).body.data as Item).expiresAt, null);
      const omitted = await json('/api/v1/api-keys', { method: 'POST', key: DEMO_ADMIN_API_KEY, body: { name: 'no expiry', organizationSlug: ACME, scopes: ['scan:read'] } });
      assert.equal(omitted.status, 201);
      assert.equal((omitted.body.data as Item).expiresAt, null);
    });

    test('needs api-key:write: the read-only key and the scan-only key get 403 and nothing is created', async () => {
      const before = emulator.apiKeysOf(DEMO_USERNAME).length;
      for (const key of [DEMO_READ_ONLY_API_KEY, DEMO_NO_KEY_READ_API_KEY]) {
        const { status, body } = await create({ name: 'not allowed' }, key);
        assert.equal(status, 403);
        assert.equal(body.error?.code, 'FORBIDDEN');
        assert.match(body.error?.message ?? '', /api-key:write/);
      }
      assert.equal(emulator.apiKeysOf(DEMO_USERNAME).length, before);
    });

    test('may grant only scopes the calling key holds: 403 naming the scope', async () => {
      const { value } = emulator.issueApiKey(DEMO_USERNAME, { name: 'key admin', scopes: ['api-key:read', 'api-key:write', 'scan:read'] });
      assert.equal((await create({ name: 'subset', scopes: ['scan:read', 'api-key:read'] }, value)).status, 201);
      const { status, body } = await create({ name: 'escalation', scopes: ['scan:read', 'scan:write'] }, value);
      assert.equal(status, 403);
      assert.equal(body.error?.code, 'FORBIDDEN');
      assert.match(body.error?.message ?? '', /scan:write/);
      assert.equal(recordNamed('escalation'), undefined);
    });

    test('name rules: missing, empty, longer than 64, control characters are 400; 64 is fine', async () => {
      for (const name of [undefined, 42, '   ', 'x'.repeat(65), 'bad\u0007name']) {
        const { status, body } = await create({ name });
        assert.equal(status, 400, JSON.stringify(name));
        assert.equal(body.error?.code, 'VALIDATION_ERROR');
      }
      assert.equal((await create({ name: 'x'.repeat(64) })).status, 201);
      await start({ maxNameLength: 10 });
      assert.equal((await create({ name: 'x'.repeat(11) })).status, 400);
    });

    test('a duplicate name is 409 CONFLICT; the same name is fine in another organization or after revoking', async () => {
      const { status, body } = await create({ name: 'Scan in CI' });
      assert.equal(status, 409);
      assert.equal(body.error?.code, 'CONFLICT');
      assert.equal((await create({ name: 'Scan in CI', organizationSlug: DEMO_PERSONAL_ORGANIZATION_SLUG })).status, 201);
      assert.equal((await create({ name: 'Lost laptop' })).status, 201, 'the only key named so is revoked');
      assert.equal((await create({ name: 'Old integration' })).status, 409, 'an expired key still holds its name');
    });

    test('scopes: not a list of strings, empty, or unknown is 400', async () => {
      for (const scopes of [undefined, 'scan:read', [42], []]) {
        const { status, body } = await create({ name: 'bad scopes', scopes });
        assert.equal(status, 400, JSON.stringify(scopes));
        assert.equal(body.error?.code, 'VALIDATION_ERROR');
      }
      const { status, body } = await create({ name: 'bad scopes', scopes: ['scan:read', 'scan:destroy'] });
      assert.equal(status, 400);
      assert.match(body.error?.message ?? '', /scan:destroy/);
    });

    test('expiresAt: unparseable, not a string, now or in the past is 400', async () => {
      for (const expiresAt of ['next week', 1_900_000_000_000, new Date(START).toISOString(), new Date(START - DAY).toISOString()]) {
        const { status, body } = await create({ name: 'bad expiry', expiresAt });
        assert.equal(status, 400, JSON.stringify(expiresAt));
        assert.equal(body.error?.code, 'VALIDATION_ERROR');
      }
      assert.equal(recordNamed('bad expiry'), undefined);
    });

    test('organizationSlug in the body: missing 400, unknown 404, not the caller’s 403', async () => {
      assert.equal((await create({ name: 'x', organizationSlug: undefined })).status, 400);
      assert.equal((await create({ name: 'x', organizationSlug: 'initech' })).status, 404);
      assert.equal((await create({ name: 'x', organizationSlug: OTHER_ORGANIZATION_SLUG })).status, 403);
    });
  });

  suite('DELETE /api/v1/api-keys/{id}', () => {
    test('revokes: the key stops authenticating at once and stays listed as revoked', async () => {
      const { id, value } = emulator.issueApiKey(DEMO_USERNAME, { name: 'doomed' });
      clock = START + MINUTE;
      const { status, body } = await json(`/api/v1/api-keys/${id}`, { method: 'DELETE', key: DEMO_ADMIN_API_KEY });
      assert.equal(status, 200);
      assert.deepEqual(body.data, { id, status: 'revoked', revokedAt: new Date(START + MINUTE).toISOString() });
      await expectError('/api/v1/cli/auth/validate', { key: value }, 401, 'UNAUTHORIZED');
      const listed = (await list()).find((k) => k.id === id);
      assert.equal(listed?.status, 'revoked');
      assert.equal(listed?.revokedAt, new Date(START + MINUTE).toISOString());
      await expectError(`/api/v1/api-keys/${id}`, { method: 'DELETE', key: DEMO_ADMIN_API_KEY }, 404, 'NOT_FOUND');
    });

    test('unknown ids, other users’ keys and another organization’s slug are 404', async () => {
      await expectError('/api/v1/api-keys/cnotakey', { method: 'DELETE', key: DEMO_ADMIN_API_KEY }, 404, 'NOT_FOUND');
      await expectError('/api/v1/api-keys/%E0%A4%A', { method: 'DELETE', key: DEMO_ADMIN_API_KEY }, 404, 'NOT_FOUND');
      const other = emulator.apiKeysOf(OTHER_USERNAME).find((k) => k.organizationSlug === ACME);
      assert.ok(other);
      await expectError(`/api/v1/api-keys/${other.id}`, { method: 'DELETE', key: DEMO_ADMIN_API_KEY }, 404, 'NOT_FOUND');
      assert.equal(emulator.apiKeysOf(OTHER_USERNAME).find((k) => k.id === other.id)?.status, 'active');
      const mine = emulator.issueApiKey(DEMO_USERNAME, { name: 'in acme' });
      await expectError(`/api/v1/api-keys/${mine.id}?organizationSlug=${DEMO_PERSONAL_ORGANIZATION_SLUG}`, { method: 'DELETE', key: DEMO_ADMIN_API_KEY }, 404, 'NOT_FOUND');
      assert.equal(record(mine.id)?.status, 'active');
      assert.equal((await call(`/api/v1/api-keys/${mine.id}?organizationSlug=${ACME}`, { method: 'DELETE', key: DEMO_ADMIN_API_KEY })).status, 200);
    });

    test('needs api-key:write: the read-only key gets 403 and the key stays active', async () => {
      const { id } = emulator.issueApiKey(DEMO_USERNAME, { name: 'survivor' });
      assert.match(await expectError(`/api/v1/api-keys/${id}`, { method: 'DELETE', key: DEMO_READ_ONLY_API_KEY }, 403, 'FORBIDDEN'), /api-key:write/);
      assert.equal(record(id)?.status, 'active');
    });

    test('a key can revoke itself', async () => {
      const { id, value } = emulator.issueApiKey(DEMO_USERNAME, { name: 'self', scopes: ['api-key:write'] });
      assert.equal((await call(`/api/v1/api-keys/${id}`, { method: 'DELETE', key: value })).status, 200);
      assert.equal((await call('/api/v1/cli/auth/validate', { key: value })).status, 401);
    });
  });

  suite('response styles', () => {
    async function listBody(): Promise<Envelope & { text: string }> {
      const text = await (await call(`/api/v1/api-keys?organizationSlug=${ACME}`, { key: DEMO_ADMIN_API_KEY })).text();
      return { ...(JSON.parse(text) as Envelope), text };
    }
    const noValues = (text: string) => allValues().every((v) => !text.includes(v));

    test('v1Paginated: data.apiKeys with pagination; the created key in data.apiKey.key', async () => {
      emulator.faults.listStyle('v1Paginated');
      const body = await listBody();
      const items = (body.data as { apiKeys: Item[] }).apiKeys;
      assert.equal(items.length, emulator.apiKeysOf(DEMO_USERNAME).filter((k) => k.organizationSlug === ACME).length);
      assert.deepEqual(Object.keys(items[0]).sort(), PLAIN_FIELDS);
      assert.deepEqual(body.pagination, { page: 1, total: items.length }, 'paged as documented, whatever the shape of the items');
      assert.ok(noValues(body.text));
      const created = (await create({ name: 'paginated' })).body.data as { apiKey: Item };
      assert.match(created.apiKey.key as string, KEY_VALUE);
      assert.equal(created.apiKey.name, 'paginated');
    });

    test('v1KeyPrefix: keyPrefix + lastFour, permissions, epoch-millisecond dates', async () => {
      emulator.faults.listStyle('v1KeyPrefix');
      const body = await listBody();
      const items = body.data as Item[];
      const releaseBot = recordNamed('Release bot') as ApiKeyRecord;
      const item = items.find((k) => k.id === releaseBot.id) as Item;
      assert.deepEqual(item, {
        id: releaseBot.id,
        name: 'Release bot',
        keyPrefix: releaseBot.prefix,
        lastFour: releaseBot.value.slice(-4),
        permissions: releaseBot.scopes,
        createdAt: releaseBot.createdAt.getTime(),
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
        status: 'active',
      });
      assert.equal(items.find((k) => k.name === 'Staging deploy')?.expiresAt, START + 10 * DAY);
      assert.ok(noValues(body.text));
      const created = (await create({ name: 'epoch' })).body.data as Item;
      assert.match(created.key as string, KEY_VALUE);
      assert.equal(created.createdAt, START);
    });

    test('v1Masked: masked value, status without revokedAt, inside data.apiKeys', async () => {
      emulator.faults.listStyle('v1Masked');
      const body = await listBody();
      const items = (body.data as { apiKeys: Item[] }).apiKeys;
      const lost = recordNamed('Lost laptop') as ApiKeyRecord;
      const item = items.find((k) => k.id === lost.id) as Item;
      assert.equal(item.masked, `${lost.prefix}…${lost.value.slice(-4)}`);
      assert.equal(item.status, 'revoked');
      assert.ok(!('revokedAt' in item) && !('scopes' in item) && Array.isArray(item.permissions));
      assert.equal(item.lastUsedAt, START - 45 * DAY);
      assert.ok(noValues(body.text));
      assert.match(((await create({ name: 'masked' })).body.data as { apiKey: Item }).apiKey.key as string, KEY_VALUE);
    });

    test('v1Partial: partial value, revokedAt without status', async () => {
      emulator.faults.listStyle('v1Partial');
      const body = await listBody();
      const items = body.data as Item[];
      const lost = recordNamed('Lost laptop') as ApiKeyRecord;
      const item = items.find((k) => k.id === lost.id) as Item;
      assert.equal(item.partial, `${lost.prefix}****${lost.value.slice(-4)}`);
      assert.equal(item.revokedAt, START - 40 * DAY);
      assert.ok(!('status' in item));
      assert.ok(noValues(body.text));
      assert.match(((await create({ name: 'partial' })).body.data as Item).key as string, KEY_VALUE);
    });

    test('v1 and legacy styles are set independently; clear() and reset() restore both; the option sets the start', async () => {
      emulator.faults.listStyle('v1KeyPrefix');
      emulator.faults.listStyle('camel');
      assert.ok('keyPrefix' in (await list())[0], 'a legacy style leaves the v1 style alone');
      emulator.faults.clear();
      assert.ok('prefix' in (await list())[0]);
      await start({ v1ListStyle: 'v1Partial' });
      assert.ok('partial' in (await list())[0]);
      emulator.faults.listStyle('v1Plain');
      emulator.reset();
      assert.ok('partial' in (await list())[0]);
      assert.deepEqual([...V1_LIST_STYLES], ['v1Plain', 'v1Paginated', 'v1KeyPrefix', 'v1Masked', 'v1Partial']);
      assert.throws(() => emulator.faults.listStyle('xml' as never), RangeError);
    });
  });

  suite('faults on v1 paths', () => {
    test('latency delays matching v1 responses only', async () => {
      emulator.faults.latency(150, { path: '/api/v1/api-keys' });
      let started = performance.now();
      assert.equal((await call('/api/v1/health')).status, 200);
      assert.ok(performance.now() - started < 150);
      started = performance.now();
      assert.equal((await call(`/api/v1/api-keys?organizationSlug=${ACME}`, { key: DEMO_ADMIN_API_KEY })).status, 200);
      assert.ok(performance.now() - started >= 140);
    });

    test('an injected status answers the v1 error envelope; 429 carries Retry-After', async () => {
      const expected: [number, string][] = [
        [401, 'UNAUTHORIZED'],
        [403, 'FORBIDDEN'],
        [404, 'NOT_FOUND'],
        [409, 'CONFLICT'],
        [429, 'RATE_LIMITED'],
        [500, 'INTERNAL_ERROR'],
        [503, 'SERVICE_UNAVAILABLE'],
      ];
      for (const [status, code] of expected) {
        emulator.faults.status(status, { match: { path: '/api/v1/' } });
        const res = await call('/api/v1/cli/auth/validate', { key: DEMO_ADMIN_API_KEY });
        assert.equal(res.status, status);
        const body = (await res.json()) as Envelope;
        assert.equal(body.success, false);
        assert.equal(body.error?.code, code);
        assert.equal(body.meta?.version, 'v1');
        if (status === 429) assert.equal(res.headers.get('retry-after'), '1');
      }
    });

    test('a given body is sent as is; a status fault replaces handling (nothing is created)', async () => {
      emulator.faults.status(503, { body: { success: false, error: { code: 'MAINTENANCE', message: 'Back soon.' } } });
      assert.deepEqual((await json('/api/v1/health')).body, { success: false, error: { code: 'MAINTENANCE', message: 'Back soon.' } });
      emulator.faults.status(500, { match: { method: 'POST', path: '/api/v1/api-keys' } });
      assert.equal((await create({ name: 'not created' })).status, 500);
      assert.equal(recordNamed('not created'), undefined);
    });

    test('a v1 path rule leaves legacy paths alone', async () => {
      emulator.faults.status(503, { match: { path: '/api/v1/', count: Infinity } });
      assert.equal((await call('/api/organization/list')).status, 401, 'legacy: no token → its own 401');
      assert.equal((await call('/api/v1/health')).status, 503);
    });

    test('malformedJson sends 200 application/json that does not parse', async () => {
      emulator.faults.malformedJson({ path: '/api/v1/api-keys' });
      const res = await call(`/api/v1/api-keys?organizationSlug=${ACME}`, { key: DEMO_ADMIN_API_KEY });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      await assert.rejects(res.json(), SyntaxError);
    });

    test('htmlError sends a proxy HTML page', async () => {
      emulator.faults.htmlError(504, { path: '/api/v1/' });
      const res = await call('/api/v1/cli/auth/validate', { key: DEMO_ADMIN_API_KEY });
      assert.equal(res.status, 504);
      assert.equal(res.headers.get('content-type'), 'text/html');
      assert.match(await res.text(), /<title>504 Gateway Time-out<\/title>/);
    });

    test('reset drops the connection; with afterHandling the key is created (and revoked) first', async () => {
      emulator.faults.reset({ method: 'POST', path: '/api/v1/' });
      await assert.rejects(create({ name: 'dropped' }));
      assert.equal(recordNamed('dropped'), undefined);
      emulator.faults.reset({ method: 'POST', path: '/api/v1/' }, { afterHandling: true });
      await assert.rejects(create({ name: 'kept' }));
      const kept = recordNamed('kept');
      assert.ok(kept);
      emulator.faults.reset({ method: 'DELETE' }, { afterHandling: true });
      await assert.rejects(call(`/api/v1/api-keys/${kept.id}`, { method: 'DELETE', key: DEMO_ADMIN_API_KEY }));
      assert.equal(record(kept.id)?.status, 'revoked');
    });

    test('hang never answers', async () => {
      emulator.faults.hang({ path: '/api/v1/health' });
      await assert.rejects(call('/api/v1/health', { signal: AbortSignal.timeout(200) }), { name: 'TimeoutError' });
      assert.equal(emulator.requests[0].status, 0);
      assert.equal(emulator.requests[0].dialect, 'v1');
    });
  });

  suite('echoCredential on v1 paths', () => {
    test('answers 401 UNAUTHORIZED in the envelope, repeating the X-API-Key value, without handling', async () => {
      emulator.faults.echoCredential({ method: 'POST', path: '/api/v1/api-keys' });
      const { status, body, res } = await create({ name: 'echoed' });
      assert.equal(status, 401);
      assert.equal(body.success, false);
      assert.equal(body.error?.code, 'UNAUTHORIZED');
      assert.equal(body.error?.message, `Invalid API key ${DEMO_ADMIN_API_KEY}`);
      assert.equal(body.meta?.version, 'v1');
      assert.equal(res.headers.get('x-api-version'), null);
      assert.equal(recordNamed('echoed'), undefined);
      assert.equal((await create({ name: 'second' })).status, 201, 'only the next matching request');
    });

    test('echoes whatever credential the request carried, a Bearer token included', async () => {
      emulator.faults.echoCredential({ count: 2 });
      const bearer = await json('/api/v1/health', { headers: { authorization: 'Bearer ct_someBearerValue' } });
      assert.equal(bearer.body.error?.message, 'Invalid token ct_someBearerValue');
      const both = await json('/api/v1/health', { key: DEMO_READ_ONLY_API_KEY, headers: { authorization: 'Bearer sess' } });
      assert.match(both.body.error?.message ?? '', new RegExp(`${DEMO_READ_ONLY_API_KEY}`));
      assert.match(both.body.error?.message ?? '', /sess/);
    });

    test('can be set over HTTP', async () => {
      const res = await fetch(`${emulator.url}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'echoCredential', pathRegex: '^/api/v1/cli/' }),
      });
      assert.equal(res.status, 200);
      assert.equal((await call('/api/v1/health')).status, 200);
      const echoed = await json('/api/v1/cli/auth/validate', { key: DEMO_NO_KEY_READ_API_KEY });
      assert.equal(echoed.status, 401);
      assert.ok(echoed.body.error?.message.includes(DEMO_NO_KEY_READ_API_KEY));
    });
  });

  suite('request log', () => {
    test('records the dialect, the auth kind and every credential carried, valid or not', async () => {
      await call('/api/v1/health');
      await call('/api/v1/cli/auth/validate', { key: DEMO_ADMIN_API_KEY });
      const expired = emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.status === 'expired') as ApiKeyRecord;
      await call('/api/v1/cli/auth/validate', { key: expired.value });
      await call('/api/v1/cli/auth/validate', { key: 'ct_unknown', headers: { authorization: 'Bearer legacy-session' } });
      await call('/api/signin', { method: 'POST', body: { client_id: DEMO_USERNAME, client_secret: DEMO_PASSWORD } });
      assert.deepEqual(
        emulator.requests.map(({ path, status, dialect, authKind, credentials }) => ({ path, status, dialect, authKind, credentials })),
        [
          { path: '/api/v1/health', status: 200, dialect: 'v1', authKind: 'none', credentials: [] },
          { path: '/api/v1/cli/auth/validate', status: 200, dialect: 'v1', authKind: 'apiKey', credentials: [DEMO_ADMIN_API_KEY] },
          { path: '/api/v1/cli/auth/validate', status: 401, dialect: 'v1', authKind: 'none', credentials: [expired.value] },
          { path: '/api/v1/cli/auth/validate', status: 401, dialect: 'v1', authKind: 'none', credentials: ['legacy-session', 'ct_unknown'] },
          { path: '/api/signin', status: 200, dialect: 'classic', authKind: 'none', credentials: [DEMO_PASSWORD] },
        ],
      );
    });

    test('countRequests filters by credential and dialect; a fresh emulator has no requests', async () => {
      assert.equal(emulator.countRequests(), 0);
      assert.equal(emulator.requests.length, 0);
      await call('/api/v1/cli/auth/validate', { key: DEMO_ADMIN_API_KEY });
      await call(`/api/v1/api-keys?organizationSlug=${ACME}`, { key: DEMO_ADMIN_API_KEY });
      await call('/api/v1/cli/auth/validate', { key: DEMO_READ_ONLY_API_KEY });
      await call('/api/organization/list', { headers: { 'x-api-key': DEMO_NO_KEY_READ_API_KEY } });
      assert.equal(emulator.countRequests({ credential: DEMO_ADMIN_API_KEY }), 2);
      assert.equal(emulator.countRequests({ credential: DEMO_READ_ONLY_API_KEY }), 1);
      assert.equal(emulator.countRequests({ credential: DEMO_NO_KEY_READ_API_KEY }), 1, 'an X-API-Key sent to a legacy path counts too');
      assert.equal(emulator.countRequests({ credential: DEMO_PASSWORD }), 0);
      assert.equal(emulator.countRequests({ dialect: 'v1' }), 3);
      assert.equal(emulator.countRequests({ dialect: 'classic', credential: DEMO_NO_KEY_READ_API_KEY }), 1);
      assert.equal(emulator.countRequests({ dialect: 'v1', path: '/api/v1/cli/auth/validate', credential: DEMO_ADMIN_API_KEY }), 1);
    });
  });

  suite('test-side API', () => {
    test('issueApiKey defaults: first team organization, generated name, every scope, no expiry, never used', async () => {
      const issued = emulator.issueApiKey(DEMO_USERNAME);
      assert.match(issued.value, KEY_VALUE);
      assert.deepEqual(
        { ...issued, id: undefined, value: undefined },
        { id: undefined, value: undefined, name: 'api-key-00001', prefix: issued.value.slice(0, 9), organizationSlug: ACME, scopes: [...API_KEY_SCOPES], expiresAt: null },
      );
      assert.equal(emulator.issueApiKey(DEMO_USERNAME).name, 'api-key-00002');
      assert.equal(record(issued.id)?.lastUsedAt, null);
      assert.equal((await call('/api/v1/cli/auth/validate', { key: issued.value })).status, 200);
    });

    test('issueApiKey options: organization, name, scopes, expiry (past means expired) and last use', async () => {
      const lastUsedAt = new Date(START - 3 * HOUR);
      const personal = emulator.issueApiKey(DEMO_USERNAME, { organizationSlug: DEMO_PERSONAL_ORGANIZATION_SLUG, name: 'mine', scopes: ['api-key:read'], lastUsedAt });
      const listed = (await list(personal.value, DEMO_PERSONAL_ORGANIZATION_SLUG)).find((k) => k.id === personal.id);
      assert.deepEqual(listed?.scopes, ['api-key:read']);
      assert.equal(listed?.lastUsedAt, new Date(START).toISOString(), 'the listing call itself used it');
      const old = emulator.issueApiKey(DEMO_USERNAME, { name: 'old', lastUsedAt });
      assert.equal(record(old.id)?.lastUsedAt?.getTime(), lastUsedAt.getTime());
      const expired = emulator.issueApiKey(DEMO_USERNAME, { name: 'expired', expiresAt: new Date(START - 1) });
      assert.equal(record(expired.id)?.status, 'expired');
      assert.equal((await call('/api/v1/cli/auth/validate', { key: expired.value })).status, 401);
    });

    test('issueApiKey refuses duplicates, unknown scopes, foreign organizations and unknown users', () => {
      assert.throws(() => emulator.issueApiKey(DEMO_USERNAME, { name: 'Scan in CI' }), /already has/);
      assert.throws(() => emulator.issueApiKey(DEMO_USERNAME, { scopes: ['root'] }), /Unknown scope/);
      assert.throws(() => emulator.issueApiKey(DEMO_USERNAME, { organizationSlug: OTHER_ORGANIZATION_SLUG }), /not a member/);
      assert.throws(() => emulator.issueApiKey('nobody@codethreat.test'), /Unknown/);
    });

    test('apiKeysOf is the server-side view, values included; revoke() works for keys', async () => {
      const keys = emulator.apiKeysOf(DEMO_USERNAME);
      assert.ok(keys.some((k) => k.value === DEMO_ADMIN_API_KEY && k.status === 'active'));
      assert.ok(keys.every((k) => k.owner === DEMO_USERNAME));
      const { id, value } = emulator.issueApiKey(DEMO_USERNAME, { name: 'revocable' });
      assert.equal(emulator.revoke(id), true);
      assert.equal(emulator.revoke(id), false, 'already revoked');
      assert.equal(emulator.revoke('cunknown'), false);
      assert.equal(record(id)?.status, 'revoked');
      assert.equal((await call('/api/v1/cli/auth/validate', { key: value })).status, 401);
    });

    test('reset() restores the v1 demo data; a seed without v1 has no v1 users; a seed can bring its own', async () => {
      emulator.issueApiKey(DEMO_USERNAME, { name: 'temporary' });
      emulator.revoke((recordNamed('Scan in CI') as ApiKeyRecord).id);
      emulator.reset();
      assert.equal(recordNamed('temporary'), undefined);
      assert.equal(recordNamed('Scan in CI')?.status, 'active');

      const seed: Seed = { organizations: [], users: [{ username: 'u', password: 'p', organizations: [] }] };
      await start({ seed });
      assert.equal((await call('/api/v1/cli/auth/validate', { key: DEMO_ADMIN_API_KEY })).status, 401);
      assert.throws(() => emulator.issueApiKey(DEMO_USERNAME), /Unknown/);

      const value = 'ct_seededSeededSeededSeededSeededSeeded0042';
      await start({
        seed: {
          ...seed,
          v1: {
            organizations: [{ name: 'Solo', slug: 'solo', planType: 'free', isPersonal: true }],
            users: [{ email: 'u@x.test', name: 'U', organizations: ['solo'], apiKeys: [{ name: 'seeded', organizationSlug: 'solo', scopes: ['api-key:read'], value }] }],
          },
        },
      });
      assert.deepEqual((await list(value, 'solo')).map((k) => k.name), ['seeded']);
      assert.equal(emulator.issueApiKey('u@x.test').organizationSlug, 'solo', 'falls back to the personal organization');
    });
  });

  suite('HTTP control endpoints', () => {
    function control(method: string, path: string, body?: unknown): Promise<Response> {
      return fetch(`${emulator.url}/__emulator${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    }

    test('issue, list and revoke API keys over HTTP; control calls are not logged', async () => {
      const expiresAt = new Date(START + DAY).toISOString();
      const res = await control('POST', '/api-keys/issue', { username: DEMO_USERNAME, name: 'from-http', scopes: ['api-key:read'], expiresAt, lastUsedAt: null });
      assert.equal(res.status, 200);
      const issued = (await res.json()) as { id: string; value: string; expiresAt: string; scopes: string[] };
      assert.match(issued.value, KEY_VALUE);
      assert.equal(issued.expiresAt, expiresAt);
      assert.equal((await call(`/api/v1/api-keys?organizationSlug=${ACME}`, { key: issued.value })).status, 200);

      const keys = (await (await control('GET', `/api-keys?username=${encodeURIComponent(DEMO_USERNAME)}`)).json()) as { id: string; value: string }[];
      assert.equal(keys.find((k) => k.id === issued.id)?.value, issued.value);

      assert.equal((await control('DELETE', `/api-keys/${issued.id}`)).status, 200);
      assert.equal((await control('DELETE', `/api-keys/${issued.id}`)).status, 404);
      assert.equal((await call('/api/v1/cli/auth/validate', { key: issued.value })).status, 401);
      const other = emulator.issueApiKey(DEMO_USERNAME, { name: 'via tokens route' });
      assert.equal((await control('DELETE', `/tokens/${other.id}`)).status, 200, 'the legacy revoke route revokes keys too');
      assert.equal(record(other.id)?.status, 'revoked');
      assert.equal(emulator.countRequests(), 2);
    });

    test('bad input is 400', async () => {
      assert.equal((await control('POST', '/api-keys/issue', { username: 'nobody' })).status, 400);
      assert.equal((await control('POST', '/api-keys/issue', { username: DEMO_USERNAME, expiresAt: 'soon' })).status, 400);
      assert.equal((await control('POST', '/api-keys/issue', { username: DEMO_USERNAME, scopes: 'all' })).status, 400);
      assert.equal((await control('POST', '/api-keys/issue', { username: DEMO_USERNAME, scopes: ['root'] })).status, 400);
      assert.equal((await control('GET', '/api-keys?username=nobody')).status, 400);
      assert.equal((await control('POST', '/faults', { kind: 'listStyle', style: 'v1Nope' })).status, 400);
    });

    test('many keys at once over HTTP, in a chosen format', async () => {
      const res = await control('POST', '/api-keys', { username: DEMO_USERNAME, count: 45, organizationSlug: ACME, namePrefix: 'bulk', format: 'ctk_' });
      assert.deepEqual(await res.json(), { created: 45 });
      const bulk = emulator.apiKeysOf(DEMO_USERNAME).filter((k) => k.name.startsWith('bulk-'));
      assert.equal(bulk.length, 45);
      assert.equal(bulk[44].name, 'bulk-00045');
      assert.ok(bulk.every((k) => k.value.startsWith('ctk_')));
      assert.equal((await control('POST', '/api-keys', { username: DEMO_USERNAME, count: 1, format: 'xyz_' })).status, 400);
      assert.equal((await control('POST', '/faults', { kind: 'listStyle', style: 'pagesByHasNext' })).status, 200);
      assert.equal((await control('POST', '/faults', { kind: 'status', status: 503, path: '/api/v1/api-keys', query: { page: '2' } })).status, 200);
      assert.equal((await call(`/api/v1/api-keys?organizationSlug=${ACME}&page=2`, { key: DEMO_ADMIN_API_KEY })).status, 503);
    });

    test('v1 styles can be set over HTTP', async () => {
      assert.equal((await control('POST', '/faults', { kind: 'listStyle', style: 'v1KeyPrefix' })).status, 200);
      assert.ok('keyPrefix' in (await list())[0]);
    });
  });

  suite('demo data', () => {
    test('the fixed demo keys: admin with every scope, read-only, and one without api-key:read', () => {
      const byValue = (value: string) => emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.value === value) as ApiKeyRecord;
      for (const value of [DEMO_ADMIN_API_KEY, DEMO_READ_ONLY_API_KEY, DEMO_NO_KEY_READ_API_KEY]) {
        assert.match(value, KEY_VALUE);
        assert.equal(byValue(value).organizationSlug, ACME);
        assert.equal(byValue(value).expiresAt, null);
        assert.equal(byValue(value).status, 'active');
      }
      assert.deepEqual(byValue(DEMO_ADMIN_API_KEY).scopes, [...API_KEY_SCOPES]);
      assert.deepEqual(byValue(DEMO_READ_ONLY_API_KEY).scopes, ['api-key:read', 'scan:read']);
      assert.ok(!byValue(DEMO_NO_KEY_READ_API_KEY).scopes.includes('api-key:read'));
      assert.equal(API_KEY_SCOPES.length, 21);
    });

    test('acme holds keys never used, used hours ago, expiring in ~10 days, expired, revoked and without expiry', () => {
      const acme = emulator.apiKeysOf(DEMO_USERNAME).filter((k) => k.organizationSlug === ACME && !k.name.startsWith('Demo'));
      const hoursAgo = (k: ApiKeyRecord) => (k.lastUsedAt === null ? null : (START - k.lastUsedAt.getTime()) / HOUR);
      assert.ok(acme.some((k) => k.lastUsedAt === null && k.status === 'active'), 'never used');
      assert.ok(acme.some((k) => { const h = hoursAgo(k); return h !== null && h >= 1 && h < 24; }), 'used hours ago');
      assert.ok(acme.some((k) => k.expiresAt !== null && Math.abs(k.expiresAt.getTime() - START - 10 * DAY) < DAY && k.status === 'active'), 'expiring in ~10 days');
      assert.ok(acme.some((k) => k.status === 'expired'));
      assert.ok(acme.some((k) => k.status === 'revoked'));
      assert.ok(acme.some((k) => k.expiresAt === null && k.status === 'active'), 'no expiry');
      assert.deepEqual(recordNamed('Scan in CI')?.scopes, ['scan:write', 'repository:read']);
      assert.ok(new Set(acme.map((k) => k.scopes.join())).size >= 4, 'varied scopes');
    });

    test('npm run emulator prints the legacy lines first, then the v1 keys and organization slugs', async function () {
      this.timeout(10_000);
      // out/test/unit/emulatorV1.test.js → out/emulator/main.js
      const child = spawn(process.execPath, [resolve(__dirname, '../../emulator/main.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const lines: string[] = [];
      try {
        await new Promise<void>((done, fail) => {
          createInterface({ input: child.stdout }).on('line', (line) => {
            lines.push(line);
            if (line.includes('test controls')) done();
          });
          child.once('exit', (code) => fail(new Error(`the emulator exited (${code})`)));
        });
      } finally {
        child.kill('SIGTERM');
      }
      assert.match(lines[0], /listening on http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(lines[1], new RegExp(`user: +${DEMO_USERNAME} / ${DEMO_PASSWORD}`));
      assert.match(lines[2], /organizations: +acme, acme-labs/);
      // The lines scripts/start-demo.mjs picks out and prints.
      const v1Lines = lines.filter((line) => /^ {2}(admin key|read-only key|scan-only key|organizations): .*(ct_|personal)/.test(line));
      assert.equal(v1Lines.length, 4);
      assert.match(v1Lines[0], new RegExp(`admin key: +${DEMO_ADMIN_API_KEY} \\(every scope\\)`));
      assert.match(v1Lines[1], new RegExp(`read-only key: +${DEMO_READ_ONLY_API_KEY} `));
      assert.match(v1Lines[2], new RegExp(`scan-only key: +${DEMO_NO_KEY_READ_API_KEY} .*no api-key:read`));
      assert.match(v1Lines[3], new RegExp(`${ACME} \\(team.*${DEMO_PERSONAL_ORGANIZATION_SLUG} \\(personal\\)`));
      assert.ok(lines.some((line) => line.includes(`${emulatorUrl(lines[0])}/api/v1`) && line.includes('X-API-Key')));
    });
  });
});

function emulatorUrl(firstLine: string): string {
  return /listening on (\S+)/.exec(firstLine)?.[1] ?? '';
}
