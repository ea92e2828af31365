import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createProvider } from "../../../agent-core/providers";
import { loadPracticeProjects } from "../../../agent-core/training/projects";
import { appendRuns, REPORT_HTML, REPORT_JSON } from "../../../agent-core/training/report";
import { iterationsText, runHeadline, type TrainingRun } from "../../../agent-core/training/reportSchema";
import { notTheModels, runTrainingRun, TrainingAbortedError } from "../../../agent-core/training/runner";
import { runTraining, type TrainingProgress } from "../../../agent-core/training/train";
import { PracticeWorkspace } from "../../../agent-core/training/workspace";
import { closedPortUrl } from "../../support/closedPort";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { PRACTICE_DIR } from "./helpers";

process.env.LANCEDB_LOG ??= "error";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Training that fails for reasons that are not the model's, and the words every outcome comes with. */
describe("training failures and what they say", function () {
  this.timeout(120_000);
  let tmp: string;
  let server: ScriptedServer | undefined;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "gl-train-fail-"));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(tmp, { recursive: true, force: true });
  });

  it("with the model server down it stops at the first project, says why and adds no run to the report", async () => {
    const url = `${await closedPortUrl()}/v1`;
    const progress: TrainingProgress[] = [];
    const workspaceDir = path.join(tmp, "practice");
    const error = await runTraining({
      practiceDir: PRACTICE_DIR,
      workspaceDir,
      memoryDir: path.join(tmp, "memory"),
      model: createProvider({ provider: "openai", model: "scripted", baseUrl: url, apiKey: "k" }),
      maxIterations: 8,
      signal: new AbortController().signal,
      log: silent,
      onProgress: (_message, p) => progress.push(p),
    }).then(
      () => assert.fail("training with no model must not succeed"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TrainingAbortedError, String(error));
    assert.equal(error.kind, "model");
    assert.match(
      error.message,
      /^Training stopped: the model did not answer \([a-z]+\/\w+\): .*127\.0\.0\.1.*No run was added to the training report\.$/s,
    );
    assert.equal(progress.filter((p) => p.result).length, 1, "one project, then the stop");
    assert.ok(
      !existsSync(path.join(new PracticeWorkspace(workspaceDir).reportsDir, REPORT_JSON)),
      "no report for a run that measured nothing",
    );
  });

  it("a practice project whose tests cannot run stops the run as a setup failure, naming the project", async () => {
    const practice = path.join(tmp, "my-practice", "broken");
    await mkdir(practice, { recursive: true });
    await writeFile(path.join(practice, "broken.js"), "exports.f = () => 1;\n");
    await writeFile(path.join(practice, "broken.test.js"), "require('node:test')('f', () => {});\n");
    await writeFile(
      path.join(practice, "greenloop.json"),
      JSON.stringify({
        name: "broken",
        language: "javascript",
        difficulty: 1,
        skills: ["none"],
        description: "Tests that cannot run.",
        target: ["broken.js"],
        tests: ["broken.test.js"],
        testCommand: ["no-such-test-runner-xyz", "run"],
      }),
    );
    const { projects, problems } = await loadPracticeProjects(path.dirname(practice));
    assert.deepEqual(problems, []);
    server = await startScriptedModelServer([{ reply: "nothing" }]);
    const model = createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "k" });
    const error = await runTrainingRun({
      projects,
      workspace: new PracticeWorkspace(path.join(tmp, "ws")),
      model,
      tries: 2,
      maxIterations: 2,
    }).then(
      () => assert.fail("a run whose tests cannot run must not be reported"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TrainingAbortedError, String(error));
    assert.equal(error.kind, "setup");
    assert.match(error.message, /could not be set up or tested: .*no-such-test-runner-xyz/s);
    assert.equal(server.chatRequests().length, 0, "no model was asked");
  });

  it("classifies stop reasons: only the model's own failures count in a run", () => {
    assert.equal(
      notTheModels({ reason: "model-error", message: "Cannot reach the model server at http://x", modelCalls: 0 }),
      "model",
    );
    assert.equal(
      notTheModels({ reason: "model-error", message: "The model's answer was too large. …", modelCalls: 0 }),
      undefined,
    );
    assert.equal(notTheModels({ reason: "test-error", message: "The tests could not run", modelCalls: 0 }), "setup");
    assert.equal(notTheModels({ reason: "error", message: "File not found: x.js", modelCalls: 0 }), "setup");
    for (const reason of ["green", "max-iterations", "stuck", "token-budget", "time-budget"] as const) {
      assert.equal(notTheModels({ reason, message: "", modelCalls: 3 }), undefined, reason);
    }
  });

  it("every ✗ says why in the HTML report, and iterations over several tries say so", async () => {
    const run: TrainingRun = {
      runId: "train-1",
      startedAt: new Date(0).toISOString(),
      memory: true,
      model: "openai:scripted",
      tries: 2,
      maxIterations: 8,
      projects: [
        {
          id: "javascript/collections",
          language: "javascript",
          solved: true,
          solvedOnTry: 1,
          tries: 1,
          iterations: 2,
          modelCalls: 2,
          promptTokens: 900,
          completionTokens: 100,
          durationMs: 4000,
          tampered: false,
          wellFormed: 2,
          malformed: 0,
          stopReason: "green",
        },
        {
          id: "python/dates",
          language: "python",
          solved: false,
          solvedOnTry: null,
          tries: 2,
          iterations: 16,
          modelCalls: 16,
          promptTokens: 9000,
          completionTokens: 1000,
          durationMs: 80_000,
          tampered: false,
          wellFormed: 16,
          malformed: 0,
          stopReason: "max-iterations",
          reason: "Stopped after 8 iterations: 2 tests still fail (test_parse_iso).",
        },
      ],
      passRateFirstTry: 0.5,
      passRateFinal: 0.5,
      wellFormedRate: 1,
    };
    const { html } = await appendRuns(path.join(tmp, "reports"), [run]);
    assert.equal(path.basename(html), REPORT_HTML);
    const text = await readFile(html, "utf8");
    assert.match(
      text,
      /✗ max-iterations<div class="why">Stopped after 8 iterations: 2 tests still fail \(test_parse_iso\)\.<\/div>/,
    );
    assert.match(text, /<td>16 iterations over 2 tries \(up to 8 each\)<\/td>/);
    assert.equal(iterationsText({ iterations: 2, tries: 1 }, 8), "2 iterations (up to 8)");
    assert.equal(iterationsText({ iterations: 1, tries: 1 }), "1 iteration");
    assert.equal(
      runHeadline(run),
      "1 of 2 projects solved (50%), 1 on the first try; 18 model calls, 11,000 tokens, 1.4 min",
    );
  });
});
