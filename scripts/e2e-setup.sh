#!/usr/bin/env bash
# Installs what the end-to-end tests need: code-server (VS Code in the browser, from npm), Debian's
# Chromium and the libraries code-server's native modules build against. VS Code itself cannot be
# downloaded on our machines, and code-server's own postinstall downloads ripgrep, so the install
# runs with --ignore-scripts and the postinstall is done here by hand.
#
# The install lives in a machine-wide cache shared by every worktree and clone:
#   ${EXCHANGE_LOG_E2E_CACHE:-$HOME/.cache/exchange-log-explorer}/code-server-<version>/
# Every step is idempotent and leaves a marker when it succeeded; a second run only checks.
# Nothing here ever deletes the cache.
set -euo pipefail

CS_VERSION=4.100.3
CACHE="${EXCHANGE_LOG_E2E_CACHE:-$HOME/.cache/exchange-log-explorer}"
PREFIX="$CACHE/code-server-$CS_VERSION"
CS="$PREFIX/node_modules/code-server"
VS="$CS/lib/vscode"
NODEDIR=
STEPS="$PREFIX/.e2e-setup-steps"
MARKER="$PREFIX/.e2e-setup-complete"
DEB_PACKAGES=(chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
NATIVE_MODULES=(kerberos @vscode/spdlog native-watchdog @parcel/watcher @vscode/deviceid)

log() { echo "[e2e-setup] $*"; }
die() { echo "[e2e-setup] ERROR: $*" >&2; exit 1; }
npm_q() { npm --no-audit --no-fund --loglevel=error "$@"; }

# Runs step NAME (a shell function) unless its marker says it already succeeded.
step() {
  local name=$1
  if [[ -f "$STEPS/$name" ]]; then return 0; fi
  log "step: $name"
  "$name"
  touch "$STEPS/$name"
}

debian_packages() {
  local missing=() p
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then return 0; fi
  log "Debian packages: ${missing[*]}"
  local sudo=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || die "not root and no sudo: install ${missing[*]} with apt-get"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

code_server_package() {
  # The grammar tests may already have run exactly this install to read the theme files.
  if [[ -f "$CS/package.json" ]] && [[ $(node -p "require('$CS/package.json').version") == "$CS_VERSION" ]]; then return 0; fi
  [[ -f "$PREFIX/package.json" ]] || echo '{ "private": true }' > "$PREFIX/package.json"
  (cd "$PREFIX" && npm_q install --ignore-scripts --prefix "$PREFIX" "code-server@$CS_VERSION")
}

vscode_dependencies() {
  (cd "$VS" && npm_q install --omit=dev --ignore-scripts)
}

ripgrep_binary() {
  # @vscode/ripgrep's own postinstall downloads rg; Debian's is the same program.
  [[ -d "$VS/node_modules/@vscode/ripgrep" ]] || die "@vscode/ripgrep is missing from $VS/node_modules"
  mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
  cp /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
}

native_modules() {
  (cd "$VS" && npm_q rebuild "${NATIVE_MODULES[@]}")
  # node-pty's install script ends with a helper that runs `npx node-gyp` and fails, after pty.node
  # is built; so build it with npm's own node-gyp and check the result instead of the exit code.
  local gyp
  gyp="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js"
  [[ -f "$gyp" ]] || die "npm's node-gyp not found at $gyp"
  (cd "$VS/node_modules/node-pty" && node "$gyp" rebuild ${NODEDIR:+--nodedir="$NODEDIR"} >/dev/null)
  [[ -f "$VS/node_modules/node-pty/build/Release/pty.node" ]] || die "node-pty did not build pty.node"
}

postinstall_links() {
  # What code-server's postinstall.sh does after its npm install.
  ln -sfn node_modules "$VS/node_modules.asar"
  ln -sfn code-linux.sh "$VS/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$VS/bin/helpers/browser.sh"
}

builtin_extensions() {
  (cd "$VS/extensions" && npm_q install --omit=dev --ignore-scripts)
}

argon2() {
  # code-server's password hashing; npm hoists it to the prefix's node_modules.
  (cd "$PREFIX" && npm_q rebuild argon2)
}

verify() {
  local f
  for f in \
    "$VS/node_modules/@vscode/ripgrep/bin/rg" \
    "$VS/node_modules/node-pty/build/Release/pty.node" \
    "$VS/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
    "$VS/node_modules.asar" \
    "$VS/extensions/theme-defaults/themes/dark_modern.json"; do
    [[ -e "$f" ]] || die "missing after setup: $f"
  done
  # Each native module loads in this Node (a wrong ABI or a missing .node fails here).
  (cd "$VS" && node -e '
    for (const m of ["kerberos", "@vscode/spdlog", "native-watchdog", "node-pty", "@parcel/watcher", "@vscode/deviceid"]) require(m);
  ') || die "a native module of VS Code does not load"
  (cd "$PREFIX" && node -e 'require("argon2")') || die "argon2 does not load"
  local v
  # (its own config file, so that no default ~/.config/code-server/config.yaml is written)
  v=$(CODE_SERVER_CONFIG="$PREFIX/.e2e-config.yaml" node "$CS/out/node/entry.js" --version 2>&1 | grep -m1 "^$CS_VERSION " || true)
  [[ $v == "$CS_VERSION "* ]] || die "code-server --version printed: $v"
  command -v chromium >/dev/null || die "chromium is not on PATH"
}

# Native modules build against Node's own headers: node-gyp would otherwise download them.
node_headers() {
  local dir
  dir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [[ -f "$dir/include/node/node.h" ]]; then
    NODEDIR=$dir
    export npm_config_nodedir=$dir
  else
    log "warning: no Node headers under $dir/include/node: node-gyp will try to download them"
  fi
}

main() {
  local start=$SECONDS
  mkdir -p "$PREFIX" "$STEPS"
  # One setup at a time per machine (worktrees and CI clones share the cache).
  exec 9>"$CACHE/.setup.lock"
  flock -w 1800 9 || die "another e2e setup holds $CACHE/.setup.lock"

  debian_packages   # always checked: a kept cache does not mean a kept system
  if [[ -f "$MARKER" ]]; then
    verify
    log "ready: $CS ($((SECONDS - start))s)"
    return 0
  fi
  node_headers
  step code_server_package
  step vscode_dependencies
  step ripgrep_binary
  step native_modules
  step postinstall_links
  step builtin_extensions
  step argon2
  verify
  date -u +%FT%TZ > "$MARKER"
  log "done: $CS ($((SECONDS - start))s)"
}

main "$@"
