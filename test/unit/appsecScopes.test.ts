// The AppSec platform's scope catalogue, presets and the "does a key hold these?" check.
import * as assert from 'node:assert/strict';
import { APPSEC_SCOPE_GROUPS, APPSEC_SCOPES, SCOPE_PRESETS, coversScopes, missingScopes, sortScopes } from '../../src/core/api/appsec/scopes';
import { API_KEY_SCOPES } from '../emulator/emulator';

suite('AppSec platform scopes', () => {
  test('the catalogue lists the documented scopes, grouped by resource', () => {
    assert.deepEqual(
      APPSEC_SCOPE_GROUPS.map((g) => g.resource),
      ['organization', 'repository', 'scan', 'violation', 'user', 'integration', 'api-key', 'webhook'],
    );
    assert.equal(APPSEC_SCOPES.length, 21);
    // The emulator copies the same documentation: the two lists must agree.
    assert.deepEqual([...APPSEC_SCOPES].sort(), [...API_KEY_SCOPES].sort());
    assert.ok(APPSEC_SCOPES.includes('api-key:write'));
    assert.ok(!APPSEC_SCOPES.includes('api-key:manage'));
    assert.ok(!APPSEC_SCOPES.includes('webhook:manage'));
  });

  test('presets ask for documented scopes only', () => {
    assert.deepEqual(SCOPE_PRESETS.find((p) => p.id === 'scanInCi')?.scopes, ['scan:write', 'repository:read']);
    assert.deepEqual(SCOPE_PRESETS.find((p) => p.id === 'readResults')?.scopes, ['scan:read', 'violation:read']);
    for (const preset of SCOPE_PRESETS) assert.ok(preset.scopes.every((scope) => APPSEC_SCOPES.includes(scope)), preset.id);
  });

  test('coverage is exact: manage does not imply read or write, nor write read', () => {
    assert.ok(coversScopes(['scan:write', 'repository:read', 'x'], ['repository:read', 'scan:write']));
    assert.deepEqual(missingScopes(['scan:manage'], ['scan:read', 'scan:write']), ['scan:read', 'scan:write']);
    assert.deepEqual(missingScopes(['scan:write'], ['scan:read']), ['scan:read']);
    assert.deepEqual(missingScopes([], ['a', 'a']), ['a']);
    assert.ok(coversScopes([], []));
  });

  test('sorts scopes in catalogue order, unknown ones last', () => {
    assert.deepEqual(sortScopes(['webhook:read', 'custom:thing', 'scan:read', 'organization:manage', 'scan:read']), ['organization:manage', 'scan:read', 'webhook:read', 'custom:thing']);
  });
});
