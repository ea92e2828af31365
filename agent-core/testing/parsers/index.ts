/** Turns raw test-runner output into a {@link TestReport}. */
import { stripAnsi } from "../cappedOutput";
import type { TestFramework, TestReport } from "../types";
import { LOAD_ERROR, buildReport } from "./common";
import { syntheticFailure } from "./fallback";
import { parseJest } from "./jest";
import { parseMocha } from "./mocha";
import { isNodeSpec, parseNodeSpec } from "./nodeSpec";
import { isNodeTap, parseNodeTap } from "./nodeTap";
import { parsePytest } from "./pytest";
import { parseVitest } from "./vitest";

export { failureSignature } from "./signature";
export { errorExcerpt } from "./fallback";

/** Options for {@link parseTestOutput}. */
export interface ParseOptions {
  /** Project folder: absolute paths under it are shown relative in ids and locations. */
  cwd?: string;
}

const RUNNER_MISSING = /command not found|: not found|Test command not found|Cannot find module '[^']*(?:jest|mocha|vitest)[^']*'/;

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
  switch (format) {
    case "node":
      // TAP when piped on Node 20/22; spec on a terminal and from Node 23 on.
      return isNodeTap(text) ? parseNodeTap(text) : parseNodeSpec(text);
    case "mocha":
      return parseMocha(text);
    case "jest":
      return parseJest(text);
    case "vitest":
      return parseVitest(text);
    case "pytest":
      return parsePytest(text);
    default:
      return buildReport("unknown", [], {});
  }
}

/** Recognises a runner from its output, for commands whose runner could not be guessed. */
export function sniffFramework(text: string): TestFramework {
  if (isNodeTap(text) || isNodeSpec(text)) return "node";
  if (/^Test Suites: /m.test(text)) return "jest";
  if (/^\s+Test Files\s{2}/m.test(text)) return "vitest";
  if (/^\s+\d+ (passing|failing) \(/m.test(text) || /Exception during run:/.test(text)) return "mocha";
  if (/^=+ (short test summary info|FAILURES|ERRORS|test session starts) =+$/m.test(text) || /^=*\s*(\d+ \w+, )*\d+ \w+ in [\d.]+s/m.test(text)) {
    return "pytest";
  }
  return "unknown";
}

function relativise(report: TestReport, cwd: string): void {
  const prefix = cwd.replace(/[\\/]+$/, "") + "/";
  const rel = (s: string | undefined): string | undefined => (s?.startsWith(prefix) ? s.slice(prefix.length) : s);
  for (const t of new Set([...report.tests, ...report.failures])) {
    t.id = rel(t.id) ?? t.id;
    if (t.location) t.location = rel(t.location);
  }
}
