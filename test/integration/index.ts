// Entry point VS Code calls inside the extension host (the `extensionTestsPath` contract shared by
// @vscode/test-electron and the offline code-server harness). It runs every *.test.js file that the
// build placed beside it, so a new test file needs no registration.
// CODETHREAT_TEST_RESULTS=<file> also writes the run's outcome there as JSON
// (`{passed, failed: [full titles]}`): `npm run test:stress` reads it to count flaky tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTestFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTestFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: Number(process.env.CODETHREAT_TEST_TIMEOUT_MS ?? 30000),
    grep: process.env.CODETHREAT_TEST_GREP,
  });
  for (const file of findTestFiles(__dirname).sort()) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    const failed: string[] = [];
    let passed = 0;
    const runner = mocha.run((failures) => {
      const resultsFile = process.env.CODETHREAT_TEST_RESULTS;
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ passed, failed }));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', (test) => failed.push(test.fullTitle()));
  });
}
