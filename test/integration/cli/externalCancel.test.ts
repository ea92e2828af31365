import assert from "node:assert/strict";
import { runFixLoop } from "../../../agent-core/loop/runLoop";
import { ProcessTestExecutor } from "../../../agent-core/node/processExecutor";
import { NodeWorkspaceFiles } from "../../../agent-core/node/workspaceFiles";
import type { TestExecutor } from "../../../agent-core/ports";
import { createProvider } from "../../../agent-core/providers";
import { FIX_ADD, FIX_MULTIPLY, JS_CALC, makeProject, read } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

describe("a test run stopped from outside the loop", function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  /** A real process executor whose runs number `stopped` come back cancelled, as a closed task terminal does. */
  function flakyExecutor(stopped: Set<number>): TestExecutor {
    const real = new ProcessTestExecutor();
    let runs = 0;
    return {
      async execute(command, options) {
        runs++;
        const result = await real.execute(command, options);
        return stopped.has(runs) ? { ...result, cancelled: true, exitCode: null } : result;
      },
    };
  }

  async function run(stopped: Set<number>) {
    server = await startScriptedModelServer([{ reply: FIX_ADD + FIX_MULTIPLY }]);
    const ws = await makeProject(JS_CALC);
    const summary = await runFixLoop(
      { workspace: ws, targetFile: "calc.js", approval: "auto-all", memory: { enabled: false, replay: false } },
      {
        files: new NodeWorkspaceFiles(ws),
        tests: flakyExecutor(stopped),
        approve: async () => ({ files: [] }),
        model: createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "k" }),
      },
    );
    return { summary, ws };
  }

  it("is run again once and the loop carries on", async () => {
    const { summary, ws } = await run(new Set([2]));
    assert.equal(summary.reason, "green", summary.message);
    assert.match(await read(ws, "calc.js"), /a \* b/);
  });

  it("ends the run as a test error, not as a user cancel, when it happens twice", async () => {
    const { summary, ws } = await run(new Set([2, 3]));
    assert.equal(summary.reason, "test-error");
    assert.match(summary.message, /stopped from outside/);
    // Not a user cancel: the applied (unverified) change is kept for the user to judge or undo.
    assert.match(await read(ws, "calc.js"), /a \* b/);
  });
});
