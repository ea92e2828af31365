/** Shapes shared by test detection, running and parsing. */
import type { TestRunnerId } from "./runners";

/** A runner of `runners/index.ts`, or "unknown" (a command whose runner could not be told). */
export type TestFramework = TestRunnerId | "unknown";

/** A test command, always an argv (never a shell string) so nothing depends on shell word splitting. */
export interface TestCommand {
  argv: string[];
  /** Working directory, absolute. */
  cwd: string;
  framework: TestFramework;
  /** Extra environment for the process. */
  env?: Record<string, string>;
  /**
   * False when extra arguments cannot be appended to run a subset of tests
   * (compound npm scripts, shell commands). Undefined means appendable.
   */
  filterable?: boolean;
  /** How detection chose it (interpreter, plugins, test project), shown when a run starts. */
  notes?: string[];
  /** The runner's own per-test timeout option, when it has one the project does not set itself. */
  perTestTimeout?: PerTestTimeout;
  /**
   * Folders (relative to `cwd`) where the run writes JUnit XML reports (Surefire, Gradle): the reports it wrote
   * are appended to its output for the parser (`junitReports.ts`).
   */
  reports?: string[];
}

/** A per-test timeout option: `before` arguments, then `flag` glued to the value in `unit`. */
export interface PerTestTimeout {
  flag: string;
  unit: "ms" | "s";
  before?: string[];
  /** The option only names the test that runs too long (pytest's faulthandler); the run's own timeout stops it. */
  reportsOnly?: boolean;
}

export type TestStatus = "passed" | "failed" | "skipped";

export interface TestCaseResult {
  /** Stable id, e.g. "suite > name" or "tests/test_x.py::test_add". */
  id: string;
  status: TestStatus;
  /** First line(s) of the failure message. */
  message?: string;
  expected?: string;
  actual?: string;
  /** "file:line" of the failing assertion when the runner reports it. */
  location?: string;
  /** Every "file:line" of the user's code in the failure's stack, innermost first (tests, sources, no libraries). */
  frames?: string[];
  /** How long the test took, when the runner prints it. */
  durationMs?: number;
}

/** Parsed outcome of one test run. */
export interface TestReport {
  framework: TestFramework;
  passed: number;
  failed: number;
  skipped: number;
  tests: TestCaseResult[];
  /** Failures only; when the parser found none but the run failed, one synthetic failure with trimmed raw output. */
  failures: TestCaseResult[];
  /** True when the run errored before tests ran (syntax error, import error, missing runner). */
  crashed: boolean;
}

/** Raw outcome of a process run. */
export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  /** Combined stdout+stderr, capped; the tail is kept when capped. */
  output: string;
  truncated: boolean;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
}
