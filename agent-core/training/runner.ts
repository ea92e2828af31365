import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { runFixLoop } from "../loop/runLoop";
import { NodeWorkspaceFiles } from "../node/workspaceFiles";
import { ProcessTestExecutor } from "../node/processExecutor";
import type { LoopEvent } from "../events";
import type { MemoryPort, TestExecutor } from "../ports";
import type { ModelProvider } from "../providers/types";
import type { PracticeProject } from "./projects";
import { PracticeWorkspace } from "./workspace";
import { practiceTestCommand, type InterpreterCache } from "./testCommand";
import { computeRunRates, type TrainingProjectResult, type TrainingRun } from "./reportSchema";

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

/** Runs the loop once over every project (with up to `tries` tries each) and reports the run. */
export async function runTrainingRun(options: TrainingOptions): Promise<TrainingRun> {
  const runId = `train-${new Date().toISOString().replace(/[-:.TZ]/g, "").slice(0, 14)}-${Math.random().toString(36).slice(2, 6)}`;
  const startedAt = new Date().toISOString();
  await options.workspace.create();
  const results: TrainingProjectResult[] = [];
  const interpreters: InterpreterCache = new Map();
  for (const [index, project] of options.projects.entries()) {
    if (options.signal?.aborted) break;
    const result = await practiceProject(project, runId, options, interpreters);
    results.push(result);
    options.onProject?.(result, index, options.projects.length);
  }
  return {
    runId,
    startedAt,
    memory: options.memory !== undefined,
    model: `${options.model.id}:${options.model.model}`,
    projects: results,
    ...computeRunRates(results),
  };
}

async function practiceProject(
  project: PracticeProject,
  runId: string,
  options: TrainingOptions,
  interpreters: InterpreterCache,
): Promise<TrainingProjectResult> {
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
        approve: async (r) => ({ files: r.files.filter((f) => !f.isTestFile).map((f) => ({ path: f.path, acceptedHunks: f.hunks.map((_, i) => i) })) }),
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
  return result;
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
