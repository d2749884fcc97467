// Prints the release notes of one version: its section of CHANGELOG.md, without the heading.
//   node scripts/release-notes.mjs <version> [changelog file]     e.g. 1.2.0, v1.2.0 or Unreleased
// The release workflow uses it for the GitHub release's text. CHANGELOG.md follows Keep a Changelog:
// one `## [1.2.0] - 2026-01-31` heading per version (the date, brackets and a leading "v" are
// optional), `### Added` / `### Fixed` … inside. A section ends at the next `## ` heading; link
// reference definitions (`[1.2.0]: https://…`) at its end are left out.
// Exit code 1, with the reason on stderr, when the version has no section or an empty one.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `## [1.2.0] - 2026-01-31`, `## 1.2.0`, `## [v1.2.0]`, `## [Unreleased]` → the version label. */
const VERSION_HEADING = /^##\s+\[?v?([^\]\s]+)\]?(?:\s+[-–—]\s+.*)?\s*$/;
const LINK_REFERENCE = /^\[[^\]]+\]:\s+\S+/;

/**
 * The notes of `version` in `changelog` (the text of a CHANGELOG.md).
 * @param {string} changelog
 * @param {string} version "1.2.0", "v1.2.0" or "Unreleased"
 * @returns {string} the section's lines without the heading, trimmed, ending in a newline
 */
export function releaseNotes(changelog, version) {
  const wanted = version.replace(/^v(?=\d)/, '');
  const lines = changelog.split(/\r?\n/);
  const headings = lines.map((line, index) => ({ index, label: line.startsWith('## ') ? (VERSION_HEADING.exec(line)?.[1] ?? line.slice(3).trim()) : undefined }))
    .filter((h) => h.label !== undefined);
  const start = headings.find((h) => h.label.toLowerCase() === wanted.toLowerCase());
  if (!start) {
    const found = headings.map((h) => h.label).join(', ') || 'none';
    throw new Error(`the changelog has no section for ${wanted} (a "## [${wanted}] - YYYY-MM-DD" heading); sections found: ${found}`);
  }
  const end = headings.find((h) => h.index > start.index)?.index ?? lines.length;
  const body = lines.slice(start.index + 1, end);
  while (body.length && (body.at(-1).trim() === '' || LINK_REFERENCE.test(body.at(-1)))) body.pop();
  while (body.length && body[0].trim() === '') body.shift();
  if (!body.some((line) => /\S/.test(line) && !/^#/.test(line))) {
    throw new Error(`the changelog's section for ${wanted} is empty`);
  }
  return `${body.join('\n')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [version, file = join(dirname(fileURLToPath(import.meta.url)), '..', 'CHANGELOG.md')] = process.argv.slice(2);
  if (!version) {
    console.error('usage: node scripts/release-notes.mjs <version> [changelog file]');
    process.exit(2);
  }
  try {
    process.stdout.write(releaseNotes(readFileSync(file, 'utf8'), version));
  } catch (error) {
    console.error(`release-notes: ${relative(process.cwd(), file) || file}: ${error.message}`);
    process.exit(1);
  }
}
