/** vitest's default reporter (`vitest run`). */
import type { TestCaseResult, TestReport } from "../types";
import {
  buildReport,
  compactMessage,
  durationMs,
  extractExpectedActual,
  ID_SEPARATOR,
  isStackLine,
  placeFailure,
  userFrames,
} from "./common";

const FILE_LINE = /^\s*(?:✓|❯|×|↓)\s+\S.*\(\d+ tests?\b/;
const TEST_LINE = /^\s+(✓|×|↓|✗)\s(.*?)(?: (\d+)ms)?$/;
const FAIL_HEADER = /^ FAIL {2}(.*)$/;
const SEPARATOR = /^⎯{3,}/;

/** Parses vitest output. */
export function parseVitest(output: string): TestReport {
  const lines = output.split("\n");
  const tests: TestCaseResult[] = [];
  const byId = new Map<string, TestCaseResult>();
  const extra: TestCaseResult[] = [];
  const firstSeparator = lines.findIndex((l) => SEPARATOR.test(l));
  const treeEnd = firstSeparator >= 0 ? firstSeparator : lines.length;

  for (const line of lines.slice(0, treeEnd)) {
    if (FILE_LINE.test(line)) continue;
    const m = TEST_LINE.exec(line);
    if (!m) continue;
    const status = m[1] === "✓" ? "passed" : m[1] === "↓" ? "skipped" : "failed";
    const test: TestCaseResult = { id: withoutFile(m[2].trim()), status, durationMs: durationMs(m[3]) };
    tests.push(test);
    byId.set(test.id, test);
  }

  let crashed = false;
  for (let i = treeEnd; i < lines.length; i++) {
    const header = FAIL_HEADER.exec(lines[i]);
    if (!header) continue;
    const body: string[] = [];
    while (i + 1 < lines.length && !SEPARATOR.test(lines[i + 1]) && !FAIL_HEADER.test(lines[i + 1]))
      body.push(lines[++i]);
    const suiteLevel = /^(.*?) \[ .* \]$/.exec(header[1]);
    if (suiteLevel) {
      // The whole file failed to load or collect.
      crashed = true;
      const failure: TestCaseResult = { id: suiteLevel[1], status: "failed" };
      fill(failure, body);
      extra.push(failure);
      continue;
    }
    const id = withoutFile(header[1]);
    let test = byId.get(id) ?? adoptLeaf(tests, id);
    if (test) {
      byId.delete(test.id);
      test.id = id;
      byId.set(id, test);
    } else {
      test = { id, status: "failed" };
      tests.push(test);
      byId.set(id, test);
    }
    fill(test, body);
  }
  const totals = lines.map((l) => /^\s+Tests\s{2}(.*)$/.exec(l)).find((m) => m);
  return buildReport("vitest", tests, totals ? readTotals(totals[1]) : {}, extra, crashed);
}

/** Verbose lines and failure headers start with the file: "math.test.js > suite > test". */
function withoutFile(id: string): string {
  const parts = id.split(ID_SEPARATOR);
  return parts.length > 1 && /\.[cm]?[jt]sx?$/.test(parts[0]) ? parts.slice(1).join(ID_SEPARATOR) : id;
}

/**
 * vitest 4's default tree prints only the test's own name (suites are implied by indentation);
 * a failure block names the full path, so upgrade the matching leaf.
 */
function adoptLeaf(tests: TestCaseResult[], id: string): TestCaseResult | undefined {
  const leaf = id.split(ID_SEPARATOR).pop();
  return tests.find((t) => t.status === "failed" && t.id === leaf && leaf !== id);
}

function readTotals(text: string): { passed?: number; failed?: number; skipped?: number } {
  const get = (word: string): number => Number(new RegExp(`(\\d+) ${word}`).exec(text)?.[1] ?? 0);
  return { passed: get("passed"), failed: get("failed"), skipped: get("skipped") + get("todo") };
}

function fill(test: TestCaseResult, body: string[]): void {
  const stop = body.findIndex((l) => isStackLine(l) || /^\s*(?:At file|File): /.test(l));
  const messageLines = stop >= 0 ? body.slice(0, stop) : body;
  test.message = compactMessage(messageLines.filter((l) => !/^\s*\d+\s*\|/.test(l)));
  const { expected, actual } = extractExpectedActual(test.message);
  test.expected = expected;
  test.actual = actual;
  const atFile = body.map((l) => /^\s*(?:At file|File): (.+?):(\d+)(?::\d+)?\s*$/.exec(l)).find((m) => m);
  const frames = userFrames(body.filter((l) => /^\s*❯/.test(l)).map(lastToken));
  placeFailure(test, frames, atFile ? `${atFile[1]}:${atFile[2]}` : undefined);
}

/** "❯ Object.exports.boom math.js:4:30" → "❯ math.js:4:30" so the frame reads like a plain location. */
function lastToken(line: string): string {
  const parts = line.trim().split(/\s+/);
  return `❯ ${parts[parts.length - 1]}`;
}
