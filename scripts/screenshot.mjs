// `npm run screenshot`: real screenshots of the Access Tokens view for the README, taken in headless
// Chromium from a VS Code server with the extension installed, against the emulator's demo data.
// Writes media/screenshots/:
//   signed-out.png      the welcome view before signing in
//   tokens.png          signed in: several tokens, one never used, one saved in VS Code
//   tooltip.png         the tooltip of a token (hover)
//   generate-modal.png  the modal that shows a new token's value once (an emulator demo value)
//   delete-modal.png    the confirmation before deleting a token
// Run through npm (it builds first). CODETHREAT_VSCODE=1.100 uses VS Code 1.100 instead of 1.139;
// CODETHREAT_THEME picks another color theme (default "Default Dark Modern").
import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  clickDialogButton,
  clickInlineAction,
  dialog,
  openWorkbench,
  REPO_ROOT,
  showCodeThreatView,
  sidebar,
  signInThroughUI,
  startGenerating,
  tokenRow,
  tokenTree,
  welcomeButton,
} from '../test/browser/workbench.mjs';

const version = process.env.CODETHREAT_VSCODE ?? '1.139';
const theme = process.env.CODETHREAT_THEME ?? 'Default Dark Modern';
const outDir = resolve(REPO_ROOT, 'media', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
/** Width the sidebar is dragged to, so descriptions such as "never used · saved in VS Code" fit. */
const SIDEBAR_WIDTH = 420;

/** Starts the emulator (out/emulator/main.js, from `node scripts/build.mjs --tests`); resolves with its URL. */
function startEmulator() {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'out', 'emulator', 'main.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveStarted, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolveStarted({ child, url: match[1] });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready`)));
  });
}

/** A rectangle around `boxes` (Playwright bounding boxes) plus `margin`, kept inside the viewport. */
function around(boxes, margin) {
  const left = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
  const top = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
  const right = Math.min(VIEWPORT.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
  const bottom = Math.min(VIEWPORT.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

const emulator = await startEmulator();
const workbench = await openWorkbench({
  version,
  serverUrl: emulator.url,
  viewport: VIEWPORT,
  userSettings: { 'workbench.colorTheme': theme },
});
const { page } = workbench;
const taken = [];

/** Screenshots `clip` into media/screenshots/`name`. */
async function shoot(name, clip, { keepHover = false } = {}) {
  const path = join(outDir, name);
  if (!keepHover) await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2); // no stray hover
  await page.screenshot({ path, clip: { x: Math.round(clip.x), y: Math.round(clip.y), width: Math.round(clip.width), height: Math.round(clip.height) } });
  taken.push(path);
}

/** The activity bar and the sidebar (at least `right` wide), from the sidebar's top to `bottom`. */
async function sidebarClip(bottom, right = 0) {
  const box = await sidebar(page).boundingBox();
  const top = Math.max(0, box.y - 4);
  return { x: 0, y: top, width: Math.max(box.x + box.width + 6, right), height: Math.min(VIEWPORT.height, bottom) - top };
}

/** Below `locator`, with room to breathe. */
async function below(locator, margin = 40) {
  const box = await locator.boundingBox();
  return box.y + box.height + margin;
}

/** Waits until neither the activity bar nor the view shows progress, for a moment in a row. */
async function settle() {
  const busy = page.locator('.part.activitybar .progress-badge, .part.sidebar .monaco-progress-container.active');
  for (let quiet = 0, tries = 0; quiet < 3 && tries < 50; tries++) {
    quiet = (await busy.count()) === 0 ? quiet + 1 : 0;
    await page.waitForTimeout(100);
  }
}

async function modalClip() {
  return around([await dialog(page).boundingBox()], 16);
}

try {
  mkdirSync(outDir, { recursive: true });
  await showCodeThreatView(page);

  // Wider sidebar: drag the sash on its right edge.
  const bar = await sidebar(page).boundingBox();
  await page.mouse.move(bar.x + bar.width + 1, bar.y + 300);
  await page.mouse.down();
  await page.mouse.move(bar.x + SIDEBAR_WIDTH, bar.y + 300, { steps: 8 });
  await page.mouse.up();

  // (a) signed out
  const signIn = welcomeButton(page, 'Sign In');
  await signIn.waitFor();
  await settle();
  await shoot('signed-out.png', await sidebarClip(await below(sidebar(page).locator('.welcome-view-content > :last-child'), 120)));

  // (b) signed in, one token saved in VS Code
  await signInThroughUI(page, { username: 'demo@codethreat.test', password: 'demo-password', organization: 'acme' });
  await startGenerating(page, 'VS Code on this laptop');
  await clickDialogButton(page, 'Generate and Save in VS Code');
  const saved = tokenRow(page, 'VS Code on this laptop');
  await saved.locator('.label-description', { hasText: 'saved in VS Code' }).waitFor();
  const lastRow = tokenTree(page).locator('.monaco-list-row[data-last-element="true"]');
  await settle();
  await shoot('tokens.png', await sidebarClip(await below(lastRow)));

  // (c) the tooltip of the saved token
  await saved.locator('.label-name').hover();
  const hover = page.locator('.monaco-hover').filter({ hasText: 'Last used' });
  await hover.waitFor();
  await page.waitForTimeout(250); // the hover fades in
  const hoverBox = await hover.boundingBox();
  await shoot('tooltip.png', await sidebarClip(Math.max(await below(hover, 16), await below(lastRow, 16)), hoverBox.x + hoverBox.width + 16), { keepHover: true });
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
  await hover.waitFor({ state: 'hidden' });

  // (d) the consent modal of a new token: where its value will go
  await startGenerating(page, 'CI pipeline');
  await page.waitForTimeout(250); // the dialog animates in
  await shoot('generate-modal.png', await modalClip());
  await clickDialogButton(page, 'Generate and Copy');

  // (e) confirming a delete
  await clickInlineAction(page, 'Old laptop script', 'Delete Access Token');
  await dialog(page).waitFor();
  await page.waitForTimeout(250);
  await shoot('delete-modal.png', await modalClip());
  await clickDialogButton(page, 'Cancel');
} finally {
  await workbench.close();
  emulator.child.kill('SIGTERM');
}

console.log(`Screenshots of VS Code ${workbench.server.vscodeVersion} (${theme}):`);
for (const file of taken) console.log(`  ${relative(REPO_ROOT, file)}  ${Math.round(statSync(file).size / 1024)} KB`);
