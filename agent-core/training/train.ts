import { createProvider } from "../providers";
import { openFailureMemory } from "../memory/port";
import type { LoopEvent } from "../events";
import type { Logger } from "../ports";
import type { ProviderSettings } from "../providers/types";
import { loadPracticeProjects } from "./projects";
import { PracticeWorkspace } from "./workspace";
import { runTrainingRun } from "./runner";
import { appendRuns } from "./report";
import type { TrainingReport } from "./reportSchema";

/** Everything a host (the editor) decides for one training run. */
export interface TrainingSessionOptions {
  practiceDir: string;
  workspaceDir: string;
  memoryDir: string;
  provider: ProviderSettings;
  maxIterations: number;
  tries?: number;
  signal: AbortSignal;
  log: Logger;
  onEvent?: (event: LoopEvent) => void;
  onProgress?: (message: string) => void;
}

/**
 * One training run over every practice project in `practiceDir`, with memory on (that is the learning),
 * appended to the report in `<workspaceDir>/reports`. Returns the whole report (all runs so far).
 */
export async function runTraining(options: TrainingSessionOptions): Promise<TrainingReport> {
  const { projects, problems } = await loadPracticeProjects(options.practiceDir);
  for (const problem of problems) options.log.warn(`Skipped practice project ${problem.dir}: ${problem.message}`);
  if (projects.length === 0) throw new Error(`No practice projects found in ${options.practiceDir}`);
  const workspace = new PracticeWorkspace(options.workspaceDir);
  const memory = await openFailureMemory({ dir: options.memoryDir, log: options.log });
  const model = createProvider(options.provider);
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  try {
    const run = await runTrainingRun({
      projects,
      workspace,
      model,
      memory,
      tries: options.tries ?? 2,
      maxIterations: options.maxIterations,
      signal,
      onEvent: (_, event) => options.onEvent?.(event),
      onProject: (result, index, total) => {
        options.onProgress?.(`${index + 1}/${total} ${result.id}: ${result.solved ? "solved" : result.stopReason}`);
        // Nothing answers: one project is enough to know, and the report says why.
        if (index === 0 && result.stopReason === "model-error" && result.modelCalls === 0) stop.abort();
      },
    });
    return (await appendRuns(workspace.reportsDir, [run])).report;
  } finally {
    await memory.close();
  }
}
