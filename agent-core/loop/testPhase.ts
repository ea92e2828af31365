import { parseTestOutput } from "../testing/parsers";
import { filterCommand } from "../testing/detect";
import { withPerTestTimeout } from "../testing/filter";
import type { TestSetup } from "../testing/detectProject";
import type { ProcessResult, TestCaseResult, TestCommand, TestReport } from "../testing/types";
import type { RunContext } from "./context";
import { StopRun } from "./context";
import { describeHangs, stillRunning } from "./hangs";
import type { TestScope } from "../events";

export interface TestOutcome {
  scope: TestScope;
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
export async function runTests(ctx: RunContext, cmd: TestCommand, scope: TestScope, requested: string[] = []): Promise<TestOutcome> {
  ctx.emit("tests-started", { iteration: ctx.iteration, scope, command: displayCommand(cmd) });
  const label = scope === "full" ? "full suite" : scope === "related" ? "the target's tests" : "failing tests";
  const execute = () => ctx.ports.tests.execute(cmd, { signal: ctx.signal, timeoutMs: ctx.config.testTimeoutMs, label });
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
  for (const line of describeHangs(report, requested)) ctx.emit("log", { level: "warn", message: line });
  if (result.timedOut) {
    report.crashed = true;
    const hung = cmd.framework === "pytest" ? stillRunning(result.output, cmd.cwd) : undefined;
    if (hung) ctx.emit("log", { level: "warn", message: `${hung} was still running when the test command timed out (an infinite loop?)` });
    const running = hung ? `; ${hung} was still running` : "";
    report.failures = [
      { id: "(test run)", status: "failed", message: `The test command timed out after ${Math.round(ctx.config.testTimeoutMs / 1000)} s and was killed${running} (a hang or an infinite loop?).` },
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

/** The per-test timeout of runs that look for failures: long enough for slow tests, far below the run's own. */
export function perTestTimeoutMs(testTimeoutMs: number): number {
  return Math.min(15_000, Math.max(2_000, Math.round(testTimeoutMs / 8)));
}

/** `cmd` with the runner's per-test timeout where it has one, so a test that loops forever fails alone, by name. */
function timed(ctx: RunContext, cmd: TestCommand): TestCommand {
  return withPerTestTimeout(cmd, perTestTimeoutMs(ctx.config.testTimeoutMs)) ?? cmd;
}

/**
 * The run's first test run: the whole suite. When it cannot even run (an import error in an unrelated old test,
 * a broken conftest) but the target's own test files can, those become the run's suite: the model sees the
 * target's failures instead of someone else's crash, and green means the target's tests pass.
 */
export async function runFirst(ctx: RunContext, setup: Pick<TestSetup, "command" | "related" | "project">): Promise<{ outcome: TestOutcome; command: TestCommand }> {
  const full = await runTests(ctx, timed(ctx, setup.command), "full");
  // A run that hung is no crash of the suite: running the target's tests after it could hang as long again.
  if (!full.report.crashed || full.result.timedOut || !setup.related) return { outcome: full, command: setup.command };
  const own = await runTests(ctx, timed(ctx, setup.related), "related");
  // Passing own tests leave the crash as the thing to fix (the target may be what the others fail to import).
  if (own.report.crashed || own.green) return { outcome: full, command: setup.command };
  const why = (full.report.failures[0]?.message ?? "").split("\n")[0].slice(0, 200);
  ctx.emit("log", {
    level: "warn",
    message: `The whole suite of ${setup.project || "the workspace"} does not run${why ? ` (${why})` : ""}; the target's own tests decide from here: ${displayCommand(setup.related)}`,
  });
  // From here the target's tests are the run's whole suite: regressions are judged against this run.
  return { outcome: { ...own, scope: "full" }, command: setup.related };
}

/**
 * Runs the previously failing tests first where the runner can filter, then the full suite only when they
 * pass: a quick answer while red, and a full check before calling anything green. When the failing tests were
 * every test of `lastFull` (the last whole-suite report), the suite runs once, unfiltered.
 */
export async function runAfterPatch(ctx: RunContext, cmd: TestCommand, failing: TestCaseResult[], lastFull?: TestReport): Promise<TestOutcome> {
  const ids = failing.map((f) => f.id).filter((id) => !id.startsWith("("));
  const ran = lastFull?.tests.filter((t) => t.status !== "skipped") ?? [];
  const failingIds = new Set(ids);
  const everything = ran.length > 0 && ran.every((t) => failingIds.has(t.id));
  const filtered = ids.length && !everything ? filterCommand(cmd, ids) : undefined;
  if (filtered) {
    const quick = await runTests(ctx, timed(ctx, filtered), "failing", ids);
    if (!quick.green) return quick;
    // From here a Stop keeps the change: the failing tests pass with it.
    ctx.failingTestsPassed = true;
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
