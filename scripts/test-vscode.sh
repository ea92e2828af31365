#!/usr/bin/env bash
# Everything that needs a real VS Code: install the tooling (cached), run the in-host mocha suite in
# code-server's extension host, then the browser E2E against the packaged .vsix.
# Every test stage always runs; the exit code is non-zero when either failed. Screenshots: test-artifacts/e2e/.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TSX="$ROOT/node_modules/.bin/tsx"

now() { date +%s; }
failed=()

start=$(now)
bash scripts/vscode/setup.sh </dev/null || { echo "[test-vscode] setup failed"; exit 1; }
setup_s=$(( $(now) - start ))

start=$(now)
"$TSX" test/vscode/harness/runInCodeServer.ts --timeout "${GREENLOOP_SUITE_TIMEOUT:-900}" </dev/null || failed+=("in-host suite")
suite_s=$(( $(now) - start ))

start=$(now)
"$TSX" test/e2e/workbench.e2e.ts --timeout "${GREENLOOP_E2E_TIMEOUT:-900}" </dev/null || failed+=("workbench E2E")
# The Testing view and the editor's models, with the .vsix the workbench E2E packaged.
"$TSX" test/e2e/testExplorer.e2e.ts --vsix .cache/e2e/greenloop-e2e.vsix --timeout "${GREENLOOP_E2E_TIMEOUT:-900}" </dev/null || failed+=("Testing E2E")
e2e_s=$(( $(now) - start ))

echo "[test-vscode] setup ${setup_s}s, in-host suite ${suite_s}s, E2E ${e2e_s}s"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "[test-vscode] FAILED: ${failed[*]}"
  exit 1
fi
echo "[test-vscode] all passed"
