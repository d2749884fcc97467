import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME, OTHER_ORGANIZATION } from '../emulator/emulator';
import { useExtensionHarness } from './support/harness';

suite('Sign in and out', () => {
  const t = useExtensionHarness();

  test('with arguments: username and password, confirmed, validated, then saved', async () => {
    const result = await t.signIn({ serverUrl: `${t.emulator.url}/api/` });
    assert.match(t.prompter.modals[0].message, /^Sign in to CodeThreat at 127\.0\.0\.1:\d+ as demo@codethreat\.test\?$/);
    assert.match(t.prompter.modals[0].detail, /Organization: acme/);
    assert.deepEqual(result, { serverUrl: t.emulator.url, organization: DEMO_ORGANIZATION, generation: 'classic', username: DEMO_USERNAME });
    const [connection] = t.hooks.container.connections.connections();
    assert.equal(connection.serverUrl, t.emulator.url);
    assert.equal(connection.authMethod, 'password');
    assert.equal(connection.apiVersion, '1.9.4');
    // Then the open view loads the list: the sign-in's own requests come before it.
    assert.deepEqual(
      t.emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['POST /api/signin 200', 'GET /api/organization 200', 'GET /api/accesstoken/list 200'],
    );
    assert.match(t.prompter.messages('info')[0], /Signed in to CodeThreat at 127\.0\.0\.1:\d+ as demo@codethreat\.test \(acme\)/);
  });

  test('with arguments, not confirmed: nothing is sent or saved', async () => {
    for (const credential of [{ username: DEMO_USERNAME, password: DEMO_PASSWORD }, { token: 'ct_supplied_by_someone_else_0123456789' }]) {
      t.script({ cancel: true });
      assert.equal(await vscode.commands.executeCommand('codethreat.signIn', { serverUrl: t.emulator.url, organization: DEMO_ORGANIZATION, ...credential }), undefined);
    }
    assert.equal(t.emulator.requests.length, 0);
    assert.deepEqual(t.hooks.container.connections.connections(), []);
  });

  test('a server chosen by the caller: every box that asks for a credential names it', async () => {
    for (const args of [{ generation: 'appsec' }, { username: DEMO_USERNAME }]) {
      t.script({ cancel: true });
      assert.equal(await vscode.commands.executeCommand('codethreat.signIn', { serverUrl: t.emulator.url, ...args }), undefined);
      const asked = t.prompter.inputs.at(-1);
      assert.ok(asked, `a credential was asked for (${JSON.stringify(args)})`);
      assert.equal(asked.title, `Sign in to CodeThreat at ${new URL(t.emulator.url).host}`);
    }
  });

  test('from the palette: self-hosted URL, password, organization picked from the server’s list', async () => {
    t.script(
      { pick: 'Self-hosted server…' },
      { input: `${t.emulator.url}/`, prompt: /Address/ },
      { pick: 'Username and password' },
      { input: DEMO_USERNAME, prompt: /username/i, expectPassword: false },
      { input: DEMO_PASSWORD, prompt: /Password/, expectPassword: true },
      { pick: 'acme-labs' },
    );
    const result = await vscode.commands.executeCommand('codethreat.signIn');
    assert.deepEqual(result, { serverUrl: t.emulator.url, organization: 'acme-labs', generation: 'classic', username: DEMO_USERNAME });
    assert.deepEqual(t.prompter.picks[2].labels, ['acme', 'acme-labs', 'Another organization…']);
    assert.equal(t.prompter.remainingSteps, 0);
  });

  test('from the palette with a pasted token: trimmed, typed organization, never shown', async () => {
    const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'pasted');
    t.script(
      { pick: 'Self-hosted server…' },
      { input: t.emulator.url },
      { pick: 'Existing access token' },
      { input: `  ${value}\n`, expectPassword: true },
      { pick: 'Another organization…' },
      { input: ` ${DEMO_ORGANIZATION} ` },
    );
    const result = await vscode.commands.executeCommand('codethreat.signIn');
    assert.deepEqual(result, { serverUrl: t.emulator.url, organization: DEMO_ORGANIZATION, generation: 'classic', username: undefined });
    assert.equal(t.hooks.container.connections.active?.authMethod, 'token');
    assert.ok(!t.prompter.messages().some((m) => m.includes(value)));
  });

  test('the URL box refuses bad addresses with a reason', async () => {
    t.script({ pick: 'Self-hosted server…' }, { input: t.emulator.url }, { cancel: true });
    assert.equal(await vscode.commands.executeCommand('codethreat.signIn'), undefined);
    // The address box's validator speaks for every bad address.
    const validate = t.prompter.inputs[0]?.validate;
    assert.ok(validate);
    assert.match(validate('') ?? '', /Enter the address/);
    assert.match(validate('ftp://x.example') ?? '', /https:\/\//);
    assert.match(validate('https://u:p@x.example') ?? '', /user name and password/);
    assert.match(validate('https://x.example/a/b') ?? '', /without a path/);
    assert.match(validate('https://x.example/?q=1') ?? '', /without \? or #/);
    assert.equal(validate('https://x.example/api'), undefined);
    assert.deepEqual(t.hooks.container.connections.connections(), []);
  });

  test('a wrong password says so and saves nothing', async () => {
    const result = await t.signIn({ password: 'not-the-password' });
    assert.equal(result, undefined);
    assert.deepEqual(t.hooks.container.connections.connections(), []);
    assert.deepEqual(t.prompter.messages('error'), ['CodeThreat did not accept that username and password. Nothing was saved.']);
    assert.ok(!t.prompter.messages().join().includes('not-the-password'));
  });

  test('a revoked pasted token says so and saves nothing', async () => {
    const { id, value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'revoked');
    t.emulator.revoke(id);
    const result = await t.signIn({ token: value, username: undefined, password: undefined });
    assert.equal(result, undefined);
    assert.deepEqual(t.hooks.container.connections.connections(), []);
    assert.match(t.prompter.messages('error')[0], /did not accept that token/);
  });

  test('an empty organization or an empty / spaced pasted token is refused before anything is sent', async () => {
    const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'spaced');
    t.emulator.clearRequests();
    const attempts: [Record<string, string>, RegExp][] = [
      [{ organization: '  ', username: DEMO_USERNAME, password: DEMO_PASSWORD }, /organization name is empty/],
      [{ organization: DEMO_ORGANIZATION, token: ' \n ' }, /The token is empty/],
      [{ organization: DEMO_ORGANIZATION, token: `${value.slice(0, 10)} ${value.slice(10)}` }, /has no spaces in it/],
    ];
    for (const [args, expected] of attempts) {
      assert.equal(await vscode.commands.executeCommand('codethreat.signIn', { serverUrl: t.emulator.url, ...args }), undefined);
      assert.match(t.prompter.messages('error').at(-1) ?? '', expected);
    }
    assert.equal(t.emulator.requests.length, 0, 'nothing is sent for refused input');
    assert.deepEqual(t.hooks.container.connections.connections(), []);
  });

  test('an unknown organization, or one the user is not in, is named and nothing is saved', async () => {
    for (const [organization, expected] of [
      ['no-such-org', /no organization named "no-such-org"/],
      [OTHER_ORGANIZATION, /not a member of the organization "globex"/],
    ] as const) {
      const result = await t.signIn({ organization });
      assert.equal(result, undefined);
      assert.match(t.prompter.messages('error').at(-1) ?? '', expected);
    }
    assert.deepEqual(t.hooks.container.connections.connections(), []);
  });

  test('an address that is not a CodeThreat server, or not reachable, is explained', async () => {
    const cases: [string, RegExp][] = [
      ['ftp://codethreat.example.com', /https:\/\//],
      ['http://127.0.0.1:9', /Could not reach the CodeThreat server: the server refused the connection\./],
    ];
    for (const [serverUrl, expected] of cases) {
      // A refused address stops before the confirmation; a reachable-looking one is confirmed first.
      if (serverUrl.startsWith('ftp:')) await vscode.commands.executeCommand('codethreat.signIn', { serverUrl, organization: 'acme', username: 'u', password: 'p' });
      else await t.signIn({ serverUrl, username: 'u', password: 'p' });
      assert.match(t.prompter.messages('error').at(-1) ?? '', expected, serverUrl);
    }
    t.emulator.faults.htmlError(404, { count: 2 });
    await t.signIn();
    assert.match(t.prompter.messages('error').at(-1) ?? '', /web page instead of the CodeThreat API/);
    assert.deepEqual(t.hooks.container.connections.connections(), []);
  });

  test('sign out forgets the credential and the saved token, which the modal names; signing in again does not bring it back', async () => {
    await t.signInDemo();
    const connection = t.hooks.container.connections.active!;
    await t.generate({ name: 'kept', deliver: 'secretStorage' });
    t.script({ modal: 'Sign Out', message: /Sign out of acme/ });
    const result = await vscode.commands.executeCommand('codethreat.signOut', { forgetSavedToken: false });
    assert.deepEqual(result, { signedOut: connection.id });
    assert.deepEqual(t.prompter.modals[0].buttons, ['Sign Out'], 'one choice, whatever the argument says');
    assert.match(t.prompter.modals[0].detail, /VS Code also forgets the access token "kept"/);
    assert.deepEqual(t.hooks.container.connections.connections(), []);
    assert.equal(await t.hooks.rawSecrets.get(`codethreat.savedToken:${connection.id}`), undefined, 'nothing is left that no UI could reach');

    await t.signInDemo();
    assert.equal(await t.hooks.container.connections.savedToken(connection.id), undefined, 'nothing comes back with the next sign-in');
    assert.ok((await t.tokenNodes()).some((n) => n.token.name === 'kept'), 'the token itself is still on the server, listed and deletable');
  });

  test('another window saves a different token while the sign-out modal is open: nothing is signed out or removed, and said so', async () => {
    await t.signInDemo();
    const connection = t.hooks.container.connections.active!;
    await t.generate({ name: 'named in the modal', deliver: 'secretStorage' });
    const other = t.emulator.issueAccessToken(DEMO_USERNAME, 'saved in another window');
    const othersCopy = { id: other.id, name: other.name, value: other.value, savedAt: new Date().toISOString() };
    t.script({
      modal: 'Sign Out',
      message: /Sign out of acme/,
      whileOpen: () => t.hooks.rawSecrets.store(`codethreat.savedToken:${connection.id}`, JSON.stringify(othersCopy)),
    });
    const result = await vscode.commands.executeCommand('codethreat.signOut');
    assert.equal(result, undefined);
    assert.match(t.prompter.modals[0].detail, /"named in the modal"/);
    assert.equal((await t.hooks.container.connections.savedToken(connection.id))?.value, other.value, "the other window's token is still saved");
    assert.deepEqual(t.hooks.container.connections.connections().map((c) => c.id), [connection.id], 'still signed in');
    assert.match(t.prompter.messages('warning').join(' / '), /^Another window saved a different token for .* while you were deciding, so nothing was signed out; sign out again to see what it would forget\.$/);
  });
});
