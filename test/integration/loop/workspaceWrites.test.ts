import assert from "node:assert/strict";
import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ShadowCheckpoints } from "../../../agent-core/checkpoints/shadowGit";
import { runFixLoop } from "../../../agent-core/loop/runLoop";
import { ProcessTestExecutor } from "../../../agent-core/node/processExecutor";
import { NodeWorkspaceFiles } from "../../../agent-core/node/workspaceFiles";
import type { ApprovalGate, LoopPorts, TestExecutor } from "../../../agent-core/ports";
import { createProvider } from "../../../agent-core/providers";
import { FIX_ADD, FIX_MULTIPLY, JS_CALC, makeProject, read, WRONG_MULTIPLY } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

/** The loop's writes against a user who keeps working: nothing of theirs is overwritten or reverted. */
describe("the loop's writes and a user editing at the same time", function () {
  this.timeout(90_000);
  let server: ScriptedServer;
  let storage: string;
  beforeEach(async () => {
    storage = await mkdtemp(path.join(os.tmpdir(), "gl-store-"));
  });
  afterEach(async () => {
    await server?.close();
    await rm(storage, { recursive: true, force: true });
  });

  async function run(
    ws: string,
    replies: string[],
    approve: ApprovalGate,
    extra: Partial<LoopPorts> = {},
    signal?: AbortSignal,
  ) {
    server = await startScriptedModelServer(replies.map((reply) => ({ reply })));
    return runFixLoop(
      { workspace: ws, targetFile: "calc.js", approval: "ask", memory: { enabled: false, replay: false } },
      {
        files: new NodeWorkspaceFiles(ws),
        tests: new ProcessTestExecutor(),
        approve,
        model: createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "k" }),
        checkpoints: new ShadowCheckpoints({ workspace: ws, storageDir: path.join(storage, "checkpoints") }),
        ...extra,
      },
      signal,
    );
  }
  const acceptEverything: ApprovalGate = async (request) => ({
    files: request.files.map((f) => ({ path: f.path, acceptedHunks: f.hunks.map((_, i) => i) })),
  });

  it("applies a reviewed change on top of lines the user added while it waited", async () => {
    const ws = await makeProject(JS_CALC);
    const summary = await run(ws, [FIX_ADD + FIX_MULTIPLY], async (request) => {
      await appendFile(path.join(ws, "calc.js"), "// note typed during review\n");
      return acceptEverything(request);
    });
    assert.equal(summary.reason, "green", summary.message);
    const text = await read(ws, "calc.js");
    assert.match(text, /return a \+ b/);
    assert.match(text, /\/\/ note typed during review\n$/);
  });

  it("withdraws a change whose lines the user rewrote while it waited, keeping the user's text", async () => {
    const ws = await makeProject(JS_CALC);
    let asked = 0;
    const mine = JS_CALC["calc.js"].replace('throw new Error("TODO: add");', "return b + a; // mine");
    await run(ws, [FIX_ADD + FIX_MULTIPLY, FIX_MULTIPLY], async (request) => {
      if (++asked === 1) await writeFile(path.join(ws, "calc.js"), mine);
      return acceptEverything(request);
    });
    assert.match(await read(ws, "calc.js"), /return b \+ a; \/\/ mine/);
  });

  it("on cancel takes back only its own change and reports the user's edits as left alone", async () => {
    const ws = await makeProject({ ...JS_CALC, "notes.md": "notes\n" });
    const controller = new AbortController();
    const tests: TestExecutor = {
      async execute(command, options) {
        const result = await new ProcessTestExecutor().execute(command, options);
        if (options.label !== "full suite" || (await read(ws, "calc.js")).includes("a + b")) {
          // The user edits while the tests of the patched code run, then presses Stop.
          await appendFile(path.join(ws, "calc.js"), "// user line\n");
          await writeFile(path.join(ws, "notes.md"), "notes, edited\n");
          controller.abort();
        }
        return result;
      },
    };
    const summary = await run(ws, [WRONG_MULTIPLY], acceptEverything, { tests }, controller.signal);
    assert.equal(summary.reason, "cancelled");
    const text = await read(ws, "calc.js");
    assert.equal(text, JS_CALC["calc.js"] + "// user line\n", "the run's change is out, the user's line is in");
    assert.equal(await read(ws, "notes.md"), "notes, edited\n");
    assert.match(summary.message, /notes\.md/);
  });

  for (const keep of [true, false, undefined]) {
    const what =
      keep === undefined
        ? "takes it back when nobody can be asked"
        : keep
          ? "keeps it when the user says so"
          : "takes it back when the user says so";
    it(`asks before taking back a change the failing tests passed with when Stop comes during the full suite, and ${what}`, async () => {
      // A passing test besides the failing ones, so the failing tests run on their own before the full suite.
      const passing =
        'const test = require("node:test");\nconst assert = require("node:assert/strict");\nconst { subtract } = require("../calc");\ntest("subtract", () => assert.equal(subtract(5, 3), 2));\n';
      const ws = await makeProject({ ...JS_CALC, "test/sub.test.js": passing });
      const controller = new AbortController();
      const tests: TestExecutor = {
        async execute(command, options) {
          const result = await new ProcessTestExecutor().execute(command, options);
          if ((await read(ws, "calc.js")).includes("a * b") && options.label === "full suite") controller.abort();
          return controller.signal.aborted ? { ...result, cancelled: true } : result;
        },
      };
      const asked: string[] = [];
      const keepOnStop =
        keep === undefined ? undefined : async (q: { message: string }) => (asked.push(q.message), keep);
      const summary = await run(
        ws,
        [FIX_ADD + FIX_MULTIPLY],
        acceptEverything,
        { tests, keepOnStop },
        controller.signal,
      );
      assert.equal(summary.reason, "cancelled");
      assert.equal(asked.length, keep === undefined ? 0 : 1);
      if (keep) {
        assert.match(summary.message, /kept/);
        assert.match(await read(ws, "calc.js"), /return a \* b/);
      } else {
        assert.match(summary.message, /failing tests had passed/);
        assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
      }
    });
  }

  it("refuses to start beside another run on the same workspace, naming it", async () => {
    const ws = await makeProject(JS_CALC);
    const other = await new ShadowCheckpoints({ workspace: ws, storageDir: path.join(storage, "checkpoints") }).begin({
      runId: "other",
      target: "calc.js",
    });
    try {
      const summary = await run(ws, [FIX_ADD], acceptEverything);
      assert.equal(summary.reason, "error");
      assert.match(summary.message, /Another Greenloop run is working on .*fixing calc\.js/);
      assert.equal(server.chatRequests().length, 0, "no question reached the model");
    } finally {
      await other.end("kept");
    }
  });
});
