// What every browser test file shares: where the repository is, loading the ES-module helpers, the
// VS Code versions to run, polling for a state, and a screenshot when a test fails.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';

/** The repository root: the test files run as out/test/browser/*.test.js. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The versions host.mjs serves (its VSCODE_VERSIONS; tokensView.test.ts checks they agree). Listed
 * here because mocha needs the suites at load time, before an ES module can be imported.
 * CODETHREAT_VSCODE=1.139 runs one version only, as for the integration tests.
 */
export const ALL_VERSIONS = ['1.100', '1.139'];
export const VERSIONS = process.env.CODETHREAT_VSCODE?.trim() ? process.env.CODETHREAT_VSCODE.trim().split(/\s+/) : ALL_VERSIONS;

/**
 * Scenarios that take minutes of real UI run once each, each in another VS Code version (all of
 * them in the one version CODETHREAT_VSCODE chooses): one real-browser proof per guarantee. What
 * such a scenario repeats runs on both versions in the integration suite.
 */
export function runsIn(version: string, scenario: number): boolean {
  return version === VERSIONS[scenario % VERSIONS.length];
}

export const FAILURE_SCREENSHOTS = join(REPO_ROOT, 'out', 'test', 'browser', 'failures');

/** The helpers (workbench.mjs) and the host (host.mjs) are ES modules, loaded by absolute file URL. */
export function importModule<T>(pathFromRoot: string): Promise<T> {
  return import(pathToFileURL(join(REPO_ROOT, pathFromRoot)).href) as Promise<T>;
}

/** Polls `read` until `accept` holds (or the time is up) and returns the last value read. */
export async function eventually<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** After a failed test: a screenshot of the window, and the page's errors, for whoever reads the log. */
export async function recordFailure(page: Page, version: string, title: string, pageErrors: readonly string[] = []): Promise<void> {
  mkdirSync(FAILURE_SCREENSHOTS, { recursive: true });
  const file = join(FAILURE_SCREENSHOTS, `${version} ${title}.png`.replace(/[^\w.-]+/g, '_'));
  await page.screenshot({ path: file }).catch(() => undefined);
  console.log(`      screenshot of the failure: ${file}`);
  if (pageErrors.length) console.log(`      errors in the page:\n        ${pageErrors.slice(0, 10).join('\n        ')}`);
}

/** The fixture extension that asks for a CodeThreat session (and the v1 API), as a real neighbour would. */
export const CONSUMER_FIXTURE = join(REPO_ROOT, 'test', 'browser', 'fixtures', 'session-consumer');
export const CONSUMER_COMMAND_TITLE = 'Session Consumer: Get CodeThreat Session';

/** What the consumer extension got (see fixtures/session-consumer/extension.js). */
export interface ConsumerReport {
  done: boolean;
  session?: { accessToken: string; scopes: string[]; account: { label: string } } | null;
  sessionError?: string;
  apiToken?: string | null;
  apiError?: string;
}

/** A JSON file a fixture extension writes; undefined until it is there (or while it is replaced). */
export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
