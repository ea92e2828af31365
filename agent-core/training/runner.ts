import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LoopEvent } from "../events";
import { type RunSummary, runFixLoop } from "../loop/runLoop";
import { ProcessTestExecutor } from "../node/processExecutor";
import { NodeWorkspaceFiles } from "../node/workspaceFiles";
import type { MemoryPort, TestExecutor } from "../ports";
import type { ModelProvider } from "../providers/types";
import type { PracticeProject } from "./projects";
import { computeRunRates, type TrainingProjectResult, type TrainingRun } from "./reportSchema";
import { type InterpreterCache, practiceTestCommand } from "./testCommand";
import type { PracticeWorkspace } from "./workspace";

export interface TrainingOptions {
  projects: PracticeProject[];
  workspace: PracticeWorkspace;
  model: ModelProvider;
  /** Used (and updated) when set: that is how training learns. */
  memory?: MemoryPort;
  /** Loop runs per project per training run; a later try continues where the earlier one stopped. */
  tries: number;
  maxIterations: number;
  testTimeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (projectId: string, event: LoopEvent) => void;
  onProject?: (result: TrainingProjectResult, index: number, total: number) => void;
}

/**
 * A training run stopped by something that is not the model's doing (no answer from the model server, a
 * practice project whose tests cannot run, a setup error): it measures nothing, so it must not be reported.
 */
export class TrainingAbortedError extends Error {
  constructor(
    /** "model": the model server did not answer; "setup": the project could not be set up or tested. */
    readonly kind: "model" | "setup",
    readonly projectId: string,
    /** The loop's own message about it. */
    readonly detail: string,
  ) {
    super(
      kind === "model"
        ? `Training stopped: the model did not answer (${projectId}): ${detail} No run was added to the training report.`
        : `Training stopped: ${projectId} could not be set up or tested: ${detail} No run was added to the training report.`,
    );
    this.name = "TrainingAbortedError";
  }
}

/** Why a try's end is not the model's doing, or undefined when it is (solved, out of iterations, stuck, …). */
export function notTheModels(
  summary: Pick<RunSummary, "reason" | "message" | "modelCalls">,
): "model" | "setup" | undefined {
  // No answer at all in this try: the server is down, unknown or refusing. An answer that was too large is the model's.
  if (summary.reason === "model-error")
    return summary.modelCalls === 0 && !/answer was too large/.test(summary.message) ? "model" : undefined;
  // Tests that cannot run and setup errors never depend on what the model wrote.
  if (summary.reason === "test-error" || summary.reason === "error") return "setup";
  return undefined;
}

/**
 * Runs the loop once over every project (with up to `tries` tries each) and reports the run. Throws
 * TrainingAbortedError, after reporting that project through `onProject`, when a try ended for a reason that
 * is not the model's.
 */
export async function runTrainingRun(options: TrainingOptions): Promise<TrainingRun> {
  const runId = `train-${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, "")
    .slice(0, 14)}-${Math.random().toString(36).slice(2, 6)}`;
  const startedAt = new Date().toISOString();
  await options.workspace.create();
  const results: TrainingProjectResult[] = [];
  const interpreters: InterpreterCache = new Map();
  for (const [index, project] of options.projects.entries()) {
    if (options.signal?.aborted) break;
    const { result, aborted } = await practiceProject(project, runId, options, interpreters);
    results.push(result);
    options.onProject?.(result, index, options.projects.length);
    if (aborted) throw new TrainingAbortedError(aborted, project.id, result.reason ?? result.stopReason);
  }
  return {
    runId,
    startedAt,
    memory: options.memory !== undefined,
    model: `${options.model.id}:${options.model.model}`,
    projects: results,
    tries: options.tries,
    maxIterations: options.maxIterations,
    ...computeRunRates(results),
  };
}

async function practiceProject(
  project: PracticeProject,
  runId: string,
  options: TrainingOptions,
  interpreters: InterpreterCache,
): Promise<{ result: TrainingProjectResult; aborted?: "model" | "setup" }> {
  const dir = await options.workspace.freshCopy(project, runId);
  const pristine = new Map<string, string>();
  for (const test of project.tests) pristine.set(test, await readFile(path.join(project.dir, test), "utf8"));
  const guard = new TamperGuard(dir, pristine, new ProcessTestExecutor());
  const command = await practiceTestCommand(project, dir, interpreters);
  const result: TrainingProjectResult = {
    id: project.id,
    language: project.language,
    solved: false,
    solvedOnTry: null,
    tries: 0,
    iterations: 0,
    modelCalls: 0,
    promptTokens: 0,
    completionTokens: 0,
    durationMs: 0,
    tampered: false,
    wellFormed: 0,
    malformed: 0,
    stopReason: "max-iterations",
  };
  for (let attempt = 1; attempt <= options.tries && !options.signal?.aborted; attempt++) {
    const summary = await runFixLoop(
      {
        workspace: dir,
        targetFile: project.target[0],
        maxIterations: options.maxIterations,
        testTimeoutMs: options.testTimeoutMs,
        approval: "auto-all",
        allowTestEdits: false,
        test: command,
        // Every attempt works on a fresh copy: the memory must see them as one project.
        memory: { enabled: options.memory !== undefined, replay: true, project: `practice:${project.id}` },
      },
      {
        files: new NodeWorkspaceFiles(dir),
        tests: guard,
        approve: async (r) => ({
          files: r.files
            .filter((f) => !f.isTestFile)
            .map((f) => ({ path: f.path, acceptedHunks: f.hunks.map((_, i) => i) })),
        }),
        model: options.model,
        memory: options.memory,
        onEvent: (event) => {
          if (event.type === "edit-failed" && event.errors.some((e) => /is a test file/.test(e))) guard.tampered = true;
          options.onEvent?.(project.id, event);
        },
      },
      options.signal,
    );
    result.tries = attempt;
    result.iterations += summary.iterations;
    result.modelCalls += summary.modelCalls;
    result.promptTokens += summary.promptTokens;
    result.completionTokens += summary.completionTokens;
    result.durationMs += summary.durationMs;
    result.wellFormed += summary.wellFormed;
    result.malformed += summary.malformed;
    result.stopReason = summary.reason;
    result.reason = summary.reason === "green" ? undefined : summary.message.slice(0, 500);
    const aborted = notTheModels(summary);
    if (aborted) {
      result.tampered = guard.tampered;
      return { result, aborted };
    }
    if (summary.reason === "green") {
      // The guard ran the pristine tests, so green is a real pass even after a refused or undone test edit;
      // the attempt still carries the tampering flag.
      result.solved = true;
      result.solvedOnTry = attempt;
      break;
    }
    if (summary.reason === "cancelled" || summary.reason === "model-error") break;
  }
  result.tampered = guard.tampered;
  return { result };
}

/** Restores the pristine test files before every test run, so a tampered test can never count as a pass. */
class TamperGuard implements TestExecutor {
  tampered = false;
  constructor(
    private readonly dir: string,
    private readonly pristine: Map<string, string>,
    private readonly inner: TestExecutor,
  ) {}

  async execute(...args: Parameters<TestExecutor["execute"]>) {
    for (const [rel, content] of this.pristine) {
      const file = path.join(this.dir, rel);
      const now = await readFile(file, "utf8").catch(() => undefined);
      if (now !== content) {
        this.tampered = true;
        await writeFile(file, content);
      }
    }
    return this.inner.execute(...args);
  }
}
