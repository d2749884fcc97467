// scripts/release-notes.mjs, which the release workflow runs to take a version's section of
// CHANGELOG.md as the GitHub release's text: run as the workflow runs it, on sample changelogs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const script = path.join(root, 'scripts', 'release-notes.mjs');

const SAMPLE = [
  '# Changelog',
  '',
  'All user-visible changes are listed here.',
  '',
  '## [Unreleased]',
  '',
  '### Added',
  '- Something not released yet.',
  '',
  '## [0.3.0] - 2026-03-01',
  '',
  '### Added',
  '- Rotation of access tokens.',
  '  Continued on a second line.',
  '',
  '### Fixed',
  '- A typo.',
  '',
  '## [0.2.1] - 2026-02-10',
  '### Fixed',
  '- The last section.',
  '',
  '[0.3.0]: https://github.com/CodeThreat/vscode-codethreat-access-tokens/compare/v0.2.1...v0.3.0',
  '[0.2.1]: https://github.com/CodeThreat/vscode-codethreat-access-tokens/releases/tag/v0.2.1',
  '',
].join('\n');

suite('release notes (scripts/release-notes.mjs)', () => {
  let dir: string;
  suiteSetup(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codethreat-notes-'))));
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  function notes(version: string, changelog = SAMPLE): { status: number | null; stdout: string; stderr: string } {
    const file = path.join(dir, 'CHANGELOG.md');
    fs.writeFileSync(file, changelog);
    return spawnSync(process.execPath, [script, version, file], { encoding: 'utf8' });
  }

  test('prints the section of a version without its heading, up to the next version', () => {
    const { status, stdout, stderr } = notes('0.3.0');
    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.equal(stdout, '### Added\n- Rotation of access tokens.\n  Continued on a second line.\n\n### Fixed\n- A typo.\n');
  });

  test('takes the tag as well as the version', () => {
    assert.equal(notes('v0.3.0').stdout, notes('0.3.0').stdout);
  });

  test('leaves out the link references after the last section', () => {
    assert.equal(notes('0.2.1').stdout, '### Fixed\n- The last section.\n');
  });

  test('reads headings without brackets or date, and CRLF line ends', () => {
    const { status, stdout } = notes('1.0.0', '# Changelog\r\n\r\n## 1.0.0\r\n- First.\r\n\r\n## 0.9.0\r\n- Before.\r\n');
    assert.equal(status, 0);
    assert.equal(stdout, '- First.\n');
  });

  test('fails clearly when the version has no section', () => {
    const { status, stdout, stderr } = notes('0.4.0');
    assert.equal(status, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /no section for 0\.4\.0/);
    assert.match(stderr, /sections found: Unreleased, 0\.3\.0, 0\.2\.1/);
  });

  test('does not take a version that only starts the same', () => {
    assert.equal(notes('0.3').status, 1);
    assert.equal(notes('0.3.0.1').status, 1);
  });

  test('fails when the section is empty', () => {
    const { status, stderr } = notes('0.5.0', '## [0.5.0] - 2026-04-01\n\n### Added\n\n## [0.4.0]\n- x\n');
    assert.equal(status, 1);
    assert.match(stderr, /section for 0\.5\.0 is empty/);
  });

  test('fails with usage when no version is given', () => {
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /usage/);
  });

  test("the repository's CHANGELOG.md has headings the script reads, and every released version has notes", () => {
    const headings = fs
      .readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8')
      .split(/\r?\n/)
      .filter((line) => line.startsWith('## '));
    assert.ok(headings.length > 0, 'no "## " headings');
    for (const heading of headings) {
      assert.match(heading, /^## \[(Unreleased|\d+\.\d+\.\d+(-[\w.]+)?)\]( - \d{4}-\d{2}-\d{2})?$/, 'expected "## [Unreleased]" or "## [1.2.3] - YYYY-MM-DD"');
      const version = /\[([^\]]+)\]/.exec(heading)![1];
      const result = spawnSync(process.execPath, [script, version], { encoding: 'utf8', cwd: root });
      assert.equal(result.status, 0, result.stderr);
    }
  });
});
