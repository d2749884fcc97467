#!/usr/bin/env bash
# Runs the integration tests (out/test/integration/index.js) in VS Code 1.100 and then 1.139, each
# in its own server and browser, and prints a summary. CODETHREAT_VSCODE=1.100 (or 1.139) runs one
# version only. Extra arguments go to run-tests.mjs (e.g. --workspace <dir>).
# Needs `bash scripts/setup.sh` and `node scripts/build.mjs --tests` first.
# Exit code: 0 when every version passed, 1 otherwise.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
read -r -a versions <<< "${CODETHREAT_VSCODE:-1.100 1.139}"

failed=0
summary=()
for version in "${versions[@]}"; do
  start=$SECONDS
  node "$HERE/run-tests.mjs" --vscode "$version" "$@"
  rc=$?
  if [ "$rc" -eq 0 ]; then
    summary+=("  VS Code $version: passed ($((SECONDS - start)) s)")
  else
    summary+=("  VS Code $version: FAILED, exit code $rc ($((SECONDS - start)) s)")
    failed=1
  fi
done

echo
echo "Integration tests:"
printf '%s\n' "${summary[@]}"
exit "$failed"
