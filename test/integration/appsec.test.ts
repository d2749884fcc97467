// The CodeThreat AppSec platform (API v1) beside the classic API: sign-in with an API key, finding
// out which API a server speaks, scoped keys with an expiry, permission-limited UI, and
// least-privilege sessions for other extensions. The emulator speaks both APIs on one address.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  DEMO_ADMIN_API_KEY,
  DEMO_DISPLAY_NAME,
  DEMO_NO_KEY_READ_API_KEY,
  DEMO_ORGANIZATION_SLUG,
  DEMO_PERSONAL_ORGANIZATION_SLUG,
  DEMO_READ_ONLY_API_KEY,
  DEMO_USERNAME,
  startEmulator,
} from '../emulator/emulator';
import { useExtensionHarness } from './support/harness';

const DAY_MS = 24 * 60 * 60 * 1000;

suite('AppSec platform (API v1)', () => {
  const t = useExtensionHarness();
  const serverKey = (name: string) => t.emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.name === name);
  const active = () => t.hooks.container.connections.active!;

  suite('sign-in', () => {
    test('from the palette: the server is asked which API it speaks, then an API key and the organization (personal one marked)', async () => {
      t.script(
        { pick: 'Self-hosted server…' },
        { input: t.emulator.url },
        { pick: 'API key', title: /speaks the AppSec platform API/ },
        { input: `  ${DEMO_ADMIN_API_KEY}\n`, expectPassword: true },
        { pick: 'Acme Corp' },
      );
      const result = await vscode.commands.executeCommand('codethreat.signIn');
      assert.deepEqual(result, { serverUrl: t.emulator.url, organization: DEMO_ORGANIZATION_SLUG, generation: 'appsec', username: DEMO_USERNAME });
      assert.deepEqual(t.prompter.picks[1].labels, ['API key', 'Username and password', 'Existing access token'], 'the found API first');
      assert.deepEqual(t.prompter.picks[2].labels.sort(), ['Acme Corp', 'Demo User']);
      const connection = active();
      assert.equal(connection.generation, 'appsec');
      assert.equal(t.emulator.countRequests({ path: '/api/v1/cli/auth/validate', credential: DEMO_ADMIN_API_KEY }), 1, 'the key is checked once');
      assert.equal(connection.displayName, DEMO_DISPLAY_NAME);
      // Two connections: the view shows connection rows, whose tooltip names the person.
      assert.ok(await t.signIn({ apiKey: DEMO_ADMIN_API_KEY, organization: DEMO_PERSONAL_ORGANIZATION_SLUG, username: undefined, password: undefined }));
      const tree = t.hooks.features.tokens.tree;
      const tooltips = (await tree.getChildren()).map((node) => (tree.getTreeItem(node).tooltip as vscode.MarkdownString).value);
      const signedInAs = `Signed in as ${DEMO_DISPLAY_NAME} \\(${DEMO_USERNAME.replace(/[.@]/g, '\\$&')}\\)`; // Markdown-escaped
      assert.ok(tooltips.length === 2 && tooltips.every((text) => text.includes(signedInAs)), tooltips.join(' / '));
      assert.equal(connection.organizationName, 'Acme Corp');
      assert.ok(connection.permissions?.includes('api-key:write'));
      // The probe carried no credential; the key went only to validation.
      const probes = t.emulator.requests.filter((r) => r.path === '/api/v1/health');
      assert.ok(probes.length >= 1 && probes.every((r) => r.credentials.length === 0));
      assert.ok(!t.prompter.messages().some((m) => m.includes(DEMO_ADMIN_API_KEY)));
    });

    test('the cloud choices say which API each speaks; a classic-only server is found to be classic', async () => {
      t.script({ cancel: true });
      await vscode.commands.executeCommand('codethreat.signIn');
      const labels = t.prompter.picks[0].labels;
      assert.ok(labels.includes('CodeThreat Cloud') && labels.includes('CodeThreat Cloud, classic'), labels.join(' | '));

      const classicOnly = await startEmulator({ appsecPlatform: false });
      try {
        t.script({ pick: 'Self-hosted server…' }, { input: classicOnly.url }, { cancel: true });
        await vscode.commands.executeCommand('codethreat.signIn');
        assert.match(t.prompter.picks[1].options.title, /speaks the classic CodeThreat API/);
        assert.deepEqual(t.prompter.picks[1].labels, ['Username and password', 'Existing access token', 'API key']);
      } finally {
        await classicOnly.close();
      }
    });

    test('with arguments: confirmed first; a key that does not reach the organization, or a revoked key, saves nothing', async () => {
      await t.signInAppsec();
      assert.match(t.prompter.modals[0].message, /^Sign in to CodeThreat at 127\.0\.0\.1:\d+ with an API key\?$/);
      await t.hooks.reset();

      const { id, value } = t.emulator.issueApiKey(DEMO_USERNAME, { scopes: ['scan:read'] });
      assert.equal(await t.signIn({ apiKey: value, organization: 'globex', username: undefined, password: undefined }), undefined);
      assert.match(t.prompter.messages('error').at(-1) ?? '', /no access to the organization "globex"/);
      t.emulator.revoke(id);
      assert.equal(await t.signIn({ apiKey: value, organization: DEMO_ORGANIZATION_SLUG, username: undefined, password: undefined }), undefined);
      assert.match(t.prompter.messages('error').at(-1) ?? '', /did not accept that API key/);
      assert.deepEqual(t.hooks.container.connections.connections(), []);
    });
  });

  suite('keys with scopes and expiry', () => {
    test('the view lists the keys of the organization with their scopes and expiry', async () => {
      await t.signInAppsec();
      const nodes = await t.tokenNodes();
      const staging = nodes.find((n) => n.token.name === 'Staging deploy')!;
      assert.deepEqual(staging.token.scopes, ['scan:read', 'violation:read']);
      assert.ok(staging.token.expiresAt instanceof Date);
      assert.ok(!nodes.some((n) => n.token.name === 'Lost laptop'), 'revoked keys are not listed');
      assert.ok(!nodes.some((n) => n.token.name === 'Other user in Acme'), 'only the user’s own keys');

      const tree = t.hooks.features.tokens.tree;
      const item = (name: string) => {
        const node = nodes.find((n) => n.token.name === name)!;
        const built = tree.getTreeItem(node);
        return { item: built, tooltip: (tree.resolveTreeItem(built, node).tooltip as vscode.MarkdownString).value };
      };
      const expiring = item('Staging deploy');
      assert.equal(expiring.item.description, 'last used 3 days ago · expires in 10 days');
      assert.equal((expiring.item.iconPath as vscode.ThemeIcon).id, 'warning', 'within codethreat.expiryWarningDays (14)');
      assert.equal(expiring.item.contextValue, 'token.expiring');
      assert.equal(expiring.item.accessibilityInformation?.label, 'Staging deploy, last used 3 days ago · expires in 10 days, expiring soon');
      assert.ok(expiring.tooltip.includes('| **Scopes** | scan\\:read\\, violation\\:read |'), expiring.tooltip); // escaped Markdown
      assert.match(expiring.tooltip, /expires soon/);
      const expired = item('Old integration');
      assert.equal(expired.item.description, 'last used 4 weeks ago · expired 20 days ago');
      assert.equal((expired.item.iconPath as vscode.ThemeIcon).id, 'error');
      assert.match(expired.tooltip, /has expired/);
      const forever = item('Scan in CI');
      assert.equal(forever.item.description, 'last used 7 minutes ago');
      assert.match(forever.tooltip, /\*\*Expires\*\* \| Never/);
      assert.ok((t.hooks.features.tokens.treeView.badge?.value ?? 0) >= 2, 'the badge counts expired and expiring keys');

      // The details dialog (Enter) says what the tooltip says, to a screen reader too.
      const expiredKey = nodes.find((n) => n.token.name === 'Old integration')!;
      t.script({ modal: undefined, message: /^Old integration$/ });
      await vscode.commands.executeCommand('codethreat.tokens.showDetails', expiredKey);
      assert.match(t.prompter.modals.at(-1)!.detail, /^This key has expired: CodeThreat no longer accepts it\./m);
    });

    test('generate from the palette: a preset, an expiry, and the consent names both', async () => {
      await t.signInAppsec();
      t.script(
        { input: 'results reader' },
        { pick: 'Read results' },
        { pick: '30 days' },
        { modal: 'Generate and Copy', message: /^Generate the access token "results reader"/ },
      );
      const result = await vscode.commands.executeCommand<{ id: string }>('codethreat.tokens.generate');
      assert.ok(result);
      assert.deepEqual(t.prompter.picks[1].labels[0], '90 days', 'CodeThreat’s advice first');
      assert.match(t.prompter.modals[0].detail, /Scopes: scan:read, violation:read\. It expires on /);
      const key = serverKey('results reader')!;
      assert.deepEqual(key.scopes, ['scan:read', 'violation:read']);
      assert.ok(Math.abs(key.expiresAt!.getTime() - (Date.now() + 30 * DAY_MS)) < 60_000);
      assert.equal(t.clipboard.text, key.value);
    });

    test('generate with arguments: exactly the scopes asked for; a custom pick offers only what the signed-in key holds', async () => {
      const holder = t.emulator.issueApiKey(DEMO_USERNAME, { scopes: ['api-key:read', 'api-key:write', 'scan:read', 'scan:write'] });
      await t.signInAppsec(holder.value);
      await t.generate({ name: 'scan reader', deliver: 'clipboard', scopes: ['scan:read'], expiresInDays: 30 });
      assert.deepEqual(serverKey('scan reader')?.scopes, ['scan:read']);

      t.script({ input: 'custom' }, { pick: 'Choose scopes…' }, { pickMany: ['scan:write'] }, { pick: 'No expiry' }, { modal: 'Generate and Copy' });
      await vscode.commands.executeCommand('codethreat.tokens.generate');
      assert.deepEqual(t.prompter.picks[0].labels, ['Choose scopes…'], 'no preset fits the key’s scopes');
      assert.deepEqual(t.prompter.picks[1].labels, ['scan:read', 'scan:write', 'api-key:read', 'api-key:write'], 'only scopes the key holds, grouped by resource');
      assert.deepEqual(serverKey('custom')?.scopes, ['scan:write']);
      assert.equal(serverKey('custom')?.expiresAt, null);
    });

    test('the extension never tries to escalate: scopes the signed-in key lacks are refused before anything is sent', async () => {
      const holder = t.emulator.issueApiKey(DEMO_USERNAME, { scopes: ['api-key:read', 'api-key:write', 'scan:read'] });
      await t.signInAppsec(holder.value);
      t.emulator.clearRequests();
      assert.equal(await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'too much', deliver: 'clipboard', scopes: ['scan:write'] }), undefined);
      assert.match(t.prompter.messages('error').at(-1) ?? '', /cannot grant scan:write/);
      assert.equal(t.emulator.countRequests({ method: 'POST' }), 0);
      // The presets it cannot grant are not offered either.
      t.script({ input: 'preset check' }, { cancel: true });
      await vscode.commands.executeCommand('codethreat.tokens.generate');
      assert.ok(!t.prompter.picks[0].labels.includes('Scan in CI'));
      assert.ok(t.prompter.picks[0].labels.includes('Choose scopes…'));
    });

    test('rotation keeps the key’s scopes and sets a fresh expiry', async () => {
      await t.signInAppsec();
      const old = (await t.tokenNodes()).find((n) => n.token.name === 'Staging deploy')!;
      t.script({ modal: 'Rotate and Copy' }, { modal: 'Delete' });
      const result = await vscode.commands.executeCommand<{ newId: string; oldDeleted: boolean }>('codethreat.tokens.rotate', {
        id: old.token.id,
        name: 'Staging deploy 2',
        deliver: 'clipboard',
      });
      assert.equal(result?.oldDeleted, true);
      const replacement = serverKey('Staging deploy 2')!;
      assert.deepEqual(replacement.scopes, ['scan:read', 'violation:read']);
      assert.ok(Math.abs(replacement.expiresAt!.getTime() - (Date.now() + 90 * DAY_MS)) < 60_000, 'the default period from now');
      assert.match(t.prompter.modals[0].detail, /Scopes: scan:read, violation:read/);
    });
  });

  suite('expiry', () => {
    test('the saved key’s coming expiry shows in the status bar, which then offers to rotate it', async () => {
      await t.signInAppsec();
      const statusBar = t.hooks.features.tokens.statusBar;
      await t.generate({ name: 'expiring soon', deliver: 'secretStorage', scopes: ['scan:read'], expiresInDays: 5 });
      await statusBar.update();
      assert.match(statusBar.content.text, /key expires in 5 days/);
      assert.equal(statusBar.content.warning, true);
      assert.match(statusBar.content.tooltip, /the saved key "expiring soon" for Acme Corp expires in 5 days\. Click to rotate it\./);
      const key = serverKey('expiring soon')!;
      assert.deepEqual(statusBar.content.command.command, 'codethreat.tokens.rotate');
      assert.deepEqual(statusBar.content.command.arguments, [{ id: key.id, connectionId: active().id }]);

      await t.generate({ name: 'long-lived', deliver: 'secretStorage', scopes: ['scan:read'], expiresInDays: 365 });
      await statusBar.update();
      assert.doesNotMatch(statusBar.content.text, /expire/);
      assert.equal(statusBar.content.command.command, 'codethreat.tokens.focus');
    });
  });

  suite('permissions decide the UI', () => {
    test('without api-key:write: generate, rotate and delete say why and send nothing', async () => {
      await t.signInAppsec(DEMO_READ_ONLY_API_KEY);
      const node = (await t.tokenNodes())[0];
      t.emulator.clearRequests();
      for (const [command, args] of [
        ['codethreat.tokens.generate', { name: 'x', deliver: 'clipboard' }],
        ['codethreat.tokens.rotate', node],
        ['codethreat.tokens.delete', node],
      ] as const) {
        assert.equal(await vscode.commands.executeCommand(command, args), undefined, command);
        assert.match(t.prompter.messages('error').at(-1) ?? '', /lacks the scope api-key:write/, command);
      }
      assert.equal(t.emulator.countRequests({ method: 'POST' }) + t.emulator.countRequests({ method: 'DELETE' }), 0);

      // Another extension asking for a session is told no before any question is put to the user.
      const asked = t.prompter.inputs.length + t.prompter.modals.length;
      await assert.rejects(t.hooks.features.account.authProvider.createSession(['scan:read'], {}), (error: Error) => error.name === 'Canceled');
      assert.match(t.prompter.messages('error').at(-1) ?? '', /lacks the scope api-key:write/);
      assert.equal(t.prompter.inputs.length + t.prompter.modals.length, asked, 'no name box, no modal');
      assert.equal(t.emulator.countRequests({ method: 'POST' }), 0);
    });

    test('rotating a key whose scopes the signed-in key does not hold says so and sends nothing', async () => {
      const narrow = t.emulator.issueApiKey(DEMO_USERNAME, { organizationSlug: DEMO_ORGANIZATION_SLUG, scopes: ['api-key:read', 'api-key:write', 'scan:read'] });
      await t.signInAppsec(narrow.value);
      const staging = (await t.tokenNodes()).find((n) => n.token.name === 'Staging deploy')!; // scan:read, violation:read
      t.emulator.clearRequests();
      t.script({ input: 'Staging deploy 2' });
      assert.equal(await vscode.commands.executeCommand('codethreat.tokens.rotate', staging), undefined);
      assert.match(t.prompter.messages('error').at(-1) ?? '', /^Your API key cannot grant violation:read/);
      assert.equal(t.emulator.countRequests({ method: 'POST' }), 0);
    });

    test('without api-key:read: the view says why it cannot list', async () => {
      await t.signInAppsec(DEMO_NO_KEY_READ_API_KEY);
      await t.tokenNodes();
      assert.equal(t.hooks.features.tokens.tree.state, 'forbidden');
      assert.match(t.hooks.features.tokens.tree.message ?? '', /refused/i);
    });
  });

  suite('sessions for other extensions', () => {
    test('getSession with scopes: a key with exactly those scopes and the default expiry, after consent; sessions report their scopes', async () => {
      await t.signInAppsec();
      const provider = t.hooks.features.account.authProvider;
      t.script({ input: 'VS Code: scan:read (extension)' }, { modal: 'Generate and Save in VS Code', message: /^An extension asks for a CodeThreat access token/ });
      const session = await provider.createSession(['scan:read'], {});
      const key = serverKey('VS Code: scan:read (extension)')!;
      assert.equal(session.accessToken, key.value);
      assert.deepEqual(key.scopes, ['scan:read']);
      assert.deepEqual(session.scopes, ['scan:read']);
      assert.ok(Math.abs(key.expiresAt!.getTime() - (Date.now() + 90 * DAY_MS)) < 60_000);
      assert.match(t.prompter.modals[0].detail, /Scopes: scan:read\./);
      assert.equal((await provider.getSessions(['scan:read'])).length, 1, 'served');
      assert.equal((await provider.getSessions(['scan:write'])).length, 0, 'a key without scan:write does not serve scan:write');
    });

    test('getSession with a scope the saved key lacks: a key of its own, and the saved key stays the saved key', async () => {
      await t.signInAppsec();
      const provider = t.hooks.features.account.authProvider;
      await t.generate({ name: 'reader', deliver: 'secretStorage', scopes: ['scan:read'], expiresInDays: 30 });
      t.script({ input: 'writer' }, { modal: 'Generate and Save in VS Code', message: /^An extension asks for a CodeThreat access token/ });
      const session = await provider.createSession(['scan:write'], {});
      assert.doesNotMatch(t.prompter.modals[0].detail, /replaces/);
      assert.deepEqual(session.scopes, ['scan:write']);
      assert.equal((await t.hooks.container.connections.savedTokenInfo(t.hooks.container.connections.active!.id))?.name, 'reader');
      assert.deepEqual(await provider.getSessions(['scan:read']), [], 'the saved key is no session');
    });
  });
});
