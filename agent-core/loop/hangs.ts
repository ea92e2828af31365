/** Tests stopped by a per-test timeout: said plainly, by name, so a hang is not read as a wrong answer. */
import { runnerFor, TEST_RUNNERS } from "../testing/runners";
import type { TimeoutMessage } from "../testing/runners/types";
import type { TestCaseResult, TestReport } from "../testing/types";

/** Every runner's per-test timeout message. */
const RUNNER_TIMEOUT: TimeoutMessage[] = TEST_RUNNERS.flatMap((r) => (r.timeoutMessage ? [r.timeoutMessage] : []));

const FILE_ID = /\.(?:[cm]?[jt]sx?|py)$/;

/**
 * Rewrites the message of every failure that a runner's per-test timeout produced, naming the test: node:test
 * stops a whole file, so a file id is named through `requested` (the test names the run was narrowed to) when
 * there is just one. Returns one line per hanging test, for the log.
 */
export function describeHangs(report: TestReport, requested: string[]): string[] {
  const lines: string[] = [];
  const seen = new Set<TestCaseResult>();
  for (const failure of [...report.failures, ...report.tests]) {
    if (seen.has(failure) || failure.status !== "failed") continue;
    seen.add(failure);
    const text = failure.message ?? "";
    const timeout = RUNNER_TIMEOUT.find((t) => t.pattern.test(text));
    if (!timeout || text.startsWith("Hangs:")) continue;
    const limit = Number(timeout.pattern.exec(text)![1]);
    const seconds = timeout.unit === "s" ? limit : limit / 1000;
    const name = hangingName(failure.id, requested);
    failure.message = `Hangs: ${name} did not finish within ${Number(seconds.toFixed(1))} s and was stopped (an infinite loop, or waiting for something that never happens?). ${text}`;
    lines.push(
      `${name} did not finish within ${Number(seconds.toFixed(1))} s: stopped by the per-test timeout (an infinite loop?)`,
    );
  }
  return [...new Set(lines)];
}

function hangingName(id: string, requested: string[]): string {
  if (!FILE_ID.test(id) || id.includes("::")) return `"${id}"`;
  const names = [...new Set(requested)].filter((r) => !r.startsWith("("));
  return names.length === 1 ? `"${names[0]}" (in ${id})` : `a test in ${id}`;
}

/** The test a pytest run killed on its overall timeout was still in (see the pytest runner). */
export function stillRunning(output: string, cwd: string): string | undefined {
  return runnerFor("pytest")?.stillRunning?.(output, cwd);
}
