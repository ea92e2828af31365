/** Tests stopped by a per-test timeout: said plainly, by name, so a hang is not read as a wrong answer. */
import type { TestCaseResult, TestReport } from "../testing/types";

const RUNNER_TIMEOUT = [
  /test timed out after (\d+)\s*ms/i, // node:test
  /Failed: Timeout >([\d.]+)s/, // pytest-timeout
  /Exceeded timeout of (\d+) ?ms for a (?:test|hook)/, // jest
  /Timeout of (\d+)ms exceeded/, // mocha
  /Test timed out in (\d+)ms/, // vitest
];
const FILE_ID = /\.(?:[cm]?[jt]sx?|py)$/;

/** Per-test timeout after `ms` when a match's unit is seconds (pytest-timeout), else milliseconds. */
function secondsOf(pattern: RegExp, value: string): number {
  return pattern.source.includes(">") ? Number(value) : Number(value) / 1000;
}

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
    const pattern = RUNNER_TIMEOUT.find((p) => p.test(text));
    if (!pattern || text.startsWith("Hangs:")) continue;
    const seconds = secondsOf(pattern, pattern.exec(text)![1]);
    const name = hangingName(failure.id, requested);
    failure.message = `Hangs: ${name} did not finish within ${Number(seconds.toFixed(1))} s and was stopped (an infinite loop, or waiting for something that never happens?). ${text}`;
    lines.push(`${name} did not finish within ${Number(seconds.toFixed(1))} s: stopped by the per-test timeout (an infinite loop?)`);
  }
  return [...new Set(lines)];
}

function hangingName(id: string, requested: string[]): string {
  if (!FILE_ID.test(id) || id.includes("::")) return `"${id}"`;
  const names = [...new Set(requested)].filter((r) => !r.startsWith("("));
  return names.length === 1 ? `"${names[0]}" (in ${id})` : `a test in ${id}`;
}

const DUMP_START = /^Timeout \(\d+:\d\d:\d\d(?:\.\d+)?\)!$/;
const FRAME = /^\s*File "([^"]+)", line (\d+) in (\S+)/;

/**
 * The test a run that was killed on its overall timeout was still in, from the traceback pytest's faulthandler
 * prints when a test runs past `faulthandler_timeout` (the stack's frame just above pytest calling the test
 * function), with the innermost frame of the project's own code. Undefined when the output holds no such dump.
 */
export function stillRunning(output: string, cwd: string): string | undefined {
  const lines = output.split(/\r?\n/);
  let start = -1;
  lines.forEach((line, i) => {
    if (DUMP_START.test(line.trim())) start = i;
  });
  if (start < 0) return undefined;
  const frames: Array<{ file: string; line: string; name: string }> = [];
  for (const line of lines.slice(start + 1)) {
    const frame = FRAME.exec(line);
    if (frame) frames.push({ file: frame[1], line: frame[2], name: frame[3] });
    else if (frames.length > 0 && !/^\s*(Thread|Current thread)\b/.test(line)) break;
  }
  const call = frames.findIndex((f) => /[\\/]_pytest[\\/]python\.py$/.test(f.file) && f.name === "pytest_pyfunc_call");
  if (call <= 0) return undefined;
  const shown = (file: string) => (file.startsWith(cwd + "/") || file.startsWith(cwd + "\\") ? file.slice(cwd.length + 1).replace(/\\/g, "/") : file);
  const test = frames[call - 1];
  const own = frames.slice(0, call - 1).find((f) => !/site-packages|dist-packages|[\\/]lib[\\/]python\d/.test(f.file));
  const where = own ? ` (at ${shown(own.file)}:${own.line} in ${own.name})` : "";
  return `${test.name} in ${shown(test.file)}${where}`;
}
