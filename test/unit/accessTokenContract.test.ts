import * as assert from 'node:assert/strict';
import { maskValue } from '../../src/core/api/accessToken';
import { parseCreatedToken, parseTokenList } from '../../src/core/api/classic/accessTokenContract';
import { parseTimestamp } from '../../src/core/api/tolerantJson';
import { CodeThreatApiError } from '../../src/core/api/errors';

const ISO = '2026-03-01T10:00:00.000Z';
const MILLIS = Date.parse(ISO);

suite('access-token contract: parsing', () => {
  test('reads timestamps as ISO, epoch seconds, epoch milliseconds and numeric strings', () => {
    assert.equal(parseTimestamp(ISO)?.getTime(), MILLIS);
    assert.equal(parseTimestamp(MILLIS / 1000)?.getTime(), MILLIS);
    assert.equal(parseTimestamp(MILLIS)?.getTime(), MILLIS);
    assert.equal(parseTimestamp(String(MILLIS / 1000))?.getTime(), MILLIS);
    assert.equal(parseTimestamp({ $date: ISO })?.getTime(), MILLIS);
  });

  test('reads "never used" from null, empty, 0 and "Never"', () => {
    for (const never of [null, '', 0, '0', 'Never', ' never ']) assert.equal(parseTimestamp(never), null, JSON.stringify(never));
    assert.equal(parseTimestamp(undefined), undefined);
    assert.equal(parseTimestamp('not a date'), undefined);
    assert.equal(parseTimestamp(true), undefined);
  });

  test('reads every field spelling and wrapper', () => {
    const shapes: unknown[] = [
      [{ id: 'a1', name: 'ci', token: 'ct_Ab…9Zq', created_at: ISO, last_used: null }],
      { data: [{ _id: 'a1', name: 'ci', masked: 'ct_Ab…9Zq', createdAt: MILLIS, lastUsedAt: 0 }] },
      { result: [{ id: 'a1', name: 'ci', partial: 'ct_Ab…9Zq', created: MILLIS / 1000, last_used_at: 'Never' }] },
      { data: { tokens: [{ _id: 'a1', name: 'ci', token: 'ct_Ab…9Zq', create_date: ISO, lastUsed: '' }] } },
    ];
    for (const shape of shapes) {
      const { tokens, skipped } = parseTokenList(shape);
      assert.deepEqual(skipped, []);
      assert.deepEqual(tokens, [{ id: 'a1', name: 'ci', partialValue: 'ct_Ab…9Zq', createdAt: new Date(MILLIS), lastUsedAt: null }], JSON.stringify(shape));
    }
  });

  test('keeps the difference between "never used" and "no last-used field"', () => {
    const { tokens } = parseTokenList([{ id: 1, name: 'x' }]);
    assert.equal(tokens[0].id, '1');
    assert.equal(tokens[0].lastUsedAt, undefined);
    assert.equal(tokens[0].createdAt, undefined);
  });

  test('skips entries it cannot use instead of failing the whole list', () => {
    const { tokens, skipped } = parseTokenList([{ id: 'ok', name: 'fine' }, { name: 'no id' }, 'text', null, { id: { nested: 1 } }]);
    assert.deepEqual(tokens.map((t) => t.id), ['ok']);
    assert.deepEqual(skipped.map((s) => s.index), [1, 2, 3, 4]);
  });

  test('falls back to the id when a token has no name, and never lists a full value', () => {
    const full = 'ct_0123456789abcdefghijklmnopqrstuvwxyzABCD';
    const { tokens } = parseTokenList([{ id: 'x9', token: full, name: 42 }]);
    assert.equal(tokens[0].name, '42');
    assert.notEqual(tokens[0].partialValue, full);
    assert.equal(tokens[0].partialValue, maskValue(full));
    const { tokens: unnamed } = parseTokenList([{ id: 'x9' }]);
    assert.equal(unnamed[0].name, 'x9');
  });

  test('rejects a body that is not a list, naming the field', () => {
    for (const body of [{ message: 'hi' }, 'text', 42, null, { data: { count: 3 } }]) {
      assert.throws(
        () => parseTokenList(body),
        (error: unknown) => error instanceof CodeThreatApiError && error.kind === 'invalidResponse' && error.details.field === 'tokens',
      );
    }
  });

  test('reads the created token and its full value in every style', () => {
    const value = 'ct_0123456789abcdefghijklmnopqrstuvwxyzABCD';
    const bodies: unknown[] = [
      { id: 'n1', name: 'ci', token: value, created_at: ISO, last_used: null },
      { _id: 'n1', name: 'ci', value, masked: 'ct_01…ABCD', createdAt: MILLIS, lastUsedAt: 0 },
      { data: { id: 'n1', name: 'ci', token: value, created_at: ISO } },
      { result: { id: 'n1', access_token: value, created: MILLIS / 1000 } },
    ];
    for (const body of bodies) {
      const created = parseCreatedToken(body, 'ci');
      assert.equal(created.value, value, JSON.stringify(body));
      assert.equal(created.id, 'n1');
      assert.equal(created.name, 'ci');
      assert.equal(created.lastUsedAt, null);
      assert.equal(created.createdAt?.getTime(), MILLIS);
      assert.ok(created.partialValue && !created.partialValue.includes(value));
    }
  });

  test('says which field is missing from a create response', () => {
    const missingValue = () => parseCreatedToken({ id: 'n1', name: 'ci', token: 'ct_01…ABCD' }, 'ci');
    assert.throws(missingValue, (e: unknown) => e instanceof CodeThreatApiError && e.details.field === 'value');
    const missingId = () => parseCreatedToken({ name: 'ci', value: 'ct_0123456789abcdefghij' }, 'ci');
    assert.throws(missingId, (e: unknown) => e instanceof CodeThreatApiError && e.details.field === 'id');
    assert.throws(() => parseCreatedToken('nope', 'ci'), (e: unknown) => e instanceof CodeThreatApiError && e.kind === 'invalidResponse');
  });
});
