// Importing plain-text credentials other CodeThreat tools keep: offered, validated, then the
// plain-text copy removed on request.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findCredentials } from '../../src/features/import/credentialSources';
import { offerImport } from '../../src/features/import/importOffer';
import { offerPlaintextRemoval } from '../../src/features/import/plaintextCopies';
import { DEMO_ORGANIZATION, DEMO_USERNAME, startEmulator } from '../emulator/emulator';
import { clearCliCredentials, writeAppsecCredentials, writeClassicConfig } from './support/cliFiles';
import { eventually, useExtensionHarness } from './support/harness';

suite('Importing credentials from elsewhere', () => {
  const t = useExtensionHarness();
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const jsonFile = () => path.join(folder(), 'codethreat.json');
  const home = () => t.hooks.container.platform.homeDirectory;

  teardown(async () => {
    const hadSettings = fs.existsSync(path.join(folder(), '.vscode'));
    for (const leftover of ['codethreat.json', '.gitignore', '.git', '.vscode']) fs.rmSync(path.join(folder(), leftover), { recursive: true, force: true });
    if (hadSettings) await eventually(() => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === undefined, 'workspace settings to unload');
    clearCliCredentials(home());
    const old = vscode.workspace.getConfiguration('codethreat-vscode');
    for (const key of ['codethreatApiToken', 'codethreatApiBaseUrl', 'codethreatOrganization']) await old.update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  function writeJson(token: string) {
    fs.writeFileSync(jsonFile(), JSON.stringify({ apiBaseUrl: t.emulator.url, apiToken: token, organizatonName: DEMO_ORGANIZATION, projectName: 'shop', branch: 'main' }));
  }

  test('codethreat.json: offered, imported after validation, token removed from the file, file kept out of git', async () => {
    const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'from json');
    writeJson(value);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: folder(), stdio: 'ignore' });
    git('init', '-q');
    git('add', 'codethreat.json');
    git('commit', '-qm', 'config');

    const offered = await offerImport(t.hooks.container);
    assert.equal(offered.length, 1);
    assert.match(t.prompter.notifications[0].message, /stored in plain text in codethreat\.json/);
    assert.deepEqual(t.prompter.notifications[0].actions, ['Import…', 'Not Now']);

    t.script(
      { modal: 'Import', message: /Use the CodeThreat token from codethreat\.json/ },
      { modal: 'Remove Plain-Text Copy' },
      { modal: 'Add to .gitignore', message: /tracked by git/ },
    );
    const result = await vscode.commands.executeCommand<{ connectionId: string; plaintextRemoved: boolean }>('codethreat.importCredentials', { key: offered[0] });
    assert.equal(result?.plaintextRemoved, true);
    assert.match(t.prompter.modals[0].detail, new RegExp(`Server: ${t.emulator.url.replace(/\./g, '\\.')}\\nOrganization: acme`));
    assert.ok(!t.prompter.modals.some((m) => `${m.message}${m.detail}`.includes(value)), 'the token is never shown');
    assert.equal(await t.hooks.rawSecrets.get(`codethreat.credential:${result!.connectionId}`), value);
    assert.deepEqual(JSON.parse(fs.readFileSync(jsonFile(), 'utf8')), { apiBaseUrl: t.emulator.url, organizatonName: 'acme', projectName: 'shop', branch: 'main' });
    assert.match(fs.readFileSync(path.join(folder(), '.gitignore'), 'utf8'), /^codethreat\.json$/m);
    assert.equal((await t.tokenNodes()).length, 6);
  });

  test('a revoked token is not imported and the file is left alone', async () => {
    const { id, value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'stale json');
    t.emulator.revoke(id);
    writeJson(value);
    t.script({ modal: 'Import' });
    assert.equal(await vscode.commands.executeCommand('codethreat.importCredentials'), undefined);
    assert.match(t.prompter.messages('error')[0], /Could not import the token from codethreat\.json.*nothing was saved.*did not accept the credential/);
    assert.deepEqual(t.hooks.container.connections.connections(), []);
    assert.equal(JSON.parse(fs.readFileSync(jsonFile(), 'utf8')).apiToken, value);
  });

  test('"Not Now" is remembered for that source', async () => {
    writeJson(t.emulator.issueAccessToken(DEMO_USERNAME, 'later').value);
    t.prompter.onNotify = (n) => (n.actions.includes('Not Now') ? 'Not Now' : undefined);
    assert.equal((await offerImport(t.hooks.container)).length, 1);
    await eventually(() => !!t.hooks.stateDump()['codethreat.importDismissed'], '"Not Now" to be remembered');
    assert.deepEqual(await offerImport(t.hooks.container), []);
    assert.deepEqual(t.hooks.container.connections.connections(), []);
  });

  test('the old codethreat-vscode settings: imported and removed', async () => {
    const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'from settings');
    const old = vscode.workspace.getConfiguration('codethreat-vscode');
    await old.update('codethreatApiToken', value, vscode.ConfigurationTarget.Global);
    await old.update('codethreatApiBaseUrl', t.emulator.url, vscode.ConfigurationTarget.Global);
    await old.update('codethreatOrganization', DEMO_ORGANIZATION, vscode.ConfigurationTarget.Global);
    t.script({ modal: 'Import', message: /the setting codethreat-vscode\.codethreatApiToken/ }, { modal: 'Remove Plain-Text Copy' });
    const result = await vscode.commands.executeCommand<{ plaintextRemoved: boolean }>('codethreat.importCredentials');
    assert.equal(result?.plaintextRemoved, true);
    assert.equal(vscode.workspace.getConfiguration('codethreat-vscode').inspect('codethreatApiToken')?.globalValue, undefined);
    assert.equal(t.hooks.container.connections.connections().length, 1);
  });

  test('a setting or codethreat.json whose token changed after the import keeps the new one', async () => {
    const old = vscode.workspace.getConfiguration('codethreat-vscode');
    await old.update('codethreatApiToken', 'ct_imported_setting_0123456789', vscode.ConfigurationTarget.Global);
    writeJson('ct_imported_json_0123456789');
    const found = await findCredentials({ homeDirectory: home(), trusted: true });
    // Meanwhile the user puts new tokens where the imported ones were.
    await old.update('codethreatApiToken', 'ct_newer_setting_0123456789', vscode.ConfigurationTarget.Global);
    writeJson('ct_newer_json_0123456789');
    for (const kind of ['settings', 'codethreatJson'] as const) {
      t.script({ modal: 'Remove Plain-Text Copy' });
      assert.equal(await offerPlaintextRemoval(t.hooks.container, found.find((f) => f.kind === kind)!, kind), false, kind);
      assert.match(t.prompter.messages('info').at(-1) ?? '', /has changed since it was imported; the file was left as it is/, kind);
    }
    assert.equal(vscode.workspace.getConfiguration('codethreat-vscode').inspect('codethreatApiToken')?.globalValue, 'ct_newer_setting_0123456789');
    assert.equal(JSON.parse(fs.readFileSync(jsonFile(), 'utf8')).apiToken, 'ct_newer_json_0123456789');
  });

  test('an environment credential is used read-only: validated, never stored, shown as such', async () => {
    const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'from env');
    process.env.CT_TOKEN = value;
    process.env.CT_BASE_URL = t.emulator.url;
    process.env.CT_ORGANIZATION = DEMO_ORGANIZATION;
    t.script({ modal: 'Use It', message: /environment variable CT_TOKEN/ });
    const result = await vscode.commands.executeCommand<{ connectionId: string; plaintextRemoved: boolean }>('codethreat.importCredentials');
    assert.equal(result?.plaintextRemoved, false);
    assert.equal(t.prompter.modals.length, 1, 'no offer to remove an environment variable');
    assert.equal(await t.hooks.rawSecrets.get(`codethreat.credential:${result!.connectionId}`), undefined);
    assert.equal(t.hooks.container.connections.active?.environmentVariable, 'CT_TOKEN');
    assert.equal((await t.tokenNodes()).length, 6);
    assert.ok(!JSON.stringify(t.hooks.stateDump()).includes(value));
  });

  test('an untrusted workspace cannot suggest a credential: workspace sources are skipped, user-level ones (home folder, environment) are not', async () => {
    writeJson(t.emulator.issueAccessToken(DEMO_USERNAME, 'untrusted json').value);
    process.env.CT_TOKEN = 'ct_from_the_environment_0123456789';
    writeAppsecCredentials(home(), { apiKey: 'ct_from_the_appsec_cli_0123456789', serverUrl: t.emulator.url });
    writeClassicConfig(home(), ['CODETHREAT_SECRET=from_the_classic_cli_0123456789']);
    const kinds = async (trusted: boolean) => (await findCredentials({ homeDirectory: home(), trusted })).map((f) => f.kind).sort();
    assert.deepEqual(await kinds(true), ['appsecCliCredentials', 'classicCliConfig', 'codethreatJson', 'environment']);
    assert.deepEqual(await kinds(false), ['appsecCliCredentials', 'classicCliConfig', 'environment']);
  });

  let settingsWrites = 0;

  /** Writes the workspace's .vscode/settings.json and waits until VS Code has read it. */
  async function writeWorkspaceSettings(values: Record<string, unknown>): Promise<void> {
    const file = path.join(folder(), '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // editor.tabSize tells when the file was read (a new value each time, so that a quick delete
    // and re-create cannot look like no change).
    const marker = 3 + (settingsWrites++ % 6);
    fs.writeFileSync(file, JSON.stringify({ ...values, 'editor.tabSize': marker }));
    await eventually(() => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === marker, 'workspace settings to load');
  }

  async function setUserLevel(values: Record<string, string | undefined>): Promise<void> {
    const old = vscode.workspace.getConfiguration('codethreat-vscode');
    for (const [key, value] of Object.entries(values)) await old.update(key, value, vscode.ConfigurationTarget.Global);
  }

  test('a workspace that names only another server cannot redirect the user’s token: it goes where the user level says', async () => {
    const decoy = await startEmulator();
    try {
      const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'user level');
      await setUserLevel({ codethreatApiToken: value, codethreatApiBaseUrl: t.emulator.url, codethreatOrganization: DEMO_ORGANIZATION });
      await writeWorkspaceSettings({ 'codethreat-vscode.codethreatApiBaseUrl': decoy.url, 'codethreat-vscode.codethreatOrganization': 'acme-labs' });
      t.script({ modal: 'Import', message: /in user settings/ }, { modal: undefined, message: /Remove the token/ });
      const result = await vscode.commands.executeCommand<{ connectionId: string }>('codethreat.importCredentials');
      assert.ok(result, t.prompter.messages().join(' / '));
      assert.match(t.prompter.modals[0].detail, new RegExp(`Server: ${t.emulator.url.replace(/[.]/g, '\\.')}\nOrganization: acme\n`));
      assert.equal(decoy.requests.length, 0, 'no request reached the workspace’s server');
      assert.equal(t.hooks.container.connections.active?.serverUrl, t.emulator.url);

      // Without a server at the user level, the token's server is the default one, never the workspace's.
      await setUserLevel({ codethreatApiBaseUrl: undefined });
      const [found] = (await findCredentials({ homeDirectory: home(), trusted: true })).filter((f) => f.kind === 'settings');
      assert.equal(found.serverUrl, 'https://cloud.codethreat.com');
      assert.equal(found.organization, DEMO_ORGANIZATION);
    } finally {
      await setUserLevel({ codethreatApiToken: undefined, codethreatApiBaseUrl: undefined, codethreatOrganization: undefined });
      await decoy.close();
    }
  });

  test('a workspace-level token is the workspace’s own: offered with the workspace’s server when trusted, not read at all when not', async () => {
    const workspaceServer = 'https://workspace.example';
    await writeWorkspaceSettings({
      'codethreat-vscode.codethreatApiToken': 'ct_workspace_token_0123456789abcdef',
      'codethreat-vscode.codethreatApiBaseUrl': workspaceServer,
    });
    const trusted = (await findCredentials({ homeDirectory: home(), trusted: true })).filter((f) => f.kind === 'settings');
    assert.deepEqual(
      trusted.map((f) => [f.key, f.serverUrl]),
      [['settings:codethreat-vscode:workspace', workspaceServer]],
    );
    assert.deepEqual((await findCredentials({ homeDirectory: home(), trusted: false })).filter((f) => f.kind === 'settings'), []);
  });

  test('plain http:// to another machine: the import asks first, as sign-in does', async () => {
    process.env.CT_TOKEN = 'ct_from_the_environment_0123456789';
    process.env.CT_BASE_URL = 'http://codethreat.example.invalid';
    process.env.CT_ORGANIZATION = DEMO_ORGANIZATION;
    t.script({ modal: 'Use It' }, { modal: undefined, message: /codethreat\.example\.invalid is not encrypted/ });
    assert.equal(await vscode.commands.executeCommand('codethreat.importCredentials'), undefined);
    assert.deepEqual(t.prompter.modals[1].buttons, ['Send Over HTTP']);
    assert.deepEqual(t.hooks.container.connections.connections(), []);
  });

  test('nothing found: says where it looked', async () => {
    assert.equal(await vscode.commands.executeCommand('codethreat.importCredentials'), undefined);
    assert.match(t.prompter.messages('info')[0], /No CodeThreat credentials were found in codethreat\.json/);
  });
});
