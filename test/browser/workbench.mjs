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
export async function openWorkbench({
  version,
  serverUrl,
  viewport = { width: 1280, height: 800 },
  userSettings = {},
  env,
  onPageError,
}) {
  const server = await startVSCodeServer({
    version,
    installExtension: REPO_ROOT,
    // The smoke-test driver auto-confirms modals (1.100) and hides toasts (1.139): a person's
    // window has neither.
    smokeTestDriver: false,
    machineSettings: { 'codethreat.serverUrl': serverUrl },
    env,
    userSettings: {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      ...userSettings,
    },
  });
  let browser;
  try {
    const workspace = join(server.tmpDir, 'workspace');
    mkdirSync(workspace, { recursive: true });

    browser = await launchChromium();
    const context = await browser.newContext({ viewport });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    if (onPageError) page.on('pageerror', onPageError);
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: null }));
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    const opened = browser;
    return {
      server,
      browser,
      context,
      page,
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

/** Hovers the row of `name` and clicks its inline action labelled `label`. */
export async function clickInlineAction(page, name, label) {
  const row = tokenRow(page, name);
  await row.hover();
  await row.locator(`.actions a.action-label[aria-label^="${label}"]`).click();
}

/** Right-clicks the row of `name` and picks `label` in its context menu. */
export async function clickContextMenuItem(page, name, label) {
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
  await item.click();
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

/** Generate → name → waits for the modal that shows the value once; returns what it says. */
export async function startGenerating(page, name) {
  await titleAction(page, 'Generate Access Token').click();
  await answerInputBox(page, 'Name the token', name);
  return readDialog(page);
}
