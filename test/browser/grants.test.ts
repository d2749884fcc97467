// One key per grant, end to end in a real workbench (1.139 and 1.100), with two real extensions
// installed beside this one (fixtures/grant-consumer-a and -b). A asks for ['scan:read'], B for
// ['scan:read', 'api-key:write'], each with createIfNone, and VS Code's own consent is answered in
// the browser: VS Code's decision of who may use which key is what is tested, not ours alone.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_ADMIN_API_KEY, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import type * as Workbench from './workbench.mjs';
import { REPO_ROOT, VERSIONS, eventually, importModule, readJson, recordFailure } from './support';

const FIXTURE = (x: 'a' | 'b') => join(REPO_ROOT, 'test', 'browser', 'fixtures', `grant-consumer-${x}`);

interface ReportedSession {
  id: string;
  accessToken: string;
  scopes: string[];
  account: { id: string; label: string };
}

for (const version of VERSIONS) {
  suite(`One key per grant in VS Code ${version} (browser)`, function () {
    this.timeout(6 * 60_000);
    let wb: typeof Workbench;
    let emulator: RunningEmulator;
    let opened: Workbench.OpenWorkbenchWith | undefined;
    let page: Page;
    let dir: string;

    setup(async function () {
      this.timeout(180_000);
      wb = await importModule<typeof Workbench>('test/browser/workbench.mjs');
      dir = mkdtempSync(join(tmpdir(), 'codethreat-grants-'));
      emulator = await startEmulator();
      opened = await wb.openWorkbenchWith({ version, serverUrl: emulator.url, extensions: [FIXTURE('a'), FIXTURE('b')], env: { CODETHREAT_GRANT_REPORTS: dir } });
      page = opened.page;
    });

    teardown(async function () {
      this.timeout(60_000);
      if (opened && this.currentTest?.state === 'failed') await recordFailure(page, version, `grants ${this.currentTest.title}`);
      await opened?.close();
      opened = undefined;
      await emulator?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** The fixture's report of one command run; the previous one is removed before the command runs. */
    const forget = (name: string) => rmSync(join(dir, name), { force: true });
    const report = <T>(name: string) => eventually(() => readJson<T & { done: boolean }>(join(dir, name)), (r) => !!r?.done, 120_000).then((r) => r!);

    /** Runs the fixture's "Get CodeThreat Key" and answers as a user who allows it: VS Code's dialog, the key's name, our consent. */
    async function allow(x: 'A' | 'B', keyName: string) {
      forget(`grantConsumer${x}-getSession.json`);
      await wb.runFromCommandPalette(page, `Grant Consumer ${x}: Get CodeThreat Key`);
      const answerer = wb.answerPrompts(page, {
        dialogs: 'accept',
        accept: ['Allow', 'Generate and Save in VS Code'],
        quickInputs: (shown) => (shown.items.length === 0 ? { type: keyName } : 'escape'),
      });
      try {
        const got = await report<{ session?: ReportedSession | null; error?: string }>(`grantConsumer${x}-getSession.json`);
        return { got, dialogs: answerer.dialogs, quickInputs: answerer.quickInputs };
      } finally {
        await answerer.stop();
      }
    }

    async function askSilently(x: 'A' | 'B') {
      forget(`grantConsumer${x}-silent.json`);
      await wb.runFromCommandPalette(page, `Grant Consumer ${x}: Ask Silently`);
      return report<{ own: ReportedSession | null; other: ReportedSession | null }>(`grantConsumer${x}-silent.json`);
    }

    test("two extensions get two keys: A keeps its scan:read key, A's silent request for B's scopes gets nothing, the view names whom each key serves, deleting B's leaves A's", async () => {
      await wb.signInWithApiKeyThroughUI(page, { apiKey: DEMO_ADMIN_API_KEY, organization: 'Acme Corp' });
      const serverKey = (name: string) => emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.name === name && k.status !== 'revoked');

      const a = await allow('A', 'Extension A');
      assert.ok(a.got.session, `A got a session (${a.got.error ?? 'no error'}; dialogs ${JSON.stringify(a.dialogs.map((d) => d.message || d.detail))})`);
      assert.match(`${a.dialogs[0]?.message} ${a.dialogs[0]?.detail}`, /Grant Consumer A/, `VS Code's own consent names extension A: ${JSON.stringify(a.dialogs)}`);
      assert.match(JSON.stringify(a.quickInputs[0] ?? {}), /Name the key after the extension VS Code just named/);
      const keyA = serverKey('Extension A')!;
      assert.deepEqual(keyA.scopes, ['scan:read']);
      assert.equal(a.got.session.accessToken, keyA.value);

      const b = await allow('B', 'Extension B');
      assert.ok(b.got.session, `B got a session (${b.got.error ?? 'no error'})`);
      assert.match(`${b.dialogs[0]?.message} ${b.dialogs[0]?.detail}`, /Grant Consumer B/, "VS Code's own consent names extension B");
      const keyB = serverKey('Extension B')!;
      assert.deepEqual([...keyB.scopes].sort(), ['api-key:write', 'scan:read']);
      assert.equal(b.got.session.accessToken, keyB.value);
      assert.notEqual(keyA.id, keyB.id, 'two keys');
      assert.notEqual(a.got.session.account.label, b.got.session.account.label, 'two accounts');

      const silentA = await askSilently('A');
      assert.equal(silentA.own?.accessToken, keyA.value, 'A still gets its own key, which still holds scan:read only');
      assert.deepEqual(serverKey('Extension A')?.scopes, ['scan:read']);
      assert.equal(silentA.other, null, "A's silent request for B's scopes gets nothing");
      const silentB = await askSilently('B');
      assert.equal(silentB.own?.accessToken, keyB.value);
      assert.equal(silentB.other, null, "B's silent request for A's scopes gets nothing either");

      await wb.showCodeThreatView(page);
      const rows = await eventually(
        () => wb.visibleTokens(page),
        (shown) => ['Extension A', 'Extension B'].every((name) => shown.find((t) => t.name === name)?.description.startsWith(`for: ${name}`)),
        30_000,
      );
      assert.match(rows.find((t) => t.name === 'Extension A')!.description, /^for: Extension A · /);
      assert.match(rows.find((t) => t.name === 'Extension B')!.description, /^for: Extension B · /);

      await wb.clickContextMenuItem(page, 'Extension B', 'Delete Access Token');
      await wb.dialog(page).locator('.dialog-message-text').filter({ hasText: 'Delete the access token "Extension B"?' }).waitFor();
      const asked = await wb.readDialog(page);
      assert.match(asked.detail, /the extensions allowed on the account "Extension B \([^"]+\)" lose it/);
      await wb.clickDialogButton(page, 'Delete');
      await eventually(() => serverKey('Extension B'), (key) => !key, 30_000);
      await eventually(() => wb.visibleTokens(page), (shown) => !shown.some((t) => t.name === 'Extension B'), 30_000);

      const afterA = await askSilently('A');
      assert.equal(afterA.own?.accessToken, keyA.value, "A keeps its key after B's is deleted");
      assert.equal(serverKey('Extension A')?.status, 'active');
      const afterB = await askSilently('B');
      assert.equal(afterB.own, null, 'B has no key any more');
    });
  });
}
