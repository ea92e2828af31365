import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LoopEvent } from "../../../agent-core/events";
import { openFailureMemory } from "../../../agent-core/memory/openStore";
import { createProvider } from "../../../agent-core/providers";
import type { PracticeProject } from "../../../agent-core/training/projects";
import type { TrainingRun } from "../../../agent-core/training/reportSchema";
import { runTrainingRun } from "../../../agent-core/training/runner";
import { PracticeWorkspace } from "../../../agent-core/training/workspace";
import { createPracticeResponder, type PracticeResponder } from "../../support/practiceResponder";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { attemptFolder, BEHAVIOURS, chosenProjects, folderDigest, PRACTICE_DIR, SOLUTIONS_DIR } from "./helpers";

process.env.LANCEDB_LOG ??= "error";

type Recorded = Array<{ projectId: string; event: LoopEvent }>;

describe("training runs through runTrainingRun (scripted OpenAI server, streaming)", function () {
  this.timeout(120_000);
  let server: ScriptedServer;
  let responder: PracticeResponder;
  let projects: PracticeProject[];
  let workspace: PracticeWorkspace;
  let practiceBefore: string;
  let tmp: string;
  const runs: TrainingRun[] = [];
  const events: Recorded[] = [];

  before(async () => {
    practiceBefore = await folderDigest(PRACTICE_DIR);
    projects = await chosenProjects();
    responder = await createPracticeResponder({
      projects,
      solutionsDir: SOLUTIONS_DIR,
      behaviours: BEHAVIOURS,
    });
    server = await startScriptedModelServer(responder.respond, { chunkChars: 256 });
    tmp = await mkdtemp(path.join(os.tmpdir(), "gl-train-"));
    workspace = new PracticeWorkspace(path.join(tmp, "practice"));
    const memory = await openFailureMemory({ dir: path.join(tmp, "memory") });
    const model = createProvider({
      provider: "openai",
      model: "scripted",
      baseUrl: server.openaiBaseUrl,
      apiKey: "test-key",
    });
    try {
      for (let r = 0; r < 2; r++) {
        // The second run meets the same pretend model from scratch: any saving comes from memory alone.
        responder.reset();
        const recorded: Recorded = [];
        runs.push(
          await runTrainingRun({
            projects,
            workspace,
            model,
            memory,
            tries: 2,
            maxIterations: 2,
            onEvent: (projectId, event) => recorded.push({ projectId, event }),
          }),
        );
        events.push(recorded);
      }
    } finally {
      await memory.close();
    }
  });
  after(async () => {
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const result = (run: number, id: string) => {
    const found = runs[run].projects.find((p) => p.id === id);
    assert.ok(found, `run ${run + 1} has a result for ${id}`);
    return found;
  };
  const proposals = (run: number, id: string) =>
    events[run]
      .filter((e) => e.projectId === id && e.event.type === "patch-proposed")
      .map((e) => (e.event as Extract<LoopEvent, { type: "patch-proposed" }>).source);

  it("solves the projects the pretend model solves, in all three languages, over the real OpenAI client", () => {
    const first = runs[0];
    assert.deepEqual(first.projects.map((p) => p.id).sort(), projects.map((p) => p.id).sort());
    assert.deepEqual(new Set(first.projects.map((p) => p.language)), new Set(["javascript", "typescript", "python"]));
    const solve = result(0, "python/calculator");
    assert.deepEqual([solve.solved, solve.solvedOnTry, solve.iterations, solve.modelCalls], [true, 1, 1, 1]);
    const wrongFirst = result(0, "typescript/calculator");
    assert.deepEqual(
      [wrongFirst.solved, wrongFirst.solvedOnTry, wrongFirst.iterations, wrongFirst.modelCalls],
      [true, 1, 2, 2],
    );
    assert.ok(
      first.projects.every((p) => p.promptTokens > 0 && p.completionTokens > 0),
      "token use is counted",
    );
    const chats = server.chatRequests();
    assert.ok(
      chats.length > 0 && chats.every((c) => c.protocol === "openai" && c.streamed),
      "every answer was streamed over the OpenAI wire",
    );
  });

  it("marks a tampering attempt, keeps the pristine tests, and counts the later real pass", async () => {
    const tamper = result(0, "javascript/string_utils");
    assert.equal(tamper.tampered, true);
    assert.deepEqual(
      [tamper.solved, tamper.solvedOnTry],
      [true, 1],
      "solved because the pristine tests pass after the real fix",
    );
    const refused = events[0].filter(
      (e) => e.projectId === "javascript/string_utils" && e.event.type === "edit-failed",
    );
    assert.ok(
      refused.some(
        (e) =>
          e.event.type === "edit-failed" && e.event.errors.some((m) => /string_utils\.test\.js is a test file/.test(m)),
      ),
    );
    const project = projects.find((p) => p.id === "javascript/string_utils")!;
    const copy = path.join(workspace.attemptsDir, runs[0].runId, attemptFolder(project.id));
    for (const test of project.tests) {
      assert.equal(
        await readFile(path.join(copy, test), "utf8"),
        await readFile(path.join(project.dir, test), "utf8"),
        `${test} is untouched`,
      );
    }
    assert.equal(result(0, "python/calculator").tampered, false);
  });

  it("stops a project that is never solved at its budget, on every try", () => {
    const never = result(0, "python/math_operations");
    assert.equal(never.solved, false);
    assert.equal(never.solvedOnTry, null);
    assert.equal(never.tries, 2);
    assert.ok(["max-iterations", "stuck"].includes(never.stopReason), never.stopReason);
    assert.ok(never.modelCalls >= 2);
    // Every ✗ says why, in the loop's words; the run records the limits its iterations are counted against.
    assert.match(never.reason ?? "", /iteration|same/i, never.reason);
    assert.equal(result(0, "python/calculator").reason, undefined, "a solved project needs no reason");
    assert.deepEqual([runs[0].tries, runs[0].maxIterations], [2, 2]);
  });

  it("counts malformed answers in the well-formed rate", () => {
    const malformed = result(0, "typescript/roman_numerals");
    assert.deepEqual([malformed.malformed, malformed.wellFormed, malformed.solved], [1, 1, true]);
    assert.ok(runs[0].wellFormedRate < 1 && runs[0].wellFormedRate > 0.5, String(runs[0].wellFormedRate));
    assert.equal(runs[0].passRateFinal, 4 / 5);
  });

  it("replays proven fixes from memory in the second run, without model calls", () => {
    const solvedBefore = runs[0].projects.filter((p) => p.solved).map((p) => p.id);
    assert.equal(solvedBefore.length, 4);
    for (const id of solvedBefore) {
      const again = result(1, id);
      assert.deepEqual([again.solved, again.solvedOnTry, again.modelCalls], [true, 1, 0], `${id} was replayed`);
      const sources = proposals(1, id);
      assert.ok(sources.length > 0 && sources.every((s) => s === "memory"), `${id}: ${sources.join(",")}`);
      assert.ok(
        proposals(0, id).every((s) => s === "model"),
        `${id} came from the model the first time`,
      );
    }
    const calls = (run: TrainingRun) => run.projects.reduce((sum, p) => sum + p.modelCalls, 0);
    assert.ok(calls(runs[1]) < calls(runs[0]), `${calls(runs[1])} model calls after ${calls(runs[0])}`);
    assert.ok(result(1, "python/math_operations").modelCalls > 0, "an unsolved project still needs the model");
    assert.deepEqual([runs[0].memory, runs[1].memory], [true, true]);
  });

  it("works on a fresh copy for every run and never writes into practice/", async () => {
    assert.notEqual(runs[0].runId, runs[1].runId);
    for (const run of runs) {
      const copies = await readdir(path.join(workspace.attemptsDir, run.runId));
      assert.deepEqual(copies.sort(), projects.map((p) => attemptFolder(p.id)).sort());
      // Run 1 left its copies solved (or edited); each run starts red again from the stub.
      const initial = events[runs.indexOf(run)].filter(
        (e) => e.event.type === "tests-finished" && e.event.iteration === 0,
      );
      for (const project of projects) {
        const firstRuns = initial.filter((e) => e.projectId === project.id);
        assert.ok(
          firstRuns.length > 0 &&
            firstRuns.every((e) => e.event.type === "tests-finished" && e.event.counts.failed > 0),
          `${project.id} starts red`,
        );
      }
    }
    const stub = await readFile(path.join(PRACTICE_DIR, "python/math_operations/math_operations.py"), "utf8");
    const neverAnswers = responder.answers.filter((a) => a.projectId === "python/math_operations");
    assert.equal(neverAnswers[0].shownContent, stub, "the second run's first prompt shows the untouched stub");
    const solved = await readFile(
      path.join(workspace.attemptsDir, runs[0].runId, "python-calculator", "calculator.py"),
      "utf8",
    );
    assert.equal(solved, await readFile(path.join(SOLUTIONS_DIR, "python/calculator/calculator.py"), "utf8"));
    assert.equal(await folderDigest(PRACTICE_DIR), practiceBefore, "practice/ is unchanged");
  });
});
