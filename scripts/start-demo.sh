#!/usr/bin/env bash
# `npm start`: sets up what is missing, builds the extension, starts the CodeThreat emulator with
# demo data and a VS Code server with the extension installed and the emulator preset as the
# server, then prints the address to open in a browser. Ctrl-C stops everything.
#   CODETHREAT_VSCODE=1.100   serve VS Code 1.100.3 instead of 1.139.1
#   CODETHREAT_DEMO_PORT=N    port of the VS Code server (default 8780)
#   CODETHREAT_THEME=NAME     colour theme of the window (default "Default Dark Modern")
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build.mjs --tests
exec node scripts/start-demo.mjs "$@"
