/**
 * The training report: what the training runner writes after running practice projects, and what the
 * webview dashboard reads. Browser-safe (zod only) because the webview bundles it.
 */
import * as z from "zod";
import { StopReason } from "../events";

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1);
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO date");

/** How one practice project went in one training run. */
export const TrainingProjectResult = z.object({
  /** Practice project name (folder / manifest name). */
  id: z.string().min(1),
  language: z.string().min(1),
  solved: z.boolean(),
  /** 1-based try on which the tests passed; null when never solved. */
  solvedOnTry: z.number().int().min(1).nullable(),
  tries: count,
  iterations: count,
  modelCalls: count,
  promptTokens: count,
  completionTokens: count,
  durationMs: z.number().min(0),
  /** The agent tried to change test files; they were restored before every test run, so `solved` is still a real pass. */
  tampered: z.boolean(),
  /** Model answers that parsed as edit blocks. */
  wellFormed: count,
  /** Model answers with format errors. */
  malformed: count,
  stopReason: StopReason,
  /** Why it ended as it did, in the loop's words (the last try's stop message); missing in older reports. */
  reason: z.string().optional(),
});
export type TrainingProjectResult = z.infer<typeof TrainingProjectResult>;

/** One pass over the practice projects with one model and memory setting. */
export const TrainingRun = z.object({
  runId: z.string().min(1),
  startedAt: isoDate,
  /** Failure memory was enabled for this run. */
  memory: z.boolean(),
  model: z.string().min(1),
  projects: z.array(TrainingProjectResult),
  /** Tries per project and the iteration limit of each try (a project's iterations add up over its tries). */
  tries: z.number().int().min(1).optional(),
  maxIterations: z.number().int().min(1).optional(),
  /** Share of projects solved on the first try, 0..1. */
  passRateFirstTry: rate,
  /** Share of projects solved on any try, 0..1. */
  passRateFinal: rate,
  /** Share of model answers that were well-formed, 0..1. */
  wellFormedRate: rate,
});
export type TrainingRun = z.infer<typeof TrainingRun>;

/** The whole report file; runs in chronological order. */
export const TrainingReport = z.object({
  generatedAt: isoDate,
  runs: z.array(TrainingRun),
});
export type TrainingReport = z.infer<typeof TrainingReport>;

/** The rates of a run, computed the one way the runner and the dashboard agree on. */
export function computeRunRates(
  projects: TrainingProjectResult[],
): Pick<TrainingRun, "passRateFirstTry" | "passRateFinal" | "wellFormedRate"> {
  const n = projects.length;
  const firstTry = projects.filter((p) => p.solved && p.solvedOnTry === 1).length;
  const solved = projects.filter((p) => p.solved).length;
  const wellFormed = projects.reduce((sum, p) => sum + p.wellFormed, 0);
  const answers = wellFormed + projects.reduce((sum, p) => sum + p.malformed, 0);
  return {
    passRateFirstTry: n === 0 ? 0 : firstTry / n,
    passRateFinal: n === 0 ? 0 : solved / n,
    wellFormedRate: answers === 0 ? 0 : wellFormed / answers,
  };
}

/**
 * Validates parsed JSON as a training report.
 * @param source file name used in the error message
 * @throws Error listing every invalid field
 */
export function parseTrainingReport(raw: unknown, source: string): TrainingReport {
  const result = TrainingReport.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new Error(`Invalid training report in ${source}:\n${lines.join("\n")}`);
}

/** The headline numbers of one training run, for the end-of-run message ("4 of 5 projects solved (80%), …"). */
export function runHeadline(run: TrainingRun): string {
  const n = run.projects.length;
  const solved = run.projects.filter((p) => p.solved).length;
  const firstTry = run.projects.filter((p) => p.solvedOnTry === 1).length;
  const calls = run.projects.reduce((sum, p) => sum + p.modelCalls, 0);
  const tokens = run.projects.reduce((sum, p) => sum + p.promptTokens + p.completionTokens, 0);
  const ms = run.projects.reduce((sum, p) => sum + p.durationMs, 0);
  const time = ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${Math.round(ms / 1000)} s`;
  const projects = n === 1 ? "project" : "projects";
  return (
    `${solved} of ${n} ${projects} solved (${Math.round(n ? (solved / n) * 100 : 0)}%), ${firstTry} on the first try; ` +
    `${calls} model ${calls === 1 ? "call" : "calls"}, ${tokens.toLocaleString("en-US")} tokens, ${time}`
  );
}

/** "16 iterations over 2 tries (up to 8 each)": a project's iterations add up over its tries. */
export function iterationsText(
  p: Pick<TrainingRun["projects"][number], "iterations" | "tries">,
  maxIterations?: number,
): string {
  const its = `${p.iterations} ${p.iterations === 1 ? "iteration" : "iterations"}`;
  if (p.tries <= 1) return maxIterations ? `${its} (up to ${maxIterations})` : its;
  return `${its} over ${p.tries} tries${maxIterations ? ` (up to ${maxIterations} each)` : ""}`;
}
