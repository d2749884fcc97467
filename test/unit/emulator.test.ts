// Tests of the CodeThreat API emulator itself, over real HTTP.
import * as assert from 'node:assert/strict';
import {
  DEMO_ORGANIZATION,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  OTHER_ORGANIZATION,
  OTHER_USERNAME,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
  type Seed,
} from '../emulator/emulator';

const START = Date.parse('2025-03-01T12:00:00.000Z');
const TOKEN_VALUE = /^ct_[0-9A-Za-z]{40}$/;
const INVALID_TOKEN_BODY = { status: 401, code: 'Unauthorized', message: 'Invalid token' };

interface CallOptions {
  method?: string;
  token?: string;
  /** false: no x-ct-organization header. */
  org?: string | false;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

suite('CodeThreat emulator', () => {
  let emulator: RunningEmulator;
  let clock: number;

  async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    await emulator?.close();
    emulator = await startEmulator({ now: () => clock, ...options });
    return emulator;
  }

  function call(path: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.org !== false) headers['x-ct-organization'] = options.org ?? DEMO_ORGANIZATION;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(emulator.url + path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      signal: options.signal,
    });
  }

  async function signIn(username = DEMO_USERNAME, password = DEMO_PASSWORD): Promise<string> {
    const res = await call('/api/signin', { method: 'POST', org: false, body: { client_id: username, client_secret: password } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { access_token: string };
    return body.access_token;
  }

  async function createToken(session: string, name: string): Promise<Response> {
    return call('/api/accesstoken/add', { method: 'POST', token: session, body: { name } });
  }

  setup(async () => {
    clock = START;
    await start();
  });

  teardown(async () => {
    await emulator.close();
  });

  suite('server', () => {
    test('listens on loopback with a URL without trailing slash', () => {
      assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(emulator.port > 0);
    });

    test('every response carries x-api-version, and the version is an option', async () => {
      const notFound = await call('/api/nope');
      assert.equal(notFound.headers.get('x-api-version'), '1.9.4');
      await start({ apiVersion: '1.7.0' });
      const res = await call('/api/signin', { method: 'POST', body: { client_id: DEMO_USERNAME, client_secret: DEMO_PASSWORD } });
      assert.equal(res.headers.get('x-api-version'), '1.7.0');
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    });

    test('unknown /api path is 404 and a wrong method is 405', async () => {
      const session = await signIn();
      const unknown = await call('/api/accesstoken/everything', { token: session });
      assert.equal(unknown.status, 405, 'GET on the delete route is a wrong method');
      const missing = await call('/api/projectz', { token: session });
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), { code: 404, message: 'Not Found.' });
      const wrongMethod = await call('/api/accesstoken/list', { method: 'POST', token: session, body: {} });
      assert.equal(wrongMethod.status, 405);
      assert.deepEqual(await wrongMethod.json(), { code: 405, message: 'Method Not Allowed.' });
    });

    test('an invalid JSON body is 400 and a body over 1 MB is 413', async () => {
      const session = await signIn();
      const invalid = await call('/api/accesstoken/add', { method: 'POST', token: session, body: '{"name": ' });
      assert.equal(invalid.status, 400);
      assert.equal(((await invalid.json()) as { code: number }).code, 400);
      const huge = await call('/api/accesstoken/add', { method: 'POST', token: session, body: { name: 'x'.repeat(1024 * 1024) } });
      assert.equal(huge.status, 413);
    });

    test('close() does not hang on open keep-alive and hanging connections', async () => {
      emulator.faults.hang();
      const pending = fetch(`${emulator.url}/api/organization/list`).catch((error: unknown) => error);
      await waitFor(() => emulator.requests.length === 1);
      // Open connections would keep close() waiting for ever: bounded well below the test's timeout.
      const closed = await Promise.race([emulator.close().then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 10_000, 'hung'))]);
      assert.equal(closed, 'closed');
      assert.ok((await pending) instanceof Error);
    });
  });

  suite('sign-in and authentication', () => {
    test('signin returns a session token that authenticates', async () => {
      const session = await signIn();
      assert.ok(session.length > 20);
      const res = await call('/api/organization/list', { token: session });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), ['acme', 'acme-labs']);
    });

    test('wrong credentials are 401 and missing fields are 400', async () => {
      const wrong = await call('/api/signin', { method: 'POST', body: { client_id: DEMO_USERNAME, client_secret: 'nope' } });
      assert.equal(wrong.status, 401);
      assert.deepEqual(await wrong.json(), { code: 401, message: 'Invalid username or password.' });
      const missing = await call('/api/signin', { method: 'POST', body: { client_id: DEMO_USERNAME } });
      assert.equal(missing.status, 400);
    });

    test('missing or invalid tokens get the documented 401 body', async () => {
      for (const token of [undefined, 'ct_notARealToken']) {
        const res = await call('/api/accesstoken/list', { token });
        assert.equal(res.status, 401);
        assert.deepEqual(await res.json(), INVALID_TOKEN_BODY);
      }
    });

    test('a raw token without "Bearer " is accepted', async () => {
      const { value } = emulator.issueAccessToken(DEMO_USERNAME, 'raw');
      const res = await call('/api/organization/list', { headers: { authorization: value } });
      assert.equal(res.status, 200);
    });

    test('the organization header is required and must name one of the caller’s organizations', async () => {
      const session = await signIn();
      const missing = await call('/api/accesstoken/list', { token: session, org: false });
      assert.equal(missing.status, 400);
      const foreign = await call('/api/accesstoken/list', { token: session, org: OTHER_ORGANIZATION });
      assert.equal(foreign.status, 403);
      assert.deepEqual(await foreign.json(), { code: 403, message: 'Access denied.' });
      const second = await call('/api/accesstoken/list', { token: session, org: 'acme-labs' });
      assert.equal(second.status, 200);
    });

    test('GET /api/organization: 200 for a member, 404 unknown, 403 not a member', async () => {
      const session = await signIn();
      const ok = await call('/api/organization?key=acme', { token: session });
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { name: string }).name, 'acme');
      const unknown = await call('/api/organization?key=initech', { token: session });
      assert.equal(unknown.status, 404);
      assert.deepEqual(await unknown.json(), { code: 404, message: 'Organization not found.' });
      const foreign = await call(`/api/organization?key=${OTHER_ORGANIZATION}`, { token: session });
      assert.equal(foreign.status, 403);
      assert.deepEqual(await foreign.json(), { code: 403, message: 'Access denied.' });
    });
  });

  suite('access tokens', () => {
    test('list shows the caller’s tokens with partial values only', async () => {
      const session = await signIn();
      const res = await call('/api/accesstoken/list', { token: session });
      assert.equal(res.status, 200);
      const list = (await res.json()) as Record<string, unknown>[];
      const stored = emulator.tokensOf(DEMO_USERNAME);
      assert.equal(list.length, stored.length);
      assert.deepEqual(Object.keys(list[0]).sort(), ['created_at', 'id', 'last_used', 'name', 'token']);
      for (const [i, item] of list.entries()) {
        assert.match(item.id as string, /^[0-9a-f]{24}$/);
        assert.equal(item.name, stored[i].name);
        assert.notEqual(item.token, stored[i].value);
        assert.match(item.token as string, /^ct_\w{4}…\w{4}$/);
      }
      assert.ok(list.some((item) => item.last_used === null), 'the demo data has a never-used token');
      const text = JSON.stringify(list);
      for (const token of stored) assert.ok(!text.includes(token.value));
    });

    test('tokens are per user: another user sees only their own', async () => {
      const other = await signIn(OTHER_USERNAME, 'other-password');
      const res = await call('/api/accesstoken/list', { token: other, org: OTHER_ORGANIZATION });
      const names = ((await res.json()) as { name: string }[]).map((t) => t.name);
      assert.deepEqual(names, emulator.tokensOf(OTHER_USERNAME).map((t) => t.name));
      const demoId = emulator.tokensOf(DEMO_USERNAME)[0].id;
      const del = await call(`/api/accesstoken/${demoId}`, { method: 'DELETE', token: other, org: OTHER_ORGANIZATION });
      assert.equal(del.status, 404);
      assert.equal(emulator.tokensOf(DEMO_USERNAME)[0].id, demoId);
    });

    test('add returns the full value once; the list never shows it again', async () => {
      const session = await signIn();
      const res = await createToken(session, '  Build server  ');
      assert.equal(res.status, 200);
      const created = (await res.json()) as Record<string, unknown>;
      assert.equal(created.name, 'Build server');
      assert.match(created.token as string, TOKEN_VALUE);
      assert.equal(created.created_at, new Date(START).toISOString());
      assert.equal(created.last_used, null);
      const list = await (await call('/api/accesstoken/list', { token: session })).text();
      assert.ok(list.includes('Build server'));
      assert.ok(!list.includes(created.token as string));
      assert.equal(emulator.tokensOf(DEMO_USERNAME).find((t) => t.id === created.id)?.value, created.token);
    });

    test('createStatus option answers 201', async () => {
      await start({ createStatus: 201 });
      const res = await createToken(await signIn(), 'ci');
      assert.equal(res.status, 201);
    });

    test('name rules: empty, too long, control characters', async () => {
      await start({ maxNameLength: 10 });
      const session = await signIn();
      for (const name of ['   ', 'x'.repeat(11), 'bad\u0007name', 'tab\there']) {
        const res = await createToken(session, name);
        assert.equal(res.status, 400, JSON.stringify(name));
        const body = (await res.json()) as { code: number; message: string };
        assert.equal(body.code, 400);
        assert.ok(body.message.length > 0);
      }
      assert.equal((await createToken(session, 'x'.repeat(10))).status, 200);
      const missing = await call('/api/accesstoken/add', { method: 'POST', token: session, body: {} });
      assert.equal(missing.status, 400);
    });

    test('duplicate names are 400 by default and duplicateNameStatus can make them 409', async () => {
      const session = await signIn();
      const existing = emulator.tokensOf(DEMO_USERNAME)[0].name;
      const dup = await createToken(session, existing);
      assert.equal(dup.status, 400);
      assert.deepEqual(await dup.json(), { code: 400, message: 'A token with this name already exists.' });
      await start({ duplicateNameStatus: 409 });
      const dup409 = await createToken(await signIn(), existing);
      assert.equal(dup409.status, 409);
      // The same name under another user is fine: names are unique per user only.
      const other = await signIn(OTHER_USERNAME, 'other-password');
      const res = await call('/api/accesstoken/add', { method: 'POST', token: other, org: OTHER_ORGANIZATION, body: { name: existing } });
      assert.equal(res.status, 200);
    });

    test('delete answers the generic success body and revokes the token at once', async () => {
      const session = await signIn();
      const { id, value } = emulator.issueAccessToken(DEMO_USERNAME, 'doomed');
      assert.equal((await call('/api/organization/list', { token: value })).status, 200);
      const res = await call(`/api/accesstoken/${id}`, { method: 'DELETE', token: session });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { result: { message: 'successfull' }, error: false });
      const after = await call('/api/organization/list', { token: value });
      assert.equal(after.status, 401);
      assert.deepEqual(await after.json(), INVALID_TOKEN_BODY);
      const again = await call(`/api/accesstoken/${id}`, { method: 'DELETE', token: session });
      assert.equal(again.status, 404);
      assert.deepEqual(await again.json(), { code: 404, message: 'Access token not found.' });
    });

    test('a token can delete itself, and revoke() works from the test side', async () => {
      const { id, value } = emulator.issueAccessToken(DEMO_USERNAME);
      assert.equal((await call(`/api/accesstoken/${id}`, { method: 'DELETE', token: value })).status, 200);
      assert.equal((await call('/api/accesstoken/list', { token: value })).status, 401);
      const second = emulator.issueAccessToken(DEMO_USERNAME);
      assert.equal(emulator.revoke(second.id), true);
      assert.equal(emulator.revoke(second.id), false);
      assert.equal((await call('/api/accesstoken/list', { token: second.value })).status, 401);
    });

    test('every request with an access token updates its last-used time; sessions have none', async () => {
      const { id, value } = emulator.issueAccessToken(DEMO_USERNAME, 'tracked');
      const lastUsed = () => emulator.tokensOf(DEMO_USERNAME).find((t) => t.id === id)?.lastUsedAt;
      assert.equal(lastUsed(), null);
      clock = START + 60_000;
      await call('/api/organization/list', { token: value });
      assert.equal(lastUsed()?.getTime(), START + 60_000);
      clock = START + 120_000;
      const list = (await (await call('/api/accesstoken/list', { token: value })).json()) as { id: string; last_used: string }[];
      assert.equal(list.find((t) => t.id === id)?.last_used, new Date(START + 120_000).toISOString());
      clock = START + 180_000;
      await call('/api/organization/list', { token: await signIn() });
      assert.equal(lastUsed()?.getTime(), START + 120_000);
    });

    test('tokenEndpoints: false behaves like an older server (404), or 405 when asked', async () => {
      await start({ tokenEndpoints: false });
      let session = await signIn();
      assert.equal((await call('/api/accesstoken/list', { token: session })).status, 404);
      assert.equal((await createToken(session, 'x')).status, 404);
      assert.equal((await call('/api/organization/list', { token: session })).status, 200);
      await start({ tokenEndpoints: 405 });
      session = await signIn();
      assert.equal((await call('/api/accesstoken/list', { token: session })).status, 405);
    });

    test('a custom seed replaces the demo data; reset() restores it', async () => {
      const seed: Seed = {
        organizations: ['o1'],
        users: [{ username: 'u', password: 'p', organizations: ['o1'], tokens: [{ name: 'seeded', value: 'ct_seeded-value-0000000001', lastUsedAt: null }] }],
      };
      await start({ seed });
      const res = await call('/api/accesstoken/list', { token: 'ct_seeded-value-0000000001', org: 'o1' });
      assert.equal(res.status, 200);
      assert.deepEqual(((await res.json()) as { name: string }[]).map((t) => t.name), ['seeded']);
      emulator.issueAccessToken('u', 'extra');
      emulator.reset();
      assert.deepEqual(emulator.tokensOf('u').map((t) => t.name), ['seeded']);
      emulator.reset({ organizations: [], users: [{ username: 'v', password: 'p', organizations: [] }] });
      assert.deepEqual(emulator.tokensOf('v'), []);
    });
  });

  suite('demo data', () => {
    test('the demo user has tokens never used, used minutes ago, 3 days ago and 200 days ago', () => {
      const ages = emulator
        .tokensOf(DEMO_USERNAME)
        .map((t) => (t.lastUsedAt === null ? null : (START - t.lastUsedAt.getTime()) / 60_000));
      assert.ok(ages.includes(null));
      assert.ok(ages.some((m) => m !== null && m > 0 && m < 60));
      assert.ok(ages.includes(3 * 24 * 60));
      assert.ok(ages.includes(200 * 24 * 60));
      assert.equal(emulator.tokensOf(OTHER_USERNAME).length > 0, true);
    });
  });

  suite('bulk tokens and performance', () => {
    // How fast is the bench's business (npm run bench); these assert what is made and listed.
    test('addTokens creates numbered tokens', () => {
      const issued = emulator.addTokens(DEMO_USERNAME, 10_000);
      assert.equal(issued.length, 10_000);
      assert.equal(issued[41].name, 'token-00042');
      assert.equal(new Set(issued.map((t) => t.value)).size, 10_000);
      assert.ok(issued.every((t) => TOKEN_VALUE.test(t.value)));
    });

    test('10,000 tokens are listed', async () => {
      emulator.addTokens(DEMO_USERNAME, 10_000);
      const session = await signIn();
      const res = await call('/api/accesstoken/list', { token: session });
      const list = (await res.json()) as unknown[];
      assert.equal(list.length, emulator.tokensOf(DEMO_USERNAME).length);
    });

    test('generated names skip ones already taken', () => {
      emulator.issueAccessToken(DEMO_USERNAME, 'token-00001');
      const [first] = emulator.addTokens(DEMO_USERNAME, 1);
      assert.equal(first.name, 'token-00002');
    });
  });

  suite('request log', () => {
    test('records method, path, query, status, organization, auth kind, dialect and the credentials carried', async () => {
      const session = await signIn();
      const { value } = emulator.issueAccessToken(DEMO_USERNAME, 'logged');
      await call('/api/organization?key=acme', { token: value });
      await call('/api/accesstoken/list', { token: 'ct_wrong' });
      await call('/api/accesstoken/list', { org: false, headers: { authorization: 'no-bearer-prefix', 'x-api-key': 'ct_apiKeyOnALegacyPath' } });
      assert.deepEqual(
        emulator.requests.map(({ method, path, query, status, organization, authKind, dialect, credentials }) => ({ method, path, query, status, organization, authKind, dialect, credentials })),
        [
          { method: 'POST', path: '/api/signin', query: {}, status: 200, organization: null, authKind: 'none', dialect: 'classic', credentials: [DEMO_PASSWORD] },
          { method: 'GET', path: '/api/organization', query: { key: 'acme' }, status: 200, organization: 'acme', authKind: 'access', dialect: 'classic', credentials: [value] },
          { method: 'GET', path: '/api/accesstoken/list', query: {}, status: 401, organization: 'acme', authKind: 'none', dialect: 'classic', credentials: ['ct_wrong'] },
          {
            method: 'GET',
            path: '/api/accesstoken/list',
            query: {},
            status: 401,
            organization: null,
            authKind: 'none',
            dialect: 'classic',
            credentials: ['no-bearer-prefix', 'ct_apiKeyOnALegacyPath'],
          },
        ],
      );
      assert.equal(emulator.requests[1].at, START);
      assert.equal(emulator.countRequests({ credential: value }), 1);
      assert.equal(emulator.countRequests({ credential: DEMO_PASSWORD }), 1);
      assert.equal(emulator.countRequests({ credential: session }), 0, 'the session was never sent back');
      assert.equal(emulator.countRequests({ dialect: 'v1' }), 0);
    });

    test('a client_secret in any JSON body is recorded as a carried credential', async () => {
      await call('/api/accesstoken/add', { method: 'POST', org: false, body: { name: 'x', client_secret: 'leaked-password' } });
      await call('/api/accesstoken/add', { method: 'POST', org: false, body: '{"client_secret": ' });
      assert.deepEqual(emulator.requests.map((r) => r.credentials), [['leaked-password'], []]);
    });

    test('countRequests filters by method and exact path or RegExp; clearRequests empties it', async () => {
      const session = await signIn();
      await call('/api/accesstoken/list', { token: session });
      await call('/api/accesstoken/list', { token: session });
      await createToken(session, 'counted');
      assert.equal(emulator.countRequests(), 4);
      assert.equal(emulator.countRequests({ path: '/api/accesstoken/list' }), 2);
      assert.equal(emulator.countRequests({ path: '/api/accesstoken' }), 0);
      assert.equal(emulator.countRequests({ method: 'post', path: /^\/api\/accesstoken\// }), 1);
      emulator.clearRequests();
      assert.equal(emulator.countRequests(), 0);
    });
  });

  suite('faults', () => {
    test('latency delays matching responses only', async () => {
      const session = await signIn();
      emulator.faults.latency(1500, { path: '/api/accesstoken/list' });
      const started = performance.now();
      const delayed = call('/api/accesstoken/list', { token: session }).then((res) => ({ status: res.status, ms: performance.now() - started }));
      let delayedDone = false;
      void delayed.then(() => (delayedDone = true));
      // Asked after the delayed one, answered while it still waits: only matching requests wait.
      assert.equal((await call('/api/organization/list', { token: session })).status, 200);
      assert.equal(delayedDone, false);
      const { status, ms } = await delayed;
      assert.equal(status, 200);
      assert.ok(ms >= 1490, `answered after ${ms} ms`);
    });

    test('status faults: count limits them, 429 carries Retry-After, default bodies are {code,message}', async () => {
      const session = await signIn();
      emulator.faults.status(429, { count: 2, match: { method: 'GET' } });
      for (let i = 0; i < 2; i++) {
        const res = await call('/api/accesstoken/list', { token: session });
        assert.equal(res.status, 429);
        assert.equal(res.headers.get('retry-after'), '1');
        assert.equal(((await res.json()) as { code: number }).code, 429);
      }
      assert.equal((await call('/api/accesstoken/list', { token: session })).status, 200);
      emulator.faults.status(503, { body: { code: 503, message: 'Down for maintenance.' }, headers: { 'X-Extra': 'yes' } });
      const custom = await call('/api/accesstoken/list', { token: session });
      assert.equal(custom.status, 503);
      assert.equal(custom.headers.get('x-extra'), 'yes');
      assert.deepEqual(await custom.json(), { code: 503, message: 'Down for maintenance.' });
    });

    test('a status fault replaces handling: the token is not created', async () => {
      const session = await signIn();
      emulator.faults.status(500, { match: { method: 'POST', path: '/api/accesstoken/add' } });
      const res = await createToken(session, 'not-created');
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { code: 500, message: 'Internal server error.' });
      assert.ok(!emulator.tokensOf(DEMO_USERNAME).some((t) => t.name === 'not-created'));
    });

    test('malformedJson sends 200 application/json that does not parse', async () => {
      const session = await signIn();
      emulator.faults.malformedJson({ path: /list$/ });
      const res = await call('/api/accesstoken/list', { token: session });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      await assert.rejects(res.json(), SyntaxError);
    });

    test('htmlError sends a proxy HTML page without x-api-version', async () => {
      emulator.faults.htmlError();
      const res = await call('/api/accesstoken/list');
      assert.equal(res.status, 502);
      assert.equal(res.headers.get('content-type'), 'text/html');
      assert.equal(res.headers.get('x-api-version'), null);
      assert.match(await res.text(), /<title>502 Bad Gateway<\/title>/);
    });

    test('reset drops the connection; with afterHandling the token is created first', async () => {
      const session = await signIn();
      emulator.faults.reset({ method: 'POST' });
      await assert.rejects(createToken(session, 'dropped'));
      assert.ok(!emulator.tokensOf(DEMO_USERNAME).some((t) => t.name === 'dropped'));
      emulator.faults.reset({ method: 'POST' }, { afterHandling: true });
      await assert.rejects(createToken(session, 'kept'));
      assert.ok(emulator.tokensOf(DEMO_USERNAME).some((t) => t.name === 'kept'));
      assert.equal((await call('/api/accesstoken/list', { token: session })).status, 200);
    });

    test('hang never answers', async () => {
      emulator.faults.hang({ path: '/api/accesstoken/list' });
      await assert.rejects(call('/api/accesstoken/list', { signal: AbortSignal.timeout(200) }), { name: 'TimeoutError' });
      assert.equal(emulator.requests[0].status, 0);
    });

    test('Infinity count keeps a rule; clear() removes it', async () => {
      emulator.faults.status(503, { count: Infinity });
      for (let i = 0; i < 3; i++) assert.equal((await call('/api/organization/list')).status, 503);
      emulator.faults.clear();
      assert.equal((await call('/api/organization/list')).status, 401);
    });

    test('echoCredential answers the documented 401 shape with the token in the message, without handling', async () => {
      const session = await signIn();
      emulator.faults.echoCredential({ method: 'POST', path: '/api/accesstoken/add' });
      const res = await createToken(session, 'echoed');
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('x-api-version'), '1.9.4');
      assert.deepEqual(await res.json(), { status: 401, code: 'Unauthorized', message: `Invalid token ${session}` });
      assert.ok(!emulator.tokensOf(DEMO_USERNAME).some((t) => t.name === 'echoed'));
      assert.equal((await createToken(session, 'second')).status, 200, 'only the next matching request');
    });

    test('echoCredential repeats a sign-in password, and says so when nothing was sent', async () => {
      emulator.faults.echoCredential({ count: 2 });
      const res = await call('/api/signin', { method: 'POST', org: false, body: { client_id: DEMO_USERNAME, client_secret: DEMO_PASSWORD } });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { message: string }).message, `Invalid password ${DEMO_PASSWORD}`);
      assert.deepEqual(emulator.sessionValues(), [], 'the sign-in was not handled');
      const none = await call('/api/organization/list');
      assert.equal(((await none.json()) as { message: string }).message, 'Invalid token (none was sent)');
    });

    test('listStyle changes list and create shapes', async () => {
      const session = await signIn();
      const token = emulator.tokensOf(DEMO_USERNAME).find((t) => t.lastUsedAt === null);
      assert.ok(token);
      const listItem = async () => {
        const body = (await (await call('/api/accesstoken/list', { token: session })).json()) as unknown;
        return body;
      };

      emulator.faults.listStyle('camel');
      const camel = (await listItem()) as Record<string, unknown>[];
      const camelNever = camel.find((t) => t._id === token.id);
      assert.deepEqual(camelNever, { _id: token.id, name: token.name, masked: camelNever?.masked, createdAt: token.createdAt.getTime(), lastUsedAt: 0 });
      const camelCreated = (await (await createToken(session, 'camel')).json()) as Record<string, unknown>;
      assert.match(camelCreated.value as string, TOKEN_VALUE);
      assert.equal(typeof camelCreated.masked, 'string');

      emulator.faults.listStyle('epochSeconds');
      const epoch = (await listItem()) as Record<string, unknown>[];
      assert.deepEqual(Object.keys(epoch[0]).sort(), ['created', 'id', 'last_used_at', 'name', 'partial']);
      assert.equal(epoch.find((t) => t.id === token.id)?.last_used_at, 'Never');
      assert.equal(epoch.find((t) => t.id === token.id)?.created, Math.floor(token.createdAt.getTime() / 1000));

      emulator.faults.listStyle('wrappedData');
      const wrapped = (await listItem()) as { data: { id: string }[] };
      assert.ok(wrapped.data.some((t) => t.id === token.id));
      const wrappedCreated = (await (await createToken(session, 'wrapped')).json()) as { data: { token: string } };
      assert.match(wrappedCreated.data.token, TOKEN_VALUE);

      emulator.faults.listStyle('wrappedResult');
      assert.ok(((await listItem()) as { result: unknown[] }).result.length > 0);

      emulator.faults.listStyle('mongo');
      const mongo = (await listItem()) as Record<string, unknown>[];
      assert.equal(mongo.find((t) => t._id === token.id)?.lastUsed, '');
      assert.equal(mongo.find((t) => t._id === token.id)?.create_date, token.createdAt.toISOString());

      emulator.faults.clear();
      assert.ok(Array.isArray(await listItem()));
    });
  });

  suite('HTTP control endpoints', () => {
    async function control(path: string, body?: unknown): Promise<Response> {
      return fetch(`${emulator.url}/__emulator${path}`, {
        method: body === undefined && path === '/requests' ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    }

    test('faults can be set and cleared over HTTP, and control calls are not logged', async () => {
      assert.equal((await control('/faults', { kind: 'status', status: 503, path: '/api/organization', count: 'Infinity' })).status, 200);
      assert.equal((await call('/api/organization/list')).status, 503);
      assert.equal((await call('/api/organization/list')).status, 503);
      assert.equal((await control('/faults/clear', {})).status, 200);
      assert.equal((await call('/api/organization/list')).status, 401);
      const logged = (await (await control('/requests')).json()) as { path: string }[];
      assert.deepEqual(logged.map((r) => r.path), ['/api/organization/list', '/api/organization/list', '/api/organization/list']);
      assert.equal((await control('/requests/clear', {})).status, 200);
      assert.equal(emulator.requests.length, 0);
    });

    test('echoCredential can be set over HTTP', async () => {
      const { value } = emulator.issueAccessToken(DEMO_USERNAME, 'echo-http');
      assert.equal((await control('/faults', { kind: 'echoCredential', path: '/api/accesstoken/list' })).status, 200);
      assert.equal((await call('/api/organization/list', { token: value })).status, 200);
      const res = await call('/api/accesstoken/list', { token: value });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { message: string }).message, `Invalid token ${value}`);
    });

    test('bad fault specs are 400', async () => {
      assert.equal((await control('/faults', { kind: 'explode' })).status, 400);
      assert.equal((await control('/faults', { kind: 'latency' })).status, 400);
      assert.equal((await control('/faults', { kind: 'listStyle', style: 'xml' })).status, 400);
    });

    test('tokens can be added in bulk and the state reset over HTTP', async () => {
      const before = emulator.tokensOf(DEMO_USERNAME).length;
      const res = await control('/tokens', { username: DEMO_USERNAME, count: 100 });
      assert.deepEqual(await res.json(), { created: 100 });
      assert.equal(emulator.tokensOf(DEMO_USERNAME).length, before + 100);
      emulator.faults.hang();
      assert.equal((await control('/reset', {})).status, 200);
      assert.equal(emulator.tokensOf(DEMO_USERNAME).length, before);
      assert.equal((await call('/api/organization/list')).status, 401, 'reset clears faults too');
      assert.equal((await control('/tokens', { username: 'nobody', count: 1 })).status, 400);
    });

    test('a token can be issued over HTTP and then authenticates', async () => {
      const issued = (await (await control('/tokens/issue', { username: DEMO_USERNAME, name: 'from-http' })).json()) as { value: string };
      assert.match(issued.value, TOKEN_VALUE);
      assert.equal((await call('/api/accesstoken/list', { token: issued.value })).status, 200);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time.');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
