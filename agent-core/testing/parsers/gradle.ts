/**
 * Gradle (`./gradlew test`): javac and kotlinc errors, test results from Gradle's JUnit XML reports appended to
 * the output (`junitReports.ts`), else the one-line failures and the summary Gradle prints on the console.
 */
import type { TestCaseResult, TestReport } from "../types";
import { buildReport, compactMessage, ID_SEPARATOR } from "./common";
import { hasJunitReports, readJunitReports } from "./junitXml";

/** javac: `/abs/src/main/java/demo/Calc.java:5: error: ';' expected`; kotlinc: `e: file:///abs/Calc.kt:5:21 msg`. */
const JAVAC_ERROR = /^(.+?\.java):(\d+): error: (.*)$/;
const KOTLINC_ERROR = /^e: (?:file:\/\/)?(.+?\.kts?):(\d+):(\d+):? (.*)$/;
/** `CalcTest > addsTwoNumbers() FAILED`, then `    org.opentest4j.AssertionFailedError at CalcTest.java:10`. */
const CONSOLE_FAILURE = /^(\S.*?) > (.+?) FAILED$/;
const SUMMARY = /^(\d+) tests? completed, (\d+) failed(?:, (\d+) skipped)?$/;

/** True when `text` looks like Gradle's output. */
export function isGradleOutput(text: string): boolean {
  return /^(?:> Task :|BUILD (?:SUCCESSFUL|FAILED) in |FAILURE: Build failed)/m.test(text);
}

/** Parses Gradle's output, with the JUnit reports the run wrote appended. */
export function parseGradle(output: string): TestReport {
  const lines = output.split("\n");
  const compile = compileErrors(lines);
  if (compile.length) return buildReport("gradle", [], {}, compile, true);
  if (hasJunitReports(output)) return buildReport("gradle", readJunitReports(output), {});
  const tests: TestCaseResult[] = [];
  lines.forEach((line, i) => {
    const m = CONSOLE_FAILURE.exec(line);
    if (!m) return;
    const detail = lines[i + 1]?.startsWith("    ") ? lines[i + 1].trim() : undefined;
    tests.push({ id: `${m[1]}${ID_SEPARATOR}${m[2]}`, status: "failed", message: detail });
  });
  const summary = lines.map((l) => SUMMARY.exec(l)).find((m) => m !== null);
  if (summary) {
    const [total, failed, skipped] = [summary[1], summary[2], summary[3] ?? "0"].map(Number);
    return buildReport("gradle", tests, { passed: total - failed - skipped, failed, skipped });
  }
  const wrong = whatWentWrong(lines);
  if (tests.length === 0 && wrong)
    return buildReport("gradle", [], {}, [{ id: "(build)", status: "failed", message: wrong }], true);
  return buildReport("gradle", tests, {});
}

function compileErrors(lines: string[]): TestCaseResult[] {
  const errors: TestCaseResult[] = [];
  for (let i = 0; i < lines.length; i++) {
    const javac = JAVAC_ERROR.exec(lines[i]);
    const kotlinc = javac ? undefined : KOTLINC_ERROR.exec(lines[i]);
    if (!javac && !kotlinc) continue;
    const [file, line, text] = javac ? [javac[1], javac[2], javac[3]] : [kotlinc![1], kotlinc![2], kotlinc![4]];
    // javac prints the source line and a caret (and `symbol:` details) below.
    const details: string[] = [];
    for (let j = i + 1; j < lines.length && details.length < 4 && /^\s/.test(lines[j]); j++) details.push(lines[j]);
    errors.push({
      id: file,
      status: "failed",
      message: compactMessage([`${file}:${line}: error: ${text}`, ...details]),
      location: `${file}:${line}`,
    });
  }
  return errors;
}

/** The lines under `* What went wrong:`, up to the next `* ` heading. */
function whatWentWrong(lines: string[]): string | undefined {
  const start = lines.findIndex((l) => l.startsWith("* What went wrong:"));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith("* "));
  return compactMessage(lines.slice(start + 1, end < 0 ? undefined : end));
}
