// Types of workbench.mjs, for the TypeScript browser tests (which load it with a dynamic import).
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export interface VSCodeServerInfo {
  url: string;
  version: string;
  vscodeVersion: string;
  tmpDir: string;
  userDataDir: string;
  serverDataDir: string;
  logsDir: string;
  output(): string;
}

export interface OpenWorkbench {
  server: VSCodeServerInfo;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface ListEntry {
  name: string;
  description: string;
}

export interface QuickPickItem {
  label: string;
  description: string;
}

export interface DialogContents {
  message: string;
  detail: string;
  /** In on-screen order. */
  buttons: string[];
}

export interface SignInObservations {
  servers: QuickPickItem[];
  fromSettings: QuickPickItem;
  usernameBoxType: string;
  passwordBoxType: string;
}

export declare const REPO_ROOT: string;
export declare const STEP_TIMEOUT_MS: number;
export declare function exactly(text: string): RegExp;

export declare function openWorkbench(options: {
  version: string;
  serverUrl: string;
  viewport?: { width: number; height: number };
  userSettings?: Record<string, unknown>;
  /** Extra environment for the server, the extension host and terminals. */
  env?: Record<string, string>;
  onPageError?: (error: Error) => void;
}): Promise<OpenWorkbench>;

export declare function sidebar(page: Page): Locator;
export declare function showCodeThreatView(page: Page): Promise<void>;
export declare function welcomeButton(page: Page, label: string): Locator;
export declare function titleAction(page: Page, label: string): Locator;
export declare function tokenTree(page: Page): Locator;
export declare function tokenRow(page: Page, name: string): Locator;
export declare function visibleTokens(page: Page): Promise<ListEntry[]>;
export declare function waitForTokenNames(page: Page, names: readonly string[], timeout?: number): Promise<ListEntry[]>;
export declare function clickInlineAction(page: Page, name: string, label: string): Promise<void>;
export declare function clickContextMenuItem(page: Page, name: string, label: string): Promise<void>;

export declare function quickInput(page: Page): Locator;
export declare function pickQuickItem(page: Page, placeholder: string, item: { label: string; description?: string }): Promise<void>;
export declare function quickPickItems(page: Page): Promise<QuickPickItem[]>;
export declare function answerInputBox(page: Page, prompt: string, text: string): Promise<string>;

export declare function dialog(page: Page): Locator;
export declare function readDialog(page: Page): Promise<DialogContents>;
export declare function clickDialogButton(page: Page, label: string): Promise<void>;

export declare function readClipboard(page: Page): Promise<string>;
export declare function writeClipboard(page: Page, text: string): Promise<void>;

export declare function signInThroughUI(
  page: Page,
  credentials: { username: string; password: string; organization: string },
): Promise<SignInObservations>;
export declare function startGenerating(page: Page, name: string): Promise<DialogContents>;
