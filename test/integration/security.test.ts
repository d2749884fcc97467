// Where a token may go, where requests may go, and how failures stay harmless: SECURITY.md maps
// each case to the test here that proves it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERNAME, startEmulator } from '../emulator/emulator';
import { filesBelow } from '../support/files';
import { eventually, failingKeyring, useExtensionHarness } from './support/harness';

function fileContains(file: string, values: string[]): string | undefined {
  try {
    if (fs.statSync(file).size > 50 * 1024 * 1024) return undefined;
    const text = fs.readFileSync(file).toString('latin1');
    return values.find((value) => text.includes(value));
  } catch {
    return undefined;
  }
}

async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

suite('Security and reliability', () => {
  const t = useExtensionHarness();

  suite('where a token may go', () => {
    test('canary: no credential or token value reaches logs, settings, state or messages', async () => {
      // As after "Developer: Set Log Level…" → Debug: the one-line-per-request log is written too.
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'debug');
      const { value: pasted } = t.emulator.issueAccessToken(DEMO_USERNAME, 'canary sign-in');
      // Password sign-in, then a pasted-token sign-in, generate (copy and save), list, delete, sign out.
      await t.signInDemo();
      await t.signOut({ forgetSavedToken: true });
      await t.signIn({ token: pasted, username: undefined, password: undefined });
      t.script({ input: 'canary copy' }, { modal: 'Generate, Copy and Save' });
      await vscode.commands.executeCommand('codethreat.tokens.generate');
      await t.generate({ name: 'canary saved', deliver: 'secretStorage' });
      await vscode.commands.executeCommand('codethreat.tokens.refresh');
      const doomed = (await t.tokenNodes()).find((n) => n.token.name === 'canary copy')!;
      t.prompter.script({ modal: 'Delete' });
      await vscode.commands.executeCommand('codethreat.tokens.delete', doomed);
      t.emulator.faults.status(401, { count: 2 });
      await vscode.commands.executeCommand('codethreat.tokens.refresh'); // an error path too
      await t.signOut({ forgetSavedToken: false });

      const secrets = [
        DEMO_PASSWORD,
        pasted,
        ...t.emulator.sessionValues(),
        ...t.emulator.tokensOf(DEMO_USERNAME).filter((r) => r.name.startsWith('canary')).map((r) => r.value),
      ].filter((v) => v.length > 8);
      assert.ok(secrets.length >= 5, 'the canary values are known');

      // 1. Messages: every notification and every modal (no dialog ever shows a value).
      for (const n of t.prompter.notifications) assert.ok(!secrets.some((s) => n.message.includes(s)), `notification leaks: ${n.message}`);
      t.prompter.modals.forEach((m) => assert.ok(!secrets.some((s) => `${m.message}${m.detail}`.includes(s)), 'modal leaks'));
      // 2. globalState / workspaceState.
      const state = JSON.stringify(t.hooks.stateDump());
      assert.ok(!secrets.some((s) => state.includes(s)), 'state leaks');
      // 3. Every log the extension host wrote (the CodeThreat log among them), and settings files.
      const logsRoot = path.dirname(path.dirname(t.hooks.logUri.fsPath));
      const scanned = [...filesBelow(logsRoot)];
      // The offline harness keeps each run's user data under its own TMPDIR.
      if (process.env.TMPDIR) scanned.push(...filesBelow(process.env.TMPDIR).filter((f) => f.endsWith('settings.json')));
      for (const folder of vscode.workspace.workspaceFolders ?? []) scanned.push(...filesBelow(path.join(folder.uri.fsPath, '.vscode')));
      assert.ok(scanned.some((f) => /CodeThreat\.log$/.test(f)), `the CodeThreat log is among the scanned files (${logsRoot})`);
      const codeThreatLog = fs.readFileSync(scanned.find((f) => /CodeThreat\.log$/.test(f))!, 'utf8');
      assert.match(codeThreatLog, /\[debug\] POST \/api\/accesstoken\/add → 200 in \d+ ms/, 'requests are logged at debug level with method, path, status, duration');
      assert.match(codeThreatLog, /\[info\] Created access token /, 'generate is logged at info level');
      for (const file of scanned) {
        const leaked = fileContains(file, secrets);
        assert.equal(leaked, undefined, `${file} contains a secret value`);
      }
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    });

    test('the saved token lives in secret storage only, as the value the server issued', async () => {
      await t.signInDemo();
      await t.generate({ name: 'stored', deliver: 'secretStorage' });
      const record = t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'stored')!;
      const raw = await t.hooks.rawSecrets.get(`codethreat.savedToken:${t.hooks.container.connections.active!.id}`);
      assert.equal(JSON.parse(raw ?? '{}').value, record.value);
      assert.ok(!JSON.stringify(t.hooks.stateDump()).includes(record.value));
    });
  });

  suite('where requests may go', () => {
    test('a workspace cannot set the server URL: its value is ignored and no request reaches it', async () => {
      const decoy = await startEmulator();
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(folder, 'the test host opens a workspace folder');
      const settingsFile = path.join(folder, '.vscode', 'settings.json');
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      const previous = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
      try {
        // editor.tabSize is there to tell when VS Code has read the file: machine-scoped
        // settings from a workspace are dropped before anyone can inspect them.
        const tabSizeRead = new Promise<void>((resolve) => {
          const subscription = vscode.workspace.onDidChangeConfiguration(() => {
            if (vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue !== 7) return;
            subscription.dispose();
            resolve();
          });
        });
        fs.writeFileSync(settingsFile, JSON.stringify({ 'codethreat.serverUrl': decoy.url, 'codethreat.caCertificateFile': 'evil-ca.pem', 'editor.tabSize': 7 }));
        // VS Code reads the file when its watcher reports it: however long that takes on a busy machine.
        await tabSizeRead;
        assert.equal(t.hooks.container.platform.settings.read().serverUrl, undefined, 'machine-scoped: the workspace value is not used');
        assert.equal(vscode.workspace.getConfiguration('codethreat').get('caCertificateFile'), '');
        t.script({ cancel: true });
        await vscode.commands.executeCommand('codethreat.signIn');
        assert.ok(!t.prompter.picks[0].labels.some((l) => l.includes(String(decoy.port))), 'the decoy is not offered');
        assert.equal(decoy.requests.length, 0);
      } finally {
        if (previous === undefined) fs.rmSync(settingsFile);
        else fs.writeFileSync(settingsFile, previous);
        await decoy.close();
      }
    });

    test('plain http:// to another machine asks before a credential is sent', async () => {
      t.script({ modal: undefined, message: /is not encrypted/ });
      const result = await vscode.commands.executeCommand('codethreat.signIn', {
        serverUrl: 'http://codethreat.example.invalid',
        organization: 'acme',
        username: 'someone',
        password: 'secret-password',
      });
      assert.equal(result, undefined);
      assert.deepEqual(t.prompter.modals[0].buttons, ['Send Over HTTP']);
      assert.equal(t.prompter.notifications.length, 0, 'cancelled silently, nothing sent');
    });

    test('a private CA: refused by default, trusted through codethreat.caCertificateFile', async function () {
      this.timeout(60_000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-ca-'));
      const key = path.join(dir, 'key.pem');
      const cert = path.join(dir, 'cert.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const secure = await startEmulator({ tls: { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') } });
      const args = { serverUrl: secure.url, organization: DEMO_ORGANIZATION, username: DEMO_USERNAME, password: DEMO_PASSWORD };
      try {
        assert.equal(await t.signIn(args), undefined);
        assert.match(t.prompter.messages('error')[0], /certificate was not accepted .*codethreat\.caCertificateFile/);
        await setSetting('codethreat', 'caCertificateFile', path.join(dir, 'missing.pem'));
        assert.equal(await t.signIn(args), undefined);
        assert.match(t.prompter.messages('error')[1], /could not be read/);
        await setSetting('codethreat', 'caCertificateFile', cert);
        assert.ok(await t.signIn(args), t.prompter.messages('error').join(' / '));
        assert.equal((await t.tokenNodes()).length, 5);
      } finally {
        await setSetting('codethreat', 'caCertificateFile', undefined);
        await secure.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('requests go through the proxy VS Code is configured with (http.proxy)', async function () {
      this.timeout(30_000);
      const seen: string[] = [];
      const proxy = http.createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        const target = new URL(req.url ?? '');
        const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
      });
      proxy.on('connect', (req, socket) => {
        seen.push(`CONNECT ${req.url}`);
        const [host, port] = (req.url ?? '').split(':');
        const upstream = net.connect(Number(port), host, () => socket.write('HTTP/1.1 200 Connection Established\r\n\r\n'));
        upstream.pipe(socket);
        socket.pipe(upstream);
        upstream.on('error', () => socket.destroy());
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      // The emulator on another loopback address, so that no "bypass localhost" rule applies.
      const behindProxy = await startEmulator({ host: '127.0.0.2' });
      try {
        const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
        await setSetting('http', 'proxy', proxyUrl);
        await eventually(() => vscode.workspace.getConfiguration('http').get('proxy') === proxyUrl, 'the proxy setting');
        await t.signIn({ serverUrl: behindProxy.url });
        assert.ok(seen.some((s) => s.includes('/api/signin')), `the proxy saw the sign-in (saw: ${seen.join(', ') || 'nothing'})`);
      } finally {
        await setSetting('http', 'proxy', undefined);
        proxy.close();
        await behindProxy.close();
      }
    });
  });

  suite('failures stay harmless', () => {
    test('no OS keyring: sign-in says how to fix it, nothing crashes, nothing half-saved', async () => {
      t.hooks.setSecretStore(failingKeyring);
      try {
        assert.equal(await t.signIn(), undefined);
        assert.match(t.prompter.messages('error')[0], /secret storage .*keyring.*--password-store=basic/);
        assert.deepEqual(t.hooks.container.connections.connections(), []);
      } finally {
        t.hooks.setSecretStore(undefined);
      }
    });

    test('no OS keyring when saving a generated token: the value can still be copied', async () => {
      await t.signInDemo();
      await t.tokenNodes();
      t.hooks.setSecretStore(failingKeyring);
      try {
        t.script({ modal: 'Copy to Clipboard', message: /secret storage/ });
        const result = (await t.generate({ name: 'no keyring', deliver: 'secretStorage' })) as { name: string } | undefined;
        assert.equal(result?.name, 'no keyring');
        assert.equal(t.clipboard.text, t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === 'no keyring')!.value);
      } finally {
        t.hooks.setSecretStore(undefined);
      }
    });

    test('a body that trickles in, or one larger than any list, ends with one sentence instead of being waited for or read', async () => {
      await t.signInDemo();
      await setSetting('codethreat', 'requestTimeoutSeconds', 1);
      try {
        t.emulator.faults.trickle({ path: '/api/accesstoken/list' }, { bytesPerChunk: 1, intervalMs: 20 });
        const started = Date.now();
        await vscode.commands.executeCommand('codethreat.tokens.refresh');
        assert.ok(Date.now() - started < 5000, 'ended at the deadline');
        assert.equal(t.prompter.messages('error').length, 1);
        assert.match(t.prompter.messages('error')[0], /^Could not refresh the access tokens\. The CodeThreat server did not send its whole answer in time \(codethreat\.requestTimeoutSeconds is 1\)\.$/);
        await setSetting('codethreat', 'requestTimeoutSeconds', undefined);
        t.emulator.faults.oversized(17 * 1024 * 1024, { path: '/api/accesstoken/list' });
        await vscode.commands.executeCommand('codethreat.tokens.refresh');
        assert.equal(t.prompter.messages('error').length, 2);
        assert.match(t.prompter.messages('error')[1], /^Could not refresh the access tokens\. The CodeThreat server's answer was larger than 16 MB, more than a list of 10,000 tokens takes, so it was not read\.$/);
      } finally {
        await setSetting('codethreat', 'requestTimeoutSeconds', undefined);
      }
    });

    test('a slow server times out with a message instead of hanging', async () => {
      await t.signInDemo();
      await setSetting('codethreat', 'requestTimeoutSeconds', 1);
      try {
        t.emulator.faults.hang({ count: 2 });
        const started = Date.now();
        await vscode.commands.executeCommand('codethreat.tokens.refresh');
        assert.ok(Date.now() - started < 5000);
        assert.match(t.prompter.messages('error')[0], /did not send its whole answer in time \(codethreat\.requestTimeoutSeconds is 1\)\.$/);
      } finally {
        await setSetting('codethreat', 'requestTimeoutSeconds', undefined);
      }
    });

    test('429 on a write tells the user how long to wait; nothing is retried', async () => {
      await t.signInDemo();
      t.emulator.faults.status(429, { retryAfterSeconds: 30, match: { method: 'POST', path: '/api/accesstoken' } });
      await t.generate({ name: 'busy', deliver: 'clipboard' });
      assert.match(t.prompter.messages('error')[0], /too many requests\. Try again in 30 seconds/);
      assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/add' }), 1);
    });

    test('malformed JSON and a proxy’s HTML page are named as such', async () => {
      await t.signInDemo();
      t.emulator.faults.malformedJson({ path: '/api/accesstoken/list' });
      await vscode.commands.executeCommand('codethreat.tokens.refresh');
      assert.match(t.prompter.messages('error')[0], /is not valid JSON/);
      t.emulator.faults.htmlError(502, { path: '/api/accesstoken/list', count: 2 });
      await vscode.commands.executeCommand('codethreat.tokens.refresh');
      assert.match(t.prompter.messages('error')[1], /web page instead of the CodeThreat API/);
    });

    test('a list with unreadable entries shows the rest and says how many were left out', async () => {
      await t.signInDemo();
      t.emulator.faults.status(200, { match: { path: '/api/accesstoken/list' }, body: [{ id: 'a', name: 'fine' }, { name: 'no id' }, 42] });
      await vscode.commands.executeCommand('codethreat.tokens.refresh');
      assert.deepEqual((await t.tokenNodes()).map((n) => n.token.name), ['fine']);
      assert.equal(t.hooks.features.tokens.tree.message, '2 entries from the server could not be read and are not shown.');
      t.emulator.faults.status(200, { match: { path: '/api/accesstoken/list' }, body: { tokens: 'none' } });
      await vscode.commands.executeCommand('codethreat.tokens.refresh');
      assert.match(t.prompter.messages('error').at(-1) ?? '', /could not be read \(tokens\)/);
    });

    test('a token saved in another window shows here (shared secret storage)', async () => {
      await t.signInDemo();
      const id = t.hooks.container.connections.active!.id;
      const target = (await t.tokenNodes()).find((n) => n.token.name === 'Local CLI')!;
      t.emulator.clearRequests();
      await t.hooks.rawSecrets.store(`codethreat.savedToken:${id}`, JSON.stringify({ id: target.token.id, name: 'Local CLI', value: 'ct_from_another_window_value', savedAt: new Date().toISOString() }));
      await eventually(async () => {
        await t.tokenNodes();
        return t.hooks.features.tokens.tree.isSaved(target);
      }, 'the item to be marked saved');
      await t.hooks.rawSecrets.delete(`codethreat.savedToken:${id}`);
      await eventually(async () => {
        await t.tokenNodes();
        return !t.hooks.features.tokens.tree.isSaved(target);
      }, 'the mark to go');
      assert.equal(t.emulator.countRequests({ path: '/api/accesstoken/list' }), 0, 'no reload for a saved-token change');
    });

    test('a sign-in and a sign-out in another window show here', async () => {
      // What another window writes, in the order it writes it: the credential, then the list.
      const session = await fetch(`${t.emulator.url}/api/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: DEMO_USERNAME, client_secret: DEMO_PASSWORD }),
      }).then((r) => r.json() as Promise<{ access_token: string }>);
      const connection = { id: `${t.emulator.url}|${DEMO_ORGANIZATION}`, serverUrl: t.emulator.url, organization: DEMO_ORGANIZATION, username: DEMO_USERNAME, authMethod: 'password' };
      await t.hooks.rawSecrets.store(`codethreat.credential:${connection.id}`, session.access_token);
      await t.hooks.rawSecrets.store('codethreat.connectionList', JSON.stringify([connection]));
      await eventually(() => t.hooks.features.tokens.tree.state !== 'signedOut', 'the connection to show here');
      assert.equal((await t.tokenNodes()).length, 5, 'and its tokens load with the other window’s credential');

      await t.hooks.rawSecrets.store('codethreat.connectionList', JSON.stringify([]));
      await t.hooks.rawSecrets.delete(`codethreat.credential:${connection.id}`);
      await eventually(() => t.hooks.features.tokens.tree.state === 'signedOut', 'the sign-out to show here');
    });
  });

  suite('every command, every argument form, every question answered no', () => {
    /** VS Code's own commands for the view (`codethreat.tokens.focus`, …): not the extension's. */
    const VIEW_COMMAND = /^codethreat\.[^.]+\.(focus|open|resetViewLocation|toggleVisibility|removeView)$/;

    // The matrix the hostile neighbour runs in the browser (test/browser/hostileNeighbour.test.ts,
    // once per guarantee), here for both VS Code versions in seconds: the same argument forms,
    // every prompt cancelled.
    test('nothing is created, revealed, destroyed or signed out, and nothing reaches another server', async () => {
      const attacker = await startEmulator();
      try {
        await t.signInDemo();
        await t.generate({ name: 'Saved by the user', deliver: 'secretStorage' });
        const connectionId = t.hooks.container.connections.active!.id;
        const savedBefore = (await t.hooks.container.connections.savedToken(connectionId))?.value;
        const tokens = t.emulator.tokensOf(DEMO_USERNAME);
        const credentials = () => [...t.emulator.tokensOf(DEMO_USERNAME).map((r) => r.value), ...t.emulator.sessionValues()];
        const attackerToken = attacker.issueAccessToken(DEMO_USERNAME, 'attacker').value;
        const target = tokens[0];
        const forms: [string, unknown][] = [
          ['no arguments', undefined],
          ['{}', {}],
          ...['clipboard', 'secretStorage', 'both'].map((deliver): [string, unknown] => [`{name, deliver: ${deliver}}`, { name: `unwanted ${deliver}`, deliver }]),
          ['{id, deliver, deleteOld}', { id: target.id, deliver: 'clipboard', deleteOld: true }],
          ['{id, connectionId, name, deliver, deleteOld}', { id: target.id, connectionId, name: 'unwanted rotation', deliver: 'clipboard', deleteOld: true }],
          ['token node', { type: 'token', connectionId, token: { id: target.id, name: target.name } }],
          ['connection node', { type: 'connection', connectionId }],
          ['{connectionId, forgetSavedToken}', { connectionId, forgetSavedToken: true }],
          ["the attacker's {serverUrl, organization, token}", { serverUrl: attacker.url, organization: DEMO_ORGANIZATION, token: attackerToken }],
          ['{key}', { key: 'environment:CODETHREAT_SECRET' }],
        ];
        const commands = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('codethreat.') && !VIEW_COMMAND.test(id));
        assert.ok(commands.length > 15, `the extension's commands: ${commands.join(', ')}`);
        t.emulator.clearRequests();
        const found: string[] = [];
        for (const command of commands) {
          for (const [label, args] of forms) {
            // Every question is answered no: a cancelled modal, an escaped pick or input box.
            t.script(...Array.from({ length: 20 }, () => ({ cancel: true }) as const));
            const result = await Promise.resolve(args === undefined ? vscode.commands.executeCommand(command) : vscode.commands.executeCommand(command, args)).catch(
              (error: unknown) => `rejected: ${String(error)}`,
            );
            const text = JSON.stringify(result ?? null);
            if (credentials().some((value) => text.includes(value))) found.push(`${command} ${label} returned a credential`);
            if (t.clipboard.writes > 0) found.push(`${command} ${label} wrote to the clipboard`);
            if (!t.hooks.container.connections.find(connectionId)) found.push(`${command} ${label} signed the user out`);
            if (t.hooks.container.connections.connections().some((c) => c.serverUrl === attacker.url)) found.push(`${command} ${label} saved a connection to another server`);
          }
        }
        assert.deepEqual(found, []);
        assert.equal(t.emulator.countRequests({ method: 'POST', path: '/api/accesstoken/add' }), 0, 'no token created');
        assert.equal(t.emulator.countRequests({ method: 'DELETE' }), 0, 'no token deleted');
        assert.deepEqual(
          t.emulator.tokensOf(DEMO_USERNAME).map((r) => r.id),
          tokens.map((r) => r.id),
        );
        assert.equal((await t.hooks.container.connections.savedToken(connectionId))?.value, savedBefore, 'the saved token is still saved');
        assert.equal(attacker.requests.length, 0, 'nothing reached the other server');
        // Whatever was asked was asked in a modal or a picker the user could say no to.
        t.prompter.surprises.length = 0;
      } finally {
        await attacker.close();
      }
    });
  });

  suite('concurrency', () => {
    test('a double-click on Delete sends one request', async () => {
      await t.signInDemo();
      const node = (await t.tokenNodes())[0];
      t.emulator.faults.latency(100, { method: 'DELETE' });
      t.script({ modal: 'Delete' });
      const [first, second] = await Promise.all([
        vscode.commands.executeCommand('codethreat.tokens.delete', node),
        vscode.commands.executeCommand('codethreat.tokens.delete', node),
      ]);
      // Which of the two clicks wins is VS Code's to decide; one of them deletes, the other does nothing.
      assert.equal([first, second].filter(Boolean).length, 1, JSON.stringify([first, second]));
      assert.equal(t.emulator.countRequests({ method: 'DELETE' }), 1);
    });
  });
});
