// Generate Key for GitHub Actions as a person does it, in a real VS Code workbench (1.100 and
// 1.139): the workspace is a git clone with two remotes on a GitHub imitation used as a GitHub
// Enterprise Server; VS Code's GitHub sign-in is a fixture extension (the built-in one removed),
// so VS Code's own dialog asks whether this extension may sign in with GitHub. Then our one modal,
// then the notification; the imitation opens the sealed secret, which must be the key CodeThreat
// made. The modal is saved as the README's screenshot (out/test/browser/screenshots/).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import { startGitHubImitation, type RunningGitHubImitation } from '../emulator/github/githubImitation';
import type * as Workbench from './workbench.mjs';
import { REPO_ROOT, VERSIONS, eventually, importModule, recordFailure } from './support';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'github-auth');
const GITHUB_TOKEN = 'gho_browserTestToken0123456789abcdefABCD';

for (const version of VERSIONS) {
  suite(`Generate Key for GitHub Actions in VS Code ${version} (browser)`, function () {
    this.timeout(120_000);
    let wb: typeof Workbench;
    let emulator: RunningEmulator;
    let github: RunningGitHubImitation;
    let opened: Workbench.OpenWorkbenchWith | undefined;
    let clone: string;
    let page: Page;

    suiteSetup(async function () {
      this.timeout(180_000);
      wb = await importModule<typeof Workbench>('test/browser/workbench.mjs');
      emulator = await startEmulator();
      github = await startGitHubImitation();
      github.addToken(GITHUB_TOKEN, { 'acme/webapp': 'admin', 'acme/docs': 'admin' });
      clone = mkdtempSync(join(tmpdir(), 'codethreat-clone-'));
      const git = (...args: string[]) => execFileSync('git', args, { cwd: clone });
      git('init', '-q');
      git('remote', 'add', 'origin', `${github.url}/acme/webapp.git`);
      git('remote', 'add', 'docs', `${github.url}/acme/docs.git`);
      opened = await wb.openWorkbenchWith({
        version,
        serverUrl: emulator.url,
        folder: clone,
        extensions: [FIXTURE],
        withoutBuiltinExtensions: ['github-authentication'],
        env: { CODETHREAT_TEST_GITHUB_TOKEN: GITHUB_TOKEN, CODETHREAT_TEST_GITHUB_SIGNED_OUT: '1' },
        userSettings: { 'github-enterprise.uri': github.url },
      });
      page = opened.page;
    });

    suiteTeardown(async function () {
      this.timeout(30_000);
      await opened?.close();
      await github?.close();
      await emulator?.close();
      if (clone) rmSync(clone, { recursive: true, force: true });
    });

    teardown(async function () {
      if (this.currentTest?.state === 'failed' && opened) await recordFailure(page, version, `github actions ${this.currentTest.title}`);
    });

    test('remote pick, VS Code asks about GitHub, one modal of ours, the notification; the secret is the new key', async () => {
      await wb.signInThroughUI(page, { username: DEMO_USERNAME, password: DEMO_PASSWORD, organization: DEMO_ORGANIZATION });
      await wb.runFromCommandPalette(page, 'CodeThreat: Generate Key for GitHub Actions…');
      await wb.pickQuickItem(page, 'Which GitHub repository gets the key as an Actions secret?', { label: 'acme/webapp' });

      const vscodeAsks = await wb.readDialog(page);
      assert.match(`${vscodeAsks.message} ${vscodeAsks.detail}`, /CodeThreat Access Tokens.*GitHub Enterprise Server/s, "VS Code's own dialog names this extension and the provider");
      assert.match(vscodeAsks.detail, /"repo" scope/, 'and says why, in our words');
      await wb.clickDialogButton(page, 'Allow');

      const name = `CI ${version}`;
      await wb.answerInputBox(page, 'Name of the new key', name);
      await wb.answerInputBox(page, 'Name of the GitHub Actions secret', 'ACCESS_TOKEN');
      await wb.pickQuickItem(page, 'Where does the secret live?', { label: 'Repository secret' });

      const ours = await wb.readDialog(page);
      assert.match(ours.message, new RegExp(`^Generate the access token "${name}" for acme on .* and store it as the GitHub Actions secret ACCESS_TOKEN of acme/webapp\\?$`));
      assert.match(ours.detail, /sealed with the repository's key/);
      assert.equal(emulator.tokensOf(DEMO_USERNAME).find((t) => t.name === name), undefined, 'nothing is created before the yes');
      const shots = join(REPO_ROOT, 'out', 'test', 'browser', 'screenshots');
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, `github-actions-${version}.png`) });
      await wb.clickDialogButton(page, 'Generate and Store in GitHub');

      await wb.notificationToast(page, `Access token "${name}" is now the secret ACCESS_TOKEN of acme/webapp.`).first().waitFor();
      const record = emulator.tokensOf(DEMO_USERNAME).find((t) => t.name === name)!;
      assert.ok(record, 'created');
      assert.equal(await eventually(() => github.secret('acme/webapp', 'ACCESS_TOKEN')?.plaintext, Boolean), record.value);
      assert.notEqual(await wb.readClipboard(page), record.value, 'never on the clipboard');
      await wb.tokenRow(page, name).waitFor();
      // The row appears as the key is created; where it lives is known once the secret is stored.
      const description = () => wb.visibleTokens(page).then((rows) => rows.find((t) => t.name === name)?.description ?? '');
      assert.match(await eventually(description, (text) => /GitHub Actions/.test(text), 60_000), /in GitHub Actions: acme\/webapp \(ACCESS_TOKEN\)/);
    });
  });
}
