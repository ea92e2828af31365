/** The ablation's table: memory on against memory off, computed from a training report. */
import type { TrainingReport } from "./reportSchema";

export interface MemoryComparison {
  memory: boolean;
  runs: number;
  passRate: number;
  meanIterations: number;
  meanModelCalls: number;
  meanPromptTokens: number;
}

/** Averages per project attempt, split by memory on/off: the ablation's table. */
export function compareMemory(report: TrainingReport): MemoryComparison[] {
  return [true, false].flatMap((memory) => {
    const runs = report.runs.filter((r) => r.memory === memory);
    const projects = runs.flatMap((r) => r.projects);
    if (projects.length === 0) return [];
    const mean = (f: (p: (typeof projects)[number]) => number) =>
      projects.reduce((s, p) => s + f(p), 0) / projects.length;
    return [
      {
        memory,
        runs: runs.length,
        passRate: mean((p) => (p.solved ? 1 : 0)),
        meanIterations: mean((p) => p.iterations),
        meanModelCalls: mean((p) => p.modelCalls),
        meanPromptTokens: mean((p) => p.promptTokens),
      },
    ];
  });
}
