import type { LoopEvent } from "../events";
import { openFailureMemory } from "../memory/openStore";
import type { Logger } from "../ports";
import type { ModelProvider } from "../providers/types";
import { loadPracticeProjects, type PracticeProject } from "./projects";
import { appendRuns } from "./report";
import { runHeadline, type TrainingProjectResult, type TrainingReport, type TrainingRun } from "./reportSchema";
import { runTrainingRun } from "./runner";
import { PracticeWorkspace } from "./workspace";

/** Where a training run is, for a host's progress display. */
export interface TrainingProgress {
  /** 1-based index of the project being practised (or just done), and the number of projects. */
  index: number;
  total: number;
  projectId: string;
  /** Set once the project is done. */
  result?: TrainingProjectResult;
}

/** Everything a host (the editor) decides for one training run. */
export interface TrainingSessionOptions {
  practiceDir: string;
  workspaceDir: string;
  memoryDir: string;
  /** The model that practises: any provider the host can build (the editor's own models included). */
  model: ModelProvider;
  /** Practise only these projects (ids like "javascript/collections", or names); all when absent or empty. */
  projects?: string[];
  maxIterations: number;
  tries?: number;
  signal: AbortSignal;
  log: Logger;
  onEvent?: (event: LoopEvent) => void;
  onProgress?: (message: string, progress: TrainingProgress) => void;
}

/** A finished training run and the whole report it was added to. */
export interface TrainingOutcome {
  run: TrainingRun;
  report: TrainingReport;
  /** The run's headline numbers, for the end-of-run message. */
  headline: string;
}

/**
 * One training run over every practice project in `practiceDir`, with memory on (that is the learning),
 * appended to the report in `<workspaceDir>/reports`. Throws, adding nothing to the report, when the run was
 * cancelled or stopped by something that is not the model's doing (TrainingAbortedError: no answer from the
 * model server, a project whose tests cannot run): such a run measures nothing.
 */
export async function runTraining(options: TrainingSessionOptions): Promise<TrainingOutcome> {
  const projects = await chooseProjects(options);
  const workspace = new PracticeWorkspace(options.workspaceDir);
  const memory = await openFailureMemory({ dir: options.memoryDir, log: options.log });
  const model = options.model;
  const total = projects.length;
  let started = 0;
  try {
    const run = await runTrainingRun({
      projects,
      workspace,
      model,
      memory,
      tries: options.tries ?? 2,
      maxIterations: options.maxIterations,
      signal: options.signal,
      onEvent: (projectId, event) => {
        if (event.type === "run-started" && started < total && projects[started]?.id === projectId) {
          started++;
          options.onProgress?.(`${started}/${total} ${projectId}`, { index: started, total, projectId });
        }
        options.onEvent?.(event);
      },
      onProject: (result, index) => {
        const verdict = result.solved
          ? `solved on try ${result.solvedOnTry}`
          : `not solved (${result.reason ?? result.stopReason})`;
        options.log.info(
          `Training ${index + 1}/${total} ${result.id}: ${verdict} · ${result.iterations} iterations · ${result.promptTokens + result.completionTokens} tokens`,
        );
        options.onProgress?.(`${index + 1}/${total} ${result.id}: ${result.solved ? "solved" : result.stopReason}`, {
          index: index + 1,
          total,
          projectId: result.id,
          result,
        });
      },
    });
    if (options.signal.aborted)
      throw new Error(
        `Training cancelled after ${run.projects.length} of ${total} projects; no run was added to the training report.`,
      );
    const { report } = await appendRuns(workspace.reportsDir, [run]);
    return { run, report, headline: runHeadline(run) };
  } finally {
    await memory.close();
  }
}

/** The practice projects of `options.practiceDir`, narrowed to `options.projects`; throws when none is left. */
async function chooseProjects(options: TrainingSessionOptions): Promise<PracticeProject[]> {
  const { projects, problems } = await loadPracticeProjects(options.practiceDir);
  for (const problem of problems) options.log.warn(`Skipped practice project ${problem.dir}: ${problem.message}`);
  if (projects.length === 0) throw new Error(`No practice projects found in ${options.practiceDir}`);
  const wanted = options.projects ?? [];
  if (wanted.length === 0) return projects;
  const unknown = wanted.filter((w) => !projects.some((p) => p.id === w || p.name === w));
  if (unknown.length > 0)
    throw new Error(
      `No practice project ${unknown.map((w) => `"${w}"`).join(", ")} in ${options.practiceDir}. Available: ${projects.map((p) => p.id).join(", ")}.`,
    );
  return projects.filter((p) => wanted.some((w) => p.id === w || p.name === w));
}
