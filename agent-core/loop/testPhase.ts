import type { TestScope } from "../events";
import { filterCommand } from "../testing/detect";
import type { TestSetup } from "../testing/detectProject";
import { withPerTestTimeout } from "../testing/filter";
import { parseTestOutput } from "../testing/parsers";
import { timeoutMessage } from "../testing/processRunner";
import { runnerFor } from "../testing/runners";
import type { ProcessResult, TestCaseResult, TestCommand, TestReport } from "../testing/types";
import type { RunContext } from "./context";
import { StopRun } from "./context";
import { describeHangs } from "./hangs";

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
export async function runTests(
  ctx: RunContext,
  cmd: TestCommand,
  scope: TestScope,
  requested: string[] = [],
): Promise<TestOutcome> {
  ctx.emit("tests-started", { iteration: ctx.iteration, scope, command: displayCommand(cmd) });
  const label = scope === "full" ? "full suite" : scope === "related" ? "the target's tests" : "failing tests";
  const execute = () =>
    ctx.ports.tests
      .execute(cmd, {
        signal: ctx.signal,
        timeoutMs: ctx.config.testTimeoutMs,
        label,
        envPassthrough: ctx.config.testEnvPassthrough,
      })
      .catch((error: unknown) => {
        // The host could not run the tests at all (a task that never started): a test error, not a crash.
        throw new StopRun(
          "test-error",
          `The tests could not run: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
  let result = await execute();
  if (ctx.signal.aborted) throw new StopRun("cancelled", "Cancelled while tests were running.");
  if (result.cancelled) {
    // Stopped outside the loop (a closed terminal, a host hiccup): one more try before giving up.
    ctx.emit("log", { level: "warn", message: "The test run was stopped from outside; running it again." });
    result = await execute();
    if (ctx.signal.aborted) throw new StopRun("cancelled", "Cancelled while tests were running.");
    if (result.cancelled)
      throw new StopRun(
        "test-error",
        "The test run was stopped from outside Greenloop twice (was its terminal closed?).",
      );
  }
  const report = parseTestOutput(cmd.framework, result.output, result.exitCode, { cwd: cmd.cwd });
  for (const line of describeHangs(report, requested)) ctx.emit("log", { level: "warn", message: line });
  if (result.timedOut) {
    report.crashed = true;
    const hung = runnerFor(cmd.framework)?.stillRunning?.(result.output, cmd.cwd);
    if (hung)
      ctx.emit("log", {
        level: "warn",
        message: `${hung} was still running when the test command timed out (an infinite loop?)`,
      });
    const running = hung ? `; ${hung} was still running` : "";
    report.failures = [
      {
        id: "(test run)",
        status: "failed",
        message: `${timeoutMessage(ctx.config.testTimeoutMs)}${running} (a hang or an infinite loop?).`,
      },
      ...report.failures,
    ];
    report.failed = Math.max(report.failed, 1);
  }
  if (result.exitCode === null && !result.timedOut && report.failures.length === 0) {
    report.crashed = true;
    report.failures = [
      { id: "(test run)", status: "failed", message: result.output.slice(0, 500) || "The test command did not start." },
    ];
  }
  const green = result.exitCode === 0 && report.failed === 0 && !result.timedOut;
  ctx.emit("tests-finished", {
    iteration: ctx.iteration,
    scope,
    counts: { passed: report.passed, failed: report.failed, skipped: report.skipped },
    failures: report.failures
      .slice(0, 20)
      .map((f) => ({ id: f.id, message: f.message, expected: f.expected, actual: f.actual, location: f.location })),
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
export async function runFirst(
  ctx: RunContext,
  setup: Pick<TestSetup, "command" | "related" | "project">,
): Promise<{ outcome: TestOutcome; command: TestCommand }> {
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
export async function runAfterPatch(
  ctx: RunContext,
  cmd: TestCommand,
  failing: TestCaseResult[],
  lastFull?: TestReport,
): Promise<TestOutcome> {
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
export async function confirmRegressions(
  ctx: RunContext,
  cmd: TestCommand,
  bestPassing: Set<string>,
  bestCrashed: boolean,
  outcome: TestOutcome,
): Promise<CheckedOutcome> {
  const regressions = findRegressions(bestPassing, bestCrashed, outcome);
  if (regressions.length === 0 || regressions.some((id) => id.startsWith("(")))
    return { outcome, regressions, flaky: [] };
  const alone = filterCommand(cmd, regressions);
  const again = await runTests(ctx, alone ?? cmd, alone ? "failing" : "full");
  const passedAgain = passingIds(again.report);
  const flaky = regressions.filter((id) => passedAgain.has(id));
  if (flaky.length === 0) return { outcome, regressions, flaky };
  ctx.emit("log", {
    level: "warn",
    message: `Flaky: ${flaky.slice(0, 5).join(", ")} failed after the change, then passed when run again; not blamed on the change.`,
  });
  return {
    outcome: countAsPassing(outcome, new Set(flaky)),
    regressions: regressions.filter((id) => !flaky.includes(id)),
    flaky,
  };
}

/** The outcome with the given failed tests counted as passed (they passed when run again). */
function countAsPassing(outcome: TestOutcome, ids: Set<string>): TestOutcome {
  const { report } = outcome;
  const flipped = report.tests.filter((t) => ids.has(t.id) && t.status === "failed").length;
  const failures = report.failures.filter((f) => !ids.has(f.id));
  const failed = Math.max(0, report.failed - flipped);
  const tests = report.tests.map((t) =>
    ids.has(t.id) && t.status === "failed" ? { id: t.id, status: "passed" as const } : t,
  );
  const green = outcome.green || (failed === 0 && failures.length === 0 && !report.crashed && !outcome.result.timedOut);
  return { ...outcome, report: { ...report, tests, failures, failed, passed: report.passed + flipped }, green };
}

/** Ids of passing tests in a report. */
export function passingIds(report: TestReport): Set<string> {
  return new Set(report.tests.filter((t) => t.status === "passed").map((t) => t.id));
}

/** What runners and shells print when the command itself is missing (not a failing test). */
const COMMAND_MISSING =
  /command not found|^.*: not found$|is not recognized as an internal or external command|Missing script: |No module named pytest|could not determine executable to run/m;

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
  if (missing)
    return `no test ran: ${
      result.output
        .split("\n")
        .find((line) => COMMAND_MISSING.test(line))
        ?.trim() ?? missing[0]
    }`;
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
    const lines = output
      .split("\n")
      .slice(0, 15)
      .map((line) => `    ${line.slice(0, 300)}`);
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
  const fromParser = outcome.report.failures
    .map((f) => f.message ?? "")
    .join("\n")
    .trim();
  const text = fromParser || outcome.result.output;
  return text.split("\n").slice(0, maxLines).join("\n");
}
