import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { block, FIX_ADD, FIX_MULTIPLY, JS_CALC, read } from "../../support/cliHarness";
import { type ScriptedFixOptions, useScriptedFix } from "../../support/scriptedFix";

/**
 * A test that fails on every even run of its body, counted in a file outside the workspace (so no revert
 * touches it): run 1 passes, run 2 fails, run 3 passes. Skipped by a name filter, the body does not run.
 */
function alternatingTest(counterFile: string): string {
  return [
    'const test = require("node:test");',
    'const assert = require("node:assert/strict");',
    'const fs = require("node:fs");',
    'test("flaky clock", () => {',
    `  const file = ${JSON.stringify(counterFile)};`,
    '  const n = (fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8")) : 0) + 1;',
    "  fs.writeFileSync(file, String(n));",
    "  assert.ok(n % 2 === 1, `run ${n} of the flaky test fails (even runs fail)`);",
    "});",
    "",
  ].join("\n");
}

describe("greenloop fix with a flaky test", function () {
  this.timeout(60_000);
  const fix = useScriptedFix();

  async function run(steps: ScriptedFixOptions["script"], extra: string[] = []) {
    const counterFile = path.join(await mkdtemp(path.join(os.tmpdir(), "gl-flaky-")), "runs");
    const result = await fix({
      script: steps,
      files: { ...JS_CALC, "test/flaky.test.js": alternatingTest(counterFile) },
      args: ["--yes", ...extra],
    });
    const { ws, cli, server } = result;
    const [record] = JSON.parse((await cli.run(["history", "--json"])).stdout) as Array<{
      reason: string;
      flaky?: string[];
    }>;
    const bodyRuns = Number(await readFile(counterFile, "utf8"));
    return { ws, server, result, record, bodyRuns };
  }

  it("re-runs a test that newly fails after a patch; one that passes again is flaky, and the fix is kept", async () => {
    const { ws, server, result, record, bodyRuns } = await run([{ reply: FIX_ADD + FIX_MULTIPLY }]);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /reverted/);
    assert.match(await read(ws, "calc.js"), /return a \* b;/);
    assert.equal(bodyRuns, 3, "passed before the patch, failed after it, passed when run again");
    assert.match(result.stderr, /flaky\s+flaky clock/);
    assert.deepEqual(record.flaky, ["flaky clock"]);
    assert.equal(server.chatRequests().length, 1, "the model was not asked to fix a flaky test");
  });

  it("re-runs the whole suite when the runner cannot filter, with the same verdict", async () => {
    const { result, record, bodyRuns } = await run(
      [{ reply: FIX_ADD + FIX_MULTIPLY }],
      ["--test", "sh -c 'node --test'"],
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(bodyRuns, 3);
    assert.deepEqual(record.flaky, ["flaky clock"]);
  });

  it("still reverts a patch whose newly failing test fails again", async () => {
    const breakSubtract = block(
      "calc.js",
      "function subtract(a, b) {\n  return a - b;\n}",
      "function subtract(a, b) {\n  return b - a;\n}",
    );
    const subtractTest =
      'const test = require("node:test");\nconst assert = require("node:assert/strict");\nconst { subtract } = require("../calc");\ntest("subtract", () => assert.equal(subtract(5, 3), 2));\n';
    const result = await fix({
      script: [{ reply: FIX_ADD + FIX_MULTIPLY + breakSubtract }, { reply: FIX_ADD + FIX_MULTIPLY }],
      files: { ...JS_CALC, "test/sub.test.js": subtractTest },
    });
    const { ws } = result;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /reverted: it broke subtract/);
    assert.doesNotMatch(result.stderr, /flaky/);
    assert.match(await read(ws, "calc.js"), /return a - b;/);
  });
});
