// The clients' token-list reader (TokenListReader): an unchanged answer is handed back as the same
// result, and in a changed one the entries equal to the last answer's keep their token objects —
// while what is read is always exactly what a client without a history reads from the same answer.
// Both dialects: the classic list, and the AppSec platform's key list (scopes are arrays; revoked
// keys are only counted).
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken } from '../../src/core/api/accessToken';
import { AppsecClient } from '../../src/core/api/appsec/appsecClient';
import { ClassicClient } from '../../src/core/api/classic/classicClient';

const byId = (tokens: readonly AccessToken[]) => new Map(tokens.map((t) => [t.id, t]));

/** A loopback server that answers every request with `answer.body` (a suite sets it before each read). */
function useAnsweringServer(): { url: string; body: string } {
  const answer = { url: '', body: '' };
  let server: http.Server;
  suiteSetup(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    answer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  suiteTeardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return answer;
}

suite('token-list reader: classic client', () => {
  /** What GET /api/accesstoken/list answers. */
  const answer = useAnsweringServer();

  const newClient = () => new ClassicClient({ serverUrl: answer.url, organization: 'acme', credential: 'session', userAgent: 'unit-tests' });

  const entry = (i: number, changes: Record<string, unknown> = {}) => ({
    id: `id-${i}`,
    name: `token ${i}`,
    token: `ct_Ab${i}…x9Zq`,
    created_at: new Date(Date.UTC(2025, 0, 1 + (i % 300))).toISOString(),
    last_used: i % 3 === 0 ? null : new Date(Date.UTC(2025, 5, 1 + (i % 20))).toISOString(),
    ...changes,
  });

  /** Reads `list` with the long-lived client, and checks it equals what a client without history reads. */
  async function read(client: ClassicClient, list: unknown) {
    answer.body = JSON.stringify(list);
    const cached = await client.listAccessTokens();
    assert.deepEqual(cached, await newClient().listAccessTokens(), 'the same result as a client without a cache');
    return cached;
  }

  test('an unchanged answer gives back the same result', async () => {
    const client = newClient();
    const first = await read(client, [entry(1), entry(2)]);
    assert.equal(await read(client, [entry(1), entry(2)]), first);
  });

  test('a changed answer keeps the objects of unchanged entries, and reads changed and new ones', async () => {
    const client = newClient();
    const list = Array.from({ length: 200 }, (_, i) => entry(i));
    const before = byId((await read(client, list)).tokens);
    const changed = [...list.slice(1, 50), entry(50, { last_used: '2026-01-02T03:04:05.000Z' }), ...list.slice(51), entry(999)];
    const after = await read(client, changed);
    for (const token of after.tokens) {
      if (token.id === 'id-50') {
        assert.notEqual(token, before.get('id-50'));
        assert.equal(token.lastUsedAt?.toISOString(), '2026-01-02T03:04:05.000Z');
      } else if (token.id !== 'id-999') {
        assert.equal(token, before.get(token.id), `${token.id} keeps its object`);
      }
    }
    assert.equal(after.tokens.length, 200, 'one gone, one new');
    assert.ok(after.tokens.some((t) => t.id === 'id-999'));
    assert.equal(after.tokens.some((t) => t.id === 'id-0'), false);
  });

  test('reordered, thinned out and grown lists read the same as without a cache', async () => {
    const client = newClient();
    const list = Array.from({ length: 300 }, (_, i) => entry(i));
    await read(client, list);
    await read(client, [...list].reverse());
    await read(client, list.filter((_, i) => i < 20 || i >= 120)); // 100 consecutive entries gone
    await read(client, [...Array.from({ length: 80 }, (_, i) => entry(1000 + i)), ...list]); // 80 new ones first
    const reused = byId((await read(client, list)).tokens);
    // Back to the first list, after all that: still the objects of the list before.
    assert.equal((await read(client, [...list, entry(5000)])).tokens[0], reused.get('id-0'));
  });

  test('a field added, removed or changed in type, and nested values, are read again', async () => {
    const client = newClient();
    const first = byId((await read(client, [entry(1), entry(2), entry(3), entry(4), { ...entry(5), created_at: { $date: '2024-02-03T00:00:00Z' } }])).tokens);
    const { last_used: _dropped, ...withoutLastUse } = entry(2);
    const second = byId(
      (await read(client, [entry(1, { extra: 'x' }), withoutLastUse, entry(3, { id: 3 }), entry(4), { ...entry(5), created_at: { $date: '2024-02-03T00:00:00Z' } }]))
        .tokens,
    );
    assert.notEqual(second.get('id-1'), first.get('id-1'));
    assert.equal(second.get('id-2')?.lastUsedAt, undefined, 'no last-use field: the server does not say');
    assert.ok(second.has('3') && !second.has('id-3'));
    assert.equal(second.get('id-4'), first.get('id-4'));
    assert.notEqual(second.get('id-5'), first.get('id-5'));
    assert.equal(second.get('id-5')?.createdAt?.toISOString(), '2024-02-03T00:00:00.000Z');
  });

  test('unreadable entries are skipped with their own index, before and after a change', async () => {
    const client = newClient();
    const list = [entry(1), 'not an object', null, { name: 'no id' }, [entry(2)], entry(3)];
    const first = await read(client, list);
    assert.deepEqual(
      first.skipped.map((s) => s.index),
      [1, 2, 3, 4],
    );
    const second = await read(client, [entry(0), ...list]);
    assert.deepEqual(
      second.skipped.map((s) => s.index),
      [2, 3, 4, 5],
    );
    assert.equal(second.tokens[1], first.tokens[0]);
  });

  test('duplicate entries and wrapped lists read the same as without a cache', async () => {
    const client = newClient();
    await read(client, [entry(1), entry(1), entry(2)]);
    await read(client, [entry(1), entry(2), entry(1)]);
    await read(client, { data: [entry(1), entry(2)] });
    await read(client, { data: [entry(2), entry(3)] });
    await read(client, [entry(2), entry(3)]);
  });
});

suite('token-list reader: AppSec platform client', () => {
  /** What GET /api/v1/api-keys answers. */
  const answer = useAnsweringServer();

  const newClient = () => new AppsecClient({ serverUrl: answer.url, organization: 'acme', credential: 'ct_key', userAgent: 'unit-tests' });

  const key = (i: number, changes: Record<string, unknown> = {}) => ({
    id: `key-${i}`,
    name: `key ${i}`,
    prefix: `ct_${String(i).padStart(6, '0')}`,
    scopes: i % 2 ? ['scan:read', 'violation:read'] : ['scan:write', 'repository:read'],
    createdAt: new Date(Date.UTC(2025, 0, 1 + (i % 300))).toISOString(),
    lastUsedAt: i % 3 === 0 ? null : new Date(Date.UTC(2025, 5, 1 + (i % 20))).toISOString(),
    expiresAt: i % 4 === 0 ? null : new Date(Date.UTC(2026, 5, 1 + (i % 20))).toISOString(),
    revokedAt: null,
    ...changes,
  });

  async function read(client: AppsecClient, keys: unknown[]) {
    answer.body = JSON.stringify({ success: true, data: keys, meta: { version: 'v1' } });
    const cached = await client.listAccessTokens();
    assert.deepEqual(cached, await newClient().listAccessTokens(), 'the same result as a client without a history');
    return cached;
  }

  test('an unchanged answer gives back the same result', async () => {
    const client = newClient();
    const first = await read(client, [key(1), key(2)]);
    assert.equal(await read(client, [key(1), key(2)]), first);
  });

  test("the calling key's new last use re-reads that key only: unchanged scopes (arrays) keep their keys' objects", async () => {
    const client = newClient();
    const keys = Array.from({ length: 100 }, (_, i) => key(i));
    const before = byId((await read(client, keys)).tokens);
    const after = await read(client, keys.map((k, i) => (i === 7 ? key(7, { lastUsedAt: '2026-02-03T04:05:06.000Z' }) : k)));
    for (const token of after.tokens) {
      if (token.id === 'key-7') assert.notEqual(token, before.get('key-7'));
      else assert.equal(token, before.get(token.id), `${token.id} keeps its object`);
    }
    assert.equal(after.tokens.length, 100);
  });

  test('changed scopes, a revoked key and a new key are read again; revoked keys stay counted', async () => {
    const client = newClient();
    const first = byId((await read(client, [key(1), key(2), key(3), key(4, { status: 'revoked' })])).tokens);
    const second = await read(client, [key(1, { scopes: ['scan:read'] }), key(2, { revokedAt: '2026-01-01T00:00:00.000Z' }), key(3), key(4, { status: 'revoked' }), key(5)]);
    assert.deepEqual(second.tokens.map((t) => t.id), ['key-1', 'key-3', 'key-5']);
    assert.deepEqual(second.tokens[0].scopes, ['scan:read']);
    assert.equal(second.tokens[1], first.get('key-3'));
    assert.equal(second.revokedCount, 2);
    assert.equal((await read(client, [key(1), key(3)])).revokedCount, 0);
  });
});
