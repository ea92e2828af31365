import { parseTestOutput } from "../testing/parsers";
import { filterCommand } from "../testing/detect";
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
    ctx.ports.tests.execute(cmd, { signal: ctx.signal, timeoutMs: ctx.config.testTimeoutMs, label: scope === "full" ? "full suite" : "failing tests" });
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
      { id: "(test run)", status: "failed", message: `The test command timed out after ${Math.round(ctx.config.testTimeoutMs / 1000)} s and was killed (a hang or an infinite loop?).` },
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

/** Regressions after a second look, the outcome with flaky tests counted as passing, and those tests. */
export interface CheckedOutcome {
  outcome: TestOutcome;
  regressions: string[];
  flaky: string[];
}

/**
 * Regressions, with a second chance: tests that newly fail are run once more (alone where the runner can
 * filter, else with the whole suite). One that passes then is flaky: reported, not blamed on the change, and
 * counted as passing. A run that no longer starts gets no second chance.
 */
export async function confirmRegressions(ctx: RunContext, cmd: TestCommand, bestPassing: Set<string>, bestCrashed: boolean, outcome: TestOutcome): Promise<CheckedOutcome> {
  const regressions = findRegressions(bestPassing, bestCrashed, outcome);
  if (regressions.length === 0 || regressions.some((id) => id.startsWith("("))) return { outcome, regressions, flaky: [] };
  const alone = filterCommand(cmd, regressions);
  const again = await runTests(ctx, alone ?? cmd, alone ? "failing" : "full");
  const passedAgain = passingIds(again.report);
  const flaky = regressions.filter((id) => passedAgain.has(id));
  if (flaky.length === 0) return { outcome, regressions, flaky };
  ctx.emit("log", { level: "warn", message: `Flaky: ${flaky.slice(0, 5).join(", ")} failed after the change, then passed when run again; not blamed on the change.` });
  return { outcome: countAsPassing(outcome, new Set(flaky)), regressions: regressions.filter((id) => !flaky.includes(id)), flaky };
}

/** The outcome with the given failed tests counted as passed (they passed when run again). */
function countAsPassing(outcome: TestOutcome, ids: Set<string>): TestOutcome {
  const { report } = outcome;
  const flipped = report.tests.filter((t) => ids.has(t.id) && t.status === "failed").length;
  const failures = report.failures.filter((f) => !ids.has(f.id));
  const failed = Math.max(0, report.failed - flipped);
  const tests = report.tests.map((t) => (ids.has(t.id) && t.status === "failed" ? { id: t.id, status: "passed" as const } : t));
  const green = outcome.green || (failed === 0 && failures.length === 0 && !report.crashed && !outcome.result.timedOut);
  return { ...outcome, report: { ...report, tests, failures, failed, passed: report.passed + flipped }, green };
}

/** Ids of passing tests in a report. */
export function passingIds(report: TestReport): Set<string> {
  return new Set(report.tests.filter((t) => t.status === "passed").map((t) => t.id));
}

/** What runners and shells print when the command itself is missing (not a failing test). */
const COMMAND_MISSING = /command not found|^.*: not found$|is not recognized as an internal or external command|Missing script: |No module named pytest|could not determine executable to run/m;

/**
 * Why a test run never got to run a test: no test results, and the process did not start (spawn error),
 * the shell could not find or execute a command (exit 127 / 126), or the output says a command is missing.
 * Undefined when tests ran, or the run failed some other way (left to the model).
 */
export function whyTestsCannotRun(outcome: TestOutcome): string | undefined {
  const { result, report } = outcome;
  if (result.timedOut || result.cancelled || report.tests.length > 0 || report.passed > 0) return undefined;
  const firstLine = result.output.trim().split("\n")[0] ?? "";
  if (result.exitCode === null && result.signal === null) return firstLine || "the test command did not start";
  if (result.exitCode === 127) return "it ended with exit code 127: the shell could not find a command it calls";
  if (result.exitCode === 126) return "it ended with exit code 126: a command it calls is not executable";
  const missing = COMMAND_MISSING.exec(result.output);
  if (missing) return `no test ran: ${result.output.split("\n").find((line) => COMMAND_MISSING.test(line))?.trim() ?? missing[0]}`;
  return undefined;
}

/**
 * Ends the run before any model call when the first test run could not run at all: a patch cannot fix a
 * missing runner, and without results nothing could tell whether one worked. Shows the output and what to try.
 */
export function stopIfTestsCannotRun(ctx: RunContext, cmd: TestCommand, outcome: TestOutcome): void {
  const why = whyTestsCannotRun(outcome);
  if (!why) return;
  const output = outcome.result.output.trim();
  if (output && output !== why) {
    const lines = output.split("\n").slice(0, 15).map((line) => `    ${line.slice(0, 300)}`);
    ctx.emit("log", { level: "error", message: `Output of \`${displayCommand(cmd)}\`:\n${lines.join("\n")}` });
  }
  throw new StopRun(
    "test-error",
    `The tests could not run (\`${displayCommand(cmd)}\` in ${cmd.cwd}): ${why}. Nothing was changed and no model was asked. ` +
      `Try: run that command yourself, install what is missing, or set the right test command ` +
      `(greenloop --test "<command>", testCommand in .greenloop.json, or the greenloop.testCommand setting).`,
  );
}

/** Trimmed raw output for a crashed run, for the prompt. */
export function crashExcerpt(outcome: TestOutcome, maxLines = 40): string | undefined {
  if (!outcome.report.crashed) return undefined;
  const fromParser = outcome.report.failures.map((f) => f.message ?? "").join("\n").trim();
  const text = fromParser || outcome.result.output;
  return text.split("\n").slice(0, maxLines).join("\n");
}
