/**
 * Memory ablation: the same training (runTrainingRun over the same practice projects, same model endpoint)
 * N times with memory OFF and N times with memory ON, the ON runs sharing one memory folder so later runs
 * can learn from earlier ones.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openFailureMemory } from "../../agent-core/memory/openStore";
import type { ModelProvider } from "../../agent-core/providers/types";
import type { PracticeProject } from "../../agent-core/training/projects";
import type { TrainingRun } from "../../agent-core/training/reportSchema";
import { runTrainingRun } from "../../agent-core/training/runner";
import { PracticeWorkspace } from "../../agent-core/training/workspace";

/** Totals of one training run. */
export interface RunTotals {
  memory: boolean;
  run: number;
  /** Loop iterations summed over projects (a replayed fix is an iteration without a model call). */
  iterations: number;
  modelCalls: number;
  promptTokens: number;
  /** Share of projects solved (any try). */
  passRate: number;
  solved: number;
  projects: number;
  /** Each project's result in this run. */
  perProject: Array<{ id: string; solved: boolean; modelCalls: number }>;
}

/** Options for runAblation. */
export interface AblationOptions {
  projects: PracticeProject[];
  model: ModelProvider;
  runs: number;
  tries?: number;
  maxIterations?: number;
  /** Folder for attempts and the shared memory; a temp folder (removed afterwards) when omitted. */
  workDir?: string;
  onRun?: (totals: RunTotals) => void;
}

/** Runs OFF ×N then ON ×N and returns the totals of every run, OFF first. */
export async function runAblation(options: AblationOptions): Promise<RunTotals[]> {
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new Error(`runs must be a whole number >= 1, got ${options.runs}`);
  if (options.projects.length === 0) throw new Error("runAblation needs at least one practice project");
  const root = options.workDir ?? (await mkdtemp(path.join(os.tmpdir(), "gl-ablation-")));
  const totals: RunTotals[] = [];
  try {
    for (const useMemory of [false, true]) {
      const memory = useMemory ? await openFailureMemory({ dir: path.join(root, "memory") }) : undefined;
      try {
        for (let run = 1; run <= options.runs; run++) {
          const result = await runTrainingRun({
            projects: options.projects,
            workspace: new PracticeWorkspace(path.join(root, useMemory ? "on" : "off")),
            model: options.model,
            memory,
            tries: options.tries ?? 1,
            maxIterations: options.maxIterations ?? 4,
          });
          const t = totalsOf(result, useMemory, run);
          totals.push(t);
          options.onRun?.(t);
        }
      } finally {
        await memory?.close();
      }
    }
  } finally {
    if (!options.workDir) await rm(root, { recursive: true, force: true });
  }
  return totals;
}

function totalsOf(run: TrainingRun, memory: boolean, index: number): RunTotals {
  const sum = (pick: (p: TrainingRun["projects"][number]) => number) => run.projects.reduce((n, p) => n + pick(p), 0);
  const solved = run.projects.filter((p) => p.solved).length;
  return {
    memory,
    run: index,
    iterations: sum((p) => p.iterations),
    modelCalls: sum((p) => p.modelCalls),
    promptTokens: sum((p) => p.promptTokens),
    passRate: run.projects.length ? solved / run.projects.length : 0,
    solved,
    projects: run.projects.length,
    perProject: run.projects.map((p) => ({ id: p.id, solved: p.solved, modelCalls: p.modelCalls })),
  };
}

/**
 * What the ablation must show, as violations (empty when it holds): run by run and project by project,
 * memory ON never ends red where OFF went green and never makes more model calls, and from the second run on
 * a project ON solved before (a true recurrence: the same stub failing the same way) costs no model call.
 */
export function ablationViolations(totals: readonly RunTotals[]): string[] {
  const side = (memory: boolean) => totals.filter((t) => t.memory === memory).sort((a, b) => a.run - b.run);
  const [off, on] = [side(false), side(true)];
  const problems: string[] = [];
  if (off.length !== on.length || off.length === 0)
    return [`expected as many OFF as ON runs, got ${off.length} and ${on.length}`];
  const solvedBefore = new Set<string>();
  on.forEach((onRun, i) => {
    for (const p of onRun.perProject) {
      const o = off[i].perProject.find((q) => q.id === p.id);
      if (!o) problems.push(`run ${onRun.run}: ${p.id} is missing from the OFF run`);
      else {
        if (o.solved && !p.solved)
          problems.push(`run ${onRun.run}: ${p.id} went green with memory OFF but ended red with memory ON`);
        if (p.modelCalls > o.modelCalls)
          problems.push(
            `run ${onRun.run}: ${p.id} made ${p.modelCalls} model calls with memory ON, ${o.modelCalls} with it OFF`,
          );
      }
      if (solvedBefore.has(p.id) && p.modelCalls > 0)
        problems.push(`run ${onRun.run}: ${p.id} recurred exactly but was not replayed (${p.modelCalls} model calls)`);
    }
    for (const p of onRun.perProject) if (p.solved) solvedBefore.add(p.id);
  });
  return problems;
}

/** Mean of each measure over the runs of one side. */
export function meanOf(
  totals: readonly RunTotals[],
  memory: boolean,
): Omit<RunTotals, "run" | "memory" | "projects" | "solved" | "perProject"> {
  const side = totals.filter((t) => t.memory === memory);
  const mean = (pick: (t: RunTotals) => number) =>
    side.length ? side.reduce((n, t) => n + pick(t), 0) / side.length : 0;
  return {
    iterations: mean((t) => t.iterations),
    modelCalls: mean((t) => t.modelCalls),
    promptTokens: mean((t) => t.promptTokens),
    passRate: mean((t) => t.passRate),
  };
}

/** The comparison table: one row per run, then the mean per side. */
export function ablationTable(totals: readonly RunTotals[]): string {
  const row = (label: string, v: { iterations: number; modelCalls: number; promptTokens: number; passRate: number }) =>
    `| ${label.padEnd(14)} | ${fmt(v.iterations).padStart(10)} | ${fmt(v.modelCalls).padStart(11)} | ${fmt(v.promptTokens).padStart(13)} | ${`${Math.round(v.passRate * 100)}%`.padStart(9)} |`;
  const lines = [
    "| run            | iterations | model calls | prompt tokens | pass rate |",
    "|----------------|-----------:|------------:|--------------:|----------:|",
    ...totals.map((t) => row(`memory ${t.memory ? "ON " : "OFF"} #${t.run}`, t)),
    row("mean OFF", meanOf(totals, false)),
    row("mean ON", meanOf(totals, true)),
  ];
  return lines.join("\n");
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
