import assert from "node:assert/strict";
import { chmod } from "node:fs/promises";
import path from "node:path";
import { FIX_ADD, FIX_MULTIPLY, JS_CALC, read } from "../../support/cliHarness";
import { useScriptedFix } from "../../support/scriptedFix";
import type { ScriptedServer } from "../../support/scriptedModelServer";

describe("greenloop fix when the test command cannot run at all", function () {
  this.timeout(60_000);
  const fix = useScriptedFix();
  /** The last run's model server. */
  let server: ScriptedServer;

  /** Runs the CLI with a model that would happily patch, so any model call or patch shows up. */
  async function runWithTest(testCommand: string, files: Record<string, string> = JS_CALC) {
    const result = await fix({
      script: [{ reply: FIX_ADD }, { reply: FIX_MULTIPLY }, { reply: FIX_ADD + FIX_MULTIPLY }],
      files,
      args: ["--yes", "--test", testCommand],
    });
    server = result.server;
    return { ws: result.ws, result };
  }

  function assertStoppedBeforeTheModel(ws: string, result: { code: number; stderr: string }) {
    assert.equal(result.code, 2, result.stderr);
    assert.equal(server.chatRequests().length, 0, "no model call when no test ever ran");
    assert.match(result.stderr, /test-error: /);
    assert.doesNotMatch(result.stderr, /patch /, "nothing was proposed");
    assert.match(result.stderr, /Try: /, "says what to try");
  }

  it("stops before calling the model when the test command is not found (spawn error)", async () => {
    const { ws, result } = await runWithTest("no-such-binary-gl");
    assertStoppedBeforeTheModel(ws, result);
    assert.match(result.stderr, /no-such-binary-gl/);
    assert.match(result.stderr, /not found/);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
  });

  it("stops when a shell reports the command as not found (exit 127), showing the shell's output", async () => {
    const { ws, result } = await runWithTest("sh -c 'no-such-binary-gl --run'");
    assertStoppedBeforeTheModel(ws, result);
    assert.match(result.stderr, /exit code 127/);
    assert.match(result.stderr, /no-such-binary-gl: (command )?not found/, "the shell's own words are on screen");
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
  });

  it("stops when the test script is not executable", async () => {
    const files = { ...JS_CALC, "run-tests.sh": "#!/bin/sh\nexec node --test\n" };
    const result = await fix({
      script: [{ reply: FIX_ADD + FIX_MULTIPLY }],
      files,
      args: ["--yes", "--test", "./run-tests.sh"],
      prepare: (ws) => chmod(path.join(ws, "run-tests.sh"), 0o644),
    });
    ({ server } = result);
    const { ws } = result;
    assertStoppedBeforeTheModel(ws, result);
    assert.match(result.stderr, /not executable/);
  });

  it("stops when npm has no such script", async () => {
    const { ws, result } = await runWithTest("npm run no-such-script");
    assertStoppedBeforeTheModel(ws, result);
    assert.match(result.stderr, /Missing script/i);
  });

  it("still calls the model when the runner ran tests, whatever its exit code and output", async () => {
    const { ws, result } = await runWithTest(`sh -c 'node --test; echo "sh: 1: helper: not found"; exit 127'`);
    assert.notEqual(result.code, 2, result.stderr);
    assert.ok(server.chatRequests().length >= 1, "the failing tests went to the model");
    assert.match(await read(ws, "calc.js"), /a \+ b/);
  });
});
