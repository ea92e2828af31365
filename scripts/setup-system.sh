#!/usr/bin/env bash
# Installs the Debian packages the tests need (pytest and pytest-timeout for Python projects, chromium for browser tests,
# libkrb5-dev for code-server's native modules, cargo for Rust projects). Skips what is already there.
set -euo pipefail
need=()
/usr/bin/python3 -c "import pytest" 2>/dev/null || need+=(python3-pytest)
# Optional for users; the tests cover per-test timeouts with and without it.
/usr/bin/python3 -c "import pytest_timeout" 2>/dev/null || need+=(python3-pytest-timeout)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v git >/dev/null 2>&1 || need+=(git)
# Go projects: `go test` (standard library only, nothing downloaded).
command -v go >/dev/null 2>&1 || need+=(golang-go)
# Rust projects: cargo on PATH or where rustup installs it; Debian's cargo (with rustc) otherwise.
command -v cargo >/dev/null 2>&1 || [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/cargo" ] || need+=(cargo)
# Java projects: a JDK and Maven (the Java tests then check the local Maven repository: check-maven-repo.sh).
{ command -v javac >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; } || need+=(default-jdk-headless maven)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${need[*]} — install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "system packages: installed ${need[*]}"
