import assert from "node:assert/strict";
import path from "node:path";
import { cliSession, makeProject, read } from "../../support/cliHarness";
import {
  JS_HELPER_THROWS,
  JS_TWO_FILES,
  PY_FROM_TEST,
  PY_HELPER_RAISES,
  TS_HELPER_WRONG,
} from "../../support/multiFileProjects";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

/** The user message of the `index`-th chat request. */
const prompt = (server: ScriptedServer, index = 0) => server.chatRequests()[index].messages.at(-1)!.content;

describe("greenloop fix where the bug is in another file (end to end through the real clients)", function () {
  this.timeout(90_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  const fix = (ws: string, file: string, extra: string[] = []) => [
    "fix",
    path.join(ws, file),
    "--provider",
    "openai",
    "--base-url",
    server.openaiBaseUrl,
    "--no-memory",
    ...extra,
  ];

  it("JavaScript: shows the helper named in the failing stack, and auto-target approves the fix there", async () => {
    server = await startScriptedModelServer([{ reply: JS_HELPER_THROWS.fix }]);
    const ws = await makeProject({
      ...JS_HELPER_THROWS.files,
      ".greenloop.json": JSON.stringify({ approval: "auto-target" }),
    });
    const cli = await cliSession();
    // No --yes and no input: anything auto-target did not cover would stop the run for want of a reviewer.
    const result = await cli.run(fix(ws, JS_HELPER_THROWS.target));
    assert.equal(result.code, 0, result.stderr);
    assert.match(await read(ws, JS_HELPER_THROWS.helper), /amount\.toFixed\(2\)/);
    assert.equal(await read(ws, JS_HELPER_THROWS.target), JS_HELPER_THROWS.files["cart.js"]);
    const text = prompt(server);
    assert.match(text, /## lib\/money\.js \(in the failing stack\)\n```javascript\n[\s\S]*amount\.toFixd/);
    assert.match(text, /at lib\/money\.js:3 \(called from cart\.js:5, test\/cart\.test\.js:6\)/);
    assert.match(text, /editing `cart\.js` or the source files shown with it/);
  });

  it("TypeScript: shows the module the target imports when the stack names only the test", async () => {
    server = await startScriptedModelServer([{ reply: TS_HELPER_WRONG.fix }]);
    const ws = await makeProject(TS_HELPER_WRONG.files);
    const cli = await cliSession();
    const result = await cli.run(fix(ws, TS_HELPER_WRONG.target, ["--test", TS_HELPER_WRONG.testCommand, "--yes"]));
    assert.equal(result.code, 0, result.stderr);
    assert.match(await read(ws, TS_HELPER_WRONG.helper), /return text\.padStart\(width\);/);
    assert.equal(await read(ws, TS_HELPER_WRONG.target), TS_HELPER_WRONG.files["src/table.ts"]);
    assert.match(prompt(server), /## src\/format\.ts \(imported\)\n```typescript\n[\s\S]*padEnd/);
  });

  it("Python: shows the helper from pytest's traceback and the fix there goes green", async () => {
    server = await startScriptedModelServer([{ reply: PY_HELPER_RAISES.fix }]);
    const ws = await makeProject(PY_HELPER_RAISES.files);
    const cli = await cliSession();
    const result = await cli.run(fix(ws, PY_HELPER_RAISES.target, ["--yes"]));
    assert.equal(result.code, 0, result.stderr);
    assert.match(await read(ws, PY_HELPER_RAISES.helper), /RATES\[category\.lower\(\)\]/);
    assert.equal(await read(ws, PY_HELPER_RAISES.target), PY_HELPER_RAISES.files["shop/cart.py"]);
    const text = prompt(server);
    assert.match(text, /## shop\/tax\.py \(in the failing stack\)\n```python\n/);
    assert.match(text, /at shop\/tax\.py:5 \(called from shop\/cart\.py:5, tests\/test_cart\.py:5\)/);
  });

  it("a bug in two files: one proposal, the terminal asks per file and hunk, and undo restores both", async () => {
    server = await startScriptedModelServer([{ reply: JS_TWO_FILES.fixGeometry + JS_TWO_FILES.fixUnits }]);
    const ws = await makeProject(JS_TWO_FILES.files);
    const cli = await cliSession();
    const result = await cli.run(fix(ws, JS_TWO_FILES.target), { stdin: "y\ny\n" });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /geometry\.js — hunk 1\/1/);
    assert.match(result.stderr, /units\.js — hunk 1\/1/);
    assert.match(await read(ws, "geometry.js"), /2 \* \(width \+ height\)/);
    assert.match(await read(ws, "units.js"), /value \/ PER_METER/);
    assert.match(prompt(server), /## units\.js \(imported\)/);

    const undo = await cli.run(["undo", "--workspace", ws]);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(await read(ws, "geometry.js"), JS_TWO_FILES.files["geometry.js"]);
    assert.equal(await read(ws, "units.js"), JS_TWO_FILES.files["units.js"]);
  });

  it("a bug in two files: a hunk rejected in one file leaves that file as it was", async () => {
    server = await startScriptedModelServer([{ reply: JS_TWO_FILES.fixGeometry + JS_TWO_FILES.fixUnits }]);
    const ws = await makeProject(JS_TWO_FILES.files);
    const cli = await cliSession();
    const result = await cli.run(fix(ws, JS_TWO_FILES.target, ["--max-iterations", "1"]), { stdin: "y\nn\n" });
    assert.equal(result.code, 1, result.stderr);
    assert.match(await read(ws, "geometry.js"), /2 \* \(width \+ height\)/);
    assert.equal(await read(ws, "units.js"), JS_TWO_FILES.files["units.js"]);
  });

  it("a bug in two files: cancelling after a change to both takes both back", async () => {
    server = await startScriptedModelServer([
      { reply: JS_TWO_FILES.fixGeometry + JS_TWO_FILES.wrongUnits },
      { fault: "hang" },
    ]);
    const ws = await makeProject(JS_TWO_FILES.files);
    const cli = await cliSession();
    const result = await cli.run(fix(ws, JS_TWO_FILES.target, ["--yes"]), {
      // The reachability check, the first chat, then the second one, which hangs until the interrupt.
      onStart: (interrupt) => void server.waitForRequests(3).then(interrupt),
    });
    assert.notEqual(result.code, 0, result.stderr);
    assert.match(result.stderr, /Cancelled/);
    assert.match(result.stderr, /taken back \((?=[^)]*geometry\.js)(?=[^)]*units\.js)[^)]*\)/);
    assert.equal(await read(ws, "geometry.js"), JS_TWO_FILES.files["geometry.js"]);
    assert.equal(await read(ws, "units.js"), JS_TWO_FILES.files["units.js"]);
    assert.match(prompt(server, 1), /Iteration 1: changed geometry\.js, units\.js/);
  });

  it("started from the test file: fixes the source it exercises and its helper, never the test", async () => {
    server = await startScriptedModelServer([{ reply: PY_FROM_TEST.fix }]);
    const ws = await makeProject(PY_FROM_TEST.files);
    const cli = await cliSession();
    const result = await cli.run(fix(ws, PY_FROM_TEST.test, ["--yes"]));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /tests\/test_invoice\.py is a test file: fixing billing\/invoice\.py/);
    assert.equal(await read(ws, PY_FROM_TEST.test), PY_FROM_TEST.files["tests/test_invoice.py"]);
    assert.match(await read(ws, PY_FROM_TEST.helper), /RATES\["junior"\]\)\n/);
    const text = prompt(server);
    assert.match(text, /## billing\/invoice\.py\n```python/);
    assert.match(text, /## billing\/rates\.py \(imported\)/);
    assert.match(text, /## tests\/test_invoice\.py \(read-only\)/);
    const history = await cli.run(["history"]);
    assert.match(history.stdout, /green\s+billing\/invoice\.py/);
  });
});
