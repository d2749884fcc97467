// "CodeThreat: Open Terminal with Saved Token" as a person uses it, in a real VS Code workbench
// (1.100 and 1.139) in headless Chromium: sign in and save a token through the UI, run the command
// from the palette, say yes in the consent modal, and see the token's length printed by the shell.
// Then the window is reloaded, and nothing may keep the value: no terminal revived, no new terminal
// that inherits it, no file the server wrote (user data, server data, logs, temporary, XDG and home
// folders), no storage of the page (IndexedDB, where the web workbench keeps its global and
// workspace state, localStorage, sessionStorage).
//
// Bundled to CommonJS and run by plain mocha in Node, like tokensView.test.ts.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import type * as PageStorage from './pageStorage.mjs';
import type * as Workbench from './workbench.mjs';
import { filesBelow } from '../support/files';
import { VERSIONS, eventually, importModule, recordFailure } from './support';

const COMMAND = 'CodeThreat: Open Terminal with Saved Token';
const TERMINAL_NAME = `CodeThreat: ${DEMO_ORGANIZATION} (CODETHREAT_SECRET)`;
/** What the control terminal prints (see openControlTerminal). */
const CONTROL_MARK = 'control-terminal-ready';
/** What the shell prints: the length of CODETHREAT_SECRET, never the value. */
const PRINT_LENGTH = `printf 'token-length:%s\\n' "\${#CODETHREAT_SECRET}"`;

/** The files below `dirs` that hold `value`, as UTF-8 or UTF-16 (how Chromium and SQLite may store text). */
function filesHolding(dirs: string[], value: string): { scanned: number; holding: string[] } {
  const needles = [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le')];
  let scanned = 0;
  const holding: string[] = [];
  for (const file of dirs.flatMap((dir) => filesBelow(dir))) {
    let bytes: Buffer;
    try {
      if (statSync(file).size > 200 * 1024 * 1024) continue;
      bytes = readFileSync(file);
    } catch {
      continue; // a socket or a file gone meanwhile
    }
    scanned++;
    if (needles.some((needle) => bytes.includes(needle))) holding.push(file);
  }
  return { scanned, holding };
}

for (const version of VERSIONS) {
  suite(`Terminal with the saved token in VS Code ${version} (browser)`, function () {
    this.timeout(150_000);
    let wb: typeof Workbench;
    let storage: typeof PageStorage;
    let emulator: RunningEmulator;
    let opened: Workbench.OpenWorkbench | undefined;
    let page: Page;
    /** HOME of the server and its terminals (shell history goes there): scanned too. */
    let home: string;
    const pageErrors: string[] = [];
    /**
     * The terminal layouts the workbench sent to the server (what a reload revives), oldest
     * first: VS Code sends one 500 ms after the last change to its terminals.
     */
    const layoutSaves: string[] = [];

    suiteSetup(async function () {
      this.timeout(120_000);
      wb = await importModule<typeof Workbench>('test/browser/workbench.mjs');
      storage = await importModule<typeof PageStorage>('test/browser/pageStorage.mjs');
      emulator = await startEmulator();
      home = mkdtempSync(join(tmpdir(), 'codethreat-terminal-home-'));
      opened = await wb.openWorkbench({
        version,
        serverUrl: emulator.url,
        env: { HOME: home },
        userSettings: {
          // The DOM renderer (no WebGL in headless Chromium): the rows are text the test can read.
          'terminal.integrated.gpuAcceleration': 'off',
          'terminal.integrated.tabs.hideCondition': 'never',
          'terminal.integrated.defaultProfile.linux': 'bash',
        },
        onPageError: (e) => pageErrors.push(e.message),
        onPage: (p) => p.on('websocket', (socket) => socket.on('framesent', ({ payload }) => payload.includes('$setTerminalLayoutInfo') && layoutSaves.push(String(payload)))),
      });
      page = opened.page;
    });

    suiteTeardown(async function () {
      this.timeout(30_000);
      await opened?.close();
      await emulator?.close();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    teardown(async function () {
      if (opened && this.currentTest?.state === 'failed') {
        await recordFailure(page, version, this.currentTest.title, pageErrors);
      }
    });

    /**
     * F1, the command's title, Enter. Right after a reload a command may not be offered yet (the
     * terminal's commands wait for the server's terminal support): the palette is reopened until it is.
     */
    async function runFromPalette(title: string, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      const box = wb.quickInput(page).locator('.quick-input-box input');
      const item = wb.quickInput(page).locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: wb.exactly(title) }) });
      for (;;) {
        await page.keyboard.press('F1');
        await box.waitFor();
        await box.fill(`>${title}`);
        const offered = await item
          .first()
          .waitFor({ timeout: 2000 })
          .then(() => true, () => false);
        if (offered) break;
        if (Date.now() > deadline) throw new Error(`the palette does not offer "${title}"`);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(500);
      }
      await item.first().click();
    }

    /** How many persistent terminals a layout the workbench sent holds (each as `"terminal":<id>`). */
    const terminalsIn = (frame: string) => frame.split('"terminal":').length - 1;

    const terminalTabs = () => page.locator('.terminal-tabs-entry');
    const tabNames = async () => (await terminalTabs().allInnerTexts()).map((t) => t.trim()).filter(Boolean);

    /** Types `PRINT_LENGTH` into the active terminal and reads the length it prints. */
    async function printedLength(): Promise<number> {
      const terminal = page.locator('.terminal-wrapper.active .xterm');
      await terminal.waitFor();
      // The prompt is there: the shell reads what is typed.
      await terminal.locator('.xterm-rows').filter({ hasText: /[#$]\s*$/ }).waitFor();
      await terminal.click();
      await page.keyboard.type(PRINT_LENGTH);
      await page.keyboard.press('Enter');
      const printed = terminal.locator('.xterm-rows').filter({ hasText: /token-length:\d+/ });
      await printed.waitFor();
      const match = /token-length:(\d+)/.exec(await printed.innerText());
      return Number(match?.[1]);
    }

    /**
     * An ordinary terminal the user opens from the palette, which VS Code revives after a reload
     * (replaying what it showed). Opened last, it is revived last and shown: once its text is
     * back on screen, VS Code has revived every terminal it was going to.
     */
    async function openControlTerminal(): Promise<void> {
      await runFromPalette('Terminal: Create New Terminal');
      const terminal = page.locator('.terminal-wrapper.active .xterm');
      await terminal.locator('.xterm-rows').filter({ hasText: /[#$]\s*$/ }).waitFor();
      await terminal.click();
      // The typed line does not hold the mark: only the output does.
      await page.keyboard.type(`printf '%s-%s\\n' control terminal-ready`);
      await page.keyboard.press('Enter');
      await terminal.locator('.xterm-rows').filter({ hasText: CONTROL_MARK }).waitFor();
    }

    test('opens a terminal whose shell sees the saved token; after a reload nothing keeps it', async () => {
      // Sign in and save a token, through the UI.
      await wb.signInThroughUI(page, { username: DEMO_USERNAME, password: DEMO_PASSWORD, organization: DEMO_ORGANIZATION });
      const tokenName = `Terminal ${version}`;
      await wb.startGenerating(page, tokenName);
      await wb.clickDialogButton(page, 'Generate and Save in VS Code');
      await wb.tokenRow(page, tokenName).filter({ hasText: 'saved in VS Code' }).waitFor();
      const value = emulator.tokensOf(DEMO_USERNAME).find((t) => t.name === tokenName)?.value;
      assert.ok(value && value.length > 20, 'the emulator has the saved token');

      // The command, from the palette: the consent modal says what the terminal will hold.
      await runFromPalette(COMMAND);
      const asked = await wb.readDialog(page);
      assert.match(asked.message, new RegExp(`^Open a terminal with the saved token "${tokenName}" for ${DEMO_ORGANIZATION} on `));
      assert.match(asked.detail, new RegExp(`will hold the token "${tokenName}" as CODETHREAT_SECRET, the server address as CODETHREAT_APP_URL and the organization as CODETHREAT_ORG`));
      assert.deepEqual([...asked.buttons].sort(), ['Cancel', 'Open Terminal']);
      assert.ok(!`${asked.message}${asked.detail}`.includes(value), 'the modal does not show the value');
      await wb.clickDialogButton(page, 'Open Terminal');

      await terminalTabs().filter({ hasText: TERMINAL_NAME }).waitFor();
      assert.equal(await printedLength(), value.length, 'the shell sees CODETHREAT_SECRET with the whole token');
      const screen = await page.locator('.terminal-wrapper.active .xterm-rows').innerText();
      assert.ok(!screen.includes(value), 'the value is not on screen');
      const savesBefore = layoutSaves.length;
      await openControlTerminal();
      const before = await tabNames();
      assert.equal(before.length, 2, `two terminals before the reload: ${before.join(', ')}`);

      // In a browser the reload itself cannot wait for the layout to be saved: the test waits
      // until a layout holding the control terminal has gone to the server. (The CodeThreat
      // terminal is transient: no layout holds it.)
      const saved = await eventually(() => layoutSaves.slice(savesBefore).some((frame) => terminalsIn(frame) > 0), Boolean, 60_000);
      assert.ok(saved, 'the workbench sent the server a layout holding the control terminal');

      // Reload the window, and wait until VS Code has revived the terminals it revives.
      await page.reload();
      await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
      // The panel may come back closed (1.100): show it (with a terminal revived, none is created).
      await runFromPalette('Terminal: Focus on Terminal View', 60_000);
      await page.locator('.terminal-wrapper.active .xterm-rows').filter({ hasText: CONTROL_MARK }).waitFor({ timeout: 60_000 });
      let tabs = await tabNames();
      assert.ok(!tabs.some((name) => name.includes('CodeThreat')), `the CodeThreat terminal is not revived: ${tabs.join(', ')}`);

      // A new terminal does not inherit the variable.
      await runFromPalette('Terminal: Create New Terminal');
      const withNew = await eventually(tabNames, (names) => names.length > tabs.length);
      assert.equal(withNew.length, tabs.length + 1, `a new terminal: ${withNew.join(', ')}`);
      assert.equal(await printedLength(), 0, 'a new terminal does not have CODETHREAT_SECRET');
      tabs = await tabNames();
      assert.ok(!tabs.some((name) => name.includes('CodeThreat')), `no CodeThreat terminal after the reload: ${tabs.join(', ')}`);

      // Nothing the server wrote holds the value: user data, server data, logs, TMPDIR, XDG folders, HOME.
      const server = opened!.server;
      const files = filesHolding([server.tmpDir, home], value);
      assert.ok(files.scanned > 10, `files were scanned (${files.scanned})`);
      for (const dir of [server.userDataDir, server.serverDataDir, server.logsDir]) assert.ok(dir.startsWith(server.tmpDir), `${dir} is scanned`);
      assert.deepEqual(files.holding.map((f) => relative(server.tmpDir, f)), [], 'files holding the token');

      // Nor does the page's storage, where the web workbench keeps its state.
      const stored = await storage.pageStorageHolding(page, value);
      assert.ok(stored.records > 0, `page storage was read: ${stored.databases.join(', ')}`);
      assert.deepEqual(stored.holding, [], 'page storage holding the token');
      if (process.env.VERBOSE === '1') console.log(`      scanned ${files.scanned} files and ${stored.records} records of page storage (${stored.databases.join(', ')})`);
    });
  });
}
