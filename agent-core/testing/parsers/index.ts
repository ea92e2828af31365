/** Turns raw test-runner output into a {@link TestReport}. */
import { stripAnsi } from "../cappedOutput";
import { runnerFor, TEST_RUNNERS } from "../runners";
import type { TestFramework, TestReport } from "../types";
import { buildReport, LOAD_ERROR } from "./common";
import { syntheticFailure } from "./fallback";

export { errorExcerpt } from "./fallback";
export { failureSignature } from "./signature";

/** Options for {@link parseTestOutput}. */
export interface ParseOptions {
  /** Project folder: absolute paths under it are shown relative in ids and locations. */
  cwd?: string;
}

const RUNNER_MISSING =
  /command not found|: not found|Test command not found|Cannot find module '[^']*(?:jest|mocha|vitest)[^']*'/;

/**
 * Parses `output` of a `framework` run. Never throws. When the run failed (non-zero or null exit code)
 * but no failure could be read, the report holds one synthetic "(test run)" failure with trimmed output.
 * For "unknown", the format is recognised from the text when possible.
 */
export function parseTestOutput(
  framework: TestFramework,
  output: string,
  exitCode: number | null,
  options: ParseOptions = {},
): TestReport {
  const text = stripAnsi(output).replace(/\r\n/g, "\n");
  const format = framework === "unknown" ? sniffFramework(text) : framework;
  let report: TestReport;
  try {
    report = parseAs(format, text);
  } catch {
    report = buildReport(format, [], {});
  }
  if (report.failures.length === 0 && exitCode !== 0) {
    report.failures.push(syntheticFailure(text, exitCode));
    report.failed = Math.max(report.failed, 1);
    if (report.tests.length === 0 && (LOAD_ERROR.test(text) || RUNNER_MISSING.test(text))) report.crashed = true;
  }
  if (options.cwd) relativise(report, options.cwd);
  return report;
}

function parseAs(format: TestFramework, text: string): TestReport {
  return runnerFor(format)?.parse(text) ?? buildReport("unknown", [], {});
}

/** Recognises a runner from its output, for commands whose runner could not be guessed. */
export function sniffFramework(text: string): TestFramework {
  return TEST_RUNNERS.find((r) => r.sniffOutput(text))?.id ?? "unknown";
}

function relativise(report: TestReport, cwd: string): void {
  const prefix = cwd.replace(/[\\/]+$/, "") + "/";
  const rel = (s: string | undefined): string | undefined => (s?.startsWith(prefix) ? s.slice(prefix.length) : s);
  for (const t of new Set([...report.tests, ...report.failures])) {
    t.id = rel(t.id) ?? t.id;
    // A message that opens with its own position (a compiler's "/abs/Calc.java:5:21: error: …"); paths inside
    // other messages may be the values a test compares, so they stay as printed.
    if (t.message?.startsWith(prefix) && t.location?.startsWith(prefix)) t.message = t.message.slice(prefix.length);
    if (t.location) t.location = rel(t.location);
    if (t.frames) t.frames = t.frames.map((f) => rel(f) ?? f);
  }
}
