// The AppSec platform (API v1) through the UI of a real VS Code workbench (1.100 and 1.139):
// sign in with a demo API key, see keys with their scopes and expiry (and the labels a screen
// reader reads), generate a key limited to scan:read that expires in 30 days, and delete it with
// the keyboard; then, with a second extension installed beside this one, that extension asks for a
// session with the scope scan:read and gets a key holding exactly that scope, after VS Code's own
// consent dialog. The emulator, in this process, speaks both APIs on one address.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_ADMIN_API_KEY, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import type * as Workbench from './workbench.mjs';
import { CONSUMER_COMMAND_TITLE, CONSUMER_FIXTURE, VERSIONS, eventually, importModule, readJson, recordFailure, type ConsumerReport } from './support';

const DAY_MS = 24 * 60 * 60 * 1000;

for (const version of VERSIONS) {
  suite(`AppSec platform in VS Code ${version} (browser)`, function () {
    this.timeout(60_000);
    let wb: typeof Workbench;
    let emulator: RunningEmulator;
    let opened: Workbench.OpenWorkbench | undefined;
    let page: Page;

    suiteSetup(async function () {
      this.timeout(180_000);
      wb = await importModule<typeof Workbench>('test/browser/workbench.mjs');
      emulator = await startEmulator();
      opened = await wb.openWorkbench({ version, serverUrl: emulator.url });
      page = opened.page;
    });

    suiteTeardown(async function () {
      this.timeout(30_000);
      await opened?.close();
      await emulator?.close();
    });

    teardown(async function () {
      if (this.currentTest?.state === 'failed' && opened) await recordFailure(page, version, `appsec ${this.currentTest.title}`);
    });

    const serverKey = (name: string) => emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.name === name && k.status !== 'revoked');

    test('signs in with an API key: the server is found to speak the AppSec platform; keys show their expiry, in words a screen reader reads', async () => {
      const seen = await wb.signInWithApiKeyThroughUI(page, { apiKey: DEMO_ADMIN_API_KEY, organization: 'Acme Corp' });
      assert.equal(seen.keyBoxType, 'password', 'the key is typed into a password box');
      assert.equal(seen.methods[0].label, 'API key');
      assert.match(seen.methods[0].description, /found on this server/);

      const staging = (await wb.visibleTokens(page)).find((t) => t.name === 'Staging deploy');
      assert.equal(staging?.description, 'last used 3 days ago · expires in 10 days');
      assert.equal(await wb.tokenRowLabel(page, 'Staging deploy'), 'Staging deploy, last used 3 days ago · expires in 10 days, expiring soon');
      assert.match((await wb.tokenRowLabel(page, 'Old integration')) ?? '', /expired 20 days ago/);
    });

    test('generates a key limited to scan:read that expires in 30 days', async () => {
      const name = `scan reader ${version}`;
      await wb.titleAction(page, 'Generate Access Token').click();
      await wb.answerInputBox(page, 'Name the token', name);
      await wb.pickQuickItem(page, 'What may the new key do?', { label: 'Choose scopes…' });
      await wb.tickQuickItems(page, 'Tick the scopes the new key gets (your key can grant only its own)', ['scan:read']);
      await wb.pickQuickItem(page, 'When should the new key expire?', { label: '30 days' });
      const asked = await wb.readDialog(page);
      assert.match(asked.message, new RegExp(`^Generate the access token "${name}" for acme on `));
      assert.match(asked.detail, /Scopes: scan:read\. It expires on /);
      assert.equal(serverKey(name), undefined, 'nothing is created before the user says yes');
      await wb.clickDialogButton(page, 'Generate and Copy');

      const key = await eventually(() => serverKey(name), Boolean);
      assert.deepEqual(key?.scopes, ['scan:read']);
      assert.ok(Math.abs(key!.expiresAt!.getTime() - (Date.now() + 30 * DAY_MS)) < 5 * 60_000);
      assert.equal(await eventually(() => wb.readClipboard(page), (text) => text === key!.value), key!.value);
      await wb.tokenRow(page, name).waitFor();
      assert.match((await wb.visibleTokens(page)).find((t) => t.name === name)?.description ?? '', /^never used · expires in 30 days$/);
    });

    test('deletes that key with the Delete key on its selected row, after the modal', async () => {
      const name = `scan reader ${version}`;
      await wb.waitForQuietTree(page); // a click on a row being re-rendered selects nothing
      await wb.tokenRow(page, name).click();
      await page.keyboard.press(process.platform === 'darwin' ? 'Meta+Backspace' : 'Delete');
      const asked = await wb.readDialog(page);
      assert.equal(asked.message, `Delete the access token "${name}"?`);
      await wb.clickDialogButton(page, 'Delete');
      await wb.tokenRow(page, name).waitFor({ state: 'detached' });
      assert.equal(serverKey(name), undefined, 'revoked on the server');
    });
  });
}

for (const version of VERSIONS) {
  suite(`AppSec platform: another extension's session in VS Code ${version} (browser)`, function () {
    this.timeout(120_000);
    let wb: typeof Workbench;
    let emulator: RunningEmulator;
    let opened: Workbench.OpenWorkbenchWith | undefined;
    let dir: string;

    suiteSetup(async function () {
      this.timeout(180_000);
      wb = await importModule<typeof Workbench>('test/browser/workbench.mjs');
      dir = mkdtempSync(join(tmpdir(), 'codethreat-consumer-'));
      emulator = await startEmulator();
      opened = await wb.openWorkbenchWith({
        version,
        serverUrl: emulator.url,
        extensions: [CONSUMER_FIXTURE],
        env: { CODETHREAT_CONSUMER_REPORT: join(dir, 'consumer.json'), CODETHREAT_CONSUMER_SCOPES: 'scan:read' },
      });
    });

    suiteTeardown(async function () {
      this.timeout(30_000);
      await opened?.close();
      await emulator?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    teardown(async function () {
      if (this.currentTest?.state === 'failed' && opened) await recordFailure(opened.page, version, `appsec session ${this.currentTest.title}`);
    });

    test("getSession('codethreat', ['scan:read']) from another extension: VS Code asks, then a key with exactly that scope", async () => {
      const page = opened!.page;
      await wb.signInWithApiKeyThroughUI(page, { apiKey: DEMO_ADMIN_API_KEY, organization: 'Acme Corp' });
      const keysBefore = new Set(emulator.apiKeysOf(DEMO_USERNAME).map((k) => k.id));
      await wb.runFromCommandPalette(page, CONSUMER_COMMAND_TITLE);
      const answerer = wb.answerPrompts(page, { dialogs: 'accept', accept: ['Allow', 'Generate and Save in VS Code'], quickInputs: () => 'enter' });
      let report: ConsumerReport;
      try {
        report = await eventually(() => readJson<ConsumerReport>(join(dir, 'consumer.json')), (r) => !!r?.done, 60_000).then((r) => r!);
      } finally {
        await answerer.stop();
      }
      const [vscodeConsent, ours] = answerer.dialogs;
      assert.match(`${vscodeConsent?.message} ${vscodeConsent?.detail}`, /CodeThreat Session Consumer/, "VS Code's own consent names the asking extension");
      assert.equal(vscodeConsent?.answered, 'Allow');
      assert.match(ours?.detail ?? '', /Scopes: scan:read\./, 'our consent names the scope');
      assert.equal(answerer.dialogs.length, 2, answerer.dialogs.map((d) => d.message).join(' / '));

      const created = emulator.apiKeysOf(DEMO_USERNAME).filter((k) => !keysBefore.has(k.id));
      assert.equal(created.length, 1, 'one new key');
      assert.deepEqual(created[0].scopes, ['scan:read']);
      assert.ok(Math.abs(created[0].expiresAt!.getTime() - (Date.now() + 90 * DAY_MS)) < 5 * 60_000, 'the default expiry: 90 days');
      assert.equal(report.session?.accessToken, created[0].value, `the extension got that key (${report.sessionError ?? 'no error'})`);
      assert.deepEqual(report.session?.scopes, ['scan:read']);
    });
  });
}
