/**
 * `go test -json`: the test2json event stream, one JSON object a line (plain `go test` output is read by
 * `goText.ts` into the same shape). What the go command itself prints
 * (compile errors, a missing module) is plain text between the events up to Go 1.23 and `build-output` events
 * from Go 1.24 on; both are read as a package that did not build.
 */
import type { TestCaseResult, TestReport } from "../types";
import { buildReport, compactMessage, durationMs, ID_SEPARATOR } from "./common";
import { describeGoFailure } from "./goMessages";
import { isGoTestText, readGoText } from "./goText";

interface GoEvent {
  Action: string;
  Package?: string;
  Test?: string;
  Output?: string;
  Elapsed?: number;
  ImportPath?: string;
}

/** One test (or subtest, `TestX/case`) of one package, as the stream tells it. */
export interface GoTest {
  pkg: string;
  name: string;
  end?: "pass" | "fail" | "skip";
  elapsed?: number;
  output: string[];
}

/** Everything read from one stream. */
export interface GoStream {
  tests: Map<string, GoTest>;
  /** How each package ended; absent while it was still running. */
  packages: Map<string, "pass" | "fail" | "skip">;
  /** Output of packages outside any test (a panic in TestMain or init, "[no test files]"). */
  packageOutput: Map<string, string[]>;
  /** The go command's own text: compile and setup errors. */
  plain: string[];
}

const END_ACTIONS = new Set(["pass", "fail", "skip"]);
/** A compiler or go-command position: "calc/calc.go:4:37: undefined: c" (relative to the folder it ran in). */
const POSITION = /^((?:[A-Za-z]:)?[^\s:]+\.go):(\d+)(?::\d+)?: (.+)$/;
const BUILD_HEADER = /^# (\S+)(?: \[\S+\])?$/;
const BUILD_FAILED = /^FAIL\s+(\S+) \[(build|setup) failed\]$/;
/** The go command's lines that are not errors. */
const INFO = /^go: (?:downloading|finding|extracting) /;

/** True when `text` holds test2json events. */
export function isGoTestJson(text: string): boolean {
  return /^\{.*"Action":"(?:run|output|pass|fail|skip|start|build-output|build-fail)".*"(?:Package|ImportPath)":"|^\{.*"(?:Package|ImportPath)":".*"Action":"(?:run|output|pass|fail|skip|start|build-output|build-fail)"/m.test(
    text,
  );
}

/** Reads the events and the go command's own lines. */
export function readGoStream(output: string): GoStream {
  const stream: GoStream = { tests: new Map(), packages: new Map(), packageOutput: new Map(), plain: [] };
  for (const line of output.split("\n")) {
    const event = line.startsWith("{") ? parseEvent(line) : undefined;
    if (!event) {
      // A line cut by a capped or killed run is noise, not an error of the go command.
      if (line.trim() && !line.startsWith('{"')) stream.plain.push(line);
      continue;
    }
    if (event.Action === "build-output") stream.plain.push(...(event.Output ?? "").replace(/\n$/, "").split("\n"));
    if (!event.Package) continue;
    if (!event.Test) {
      if (END_ACTIONS.has(event.Action)) stream.packages.set(event.Package, event.Action as "pass");
      else if (event.Action === "output") pushTo(stream.packageOutput, event.Package, event.Output ?? "");
      continue;
    }
    const key = event.Package + ID_SEPARATOR + event.Test;
    let test = stream.tests.get(key);
    if (!test) {
      test = { pkg: event.Package, name: event.Test, output: [] };
      stream.tests.set(key, test);
    }
    if (event.Action === "output") test.output.push(event.Output ?? "");
    else if (END_ACTIONS.has(event.Action)) {
      test.end = event.Action as GoTest["end"];
      test.elapsed = event.Elapsed;
    }
  }
  return stream;
}

function parseEvent(line: string): GoEvent | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === "object" && typeof (value as GoEvent).Action === "string"
      ? (value as GoEvent)
      : undefined;
  } catch {
    return undefined;
  }
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

/**
 * Parses `go test -json` output, or plain `go test` output when it holds no events. Ids are
 * "<import path> > <test name>", subtests as Go names them (`TestX/case`).
 */
export function parseGoTest(output: string): TestReport {
  const stream = !isGoTestJson(output) && isGoTestText(output) ? readGoText(output) : readGoStream(output);
  const all = [...stream.tests.values()];
  const hasChildren = (t: GoTest) => all.some((o) => o.pkg === t.pkg && o.name.startsWith(`${t.name}/`));
  const tests: TestCaseResult[] = [];
  for (const test of all) {
    const status = statusOf(test);
    const ownLines = test.output.filter((l) => l.trim() && !/^\s*(?:=== |--- )/.test(l));
    // A parent that failed only through its subtests is not a failure of its own.
    if (hasChildren(test) && (status !== "failed" || ownLines.length === 0)) continue;
    const result: TestCaseResult = {
      id: test.pkg ? test.pkg + ID_SEPARATOR + test.name : test.name,
      status,
      durationMs: durationMs(test.elapsed === undefined ? undefined : String(test.elapsed), "s"),
    };
    if (status === "failed") {
      const details = describeGoFailure(test.output);
      result.message = test.end ? details.message : unfinishedMessage(test, stream, details.message);
      Object.assign(result, { location: details.location, expected: details.expected, actual: details.actual });
    }
    tests.push(result);
  }
  const build = buildFailures(stream.plain);
  const packages = packageFailures(stream, tests);
  // Code that does not compile, or a package that failed before any test ran (TestMain, init).
  const crashed = build.length > 0 || (tests.length === 0 && packages.length > 0);
  return buildReport("go", tests, {}, [...build, ...packages], crashed);
}

function statusOf(test: GoTest): TestCaseResult["status"] {
  if (test.end === "pass") return "passed";
  if (test.end === "skip") return "skipped";
  // No end of its own: its package failed around it (a panic or -timeout), or the run was stopped.
  return "failed";
}

function unfinishedMessage(test: GoTest, stream: GoStream, details: string): string {
  const stopped = !stream.packages.has(test.pkg);
  const said = details === "failed without a message" ? "" : `\n${details}`;
  return stopped ? `${test.name} did not finish: the run was stopped while it ran.${said}` : details;
}

/**
 * Packages that failed with no failing test to show for it (a panic in TestMain or init, a failing Example is
 * a test): one failure per package, with the package's own output.
 */
function packageFailures(stream: GoStream, tests: TestCaseResult[]): TestCaseResult[] {
  const out: TestCaseResult[] = [];
  for (const [pkg, end] of stream.packages) {
    if (end !== "fail" || tests.some((t) => t.status === "failed" && t.id.startsWith(pkg + ID_SEPARATOR))) continue;
    const lines = (stream.packageOutput.get(pkg) ?? []).filter((l) => !/^(?:FAIL|ok)\s/.test(l) && l.trim());
    if (lines.length === 0 && stream.plain.length > 0) continue; // a build failure, read from the plain lines
    const details = describeGoFailure(lines);
    out.push({ id: pkg, status: "failed", message: details.message, location: details.location });
  }
  return out;
}

/** Compile and setup errors: one failure per package that did not build, else one for the go command. */
export function buildFailures(plain: string[]): TestCaseResult[] {
  const lines = plain.filter((l) => !INFO.test(l));
  if (lines.length === 0) return [];
  const byPackage = new Map<string, string[]>();
  let current = "(go)";
  for (const line of lines) {
    const header = BUILD_HEADER.exec(line);
    const failed = BUILD_FAILED.exec(line);
    if (header) current = header[1];
    else if (failed) {
      if (!byPackage.has(failed[1])) byPackage.set(failed[1], []);
      current = "(go)";
    } else pushTo(byPackage, current, line);
  }
  const out: TestCaseResult[] = [];
  for (const [pkg, errors] of byPackage) {
    const at = errors.map((l) => POSITION.exec(l)).find((m) => m !== null);
    const what = pkg === "(go)" ? "The go command failed" : `${pkg} does not build`;
    out.push({
      id: pkg,
      status: "failed",
      message: compactMessage([`${what}:`, ...errors]),
      location: at ? `${at[1]}:${at[2]}` : undefined,
    });
  }
  return out;
}
