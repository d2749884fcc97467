// Lists that come in pages: the reader on its own (pages that answer in any order, the cap, a
// failing page, concurrency), then the AppSec platform client against the emulator in each paging
// shape a server may use — the platform's documented `{page, total}` with its default of 20 a page,
// `totalPages`, `hasNext` and a `next` link — and the view model's incomplete state.
import * as assert from 'node:assert/strict';
import type { ParsedTokenList } from '../../src/core/api/accessToken';
import { AppsecClient, LIST_PAGE_CONCURRENCY, LIST_PAGE_SIZE, MAX_LIST_PAGES } from '../../src/core/api/appsec/appsecClient';
import { CodeThreatApiError } from '../../src/core/api/errors';
import { readPagedList, type FetchedPage, type PagePosition } from '../../src/core/api/pagedList';
import { TokenListModel } from '../../src/core/tokens/tokenListModel';
import { DEMO_ADMIN_API_KEY, DEMO_ORGANIZATION_SLUG, DEMO_PERSONAL_ORGANIZATION_SLUG, DEMO_USERNAME, MAX_PAGE_LIMIT, startEmulator, V1_PAGING_STYLES, type RunningEmulator } from '../emulator/emulator';
import { rejectsWith } from './support/rejectsWith';

/** A page of `count` keys whose ids start at `first`. */
function keys(first: number, count: number): ParsedTokenList {
  return { tokens: Array.from({ length: count }, (_, i) => ({ id: `k${first + i}`, name: `k${first + i}` })), skipped: [], revokedCount: 0 };
}

/** A server of `total` keys, `size` a page, whose pages say `position(page)`; `fail(page)` may throw. */
function pagedServer(total: number, size: number, position: (page: number) => PagePosition, fail: (page: number) => void = () => undefined) {
  const asked: (number | undefined)[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const fetchPage = async (page: number | undefined): Promise<FetchedPage> => {
    asked.push(page);
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    // Later pages answer sooner: the reader must keep them in order all the same.
    await new Promise((resolve) => setTimeout(resolve, page === undefined ? 0 : Math.max(0, 10 - page)));
    inFlight--;
    const n = page ?? 1;
    fail(n);
    const first = (n - 1) * size;
    return { parsed: keys(first, Math.max(0, Math.min(size, total - first))), position: position(n), bytes: 100 };
  };
  return { fetchPage, asked, mostInFlight: () => mostInFlight };
}

const ids = (pages: ParsedTokenList[]) => pages.flatMap((p) => p.tokens.map((t) => t.id));
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => `k${from + i}`);

suite('Paged lists: the reader', () => {
  const options = { maxPages: 100, concurrency: 4, maxBytes: 1_000_000 };

  test('{page, total} (the documented shape): every page, a few at a time, in order', async () => {
    const server = pagedServer(45, 20, (page) => ({ page, total: 45 }));
    const { pages, incomplete } = await readPagedList({ ...options, fetchPage: server.fetchPage });
    assert.deepEqual(ids(pages), range(0, 45));
    assert.equal(incomplete, undefined);
    assert.deepEqual(server.asked.sort(), [2, 3, undefined].sort());
  });

  test('totalPages, hasNext and a next page number each lead through the whole list', async () => {
    const shapes: [string, (page: number) => PagePosition][] = [
      ['totalPages', (page) => ({ page, totalPages: 3 })],
      ['hasNext', (page) => ({ page, hasNext: page < 3 })],
      ['nextPage', (page) => (page < 3 ? { page, nextPage: page + 1 } : { page })],
    ];
    for (const [name, position] of shapes) {
      const server = pagedServer(45, 20, position);
      const { pages, incomplete } = await readPagedList({ ...options, fetchPage: server.fetchPage });
      assert.deepEqual(ids(pages), range(0, 45), name);
      assert.equal(incomplete, undefined, name);
    }
  });

  test('pages after the first are asked for at most `concurrency` at a time', async () => {
    const server = pagedServer(2000, 100, (page) => ({ page, total: 2000, limit: 100 }));
    const { pages } = await readPagedList({ ...options, fetchPage: server.fetchPage });
    assert.equal(ids(pages).length, 2000);
    assert.equal(server.mostInFlight(), 4);
  });

  test('past the page cap: the pages up to it, marked incomplete with how many entries were read of how many', async () => {
    const positions: [(page: number) => PagePosition, object][] = [
      [(page) => ({ page, total: 450 }), { total: 450 }],
      [(page) => ({ page, hasNext: true }), {}],
    ];
    for (const [position, total] of positions) {
      const server = pagedServer(450, 20, position);
      const { pages, incomplete } = await readPagedList({ ...options, maxPages: 5, fetchPage: server.fetchPage });
      assert.deepEqual(ids(pages), range(0, 100));
      assert.deepEqual(incomplete, { read: 100, ...total, reason: { kind: 'pageLimit', pages: 5 } });
      assert.equal(server.asked.length, 5, 'no page past the cap is asked for');
    }
  });

  test('a later page that fails ends the list before it, marked incomplete with why; pages after it are not shown', async () => {
    const failure = new CodeThreatApiError('server', 'The server failed.', { status: 503 });
    const server = pagedServer(45, 20, (page) => ({ page, total: 45 }), (page) => {
      if (page === 2) throw failure;
    });
    const { pages, incomplete } = await readPagedList({ ...options, fetchPage: server.fetchPage });
    assert.deepEqual(ids(pages), range(0, 20));
    assert.deepEqual(incomplete, { read: 20, total: 45, reason: { kind: 'pageFailed', page: 2, error: failure } });
  });

  test('a revoked credential or a cancellation on a later page fails the whole list; a failing first page too', async () => {
    for (const kind of ['unauthorized', 'forbidden', 'cancelled'] as const) {
      const server = pagedServer(45, 20, (page) => ({ page, total: 45 }), (page) => {
        if (page === 3) throw new CodeThreatApiError(kind, kind);
      });
      await rejectsWith(readPagedList({ ...options, fetchPage: server.fetchPage }), kind);
    }
    const firstFails = pagedServer(45, 20, (page) => ({ page, total: 45 }), (page) => {
      if (page === 1) throw new CodeThreatApiError('server', 'down');
    });
    await rejectsWith(readPagedList({ ...options, fetchPage: firstFails.fetchPage }), 'server');
  });

  test('no paging information: one page; a page size from what the first page held when the server names none', async () => {
    const single = pagedServer(30, 100, () => undefined as unknown as PagePosition);
    assert.equal(ids((await readPagedList({ ...options, fetchPage: single.fetchPage })).pages).length, 30);
    // The server kept to its default of 20 and said only the total: 3 pages.
    const defaultSize = pagedServer(45, 20, (page) => ({ page, total: 45 }));
    await readPagedList({ ...options, fetchPage: defaultSize.fetchPage });
    assert.equal(defaultSize.asked.length, 3);
  });
});

suite('Paged lists: the AppSec platform client against the emulator', () => {
  let emulator: RunningEmulator;
  const client = () => new AppsecClient({ serverUrl: emulator.url, organization: DEMO_ORGANIZATION_SLUG, credential: DEMO_ADMIN_API_KEY, userAgent: 'unit-tests' });
  const listRequests = () => emulator.requests.filter((r) => r.path === '/api/v1/api-keys');
  /** The usable keys the server holds for the demo user in the organization. */
  const serverKeys = () => emulator.apiKeysOf(DEMO_USERNAME).filter((k) => k.organizationSlug === DEMO_ORGANIZATION_SLUG && k.status !== 'revoked');

  suiteSetup(async () => {
    emulator = await startEmulator();
  });
  suiteTeardown(() => emulator.close());
  setup(() => emulator.reset());

  test(`asks for ${LIST_PAGE_SIZE} a page (the documented maximum), ${LIST_PAGE_CONCURRENCY} pages at a time, and covers 10,000 keys`, async () => {
    assert.equal(LIST_PAGE_SIZE, MAX_PAGE_LIMIT);
    assert.ok(MAX_LIST_PAGES * LIST_PAGE_SIZE >= 10_000);
    emulator.addApiKeys(DEMO_USERNAME, 450, { organizationSlug: DEMO_ORGANIZATION_SLUG });
    const list = await client().listAccessTokens();
    assert.equal(list.tokens.length, serverKeys().length);
    assert.ok(listRequests().every((r) => r.query.limit === String(LIST_PAGE_SIZE)));
    assert.deepEqual(listRequests().map((r) => r.query.page ?? '1').sort(), ['1', '2', '3', '4', '5']);
  });

  for (const style of V1_PAGING_STYLES) {
    test(`${style}: every key of a list longer than a page`, async () => {
      emulator.addApiKeys(DEMO_USERNAME, 230, { organizationSlug: DEMO_ORGANIZATION_SLUG });
      emulator.faults.listStyle(style);
      const list = await client().listAccessTokens();
      assert.deepEqual(list.tokens.map((t) => t.id).sort(), serverKeys().map((k) => k.id).sort());
      assert.equal(list.incomplete, undefined);
      assert.equal(listRequests().length, style === 'unpaged' ? 1 : 3);
    });
  }

  test('a server that keeps to its default of 20 a page is followed by its total', async () => {
    emulator.addApiKeys(DEMO_USERNAME, 45, { organizationSlug: DEMO_ORGANIZATION_SLUG });
    // As if the server ignored `limit`: each page answered as the same request without it.
    const all = serverKeys().length + emulator.apiKeysOf(DEMO_USERNAME).filter((k) => k.organizationSlug === DEMO_ORGANIZATION_SLUG && k.status === 'revoked').length;
    const pages = Math.ceil(all / 20);
    for (let page = 1; page <= pages; page++) {
      const text = await (await fetch(`${emulator.url}/api/v1/api-keys?organizationSlug=${DEMO_ORGANIZATION_SLUG}&page=${page}`, { headers: { 'X-API-Key': DEMO_ADMIN_API_KEY } })).text();
      emulator.faults.status(200, { match: { path: '/api/v1/api-keys', query: { page: page === 1 ? '' : String(page) } }, body: text });
    }
    emulator.clearRequests();
    const list = await client().listAccessTokens();
    assert.equal(listRequests().length, pages);
    assert.ok(list.tokens.length >= 45 && list.incomplete === undefined);
  });

  test('a limit above 100 is refused with 400, as the emulator documents', async () => {
    const answer = await fetch(`${emulator.url}/api/v1/api-keys?organizationSlug=${DEMO_ORGANIZATION_SLUG}&limit=101`, { headers: { 'X-API-Key': DEMO_ADMIN_API_KEY } });
    assert.equal(answer.status, 400);
  });

  test('page 2 failing (503, also on its retry): the first page, marked "20 of 45"-style incomplete', async () => {
    emulator.addApiKeys(DEMO_USERNAME, 250, { organizationSlug: DEMO_ORGANIZATION_SLUG });
    emulator.faults.status(503, { match: { path: '/api/v1/api-keys', query: { page: '2' }, count: Infinity } });
    const list = await client().listAccessTokens();
    const total = emulator.apiKeysOf(DEMO_USERNAME).filter((k) => k.organizationSlug === DEMO_ORGANIZATION_SLUG).length;
    assert.equal(list.incomplete?.read, 100);
    assert.equal(list.incomplete?.total, total);
    assert.equal(list.incomplete?.reason.kind, 'pageFailed');
    assert.equal((list.incomplete?.reason as { page: number }).page, 2);
  });

  test('the model keeps the incomplete state of its last list, and a whole list clears it', async () => {
    emulator.addApiKeys(DEMO_USERNAME, 150, { organizationSlug: DEMO_ORGANIZATION_SLUG });
    const appsec = client();
    const model = new TokenListModel(async () => appsec);
    emulator.faults.status(503, { match: { path: '/api/v1/api-keys', query: { page: '2' }, count: 2 } });
    await model.refresh();
    assert.equal(model.status, 'ready');
    assert.equal(model.incomplete?.read, 100);
    await model.refresh();
    assert.equal(model.incomplete, undefined);
    assert.equal(model.tokens.length, serverKeys().length);
    model.dispose();
  });

  test('unchanged pages give back the same merged list (nothing to re-render)', async () => {
    emulator.addApiKeys(DEMO_USERNAME, 150, { organizationSlug: DEMO_ORGANIZATION_SLUG });
    // Read by a key other than one listed, so that no page changes with its last use.
    const other = emulator.issueApiKey(DEMO_USERNAME, { organizationSlug: DEMO_PERSONAL_ORGANIZATION_SLUG });
    const appsec = new AppsecClient({ serverUrl: emulator.url, organization: DEMO_ORGANIZATION_SLUG, credential: other.value, userAgent: 'unit-tests' });
    const first = await appsec.listAccessTokens();
    assert.equal(await appsec.listAccessTokens(), first);
  });
});
