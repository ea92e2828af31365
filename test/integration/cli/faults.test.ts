import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { block, cliSession, FIX_ADD, FIX_MULTIPLY, JS_CALC, makeProject, read } from "../../support/cliHarness";
import { closedPortUrl } from "../../support/closedPort";
import { type ScriptedFixOptions, useScriptedFix } from "../../support/scriptedFix";
import type { ScriptedServer } from "../../support/scriptedModelServer";

describe("greenloop fix under faults: a clear message and nothing lost", function () {
  this.timeout(60_000);
  const fix = useScriptedFix();
  /** The last run's model server. */
  let server: ScriptedServer;

  async function runWith(steps: ScriptedFixOptions["script"], extra: string[] = [], files = JS_CALC) {
    const result = await fix({ script: steps, files, args: ["--yes", ...extra] });
    server = result.server;
    return { ws: result.ws, result, cli: result.cli };
  }

  it("recovers from an answer without edit blocks", async () => {
    const { ws, result } = await runWith(
      [{ reply: "You should implement add and multiply." }, { reply: FIX_ADD + FIX_MULTIPLY }],
      ["--edit-format", "search-replace"],
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(server.chatRequests()[1].messages.at(-1)!.content, /no SEARCH\/REPLACE blocks/);
    assert.match(await read(ws, "calc.js"), /a \* b/);
  });

  it("shows the closest lines when SEARCH is not found, then applies the corrected block", async () => {
    const { result } = await runWith([
      { reply: block("calc.js", "function add(x, y) {\n  throw 1;\n}", "function add(a, b) {\n  return a + b;\n}") },
      { reply: FIX_ADD + FIX_MULTIPLY },
    ]);
    assert.equal(result.code, 0, result.stderr);
    const feedback = server.chatRequests()[1].messages.at(-1)!.content;
    assert.match(feedback, /Problems with your last answer/);
    assert.match(feedback, /function add\(a, b\)/, "closest lines are shown");
  });

  it("rejects an ambiguous SEARCH", async () => {
    const { result } = await runWith([{ reply: block("calc.js", "}", "};") }, { reply: FIX_ADD + FIX_MULTIPLY }]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(server.chatRequests()[1].messages.at(-1)!.content, /ambiguous|more than one|matches \d+/i);
  });

  it("refuses paths outside the workspace and edits to test files", async () => {
    const { ws, result } = await runWith([
      {
        reply:
          block("../outside.js", "", "module.exports = 1;") +
          block("test/calc.test.js", "assert.equal(add(2, 3), 5);", "assert.ok(true);"),
      },
      { reply: FIX_ADD + FIX_MULTIPLY },
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(existsSync(path.join(path.dirname(ws), "outside.js")), false);
    assert.equal(await read(ws, "test/calc.test.js"), JS_CALC["test/calc.test.js"]);
    const feedback = server.chatRequests()[1].messages.at(-1)!.content;
    assert.match(feedback, /outside/i);
    assert.match(feedback, /test file/);
  });

  it("retries a 429 and a cut stream, then succeeds", async () => {
    const { result } = await runWith([
      { fault: "429", retryAfterSec: 0 },
      { fault: "cut-stream" },
      { reply: FIX_ADD + FIX_MULTIPLY },
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(server.chatRequests().length, 3);
  });

  it("stops with a clear message when the server keeps failing, leaving files as they were", async () => {
    const { ws, result } = await runWith([
      { fault: "500" },
      { fault: "500" },
      { fault: "500" },
      { fault: "500" },
      { fault: "500" },
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /model-error/);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
  });

  it("says clearly when no model server answers", async () => {
    const ws = await makeProject(JS_CALC);
    const cli = await cliSession();
    const url = await closedPortUrl();
    const result = await cli.run(["fix", path.join(ws, "calc.js"), "--provider", "ollama", "--base-url", url, "--yes"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot reach/i);
  });

  it("reverts a patch after which the tests no longer load, and shows the model the error", async () => {
    const breakSyntax = block(
      "calc.js",
      "function subtract(a, b) {\n  return a - b;\n}",
      "function subtract(a, b) {\n  return a -;\n}",
    );
    const { ws, result } = await runWith([{ reply: FIX_ADD + breakSyntax }, { reply: FIX_ADD + FIX_MULTIPLY }]);
    assert.equal(result.code, 0, result.stderr);
    const feedback = server.chatRequests()[1].messages.at(-1)!.content;
    assert.match(feedback, /no longer starts/);
    assert.match(feedback, /SyntaxError: Unexpected token/, "the error the run stopped on");
    assert.match(await read(ws, "calc.js"), /return a - b;/);
  });

  it("reverts a patch that breaks a passing test and tells the model why", async () => {
    const breakSubtract = block(
      "calc.js",
      "function subtract(a, b) {\n  return a - b;\n}",
      "function subtract(a, b) {\n  return b - a;\n}",
    );
    const files = {
      ...JS_CALC,
      "test/sub.test.js":
        'const test = require("node:test");\nconst assert = require("node:assert/strict");\nconst { subtract } = require("../calc");\ntest("subtract", () => assert.equal(subtract(5, 3), 2));\n',
    };
    const { ws, result } = await runWith(
      [{ reply: FIX_ADD + breakSubtract }, { reply: FIX_MULTIPLY }, { reply: FIX_ADD + FIX_MULTIPLY }],
      ["--verbose"],
      files,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /reverted: it broke .*subtract/);
    // The filtered run after the first patch only ran the failing tests; the full run after the second patch
    // found the regression, so everything since the last full run was reverted.
    assert.match(server.chatRequests()[2].messages.at(-1)!.content, /reverted because they broke subtract/);
    assert.match(await read(ws, "calc.js"), /return a - b;/);
  });

  it("kills a hanging test run with its process tree and carries on", async () => {
    const files = {
      ...JS_CALC,
      "test/calc.test.js": JS_CALC["test/calc.test.js"].replace(
        'const { add, multiply } = require("../calc");',
        'const { add, multiply } = require("../calc");\ntry { add(1, 1); } catch { require("node:child_process").spawn("sleep", ["300"], { stdio: "inherit" }); while (true) {} }',
      ),
    };
    const { result } = await runWith([{ reply: FIX_ADD + FIX_MULTIPLY }], ["--test-timeout", "3"], files);
    assert.equal(result.code, 0, result.stderr);
    assert.match(server.chatRequests()[0].messages.at(-1)!.content, /timed out/);
  });

  it("copes with 100 MB of test output", async () => {
    const files = {
      ...JS_CALC,
      "test/noise.test.js":
        'const test = require("node:test");\ntest("noisy", () => { const line = "x".repeat(1023) + "\\n"; for (let i = 0; i < 100 * 1024; i++) process.stdout.write(line); });\n',
    };
    const { result } = await runWith([{ reply: FIX_ADD + FIX_MULTIPLY }], [], files);
    assert.equal(result.code, 0, result.stderr);
    const prompt = server.chatRequests()[0].messages.at(-1)!.content;
    assert.ok(prompt.length < 60_000, `prompt stays compact (${prompt.length} chars)`);
  });

  it("cancel mid-run leaves the workspace as it was", async () => {
    const result = await fix({
      script: [{ reply: FIX_ADD }, { fault: "hang" }],
      // The reachability check, the first chat, then the hanging second one.
      onStart: (interrupt, server) => void server.waitForRequests(3).then(interrupt),
    });
    const { ws } = result;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cancelled/);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
  });

  it("stops as stuck when the same failure keeps coming back", async () => {
    const noop = (n: number) =>
      block("calc.js", "// TODO: implement add and multiply", `// TODO: implement add and multiply (attempt ${n})`);
    const { result } = await runWith([{ reply: noop(1) }, { reply: noop(2) }, { reply: noop(3) }, { reply: noop(4) }]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /stuck/);
    assert.equal(server.chatRequests().length, 3);
  });

  it("keeps the run log as JSONL", async () => {
    const { result, cli } = await runWith([{ reply: FIX_ADD + FIX_MULTIPLY }]);
    assert.equal(result.code, 0);
    const runs = JSON.parse((await cli.run(["history", "--json"])).stdout);
    const log = await readFile(path.join(cli.home, "runs", `${runs[0].runId}.jsonl`), "utf8");
    const types = log
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).type);
    assert.deepEqual([types[0], types.at(-1)], ["run-started", "run-finished"]);
    assert.ok(types.includes("tests-finished") && types.includes("patch-applied"));
  });
});
