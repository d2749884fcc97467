// The assumed AppSec platform API-key contract: tolerant parsing of list and create answers.
import * as assert from 'node:assert/strict';
import { maskValue } from '../../src/core/api/accessToken';
import { partialValueText } from '../../src/core/util/untrustedText';
import { createRequestBody, mergePages, parseApiKeyList, parseCreatedApiKey, positionOf } from '../../src/core/api/appsec/apiKeyContract';
import { CodeThreatApiError } from '../../src/core/api/errors';

const CREATED = '2026-03-01T10:00:00.000Z';
const USED = '2026-03-05T08:30:00.000Z';
const EXPIRES = '2026-09-01T00:00:00.000Z';
const FULL = 'ct_7f3a9cQe4Lr8Wm2Zx6Vb1Np5Ty9Ks3Hd7Jf0Ga1b2';

function throwsInvalid(fn: () => unknown, field?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CodeThreatApiError);
    assert.equal(error.kind, 'invalidResponse');
    if (field) assert.equal(error.details.field, field);
    return true;
  });
}

suite('API-key contract: list parsing', () => {
  const expected = {
    id: 'k1',
    name: 'CI',
    partialValue: 'ct_7f3a9c…a1b2',
    createdAt: new Date(CREATED),
    lastUsedAt: new Date(USED),
    scopes: ['scan:write', 'repository:read'],
    expiresAt: new Date(EXPIRES),
  };

  test('reads every envelope, wrapper and field spelling', () => {
    const shapes: unknown[] = [
      // the envelope with a bare list; ISO dates
      { success: true, data: [{ id: 'k1', name: 'CI', prefix: 'ct_7f3a9c', lastFour: 'a1b2', scopes: ['scan:write', 'repository:read'], createdAt: CREATED, lastUsedAt: USED, expiresAt: EXPIRES, revokedAt: null, status: 'active' }], meta: { version: 'v1' } },
      // paginated, keyPrefix, permissions, epoch milliseconds
      { success: true, data: { apiKeys: [{ id: 'k1', name: 'CI', keyPrefix: 'ct_7f3a9c', lastFour: 'a1b2', permissions: ['scan:write', 'repository:read'], createdAt: Date.parse(CREATED), lastUsedAt: Date.parse(USED), expiresAt: Date.parse(EXPIRES) }] }, pagination: { page: 1, totalPages: 1 } },
      // keys / masked / epoch seconds / snake_case
      { data: { keys: [{ _id: 'k1', label: 'CI', masked: 'ct_7f3a9c…a1b2', scopes: 'scan:write repository:read', created_at: Date.parse(CREATED) / 1000, last_used_at: USED, expires_at: EXPIRES }] } },
      // items / partial with stars kept as the server masked it
      { data: { items: [{ id: 'k1', name: 'CI', partial: 'ct_7f3a9c…a1b2', permissions: 'scan:write, repository:read', createdAt: CREATED, lastUsed: USED, expiresAt: EXPIRES }] } },
      // no envelope at all
      [{ id: 'k1', name: 'CI', prefix: 'ct_7f3a9c', last_four: 'a1b2', scopes: ['scan:write', 'repository:read'], createdAt: CREATED, lastUsedAt: USED, expiresAt: EXPIRES }],
    ];
    for (const shape of shapes) {
      const { tokens, skipped, revokedCount } = parseApiKeyList(shape);
      assert.deepEqual(skipped, [], JSON.stringify(shape));
      assert.equal(revokedCount, 0);
      assert.deepEqual(tokens, [expected], JSON.stringify(shape));
    }
  });

  test('builds a partial value from a prefix alone, the last four alone, or a stars-masked value', () => {
    const { tokens } = parseApiKeyList({
      data: [
        { id: 'a', prefix: 'ct_7f3a9c' },
        { id: 'b', lastFour: 'a1b2' },
        { id: 'c', partial: 'ct_7f3a9c****a1b2' },
        { id: 'd', lastFour: 'xyz-a1b2' },
        { id: 'e' },
      ],
    });
    assert.deepEqual(
      tokens.map((t) => t.partialValue),
      ['ct_7f3a9c…', '…a1b2', 'ct_7f3a9c****a1b2', '…a1b2', undefined],
    );
  });

  test('never surfaces a full value from a list, whatever field the server put it in', () => {
    const { tokens } = parseApiKeyList({
      data: [
        { id: 'a', name: 'in key', key: FULL, apiKey: FULL, value: FULL, secret: FULL, token: FULL },
        { id: 'b', name: 'in prefix', prefix: FULL, lastFour: 'a1b2' },
        { id: 'c', name: 'in partial', partial: FULL },
        { id: 'd', name: 'in masked', masked: FULL },
        { id: 'e', name: 'in lastFour', lastFour: FULL },
      ],
    });
    assert.equal(tokens.length, 5);
    for (const token of tokens) {
      assert.ok(!JSON.stringify(token).includes(FULL), `${token.name}: ${JSON.stringify(token)}`);
      assert.ok(!JSON.stringify(token).includes(FULL.slice(3, 20)), `${token.name} shows too much: ${token.partialValue}`);
    }
    assert.equal(tokens[1].partialValue, maskValue(FULL));
  });

  test('null is "never used" and "never expires"; a missing field says nothing; an unreadable expiry is not "never"', () => {
    const { tokens } = parseApiKeyList({ data: [{ id: 'a', lastUsedAt: null, expiresAt: null }, { id: 'b' }, { id: 'c', expiresAt: 'soon', lastUsedAt: 'whenever' }] });
    assert.equal(tokens[0].lastUsedAt, null);
    assert.equal(tokens[0].expiresAt, null);
    assert.equal('lastUsedAt' in tokens[1], false);
    assert.equal('expiresAt' in tokens[1], false);
    assert.equal('scopes' in tokens[1], false);
    assert.equal(tokens[2].expiresAt, undefined);
    assert.equal(tokens[2].lastUsedAt, null);
  });

  test('leaves revoked keys out (revokedAt, status, revoked flag) and counts them; keeps expired keys', () => {
    const past = '2026-01-01T00:00:00.000Z';
    const { tokens, skipped, revokedCount } = parseApiKeyList({
      data: [
        { id: 'live', status: 'active', revokedAt: null },
        { id: 'gone1', revokedAt: past },
        { id: 'gone2', status: 'revoked' },
        { id: 'gone3', status: 'DELETED' },
        { id: 'gone4', revoked: true },
        { id: 'gone5', revokedAt: Date.parse(past), status: 'active' },
        { id: 'old', status: 'expired', expiresAt: past, revokedAt: null },
      ],
    });
    assert.deepEqual(tokens.map((t) => t.id), ['live', 'old']);
    assert.equal(revokedCount, 5);
    assert.deepEqual(skipped, []);
    assert.deepEqual(tokens[1].expiresAt, new Date(past));
  });

  test('skips entries it cannot use instead of failing the whole list, and falls back to the id for a name', () => {
    const { tokens, skipped } = parseApiKeyList({ success: true, data: [{ id: 'ok' }, { name: 'no id' }, 'text', null, { id: { nested: 1 } }, { id: 7 }] });
    assert.deepEqual(tokens.map((t) => [t.id, t.name]), [['ok', 'ok'], ['7', '7']]);
    assert.deepEqual(skipped.map((s) => [s.index, s.reason]), [[1, 'no id'], [2, 'not an object'], [3, 'not an object'], [4, 'no id']]);
  });

  test('an answer that is not a list, or says success: false, is an invalid response', () => {
    throwsInvalid(() => parseApiKeyList({ success: true, data: { count: 3 } }), 'apiKeys');
    throwsInvalid(() => parseApiKeyList(undefined), 'apiKeys');
    throwsInvalid(() => parseApiKeyList('[]'), 'apiKeys');
    throwsInvalid(() => parseApiKeyList({ success: false, error: { code: 'X', message: 'no' }, data: [] }), 'success');
  });

  test('reads where a page of the list is, in every shape; a next link is read for its page number only', () => {
    // The platform's documented shape: only page and total.
    assert.deepEqual(positionOf({ success: true, data: [], pagination: { page: 1, total: 42 } }), { page: 1, total: 42 });
    assert.deepEqual(positionOf({ pagination: { page: 1, limit: 20, total: 45, totalPages: 3 } }), { page: 1, limit: 20, total: 45, totalPages: 3 });
    assert.deepEqual(positionOf({ meta: { pagination: { currentPage: '2', total_pages: 2, per_page: 50 } } }), { page: 2, limit: 50, totalPages: 2 });
    assert.deepEqual(positionOf({ pagination: { page: 2, hasNext: true } }), { page: 2, hasNext: true });
    assert.deepEqual(positionOf({ pagination: { page: 2, has_more: false } }), { page: 2, hasNext: false });
    assert.deepEqual(positionOf({ pagination: { page: 1, next: 'https://elsewhere.example/api/v1/api-keys?organizationSlug=a&page=2&limit=100' } }), { page: 1, nextPage: 2 });
    assert.deepEqual(positionOf({ pagination: { page: 1, next: '/api/v1/api-keys?cursor=abc' } }), { page: 1, hasNext: true });
    assert.deepEqual(positionOf({ pagination: { page: 3, nextPage: 4 } }), { page: 3, nextPage: 4 });
    assert.deepEqual(positionOf({ data: [], links: { next: '?page=2' } }), { page: 1, nextPage: 2 });
    assert.deepEqual(positionOf({ pagination: { page: 1, next: null } }), { page: 1 });
    assert.deepEqual(positionOf({ pagination: { page: 0, total: -1, limit: 'x' } }), { page: 1 });
    assert.equal(positionOf({ data: [] }), undefined);
    assert.equal(positionOf([]), undefined);
  });

  test('merges pages with indexes counted over the whole list', () => {
    const one = parseApiKeyList({ data: [{ id: 'a' }, { id: 'r', status: 'revoked' }, { name: 'x' }] });
    const two = parseApiKeyList({ data: [{ id: 'a' }, { id: 'b' }, 'bad'] });
    const merged = mergePages([one, two]);
    assert.deepEqual(merged.tokens.map((t) => t.id), ['a', 'b']);
    assert.deepEqual(merged.skipped.map((s) => s.index), [2, 5]);
    assert.equal(merged.revokedCount, 1);
  });
});

suite('API-key contract: create', () => {
  test('sends the name, scopes, ISO expiry or null, and the organization slug', () => {
    const expiresAt = new Date(EXPIRES);
    assert.deepEqual(createRequestBody({ name: 'CI', scopes: ['scan:write'], expiresAt }, 'acme'), {
      name: 'CI',
      scopes: ['scan:write'],
      expiresAt: EXPIRES,
      organizationSlug: 'acme',
    });
    assert.deepEqual(createRequestBody({ name: 'CI', expiresAt: null }, 'acme'), { name: 'CI', scopes: [], expiresAt: null, organizationSlug: 'acme' });
    assert.deepEqual(createRequestBody({ name: 'CI' }, 'acme').expiresAt, null);
  });

  test('reads the full value from every field and nesting', () => {
    const item = { id: 'k9', name: 'CI', prefix: 'ct_7f3a9c', scopes: ['scan:write'], createdAt: CREATED, lastUsedAt: null, expiresAt: null };
    const shapes: unknown[] = [
      { success: true, data: { ...item, key: FULL } },
      { success: true, data: { apiKey: { ...item, key: FULL } } },
      { success: true, data: { ...item, apiKey: FULL } },
      { success: true, data: { ...item, value: FULL } },
      { success: true, data: { ...item, secret: FULL } },
      { success: true, data: { ...item, token: FULL } },
      { success: true, data: { apiKey: item, key: FULL } },
      { ...item, key: FULL },
    ];
    for (const shape of shapes) {
      const created = parseCreatedApiKey(shape, { name: 'asked', scopes: ['scan:write'] });
      assert.deepEqual(
        created,
        { id: 'k9', name: 'CI', partialValue: 'ct_7f3a9c…', createdAt: new Date(CREATED), lastUsedAt: null, scopes: ['scan:write'], expiresAt: null, value: FULL },
        JSON.stringify(shape),
      );
    }
  });

  test('assumes what was asked for where the answer is silent, and masks the value for display', () => {
    const expiresAt = new Date(EXPIRES);
    const created = parseCreatedApiKey({ data: { id: 'k9', key: FULL } }, { name: 'asked', scopes: ['scan:read'], expiresAt });
    assert.equal(created.name, 'asked');
    assert.deepEqual(created.scopes, ['scan:read']);
    assert.deepEqual(created.expiresAt, expiresAt);
    assert.equal(created.partialValue, maskValue(FULL));
    assert.equal(created.lastUsedAt, null);
    assert.equal(parseCreatedApiKey({ data: { id: 'k9', key: FULL } }, { name: 'n' }).expiresAt, null);
  });

  test('refuses an answer without the value, with only a masked value, or without an id', () => {
    throwsInvalid(() => parseCreatedApiKey({ data: { id: 'k9', name: 'CI', prefix: 'ct_7f3a9c' } }, { name: 'CI' }), 'value');
    throwsInvalid(() => parseCreatedApiKey({ data: { id: 'k9', key: 'ct_7f3a…a1b2' } }, { name: 'CI' }), 'value');
    throwsInvalid(() => parseCreatedApiKey({ data: { name: 'CI', key: FULL } }, { name: 'CI' }), 'id');
    throwsInvalid(() => parseCreatedApiKey({ data: 'done' }, { name: 'CI' }));
    throwsInvalid(() => parseCreatedApiKey({ success: false, data: { id: 'k9', key: FULL } }, { name: 'CI' }), 'success');
  });

  test('a key is an opaque string: ct_, ctk_ and prefix-less keys are masked, listed and created alike', () => {
    const forms = { ct_: 'ct_Qm3vX8pL2nR7tY1wZ5cB9dF4gH6jK0sAe1', ctk_: 'ctk_Qm3vX8pL2nR7tY1wZ5cB9dF4gH6jK0sAe1', none: 'Qm3vX8pL2nR7tY1wZ5cB9dF4gH6jK0sAe1' };
    for (const [form, value] of Object.entries(forms)) {
      const masked = maskValue(value);
      assert.equal(masked, `${value.slice(0, 6)}…${value.slice(-4)}`, form);
      assert.equal(partialValueText(masked), masked, `${form}: the mask is shown as it is`);
      const prefix = value.slice(0, value.indexOf('_') + 1 + 6);
      const { tokens } = parseApiKeyList({ data: [{ id: 'p', keyPrefix: prefix, lastFour: value.slice(-4) }, { id: 'f', partial: value }] });
      assert.equal(tokens[0].partialValue, `${prefix}…${value.slice(-4)}`, form);
      assert.equal(tokens[1].partialValue, masked, `${form}: a full value in a list is masked`);
      const created = parseCreatedApiKey({ success: true, data: { id: 'n', name: 'n', key: value } }, { name: 'n' });
      assert.equal(created.value, value, form);
      assert.equal(created.partialValue, masked, form);
    }
  });
});
