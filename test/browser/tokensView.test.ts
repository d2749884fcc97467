// The Access Tokens view as a person uses it: a real VS Code workbench (1.100 and 1.139) in headless
// Chromium, the extension installed, the emulator preset as the server. Everything happens through
// the UI: clicks in the activity bar, the welcome view, quick picks, input boxes, the view's title
// and inline actions, context menus and real modal dialogs. The emulator runs in this process, so
// the tests check the server side directly.
//
// This file is bundled to CommonJS (scripts/build.mjs) and run by plain mocha in Node. The UI
// helpers (workbench.mjs) and the VS Code host (../vscode-host/host.mjs) are ES modules: they are
// loaded with a dynamic import() of an absolute file URL, which the bundler leaves alone.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import type * as Workbench from './workbench.mjs';
import { ALL_VERSIONS, VERSIONS, eventually, importModule, recordFailure } from './support';






suite('Browser tests: host', () => {
  test('cover every VS Code version the host can serve', async () => {
    const host = await importModule<{ VSCODE_VERSIONS: readonly string[] }>('test/vscode-host/host.mjs');
    assert.deepEqual([...host.VSCODE_VERSIONS], ALL_VERSIONS);
  });
});

for (const version of VERSIONS) {
  suite(`Access Tokens view in VS Code ${version} (browser)`, function () {
    this.timeout(30_000);
    let wb: typeof Workbench;
    let emulator: RunningEmulator;
    let opened: Workbench.OpenWorkbench | undefined;
    let page: Page;
    const pageErrors: string[] = [];

    suiteSetup(async function () {
      this.timeout(120_000);
      wb = await importModule<typeof Workbench>('test/browser/workbench.mjs');
      emulator = await startEmulator();
      opened = await wb.openWorkbench({ version, serverUrl: emulator.url, onPageError: (e) => pageErrors.push(e.message) });
      page = opened.page;
    });

    suiteTeardown(async function () {
      this.timeout(30_000);
      await opened?.close();
      await emulator?.close();
    });

    // Every test starts from the demo data, whatever the previous one created or deleted; a window
    // that is signed in stays signed in (the sessions survive) and shows the fresh list.
    setup(async () => {
      emulator.reset(undefined, { keepSessions: true });
      if (!(await wb.tokenTree(page).locator('.monaco-list-row').first().isVisible())) return;
      await wb.titleAction(page, 'Refresh Access Tokens').click();
      await wb.waitForTokenNames(page, tokenNames());
    });

    teardown(async function () {
      if (!opened) return;
      if (this.currentTest?.state === 'failed') {
        await recordFailure(page, version, this.currentTest.title, pageErrors);
      }
      // A failed test may leave a dialog, menu or quick pick open: Escape closes it (cancels it).
      const overlays = [wb.dialog(page), wb.quickInput(page), page.locator('.context-view .monaco-menu')];
      const anyOpen = async () => (await Promise.all(overlays.map((o) => o.isVisible()))).some(Boolean);
      for (let i = 0; i < 3 && (await anyOpen()); i++) {
        await page.keyboard.press('Escape');
        await page.waitForTimeout(100);
      }
    });

    const tokenNames = () => emulator.tokensOf(DEMO_USERNAME).map((t) => t.name);

    /** The later tests start signed in; after a failed sign-in test they sign in themselves. */
    async function ensureSignedIn(): Promise<void> {
      await wb.showCodeThreatView(page);
      if (await wb.tokenTree(page).locator('.monaco-list-row').first().isVisible()) return;
      await wb.signInThroughUI(page, { username: DEMO_USERNAME, password: DEMO_PASSWORD, organization: DEMO_ORGANIZATION });
    }

    test('signs in from the welcome view: server from settings, username and password, organization', async () => {
      await wb.showCodeThreatView(page);
      await wb.welcomeButton(page, 'Sign In').waitFor(); // the signed-out view offers Sign In

      const seen = await wb.signInThroughUI(page, { username: DEMO_USERNAME, password: DEMO_PASSWORD, organization: DEMO_ORGANIZATION });

      assert.equal(seen.fromSettings.label, new URL(emulator.url).host, 'the server from settings is the emulator');
      assert.deepEqual(
        seen.servers.map((s) => s.label),
        [new URL(emulator.url).host, 'CodeThreat Cloud', 'CodeThreat Cloud, classic', 'Self-hosted server…'],
      );
      assert.equal(seen.usernameBoxType, 'text');
      assert.equal(seen.passwordBoxType, 'password', 'the password is typed into a password box');

      const records = emulator.tokensOf(DEMO_USERNAME);
      const shown = await wb.waitForTokenNames(page, records.map((r) => r.name));
      for (const record of records) {
        const row = shown.find((s) => s.name === record.name);
        if (record.lastUsedAt === null) assert.equal(row?.description, 'never used', record.name);
        else assert.match(row?.description ?? '', /^last used \S.* ago$/, record.name);
      }
      assert.deepEqual(
        shown.map((s) => [s.name, s.description]),
        [
          ['Release bot', 'never used'],
          ['Local CLI', 'last used 5 hours ago'],
          ['GitHub Actions', 'last used 7 minutes ago'],
          ['Jenkins nightly', 'last used 3 days ago'],
          ['Old laptop script', 'last used 7 months ago'],
        ],
      );
      assert.equal(await wb.welcomeButton(page, 'Sign In').count(), 0, 'the welcome view is gone');
      // What a screen reader reads: each row's state in words, and the status bar's in words, not icons.
      assert.equal(await wb.tokenRowLabel(page, 'Old laptop script'), 'Old laptop script, last used 7 months ago, stale');
      const status = page.locator('.part.statusbar .statusbar-item[id$="codethreat.status"] a, .part.statusbar .statusbar-item[id$="codethreat.status"]').first();
      const statusLabel = await eventually(() => status.getAttribute('aria-label'), (label) => /No access token is saved/.test(label ?? ''));
      assert.match(statusLabel ?? '', new RegExp(`^CodeThreat: acme on ${new URL(emulator.url).host.replace('.', '\\.')}\\. No access token is saved in VS Code\\.$`));
    });

    test('generates a token from the title bar after the consent modal, and copies its value to the clipboard', async () => {
      await ensureSignedIn();
      const name = `Browser test ${version}`;
      await wb.writeClipboard(page, 'nothing copied yet');

      const shown = await wb.startGenerating(page, name);
      assert.equal(shown.message, `Generate the access token "${name}" for ${DEMO_ORGANIZATION} on ${new URL(emulator.url).host}?`);
      assert.match(shown.detail, /CodeThreat will not show it again/);
      for (const button of ['Generate and Copy', 'Generate and Save in VS Code', 'Generate, Copy and Save', 'Cancel']) {
        assert.ok(shown.buttons.includes(button), `the modal offers ${button}: ${shown.buttons.join(', ')}`);
      }
      assert.ok(!tokenNames().includes(name), 'nothing is created before the user says yes');

      await wb.clickDialogButton(page, 'Generate and Copy');
      const record = await eventually(async () => emulator.tokensOf(DEMO_USERNAME).find((t) => t.name === name), Boolean);
      assert.ok(record, 'the emulator has the new token');
      assert.ok(!shown.detail.includes(record.value), 'the value is never shown on screen');
      const copied = await eventually(() => wb.readClipboard(page), (text) => text !== 'nothing copied yet');
      assert.equal(copied, record.value, 'the clipboard holds exactly the new token');

      await wb.tokenRow(page, name).waitFor();
      const row = (await wb.visibleTokens(page)).find((t) => t.name === name);
      assert.equal(row?.description, 'never used');
    });

    test('shows only the stale tokens from the title bar, and all of them again', async () => {
      await ensureSignedIn();
      const all = tokenNames();
      await wb.titleAction(page, 'Show Only Stale Tokens').click();
      // Only "Old laptop script" (last used 200 days ago) is past the 90-day default.
      await wb.waitForTokenNames(page, ['Old laptop script']);
      await wb.titleAction(page, 'Show All Tokens').click();
      await wb.waitForTokenNames(page, all);
    });

    test('rotates a token from its inline action: replacement saved in VS Code, old one deleted', async () => {
      await ensureSignedIn();
      const old = 'Local CLI';
      const replacement = `${old} (${new Date().toISOString().slice(0, 10)})`;
      await wb.clickInlineAction(page, old, 'Rotate Access Token');
      const box = wb.quickInput(page).locator('.quick-input-box input');
      await wb.quickInput(page).locator('.quick-input-message').filter({ hasText: 'Name of the replacement token' }).waitFor();
      assert.equal(await box.inputValue(), replacement, 'the suggested name carries the date');
      await box.press('Enter');

      const shown = await wb.readDialog(page);
      assert.match(shown.message, new RegExp(`^Rotate the access token "${old}" on `));
      assert.ok(!tokenNames().includes(replacement), 'nothing is created before the user says yes');
      // The delete question follows at once (VS Code 1.100 reuses the dialog box for it).
      await wb.dialog(page).locator('.dialog-buttons .monaco-button').filter({ hasText: wb.exactly('Rotate and Save in VS Code') }).click();
      await wb.dialog(page).locator('.dialog-message-text').filter({ hasText: `Delete the access token "${old}"?` }).waitFor();
      const asked = await wb.readDialog(page);
      assert.equal(asked.message, `Delete the access token "${old}"?`);
      assert.match(asked.detail, new RegExp(`The replacement "${replacement.replace(/[()]/g, '\\$&')}" is ready`));
      await wb.clickDialogButton(page, 'Delete');

      await wb.tokenRow(page, old).waitFor({ state: 'detached' });
      await wb.tokenRow(page, replacement).waitFor();
      assert.ok(!tokenNames().includes(old) && tokenNames().includes(replacement));
      const row = (await wb.visibleTokens(page)).find((t) => t.name === replacement);
      assert.equal(row?.description, 'never used · saved in VS Code');
    });

    test('deletes a token from its inline trash action after the modal confirms', async () => {
      await ensureSignedIn();
      const victim = 'Old laptop script';
      assert.ok(tokenNames().includes(victim));
      const others = tokenNames().filter((n) => n !== victim);

      await wb.clickInlineAction(page, victim, 'Delete Access Token');
      const asked = await wb.readDialog(page);
      assert.equal(asked.message, `Delete the access token "${victim}"?`);
      assert.match(asked.detail, /cannot be undone/);
      assert.deepEqual([...asked.buttons].sort(), ['Cancel', 'Delete']);

      await wb.clickDialogButton(page, 'Delete');
      await wb.tokenRow(page, victim).waitFor({ state: 'detached' });
      assert.ok(!tokenNames().includes(victim), 'the emulator no longer has the token');
      await wb.waitForTokenNames(page, others);
    });

    test('keeps a token when the delete confirmation from its context menu is cancelled', async () => {
      await ensureSignedIn();
      const keep = 'Jenkins nightly';
      const before = tokenNames();
      assert.ok(before.includes(keep));
      emulator.clearRequests();

      await wb.clickContextMenuItem(page, keep, 'Delete Access Token');
      const asked = await wb.readDialog(page);
      assert.equal(asked.message, `Delete the access token "${keep}"?`);
      await wb.clickDialogButton(page, 'Cancel');

      await page.waitForTimeout(200); // a delete request would be on its way by now
      assert.equal(emulator.countRequests({ method: 'DELETE' }), 0, 'no delete request was sent');
      assert.deepEqual(tokenNames(), before);
      await wb.waitForTokenNames(page, before);
    });

    test("a server's error text is shown as text: its link syntax is no link, and clicking it runs nothing", async () => {
      await ensureSignedIn();
      const lure = 'Session expired: [Open a terminal](command:workbench.action.terminal.new) to re-verify.';
      emulator.faults.status(403, { match: { path: '/api/accesstoken/list' }, body: { code: 403, message: lure } });
      await wb.titleAction(page, 'Refresh Access Tokens').click();
      const toast = wb.notificationToast(page, /Session expired/);
      await toast.waitFor();
      const message = toast.locator('.notification-list-item-message');
      assert.equal(await message.locator('a').count(), 0, `no link in the notification: ${await message.innerHTML()}`);
      assert.match(await message.innerText(), /\[Open a terminal\] \(command:workbench\.action\.terminal\.new\)/, 'the text is there, as text');
      await message.getByText(/Open a terminal/).click();
      await wb.nextFrames(page);
      assert.equal(await page.locator('.terminal-wrapper').count(), 0, 'no terminal was opened');
      await toast.hover();
      await toast.locator('.codicon-notifications-clear').click().catch(() => undefined);
      // The list again, for whatever runs next.
      await wb.titleAction(page, 'Refresh Access Tokens').click();
      await wb.waitForTokenNames(page, tokenNames());
    });
  });
}
