import { parseTestOutput } from "../testing/parsers";
import { filterCommand } from "../testing/detect";
import { timeoutMessage } from "../testing/processRunner";
import type { ProcessResult, TestCaseResult, TestCommand, TestReport } from "../testing/types";
import type { RunContext } from "./context";
import { StopRun } from "./context";

export interface TestOutcome {
  scope: "failing" | "full";
  report: TestReport;
  result: ProcessResult;
  /** Exit code 0, nothing failed, not timed out. */
  green: boolean;
}

/** Shows an argv the way a user would type it. */
export function displayCommand(cmd: TestCommand): string {
  return cmd.argv.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(" ");
}

/** Runs one test command through the host, parses it, and reports it as events. */
export async function runTests(ctx: RunContext, cmd: TestCommand, scope: "failing" | "full"): Promise<TestOutcome> {
  ctx.emit("tests-started", { iteration: ctx.iteration, scope, command: displayCommand(cmd) });
  const execute = () =>
    ctx.ports.tests.execute(cmd, {
      signal: ctx.signal,
      timeoutMs: ctx.config.testTimeoutMs,
      label: scope === "full" ? "full suite" : "failing tests",
      envPassthrough: ctx.config.testEnvPassthrough,
    });
  let result = await execute();
  if (ctx.signal.aborted) throw new StopRun("cancelled", "Cancelled while tests were running.");
  if (result.cancelled) {
    // Stopped outside the loop (a closed terminal, a host hiccup): one more try before giving up.
    ctx.emit("log", { level: "warn", message: "The test run was stopped from outside; running it again." });
    result = await execute();
    if (ctx.signal.aborted) throw new StopRun("cancelled", "Cancelled while tests were running.");
    if (result.cancelled) throw new StopRun("test-error", "The test run was stopped from outside Greenloop twice (was its terminal closed?).");
  }
  const report = parseTestOutput(cmd.framework, result.output, result.exitCode, { cwd: cmd.cwd });
  if (result.timedOut) {
    report.crashed = true;
    report.failures = [
      { id: "(test run)", status: "failed", message: `${timeoutMessage(ctx.config.testTimeoutMs)} (a hang or an infinite loop?).` },
      ...report.failures,
    ];
    report.failed = Math.max(report.failed, 1);
  }
  if (result.exitCode === null && !result.timedOut && report.failures.length === 0) {
    report.crashed = true;
    report.failures = [{ id: "(test run)", status: "failed", message: result.output.slice(0, 500) || "The test command did not start." }];
  }
  const green = result.exitCode === 0 && report.failed === 0 && !result.timedOut;
  ctx.emit("tests-finished", {
    iteration: ctx.iteration,
    scope,
    counts: { passed: report.passed, failed: report.failed, skipped: report.skipped },
    failures: report.failures.slice(0, 20).map((f) => ({ id: f.id, message: f.message, expected: f.expected, actual: f.actual, location: f.location })),
    durationMs: result.durationMs,
    crashed: report.crashed,
    timedOut: result.timedOut,
  });
  return { scope, report, result, green };
}

/**
 * Runs the previously failing tests first where the runner can filter, then the full suite only when they
 * pass: a quick answer while red, and a full check before calling anything green.
 */
export async function runAfterPatch(ctx: RunContext, cmd: TestCommand, failing: TestCaseResult[]): Promise<TestOutcome> {
  const ids = failing.map((f) => f.id).filter((id) => !id.startsWith("("));
  const filtered = ids.length ? filterCommand(cmd, ids) : undefined;
  if (filtered) {
    const quick = await runTests(ctx, filtered, "failing");
    if (!quick.green) return quick;
  }
  return runTests(ctx, cmd, "full");
}

/** Ids of tests that passed in `before` and fail now; a crash after a clean run counts as a regression. */
export function findRegressions(bestPassing: Set<string>, bestCrashed: boolean, now: TestOutcome): string[] {
  if (now.report.crashed && !bestCrashed) return ["(the whole test run: it no longer starts)"];
  return now.report.tests.filter((t) => t.status === "failed" && bestPassing.has(t.id)).map((t) => t.id);
}

/** Ids of passing tests in a report. */
export function passingIds(report: TestReport): Set<string> {
  return new Set(report.tests.filter((t) => t.status === "passed").map((t) => t.id));
}

/** Trimmed raw output for a crashed run, for the prompt. */
export function crashExcerpt(outcome: TestOutcome, maxLines = 40): string | undefined {
  if (!outcome.report.crashed) return undefined;
  const fromParser = outcome.report.failures.map((f) => f.message ?? "").join("\n").trim();
  const text = fromParser || outcome.result.output;
  return text.split("\n").slice(0, maxLines).join("\n");
}
