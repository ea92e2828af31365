import assert from "node:assert/strict";
import path from "node:path";
import { createProvider } from "../../../agent-core/providers";
import { loadProject } from "../../../agent-core/training/projects";
import { startScriptedModelServer, type ScriptedServer } from "../../support/scriptedModelServer";
import { runAblation } from "../../memory-proof/ablationRunner";
import { JS_MUTATIONS } from "../../memory-proof/jsCatalog";
import { fileFromPrompt, practiceResponder, responderProjects } from "../../memory-proof/practiceResponder";
import { loadCorrectProgram, REPO_ROOT } from "../../memory-proof/sources";

describe("memory proof: ablation with the scripted stand-in model", function () {
  this.timeout(90_000);
  let server: ScriptedServer | undefined;
  afterEach(async () => server?.close());

  it("reads the current file back out of a loop prompt", () => {
    const prompt = "## Task\nMake the failing tests pass by editing `a.js`.\n\n## a.js\n```javascript\nconst x = 1;\n\n```\n\n## a.test.js (read-only)\n```javascript\nt\n```";
    assert.equal(fileFromPrompt(prompt, "a.js"), "const x = 1;\n");
    assert.equal(fileFromPrompt(prompt, "b.js"), undefined);
  });

  it("memory ON replays the proven fix in run 2 without a model call; memory OFF needs the model again", async () => {
    const id = "javascript/string_utils";
    const project = await loadProject(path.join(REPO_ROOT, "practice", id));
    const programs = [await loadCorrectProgram(id)];
    server = await startScriptedModelServer(practiceResponder(responderProjects(programs, JS_MUTATIONS, () => true)));
    const model = createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "unused", maxRetries: 0 });
    const totals = await runAblation({ projects: [project], model, runs: 2 });
    const [off1, off2, on1, on2] = totals;
    assert.deepEqual(totals.map((t) => [t.memory, t.run]), [[false, 1], [false, 2], [true, 1], [true, 2]]);
    assert.ok(totals.every((t) => t.passRate === 1), JSON.stringify(totals));
    assert.equal(off1.modelCalls, 2, "the stand-in is wrong once, then right");
    assert.equal(off2.modelCalls, 2, "without memory, run 2 costs the same");
    assert.equal(on1.modelCalls, 2, "memory has nothing to offer in its first run");
    assert.equal(on2.modelCalls, 0, "run 2 with memory replays the fix");
    assert.ok(on2.modelCalls < off2.modelCalls && on2.iterations < off2.iterations);
  });
});
