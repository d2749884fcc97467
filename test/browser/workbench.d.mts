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
  /** Called with the page before the workbench is loaded into it. */
  onPage?: (page: Page) => void;
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
export declare function waitForQuietTree(page: Page, quietMs?: number, timeout?: number): Promise<void>;

export declare function quickInput(page: Page): Locator;
export declare function pickQuickItem(page: Page, placeholder: string, item: { label: string; description?: string }): Promise<void>;
export declare function quickPickItems(page: Page): Promise<QuickPickItem[]>;
/** Resolves after the page has rendered two more frames. */
export declare function nextFrames(page: Page): Promise<void>;
/** Reads until two reads two frames apart agree, and returns that. */
export declare function settled<T>(page: Page, read: () => Promise<T>): Promise<T>;
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

export interface OpenWorkbenchWith extends OpenWorkbench {
  /** The folder the window has open. */
  folder: string;
}

export declare function openWorkbenchWith(options: {
  version: string;
  /** `codethreat.serverUrl` in the Machine settings; none when omitted. */
  serverUrl?: string;
  /** Folders of more extensions to install beside this one. */
  extensions?: string[];
  /** Environment of the server and so of every extension host. */
  env?: Record<string, string>;
  /** Real workspace trust: VS Code asks at startup (answer with answerTrustPrompt()). */
  workspaceTrust?: boolean;
  folder?: string;
  userSettings?: Record<string, unknown>;
  machineSettings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  withoutBuiltinExtensions?: string[];
  onPageError?: (error: Error) => void;
  /** Called with the page before the workbench is loaded into it. */
  onPage?: (page: Page) => void;
}): Promise<OpenWorkbenchWith>;

export declare function answerTrustPrompt(page: Page, trust: boolean, timeout?: number): Promise<DialogContents>;
export declare function restrictedModeIndicator(page: Page): Locator;
export declare function runFromCommandPalette(page: Page, title: string): Promise<void>;

export declare const DECLINE_LABELS: readonly string[];

export interface QuickInputContents {
  title: string;
  placeholder: string;
  message: string;
  value: string;
  /** In list order; `index` is the row's place in the list (separators included). */
  items: (QuickPickItem & { index: number })[];
}

export type QuickInputAnswer = 'escape' | 'enter' | { pick: string } | { pickIndex: number } | { type: string };

export interface PromptAnswerer {
  /** Every dialog answered, with the label clicked ('Escape' when none fitted). */
  readonly dialogs: (DialogContents & { answered: string })[];
  readonly quickInputs: (QuickInputContents & { answered: QuickInputAnswer })[];
  /** Transient errors while answering (a dialog closing under the click, …). */
  readonly errors: string[];
  stop(): Promise<void>;
}

export declare function answerPrompts(
  page: Page,
  options?: {
    dialogs?: 'cancel' | 'accept' | ((contents: DialogContents) => string);
    quickInputs?: 'escape' | 'accept' | ((contents: QuickInputContents) => QuickInputAnswer);
    accept?: readonly string[];
    decline?: readonly string[];
    intervalMs?: number;
  },
): PromptAnswerer;

export declare function recordNotifications(page: Page): Promise<() => Promise<string[]>>;
export declare function notificationToast(page: Page, message: string | RegExp): Locator;
export declare function clickNotificationButton(page: Page, message: string | RegExp, label: string, timeout?: number): Promise<void>;
export declare function clickToastButtonIfShown(page: Page, label: string | RegExp, timeout: number): Promise<string | undefined>;

export declare function signInWithApiKeyThroughUI(
  page: Page,
  options: { apiKey: string; organization: string },
): Promise<{ methods: { label: string; description: string }[]; keyBoxType: string }>;
export declare function tickQuickItems(page: Page, placeholder: string, labels: string[]): Promise<void>;
export declare function tokenRowLabel(page: Page, name: string): Promise<string | null>;
