// The grant store (core/tokens/grants.ts): exact scope matching, values only in secret storage,
// account labels never used twice, and another window's grants.
import * as assert from 'node:assert/strict';
import { SecretVault } from '../../src/core/connections/secretVault';
import { GrantStore, grantsExactly } from '../../src/core/tokens/grants';
import { memorySecrets, memoryState } from './support/memoryPorts';

const fields = (tokenId: string, scopes: string[], connectionId = 'https://ct.test|acme') => ({ connectionId, scopes, tokenId, name: tokenId, created: '2026-12-06T00:00:00.000Z' });

suite('grants', () => {
  test('a grant serves exactly its scope set, in any order: never a superset or a subset', () => {
    const grant = { scopes: ['api-key:write', 'scan:read'] };
    assert.equal(grantsExactly(grant, ['scan:read', 'api-key:write']), true);
    assert.equal(grantsExactly(grant, ['scan:read', 'api-key:write', 'scan:read']), true, 'duplicates do not count');
    assert.equal(grantsExactly(grant, ['scan:read']), false, 'a broader key for a narrower request');
    assert.equal(grantsExactly(grant, ['scan:read', 'api-key:write', 'scan:write']), false);
    assert.equal(grantsExactly({ scopes: [] }, []), true);
    assert.equal(grantsExactly({ scopes: [] }, ['scan']), false);
  });

  test('the value lives in secret storage only; forgetting removes value and metadata', async () => {
    const state = memoryState();
    const secrets = memorySecrets();
    const store = new GrantStore(state, new SecretVault(secrets));
    const grant = await store.add(fields('k1', ['scan:read']), 'k1 (acme)', 'ct_value_of_k1_0123456789');
    assert.equal(await store.value(grant.id), 'ct_value_of_k1_0123456789');
    assert.ok(!JSON.stringify(state.get('codethreat.grants')).includes('ct_value'), 'no value in state');
    assert.ok(![...secrets.values.entries()].some(([key, value]) => key !== `codethreat.grant:${grant.id}` && value.includes('ct_value')), 'the value is under its own key only');
    await store.forgetToken('https://ct.test|acme', 'k1');
    assert.deepEqual(store.all(), []);
    assert.equal(await store.value(grant.id), undefined);
  });

  test('an account label is never used twice: VS Code keeps consent by label', async () => {
    const store = new GrantStore(memoryState(), new SecretVault(memorySecrets()));
    const first = await store.add(fields('k1', ['scan:read']), 'For an extension (acme)', 'v1');
    const second = await store.add(fields('k2', ['scan:read']), 'For an extension (acme)', 'v2');
    assert.equal(first.accountLabel, 'For an extension (acme)');
    assert.equal(second.accountLabel, 'For an extension (acme) #2');
    await store.forget([first.id, second.id]);
    const third = await store.add(fields('k3', ['scan:read']), 'For an extension (acme)', 'v3');
    assert.equal(third.accountLabel, 'For an extension (acme) #3', 'a forgotten grant’s label is not reused');
  });

  test('forgetMissing keeps the grants whose key a list still holds; forgetConnection only that connection’s', async () => {
    const store = new GrantStore(memoryState(), new SecretVault(memorySecrets()));
    await store.add(fields('k1', ['a']), 'one', 'v1');
    await store.add(fields('k2', ['b']), 'two', 'v2');
    await store.add(fields('k3', ['c'], 'https://other.test|x'), 'three', 'v3');
    await store.forgetMissing('https://ct.test|acme', ['k1', 'unrelated']);
    assert.deepEqual(store.all().map((g) => g.tokenId), ['k1', 'k3']);
    await store.forgetConnection('https://ct.test|acme');
    assert.deepEqual(store.all().map((g) => g.tokenId), ['k3']);
  });

  test('grants made or forgotten in another window show here', async () => {
    const secrets = memorySecrets();
    const here = new GrantStore(memoryState(), new SecretVault(secrets));
    const there = new GrantStore(memoryState(), new SecretVault(secrets));
    let changes = 0;
    here.onDidChange(() => changes++);
    const grant = await there.add(fields('k1', ['a']), 'one', 'v1');
    await here.secretChanged('codethreat.grantList');
    assert.deepEqual(here.all().map((g) => g.id), [grant.id]);
    await there.forget([grant.id]);
    await here.secretChanged('codethreat.grantList');
    assert.deepEqual(here.all(), []);
    assert.equal(changes, 2);
  });
});
