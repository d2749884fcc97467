// The emulator's "hostile text" fault, over real HTTP in both dialects: every text field carries
// markup and 10 KB, while identifiers and credential values stay usable.
import * as assert from 'node:assert/strict';
import { DEMO_ADMIN_API_KEY, DEMO_ORGANIZATION, DEMO_ORGANIZATION_SLUG, DEMO_PASSWORD, DEMO_USERNAME, HOSTILE_LOCATION, HOSTILE_MARKUP, startEmulator, type RunningEmulator } from '../emulator/emulator';

type Json = Record<string, unknown>;

suite('CodeThreat emulator: hostile text', () => {
  let emulator: RunningEmulator;

  setup(async () => {
    emulator = await startEmulator();
    emulator.faults.hostileText();
  });

  teardown(() => emulator.close());

  async function classic(path: string, init: { method?: string; session?: string; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'x-ct-organization': DEMO_ORGANIZATION, 'content-type': 'application/json' };
    if (init.session) headers.authorization = `Bearer ${init.session}`;
    return fetch(emulator.url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  }

  async function v1(path: string, init: { method?: string; body?: unknown } = {}): Promise<Json> {
    const res = await fetch(emulator.url + path, {
      method: init.method ?? 'GET',
      headers: { 'x-api-key': DEMO_ADMIN_API_KEY, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return (await res.json()) as Json;
  }

  const isHostile = (text: unknown) => typeof text === 'string' && text.includes('](command:') && text.length > 10 * 1024;

  test('classic /api: token names, partial values, organizations and errors are hostile; the session and a new value are not', async () => {
    const signIn = (await (await classic('/api/signin', { method: 'POST', body: { client_id: DEMO_USERNAME, client_secret: DEMO_PASSWORD } })).json()) as Json;
    const session = signIn.access_token as string;
    assert.match(session, /^eyJ/);
    const list = (await (await classic('/api/accesstoken/list', { session })).json()) as Json[];
    assert.ok(list.length > 0);
    for (const item of list) {
      assert.ok(isHostile(item.name), 'name');
      assert.ok(isHostile(item.token) && String(item.token).includes('…'), 'partial value, still with a mask');
      assert.doesNotMatch(String(item.id), /command/);
    }
    const organizations = (await (await classic('/api/organization/list', { session })).json()) as string[];
    assert.ok(organizations.includes(DEMO_ORGANIZATION), 'the real organizations stay');
    assert.ok(organizations.some(isHostile), 'and a hostile one is added');
    const created = (await (await classic('/api/accesstoken/add', { method: 'POST', session, body: { name: 'ci' } })).json()) as Json;
    assert.match(String(created.token), /^ct_[A-Za-z0-9]{40}$/, 'the value stays usable');
    assert.ok(isHostile(created.name));
    const refused = (await (await classic('/api/accesstoken/list', { session: 'wrong' })).json()) as Json;
    assert.ok(isHostile(refused.message), 'error message');
  });

  test('AppSec /api/v1: key names, prefixes, scopes, user and organization names and errors are hostile; slugs and values are not', async () => {
    const validate = (await v1('/api/v1/cli/auth/validate?includeOrganizations=true&includePermissions=true')).data as { user: Json; organizations: Json[]; permissions: string[] };
    assert.ok(isHostile(validate.user.name) && isHostile(validate.user.email));
    assert.ok(validate.organizations.some((o) => o.slug === DEMO_ORGANIZATION_SLUG && isHostile(o.name)));
    assert.ok(validate.organizations.some((o) => isHostile(o.slug)), 'a hostile organization slug is offered too');
    assert.ok(validate.permissions.some(isHostile) && validate.permissions.includes('api-key:write'), 'a hostile scope among the real ones');
    const keys = (await v1(`/api/v1/api-keys?organizationSlug=${DEMO_ORGANIZATION_SLUG}`)).data as Json[];
    for (const key of keys) {
      assert.ok(isHostile(key.name) && isHostile(key.prefix));
      assert.ok((key.scopes as string[]).some(isHostile));
    }
    const created = (await v1('/api/v1/api-keys', { method: 'POST', body: { name: 'ci', scopes: ['scan:read'], organizationSlug: DEMO_ORGANIZATION_SLUG } })).data as Json;
    assert.match(String(created.key), /^ct_[A-Za-z0-9]{40}$/);
    const refused = (await v1('/api/v1/api-keys', { method: 'POST', body: {} })).error as Json;
    assert.ok(isHostile(refused.message));
  });

  test('a redirect points at a hostile Location; clear() ends the mode', async () => {
    emulator.faults.status(302, { match: { path: '/api/v1/api-keys' } });
    const res = await fetch(`${emulator.url}/api/v1/api-keys`, { headers: { 'x-api-key': DEMO_ADMIN_API_KEY }, redirect: 'manual' });
    assert.equal(res.status, 302);
    // Sent as Latin-1 bytes; read back here as UTF-8, hence no equality.
    const location = res.headers.get('location') ?? '';
    assert.ok(location.startsWith(HOSTILE_LOCATION.slice(0, 60)) && location.length > 10 * 1024, 'hostile Location');
    emulator.faults.clear();
    const keys = (await v1(`/api/v1/api-keys?organizationSlug=${DEMO_ORGANIZATION_SLUG}`)).data as Json[];
    assert.ok(keys.every((key) => !String(key.name).includes(HOSTILE_MARKUP)));
  });
});
