// The API client against the emulator over real HTTP: every call, every error mapping, the
// tolerant parser through every list style, retries, coalescing and cancellation.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClassicClient as CodeThreatClient } from '../../src/core/api/classic/classicClient';
import type { RequestLogEntry } from '../../src/core/api/httpTransport';
import {
  DEMO_ORGANIZATION,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  LIST_STYLES,
  OTHER_ORGANIZATION,
  startEmulator,
  type RunningEmulator,
} from '../emulator/emulator';
import { instantClock } from './support/memoryPorts';
import { rejectsWith } from './support/rejectsWith';

suite('CodeThreatClient against the emulator', () => {
  let emulator: RunningEmulator;
  let accessToken: string;
  let log: RequestLogEntry[];
  /** Retries wait through it: the suite waits no real time for them. */
  let clock: ReturnType<typeof instantClock>;

  const client = (options: { credential?: string; organization?: string; timeoutMs?: number; maxRetryAfterSeconds?: number } = {}) =>
    new CodeThreatClient({
      serverUrl: emulator.url,
      organization: options.organization ?? DEMO_ORGANIZATION,
      credential: 'credential' in options ? options.credential : accessToken,
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
    accessToken = emulator.issueAccessToken(DEMO_USERNAME, 'unit-test credential').value;
    emulator.clearRequests();
  });

  suite('sign-in and validation', () => {
    test('signIn exchanges username and password for a session token that works', async () => {
      const session = await client({ credential: undefined }).signIn(DEMO_USERNAME, DEMO_PASSWORD);
      assert.ok(session.length > 10);
      const validator = client({ credential: session });
      assert.deepEqual(await validator.validate(), { apiVersion: '1.9.4' });
      assert.equal(emulator.requests.at(-1)?.authKind, 'session');
    });

    test('a wrong password is unauthorized, and the password is nowhere in the error, even when the server repeats it', async () => {
      const error = await rejectsWith(client({ credential: undefined }).signIn(DEMO_USERNAME, 'wrong-password-xyz'), 'unauthorized');
      assert.ok(!JSON.stringify({ m: error.message, d: error.details }).includes('wrong-password-xyz'));
      emulator.faults.echoCredential({ path: '/api/signin' });
      const echoed = await rejectsWith(client({ credential: undefined }).signIn(DEMO_USERNAME, 'wrong-password-xyz'), 'unauthorized');
      assert.match(echoed.details.serverMessage ?? '', /\[redacted\]/, 'the server did repeat the password, and it was redacted');
      assert.ok(!JSON.stringify({ m: echoed.message, d: echoed.details }).includes('wrong-password-xyz'));
    });

    test('validate distinguishes unknown organizations from ones the user is not in', async () => {
      await client().validate();
      await rejectsWith(client({ organization: 'no-such-org' }).validate(), 'notFound');
      await rejectsWith(client({ organization: OTHER_ORGANIZATION }).validate(), 'forbidden');
    });

    test('listOrganizations returns the caller’s organizations, with no organization header needed', async () => {
      assert.deepEqual((await client({ organization: '' }).listOrganizations()).sort(), ['acme', 'acme-labs']);
      assert.equal(emulator.requests.at(-1)?.organization ?? undefined, undefined);
    });

    test('every request carries the organization header and the bearer credential', async () => {
      await client().validate();
      const entry = emulator.requests.at(-1);
      assert.equal(entry?.organization, DEMO_ORGANIZATION);
      assert.equal(entry?.authKind, 'access');
    });
  });

  suite('access tokens', () => {
    test('lists the user’s tokens with partial values, dates and never-used', async () => {
      const { tokens, skipped } = await client().listAccessTokens();
      assert.deepEqual(skipped, []);
      const names = tokens.map((t) => t.name).sort();
      assert.ok(names.includes('Release bot') && names.includes('unit-test credential'), names.join());
      const releaseBot = tokens.find((t) => t.name === 'Release bot');
      assert.equal(releaseBot?.lastUsedAt, null);
      assert.ok(releaseBot?.createdAt instanceof Date);
      for (const token of tokens) {
        const full = emulator.tokensOf(DEMO_USERNAME).find((r) => r.id === token.id)?.value;
        assert.ok(full && token.partialValue && !token.partialValue.includes(full), 'no full value in a list');
      }
    });

    for (const style of LIST_STYLES) {
      test(`reads the "${style}" response style for list and create`, async () => {
        emulator.faults.listStyle(style);
        const created = await client().createAccessToken({ name: `style ${style}` });
        assert.match(created.value, /^ct_[A-Za-z0-9]{40}$/);
        assert.equal(created.name, `style ${style}`);
        const { tokens, skipped } = await client().listAccessTokens();
        assert.deepEqual(skipped, []);
        const listed = tokens.find((t) => t.id === created.id);
        assert.equal(listed?.name, `style ${style}`);
        assert.equal(listed?.lastUsedAt, null);
        assert.ok(listed?.createdAt && Math.abs(listed.createdAt.getTime() - Date.now()) < 60_000, `created date in ${style}`);
        const used = tokens.find((t) => t.name === 'Jenkins nightly');
        assert.ok(used?.lastUsedAt instanceof Date, `last used in ${style}`);
      });
    }

    test('a created token authenticates, updates its last use, and is revoked by delete', async () => {
      const created = await client().createAccessToken({ name: 'fresh' });
      await client({ credential: created.value }).validate();
      const record = emulator.tokensOf(DEMO_USERNAME).find((t) => t.id === created.id);
      assert.ok(record?.lastUsedAt, 'last used is set after use');
      await client().deleteAccessToken(created.id);
      assert.equal(emulator.tokensOf(DEMO_USERNAME).some((t) => t.id === created.id), false);
      await rejectsWith(client({ credential: created.value }).validate(), 'unauthorized');
    });

    test('bad names come back with the server’s sentence', async () => {
      await client().createAccessToken({ name: 'taken' });
      const duplicate = await rejectsWith(client().createAccessToken({ name: 'taken' }), 'badRequest');
      assert.equal(duplicate.details.serverMessage, 'A token with this name already exists.');
      const tooLong = await rejectsWith(client().createAccessToken({ name: 'x'.repeat(65) }), 'badRequest');
      assert.ok(tooLong.details.serverMessage);
      await rejectsWith(client().createAccessToken({ name: '   ' }), 'badRequest');
    });

    test('a duplicate answered with 409 is a conflict', async () => {
      const strict = await startEmulator({ duplicateNameStatus: 409 });
      try {
        const token = strict.issueAccessToken(DEMO_USERNAME, 'one').value;
        const c = new CodeThreatClient({ serverUrl: strict.url, organization: DEMO_ORGANIZATION, credential: token, userAgent: 't' });
        await rejectsWith(c.createAccessToken({ name: 'one' }), 'conflict');
      } finally {
        await strict.close();
      }
    });

    test('deleting an unknown token is notFound (the caller treats it as already gone)', async () => {
      await rejectsWith(client().deleteAccessToken('does-not-exist'), 'notFound');
    });

    for (const missing of [404, 405] as const) {
      test(`a server without token endpoints (${missing}) is notSupported`, async () => {
        const old = await startEmulator({ tokenEndpoints: missing });
        try {
          const token = old.issueAccessToken(DEMO_USERNAME).value;
          const c = new CodeThreatClient({ serverUrl: old.url, organization: DEMO_ORGANIZATION, credential: token, userAgent: 't' });
          await c.validate();
          await rejectsWith(c.listAccessTokens(), 'notSupported');
          await rejectsWith(c.createAccessToken({ name: 'x' }), 'notSupported');
        } finally {
          await old.close();
        }
      });
    }
  });

  suite('faults', () => {
    test('a revoked credential is unauthorized and the token value is not in the error, even when the server repeats it', async () => {
      const { id, value } = emulator.issueAccessToken(DEMO_USERNAME, 'doomed');
      emulator.faults.echoCredential({ path: '/api/accesstoken/list' });
      const echoed = await rejectsWith(client({ credential: value }).listAccessTokens(), 'unauthorized');
      assert.match(echoed.details.serverMessage ?? '', /\[redacted\]/, 'the server did repeat the token, and it was redacted');
      assert.ok(!JSON.stringify({ m: echoed.message, d: echoed.details }).includes(value));
      emulator.revoke(id);
      const error = await rejectsWith(client({ credential: value }).listAccessTokens(), 'unauthorized');
      assert.ok(!JSON.stringify({ m: error.message, d: error.details }).includes(value));
    });

    test('403 is forbidden', async () => {
      emulator.faults.status(403);
      await rejectsWith(client().listAccessTokens(), 'forbidden');
    });

    test('a 5xx on a read is retried once', async () => {
      emulator.faults.status(503);
      await client().listAccessTokens();
      assert.equal(emulator.countRequests({ path: '/api/accesstoken/list' }), 2);
      assert.deepEqual(log.map((e) => [e.status, e.attempt]), [[503, 1], [200, 2]]);
      assert.deepEqual(clock.waits, [250], 'a short pause, through the clock');
    });

    test('a read that keeps failing with 5xx reports a server error after two attempts', async () => {
      emulator.faults.status(500, { count: 2 });
      await rejectsWith(client().listAccessTokens(), 'server', (e) => assert.equal(e.status, 500));
      assert.equal(emulator.countRequests({ path: '/api/accesstoken/list' }), 2);
    });

    test('a create is never retried', async () => {
      emulator.faults.status(502, { match: { method: 'POST' } });
      await rejectsWith(client().createAccessToken({ name: 'once' }), 'server');
      assert.equal(emulator.countRequests({ method: 'POST' }), 1);
      assert.equal(emulator.tokensOf(DEMO_USERNAME).some((t) => t.name === 'once'), false);
    });

    test('429 on a read waits for Retry-After and retries once', async () => {
      emulator.faults.status(429, { retryAfterSeconds: 1 });
      await client().listAccessTokens();
      assert.deepEqual(clock.waits, [1000], 'waited for Retry-After, through the clock');
      assert.equal(emulator.countRequests({ path: '/api/accesstoken/list' }), 2);
    });

    test('429 on a write, or with a long Retry-After, is reported with the wait', async () => {
      emulator.faults.status(429, { retryAfterSeconds: 7, match: { method: 'POST' } });
      await rejectsWith(client().createAccessToken({ name: 'later' }), 'rateLimited', (e) => assert.equal(e.details.retryAfterSeconds, 7));
      emulator.faults.status(429, { retryAfterSeconds: 120 });
      await rejectsWith(client().listAccessTokens(), 'rateLimited', (e) => assert.equal(e.details.retryAfterSeconds, 120));
      assert.equal(emulator.countRequests({ path: '/api/accesstoken/list' }), 1);
    });

    test('malformed JSON is an invalid response', async () => {
      emulator.faults.malformedJson();
      await rejectsWith(client().listAccessTokens(), 'invalidResponse');
    });

    test('a proxy’s HTML error page says it is not CodeThreat answering', async () => {
      emulator.faults.htmlError(502, { count: 2 });
      await rejectsWith(client().listAccessTokens(), 'notCodeThreat', (e) => assert.equal(e.status, 502));
    });

    test('a reset connection is a network error', async () => {
      emulator.faults.reset({ method: 'POST' });
      await rejectsWith(client().createAccessToken({ name: 'cut' }), 'network', (e) => assert.equal(e.details.code, 'ECONNRESET'));
    });

    test('a read whose connection is reset is asked again once: a kept-alive socket the server had just closed', async () => {
      emulator.faults.reset({ method: 'GET', path: '/api/accesstoken/list' });
      const list = await client().listAccessTokens();
      assert.ok(list.tokens.length > 0);
      assert.equal(emulator.requests.filter((r) => r.path === '/api/accesstoken/list').length, 2);
    });

    test('a read reset twice is a network error', async () => {
      emulator.faults.reset({ method: 'GET', path: '/api/accesstoken/list', count: 2 });
      await rejectsWith(client().listAccessTokens(), 'network', (e) => assert.equal(e.details.code, 'ECONNRESET'));
    });

    test('a server that never answers times out', async () => {
      emulator.faults.hang({ count: 2 });
      await rejectsWith(client({ timeoutMs: 300 }).validate(), 'timeout');
    });

    test('a request can be cancelled', async () => {
      emulator.faults.latency(2000);
      const controller = new AbortController();
      const pending = client().listAccessTokens({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await rejectsWith(pending, 'cancelled');
    });

    test('nothing listening is a network error', async () => {
      const closed = await startEmulator();
      const url = closed.url;
      await closed.close();
      const c = new CodeThreatClient({ serverUrl: url, organization: 'x', credential: 'y', userAgent: 't' });
      await rejectsWith(c.validate(), 'network', (e) => assert.equal(e.details.code, 'ECONNREFUSED'));
    });

    test('a redirect is not followed with credentials attached', async () => {
      let hits = 0;
      const target = http.createServer((_req, res) => {
        hits++;
        res.end('{}');
      });
      const redirector = http.createServer((_req, res) => {
        res.writeHead(302, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/api/organization` }).end();
      });
      await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
      await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
      try {
        const c = new CodeThreatClient({
          serverUrl: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`,
          organization: 'acme',
          credential: 'secret-credential-value',
          userAgent: 't',
        });
        await rejectsWith(c.validate(), 'redirected', (e) => assert.match(e.details.location ?? '', /\/api\/organization$/));
        assert.equal(hits, 0);
      } finally {
        target.close();
        redirector.close();
      }
    });
  });

  suite('round trips', () => {
    test('ten concurrent list calls send one request', async () => {
      emulator.faults.latency(100);
      const c = client();
      const results = await Promise.all(Array.from({ length: 10 }, () => c.listAccessTokens()));
      assert.equal(emulator.countRequests({ path: '/api/accesstoken/list' }), 1);
      assert.ok(results.every((r) => r.tokens.length === results[0].tokens.length));
    });

    test('a list after the first one finishes is a new request', async () => {
      const c = client();
      await c.listAccessTokens();
      await c.listAccessTokens();
      assert.equal(emulator.countRequests({ path: '/api/accesstoken/list' }), 2);
    });

    test('10,000 tokens are listed and parsed', async () => {
      emulator.addTokens(DEMO_USERNAME, 10_000);
      const { tokens } = await client().listAccessTokens();
      assert.ok(tokens.length >= 10_000);
    });
  });
});
