// `npm run test:stress`: runs the integration suites several times while busy loops compete for
// the CPUs, and prints which tests failed in which rounds. A test that passes only on an idle
// machine proves nothing; this is how such a test (or the race in the product behind it) is found.
//
//   npm run test:stress -- [--rounds 5] [--load 2] [--vscode 1.100|1.139|both] [--grep <regex>] [--no-build]
//
// Each round runs test/vscode-host/run-tests.mjs for each version, with --load busy loops (one
// process each, stopped when the round ends) beside it. Exit code: 0 when every round of every
// version passed, 1 otherwise. Needs `bash scripts/setup.sh` first (npm test runs it).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    load: { type: 'string', default: '2' },
    vscode: { type: 'string', default: 'both' },
    grep: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const rounds = Number(opts.rounds);
const load = Number(opts.load);
const versions = opts.vscode === 'both' ? ['1.100', '1.139'] : [opts.vscode];
if (!(rounds >= 1) || !(load >= 0)) {
  console.error('usage: npm run test:stress -- [--rounds N] [--load N] [--vscode 1.100|1.139|both] [--grep <regex>] [--no-build]');
  process.exit(2);
}

if (!opts['no-build']) {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--tests'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

/**
 * N processes that spin until killed: the competition a busy machine gives the test host. Each
 * also ends by itself once this script is gone (killed, or stopped with Ctrl-C).
 */
function startBusyLoops(count) {
  const spin = `for (let i = 1; ; i++) if (i % 1e8 === 0) try { process.kill(${process.pid}, 0); } catch { process.exit(); }`;
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', spin], { stdio: 'ignore' }));
}

/** One run of one version's integration suite; its outcome from the results file the suite writes. */
function runSuite(version, resultsFile) {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const env = { ...process.env, CODETHREAT_TEST_RESULTS: resultsFile, ...(opts.grep ? { CODETHREAT_TEST_GREP: opts.grep } : {}) };
    const child = spawn(process.execPath, [join(ROOT, 'test', 'vscode-host', 'run-tests.mjs'), '--vscode', version], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      let results;
      try {
        results = JSON.parse(readFileSync(resultsFile, 'utf8'));
      } catch {
        // No results: the host or the suite did not get to the end. That is a failure of its own.
        results = { passed: 0, failed: [`(the run ended without results, exit code ${code})`] };
      }
      rmSync(resultsFile, { force: true });
      resolvePromise({ ...results, code, seconds: Math.round((Date.now() - started) / 1000), output });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'codethreat-stress-'));
const failures = new Map(); // "<version> › <title>" → rounds it failed in
const lines = [];
let anyFailed = false;
for (const version of versions) {
  for (let round = 1; round <= rounds; round++) {
    const loops = startBusyLoops(load);
    const result = await runSuite(version, join(work, `results-${version}-${round}.json`));
    for (const loop of loops) loop.kill();
    const ok = result.code === 0 && result.failed.length === 0;
    anyFailed ||= !ok;
    const line = `VS Code ${version} round ${round}/${rounds} (${load} busy loop(s)): ${result.passed} passed, ${result.failed.length} failed, ${result.seconds} s`;
    lines.push(line);
    console.log(line);
    for (const title of result.failed) {
      const key = `${version} › ${title}`;
      failures.set(key, [...(failures.get(key) ?? []), round]);
      console.log(`  failed: ${title}`);
    }
    if (!ok) console.log(result.output.split('\n').filter((l) => !/^\s*✔/.test(l)).slice(-60).join('\n'));
  }
}
rmSync(work, { recursive: true, force: true });

console.log('\n==================== stress summary ====================');
for (const line of lines) console.log(`  ${line}`);
if (failures.size === 0) console.log('  no test failed in any round');
else for (const [title, failedRounds] of failures) console.log(`  flaky: ${title} (failed in round ${failedRounds.join(', ')})`);
process.exit(anyFailed ? 1 : 0);
