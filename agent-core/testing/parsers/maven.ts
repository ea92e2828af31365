/**
 * Maven (`mvn -q test`): compile errors from the compiler plugin, test results from Surefire's XML reports
 * appended to the output (`junitReports.ts`), else from the failures Surefire prints on the console.
 */
import type { TestCaseResult, TestReport } from "../types";
import { buildReport, compactMessage, ID_SEPARATOR, type SummaryCounts } from "./common";
import { describeJavaFailure } from "./javaStack";
import { hasJunitReports, readJunitReports } from "./junitXml";

/** `[ERROR] /abs/src/main/java/demo/Calc.java:[5,21] ';' expected` */
const COMPILE_ERROR = /^\[ERROR\] (.+?\.(?:java|kt|groovy|scala)):\[(\d+),(\d+)\] (.*)$/;
/** Surefire 3: `[ERROR] demo.CalcTest.greetsByName -- Time elapsed: 0.04 s <<< FAILURE!` */
const CONSOLE_FAILURE_3 =
  /^\[ERROR\] ([\w$.]+?)\.([\w$]+(?:\(.*\))?(?:\[\d+\])?) -- Time elapsed: [\d.,]+ s <<< (?:FAILURE|ERROR)!$/;
/** Surefire 2: `greetsByName(demo.CalcTest)  Time elapsed: 0.04 sec  <<< FAILURE!` */
const CONSOLE_FAILURE_2 =
  /^(?:\[ERROR\] )?([^\s(]+)\(([\w$.]+)\)\s+Time elapsed: [\d.,]+ sec?\s+<<< (?:FAILURE|ERROR)!$/;
const TOTALS = /^\[(?:ERROR|WARNING|INFO)\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)$/;
const BUILD_ERROR = /^\[ERROR\] (?!\s*$)(?!-> \[Help)(?!To see the full)(?!Re-run Maven)(?!For more information)/;

/** True when `text` looks like Maven's output. */
export function isMavenOutput(text: string): boolean {
  return /^\[(?:ERROR|INFO)\] (?:Tests run: \d+|BUILD (?:SUCCESS|FAILURE)|COMPILATION ERROR|Failed to execute goal)/m.test(
    text,
  );
}

/** Parses Maven's output, with the Surefire reports the run wrote appended. */
export function parseMaven(output: string): TestReport {
  const lines = output.split("\n");
  const compile = compileErrors(lines);
  if (compile.length) return buildReport("maven", [], {}, compile, true);
  if (hasJunitReports(output)) return buildReport("maven", mergeById(readJunitReports(output)), {});
  const tests = consoleFailures(lines);
  const totals = lines.map((l) => TOTALS.exec(l)).filter((m) => m !== null);
  const last = totals[totals.length - 1];
  if (last) {
    const [run, failures, errors, skipped] = last.slice(1).map(Number);
    const summary: SummaryCounts = { passed: run - failures - errors - skipped, failed: failures + errors, skipped };
    return buildReport("maven", tests, summary);
  }
  // The build stopped before any test ran (a dependency it could not resolve, a broken pom.xml).
  const build = lines.filter((l) => BUILD_ERROR.test(l)).map((l) => l.replace(/^\[ERROR\] /, ""));
  if (tests.length === 0 && build.length)
    return buildReport("maven", [], {}, [{ id: "(build)", status: "failed", message: compactMessage(build) }], true);
  return buildReport("maven", tests, {});
}

/** Each compile error once (the compiler plugin prints them twice), with its detail lines. */
function compileErrors(lines: string[]): TestCaseResult[] {
  const seen = new Map<string, TestCaseResult>();
  for (let i = 0; i < lines.length; i++) {
    const m = COMPILE_ERROR.exec(lines[i]);
    if (!m) continue;
    const [, file, line, column, text] = m;
    const details: string[] = [];
    for (let j = i + 1; j < lines.length && /^(?:\[ERROR\])?\s{2,}\S/.test(lines[j]); j++)
      details.push(lines[j].replace(/^\[ERROR\]/, "").trim());
    const key = `${file}:${line}:${column}:${text}`;
    if (seen.has(key)) continue;
    seen.set(key, {
      id: file,
      status: "failed",
      message: compactMessage([`${file}:${line}:${column}: error: ${text}`, ...details.map((d) => `  ${d}`)]),
      location: `${file}:${line}`,
    });
  }
  return [...seen.values()];
}

/** The failures Surefire printed, each with the trace below its header line. */
function consoleFailures(lines: string[]): TestCaseResult[] {
  const tests: TestCaseResult[] = [];
  for (let i = 0; i < lines.length; i++) {
    const three = CONSOLE_FAILURE_3.exec(lines[i]);
    const two = three ? undefined : CONSOLE_FAILURE_2.exec(lines[i]);
    if (!three && !two) continue;
    const [className, method] = three ? [three[1], three[2]] : [two?.[2] ?? "", two?.[1] ?? ""];
    const trace: string[] = [];
    for (let j = i + 1; j < lines.length && lines[j].trim() && !lines[j].startsWith("["); j++) trace.push(lines[j]);
    if (trace.length === 0) continue;
    tests.push({
      id: `${className}${ID_SEPARATOR}${method}`,
      status: "failed",
      ...describeJavaFailure(trace.join("\n"), className),
    });
  }
  return mergeById(tests);
}

/** One result per id (a test run again by a rerun option is reported once, failed if any run failed). */
function mergeById(tests: TestCaseResult[]): TestCaseResult[] {
  const byId = new Map<string, TestCaseResult>();
  for (const test of tests) {
    const known = byId.get(test.id);
    if (!known || (test.status === "failed" && known.status !== "failed")) byId.set(test.id, test);
  }
  return [...byId.values()];
}
