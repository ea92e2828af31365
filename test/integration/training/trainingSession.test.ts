import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createProvider } from "../../../agent-core/providers";
import { loadPracticeProjects } from "../../../agent-core/training/projects";
import { REPORT_JSON } from "../../../agent-core/training/report";
import { runTraining } from "../../../agent-core/training/train";
import { PracticeWorkspace } from "../../../agent-core/training/workspace";
import { createPracticeResponder } from "../../support/practiceResponder";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { PRACTICE_DIR, SOLUTIONS_DIR } from "./helpers";

process.env.LANCEDB_LOG ??= "error";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** The hosts' training entry: it takes the model a host built, and the projects it names. */
describe("runTraining with a host's model and chosen projects", function () {
  this.timeout(120_000);
  let tmp: string;
  let server: ScriptedServer | undefined;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "gl-train-session-"));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(tmp, { recursive: true, force: true });
  });

  it("practises only the named project with the model given, and the report names that model", async () => {
    const { projects } = await loadPracticeProjects(PRACTICE_DIR);
    const responder = await createPracticeResponder({ projects, solutionsDir: SOLUTIONS_DIR });
    server = await startScriptedModelServer(responder.respond, { chunkChars: 256 });
    const workspaceDir = path.join(tmp, "practice");
    const outcome = await runTraining({
      practiceDir: PRACTICE_DIR,
      workspaceDir,
      memoryDir: path.join(tmp, "memory"),
      model: createProvider({ provider: "openai", model: "scripted-7b", baseUrl: server.openaiBaseUrl, apiKey: "k" }),
      projects: ["javascript/collections"],
      maxIterations: 3,
      signal: new AbortController().signal,
      log: silent,
    });
    assert.deepEqual(
      outcome.run.projects.map((p) => [p.id, p.solved]),
      [["javascript/collections", true]],
    );
    assert.equal(outcome.run.model, "openai:scripted-7b");
    assert.deepEqual(
      responder.answers.map((a) => a.projectId),
      ["javascript/collections"],
    );
    const saved = JSON.parse(
      await readFile(path.join(new PracticeWorkspace(workspaceDir).reportsDir, REPORT_JSON), "utf8"),
    );
    assert.equal(saved.runs.at(-1).model, "openai:scripted-7b");
  });

  it("a project that is not there is refused by name, with the ones that are", async () => {
    server = await startScriptedModelServer([]);
    const error = await runTraining({
      practiceDir: PRACTICE_DIR,
      workspaceDir: path.join(tmp, "practice"),
      memoryDir: path.join(tmp, "memory"),
      model: createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "k" }),
      projects: ["javascript/collections", "cobol/payroll"],
      maxIterations: 3,
      signal: new AbortController().signal,
      log: silent,
    }).then(
      () => assert.fail("an unknown project must be refused"),
      (e: unknown) => e as Error,
    );
    assert.match(error.message, /^No practice project "cobol\/payroll" in .*Available: .*javascript\/collections/s);
    assert.equal(server.chatRequests().length, 0);
  });
});
