import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ShadowCheckpoints } from "../../../agent-core/checkpoints/shadowGit";
import type { LoopEvent } from "../../../agent-core/events";
import { runFixLoop } from "../../../agent-core/loop/runLoop";
import { ProcessTestExecutor } from "../../../agent-core/node/processExecutor";
import { NodeWorkspaceFiles } from "../../../agent-core/node/workspaceFiles";
import type { ApprovalGate, TestExecutor } from "../../../agent-core/ports";
import { createProvider } from "../../../agent-core/providers";
import { JS_CALC, makeProject } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { closedPortUrl } from "../providers/helpers";

/** Runs the real process executor and remembers every command it ran. */
class RecordingTests implements TestExecutor {
  readonly ran: string[] = [];
  private readonly inner = new ProcessTestExecutor();
  execute: TestExecutor["execute"] = (command, options) => {
    this.ran.push(command.argv.join(" "));
    return this.inner.execute(command, options);
  };
}

const neverAsked: ApprovalGate = async () => {
  throw new Error("no change should reach review");
};

/** What a first run tells the user before it spends time on tests: the model server is there, the file has tests. */
describe("a run's first contact", function () {
  this.timeout(60_000);
  let storage: string;
  let server: ScriptedServer | undefined;
  beforeEach(async () => {
    storage = await mkdtemp(path.join(os.tmpdir(), "gl-store-"));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(storage, { recursive: true, force: true });
  });

  async function run(ws: string, target: string, baseUrl: string, provider: "ollama" | "openai") {
    const tests = new RecordingTests();
    const events: LoopEvent[] = [];
    const summary = await runFixLoop(
      { workspace: ws, targetFile: target, approval: "ask", memory: { enabled: false, replay: false } },
      {
        files: new NodeWorkspaceFiles(ws),
        tests,
        approve: neverAsked,
        model: createProvider({ provider, model: "scripted", baseUrl, maxRetries: 3 }),
        checkpoints: new ShadowCheckpoints({ workspace: ws, storageDir: path.join(storage, "checkpoints") }),
        onEvent: (e) => events.push(e),
      },
    );
    return { summary, tests, events };
  }

  it("stops on an unreachable model server before the checkpoint and the tests", async () => {
    const ws = await makeProject(JS_CALC);
    const { summary, tests, events } = await run(ws, "calc.js", await closedPortUrl(), "ollama");
    assert.equal(summary.reason, "model-error", summary.message);
    assert.match(summary.message, /Cannot reach Ollama at http:\/\/127\.0\.0\.1:\d+ — .*ollama serve/);
    assert.deepEqual(tests.ran, [], "the tests ran although the model could never be asked");
    assert.equal(summary.checkpointId, undefined, "a checkpoint was taken for a run that could not start");
    assert.equal(summary.modelCalls, 0);
    assert.deepEqual(
      events.map((e) => e.type),
      ["run-started", "run-finished"],
    );
  });

  it("says that no test covers a file whose tests pass without it", async () => {
    server = await startScriptedModelServer();
    const ws = await makeProject({
      ...JS_CALC,
      "notes.js": "module.exports = 1;\n",
      "calc.js": JS_CALC["calc.js"].replace(/throw new Error\("TODO: (add|multiply)"\);/g, (_, op) =>
        op === "add" ? "return a + b;" : "return a * b;",
      ),
    });
    const { summary, tests } = await run(ws, "notes.js", server.openaiBaseUrl, "openai");
    assert.equal(summary.reason, "green");
    assert.equal(summary.iterations, 0);
    assert.equal(tests.ran.length, 1, "one baseline run");
    assert.match(
      summary.message,
      /^No test covers notes\.js: .*2 tests pass without any change, so there is nothing to fix\. Write a test that shows the bug \(for example notes\.test\.js\)/,
    );
    assert.equal(server.chatRequests().length, 0);
  });

  it("says nothing is left to fix when the file's own tests already pass", async () => {
    server = await startScriptedModelServer();
    const ws = await makeProject({
      ...JS_CALC,
      "calc.js": JS_CALC["calc.js"].replace(/throw new Error\("TODO: (add|multiply)"\);/g, (_, op) =>
        op === "add" ? "return a + b;" : "return a * b;",
      ),
    });
    const { summary } = await run(ws, "calc.js", server.openaiBaseUrl, "openai");
    assert.equal(summary.reason, "green");
    assert.match(summary.message, /^Nothing to fix: the 2 tests pass already, including test\/calc\.test\.js\./);
  });
});
