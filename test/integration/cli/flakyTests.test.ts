import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { block, cliSession, FIX_ADD, FIX_MULTIPLY, JS_CALC, makeProject, read } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

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
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  async function run(steps: Parameters<typeof startScriptedModelServer>[0], extra: string[] = []) {
    const counterFile = path.join(await mkdtemp(path.join(os.tmpdir(), "gl-flaky-")), "runs");
    server = await startScriptedModelServer(steps);
    const ws = await makeProject({ ...JS_CALC, "test/flaky.test.js": alternatingTest(counterFile) });
    const cli = await cliSession();
    const result = await cli.run([
      "fix",
      path.join(ws, "calc.js"),
      "--provider",
      "openai",
      "--base-url",
      server.openaiBaseUrl,
      "--model",
      "scripted",
      "--yes",
      ...extra,
    ]);
    const [record] = JSON.parse((await cli.run(["history", "--json"])).stdout) as Array<{
      reason: string;
      flaky?: string[];
    }>;
    const bodyRuns = Number(await readFile(counterFile, "utf8"));
    return { ws, result, record, bodyRuns };
  }

  it("re-runs a test that newly fails after a patch; one that passes again is flaky, and the fix is kept", async () => {
    const { ws, result, record, bodyRuns } = await run([{ reply: FIX_ADD + FIX_MULTIPLY }]);
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
    server = await startScriptedModelServer([
      { reply: FIX_ADD + FIX_MULTIPLY + breakSubtract },
      { reply: FIX_ADD + FIX_MULTIPLY },
    ]);
    const ws = await makeProject({ ...JS_CALC, "test/sub.test.js": subtractTest });
    const cli = await cliSession();
    const result = await cli.run([
      "fix",
      path.join(ws, "calc.js"),
      "--provider",
      "openai",
      "--base-url",
      server.openaiBaseUrl,
      "--model",
      "scripted",
      "--yes",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /reverted: it broke subtract/);
    assert.doesNotMatch(result.stderr, /flaky/);
    assert.match(await read(ws, "calc.js"), /return a - b;/);
  });
});
