// TokenOperations, the one place the consent rule lives, in plain Node against the emulator: no
// create, delete, reveal or sign-out happens unless Consent said yes, whatever the caller
// pre-filled; what is delivered goes only where the user chose; rotation never offers to delete
// the old token before its replacement is kept.
import { CiSecretRecords } from '../../src/core/ci/ciSecretRecords';
import * as assert from 'node:assert/strict';
import { createClientFactory } from '../../src/core/api/clientFactory';
import type { AccessToken } from '../../src/core/api/accessToken';
import type { Connection } from '../../src/core/connections/connection';
import { ConnectionService } from '../../src/core/connections/connectionService';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { SecretVault } from '../../src/core/connections/secretVault';
import { GrantStore } from '../../src/core/tokens/grants';
import { RedactingLogger } from '../../src/core/logging/logger';
import type { Clipboard, Clock, Disposable } from '../../src/core/ports';
import { ClipboardGuard } from '../../src/core/tokens/clipboardGuard';
import { TokenLists } from '../../src/core/tokens/tokenLists';
import { TokenOperations, type Consent, type Delivery } from '../../src/core/tokens/tokenOperations';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME, startEmulator, type RunningEmulator } from '../emulator/emulator';
import { memorySecrets, memoryState, testSettings } from './support/memoryPorts';

/** A Consent that records what it was asked and answers as scripted ("no" unless told). */
class RecordingConsent implements Consent {
  readonly asked: string[] = [];
  delivery: Delivery | undefined;
  yes = false;
  copyInstead = false;

  async confirmGenerate(request: { request: { name: string }; delivery?: Delivery }) {
    this.asked.push(`generate ${request.request.name} ${request.delivery ?? ''}`.trim());
    return this.delivery;
  }
  async confirmRotate(request: { old: AccessToken; delivery?: Delivery }) {
    this.asked.push(`rotate ${request.old.name}`);
    return this.delivery;
  }
  /** Runs while the delete or sign-out modal is open (another window changing things meanwhile). */
  whileAsking: (() => Promise<void>) | undefined;
  async confirmDelete(request: { token: AccessToken }) {
    this.asked.push(`delete ${request.token.name}`);
    await this.#whileAsking();
    return this.yes;
  }
  async confirmSignOut(request: { savedTokenName?: string }) {
    this.asked.push(`signOut ${request.savedTokenName ?? ''}`.trim());
    await this.#whileAsking();
    return this.yes;
  }
  async #whileAsking() {
    await this.whileAsking?.();
    this.whileAsking = undefined;
  }
  /** Runs while the terminal modal is open (another window changing things meanwhile). */
  whileAskingTerminal: (() => Promise<void>) | undefined;
  async confirmTerminal(request: { savedTokenName: string }) {
    this.asked.push(`terminal ${request.savedTokenName}`);
    await this.whileAskingTerminal?.();
    this.whileAskingTerminal = undefined;
    return this.yes;
  }
  ciYes = false;
  async confirmGenerateForCi(request: { request: { name: string }; target: { secretName: string; repository: string } }) {
    this.asked.push(`ci ${request.request.name} ${request.target.repository} ${request.target.secretName}`);
    return this.ciYes;
  }
  async confirmRotateForCi(request: { old: AccessToken; target: { secretName: string; repository: string } }) {
    this.asked.push(`ciRotate ${request.old.name} ${request.target.repository} ${request.target.secretName}`);
    return this.ciYes;
  }
  async confirmCopyInstead() {
    this.asked.push('copyInstead');
    return this.copyInstead;
  }
}

class ManualClock implements Clock {
  readonly #timers: { run: () => void; disposed: boolean }[] = [];
  now(): Date {
    return new Date();
  }
  setTimeout(callback: () => void): Disposable {
    const timer = { run: callback, disposed: false };
    this.#timers.push(timer);
    return { dispose: () => void (timer.disposed = true) };
  }
}

suite('TokenOperations: the consent rule', () => {
  let emulator: RunningEmulator;
  let consent: RecordingConsent;
  let connections: ConnectionService;
  let operations: TokenOperations;
  let clipboard: Clipboard & { text: string };
  let keyringFails: boolean;
  let connection: Connection;
  let store: ConnectionStore;
  let grants: GrantStore;
  let ciSecrets: CiSecretRecords;
  const tokens = () => emulator.tokensOf(DEMO_USERNAME);
  const writes = () => emulator.countRequests({ method: 'POST', path: '/api/accesstoken/add' }) + emulator.countRequests({ method: 'DELETE' });

  suiteSetup(async () => {
    emulator = await startEmulator();
  });
  suiteTeardown(() => emulator.close());

  setup(async () => {
    emulator.reset();
    keyringFails = false;
    consent = new RecordingConsent();
    const logger = new RedactingLogger({ debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined });
    const vault = new SecretVault(memorySecrets(() => keyringFails));
    store = new ConnectionStore(memoryState(), vault);
    grants = new GrantStore(memoryState(), vault);
    connections = new ConnectionService(store, createClientFactory(testSettings, 'test', logger), (value) => logger.trackSecret(value));
    const lists = new TokenLists(connections);
    clipboard = { text: '', writeText: async (value) => void (clipboard.text = value), readText: async () => clipboard.text };
    const guard = new ClipboardGuard(clipboard, new ManualClock(), () => 60, () => undefined);
    operations = new TokenOperations({ connections, lists, consent, clipboard: guard, grants, ciSecrets: (ciSecrets = new CiSecretRecords(memoryState())), logger, clock: new ManualClock(), showProgress: (_step, task) => task(new AbortController().signal) });
    const session = await connections.authenticate(emulator.url, { username: DEMO_USERNAME, password: DEMO_PASSWORD });
    connection = await connections.completeSignIn(emulator.url, DEMO_ORGANIZATION, session, { username: DEMO_USERNAME });
    emulator.clearRequests();
  });

  test('generate: a pre-filled delivery still asks; "no" sends nothing and delivers nothing', async () => {
    const outcome = await operations.generate(connection, { name: 'silent' }, { delivery: 'clipboard' });
    assert.deepEqual(outcome, { status: 'declined' });
    assert.deepEqual(consent.asked, ['generate silent clipboard']);
    assert.equal(writes(), 0);
    assert.equal(clipboard.text, '');
  });

  test('generate: "yes" creates once and delivers only where the user chose', async () => {
    consent.delivery = 'secretStorage';
    const outcome = await operations.generate(connection, { name: 'saved only' }, { delivery: 'secretStorage' });
    assert.equal(outcome.status, 'created');
    const record = tokens().find((t) => t.name === 'saved only')!;
    assert.equal((await connections.savedToken(connection.id))?.value, record.value);
    assert.equal(clipboard.text, '', 'not copied');
    assert.ok(!JSON.stringify(outcome).includes(record.value), 'the outcome is metadata only');
  });

  test('generate for CI: one modal; "no" creates nothing and stores nothing', async () => {
    const stored: string[] = [];
    const target = { repository: 'acme/webapp', secretName: 'ACCESS_TOKEN', variables: ['CT_SERVER', 'ORGNAME'] };
    assert.deepEqual(await operations.generateForCi(connection, { name: 'ci' }, target, async (v) => void stored.push(v)), { status: 'declined' });
    assert.deepEqual(consent.asked, ['ci ci acme/webapp ACCESS_TOKEN']);
    assert.equal(writes(), 0);
    assert.deepEqual(stored, []);
  });

  test('generate for CI: the value goes to the store only — not the clipboard, VS Code or the outcome', async () => {
    consent.ciYes = true;
    const stored: string[] = [];
    const target = { repository: 'acme/webapp', secretName: 'ACCESS_TOKEN', variables: [] };
    const outcome = await operations.generateForCi(connection, { name: 'ci' }, target, async (v) => void stored.push(v));
    const record = tokens().find((t) => t.name === 'ci')!;
    assert.equal(outcome.status, 'stored');
    assert.deepEqual(stored, [record.value]);
    assert.equal(clipboard.text, '');
    assert.equal(await connections.savedToken(connection.id), undefined);
    assert.ok(!JSON.stringify(outcome).includes(record.value));
    assert.deepEqual(consent.asked, ['ci ci acme/webapp ACCESS_TOKEN'], 'exactly one modal');
  });

  test('generate for CI: a value that could not be stored — its key is deleted at once, unasked', async () => {
    consent.ciYes = true;
    const target = { repository: 'acme/webapp', secretName: 'ACCESS_TOKEN', variables: [] };
    const outcome = await operations.generateForCi(connection, { name: 'ci' }, target, () => Promise.reject(new Error('GitHub said no')));
    assert.equal(outcome.status, 'notStored');
    assert.equal(outcome.status === 'notStored' && outcome.cleanup, 'deleted');
    assert.equal(tokens().find((t) => t.name === 'ci'), undefined, 'the unseen key is gone');
    assert.equal(clipboard.text, '', 'nor was it copied instead');
    assert.deepEqual(consent.asked, ['ci ci acme/webapp ACCESS_TOKEN'], 'no modal for that deletion');
  });

  test('a deleted key is forgotten where it was stored as a CI secret (no stale "in GitHub Actions" on a key id)', async () => {
    const [token, other] = tokens();
    const repository = { owner: 'acme', name: 'webapp', provider: 'github' as const, webUrl: 'https://github.com', apiUrl: 'https://api.github.com' };
    await ciSecrets.set(connection.id, token.id, { repository, secretName: 'ACCESS_TOKEN', setAt: new Date().toISOString() });
    await ciSecrets.set(connection.id, other.id, { repository, secretName: 'OTHER', setAt: new Date().toISOString() });
    consent.yes = true;
    assert.equal((await operations.delete(connection, { id: token.id, name: token.name })).status, 'deleted');
    assert.equal(ciSecrets.get(connection.id, token.id), undefined);
    assert.equal(ciSecrets.get(connection.id, other.id)?.secretName, 'OTHER', 'another key keeps its record');
  });

  test('delete and sign-out: nothing without a yes, whatever was pre-filled', async () => {
    const token = tokens()[0];
    assert.deepEqual(await operations.delete(connection, { id: token.id, name: token.name }), { status: 'declined' });
    assert.deepEqual(await operations.signOut(connection), { status: 'declined' });
    assert.deepEqual(consent.asked, [`delete ${token.name}`, 'signOut'], 'each asked its modal');
    assert.equal(writes(), 0);
    assert.ok(tokens().some((t) => t.id === token.id));
    assert.deepEqual(connections.connections().map((c) => c.id), [connection.id]);
  });

  test('revealing the saved token (a terminal): nothing handed out without a yes', async () => {
    consent.delivery = 'secretStorage';
    await operations.generate(connection, { name: 'kept' });
    consent.asked.length = 0;
    const outcome = await operations.revealSavedToken(connection, { kind: 'terminal', tokenVariable: 'CODETHREAT_SECRET', serverVariable: 'CODETHREAT_APP_URL', organizationVariable: 'CODETHREAT_ORG' });
    assert.deepEqual(outcome, { status: 'declined' }, 'no value without consent');
    assert.deepEqual(consent.asked, ['terminal kept']);
  });

  test('revealing the saved token: one replaced while the modal was open is asked about anew, by its own name', async () => {
    consent.delivery = 'secretStorage';
    await operations.generate(connection, { name: 'kept' });
    const saved = await connections.savedToken(connection.id);
    await connections.savedTokenInfo(connection.id); // what this window has read: "kept"
    consent.yes = true;
    // Another window saves another token (straight into the shared store, past this window's cache).
    consent.whileAskingTerminal = () => store.setSavedToken(connection.id, { ...saved!, id: 'other-id', name: 'from the other window', value: 'ct_other_window_0123456789' });
    const outcome = await operations.revealSavedToken(connection, { kind: 'terminal', tokenVariable: 'CODETHREAT_SECRET', serverVariable: 'CODETHREAT_APP_URL', organizationVariable: 'CODETHREAT_ORG' });
    assert.deepEqual(consent.asked.slice(-2), ['terminal kept', 'terminal from the other window']);
    assert.equal(outcome.status === 'revealed' && outcome.token.id, 'other-id', 'the token handed out is the one the user said yes to last');
  });

  test('delete and sign-out remove only the saved token their modal named: one saved meanwhile by another window stays', async () => {
    consent.delivery = 'secretStorage';
    await operations.generate(connection, { name: 'named' });
    const named = tokens().find((t) => t.name === 'named')!;
    const other = { id: 'other-id', name: 'from the other window', value: 'ct_other_window_0123456789', savedAt: new Date().toISOString() };
    consent.yes = true;
    consent.whileAsking = () => store.setSavedToken(connection.id, other);
    const deleted = await operations.delete(connection, { id: named.id, name: named.name });
    assert.deepEqual(deleted, { status: 'deleted', token: { id: named.id, name: named.name }, savedTokenChanged: true });
    assert.ok(!tokens().some((t) => t.id === named.id), 'the token named is deleted on the server');
    assert.equal((await connections.savedToken(connection.id))?.value, other.value, 'the other saved token stays');

    consent.whileAsking = () => store.setSavedToken(connection.id, { ...other, id: 'third-id', value: 'ct_third_window_0123456789' });
    assert.deepEqual(await operations.signOut(connection), { status: 'savedTokenChanged' });
    assert.deepEqual(consent.asked.at(-1), 'signOut from the other window', 'the modal named the token saved then');
    assert.equal((await connections.savedToken(connection.id))?.id, 'third-id', 'nothing was removed');
    assert.deepEqual(connections.connections().map((c) => c.id), [connection.id], 'nor signed out');

    assert.deepEqual(await operations.signOut(connection), { status: 'signedOut', forgotSavedToken: true });
    assert.equal(await store.savedToken(connection.id), undefined, 'signing out forgets the saved token it named');
  });

  test('rotation: declined at the start creates nothing; a replacement that could not be kept never leads to deleting the old token', async () => {
    const old = tokens().find((t) => t.name === 'Local CLI')!;
    assert.deepEqual(await operations.rotate(connection, old, { name: 'Local CLI 2' }, { delivery: 'clipboard' }), { status: 'declined' });
    assert.equal(writes(), 0);

    consent.delivery = 'secretStorage';
    consent.yes = true; // would delete the old token, if asked
    keyringFails = true;
    const outcome = await operations.rotate(connection, old, { name: 'Local CLI 3' });
    assert.equal(outcome.status, 'notKept');
    assert.ok(!consent.asked.some((a) => a.startsWith('delete')), `not asked to delete: ${consent.asked.join(' / ')}`);
    assert.ok(tokens().some((t) => t.id === old.id), 'the old token still exists');
    assert.equal(emulator.countRequests({ method: 'DELETE' }), 0);
  });
});
