// The demo behind `npm start` (run through scripts/start-demo.sh, which sets up and builds first).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startVSCodeServer, workbenchUrl } from '../test/vscode-host/host.mjs';

const root = resolve(import.meta.dirname, '..');
const version = process.env.CODETHREAT_VSCODE ?? '1.139';
const port = Number(process.env.CODETHREAT_DEMO_PORT ?? 8780);
const theme = process.env.CODETHREAT_THEME ?? 'Default Dark Modern';

/** Starts the emulator as a child process and resolves with its URL (its first output line). */
function startEmulator() {
  const child = spawn(process.execPath, [resolve(root, 'out/emulator/main.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  return new Promise((resolveUrl, reject) => {
    const reader = createInterface({ input: child.stdout });
    reader.on('line', (line) => {
      lines.push(line);
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolveUrl({ child, url: match[1], lines });
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready`)));
  });
}

const emulator = await startEmulator();
const server = await startVSCodeServer({
  version,
  port,
  installExtension: root,
  // A person drives this window: dialogs and notifications must behave as in a normal VS Code.
  smokeTestDriver: false,
  // Machine-scoped, so it goes where a remote window reads such settings ("Remote" settings).
  machineSettings: { 'codethreat.serverUrl': emulator.url },
  userSettings: { 'workbench.startupEditor': 'none', 'workbench.colorTheme': theme },
});
// A fresh folder outside this repository for each run: a folder inside it would make VS Code
// offer to open the parent git repository. stop() removes it.
const workspace = mkdtempSync(join(tmpdir(), 'codethreat-demo-'));

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the VS Code server and the emulator…');
  emulator.child.kill('SIGTERM');
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
emulator.child.on('exit', () => void stop());

await new Promise((r) => setTimeout(r, 300)); // let the emulator finish printing its banner
// The emulator's banner lines about the AppSec platform's demo keys and organizations.
const v1Lines = emulator.lines.filter((line) => /^ {2}(admin key|read-only key|scan-only key|organizations): .*(ct_|personal)/.test(line));
console.log(`
CodeThreat Access Tokens demo — VS Code ${server.vscodeVersion} with the extension installed

  Open in a browser:  ${workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: null })}

  Then open the CodeThreat view in the activity bar, click "Sign In" and pick the server marked
  "from settings" (the emulator at ${emulator.url}): it speaks both CodeThreat APIs.

  The AppSec platform (API v1): choose "API key", paste one of these demo keys, pick "Acme Corp"
  (the admin key can do everything; the others show what a key without a scope cannot do):
${v1Lines.join('\n')}

  The classic API: choose "Username and password" and sign in with:
${emulator.lines.slice(1, 3).join('\n')}

  Colour theme:     ${theme} (set CODETHREAT_THEME to use another)
  Workspace folder: ${workspace} (a fresh empty folder, removed when the demo stops)

Ctrl-C stops everything.`);
