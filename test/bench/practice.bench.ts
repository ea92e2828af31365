/**
 * The loop's own cost on real projects: every bundled practice project is fixed once by the scripted stand-in
 * model (it answers with the reference solution at once), with real test runs. Per green run: how many test runs
 * it took, and the run's wall time minus the time spent waiting for the model and for the tests (checkpoints,
 * prompts, edits, parsing, events). The model is instant here, so this is the overhead a real model adds to.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LoopEvent } from "../../agent-core/events";
import { createProvider } from "../../agent-core/providers";
import { bundledPracticeDir, loadPracticeProjects } from "../../agent-core/training/projects";
import { runTrainingRun } from "../../agent-core/training/runner";
import { PracticeWorkspace } from "../../agent-core/training/workspace";
import { createPracticeResponder } from "../support/practiceResponder";
import { startScriptedModelServer } from "../support/scriptedModelServer";
import { mean, type PlainResult, percentile } from "./table";

const SOLUTIONS_DIR = path.resolve(__dirname, "../fixtures/solutions");

interface RunCost {
  wallMs: number;
  modelMs: number;
  testMs: number;
  testRuns: number;
}

export async function benchPractice(): Promise<PlainResult[]> {
  const { projects } = await loadPracticeProjects(bundledPracticeDir());
  const responder = await createPracticeResponder({ projects, solutionsDir: SOLUTIONS_DIR });
  const server = await startScriptedModelServer(responder.respond);
  const home = await mkdtemp(path.join(os.tmpdir(), "gl-bench-practice-"));
  const costs = new Map<string, RunCost>();
  const green = new Set<string>();
  try {
    await runTrainingRun({
      projects,
      workspace: new PracticeWorkspace(path.join(home, "practice")),
      model: createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "k" }),
      tries: 1,
      maxIterations: 4,
      onEvent: (id: string, event: LoopEvent) => {
        const cost = costs.get(id) ?? { wallMs: 0, modelMs: 0, testMs: 0, testRuns: 0 };
        if (event.type === "model-response") cost.modelMs += event.durationMs;
        if (event.type === "tests-finished") {
          cost.testMs += event.durationMs;
          cost.testRuns += 1;
        }
        if (event.type === "run-finished") {
          cost.wallMs = event.durationMs;
          if (event.reason === "green") green.add(id);
        }
        costs.set(id, cost);
      },
    });
  } finally {
    await server.close();
    await rm(home, { recursive: true, force: true });
  }
  const runs = [...green].map((id) => costs.get(id) as RunCost);
  const overhead = runs.map((c) => Math.max(0, c.wallMs - c.modelMs - c.testMs));
  const testRuns = runs.map((c) => c.testRuns);
  const note = `${runs.length} of ${projects.length} bundled projects went green with the stand-in model`;
  return [
    {
      name: "run overhead per green run (wall - model - tests)",
      p50: percentile(overhead, 50),
      p95: percentile(overhead, 95),
      unit: "ms",
      note,
    },
    {
      name: "test runs per green run",
      p50: percentile(testRuns, 50),
      p95: percentile(testRuns, 95),
      unit: "runs",
      note: `mean ${mean(testRuns).toFixed(2)}`,
    },
  ];
}
