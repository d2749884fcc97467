// Bounded work for any answer, against the emulator over real HTTP, in both dialects: a body that
// trickles in ends at the deadline (codethreat.requestTimeoutSeconds, here a short one), a body
// larger than the cap ends when the cap is reached, each with its own error kind and one sentence;
// a list of more pages than the cap, or of more bytes than the cap over its pages, comes back
// marked incomplete. Also the measurement the cap is sized by.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AppsecClient, LIST_PAGE_SIZE, MAX_LIST_PAGES } from '../../src/core/api/appsec/appsecClient';
import type { ParsedTokenList } from '../../src/core/api/accessToken';
import { ClassicClient } from '../../src/core/api/classic/classicClient';
import type { CodeThreatApiError } from '../../src/core/api/errors';
import { MAX_ANSWER_BYTES } from '../../src/core/api/httpTransport';
import {
  API_KEY_SCOPES,
  DEMO_ADMIN_API_KEY,
  DEMO_ORGANIZATION,
  DEMO_ORGANIZATION_SLUG,
  DEMO_USERNAME,
  LIST_STYLES,
  V1_LIST_STYLES,
  demoSeed,
  startEmulator,
  type RunningEmulator,
  type Seed,
} from '../emulator/emulator';
import { rejectsWith } from './support/rejectsWith';

/** Short, so that the suite stays fast; the extension's default is 30 s. */
const DEADLINE_MS = 400;
/** How late past the deadline an attempt may end: timers and the loopback, on a busy machine. */
/** One byte every 20 ms of a demo list (over 1,500 bytes): how long the trickled body takes. */
const TRICKLE_ENDS_AFTER_MS = 30_000;

/** The most entries the view is built (and benchmarked) for. */
const LARGEST_LIST = 10_000;

/** One sentence: no line break, a single full stop at the end. */
function assertOneSentence(error: CodeThreatApiError): void {
  assert.match(error.message, /^[^\n]+\.$/);
  assert.equal(error.message.split(/\.\s/).length, 1, error.message);
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

interface DialectCase {
  name: string;
  listPath: string;
  list(emulator: RunningEmulator, options?: { timeoutMs?: number }): Promise<unknown>;
}

const DIALECTS: DialectCase[] = [
  {
    name: 'classic',
    listPath: '/api/accesstoken/list',
    list: (emulator, options = {}) =>
      new ClassicClient({
        serverUrl: emulator.url,
        organization: DEMO_ORGANIZATION,
        credential: emulator.issueAccessToken(DEMO_USERNAME).value,
        userAgent: 'unit-tests',
        timeoutMs: options.timeoutMs ?? DEADLINE_MS,
      }).listAccessTokens(),
  },
  {
    name: 'AppSec platform',
    listPath: '/api/v1/api-keys',
    list: (emulator, options = {}) => appsecClient(emulator, options.timeoutMs).listAccessTokens(),
  },
];

function appsecClient(emulator: RunningEmulator, timeoutMs = DEADLINE_MS): AppsecClient {
  return new AppsecClient({ serverUrl: emulator.url, organization: DEMO_ORGANIZATION_SLUG, credential: DEMO_ADMIN_API_KEY, userAgent: 'unit-tests', timeoutMs });
}

suite('Bounded work for any answer', function () {
  // These tests move megabytes and hundreds of pages through loopback; a busy machine takes its
  // time. What they assert (deadlines, caps, byte counts) does not depend on how long that is.
  this.timeout(60_000);
  let emulator: RunningEmulator;

  suiteSetup(async () => {
    emulator = await startEmulator();
  });
  suiteTeardown(() => emulator.close());
  setup(() => emulator.reset());

  for (const dialect of DIALECTS) {
    suite(dialect.name, () => {
      test('a body that trickles in ends at the deadline (the socket is never idle), as a timeout in one sentence', async () => {
        // One byte every 20 ms: the list would take many seconds, and no gap is as long as the deadline.
        emulator.faults.trickle({ path: dialect.listPath }, { bytesPerChunk: 1, intervalMs: 20 });
        const { result: error, ms } = await timed(() => rejectsWith(dialect.list(emulator), 'timeout'));
        // The whole body would take over 30 s: ending in a fraction of that is the deadline covering
        // the body, however busy the machine (the upper bound is not a measure of speed).
        assert.ok(ms >= DEADLINE_MS - 50 && ms < TRICKLE_ENDS_AFTER_MS / 3, `ended after ${ms} ms; the deadline is ${DEADLINE_MS} ms`);
        assert.equal(error.details.limit, DEADLINE_MS / 1000);
        assertOneSentence(error);
        // A timeout is not retried: one request, whose answer had begun (its status was sent).
        assert.equal(emulator.countRequests({ path: dialect.listPath }), 1);
      });

      test('a body larger than the cap ends when the cap is reached, as tooLarge in one sentence', async () => {
        emulator.faults.oversized(MAX_ANSWER_BYTES + 1024 * 1024, { path: dialect.listPath });
        const { result: error, ms } = await timed(() => rejectsWith(dialect.list(emulator, { timeoutMs: 10_000 }), 'tooLarge'));
        assert.ok(ms < 10_000, `ended after ${ms} ms`);
        assert.equal(error.details.limit, MAX_ANSWER_BYTES);
        assertOneSentence(error);
        assert.equal(emulator.countRequests({ path: dialect.listPath }), 1, 'not retried');
      });

      test('a body just under the cap is read', async () => {
        emulator.faults.oversized(MAX_ANSWER_BYTES - 1024, { path: dialect.listPath });
        await dialect.list(emulator, { timeoutMs: 10_000 });
      });
    });
  }

  suite('AppSec platform: pages', () => {
    const page = (n: number, totalPages: number, items: object[]) => ({ success: true, data: { apiKeys: items }, pagination: { page: n, limit: LIST_PAGE_SIZE, totalPages } });
    const match = { method: 'GET', path: '/api/v1/api-keys' };

    test(`asks for ${LIST_PAGE_SIZE} keys a page`, async () => {
      await appsecClient(emulator).listAccessTokens();
      assert.equal(emulator.requests.at(-1)?.query.limit, String(LIST_PAGE_SIZE));
    });

    test(`a list of more than ${MAX_LIST_PAGES} pages is read to the cap and comes back incomplete, saying how much was read`, async () => {
      emulator.faults.status(200, { match, count: Infinity, body: page(1, MAX_LIST_PAGES + 1, [{ id: 'a', name: 'a' }]) });
      const list = await appsecClient(emulator, 10_000).listAccessTokens();
      assert.deepEqual(list.incomplete, { read: MAX_LIST_PAGES, reason: { kind: 'pageLimit', pages: MAX_LIST_PAGES } });
      assert.equal(emulator.countRequests({ path: '/api/v1/api-keys' }), MAX_LIST_PAGES, 'no page past the cap is asked for');
      assert.ok(MAX_LIST_PAGES * LIST_PAGE_SIZE >= LARGEST_LIST, 'the cap covers the largest list the view is built for');
    });

    test('the pages of one list share one byte budget: pages under the cap each, over it together, end the list there as tooLarge', async () => {
      // Each page 40% of the cap: the third one overruns what is left, whichever answers first.
      const big = (n: number) => page(n, 3, [{ id: `k${n}`, name: 'x'.repeat(Math.floor(MAX_ANSWER_BYTES * 0.4)) }]);
      for (let n = 1; n <= 3; n++) emulator.faults.status(200, { match: { ...match, query: { page: n === 1 ? '' : String(n) } }, body: big(n) });
      const list = await appsecClient(emulator, 10_000).listAccessTokens();
      assert.deepEqual(list.tokens.map((t) => t.id), ['k1', 'k2']);
      assert.equal(list.incomplete?.read, 2);
      assert.equal(list.incomplete?.reason.kind, 'pageFailed');
      const reason = list.incomplete?.reason as { page: number; error: CodeThreatApiError };
      assert.equal(reason.page, 3);
      assert.equal(reason.error.kind, 'tooLarge');
      assert.equal(reason.error.details.limit, MAX_ANSWER_BYTES);
      assertOneSentence(reason.error);
      assert.deepEqual(emulator.requests.map((r) => r.query.page).sort(), ['2', '3', undefined].sort());
    });
  });

  suite('the emulator’s body faults', () => {
    async function read(path: string, headers: Record<string, string>): Promise<{ status: number; body: string; chunks: number; contentLength?: string }> {
      return new Promise((resolve, reject) => {
        http
          .get(`${emulator.url}${path}`, { headers }, (res) => {
            const parts: Buffer[] = [];
            res.on('data', (chunk: Buffer) => parts.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), chunks: parts.length, contentLength: res.headers['content-length'] }));
          })
          .on('error', reject);
      });
    }
    const v1Headers = { 'X-API-Key': DEMO_ADMIN_API_KEY };
    const v1List = `/api/v1/api-keys?organizationSlug=${DEMO_ORGANIZATION_SLUG}`;

    test('trickle: the usual answer, whole, a few bytes at a time', async () => {
      const usual = await read(v1List, v1Headers);
      emulator.faults.trickle({ path: '/api/v1/api-keys' }, { bytesPerChunk: 512, intervalMs: 1 });
      const trickled = await read(v1List, v1Headers);
      assert.equal(trickled.status, 200);
      assert.equal(trickled.body.length, usual.body.length);
      assert.ok(trickled.chunks >= Math.floor(usual.body.length / 512), `${trickled.chunks} chunks`);
    });

    test('oversized: a well-formed list of exactly the size asked, in each dialect’s shape, with no Content-Length', async () => {
      emulator.faults.oversized(300_000, { path: '/api/v1/api-keys' });
      const v1 = await read(v1List, v1Headers);
      assert.equal(Buffer.byteLength(v1.body), 300_000);
      assert.equal(v1.contentLength, undefined);
      const envelope = JSON.parse(v1.body) as { success: boolean; data: unknown[] };
      assert.equal(envelope.success, true);
      assert.ok(envelope.data.length > 1000);
      const token = emulator.issueAccessToken(DEMO_USERNAME).value;
      const res = await fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'oversized', bytes: 100_000, path: '/api/accesstoken' }) });
      assert.equal(res.status, 200, 'can be set over HTTP');
      const classic = await read('/api/accesstoken/list', { Authorization: `Bearer ${token}`, 'x-ct-organization': DEMO_ORGANIZATION });
      assert.equal(Buffer.byteLength(classic.body), 100_000);
      assert.ok(Array.isArray(JSON.parse(classic.body)));
    });
  });

  suite('the cap is sized for the largest list the view supports', () => {
    /** 10,000 entries with 64-character names (the longest the emulator accepts) and every field filled. */
    function largestSeed(now: number): Seed {
      const seed = demoSeed(now);
      const name = (i: number) => `${'n'.repeat(58)}${String(i).padStart(6, '0')}`;
      const dates = { createdAt: new Date(now - 1e9), lastUsedAt: new Date(now - 1e6) };
      for (const user of seed.users) if (user.username === DEMO_USERNAME) user.tokens = Array.from({ length: LARGEST_LIST }, (_, i) => ({ name: name(i), ...dates }));
      const admin = { name: 'admin', organizationSlug: DEMO_ORGANIZATION_SLUG, scopes: [...API_KEY_SCOPES], value: DEMO_ADMIN_API_KEY };
      const keys = Array.from({ length: LARGEST_LIST - 1 }, (_, i) => ({ name: name(i), organizationSlug: DEMO_ORGANIZATION_SLUG, scopes: [...API_KEY_SCOPES], ...dates, expiresAt: new Date(now + 1e10) }));
      for (const user of seed.v1?.users ?? []) if (user.email === DEMO_USERNAME) user.apiKeys = [admin, ...keys];
      return seed;
    }

    function bytesOf(url: string, headers: Record<string, string>): Promise<number> {
      return new Promise((resolve, reject) => {
        http
          .get(url, { headers, agent: false }, (res) => {
            let bytes = 0;
            res.on('data', (chunk: Buffer) => (bytes += chunk.length));
            res.on('end', () => resolve(bytes));
          })
          .on('error', reject);
      });
    }

    test(`a ${LARGEST_LIST.toLocaleString('en')}-entry answer in every shape of both dialects is under half the cap, and is read`, async function () {
      this.timeout(60_000);
      emulator.reset(largestSeed(Date.now()));
      const token = emulator.issueAccessToken(DEMO_USERNAME, 'measuring').value;
      const sizes: Record<string, number> = {};
      for (const style of LIST_STYLES) {
        emulator.faults.listStyle(style);
        sizes[style] = await bytesOf(`${emulator.url}/api/accesstoken/list`, { Authorization: `Bearer ${token}`, 'x-ct-organization': DEMO_ORGANIZATION });
      }
      // The whole list in one answer: what the byte budget of all its pages together must hold.
      emulator.faults.listStyle('unpaged');
      for (const style of V1_LIST_STYLES) {
        emulator.faults.listStyle(style);
        sizes[style] = await bytesOf(`${emulator.url}/api/v1/api-keys?organizationSlug=${DEMO_ORGANIZATION_SLUG}`, { 'X-API-Key': DEMO_ADMIN_API_KEY });
      }
      const largest = Math.max(...Object.values(sizes));
      const megabytes = Object.entries(sizes).map(([style, bytes]) => `${style} ${(bytes / 1024 / 1024).toFixed(2)} MB`).join(', ');
      assert.ok(largest * 2 <= MAX_ANSWER_BYTES, `largest ${largest} bytes (${megabytes}); cap ${MAX_ANSWER_BYTES}`);
      emulator.faults.clear();
      // Read as the platform pages it (100 pages of 100 keys): every key, and nothing incomplete.
      for (const dialect of DIALECTS) {
        const list = (await dialect.list(emulator, { timeoutMs: 30_000 })) as ParsedTokenList;
        assert.equal(list.incomplete, undefined, dialect.name);
        assert.ok(list.tokens.length >= LARGEST_LIST, `${dialect.name}: ${list.tokens.length}`);
      }
    });
  });
});
