import assert from "node:assert/strict";
import path from "node:path";
import { createProvider } from "../../../agent-core/providers";
import { loadProject } from "../../../agent-core/training/projects";
import { ablationViolations, type RunTotals, runAblation } from "../../memory-proof/ablationRunner";
import { REPO_ROOT } from "../../memory-proof/sources";
import { createPracticeResponder } from "../../support/practiceResponder";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

describe("memory proof: ablation with the scripted stand-in model", function () {
  this.timeout(400_000);
  let server: ScriptedServer | undefined;
  afterEach(async () => server?.close());

  it("names every way memory ON can lose: red where OFF was green, more model calls, no replay of a recurrence", () => {
    const run = (memory: boolean, index: number, perProject: RunTotals["perProject"]): RunTotals => ({
      memory,
      run: index,
      iterations: 0,
      modelCalls: perProject.reduce((n, p) => n + p.modelCalls, 0),
      promptTokens: 0,
      passRate: 0,
      solved: 0,
      projects: perProject.length,
      perProject,
    });
    const good = [
      run(false, 1, [{ id: "p", solved: true, modelCalls: 2 }]),
      run(false, 2, [{ id: "p", solved: true, modelCalls: 2 }]),
    ];
    const on = (first: RunTotals["perProject"][number], second: RunTotals["perProject"][number]) => [
      ...good,
      run(true, 1, [first]),
      run(true, 2, [second]),
    ];
    assert.deepEqual(
      ablationViolations(on({ id: "p", solved: true, modelCalls: 2 }, { id: "p", solved: true, modelCalls: 0 })),
      [],
    );
    assert.match(
      ablationViolations(on({ id: "p", solved: false, modelCalls: 2 }, { id: "p", solved: true, modelCalls: 2 })).join(
        "\n",
      ),
      /run 1: p went green with memory OFF but ended red with memory ON/,
    );
    assert.match(
      ablationViolations(on({ id: "p", solved: true, modelCalls: 3 }, { id: "p", solved: true, modelCalls: 0 })).join(
        "\n",
      ),
      /run 1: p made 3 model calls with memory ON, 2 with it OFF/,
    );
    assert.match(
      ablationViolations(on({ id: "p", solved: true, modelCalls: 2 }, { id: "p", solved: true, modelCalls: 1 })).join(
        "\n",
      ),
      /run 2: p recurred exactly but was not replayed/,
    );
  });

  it("over three runs, memory ON is never red where OFF went green, never costs more calls, and replays every recurrence", async () => {
    // A Rust crate's failures name neither test file nor test folder: its recurrences must replay too.
    const ids = ["javascript/string_utils", "python/calculator", "rust/inventory"];
    const projects = await Promise.all(ids.map((id) => loadProject(path.join(REPO_ROOT, "practice", id))));
    const responder = await createPracticeResponder({
      projects,
      solutionsDir: path.join(REPO_ROOT, "test", "fixtures", "solutions"),
      behaviours: Object.fromEntries(ids.map((id) => [id, "wrong-first" as const])),
    });
    server = await startScriptedModelServer(responder.respond);
    const model = createProvider({
      provider: "openai",
      model: "scripted",
      baseUrl: server.openaiBaseUrl,
      apiKey: "unused",
      maxRetries: 0,
    });
    const totals = await runAblation({ projects, model, runs: 3, onRun: () => responder.reset() });
    assert.deepEqual(ablationViolations(totals), []);
    const [off, on] = [false, true].map((memory) => totals.filter((t) => t.memory === memory));
    assert.ok(
      off.every((t) => t.passRate === 1 && t.modelCalls === 6),
      `the stand-in is wrong once per project, then right: ${JSON.stringify(off)}`,
    );
    assert.deepEqual(
      on.map((t) => t.modelCalls),
      [6, 0, 0],
      "run 1 learns, runs 2 and 3 replay",
    );
    assert.deepEqual(
      on[0].promptTokens,
      off[0].promptTokens,
      "with nothing of its own project yet, memory adds nothing to run 1's prompts",
    );
  });
});
