// Runs the extension's integration tests inside a real VS Code Node extension host.
//
//   node test/vscode-host/run-tests.mjs --vscode 1.100|1.139 [--extension <dir>]
//        [--tests <out/test/integration/index.js>] [--workspace <dir>] [--locale <lang>]
//
// It starts the VS Code server of that version (see host.mjs) and opens the workbench in headless
// Chromium with `extensionDevelopmentPath`/`extensionTestsPath` in the URL payload, the contract
// @vscode/test-electron uses too. The extension host's console (mocha's reporter included) is
// printed here. Exit code: 0 when the test module's run() resolved; non-zero for failing tests, a
// test module that failed to load, a crashed server or page, or a timeout (TEST_TIMEOUT_MS,
// default 600000). The extension host inherits this process's environment, so any variable set
// here reaches the tests. Defaults: --extension is out/test (the extension built from its test
// entry point, see scripts/build.mjs), --tests is out/test/integration/index.js,
// --workspace is a new empty folder for this run.
// --locale <lang> (e.g. tr) runs VS Code in that display language: the server gets `--locale` and
// an empty language pack for it (see host.mjs), the browser that locale, so `vscode.env.language`
// is <lang> and extensions load their `bundle.l10n.<lang>.json` and `package.nls.<lang>.json`;
// VS Code's own UI stays English. Default: none (English).
// VERBOSE=1 also prints the server's output and the page's console; KEEP_TMP=1 keeps the run's
// temporary folder (user data, logs).
import { mkdirSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { startVSCodeServer, workbenchUrl, launchChromium, trustAuthenticationAccess, VSCODE_VERSIONS } from './host.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[run-tests +${elapsed()}] ${msg}`);

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      vscode: { type: 'string' },
      extension: { type: 'string' },
      'also-extension': { type: 'string', multiple: true },
      tests: { type: 'string' },
      workspace: { type: 'string' },
      locale: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  console.error(`[run-tests] ${e.message}`);
  process.exit(2);
}
if (opts.help || !VSCODE_VERSIONS.includes(opts.vscode)) {
  console.error(
    `usage: node run-tests.mjs --vscode ${VSCODE_VERSIONS.join('|')} [--extension <dir>] [--also-extension <dir>]… [--tests <index.js>] [--workspace <dir>] [--locale <lang>]`,
  );
  process.exit(opts.help ? 0 : 2);
}
const extensionPath = resolve(opts.extension ?? join(repoRoot, 'out', 'test'));
// Extensions loaded next to the one under test, e.g. a consumer of its API. Default: every
// test/fixtures/<name>/ folder with a package.json. They are registered as installed extensions:
// the web workbench takes a single development path from the URL payload.
const fixturesDir = join(repoRoot, 'test', 'fixtures');
const alsoExtensions = (
  opts['also-extension'] ??
  (existsSync(fixturesDir) ? readdirSync(fixturesDir).map((name) => join(fixturesDir, name)).filter((dir) => existsSync(join(dir, 'package.json'))) : [])
).map((dir) => resolve(dir));
const testsPath = resolve(opts.tests ?? join(repoRoot, 'out', 'test', 'integration', 'index.js'));
if (!existsSync(testsPath)) {
  console.error(`[run-tests] test module not found: ${testsPath} (build it: node scripts/build.mjs --tests)`);
  process.exit(2);
}
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 600000);
const verbose = process.env.VERBOSE === '1';

// The workbench sends its own log to codeAutomationLog too, mixed with the extension host's
// console. These routine messages of the workbench are left out unless VERBOSE=1.
const CHATTER = [
  /^Resolving connection token \(/,
  /^Resolved connection token \(/,
  /^Creating a socket \(renderer-/,
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^Updating additional builtin extensions cache$/,
  /^ChatSessionStore: /,
  /^\[(ChatModelSelection|AgentHost:remote|reconnection-grace-time|AccountPolicyGate)\] /,
];
function isWorkbenchChatter(type, text) {
  // a cancelled request of the workbench's own, when the window closes
  if (type === 'error' && /^Canceled: Canceled: Canceled\n/.test(text)) return true;
  // code-server's service worker script, which the plain VS Code server does not serve
  if (type === 'error' && /^\[Service Worker\] registration .*serviceWorker\.js'\): A bad HTTP response code \(404\)/.test(text)) return true;
  // with --locale: the workbench asks the extension gallery, which there is none of, for the
  // translations of built-in extensions
  if (opts.locale && type === 'error' && /^No extension gallery service configured\./.test(text)) return true;
  return type !== 'error' && CHATTER.some((re) => re.test(text));
}

let server;
let browser;
let exitCode = 1;
try {
  // VS Code's own GitHub sign-in would reach github.com: a fixture (test/fixtures/github-auth)
  // registers the `github` and `github-enterprise` providers against the tests' GitHub imitation.
  server = await startVSCodeServer({
    version: opts.vscode,
    extensionPath,
    installExtension: alsoExtensions,
    locale: opts.locale,
    withoutBuiltinExtensions: ['github-authentication'],
  });
  console.log(
    `=== VS Code ${server.vscodeVersion}${opts.locale ? ` (display language ${opts.locale})` : ''} (server and extension host on Node ${server.nodeVersion}) — ${testsPath}`,
  );
  const workspace = resolve(opts.workspace ?? join(server.tmpDir, 'workspace'));
  mkdirSync(workspace, { recursive: true });
  log(`server up at ${server.url}, workspace ${workspace}`);

  browser = await launchChromium();
  const page = await browser.newPage(opts.locale ? { locale: opts.locale } : {});
  let timer;
  const finished = new Promise((res, rej) => {
    // The workbench calls these (smoke-test driver hooks) with the extension host's console
    // output and, once the test module's run() settled, with the exit code.
    page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (verbose || !isWorkbenchChatter(type, text)) console.log(text);
    });
    page.exposeFunction('codeAutomationExit', (code) => res(code));
    page.on('crash', () => rej(new Error('the workbench page crashed')));
    server.process.once('exit', (code, signal) =>
      rej(new Error(`the VS Code server exited (${signal ?? code}):\n${server.output().slice(-4000)}`)),
    );
    timer = setTimeout(() => rej(new Error(`timed out after ${timeoutMs} ms (TEST_TIMEOUT_MS)`)), timeoutMs);
  });
  page.on('pageerror', (e) => console.error(`[pageerror] ${e.message}`));
  if (verbose) page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
  // What a user's "Allow" in VS Code's sign-in consent dialog would record for these extensions:
  // the smoke-test driver refuses that dialog, and the tests cannot click it.
  const extensionIds = [extensionPath, ...alsoExtensions].map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return `${manifest.publisher}.${manifest.name}`.toLowerCase();
  });
  // The same for this extension's GitHub sign-in (the fixture's providers): the browser test
  // answers VS Code's dialog for that one.
  await trustAuthenticationAccess(page, { codethreat: extensionIds, github: extensionIds.slice(0, 1), 'github-enterprise': extensionIds.slice(0, 1) }, extensionIds);
  await page.goto(workbenchUrl(server, { folder: workspace, extensionTestsPath: testsPath }));
  try {
    const code = await finished;
    exitCode = typeof code === 'number' ? code : 1;
  } finally {
    clearTimeout(timer);
  }
} catch (e) {
  console.error(`[run-tests] error: ${e?.stack ?? e}`);
  exitCode = 1;
} finally {
  try {
    await browser?.close();
  } catch {
    /* already gone */
  }
  await server?.close();
}
log(`VS Code ${server?.vscodeVersion ?? opts.vscode}: ${exitCode === 0 ? 'PASSED' : `FAILED (exit code ${exitCode})`}`);
process.exit(exitCode === 0 ? 0 : exitCode || 1);
