// Drives the CodeThreat Access Tokens view in a real VS Code workbench (served by
// test/vscode-host/host.mjs, shown in headless Chromium) the way a person would: clicks, typing,
// hovering, reading what is on screen. Shared by the browser tests (test/browser/*.test.ts) and
// `npm run screenshot` (scripts/screenshot.mjs). Types: workbench.d.mts next to this file.
//
// Where things are on screen (VS Code 1.100 and 1.139 alike):
// - the CodeThreat container is the activity bar entry labelled "CodeThreat"; being its only view,
//   "Access Tokens" has no header of its own: the sidebar title reads "CodeThreat: Access Tokens"
//   and the view's title actions ($(add), $(refresh)) sit in the sidebar's title bar;
// - the tree is `.monaco-list[role=tree]` in the sidebar, one `.monaco-list-row` per token with
//   `.label-name` and `.label-description`; inline actions show on the hovered or selected row;
// - quick picks and input boxes are the `.quick-input-widget`; modal dialogs `.monaco-dialog-box`.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startVSCodeServer, workbenchUrl } from '../vscode-host/host.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Playwright's timeout for one step (a selector to appear, a click to land), in ms. */
export const STEP_TIMEOUT_MS = 15_000;

/** Builds a RegExp that matches `text` exactly (whole string), for hasText filters. */
export function exactly(text) {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/**
 * Starts a VS Code server of `version` with this extension installed and the emulator preset as
 * the CodeThreat server, opens the workbench on an empty folder in headless Chromium (clipboard
 * permission granted) and waits until the workbench is there.
 *
 * `codethreat.serverUrl` is machine-scoped, so it goes into the server's Machine settings (what
 * VS Code calls "Remote" settings in a remote window): that is where a remote window reads
 * machine-scoped settings. In the User settings file it is applied only when the file happens to be
 * read before the extension's configuration schema is known, which varies from run to run.
 */
export function openWorkbench({ version, serverUrl, viewport, userSettings, env, onPageError, onPage }) {
  return openWorkbenchWith({ version, serverUrl, viewport, userSettings, env, onPageError, onPage });
}

// ---- the CodeThreat view ---------------------------------------------------------------------

export function sidebar(page) {
  return page.locator('.part.sidebar');
}

/** Clicks the CodeThreat icon in the activity bar, unless its view is showing already. */
export async function showCodeThreatView(page) {
  const title = sidebar(page).locator('.composite.title h2');
  if (await title.filter({ hasText: /^CodeThreat/ }).isVisible()) return;
  await page.locator('.part.activitybar a.action-label[aria-label^="CodeThreat"]').click({ timeout: 60_000 });
  await title.filter({ hasText: /^CodeThreat: Access Tokens/ }).waitFor();
}

/** A button of the view's welcome content (shown while signed out, loading, empty or failed). */
export function welcomeButton(page, label) {
  return sidebar(page).locator('.welcome-view-content .monaco-button').filter({ hasText: exactly(label) });
}

/** A title action of the view (its sidebar title bar), by its tooltip, e.g. "Generate Access Token". */
export function titleAction(page, label) {
  return sidebar(page).locator(`.composite.title .title-actions a.action-label[aria-label^="${label}"]`);
}

export function tokenTree(page) {
  return sidebar(page).locator('.monaco-list[role=tree]');
}

/** The tree row of the token named `name`. */
export function tokenRow(page, name) {
  return tokenTree(page).locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(name) }) });
}

/** What the tree shows: each rendered row's label and description, top to bottom. */
export async function visibleTokens(page) {
  const rows = await tokenTree(page)
    .locator('.monaco-list-row')
    .evaluateAll((elements) =>
      elements.map((row) => ({
        top: parseFloat(row.style.top) || 0,
        name: row.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
      })),
    );
  return rows.sort((a, b) => a.top - b.top).map(({ name, description }) => ({ name, description }));
}

/** Waits until the tree lists exactly `names` (any order); returns what it shows. */
export async function waitForTokenNames(page, names, timeout = STEP_TIMEOUT_MS) {
  const wanted = [...names].sort().join('\n');
  const deadline = Date.now() + timeout;
  let shown = [];
  for (;;) {
    shown = (await tokenTree(page).isVisible()) ? await visibleTokens(page) : [];
    if (shown.map((t) => t.name).sort().join('\n') === wanted) return shown;
    if (Date.now() > deadline) {
      throw new Error(`the tree shows [${shown.map((t) => t.name).join(', ')}], expected [${[...names].join(', ')}]`);
    }
    await page.waitForTimeout(100);
  }
}

/**
 * Hovers the row of `name` and clicks its inline action labelled `label`; the action is expected
 * to open a modal dialog or a quick input. A row re-rendered between mouse-down and mouse-up
 * swallows the click, so a click that nothing answers within 5 s is made once more.
 */
export async function clickInlineAction(page, name, label) {
  const row = tokenRow(page, name);
  const action = row.locator(`.actions a.action-label[aria-label^="${label}"]`);
  await waitForQuietTree(page);
  await row.hover();
  await action.click();
  if (await answered(page)) return;
  await waitForQuietTree(page);
  // Short timeouts: should a late answer's modal appear meanwhile, it blocks this click, as it should.
  await row.hover({ timeout: 2_000 }).then(() => action.click({ timeout: 2_000 })).catch(() => undefined);
}

/** Whatever an action opens first: a modal dialog or a quick input. */
function answered(page) {
  return page
    .locator('.monaco-dialog-box, .quick-input-widget:visible')
    .first()
    .waitFor({ timeout: 5_000 })
    .then(() => true, () => false);
}

/**
 * Waits until the token tree has not changed for `quietMs` (a refresh re-renders rows, and a click
 * that straddles a re-render lands nowhere). Gives up silently after `timeout`: a tree that never
 * settles is the test's to notice.
 */
export function waitForQuietTree(page, quietMs = 300, timeout = 5_000) {
  return tokenTree(page).evaluate(
    (tree, [quiet, limit]) =>
      new Promise((done) => {
        let timer = setTimeout(finish, quiet);
        const giveUp = setTimeout(finish, limit);
        const observer = new globalThis.MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(finish, quiet);
        });
        observer.observe(tree, { subtree: true, childList: true, characterData: true, attributes: true });
        function finish() {
          observer.disconnect();
          clearTimeout(timer);
          clearTimeout(giveUp);
          done(undefined);
        }
      }),
    [quietMs, timeout],
  );
}

/** Right-clicks the row of `name` and picks `label` in its context menu. */
export async function clickContextMenuItem(page, name, label) {
  await waitForQuietTree(page);
  await tokenRow(page, name).click({ button: 'right' });
  const item = page.locator('.context-view .monaco-menu .action-item').filter({ has: page.locator('.action-label', { hasText: exactly(label) }) });
  await item.waitFor();
  await page.waitForTimeout(150); // a menu ignores clicks for about 100 ms after it renders
  await item.click();
}

// ---- quick input ------------------------------------------------------------------------------

export function quickInput(page) {
  return page.locator('.quick-input-widget');
}

/** Waits for a quick pick whose box shows `placeholder`, then clicks the item with that label (and description). */
export async function pickQuickItem(page, placeholder, { label, description }) {
  const widget = quickInput(page);
  await widget.locator(`.quick-input-box input[placeholder="${placeholder}"]`).waitFor();
  let item = widget.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(label) }) });
  if (description !== undefined) item = item.filter({ has: page.locator('.label-description', { hasText: exactly(description) }) });
  await item.waitFor();
  // By keyboard, as a keyboard user picks: the hover VS Code (1.139) shows for the description
  // of the row under the mouse can cover the row below it, and a click there lands on the hover.
  const box = widget.locator('.quick-input-box input');
  const rows = await widget.locator('.quick-input-list .monaco-list-row').count();
  for (let moves = 0; moves <= rows && !(await item.evaluate((row) => row.classList.contains('focused'))); moves++) await box.press('ArrowDown');
  await box.press('Enter');
}

/** The items of the quick pick now showing: label and description. */
export async function quickPickItems(page) {
  return quickInput(page)
    .locator('.quick-input-list .monaco-list-row')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
      })),
    );
}

/** Resolves after the page has rendered two more frames: whatever was scheduled to render has. */
export function nextFrames(page) {
  return page.evaluate(() => new Promise((resolve) => globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(resolve))));
}

/**
 * Reads `read()` until two reads two frames apart agree, and returns that: a quick pick's rows,
 * a dialog's text, rendered in whatever steps the workbench takes, however slow the machine.
 */
export async function settled(page, read) {
  let last = JSON.stringify(await read());
  for (;;) {
    await nextFrames(page);
    const now = await read();
    if (JSON.stringify(now) === last) return now;
    last = JSON.stringify(now);
  }
}

/**
 * Waits for an input box whose prompt contains `prompt`, types `text` and presses Enter.
 * Returns the box's `type` attribute as it was while typing ('password' for secrets).
 */
export async function answerInputBox(page, prompt, text) {
  const widget = quickInput(page);
  await widget.locator('.quick-input-message').filter({ hasText: prompt }).waitFor();
  const box = widget.locator('.quick-input-box input');
  await box.fill(text);
  const type = (await box.getAttribute('type')) ?? 'text';
  await box.press('Enter');
  return type;
}

// ---- modal dialogs ----------------------------------------------------------------------------

export function dialog(page) {
  return page.locator('.monaco-dialog-box');
}

/** Waits for a modal dialog and reads it: message, detail and button labels (on-screen order). */
export async function readDialog(page) {
  const box = dialog(page);
  await box.waitFor();
  return {
    message: (await box.locator('.dialog-message-text').innerText()).trim(),
    detail: (await box.locator('.dialog-message-detail').innerText().catch(() => '')).trim(),
    buttons: (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((t) => t.trim()),
  };
}

/** Clicks the dialog button labelled `label` and waits for the dialog to close. */
export async function clickDialogButton(page, label) {
  await dialog(page).locator('.dialog-buttons .monaco-button').filter({ hasText: exactly(label) }).click();
  await dialog(page).waitFor({ state: 'detached' });
}

// ---- clipboard --------------------------------------------------------------------------------

export function readClipboard(page) {
  return page.evaluate(() => globalThis.navigator.clipboard.readText());
}

export function writeClipboard(page, text) {
  return page.evaluate((value) => globalThis.navigator.clipboard.writeText(value), text);
}

// ---- whole flows --------------------------------------------------------------------------------

/**
 * Signs in through the UI from the signed-out welcome view: Sign In → the server "from settings"
 * → "Username and password" → username → password → organization. Resolves when the tree shows
 * rows. Returns what was seen on the way, for the tests' assertions.
 */
export async function signInThroughUI(page, { username, password, organization }) {
  await showCodeThreatView(page);
  await welcomeButton(page, 'Sign In').click();
  await quickInput(page).locator('.quick-input-box input[placeholder="Which CodeThreat server?"]').waitFor();
  const servers = await quickPickItems(page);
  const fromSettings = servers.find((s) => s.description === 'from settings');
  if (!fromSettings) throw new Error(`no server marked "from settings" among ${JSON.stringify(servers)}`);
  await pickQuickItem(page, 'Which CodeThreat server?', fromSettings);
  await pickQuickItem(page, 'How do you want to sign in?', { label: 'Username and password' });
  const usernameBoxType = await answerInputBox(page, 'CodeThreat username', username);
  const passwordBoxType = await answerInputBox(page, `Password for ${username}`, password);
  await pickQuickItem(page, 'Which organization?', { label: organization });
  await tokenTree(page).locator('.monaco-list-row').first().waitFor();
  return { servers, fromSettings, usernameBoxType, passwordBoxType };
}

/**
 * Signs in to the AppSec platform through the UI from the signed-out welcome view: Sign In → the
 * server "from settings" → "API key" → the key (a password box) → the organization by name.
 * Resolves when the tree shows rows. Returns the method choices offered and the key box's type.
 */
export async function signInWithApiKeyThroughUI(page, { apiKey, organization }) {
  await showCodeThreatView(page);
  await welcomeButton(page, 'Sign In').click();
  await quickInput(page).locator('.quick-input-box input[placeholder="Which CodeThreat server?"]').waitFor();
  const fromSettings = (await quickPickItems(page)).find((s) => s.description === 'from settings');
  if (!fromSettings) throw new Error('no server marked "from settings"');
  await pickQuickItem(page, 'Which CodeThreat server?', fromSettings);
  await quickInput(page).locator('.quick-input-box input[placeholder="How do you want to sign in?"]').waitFor();
  const methods = await quickPickItems(page);
  await pickQuickItem(page, 'How do you want to sign in?', { label: 'API key' });
  const keyBoxType = await answerInputBox(page, 'Paste your CodeThreat API key', apiKey);
  await pickQuickItem(page, 'Which organization?', { label: organization });
  await tokenTree(page).locator('.monaco-list-row').first().waitFor();
  return { methods, keyBoxType };
}

/** In a quick pick with check boxes: ticks the items with these labels, then accepts (Enter). */
export async function tickQuickItems(page, placeholder, labels) {
  const widget = quickInput(page);
  await widget.locator(`.quick-input-box input[placeholder="${placeholder}"]`).waitFor();
  for (const label of labels) {
    const row = widget.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(label) }) });
    await row.locator('input[type=checkbox], .quick-input-list-checkbox, .monaco-custom-toggle').first().click();
  }
  await widget.locator('.quick-input-box input').press('Enter');
}

/** The accessible label the workbench gives the row of the token named `name`. */
export function tokenRowLabel(page, name) {
  return tokenRow(page, name).getAttribute('aria-label');
}

/** Generate → name → waits for the modal that shows the value once; returns what it says. */
export async function startGenerating(page, name) {
  await titleAction(page, 'Generate Access Token').click();
  await answerInputBox(page, 'Name the token', name);
  return readDialog(page);
}

// ---- a window set up for trust-boundary tests -------------------------------------------------

/**
 * Like openWorkbench(), with more of the window under the test's control: more extensions
 * installed beside this one (fixture folders), environment variables for the extension hosts,
 * real workspace trust (the server without `--disable-workspace-trust`, and the User settings that
 * make VS Code ask at startup), the folder to open, and Machine settings. The trust question, when
 * asked, is left on screen for the test to answer (answerTrustPrompt()).
 */
export async function openWorkbenchWith({
  version,
  serverUrl,
  extensions = [],
  env = {},
  workspaceTrust = false,
  folder,
  userSettings = {},
  machineSettings = {},
  viewport = { width: 1280, height: 800 },
  withoutBuiltinExtensions = [],
  onPageError,
  onPage,
}) {
  const server = await startVSCodeServer({
    version,
    withoutBuiltinExtensions,
    installExtension: [REPO_ROOT, ...extensions],
    smokeTestDriver: false,
    disableWorkspaceTrust: !workspaceTrust,
    env,
    machineSettings: { ...(serverUrl ? { 'codethreat.serverUrl': serverUrl } : {}), ...machineSettings },
    userSettings: {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      ...(workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' } : {}),
      ...userSettings,
    },
  });
  let browser;
  try {
    const workspace = folder ?? join(server.tmpDir, 'workspace');
    mkdirSync(workspace, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    if (onPageError) page.on('pageerror', onPageError);
    // Before the workbench loads: e.g. to watch the web sockets it is about to open.
    onPage?.(page);
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: null }));
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    const opened = browser;
    return {
      server,
      browser,
      context,
      page,
      folder: workspace,
      async close() {
        await opened.close().catch(() => undefined);
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.close();
    throw error;
  }
}

// ---- workspace trust --------------------------------------------------------------------------

/**
 * Waits for VS Code's startup question "Do you trust the authors of the files in this folder?"
 * and answers it: "Yes, I trust the authors" or "No, I don't trust the authors". Returns the dialog.
 */
export async function answerTrustPrompt(page, trust, timeout = 60_000) {
  const box = dialog(page).filter({ has: page.locator('.dialog-message-text', { hasText: /Do you trust the authors/ }) });
  await box.waitFor({ timeout });
  const shown = await readDialog(page);
  const label = trust ? 'Yes, I trust the authors' : "No, I don't trust the authors";
  await box.locator('.dialog-buttons .monaco-button').filter({ hasText: exactly(label) }).click();
  await box.waitFor({ state: 'detached' });
  return shown;
}

/** The status bar entry VS Code shows in Restricted Mode. */
export function restrictedModeIndicator(page) {
  return page.locator('.part.statusbar .statusbar-item').filter({ hasText: /Restricted Mode/ });
}

// ---- the command palette ----------------------------------------------------------------------

/**
 * Runs a command from the command palette as a person does: F1, type its title, pick the row whose
 * label is exactly `title` (e.g. "CodeThreat: Import Existing Credentials").
 */
export async function runFromCommandPalette(page, title) {
  const widget = quickInput(page);
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await widget.locator('.quick-input-box input').waitFor({ timeout: 5000 });
      break;
    } catch (error) {
      if (attempt >= 2) throw error;
      // Focus may be where F1 does nothing (the page still starting): close what may be open and
      // click the empty editor area.
      await page.keyboard.press('Escape');
      await page.locator('.monaco-workbench .part.editor').click({ position: { x: 200, y: 200 } }).catch(() => undefined);
    }
  }
  const box = widget.locator('.quick-input-box input');
  await box.fill(`>${title}`);
  const row = widget.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(title) }) });
  await row.first().waitFor();
  await row.first().click();
  // The palette closes as the command starts: once it has, whatever shows next is the command's
  // (a prompt answerer started now must not take the palette for one of its questions).
  while ((await widget.isVisible()) && (await box.inputValue().catch(() => '')) === `>${title}`) await nextFrames(page);
}

// ---- answering whatever shows up --------------------------------------------------------------

/** Labels of buttons that say no, in the order they are preferred. */
export const DECLINE_LABELS = Object.freeze(['Cancel', 'Deny', "Don't Allow", 'Do Not Allow', 'No', 'Not Now', 'Close']);

/**
 * Answers every modal dialog and quick input that shows up until stop() is called, and records
 * what was shown. Runs in the test process and polls the page.
 *
 * - `dialogs`: 'cancel' clicks the first button labelled as in DECLINE_LABELS (Escape when none);
 *   'accept' clicks the first button whose label is in `accept`, else the first button that is not
 *   a decline; a function gets the dialog's contents and returns the label to click ('Escape'
 *   presses Escape).
 * - `quickInputs`: 'escape' dismisses them; 'accept' presses Enter (the active item, or the value
 *   in the box); a function gets what the quick input shows and returns 'escape', 'enter',
 *   `{ pick: label }`, `{ pickIndex: n }` (the n-th item, from 0) or `{ type: text }` (typed, then Enter).
 * Returns { dialogs, quickInputs, errors, stop() }; each entry of `dialogs` is the contents plus
 * `answered`, each entry of `quickInputs` { title, placeholder, message, items, answered }.
 */
export function answerPrompts(page, { dialogs: dialogMode = 'cancel', quickInputs: quickMode = 'escape', accept = [], decline = DECLINE_LABELS, intervalMs = 100 } = {}) {
  const seen = { dialogs: [], quickInputs: [], errors: [] };
  let stopped = false;
  const box = dialog(page);
  const widget = quickInput(page);

  const chooseButton = (contents) => {
    if (typeof dialogMode === 'function') return dialogMode(contents);
    if (dialogMode === 'accept') {
      return accept.find((label) => contents.buttons.includes(label)) ?? contents.buttons.find((label) => !decline.includes(label)) ?? 'Escape';
    }
    return decline.find((label) => contents.buttons.includes(label)) ?? 'Escape';
  };

  // Read at once, not with readDialog()'s waiting: some dialogs (VS Code's own consent question)
  // have a detail but no message element, and a dialog may close while it is read.
  const readOpenDialog = () =>
    box.first().evaluate((element) => ({
      message: element.querySelector('.dialog-message-text')?.innerText?.trim() ?? '',
      detail: element.querySelector('.dialog-message-detail')?.innerText?.trim() ?? '',
      buttons: [...element.querySelectorAll('.dialog-buttons .monaco-button')].map((b) => b.innerText?.trim() ?? ''),
    }), undefined, { timeout: 2000 });

  const answerDialog = async () => {
    // Its text may render a frame or two after the box (VS Code's own consent question does):
    // read what has settled.
    const contents = await settled(page, () => readOpenDialog());
    const label = chooseButton(contents);
    seen.dialogs.push({ ...contents, answered: label });
    if (label === 'Escape') await page.keyboard.press('Escape');
    else await box.first().locator('.dialog-buttons .monaco-button').filter({ hasText: exactly(label) }).first().click({ timeout: 5000 });
    // The box closes, or (1.100) is reused at once for the next dialog: wait for either.
    const before = JSON.stringify(contents);
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline && (await box.first().isVisible())) {
      const now = await readOpenDialog().catch(() => undefined);
      if (now && JSON.stringify(now) !== before) break;
      await page.waitForTimeout(50);
    }
  };

  const readQuickInput = () =>
    widget.first().evaluate((element) => ({
      title: element.querySelector('.quick-input-title')?.textContent?.trim() ?? '',
      placeholder: element.querySelector('.quick-input-box input')?.getAttribute('placeholder') ?? '',
      message: element.querySelector('.quick-input-message')?.textContent?.trim() ?? '',
      value: element.querySelector('.quick-input-box input')?.value ?? '',
      items: [...element.querySelectorAll('.quick-input-list .monaco-list-row')]
        .filter((row) => row.querySelector('.label-name'))
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((row) => ({
          label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
          index: Number(row.getAttribute('data-index')),
        })),
    }), undefined, { timeout: 2000 });

  const answerQuickInput = async () => {
    // Its items and message may render a frame or two after the box: read what has settled.
    const shown = await settled(page, () => readQuickInput().catch(() => undefined));
    if (!shown || !(await widget.isVisible())) return;
    const answer = typeof quickMode === 'function' ? quickMode(shown) : quickMode === 'accept' ? 'enter' : 'escape';
    seen.quickInputs.push({ ...shown, answered: answer });
    const input = widget.locator('.quick-input-box input');
    if (answer === 'enter') await input.press('Enter', { timeout: 2000 });
    else if (answer && typeof answer === 'object' && 'pick' in answer) {
      await widget.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(answer.pick) }) }).first().click({ timeout: 2000 });
    } else if (answer && typeof answer === 'object' && 'pickIndex' in answer) {
      const item = shown.items[answer.pickIndex];
      if (!item) throw new Error(`the quick pick has no item ${answer.pickIndex}: ${JSON.stringify(shown.items)}`);
      await widget.locator(`.quick-input-list .monaco-list-row[data-index="${item.index}"]`).click({ timeout: 2000 });
    } else if (answer && typeof answer === 'object' && 'type' in answer) {
      await input.fill(answer.type, { timeout: 2000 });
      await input.press('Enter', { timeout: 2000 });
    } else await input.press('Escape', { timeout: 2000 }).catch(() => page.keyboard.press('Escape'));
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline && (await widget.isVisible())) {
      const now = await readQuickInput().catch(() => undefined);
      if (now && JSON.stringify(now) !== JSON.stringify(shown)) break;
      await page.waitForTimeout(50);
    }
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        if (await box.first().isVisible()) await answerDialog();
        else if (await widget.isVisible()) await answerQuickInput();
        else await page.waitForTimeout(intervalMs);
      } catch (error) {
        if (stopped || page.isClosed()) break;
        seen.errors.push(String(error?.message ?? error).split('\n')[0]);
        await page.waitForTimeout(intervalMs);
      }
    }
  })();

  return {
    ...seen,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

// ---- notifications ----------------------------------------------------------------------------

/**
 * Starts recording every notification toast's message as it appears (toasts hide after a while,
 * so they are observed, not polled). Returns a function that reads what was recorded so far.
 */
export async function recordNotifications(page) {
  await page.evaluate(() => {
    const seen = (globalThis.__codethreatToasts ??= []);
    const record = () => {
      for (const element of globalThis.document.querySelectorAll('.notifications-toasts .notification-list-item-message')) {
        const text = element.textContent?.trim() ?? '';
        if (text && !seen.includes(text)) seen.push(text);
      }
    };
    record();
    new globalThis.MutationObserver(record).observe(globalThis.document.body, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => [...(globalThis.__codethreatToasts ?? [])]);
}

/** A notification toast whose message matches `message`. */
export function notificationToast(page, message) {
  return page
    .locator('.notifications-toasts .notification-list-item')
    .filter({ has: page.locator('.notification-list-item-message', { hasText: message }) });
}

/**
 * Waits up to `timeout` for a toast with a button whose label matches `label` and clicks that
 * button; returns the toast's message, or undefined when none showed up.
 */
export async function clickToastButtonIfShown(page, label, timeout) {
  const button = page.locator('.notifications-toasts .notification-list-item .monaco-button').filter({ hasText: label }).first();
  try {
    await button.waitFor({ timeout });
  } catch {
    return undefined;
  }
  const message = await page
    .locator('.notifications-toasts .notification-list-item')
    .filter({ has: button })
    .locator('.notification-list-item-message')
    .first()
    .innerText({ timeout: 2000 })
    .catch(() => '');
  await button.click();
  return message.trim();
}

/** Clicks the button labelled `label` of the toast whose message matches `message`. */
export async function clickNotificationButton(page, message, label, timeout = STEP_TIMEOUT_MS) {
  const toast = notificationToast(page, message).first();
  await toast.waitFor({ timeout });
  await toast.hover(); // buttons of a toast show while it is hovered or focused, in some versions
  await toast.locator('.monaco-button').filter({ hasText: exactly(label) }).first().click();
}
