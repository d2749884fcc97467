// `codethreat.openTerminal` in a real extension host: the saved token reaches a new terminal's
// environment only after the consent modal said yes, under the names CodeThreat's CLIs read, in a
// transient terminal; the command returns metadata, and nothing else keeps the value.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO_ORGANIZATION, DEMO_ORGANIZATION_SLUG, DEMO_USERNAME } from '../emulator/emulator';
import { filesBelow } from '../support/files';
import { eventually, failingKeyring, useExtensionHarness } from './support/harness';

const CONSENT = /^Open a terminal with the saved token "(.+)" for (.+)\?$/;

/** A process's environment (Linux), one `NAME=value` per entry; empty once it is gone. */
function environmentOf(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

suite('Open terminal with saved token', () => {
  const t = useExtensionHarness();
  let before: Set<vscode.Terminal>;

  setup(() => {
    before = new Set(vscode.window.terminals);
  });

  teardown(() => {
    for (const terminal of newTerminals()) terminal.dispose();
  });

  const newTerminals = () => vscode.window.terminals.filter((terminal) => !before.has(terminal));
  const connectionId = () => t.hooks.container.connections.active!.id;

  async function signInWithSavedToken(name: string): Promise<string> {
    await t.signInDemo();
    await t.generate({ name, deliver: 'secretStorage' });
    const record = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === name);
    assert.ok(record, 'the saved token exists on the server');
    return record.value;
  }

  test('the consent modal names the token and every variable; cancelled, no terminal is opened', async () => {
    await signInWithSavedToken('Terminal CLI');
    t.script({ modal: undefined });

    const result = await vscode.commands.executeCommand('codethreat.openTerminal', { connectionId: connectionId() });

    assert.equal(result, undefined);
    assert.equal(t.prompter.modals.length, 1, 'asked once, although the connection was named');
    const [asked] = t.prompter.modals;
    assert.equal(asked.message, `Open a terminal with the saved token "Terminal CLI" for ${DEMO_ORGANIZATION} on ${new URL(t.emulator.url).host}?`);
    assert.match(asked.detail, /The terminal's environment will hold the token "Terminal CLI" as CODETHREAT_SECRET, the server address as CODETHREAT_APP_URL and the organization as CODETHREAT_ORG\./);
    assert.match(asked.detail, /Any program you run in that terminal can read the token\./);
    assert.match(asked.detail, /installed extensions can read the token too/);
    assert.match(asked.detail, /not kept after the terminal closes/);
    assert.deepEqual(asked.buttons, ['Open Terminal']);
    assert.deepEqual(newTerminals(), [], 'no terminal was created');
  });

  test('yes: a transient terminal whose shell has the saved token under the classic CLI names, until it is closed; only metadata returned', async () => {
    const value = await signInWithSavedToken('Terminal CLI');
    t.script({ modal: 'Open Terminal', message: CONSENT });

    const result = await vscode.commands.executeCommand('codethreat.openTerminal');

    const name = `CodeThreat: ${DEMO_ORGANIZATION} (CODETHREAT_SECRET)`;
    assert.deepEqual(result, { connectionId: connectionId(), terminalName: name, variables: ['CODETHREAT_SECRET', 'CODETHREAT_APP_URL', 'CODETHREAT_ORG'] });
    const [terminal, ...others] = newTerminals();
    assert.equal(others.length, 0, 'one terminal');
    assert.equal(terminal.name, name);
    const options = terminal.creationOptions as vscode.TerminalOptions;
    assert.deepEqual(options.env, { CODETHREAT_SECRET: value, CODETHREAT_APP_URL: t.emulator.url, CODETHREAT_ORG: DEMO_ORGANIZATION });
    assert.equal(options.isTransient, true, 'not restored after a reload');

    // The shell itself has it, and it goes with the terminal (Linux: read from /proc).
    if (process.platform === 'linux') {
      const pid = await terminal.processId;
      assert.ok(pid, 'the shell started');
      await eventually(() => environmentOf(pid).includes(`CODETHREAT_SECRET=${value}`), "the shell's environment");
      assert.ok(environmentOf(pid).includes(`CODETHREAT_ORG=${DEMO_ORGANIZATION}`));
      terminal.dispose();
      await eventually(() => !fs.existsSync(`/proc/${pid}`) || !environmentOf(pid).includes(`CODETHREAT_SECRET=${value}`), 'the shell to end');
    }

    // The value went to the terminal and nowhere else the extension writes.
    assert.ok(!JSON.stringify(result).includes(value));
    assert.ok(!t.prompter.modals.some((m) => `${m.message}${m.detail}`.includes(value)));
    assert.ok(!t.prompter.notifications.some((n) => n.message.includes(value)));
    assert.ok(!JSON.stringify(t.hooks.stateDump()).includes(value), 'not in globalState/workspaceState');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('codethreat')).includes(value), 'not in the settings');
    // The extension's log (and the other logs of its window) name the token's id, never its value.
    await eventually(() => filesBelow(t.hooks.logUri.fsPath).some((f) => fs.readFileSync(f, 'utf8').includes('handed to a terminal')), 'the log line');
    const logs = filesBelow(path.dirname(path.dirname(t.hooks.logUri.fsPath)));
    assert.ok(logs.length > 1, `the window's logs are there: ${logs.join(', ')}`);
    const leaking = logs.filter((file) => fs.readFileSync(file).toString('latin1').includes(value));
    assert.deepEqual(leaking, [], 'no log file holds the value');
  });

  test('an AppSec platform connection: CT_API_KEY, CT_SERVER_URL and CT_ORG_SLUG', async () => {
    // Signed in with an API key; the key VS Code keeps is one the server issued, as "Save in VS Code" would.
    await t.signInAppsec();
    const connection = t.hooks.container.connections.active!;
    const key = t.emulator.issueApiKey(DEMO_USERNAME, { organizationSlug: DEMO_ORGANIZATION_SLUG, name: 'Terminal API key' });
    await t.hooks.container.connections.saveToken(connection.id, { id: key.id, name: key.name, value: key.value, savedAt: new Date().toISOString() });
    t.script({ modal: 'Open Terminal', message: CONSENT });

    const result = await vscode.commands.executeCommand('codethreat.openTerminal', { connectionId: connection.id });

    const name = `CodeThreat: ${DEMO_ORGANIZATION_SLUG} (CT_API_KEY)`;
    assert.match(t.prompter.modals[0].detail, /will hold the token "Terminal API key" as CT_API_KEY, the server address as CT_SERVER_URL and the organization as CT_ORG_SLUG\./);
    assert.deepEqual(result, { connectionId: connection.id, terminalName: name, variables: ['CT_API_KEY', 'CT_SERVER_URL', 'CT_ORG_SLUG'] });
    const [terminal] = newTerminals();
    assert.equal(terminal?.name, name);
    const options = terminal.creationOptions as vscode.TerminalOptions;
    assert.deepEqual(options.env, { CT_API_KEY: key.value, CT_SERVER_URL: t.emulator.url, CT_ORG_SLUG: DEMO_ORGANIZATION_SLUG });
    assert.equal(options.isTransient, true);
  });

  test('no saved token: says how to get one (generate and save), asks nothing, opens no terminal', async () => {
    await t.signInDemo();
    const asked = t.prompter.modals.length;

    const result = await vscode.commands.executeCommand('codethreat.openTerminal');

    assert.equal(result, undefined);
    assert.equal(t.prompter.modals.length, asked, 'no consent asked: there is nothing to reveal');
    assert.deepEqual(t.prompter.notifications.at(-1), {
      severity: 'info',
      message: `No access token is saved in VS Code for ${DEMO_ORGANIZATION} on ${new URL(t.emulator.url).host}. Generate one and choose "Save in VS Code".`,
      actions: ['Generate Token'],
    });
    assert.deepEqual(newTerminals(), []);
  });

  test('the keyring cannot be read: one sentence, no terminal', async () => {
    await signInWithSavedToken('Terminal CLI');
    // Whether the saved token's name is still known decides if the modal comes first.
    t.script({ modal: 'Open Terminal', message: CONSENT });
    t.hooks.setSecretStore(failingKeyring);
    try {
      assert.equal(await vscode.commands.executeCommand('codethreat.openTerminal'), undefined);
    } finally {
      t.hooks.setSecretStore(undefined);
    }
    assert.match(t.prompter.messages('error').at(-1) ?? '', /^Could not read the saved token for acme on .+\. /);
    assert.deepEqual(newTerminals(), []);
  });

  test('signed out: asks to sign in first, opens no terminal', async () => {
    const result = await vscode.commands.executeCommand('codethreat.openTerminal');
    assert.equal(result, undefined);
    assert.deepEqual(t.prompter.messages(), ['Sign in to CodeThreat first.']);
    assert.deepEqual(newTerminals(), []);
  });
});
