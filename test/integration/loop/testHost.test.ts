import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import type { LoopEvent } from "../../../agent-core/events";
import { runFixLoop } from "../../../agent-core/loop/runLoop";
import { ProcessTestExecutor } from "../../../agent-core/node/processExecutor";
import { NodeWorkspaceFiles } from "../../../agent-core/node/workspaceFiles";
import type { TestExecutor } from "../../../agent-core/ports";
import { createProvider } from "../../../agent-core/providers";
import { FIX_ADD, FIX_MULTIPLY, JS_CALC, makeProject } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

/** A host whose test runner fails (a task that never starts) or hangs: the run ends with a reason, never waits. */
describe("the loop when the host cannot run the tests", function () {
  this.timeout(90_000);
  let server: ScriptedServer | undefined;
  let ws: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (ws) await rm(ws, { recursive: true, force: true });
  });

  async function run(tests: TestExecutor, timeBudgetMs?: number) {
    ws = await makeProject(JS_CALC);
    server = await startScriptedModelServer([{ reply: FIX_ADD + FIX_MULTIPLY }]);
    const events: LoopEvent[] = [];
    const summary = await runFixLoop(
      {
        workspace: ws,
        targetFile: "calc.js",
        approval: "auto-target",
        memory: { enabled: false, replay: false },
        ...(timeBudgetMs ? { timeBudgetMs } : {}),
      },
      {
        files: new NodeWorkspaceFiles(ws),
        tests,
        approve: async () => ({ files: [] }),
        model: createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "k" }),
        onEvent: (e) => events.push(e),
      },
    );
    return { summary, events };
  }

  /** Runs the real tests, except the full suite, which `fullSuite` answers. */
  function failingFullSuite(fullSuite: TestExecutor["execute"]): TestExecutor {
    const real = new ProcessTestExecutor();
    return {
      execute: (command, options) =>
        options.label === "full suite" ? fullSuite(command, options) : real.execute(command, options),
    };
  }

  it("a test run the host could not start ends the run as a test error that says why", async () => {
    const { summary } = await run(
      failingFullSuite(async () => {
        throw new Error("The test task (full suite) did not start: VS Code did not run it within 30 s, twice.");
      }),
    );
    assert.equal(summary.reason, "test-error", summary.message);
    assert.match(summary.message, /^The tests could not run: The test task \(full suite\) did not start/);
  });

  it("the time budget ends a run whose test run never returns on its own", async () => {
    let fullSuiteAsked = false;
    const { summary } = await run(
      failingFullSuite(
        (_command, options) =>
          new Promise((_resolve, reject) => {
            fullSuiteAsked = true;
            // Like a task VS Code never runs: only the loop's signal ends the wait.
            options.signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true });
          }),
      ),
      20_000,
    );
    assert.ok(fullSuiteAsked, "the run never got to the full suite");
    assert.equal(summary.reason, "time-budget", summary.message);
  });
});
