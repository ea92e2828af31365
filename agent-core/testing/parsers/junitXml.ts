/**
 * Reads the JUnit XML reports appended to a run's output (`junitReports.ts`): Maven Surefire's and Gradle's
 * `<testsuite>` files, one `<testcase>` per test with `<failure>`, `<error>` or `<skipped>`. Only that fixed
 * shape is read; a report cut short keeps the test cases it holds whole.
 */
import { REPORT_HEADER } from "../junitReports";
import type { TestCaseResult } from "../types";
import { ID_SEPARATOR } from "./common";
import { describeJavaFailure } from "./javaStack";

const TESTCASE = /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
const PROBLEM = /<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/;
const SKIPPED = /<skipped\b/;
const ATTRIBUTE = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** True when `output` carries at least one appended report. */
export function hasJunitReports(output: string): boolean {
  return output.split("\n").some((line) => REPORT_HEADER.test(line));
}

/** The test cases of every report appended to `output`, in report order; ids are `class > test`. */
export function readJunitReports(output: string): TestCaseResult[] {
  const tests: TestCaseResult[] = [];
  for (const report of reportBodies(output)) {
    for (const m of report.matchAll(TESTCASE)) tests.push(testCase(attributes(m[1]), m[2] ?? ""));
  }
  return tests;
}

/** The text after each report header, up to the next header. */
function reportBodies(output: string): string[] {
  const bodies: string[] = [];
  let current: string[] | undefined;
  for (const line of output.split("\n")) {
    if (REPORT_HEADER.test(line)) {
      if (current) bodies.push(current.join("\n"));
      current = [];
    } else current?.push(line);
  }
  if (current) bodies.push(current.join("\n"));
  return bodies;
}

function testCase(attrs: Record<string, string>, body: string): TestCaseResult {
  const className = attrs.classname ?? "";
  const id = className ? `${className}${ID_SEPARATOR}${attrs.name ?? ""}` : (attrs.name ?? "");
  const seconds = Number(attrs.time);
  const durationMs = attrs.time !== undefined && Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined;
  const problem = PROBLEM.exec(body);
  if (problem) {
    const info = attributes(problem[2]);
    const stack = text(problem[3] ?? "");
    // A failure without a stack (some writers) still has its type and message.
    const trace = stack.trim() ? stack : [info.type, info.message].filter(Boolean).join(": ");
    return { id, status: "failed", ...describeJavaFailure(trace, className, info.message), durationMs };
  }
  return { id, status: SKIPPED.test(body) ? "skipped" : "passed", durationMs };
}

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) out[m[1]] = decodeEntities(m[2] ?? m[3] ?? "");
  return out;
}

/** Element text: CDATA sections as they are, the rest with entities decoded. */
function text(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith("<![CDATA[") ? part.slice(9, -3) : decodeEntities(part)))
    .join("");
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower === "lt") return "<";
    if (lower === "gt") return ">";
    if (lower === "amp") return "&";
    if (lower === "quot") return '"';
    if (lower === "apos") return "'";
    const code = lower.startsWith("#x") ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1));
    return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
