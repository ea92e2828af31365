import { describeConfigError, LoopConfig, type LoopConfigInput } from "../config";
import type { StopReason } from "../events";
import type { LoopPorts } from "../ports";
import { RunContext, StopRun } from "./context";
import { FixSession, type SessionResult } from "./session";

export interface RunSummary {
  runId: string;
  file: string;
  reason: StopReason;
  message: string;
  iterations: number;
  modelCalls: number;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
  wellFormed: number;
  malformed: number;
  counts?: { passed: number; failed: number; skipped: number };
  checkpointId?: string;
  /** SEARCH/REPLACE text of the run's net change (empty when nothing changed). */
  fix: string;
  /** Tests that failed after a change and passed when run again (not blamed on the change). */
  flaky: string[];
}

/** Thrown for configuration the loop cannot start with. */
export class ConfigError extends Error {}

/**
 * Runs plan → edit → test → reflect until the tests are green or a budget, the user, or a stuck detector
 * stops it. Every step is reported through `ports.onEvent`; the stop reason is always reported.
 */
export async function runFixLoop(input: LoopConfigInput, ports: LoopPorts, signal?: AbortSignal): Promise<RunSummary> {
  const parsed = LoopConfig.safeParse(input);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n${describeConfigError(parsed.error)}`);
  const config = parsed.data;
  const user = signal ?? new AbortController().signal;
  const clock = AbortSignal.timeout(config.timeBudgetMs);
  const ctx = new RunContext(config, ports, AbortSignal.any([user, clock]));
  const session = new FixSession(ctx);

  let result: SessionResult;
  try {
    result = await session.run();
  } catch (error) {
    result = classify(error, user, clock, config.timeBudgetMs);
  }
  let kept = false;
  if (result.reason === "cancelled") {
    const outcome = await finishCancelled(ctx, session);
    kept = outcome.kept;
    result = { ...result, message: outcome.message };
  }
  await ctx.runCheckpoint
    ?.end(result.reason === "cancelled" && !kept ? "reverted" : "kept")
    .catch((e: Error) => ctx.log.error(`Could not close the run's journal: ${e.message}`));
  const fix = result.reason === "cancelled" ? "" : await session.fixText().catch(() => "");
  await recordMemory(ctx, session, result, fix);

  const counts = result.outcome
    ? {
        passed: result.outcome.report.passed,
        failed: result.outcome.report.failed,
        skipped: result.outcome.report.skipped,
      }
    : undefined;
  const summary: RunSummary = {
    runId: ctx.runId,
    file: session.target || config.targetFile,
    reason: result.reason,
    // Hosts show it (notifications, logs); an error message may quote a secret.
    message: ctx.redactor.redact(result.message),
    iterations: ctx.iteration,
    modelCalls: ctx.modelCalls,
    promptTokens: ctx.promptTokens,
    completionTokens: ctx.completionTokens,
    durationMs: ctx.elapsedMs(),
    wellFormed: ctx.wellFormed,
    malformed: ctx.malformed,
    counts,
    checkpointId: session.checkpointId,
    fix,
    flaky: [...session.flaky],
  };
  ctx.emit("run-finished", {
    reason: summary.reason,
    message: summary.message,
    iterations: summary.iterations,
    promptTokens: summary.promptTokens,
    completionTokens: summary.completionTokens,
    durationMs: summary.durationMs,
    counts,
    ...(summary.flaky.length ? { flaky: summary.flaky } : {}),
  });
  return summary;
}

/**
 * A cancelled run takes back exactly its own changes, unless the failing tests already passed with them and the
 * host's user chose to keep them (a green result is never thrown away without asking where a host can ask), and
 * reports what else changed meanwhile.
 */
async function finishCancelled(ctx: RunContext, session: FixSession): Promise<{ kept: boolean; message: string }> {
  if (ctx.touched.size === 0) return { kept: false, message: "Cancelled by the user before any change was made." };
  if (ctx.failingTestsPassed && ctx.ports.keepOnStop) {
    const files = [...ctx.touched.keys()];
    const keep = await ctx.ports
      .keepOnStop({
        message: `The failing tests pass with Greenloop's change to ${files.join(", ")}; the full suite had not finished. Keep the change?`,
        files,
      })
      .catch(() => false);
    if (keep) {
      return {
        kept: true,
        message:
          "Stopped after the failing tests passed with Greenloop's change; the change was kept, as you chose (the full suite had not finished). Undo Last Run (`greenloop undo`) takes it back.",
      };
    }
  }
  let text = ctx.failingTestsPassed
    ? "Cancelled by the user (the failing tests had passed with the change, the full suite had not finished)."
    : "Cancelled by the user.";
  try {
    const revert = await session.revertAll();
    const keptFiles = revert.kept.map((k) => k.path);
    text += ` Greenloop's changes were taken back${revert.reverted.length ? ` (${revert.reverted.join(", ")})` : ""}.`;
    if (keptFiles.length) text += ` Left as they are, edited during the run: ${keptFiles.join(", ")}.`;
    const others = (await ctx.runCheckpoint?.changedSinceStart().catch(() => [] as string[])) ?? [];
    const touched = new Set(ctx.touched.keys());
    const foreign = others.filter((f) => !touched.has(f));
    if (foreign.length)
      text += ` Also changed since the run started, not by Greenloop, and left alone: ${foreign.slice(0, 10).join(", ")}${foreign.length > 10 ? ` and ${foreign.length - 10} more` : ""}.`;
    return { kept: keptFiles.length > 0, message: text };
  } catch (error) {
    ctx.log.error(`Could not revert after cancel: ${(error as Error).message}`);
    return {
      kept: true,
      message: `${text} Taking the changes back failed (${(error as Error).message}); \`greenloop undo\` or Undo Last Run can still do it.`,
    };
  }
}

function classify(error: unknown, user: AbortSignal, clock: AbortSignal, budgetMs: number): SessionResult {
  if (user.aborted) return { reason: "cancelled", message: "Cancelled by the user; the workspace was restored." };
  if (clock.aborted)
    return { reason: "time-budget", message: `Time budget of ${Math.round(budgetMs / 1000)} s reached.` };
  if (error instanceof StopRun) return { reason: error.reason, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { reason: "error", message: `Unexpected error: ${message}` };
}

async function recordMemory(ctx: RunContext, session: FixSession, result: SessionResult, fix: string): Promise<void> {
  const memory = ctx.ports.memory;
  if (!memory || !ctx.config.memory.enabled || session.failuresSeen.size === 0 || result.reason === "cancelled") return;
  try {
    await memory.recordOutcome({
      failures: [...session.failuresSeen.values()],
      fix: result.reason === "green" ? fix : "",
      succeeded: result.reason === "green",
      usedIds: [...session.usedMemoryIds],
      iterations: ctx.iteration,
      tokens: ctx.tokens,
    });
  } catch (error) {
    ctx.log.warn(`Could not record the run in memory: ${(error as Error).message}`);
    ctx.emit("log", { level: "warn", message: `Memory not updated: ${(error as Error).message}` });
  }
}
