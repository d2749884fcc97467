// Benchmarks of the extension in a real VS Code extension host, against the CodeThreat emulator.
//
//   npm run bench [-- --quick] [--vscode 1.139|1.100] [--hosts N] [--json <file>] [--profile <file>]
//
// Every figure is compared with a baseline measured in the same run (the machine may be shared and
// noisy), so what matters are the ratios:
//   activation  activate() of the production bundle (dist/extension.js, minified, as the VSIX ships
//               it) vs an empty extension (bench/fixtures/empty-extension), in N fresh hosts (5; 3
//               with --quick); nothing may have activated either before
//   size        dist/extension.js + dist/axios.js (minified) and the VSIX, and the largest modules
//   refresh     model.refresh() + getChildren() + getTreeItem() per node, vs http.get + JSON.parse
//               of the same list from the same host, alternated; 100, 1,000 and 10,000 tokens; and
//               for 10,000 the same when the list changed on the server since the last refresh; also
//               the CPU time of the extension host's main thread for each (the extension's own work,
//               without the server's time: steadier than wall-clock time on a busy machine)
//               and the same for a list of 10,000 AppSec platform (API v1) keys, whose answer always
//               differs a little from the last one (it shows the calling key's new last use); that
//               list comes in pages as the platform documents them (100 pages of 100, the pages after
//               the first 4 at a time), and its raw fetch asks for the same pages the same way
//   round trips requests the emulator sees for refresh, 10 concurrent refreshes, generate, delete
//   memory      extension-host heap over repeated refreshes of 10,000 tokens (gc() forced)
// Refresh, round trips and memory run in one more host, the list host, which loads the extension
// built from the integration tests' entry point (the same composition root, plus the `testing`
// hooks; `scripts/build.mjs --bench` builds it into out/bench/extension/): production code has no
// test seam. Exit code: 0 when the benchmark ran; 1 when it broke (a host failed, a step threw,
// data missing). A missed target is printed as ✘ but does not fail the run. --quick (CI) does fewer
// repetitions, packages alongside the list host and runs the activation hosts side by side: its
// timings only show that the benchmark works.
// --profile writes a CPU profile (.cpuprofile, for Chrome DevTools) of refreshes of 10,000 tokens
// whose list changed before each, and prints where their time goes (the list host's build is not
// minified: readable names).
// VERBOSE=1 prints the extension host's console; KEEP_TMP=1 keeps the staged files and host logs.
import { spawn, spawnSync } from 'node:child_process';
import { SourceMap } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, parseArgs } from 'node:util';
import { launchChromium, startVSCodeServer, workbenchUrl, VSCODE_VERSIONS } from '../test/vscode-host/host.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION_ID = 'codethreat.codethreat-access-tokens';
const EMPTY_ID = 'codethreat-bench.empty-extension';
const KB = 1024;
// bundleKB was 150 for the first version (138 KB). The AppSec platform dialect, the imports from
// the CLIs' files, the terminal and the consent dialogs added 41 KB of sources; what the budget
// protects, the cost of activation, is measured directly above and stays within its 20 ms.
const TARGETS = { activationMs: 20, bundleKB: 185, vsixKB: 250, refreshRatio: 1.1, changedRatio: 1.3, heapGrowthMB: 1 };

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      vscode: { type: 'string', default: '1.139' },
      hosts: { type: 'string' },
      json: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  console.error(`[bench] ${e.message}`);
  process.exit(2);
}
if (opts.help || !VSCODE_VERSIONS.includes(opts.vscode)) {
  console.error(`usage: npm run bench -- [--quick] [--vscode ${VSCODE_VERSIONS.join('|')}] [--hosts N] [--json <file>] [--profile <file>]`);
  process.exit(opts.help ? 0 : 2);
}
const quick = opts.quick;
const hostCount = Number(opts.hosts ?? (quick ? 3 : 5));
if (!Number.isInteger(hostCount) || hostCount < 1) {
  console.error('[bench] --hosts must be a whole number ≥ 1');
  process.exit(2);
}
const verbose = process.env.VERBOSE === '1';
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const progress = (msg) => console.log(`[bench +${elapsed()}] ${msg}`);
/** Problems that make the benchmark itself broken (exit code 1). */
const broken = [];

// ----------------------------------------------------------------------------------------------
// Statistics and formatting

const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms = (x) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const mark = (ok) => (ok ? '✔' : '✘');
/** "extension / raw" CPU medians of a refresh sample (absent in results of older benchmarks). */
const cpuPair = (extension, raw) => (extension?.length && raw?.length ? `${ms(median(extension))} / ${ms(median(raw))}` : '');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** Every file under `dir` whose name matches `pattern`. */
function findFiles(dir, pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(path, pattern);
    return pattern.test(entry.name) ? [path] : [];
  });
}

// ----------------------------------------------------------------------------------------------
// 1. Size, and the builds everything else runs from

function runAsync(command, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolvePromise(output) : reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${output}`)),
    );
  });
}

/** `npm run package`, and the size of the VSIX it writes. */
async function packageVsix() {
  await runAsync('npm', ['run', '--silent', 'package']);
  return statSync(join(REPO, 'codethreat-access-tokens.vsix')).size;
}

/**
 * The production bundle with its metafile (what the VSIX ships), plus the benchmark's own entry
 * points and the list host's extension (out/bench/).
 */
function measureBundle() {
  progress('building (--production --metafile --bench)');
  run('node', ['scripts/build.mjs', '--production', '--metafile', '--bench']);
  const bundleBytes = statSync(join(REPO, 'dist', 'extension.js')).size;
  // axios is a second file, loaded on the first request (see scripts/build.mjs).
  const axiosBytes = statSync(join(REPO, 'dist', 'axios.js')).size;
  // libsodium is a third, loaded only when a key is stored as a GitHub Actions secret.
  const sodiumBytes = statSync(join(REPO, 'dist', 'sodium.js')).size;
  const meta = JSON.parse(readFileSync(join(REPO, 'dist', 'meta.json'), 'utf8'));
  const axiosMeta = JSON.parse(readFileSync(join(REPO, 'dist', 'axios-meta.json'), 'utf8'));
  const inputs = [
    ...Object.entries(meta.outputs['dist/extension.js'].inputs),
    ...Object.entries(axiosMeta.outputs['dist/axios.js'].inputs),
  ].map(([path, v]) => ({ path, bytes: v.bytesInOutput }));
  const largest = [...inputs].sort((a, b) => b.bytes - a.bytes).slice(0, 8);
  const packages = new Map();
  for (const { path, bytes } of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m ? m[1] : 'extension sources';
    packages.set(key, (packages.get(key) ?? 0) + bytes);
  }
  return { bundleBytes, axiosBytes, sodiumBytes, largest, packages: [...packages].sort((a, b) => b[1] - a[1]) };
}

/**
 * Copies what the hosts load (the shipped files of the extension, the list host's build of it, the
 * benchmark module, the empty extension) to a folder of this run, so that rebuilds in the checkout
 * cannot change them mid-run.
 */
function stage() {
  const dir = mkdtempSync(join(tmpdir(), 'codethreat-bench-'));
  const extension = join(dir, 'extension');
  mkdirSync(join(extension, 'dist'), { recursive: true });
  for (const name of readdirSync(REPO)) {
    if (/^(package\.json|package\.nls.*\.json|README\.md|CHANGELOG\.md|LICENSE)$/.test(name)) cpSync(join(REPO, name), join(extension, name));
  }
  for (const file of ['extension.js', 'extension.js.map', 'axios.js', 'axios.js.map']) {
    if (existsSync(join(REPO, 'dist', file))) cpSync(join(REPO, 'dist', file), join(extension, 'dist', file));
  }
  for (const folder of ['media', 'l10n']) {
    if (existsSync(join(REPO, folder))) cpSync(join(REPO, folder), join(extension, folder), { recursive: true });
  }
  cpSync(join(REPO, 'out', 'bench'), join(dir, 'bench'), { recursive: true });
  cpSync(join(REPO, 'bench', 'fixtures', 'empty-extension'), join(dir, 'empty-extension'), { recursive: true });
  return {
    dir,
    extension,
    listsExtension: join(dir, 'bench', 'extension'),
    benchModule: join(dir, 'bench', 'inHost', 'index.js'),
    emptyExtension: join(dir, 'empty-extension'),
    emulator: join(dir, 'bench', 'emulator.js'),
  };
}

// ----------------------------------------------------------------------------------------------
// 2. Hosts

/** Lines of the extension host logs that record an activation of `id`. */
function activationLines(logsDir, id) {
  const lines = [];
  for (const file of findFiles(logsDir, /exthost.*\.log$/)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.includes(`ExtensionService#_doActivateExtension ${id},`)) lines.push(line.replace(/^.*ExtensionService#_doActivateExtension /, ''));
    }
  }
  return lines;
}

/** `role` 'lists' (index 0): the list benchmarks in the list host's build; 'activation': the production bundle. */
async function runHost(browser, staged, index, emu, role) {
  const outFile = join(staged.dir, `result-${index}.json`);
  const name = role === 'lists' ? 'list host' : `host ${index}`;
  const config = {
    outFile,
    quick,
    role,
    firstActivated: index % 2 === 1 ? 'extension' : 'empty',
    emulatorUrl: emu.emulator.url,
    controlUrl: emu.controlUrl,
    settleMs: quick ? 500 : 4000,
    profileFile: role === 'lists' && opts.profile ? resolve(opts.profile) : undefined,
  };
  const server = await startVSCodeServer({
    version: opts.vscode,
    extensionPath: role === 'lists' ? staged.listsExtension : staged.extension,
    installExtension: staged.emptyExtension,
    env: { CODETHREAT_BENCH_CONFIG: JSON.stringify(config) },
  });
  const workspace = join(server.tmpDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleLines = [];
  const timeoutMs = quick ? 90_000 : 600_000;
  let timer;
  try {
    const finished = new Promise((res, rej) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = format(...(Array.isArray(args) ? args : [args]));
        consoleLines.push(text);
        if (verbose || text.startsWith('[bench]')) console.log(`  ${name}: ${text}`);
      });
      page.exposeFunction('codeAutomationExit', (code) => res(code));
      page.on('crash', () => rej(new Error('the workbench page crashed')));
      server.process.once('exit', (code, signal) => rej(new Error(`the VS Code server exited (${signal ?? code})`)));
      timer = setTimeout(() => rej(new Error(`${name} timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    await page.goto(workbenchUrl(server, { folder: workspace, extensionTestsPath: staged.benchModule }));
    const code = await finished;
    const result = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : undefined;
    if (!result) throw new Error(`${name} wrote no result (exit code ${code})\n${consoleLines.slice(-30).join('\n')}`);
    for (const error of result.errors) broken.push(`${name}: ${error}`);
    if (code !== 0 && !result.errors.length) broken.push(`${name}: the benchmark module exited with ${code}`);
    result.activationLog = { extension: activationLines(server.logsDir, EXTENSION_ID), empty: activationLines(server.logsDir, EMPTY_ID) };
    result.vscodeFull = server.vscodeVersion;
    result.serverNode = server.nodeVersion;
    return result;
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => undefined);
    await server.close();
  }
}

/** The functions with the most self time in a CPU profile, located in the sources through the bundle's source map. */
function summarizeProfile(file, bundleMap) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const map = existsSync(bundleMap) ? new SourceMap(JSON.parse(readFileSync(bundleMap, 'utf8'))) : undefined;
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples?.length ?? 1) / 1000;
  const byFunction = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const selfMs = (node.hitCount ?? 0) * interval;
    total += selfMs;
    let where = url ? url.replace(/^.*\/(node_modules\/)?/, '') : '';
    if (map && /\/extension\/extension\.js$/.test(url)) {
      const entry = map.findEntry(lineNumber, columnNumber);
      if (entry?.originalSource) where = `${entry.originalSource.replace(/^.*?(src\/|node_modules\/)/, '$1')}:${entry.originalLine + 1}`;
    }
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + selfMs);
  }
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 18);
  return [`  CPU profile of 20 refreshes of 10,000 tokens, the list changed before each (${total.toFixed(0)} ms sampled) → ${file}; most self time:`, ...top.map(([k, v]) => `    ${v.toFixed(1).padStart(7)} ms ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)];
}

// ----------------------------------------------------------------------------------------------
// 3. Report

function report(size, listHost, hosts) {
  const rows = [];
  const row = (area, what, measured, target, ok) => rows.push({ area, what, measured, target, ok });
  const head = listHost ?? hosts[0];
  const out = [];
  out.push('');
  out.push(
    `CodeThreat Access Tokens — benchmarks, ${quick ? 'QUICK mode (timings are not meaningful)' : 'full run'}: VS Code ${head?.vscodeFull ?? opts.vscode}, ` +
      `extension host on Node ${head?.serverNode ?? '?'}, ${hosts.length} activation host(s)${listHost ? ' + the list host' : ''}, ${new Date().toISOString().slice(0, 16)}Z`,
  );

  // Activation
  const act = hosts.map((h) => h.activation).filter(Boolean);
  if (act.length) {
    const ext = median(act.map((a) => a.extensionMs));
    const empty = median(act.map((a) => a.emptyMs));
    const untouched = hosts.every(
      (h) => h.activation && !h.activation.activeBefore.extension && !h.activation.activeBefore.empty && /activationEvent: 'api'/.test(h.activationLog.extension[0] ?? ''),
    );
    row('Activation', `activate(), median of ${act.length} hosts`, `${ms(ext)} ms vs empty ext ${ms(empty)} ms (${(ext / empty).toFixed(1)}×, +${ms(ext - empty)} ms)`, `≤ ${TARGETS.activationMs} ms`, ext <= TARGETS.activationMs);
    row('', 'nothing activates it before', untouched ? `first activation: ${hosts[0].activationLog.extension[0]?.replace(/^[^,]+, /, '').replace(/, root cause: .*$/, '')}` : `activated early: ${hosts.map((h) => h.activationLog?.extension[0] ?? '?').join(' / ')}`, "event 'api'", untouched);
    out.push(
      `  activation per host (ms, extension/empty): ${act.map((a) => `${ms(a.extensionMs)}/${ms(a.emptyMs)}${a.firstActivated === 'empty' ? '*' : ''}`).join('  ')}   (* empty one first)`,
    );
  }

  // Size
  if (size) {
    row(
      'Size',
      'dist/extension.js + dist/axios.js (minified)',
      `${kb(size.bundleBytes + size.axiosBytes)} (${kb(size.bundleBytes)} loaded at activation + ${kb(size.axiosBytes)} at the first request)`,
      `≤ ${TARGETS.bundleKB} KB`,
      size.bundleBytes + size.axiosBytes <= TARGETS.bundleKB * KB,
    );
    row('', 'dist/sodium.js (minified)', `${kb(size.sodiumBytes)}, loaded only by Generate Key for GitHub Actions`, 'report', undefined);
    if (size.vsixBytes !== undefined) row('', 'codethreat-access-tokens.vsix', kb(size.vsixBytes), `≤ ${TARGETS.vsixKB} KB`, size.vsixBytes <= TARGETS.vsixKB * KB);
  }

  // Refresh at scale
  const allRefresh = head?.refresh;
  const refresh = allRefresh?.filter((s) => (s.dialect ?? 'classic') === 'classic');
  const appsec = allRefresh?.find((s) => s.dialect === 'appsec');
  if (refresh) {
    for (const s of refresh) {
      const ext = median(s.extensionMs);
      const raw = median(s.rawMs);
      const ratio = ext / raw;
      const isTarget = s.size === 10000;
      row(
        s.size === refresh[0].size ? 'Refresh' : '',
        `${s.size.toLocaleString('en')} tokens, vs raw http.get+JSON.parse`,
        `${ms(ext)} ms vs ${ms(raw)} ms = ${ratio.toFixed(2)}×`,
        isTarget ? `≤ ${TARGETS.refreshRatio}×` : 'report',
        isTarget ? ratio <= TARGETS.refreshRatio : undefined,
      );
    }
    const changed = refresh.find((s) => s.size === 10000 && s.changedMs?.length);
    if (changed) {
      const ratio = median(changed.changedMs) / median(changed.rawMs);
      row(
        '',
        '10,000 tokens, list changed since the last refresh',
        `${ms(median(changed.changedMs))} ms vs ${ms(median(changed.rawMs))} ms = ${ratio.toFixed(2)}×`,
        `≤ ${TARGETS.changedRatio}×`,
        ratio <= TARGETS.changedRatio,
      );
    }
    if (appsec) {
      const raw = median(appsec.rawMs);
      // The platform records every use of a key, the list call's own included: no v1 answer repeats
      // the last one, so both v1 cases are changed lists, held to the changed-list target.
      for (const [what, samples] of [
        ["own key's last use changed", appsec.extensionMs],
        ['a key replaced too', appsec.changedMs],
      ]) {
        const ratio = median(samples) / raw;
        const paged = appsec.pages ? `, ${appsec.pages} pages of 100` : '';
        row('', `10,000 AppSec keys (v1${paged}), ${what}`, `${ms(median(samples))} ms vs ${ms(raw)} ms (raw paged fetch) = ${ratio.toFixed(2)}×`, `≤ ${TARGETS.changedRatio}×`, ratio <= TARGETS.changedRatio);
      }
    }
    const cpu = refresh.find((s) => s.size === 10000 && s.extensionCpuMs?.length);
    if (cpu) {
      const ratio = (key) => median(cpu[key]) / median(cpu.rawCpuMs);
      row(
        '',
        '10,000 tokens, extension-host main-thread CPU',
        `${ms(median(cpu.extensionCpuMs))} ms (${ratio('extensionCpuMs').toFixed(2)}×), changed ${ms(median(cpu.changedCpuMs))} ms (${ratio('changedCpuMs').toFixed(2)}×) vs raw ${ms(median(cpu.rawCpuMs))} ms`,
        'report',
        undefined,
      );
    }
    const at = (n) => refresh.find((s) => s.size === n);
    const [small, mid, large] = [at(100), at(1000), at(10000)];
    if (small && mid && large) {
      const [t1, t2, t3] = [small, mid, large].map((s) => median(s.extensionMs));
      const exponent = Math.log(t3 / t1) / Math.log(large.size / small.size);
      const marginalLow = ((t2 - t1) / (mid.size - small.size)) * 1000;
      const marginalHigh = ((t3 - t2) / (large.size - mid.size)) * 1000;
      row(
        '',
        'growth 100 → 10,000 (per item)',
        `${((t1 / 100) * 1000).toFixed(1)} → ${((t3 / 10000) * 1000).toFixed(1)} µs/item; marginal ${marginalLow.toFixed(1)} → ${marginalHigh.toFixed(1)} µs/item`,
        'linear',
        // A quadratic step would multiply the marginal cost by ~10; noise stays well below 2×.
        marginalHigh <= 2 * marginalLow + 2,
      );
      out.push(`  refresh growth: time ∝ n^${exponent.toFixed(2)} from 100 to 10,000 (fixed costs dominate at 100); marginal cost per item 100→1k vs 1k→10k shows linearity`);
    }
    out.push('  refresh detail (medians, ms):   size   extension = refresh part + tree part   raw    axios client alone   main-thread CPU: extension / raw');
    for (const s of allRefresh) {
      out.push(
        `                             ${s.dialect === 'appsec' ? ' v1' : '   '} ${String(s.size).padStart(6)}   ${ms(median(s.extensionMs)).padStart(9)} = ${ms(median(s.refreshPartMs)).padStart(7)} + ${ms(median(s.treePartMs)).padStart(7)}        ${ms(median(s.rawMs)).padStart(6)}   ${(s.clientMs.length ? ms(median(s.clientMs)) : '—').padStart(6)}               ${cpuPair(s.extensionCpuMs, s.rawCpuMs)}   (${s.extensionMs.length} alternated runs)`,
      );
      if (s.changedMs?.length && s.changedRefreshPartMs?.length) {
        out.push(
          `                     ${s.dialect === 'appsec' ? 'v1 ' : '   '}changed ${String(s.size).padStart(6)}   ${ms(median(s.changedMs)).padStart(9)} = ${ms(median(s.changedRefreshPartMs)).padStart(7)} + ${ms(median(s.changedTreePartMs)).padStart(7)}                                 ${cpuPair(s.changedCpuMs, s.rawCpuMs)}`,
        );
      }
    }
  }

  // Round trips
  for (const [i, r] of (head?.roundTrips ?? []).entries()) {
    const summary = r.requests.length ? r.requests.map((q) => q.replace(/ \d+$/, '').replace('/api/accesstoken', '')).join(', ') : 'none';
    row(i === 0 ? 'Round trips' : '', r.name, `${r.requests.length} request(s): ${summary}${r.note ? `; ${r.note}` : ''}`, r.expected, r.ok);
  }

  // Memory
  const mem = head?.memory;
  if (mem) {
    const n = Math.min(10, Math.floor(mem.heapUsedMB.length / 3));
    const first = mean(mem.heapUsedMB.slice(0, n));
    const last = mean(mem.heapUsedMB.slice(-n));
    const span = mem.heapUsedMB.length - n;
    const growth = last - first;
    row(
      'Memory',
      `heap over ${mem.refreshes} refreshes of ${mem.tokens.toLocaleString('en')}${mem.gcForced ? ' (gc forced)' : ' (no gc())'}`,
      `${first.toFixed(1)} → ${last.toFixed(1)} MB (first/last ${n}), ${growth >= 0 ? '+' : ''}${((growth * 1024) / span).toFixed(1)} KB/refresh; list held: ${(first - mem.heapBeforeListMB).toFixed(1)} MB`,
      `≤ +${TARGETS.heapGrowthMB} MB`,
      growth <= TARGETS.heapGrowthMB,
    );
  }

  const widths = ['area', 'what', 'measured', 'target'].map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells, ok) => `${cells.map((c, i) => String(c).padEnd(widths[i])).join(' │ ')} │ ${ok === undefined ? ' ' : mark(ok)}`;
  const table = [line(['', 'benchmark', 'measured', 'target'], undefined), widths.map((w) => '─'.repeat(w)).join('─┼─') + '─┼──'];
  for (const r of rows) table.push(line([r.area, r.what, r.measured, r.target], r.ok));
  if (size) {
    out.push(`  largest modules in dist/*.js: ${size.largest.map((m) => `${m.path.replace(/^.*node_modules\//, '')} ${kb(m.bytes)}`).join(', ')}`);
    out.push(`  by package: ${size.packages.slice(0, 8).map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
  }
  console.log([out[0], out[1], '', ...table, '', ...out.slice(2)].join('\n'));
  const checked = rows.filter((r) => r.ok !== undefined);
  console.log(`\n${checked.filter((r) => r.ok).length}/${checked.length} targets met${quick ? ' (quick mode: timing targets are indicative only)' : ''}.`);
  return rows;
}

// ----------------------------------------------------------------------------------------------

let size;
let staged;
let emu;
let browser;
let listHost;
const hosts = [];
let profileSummary;
try {
  let packaging;
  if (quick) {
    // CI: the hosts load a staged copy of the builds, so packaging can run alongside them.
    size = measureBundle();
    staged = stage();
    packaging = packageVsix();
    packaging.catch(() => undefined);
  } else {
    // Full run: nothing else may compete with the measurements.
    progress('packaging (npm run package)');
    const vsixBytes = await packageVsix();
    size = { ...measureBundle(), vsixBytes };
    staged = stage();
  }
  const { startBenchEmulator } = await import(pathToFileURL(staged.emulator).href);
  emu = await startBenchEmulator();
  browser = await launchChromium();
  // Host 0 is the list host; hosts 1…N time activation of the production bundle.
  const host = async (i) => {
    const role = i === 0 ? 'lists' : 'activation';
    progress(i === 0 ? `list host: VS Code ${opts.vscode} (refresh, memory, round trips)` : `host ${i}/${hostCount}: VS Code ${opts.vscode} (activation)`);
    try {
      return await runHost(browser, staged, i, emu, role);
    } catch (error) {
      broken.push(`${i === 0 ? 'list host' : `host ${i}`}: ${error?.stack ?? error}`);
      return undefined;
    }
  };
  listHost = await host(0);
  const rest = Array.from({ length: hostCount }, (_, k) => k + 1);
  // Quick mode only checks that activation works: its activation hosts may share the machine.
  const others = quick ? await Promise.all(rest.map(host)) : [];
  if (!quick) for (const i of rest) others.push(await host(i));
  hosts.push(...others.filter(Boolean));
  if (packaging) size.vsixBytes = await packaging;
  if (!listHost?.refresh || !listHost?.roundTrips || !listHost?.memory) broken.push('the list benchmarks produced no results');
  if (!hosts.some((h) => h.activation)) broken.push('no activation was measured');
  if (opts.profile && existsSync(resolve(opts.profile))) {
    profileSummary = summarizeProfile(resolve(opts.profile), join(staged.listsExtension, 'extension', 'extension.js.map'));
  }
} catch (error) {
  broken.push(String(error?.stack ?? error));
} finally {
  await browser?.close().catch(() => undefined);
  await emu?.close().catch(() => undefined);
  if (staged && process.env.KEEP_TMP !== '1') rmSync(staged.dir, { recursive: true, force: true });
}

const rows = report(size, listHost, hosts);
if (profileSummary) console.log(profileSummary.join('\n'));
if (opts.json) writeFileSync(opts.json, JSON.stringify({ quick, vscode: opts.vscode, size, listHost, hosts, rows }, null, 2));
progress(`done${broken.length ? '' : ', the benchmark ran'}`);
if (broken.length) {
  console.error(`\nThe benchmark itself broke:\n${broken.map((b) => `  - ${b}`).join('\n')}`);
  process.exit(1);
}
