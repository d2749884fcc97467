// The emulator's request log answers "did this value reach this server, by any road?": the
// credential places (header, sign-in body) are in the entries; a value anywhere else (the query
// string, any body field) is found too.
import * as assert from 'node:assert/strict';
import { DEMO_ORGANIZATION, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';

suite('CodeThreat emulator: credentials carried by requests', () => {
  let emulator: RunningEmulator;

  setup(async () => {
    emulator = await startEmulator();
  });

  teardown(async () => {
    await emulator.close();
  });

  test('counts requests that carried a value in a header, the URL or the body; entries list the credential places', async () => {
    const known = emulator.issueAccessToken(DEMO_USERNAME, 'known').value;
    const foreign = 'ct_foreign-credential-this-server-does-not-know';
    await fetch(`${emulator.url}/api/organization?key=${DEMO_ORGANIZATION}`, { headers: { authorization: `Bearer ${known}` } });
    await fetch(`${emulator.url}/api/accesstoken/list`, { headers: { authorization: `Bearer ${foreign}`, 'x-ct-organization': DEMO_ORGANIZATION } });
    await fetch(`${emulator.url}/api/organization?key=${foreign}`);
    await fetch(`${emulator.url}/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_secret: foreign }) });

    assert.equal(emulator.countRequests(), 4);
    assert.equal(emulator.countRequests({ carrying: known }), 1);
    assert.equal(emulator.countRequests({ carrying: foreign }), 3, 'the header, the query and the body');
    assert.equal(emulator.countRequests({ carrying: foreign, method: 'POST' }), 1);
    assert.equal(emulator.countRequests({ carrying: 'ct_never-sent' }), 0);
    assert.equal(emulator.requests[1].authKind, 'none', 'an unknown credential is still "none"');
    assert.deepEqual(emulator.requests.map((r) => r.credentials), [[known], [foreign], [], [foreign]], 'the credential places');

    emulator.clearRequests();
    assert.equal(emulator.countRequests({ carrying: foreign }), 0);
  });
});
