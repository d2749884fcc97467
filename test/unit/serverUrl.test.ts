import * as assert from 'node:assert/strict';
import { isInsecureRemoteUrl, isLoopbackUrl, normalizeServerUrl } from '../../src/core/api/serverUrl';

suite('normalizeServerUrl', () => {
  const accepted: [string, string][] = [
    ['https://cloud.codethreat.com', 'https://cloud.codethreat.com'],
    ['https://cloud.codethreat.com/', 'https://cloud.codethreat.com'],
    ['https://cloud.codethreat.com/api', 'https://cloud.codethreat.com'],
    ['https://cloud.codethreat.com/api/', 'https://cloud.codethreat.com'],
    ['  https://CodeThreat.Example.com:8443//  ', 'https://codethreat.example.com:8443'],
    ['codethreat.example.com', 'https://codethreat.example.com'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://[::1]:8080/api', 'http://[::1]:8080'],
    ['https://app.codethreat.com/api/v1', 'https://app.codethreat.com'],
    ['https://app.codethreat.com/api/v1/', 'https://app.codethreat.com'],
    ['http://localhost:3000/API/V1', 'http://localhost:3000'],
  ];
  for (const [input, expected] of accepted) {
    test(`accepts ${JSON.stringify(input)}`, () => {
      assert.deepEqual(normalizeServerUrl(input), { ok: true, url: expected });
    });
  }

  const refused: [string, string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['ftp://codethreat.example.com', 'unsupportedScheme'],
    ['file:///etc/passwd', 'unsupportedScheme'],
    ['https://user:pass@codethreat.example.com', 'hasCredentials'],
    ['https://codethreat.example.com/?next=1', 'hasQueryOrFragment'],
    ['https://codethreat.example.com/#x', 'hasQueryOrFragment'],
    ['https://codethreat.example.com/some/path', 'hasPath'],
    ['https://app.codethreat.com/api/v2', 'hasPath'],
    ['https://app.codethreat.com/api/v1/health', 'hasPath'],
    ['https://app.codethreat.com/v1', 'hasPath'],
    ['https://exa mple.com', 'notAUrl'],
    ['http://', 'notAUrl'],
  ];
  for (const [input, problem] of refused) {
    test(`refuses ${JSON.stringify(input)} as ${problem}`, () => {
      assert.deepEqual(normalizeServerUrl(input), { ok: false, problem });
    });
  }

  test('tells loopback from remote and flags plain http to remote hosts', () => {
    assert.equal(isLoopbackUrl('http://127.0.0.1:9'), true);
    assert.equal(isLoopbackUrl('http://localhost'), true);
    assert.equal(isLoopbackUrl('http://[::1]:9'), true);
    assert.equal(isLoopbackUrl('http://codethreat.example.com'), false);
    assert.equal(isInsecureRemoteUrl('http://codethreat.example.com'), true);
    assert.equal(isInsecureRemoteUrl('https://codethreat.example.com'), false);
    assert.equal(isInsecureRemoteUrl('http://127.0.0.1:8080'), false);
  });
});
