/**
 * Plain `go test` output (a command typed without `-json`, with or without `-v`), read into the same stream
 * the JSON events give: `--- FAIL: TestX (0.00s)` headers with the log lines indented below them (or, with
 * `-v`, printed between `=== RUN` and the header), and one `ok`/`FAIL` line per package after its tests.
 */
import type { GoStream, GoTest } from "./goTest";

const HEADER = /^(\s*)--- (FAIL|PASS|SKIP): (\S+) \([\d.]+s\)\s*$/;
const RUN = /^=== (?:RUN|CONT|NAME)\s+(\S+)\s*$/;
const PACKAGE_END = /^(ok|FAIL)\s+(\S+)\s+(?:[\d.]+s|\(cached\))/;
const PANIC = /^(?:panic: |fatal error: )/;
/** Lines that end a test's block of output. */
const BLOCK_END = /^\s*(?:---|===) |^(?:FAIL|ok|PASS)(?:\s|$)|^\?\s/;
/** Summary lines that say nothing the package lines do not. */
const NOISE = /^(?:FAIL|PASS|ok\s.*|\?\s.*|exit status \d+|FAIL\s+\S+\s+[\d.]+s|coverage: .*)$/;

/** True when `text` looks like plain `go test` output. */
export function isGoTestText(text: string): boolean {
  return /^\s*--- FAIL: \S+ \([\d.]+s\)$/m.test(text) || /^(?:ok|FAIL)\s+\S+\s+(?:[\d.]+s|\(cached\))$/m.test(text);
}

/** Reads plain `go test` output into a stream; tests get their package from the package line after them. */
export function readGoText(output: string): GoStream {
  const stream: GoStream = { tests: new Map(), packages: new Map(), packageOutput: new Map(), plain: [] };
  let unassigned: GoTest[] = [];
  const byName = new Map<string, GoTest>();
  const testNamed = (name: string): GoTest => {
    let test = byName.get(name);
    if (!test) {
      test = { pkg: "", name, output: [] };
      byName.set(name, test);
      unassigned.push(test);
    }
    return test;
  };
  let collecting: GoTest | undefined;
  let panicking = false;
  let loose: string[] = [];
  for (const line of output.split("\n")) {
    const end = PACKAGE_END.exec(line);
    if (end) {
      for (const test of unassigned) {
        test.pkg = end[2];
        stream.tests.set(`${end[2]} > ${test.name}`, test);
      }
      stream.packages.set(end[2], end[1] === "ok" ? "pass" : "fail");
      if (loose.length) stream.packageOutput.set(end[2], loose);
      unassigned = [];
      byName.clear();
      loose = [];
      collecting = undefined;
      panicking = false;
      continue;
    }
    if (panicking) {
      (collecting?.output ?? loose).push(`${line}\n`);
      continue;
    }
    const header = HEADER.exec(line);
    const run = RUN.exec(line);
    if (header) {
      const test = testNamed(header[3]);
      test.end = header[2] === "PASS" ? "pass" : header[2] === "SKIP" ? "skip" : "fail";
      collecting = test;
    } else if (run) collecting = testNamed(run[1]);
    else if (PANIC.test(line)) {
      panicking = true;
      (collecting?.output ?? loose).push(`${line}\n`);
    } else if (collecting && !BLOCK_END.test(line)) collecting.output.push(`${line}\n`);
    else if (line.trim() && !NOISE.test(line)) stream.plain.push(line);
  }
  // A run stopped before its package line: its tests keep no package.
  for (const test of unassigned) stream.tests.set(test.name, test);
  return stream;
}
