// Runs the integration tests in desktop VS Code downloaded by @vscode/test-electron, for machines
// that can reach update.code.visualstudio.com (`npm run test:electron`). Offline, use
// test/vscode-host/run.sh instead: the same out/test/integration/index.js runs there unchanged.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { IMPORT_ENVIRONMENT_VARIABLES } from '../integration/support/cliFiles';

async function main(): Promise<void> {
  // Bundled to out/test/electron/runTest.js: the repository root is three levels up. The extension
  // under test is the one built from its test entry point (out/test, see scripts/build.mjs).
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const extensionDevelopmentPath = path.join(repoRoot, 'out', 'test');
  const extensionTestsPath = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
  // Fixture extensions (e.g. a consumer of this extension's API) load next to it, as offline.
  const fixtures = path.join(repoRoot, 'test', 'fixtures');
  const alsoLoaded = fs.existsSync(fixtures)
    ? fs.readdirSync(fixtures).map((name) => path.join(fixtures, name)).filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
    : [];
  // VS Code inherits this environment: a developer's own CodeThreat credentials stay out of the tests.
  for (const name of IMPORT_ENVIRONMENT_VARIABLES) delete process.env[name];
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'codethreat-test-workspace-'));
  try {
    await runTests({
      version: process.env.CODETHREAT_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: [extensionDevelopmentPath, ...alsoLoaded],
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('Integration tests failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
