// The trust boundary towards other extensions, in a real VS Code workbench (1.100 and 1.139) in
// headless Chromium: beside the extension under test, a hostile neighbour extension
// (fixtures/hostile-neighbour) tries every command with every argument form, every function of the
// exported API, every way of asking the authentication provider, and reads the clipboard after
// each try. The user signs in and saves a token through the UI, then cancels every dialog that
// shows up while the neighbour works (VS Code's own consent dialogs included) and dismisses every
// quick input. The rule under test: nothing creates, reveals or destroys a credential unless the
// user said yes in a modal dialog that says what will happen, whoever the caller is.
//
// Two emulators run in this process: the user's CodeThreat server and an attacker's, to see
// whether anything reaches the attacker. Like tokensView.test.ts, this file is bundled to CommonJS
// and loads the ES-module helpers with a dynamic import().
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  DEMO_ORGANIZATION,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  OTHER_ORGANIZATION,
  OTHER_USERNAME,
  startEmulator,
  type RunningEmulator,
} from '../emulator/emulator';
import type * as Workbench from './workbench.mjs';
import { CONSUMER_COMMAND_TITLE, CONSUMER_FIXTURE, REPO_ROOT, VERSIONS, eventually, importModule, readJson, recordFailure, runsIn, type ConsumerReport } from './support';

const HOSTILE_FIXTURE = join(REPO_ROOT, 'test', 'browser', 'fixtures', 'hostile-neighbour');

/** What the neighbour obtained and which dialogs were answered, kept for reading after a run. */
const EVIDENCE = join(REPO_ROOT, 'out', 'test', 'browser', 'evidence');

/** The hostile neighbour's report (see fixtures/hostile-neighbour/extension.js). */
interface Attempt {
  n: number;
  kind: 'command' | 'api' | 'session' | 'accounts';
  target: string;
  args: string;
  outcome: 'resolved' | 'rejected' | 'pending';
  value?: unknown;
  error?: string;
  late?: { outcome: string; value?: unknown; error?: string };
  clipboard?: string;
  /** Connections after the attempt, when they changed. */
  connections?: { id: string; serverUrl: string }[];
  ms: number;
}
interface HostileReport {
  done: boolean;
  fatal?: string;
  apiVersion?: unknown;
  apiFunctions?: string[];
  commands?: string[];
  attempts: Attempt[];
  stillPending?: string[];
  connectionsBefore?: { id: string; serverUrl: string }[];
  connectionsAfter?: { id: string; serverUrl: string }[] | string;
  sessionAfter?: unknown;
  clipboardAfter?: string;
}

const describeAttempt = (a: Attempt) => `${a.kind} ${a.target} ${a.args}`;

// A full attack takes two minutes of real UI: each scenario runs in one VS Code version (runsIn).
// The command × argument matrix also runs on both versions in the integration tests
// (security.test.ts, "every command, every argument form"), every question answered no.

for (const version of VERSIONS) {
  suite(`A hostile neighbour extension in VS Code ${version} (browser)`, function () {
    this.timeout(15 * 60_000);
    let wb: typeof Workbench;
    let user: RunningEmulator;
    let attacker: RunningEmulator;
    let attackerToken: string;
    let opened: Workbench.OpenWorkbenchWith | undefined;
    let page: Page;
    let dir: string;
    const pageErrors: string[] = [];
    const files = () => ({ go: join(dir, 'go'), report: join(dir, 'hostile-report.json'), consumer: join(dir, 'consumer-report.json') });

    setup(async function () {
      this.timeout(180_000);
      wb = await importModule<typeof Workbench>('test/browser/workbench.mjs');
      dir = mkdtempSync(join(tmpdir(), 'codethreat-hostile-'));
      user = await startEmulator();
      attacker = await startEmulator();
      attackerToken = attacker.issueAccessToken(OTHER_USERNAME, 'attacker').value;
      // A credential of the user's in the environment too, as CodeThreat's CLI reads it.
      const environmentToken = user.issueAccessToken(DEMO_USERNAME, 'CI secret').value;
      pageErrors.length = 0;
      opened = await wb.openWorkbenchWith({
        version,
        serverUrl: user.url,
        extensions: [HOSTILE_FIXTURE, CONSUMER_FIXTURE],
        env: {
          CODETHREAT_HOSTILE_REPORT: files().report,
          CODETHREAT_HOSTILE_GO: files().go,
          CODETHREAT_HOSTILE_ATTACKER_URL: attacker.url,
          CODETHREAT_HOSTILE_ATTACKER_ORGANIZATION: OTHER_ORGANIZATION,
          CODETHREAT_HOSTILE_ATTACKER_TOKEN: attackerToken,
          // Token ids are no secret: an attacker may know them.
          CODETHREAT_HOSTILE_TOKENS: JSON.stringify(user.tokensOf(DEMO_USERNAME).map(({ id, name }) => ({ id, name }))),
          CODETHREAT_CONSUMER_REPORT: files().consumer,
          CODETHREAT_SECRET: environmentToken,
          CODETHREAT_APP_URL: user.url,
          CODETHREAT_ORG: DEMO_ORGANIZATION,
        },
        onPageError: (e) => pageErrors.push(e.message),
      });
      page = opened.page;
    });

    teardown(async function () {
      this.timeout(60_000);
      if (opened && this.currentTest?.state === 'failed') {
        await recordFailure(page, version, this.currentTest.title, pageErrors);
      }
      await opened?.close();
      opened = undefined;
      await user?.close();
      await attacker?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Every credential of the user the emulator knows: token values and sign-in sessions. */
    const userCredentials = () => [...user.tokensOf(DEMO_USERNAME).map((t) => t.value), ...user.sessionValues()];

    /** Generates a token through the view and saves it in VS Code, as the user does. */
    async function saveTokenThroughUI(name: string): Promise<void> {
      // Step by step, each answer waiting for its own prompt: a general answerer could take the
      // name box, still closing, for the next question and press Enter on the pick after it.
      const asked = await wb.startGenerating(page, name);
      assert.match(asked.message, /^Generate the access token /, 'harness: the consent modal of the generate command');
      await wb.clickDialogButton(page, 'Generate and Save in VS Code');
      // Without a saved token the attacks below would have nothing to steal: not a test.
      await wb.tokenRow(page, name).filter({ hasText: 'saved in VS Code' }).waitFor({ timeout: 60_000 });
    }

    /** Lets another extension use CodeThreat the way a user would: its command from F1, then yes to everything asked. */
    async function allowConsumer(): Promise<ConsumerReport> {
      await wb.runFromCommandPalette(page, CONSUMER_COMMAND_TITLE);
      const answerer = wb.answerPrompts(page, {
        dialogs: 'accept',
        accept: ['Allow', 'Use It', 'Use Saved Token', 'Save in VS Code', 'Copy and Save', 'Generate', 'Continue', 'OK'],
        // Enter takes the first item or the suggested value; an empty box gets a name.
        quickInputs: (shown) => (shown.items.length === 0 && !shown.value ? { type: 'For the allowed extension' } : 'enter'),
      });
      try {
        const report = await eventually(() => readJson<ConsumerReport>(files().consumer), Boolean, 120_000);
        assert.ok(report, 'the consumer extension finished within 2 minutes');
        console.log(`      allowing the consumer: ${answerer.dialogs.length} dialog(s) accepted: ${answerer.dialogs.map((d) => `"${d.message || d.detail}" → ${d.answered}`).join('; ')}`);
        return report;
      } finally {
        await answerer.stop();
      }
    }

    interface AttackOutcome {
      report: HostileReport;
      dialogs: (Workbench.DialogContents & { answered: string })[];
      quickInputs: unknown[];
      tokensBefore: { id: string; name: string }[];
      tokensAfter: { id: string; name: string }[];
      creates: number;
      deletes: number;
      seconds: number;
    }

    /** The go-signal, then Cancel/Escape to everything until the neighbour is done. */
    async function runAttack(): Promise<AttackOutcome> {
      const tokensBefore = user.tokensOf(DEMO_USERNAME).map(({ id, name }) => ({ id, name }));
      user.clearRequests();
      attacker.clearRequests();
      const started = Date.now();
      const answerer = wb.answerPrompts(page, { dialogs: 'cancel', quickInputs: 'escape' });
      writeFileSync(files().go, 'go');
      let report: HostileReport;
      try {
        const finished = await eventually(() => readJson<HostileReport>(files().report), (r) => !!r?.done, 12 * 60_000);
        assert.ok(finished?.done, 'the hostile neighbour finished within 12 minutes');
        report = finished;
      } finally {
        await answerer.stop();
      }
      if (report.fatal) throw new Error(`the hostile neighbour failed: ${report.fatal}`);
      if (!report.connectionsBefore?.length) throw new Error('harness: the hostile neighbour saw no signed-in connection');
      const outcome = {
        report,
        dialogs: answerer.dialogs,
        quickInputs: answerer.quickInputs,
        tokensBefore,
        tokensAfter: user.tokensOf(DEMO_USERNAME).map(({ id, name }) => ({ id, name })),
        creates: user.countRequests({ method: 'POST', path: /accesstoken/ }),
        deletes: user.countRequests({ method: 'DELETE' }),
        seconds: Math.round((Date.now() - started) / 1000),
      };
      if (answerer.errors.length) console.log(`      (answering prompts hit ${answerer.errors.length} transient error(s): ${answerer.errors.slice(0, 3).join(' | ')})`);
      return outcome;
    }

    /** Everything the rule forbids that happened, one sentence each. */
    async function leaks(outcome: AttackOutcome, credentials: string[]): Promise<string[]> {
      const found: string[] = [];
      const connectionId = outcome.report.connectionsBefore?.[0]?.id;
      const values = [...new Set(credentials.filter(Boolean))];
      const holds = (thing: unknown) => {
        const text = typeof thing === 'string' ? thing : JSON.stringify(thing ?? null);
        return values.some((v) => text.includes(v));
      };
      for (const a of outcome.report.attempts) {
        if (holds(a.value)) found.push(`hostile obtained a token value as the return value of ${describeAttempt(a)}`);
        if (holds(a.late?.value)) found.push(`hostile obtained a token value as the (late) return value of ${describeAttempt(a)}`);
        if (holds(a.error) || holds(a.late?.error)) found.push(`hostile obtained a token value in the error of ${describeAttempt(a)}`);
        if (a.clipboard !== undefined && holds(a.clipboard)) found.push(`hostile obtained a token value from the clipboard after ${describeAttempt(a)}`);
      }
      for (const key of ['connectionsAfter', 'sessionAfter', 'clipboardAfter', 'apiEvents'] as const) {
        if (holds((outcome.report as unknown as Record<string, unknown>)[key])) found.push(`hostile obtained a token value in its final ${key}`);
      }
      if (found.length === 0 && holds(outcome.report)) found.push('a token value appears somewhere in the hostile report');

      const before = new Set(outcome.tokensBefore.map((t) => t.id));
      const after = new Set(outcome.tokensAfter.map((t) => t.id));
      const created = outcome.tokensAfter.filter((t) => !before.has(t.id));
      const deleted = outcome.tokensBefore.filter((t) => !after.has(t.id));
      if (created.length) found.push(`tokens were created on the user's server: ${created.map((t) => `"${t.name}"`).join(', ')}`);
      if (deleted.length) found.push(`tokens were deleted on the user's server: ${deleted.map((t) => `"${t.name}"`).join(', ')}`);
      if (outcome.creates) found.push(`the user's server got ${outcome.creates} token-creating POST request(s)`);
      if (outcome.deletes) found.push(`the user's server got ${outcome.deletes} DELETE request(s)`);

      for (const v of values) {
        const n = attacker.countRequests({ carrying: v });
        if (n) found.push(`the attacker's server got ${n} request(s) carrying a credential of the user`);
      }
      const attackerHost = new URL(attacker.url).host;
      for (const a of outcome.report.attempts) {
        const added = (a.connections ?? []).filter((c) => c.serverUrl.includes(attackerHost));
        if (added.length) {
          found.push(`a connection to the attacker's server was saved after ${describeAttempt(a)}`);
          break;
        }
      }
      const dropped = outcome.report.attempts.find((a) => a.connections && !a.connections.some((c) => c.id === connectionId));
      if (dropped) found.push(`the user was signed out of their connection by ${describeAttempt(dropped)}`);
      const finalConnections = outcome.report.connectionsAfter;
      if (Array.isArray(finalConnections)) {
        if (!finalConnections.some((c) => c.id === connectionId)) found.push(`at the end the user is no longer signed in (connections: ${JSON.stringify(finalConnections.map((c) => c.id))})`);
        if (finalConnections.some((c) => c.serverUrl.includes(attackerHost))) found.push("at the end a connection to the attacker's server is saved");
      }
      const names = user.tokensOf(DEMO_USERNAME).map((t) => t.name);
      await wb.showCodeThreatView(page);
      const showsTokens = await wb.waitForTokenNames(page, names, 10_000).then(
        () => true,
        async () => false,
      );
      if (!showsTokens) found.push(`the view no longer lists the user's tokens (it shows ${JSON.stringify((await wb.visibleTokens(page).catch(() => [])).map((t) => t.name))})`);
      const clipboard = await wb.readClipboard(page).catch((error: unknown) => {
        found.push(`harness: the browser clipboard could not be read (${String(error)})`);
        return '';
      });
      if (holds(clipboard)) found.push('the browser clipboard holds a token value of the user');
      for (const d of outcome.dialogs) {
        // VS Code's own consent question has its text in the detail, with no message.
        if (!`${d.message}${d.detail}`.trim()) found.push(`a dialog the user cancelled said nothing: ${JSON.stringify(d)}`);
      }
      return found;
    }

    function keepEvidence(title: string, outcome: AttackOutcome, found: string[]): void {
      mkdirSync(EVIDENCE, { recursive: true });
      const file = join(EVIDENCE, `hostile ${version} ${title}.json`.replace(/[^\w.-]+/g, '_'));
      writeFileSync(file, JSON.stringify({ found, dialogs: outcome.dialogs, quickInputs: outcome.quickInputs, report: outcome.report }, null, 2));
      const settled = outcome.report.attempts.filter((a) => a.outcome !== 'pending').length;
      console.log(
        `      the neighbour made ${outcome.report.attempts.length} attempts in ${outcome.seconds} s (${settled} settled in time; never settled: ${outcome.report.stillPending?.length ?? 0}); ` +
          `${outcome.dialogs.length} dialogs cancelled, ${outcome.quickInputs.length} quick inputs dismissed; evidence: ${file}`,
      );
      const distinct = [...new Map(outcome.dialogs.map((d) => [`${d.message}|${d.buttons.join(',')}`, d])).values()];
      for (const d of distinct) console.log(`        dialog: "${d.message || d.detail}" [${d.buttons.join(' | ')}]`);
    }

    async function signIn(): Promise<void> {
      await wb.signInThroughUI(page, { username: DEMO_USERNAME, password: DEMO_PASSWORD, organization: DEMO_ORGANIZATION });
      await wb.waitForTokenNames(page, user.tokensOf(DEMO_USERNAME).map((t) => t.name));
    }

    if (runsIn(version, 0)) {
      test('gets no credential, and makes or destroys none, when the user cancels every dialog', async () => {
        await signIn();
        await saveTokenThroughUI('Saved by the user');

        const outcome = await runAttack();
        assert.ok(outcome.report.attempts.filter((a) => a.kind === 'command').length > 50, 'harness: the neighbour tried the commands');
        assert.ok(outcome.report.attempts.some((a) => a.kind === 'session'), 'harness: the neighbour asked for sessions');
        const found = await leaks(outcome, userCredentials());
        keepEvidence('cancel everything', outcome, found);
        assert.deepEqual(found, [], `the hostile neighbour got through:\n  ${found.join('\n  ')}`);
      });
    }

    if (runsIn(version, 1)) {
      test('gets nothing either after the user allowed another extension to use CodeThreat', async () => {
        await signIn();
        await saveTokenThroughUI('Saved by the user');
        const consumer = await allowConsumer();
        assert.ok(consumer.session?.accessToken, `harness: the allowed extension got a session (${consumer.sessionError ?? 'no error'})`);
        const allowed = [consumer.session?.accessToken ?? '', consumer.apiToken ?? ''];

        const outcome = await runAttack();
        assert.ok(outcome.report.attempts.filter((a) => a.kind === 'command').length > 50, 'harness: the neighbour tried the commands');
        const found = await leaks(outcome, [...userCredentials(), ...allowed]);
        keepEvidence('after allowing another extension', outcome, found);
        assert.deepEqual(found, [], `the hostile neighbour got through:\n  ${found.join('\n  ')}`);
      });
    }
  });
}
