/**
 * `cargo test` output: cargo's own lines (build, compile errors, "Running …") and libtest's plain output for each
 * test binary ("test name ... ok", the "---- name stdout ----" sections, "test result:" lines).
 *
 * Ids are libtest's names ("tests::adds", "adds" in tests/foo.rs, "src/lib.rs - add (line 3)" for doc tests),
 * never prefixed with the binary: cargo prints "Running tests/foo.rs" on stderr and libtest writes on stdout, so
 * the two can arrive in either order and a prefix taken from them would change from run to run.
 */
import type { TestCaseResult, TestReport } from "../types";
import { buildReport, compactMessage, type SummaryCounts } from "./common";

const RESULT_LINE = /^test (.+?) \.\.\. (ok|FAILED|ignored(?:, .*)?|bench:.*)$/;
const SECTION = /^---- (.+) (?:stdout|stderr) ----$/;
const SUMMARY = /^test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored;/;
const PANIC = /^thread '(.+?)'(?: \(\d+\))? panicked at (.+?):(\d+):(\d+):$/;
const OVERFLOW = /^thread '(.+?)'(?: \(\d+\))? has overflowed its stack$/;
const NO_PANIC = /^note: test did not panic as expected(?: at (.+?):(\d+):\d+)?/;
const FRAME_AT = /^\s+at (.+?):(\d+):\d+$/;
const COMPILE_ERROR = /^error(?:\[(E\d+)\])?: (.+)$/;
const ARROW = /^\s*--> (.+?):(\d+):(\d+)$/;
const DOC_TEST = /^(.+?\.rs) - .* \(line (\d+)\)(?: - .*)?$/;
/** Frames and panic locations in Rust itself, the registry's crates or rustdoc's temp files. */
export const LIBRARY_FRAME =
  /^\/rustc\/|[\\/]\.cargo[\\/](?:registry|git)[\\/]|[\\/]rustdoctest|[\\/]library[\\/](?:std|core|alloc|test)[\\/]/;

/** Parses the combined output of `cargo test`. */
export function parseCargo(output: string): TestReport {
  const lines = output.split("\n");
  const tests = new Map<string, TestCaseResult>();
  const summary: SummaryCounts = {};
  const sections = new Map<string, string[]>();
  let section: string[] | undefined;
  let ranTests = false;
  const binaryOf = new Map<string, number>();
  let binary = 0;
  for (const line of lines) {
    if (/^\s*(?:Running|Doc-tests) /.test(line)) binary++;
    const result = RESULT_LINE.exec(line);
    if (result) {
      section = undefined;
      const test = record(tests, result[1], result[2]);
      if (!binaryOf.has(test.id)) binaryOf.set(test.id, binary);
      continue;
    }
    const head = SECTION.exec(line);
    if (head) {
      section = [];
      sections.set(testName(head[1]), section);
      continue;
    }
    const total = SUMMARY.exec(line);
    if (total) {
      section = undefined;
      ranTests = true;
      summary.passed = (summary.passed ?? 0) + Number(total[1]);
      summary.failed = (summary.failed ?? 0) + Number(total[2]);
      summary.skipped = (summary.skipped ?? 0) + Number(total[3]);
      continue;
    }
    if (/^running \d+ tests?$/.test(line)) ranTests = true;
    if (section && (line === "failures:" || line === "successes:")) section = undefined;
    section?.push(line);
  }
  for (const [name, body] of sections) describe(tests.get(name) ?? record(tests, name, "FAILED"), body);
  markOverflows(lines, tests);
  const extra = abortedBinaries(output, tests);
  const compile = compileErrors(lines);
  const crashed = compile.length > 0 || (!ranTests && /^error: /m.test(output));
  if (!ranTests && compile.length === 0 && crashed) extra.push(cargoError(lines));
  // libtest runs a binary's tests on several threads and reports them as they end: by binary, then by name,
  // two runs read alike.
  const key = (t: TestCaseResult) => binaryOf.get(t.id) ?? binary + 1;
  const ordered = [...tests.values()].sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return buildReport("cargo", ordered, summary, [...compile, ...extra], crashed);
}

function record(tests: Map<string, TestCaseResult>, rawName: string, outcome: string): TestCaseResult {
  const id = testName(rawName);
  const status = outcome === "FAILED" ? "failed" : outcome.startsWith("ignored") ? "skipped" : "passed";
  const existing = tests.get(id);
  if (existing) {
    if (status === "failed") existing.status = "failed";
    return existing;
  }
  const test: TestCaseResult = { id, status };
  // A doc test's name says where it is.
  const doc = DOC_TEST.exec(id);
  if (doc) test.location = `${doc[1]}:${doc[2]}`;
  tests.set(id, test);
  return test;
}

/** libtest marks `#[should_panic]` tests in their result line only. */
function testName(raw: string): string {
  return raw.replace(/ - should panic$/, "");
}

/** Message, expected/actual and location from a test's "---- name stdout ----" section. */
function describe(test: TestCaseResult, body: string[]): void {
  test.status = "failed";
  const panicAt = body.findIndex((l) => PANIC.test(l));
  if (panicAt >= 0) {
    const [, , file, line] = PANIC.exec(body[panicAt]) as RegExpExecArray;
    const rest = body.slice(panicAt + 1);
    const end = rest.findIndex((l) => /^(?:note: |stack backtrace:|\s*$)/.test(l));
    const text = end < 0 ? rest : rest.slice(0, end);
    const left = text.findIndex((l) => /^\s*left: /.test(l));
    const right = text.findIndex((l) => /^\s*right: /.test(l));
    const message = left >= 0 ? text.slice(0, left) : text;
    const shouldPanic = shouldPanicMismatch(rest);
    // assert_eq!(actual, expected) is the usual order: left is what the code computed.
    if (/^assertion `left == right` failed/.test(message[0] ?? "") && left >= 0 && right > left) {
      test.actual = text
        .slice(left, right)
        .join("\n")
        .replace(/^\s*left: /, "");
      test.expected = text
        .slice(right)
        .join("\n")
        .replace(/^\s*right: /, "");
      test.message = compactMessage(message);
    } else if (shouldPanic) {
      Object.assign(test, shouldPanic);
      test.message = compactMessage([`panic did not contain the expected text: ${text.join(" ")}`]);
    } else {
      test.message = compactMessage(text);
    }
    // A doc test panics in a temp file of rustdoc's: its own name says where it is.
    test.location = LIBRARY_FRAME.test(file)
      ? (userFrame(rest) ?? test.location ?? `${file}:${line}`)
      : `${file}:${line}`;
    return;
  }
  const noPanic = body.map((l) => NO_PANIC.exec(l)).find((m) => m);
  if (noPanic) {
    test.message = "test did not panic as expected (#[should_panic])";
    if (noPanic[1]) test.location = `${noPanic[1]}:${noPanic[2]}`;
    return;
  }
  // A test returning Err prints "Error: <debug of the error>"; a doc test prints its executable's failure.
  const shown = body.filter((l) => l.trim() && !/^note: run with `RUST_BACKTRACE/.test(l));
  const error = shown.findIndex((l) => /^Error: /.test(l));
  test.message = compactMessage(error >= 0 ? shown.slice(error) : shown);
}

/** "panic did not contain expected string": the panic's message and the expected substring. */
function shouldPanicMismatch(rest: string[]): { expected: string; actual: string } | undefined {
  const at = rest.findIndex((l) => /^note: panic did not contain expected string/.test(l));
  if (at < 0) return undefined;
  const actual = /^\s*panic message: (.*)$/.exec(rest[at + 1] ?? "")?.[1];
  const expected = /^\s*expected substring: (.*)$/.exec(rest[at + 2] ?? "")?.[1];
  return actual !== undefined && expected !== undefined ? { expected, actual } : undefined;
}

/** The first backtrace frame in the project's own code ("at ./src/lib.rs:54:24"). */
function userFrame(lines: string[]): string | undefined {
  for (const line of lines) {
    const m = FRAME_AT.exec(line);
    if (m && !LIBRARY_FRAME.test(m[1])) return `${m[1].replace(/^\.\//, "")}:${m[2]}`;
  }
  return undefined;
}

/** A stack overflow aborts the whole test binary; the thread's name is the test's. */
function markOverflows(lines: string[], tests: Map<string, TestCaseResult>): void {
  for (const line of lines) {
    const m = OVERFLOW.exec(line);
    if (!m) continue;
    const test = tests.get(m[1]) ?? record(tests, m[1], "FAILED");
    test.status = "failed";
    test.message = "stack overflow: the test binary aborted (unbounded recursion?)";
  }
}

/** A test binary killed by a signal with no test to blame (an abort outside a test thread). */
function abortedBinaries(output: string, tests: Map<string, TestCaseResult>): TestCaseResult[] {
  const killed = /process didn't exit successfully: `([^`]+)` \((signal: \d+, [^)]*)\)/.exec(output);
  if (!killed || [...tests.values()].some((t) => t.status === "failed")) return [];
  const binary = killed[1].split(/[\\/]/).pop() ?? killed[1];
  return [{ id: "(test run)", status: "failed", message: `The test binary ${binary} was killed (${killed[2]}).` }];
}

/** Each compiler error with its position ("error[E0308]: mismatched types" + " --> src/lib.rs:9:9"). */
function compileErrors(lines: string[]): TestCaseResult[] {
  const out: TestCaseResult[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = COMPILE_ERROR.exec(lines[i]);
    if (!m || !lines[i + 1] || !ARROW.test(lines[i + 1])) continue;
    // A bad Cargo.toml is reported the same way, without a code.
    const [, file, line] = ARROW.exec(lines[i + 1]) as RegExpExecArray;
    const snippet: string[] = [];
    for (let j = i + 2; j < lines.length && lines[j].trim() !== "" && snippet.length < 8; j++) snippet.push(lines[j]);
    out.push({
      id: `(compile error) ${file}:${line}`,
      status: "failed",
      message: compactMessage([lines[i], lines[i + 1], ...snippet]),
      location: `${file}:${line}`,
    });
  }
  return out;
}

/** cargo stopped before any test binary ran, without a compiler error to show (no Cargo.toml, a lock, offline). */
function cargoError(lines: string[]): TestCaseResult {
  const first = lines.findIndex((l) => /^error: /.test(l));
  return {
    id: "(test run)",
    status: "failed",
    message: compactMessage(lines.slice(first).filter((l) => l.trim())),
  };
}
