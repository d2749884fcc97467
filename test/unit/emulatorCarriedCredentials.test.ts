// The emulator's request log answers "did this credential reach this server?" without keeping the
// credential in its (serializable) entries.
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

  test('counts requests that carried a value in a header, the URL or the body; entries never hold it', async () => {
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
    const serialized = JSON.stringify(emulator.requests.slice(0, 2));
    assert.ok(!serialized.includes(known) && !serialized.includes(foreign), 'the entries hold no credential');

    emulator.clearRequests();
    assert.equal(emulator.countRequests({ carrying: foreign }), 0);
  });
});
