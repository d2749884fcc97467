// The trust boundary towards the workspace, with real workspace trust in a real VS Code workbench
// (1.100 and 1.139) in headless Chromium. The user's own CodeThreat server U holds the token of the
// old CodeThreat extension's settings, kept in the User settings (`codethreat-vscode.
// codethreatApiToken` / `…ApiBaseUrl` / `…Organization`). A repository the user opens points at
// another server W: in its `.vscode/settings.json` (every setting the extension reads, or only the
// old server address), in a `codethreat.json`, and in the AppSec CLI's workspace files `.env` and
// `.codethreat.yml` (with W's own API keys, or only W's address). The user answers VS Code's trust question, then
// does everything that could send a request: accepts the offer to import plain-text credentials,
// runs "CodeThreat: Import Existing Credentials" from the command palette and picks every candidate
// in turn, saying yes to every dialog ("Import", "Use It", "Send Over HTTP", …; no to removing the
// plain-text copy), and opens the sign-in server list.
//
// The rules under test: in Restricted Mode no workspace-level value of any setting the extension
// reads is used (W receives nothing at all); in a trusted workspace, credentials from settings
// travel only to the server named at the same settings level (W never receives the user-level
// token; it may receive its own codethreat.json or workspace token). Both emulators run in this
// process; W's request log tells what reached it and with which credential.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_ORGANIZATION, DEMO_ORGANIZATION_SLUG, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import type * as Workbench from './workbench.mjs';
import { REPO_ROOT, VERSIONS, eventually, importModule, recordFailure, runsIn } from './support';




const EVIDENCE = join(REPO_ROOT, 'out', 'test', 'browser', 'evidence');

const IMPORT_COMMAND = 'CodeThreat: Import Existing Credentials';
const SIGN_IN_COMMAND = 'CodeThreat: Sign In';
/** Buttons that go on with an import or a sign-in, whatever the dialog. */
const GO_ON = ['Import', 'Use It', 'Send Over HTTP', 'Import…', 'Import Anyway', 'Sign In', 'Continue', 'Allow', 'Yes', 'OK'];
/** Buttons that would change the user's files or settings: not what this test is about. */
const LEAVE_FILES_ALONE = /Remove|gitignore|Delete/i;

/** How the repository points at its server. */
type Variant = 'every setting' | 'only the old server address';

interface Seen {
  dialogs: (Workbench.DialogContents & { answered: string })[];
  quickInputs: unknown[];
  toasts: string[];
  signInServers: Workbench.QuickPickItem[];
  /** The import offer's message, when it showed up (and its "Import…" was clicked). */
  offer?: string;
  importCandidates: number;
}

for (const version of VERSIONS) {
  suite(`Workspace trust and the workspace's settings in VS Code ${version} (browser)`, function () {
    this.timeout(5 * 60_000);
    let wb: typeof Workbench;
    let userServer: RunningEmulator;
    let workspaceServer: RunningEmulator;
    let userToken: string;
    let opened: Workbench.OpenWorkbenchWith | undefined;
    let page: Page;
    let dir: string;
    const pageErrors: string[] = [];

    setup(async () => {
      wb = await importModule<typeof Workbench>('test/browser/workbench.mjs');
      dir = mkdtempSync(join(tmpdir(), 'codethreat-trust-'));
      userServer = await startEmulator();
      workspaceServer = await startEmulator();
      userToken = userServer.issueAccessToken(DEMO_USERNAME, 'old CodeThreat extension').value;
      pageErrors.length = 0;
    });

    teardown(async function () {
      this.timeout(60_000);
      if (opened && this.currentTest?.state === 'failed') {
        await recordFailure(page, version, this.currentTest.title, pageErrors);
      }
      await opened?.close();
      opened = undefined;
      await userServer?.close();
      await workspaceServer?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** The repository: `.vscode/settings.json`, `.env` and `.codethreat.yml` (and, for 'every setting', a codethreat.json) naming W. */
    function makeWorkspace(variant: Variant): string {
      const folder = join(dir, 'repository');
      mkdirSync(join(folder, '.vscode'), { recursive: true });
      const W = workspaceServer.url;
      if (variant === 'only the old server address') {
        writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'codethreat-vscode.codethreatApiBaseUrl': W }, null, 2));
        writeFileSync(join(folder, '.env'), `CT_SERVER_URL=${W}\nCT_ORG_SLUG=${DEMO_ORGANIZATION_SLUG}\n`);
        writeFileSync(join(folder, '.codethreat.yml'), `serverUrl: ${W}\n`);
        return folder;
      }
      // The AppSec CLI's workspace files, each with a key of W's own, for W.
      const issueKey = (name: string) => workspaceServer.issueApiKey(DEMO_USERNAME, { name, organizationSlug: DEMO_ORGANIZATION_SLUG }).value;
      writeFileSync(join(folder, '.env'), `CT_API_KEY=${issueKey('workspace .env')}\nCT_SERVER_URL=${W}\nCT_ORG_SLUG=${DEMO_ORGANIZATION_SLUG}\n`);
      writeFileSync(join(folder, '.codethreat.yml'), `serverUrl: ${W}\napiKey: ${issueKey('workspace .codethreat.yml')}\n`);
      const workspaceToken = workspaceServer.issueAccessToken(DEMO_USERNAME, 'workspace settings').value;
      const fileToken = workspaceServer.issueAccessToken(DEMO_USERNAME, 'codethreat.json').value;
      const caFile = join(folder, 'their-ca.pem');
      writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
      writeFileSync(
        join(folder, '.vscode', 'settings.json'),
        JSON.stringify(
          {
            'codethreat.serverUrl': W,
            'codethreat.requestTimeoutSeconds': 1,
            'codethreat.caCertificateFile': caFile,
            'codethreat.staleAfterDays': 1,
            'codethreat.clipboardClearSeconds': 0,
            'codethreat-vscode.codethreatApiBaseUrl': W,
            'codethreat-vscode.codethreatOrganization': DEMO_ORGANIZATION,
            'codethreat-vscode.codethreatApiToken': workspaceToken,
          },
          null,
          2,
        ),
      );
      writeFileSync(join(folder, 'codethreat.json'), JSON.stringify({ apiBaseUrl: W, apiToken: fileToken, organizatonName: DEMO_ORGANIZATION }, null, 2));
      return folder;
    }

    async function open(variant: Variant): Promise<void> {
      opened = await wb.openWorkbenchWith({
        version,
        serverUrl: userServer.url,
        workspaceTrust: true,
        folder: makeWorkspace(variant),
        userSettings: {
          'codethreat-vscode.codethreatApiToken': userToken,
          'codethreat-vscode.codethreatApiBaseUrl': userServer.url,
          'codethreat-vscode.codethreatOrganization': DEMO_ORGANIZATION,
        },
        onPageError: (e) => pageErrors.push(e.message),
      });
      page = opened.page;
    }

    /** Answers with GO_ON (never with what would remove files or settings) until nothing is asked for `quietMs`. */
    async function goOnWithEverything(answerQuickInput: Workbench.QuickInputAnswer | ((shown: Workbench.QuickInputContents) => Workbench.QuickInputAnswer), seen: Seen): Promise<void> {
      const answerer = wb.answerPrompts(page, {
        dialogs: (d) =>
          GO_ON.find((b) => d.buttons.includes(b)) ??
          (d.buttons.some((b) => LEAVE_FILES_ALONE.test(b))
            ? (wb.DECLINE_LABELS.find((b) => d.buttons.includes(b)) ?? 'Escape')
            : (d.buttons.find((b) => !wb.DECLINE_LABELS.includes(b)) ?? 'Escape')),
        quickInputs: (shown) =>
          typeof answerQuickInput === 'function'
            ? answerQuickInput(shown)
            : shown.items.length === 0 && !shown.value
              ? { type: DEMO_ORGANIZATION } // an input box asking for something, e.g. the organization
              : answerQuickInput,
      });
      try {
        await waitUntilQuiet(answerer, 3000, 90_000);
      } finally {
        await answerer.stop();
        seen.dialogs.push(...answerer.dialogs);
        seen.quickInputs.push(...answerer.quickInputs);
      }
    }

    /** Until no dialog or quick input was answered, and none is open, for `quietMs`. */
    async function waitUntilQuiet(answerer: Workbench.PromptAnswerer, quietMs: number, maxMs: number): Promise<void> {
      const deadline = Date.now() + maxMs;
      let count = -1;
      let since = Date.now();
      while (Date.now() < deadline) {
        const now = answerer.dialogs.length + answerer.quickInputs.length;
        const open = (await wb.dialog(page).first().isVisible()) || (await wb.quickInput(page).isVisible());
        if (now !== count || open) {
          count = now;
          since = Date.now();
        } else if (Date.now() - since >= quietMs) return;
        await page.waitForTimeout(200);
      }
    }

    /**
     * The sign-in server list (from the welcome view), then the import offer, then every candidate
     * of "Import Existing Credentials" from the command palette.
     */
    /** `restricted`: any request to the repository's server counts; trusted, one with the user's token. */
    async function doEverythingThatCouldSendARequest({ restricted }: { restricted: boolean }): Promise<Seen> {
      const seen: Seen = { dialogs: [], quickInputs: [], toasts: [], signInServers: [], offer: undefined, importCandidates: 0 };
      const toasts = await wb.recordNotifications(page);
      await wb.showCodeThreatView(page); // activates the extension

      // The sign-in server list: what is offered, then Escape.
      await wb.runFromCommandPalette(page, SIGN_IN_COMMAND);
      await wb.quickInput(page).locator('.quick-input-list .monaco-list-row').first().waitFor();
      seen.signInServers = await wb.settled(page, () => wb.quickPickItems(page));
      await wb.quickInput(page).locator('.quick-input-box input').press('Escape');
      await wb.quickInput(page).waitFor({ state: 'hidden' });

      // The offer to import, a notification shown after activation when something is found.
      seen.offer = await wb.clickToastButtonIfShown(page, /^Import/, 8000);
      if (seen.offer !== undefined) await goOnWithEverything('enter', seen);

      // The command, once per candidate.
      for (let candidate = 0; ; candidate++) {
        await wb.runFromCommandPalette(page, IMPORT_COMMAND);
        let candidates = 1;
        await goOnWithEverything((shown) => {
          if (shown.items.length > 0 && seen.importCandidates === 0 && candidate === 0) seen.importCandidates = shown.items.length;
          if (shown.items.length > 0) {
            candidates = shown.items.length;
            return candidate < shown.items.length ? { pickIndex: candidate } : 'escape';
          }
          return shown.value ? 'enter' : { type: DEMO_ORGANIZATION };
        }, seen);
        if (seen.importCandidates === 0 && candidate === 0) seen.importCandidates = seen.dialogs.length > 0 ? 1 : 0;
        if (candidate + 1 >= candidates) break;
      }
      // A request on its way arrives: watch for 3 s (ending at the first one that counts).
      const counted = () => workspaceServer.countRequests({ carrying: userToken }) + (restricted ? workspaceServer.countRequests() : 0);
      await eventually(counted, (n) => n > 0, 3000);
      seen.toasts = await toasts();
      return seen;
    }

    function describeRequests(server: RunningEmulator): string {
      const lines = server.requests.map((r) => `${r.method} ${r.path} → ${r.status}`);
      return lines.length ? lines.join(', ') : 'none';
    }

    function keepEvidence(title: string, seen: Seen): void {
      mkdirSync(EVIDENCE, { recursive: true });
      const file = join(EVIDENCE, `trust ${version} ${title}.json`.replace(/[^\w.-]+/g, '_'));
      const withUserToken = workspaceServer.countRequests({ carrying: userToken });
      writeFileSync(
        file,
        JSON.stringify(
          {
            workspaceServer: { requests: workspaceServer.requests, carryingTheUsersToken: withUserToken },
            userServer: { requests: userServer.requests },
            ...seen,
          },
          null,
          2,
        ),
      );
      console.log(
        `      W got ${workspaceServer.countRequests()} request(s), ${withUserToken} with the user's token (${describeRequests(workspaceServer)}); ` +
          `U got ${userServer.countRequests()}; ${seen.importCandidates} import candidate(s); dialogs: ${seen.dialogs.map((d) => `"${d.message || d.detail}" → ${d.answered}`).join('; ') || 'none'}; evidence: ${file}`,
      );
    }

    // Each variant in one version (runsIn): a window with real workspace trust takes half a
    // minute; both trust answers run for it.
    const variants = (['every setting', 'only the old server address'] as const).filter((_, i) => runsIn(version, i));
    for (const variant of variants) {
      test(`Restricted Mode, the repository names its server in ${variant}: nothing at all reaches that server`, async () => {
        await open(variant);
        const asked = await wb.answerTrustPrompt(page, false);
        assert.match(asked.message, /Do you trust the authors/);
        await wb.restrictedModeIndicator(page).first().waitFor();

        const seen = await doEverythingThatCouldSendARequest({ restricted: true });
        keepEvidence(`restricted ${variant}`, seen);
        assert.ok(userServer.countRequests() > 0, `harness: the import ran, with the user's own token to the user's server (dialogs: ${seen.dialogs.length})`);

        const W = new URL(workspaceServer.url).host;
        assert.ok(!seen.signInServers.some((s) => `${s.label} ${s.description}`.includes(W)), `the sign-in list offers the repository's server: ${JSON.stringify(seen.signInServers)}`);
        const withUserToken = workspaceServer.countRequests({ carrying: userToken });
        assert.equal(
          workspaceServer.countRequests(),
          0,
          `in Restricted Mode the repository's server got ${workspaceServer.countRequests()} request(s), ${withUserToken} of them with the user's token: ${describeRequests(workspaceServer)}`,
        );
      });

      test(`trusted, the repository names its server in ${variant}: the user's token never reaches that server`, async () => {
        await open(variant);
        await wb.answerTrustPrompt(page, true);
        assert.equal(await eventually(() => wb.restrictedModeIndicator(page).count(), (n) => n === 0, 5000), 0, 'harness: the window is trusted');

        const seen = await doEverythingThatCouldSendARequest({ restricted: false });
        keepEvidence(`trusted ${variant}`, seen);

        assert.ok(seen.importCandidates > 0 || seen.dialogs.length > 0, `harness: the import offered something (toasts: ${JSON.stringify(seen.toasts)})`);
        const withUserToken = workspaceServer.countRequests({ carrying: userToken });
        assert.equal(withUserToken, 0, `the repository's server got ${withUserToken} request(s) with the user's token (${describeRequests(workspaceServer)})`);
      });
    }
  });
}
