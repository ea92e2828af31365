/** jest's default reporter (verbose tree when one file runs, failure blocks always). */
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

const FILE_HEADER = /^(PASS|FAIL) (.+?)(?: \([\d.]+ m?s\))?$/;
const TREE_LINE = /^(\s+)(✓|✕|○|✎) (?:(skipped|todo) )?(.*?)(?: \((\d+) (ms|s)\))?$/;
const BLOCK_HEADER = /^ {2}● (.*)$/;
const CODE_FRAME = /^\s*>?\s*\d+ \|/;

/** Parses jest output. */
export function parseJest(output: string): TestReport {
  const lines = output.split("\n");
  const tests: TestCaseResult[] = [];
  const extra: TestCaseResult[] = [];
  const byId = new Map<string, TestCaseResult>();
  let file = "";
  let suites: { indent: number; name: string }[] = [];
  let crashed = false;
  let summary: { passed?: number; failed?: number; skipped?: number } = {};

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const header = FILE_HEADER.exec(line);
    if (header) {
      file = header[2].replace(/^\.\//, "");
      suites = [];
      continue;
    }
    const totals = /^Tests:\s+(.*)$/.exec(line);
    if (totals) {
      summary = readTotals(totals[1]);
      continue;
    }
    const block = BLOCK_HEADER.exec(line);
    if (block) {
      const body: string[] = [];
      while (
        i + 1 < lines.length &&
        !BLOCK_HEADER.test(lines[i + 1]) &&
        !FILE_HEADER.test(lines[i + 1]) &&
        !/^(Test Suites|Tests):/.test(lines[i + 1])
      ) {
        body.push(lines[++i]);
      }
      const title = block[1];
      if (title === "Test suite failed to run") {
        const failure: TestCaseResult = { id: file || "(test suite)", status: "failed" };
        // Parse errors come after a page of advice; the "Details:" part holds the error itself.
        const details = body.findIndex((l) => /^\s*Details:\s*$/.test(l));
        fill(failure, details >= 0 ? body.slice(details + 1) : body);
        crashed = true; // the file could not even run
        extra.push(failure);
        continue;
      }
      const id = title.split(" › ").join(ID_SEPARATOR);
      let test = byId.get(id);
      if (!test) {
        test = { id, status: "failed" };
        tests.push(test);
        byId.set(id, test);
      }
      test.status = "failed";
      fill(test, body);
      continue;
    }
    const tree = TREE_LINE.exec(line);
    if (tree && file) {
      const indent = tree[1].length;
      while (suites.length && suites[suites.length - 1].indent >= indent) suites.pop();
      const id = [...suites.map((s) => s.name), tree[4]].join(ID_SEPARATOR);
      const status = tree[2] === "✓" ? "passed" : tree[2] === "✕" ? "failed" : "skipped";
      const test: TestCaseResult = { id, status, durationMs: durationMs(tree[5], tree[6]) };
      tests.push(test);
      byId.set(id, test);
      continue;
    }
    // In the verbose tree, a plain indented line under a file header is a describe() title.
    if (file && /^ {2,}\S/.test(line) && !/^\s+at /.test(line) && isTreeContext(lines, i)) {
      const indent = line.search(/\S/);
      while (suites.length && suites[suites.length - 1].indent >= indent) suites.pop();
      suites.push({ indent, name: line.trim() });
    }
  }
  return buildReport("jest", tests, summary, extra, crashed);
}

/** A describe() title line is followed, deeper, by a test line or another title. */
function isTreeContext(lines: string[], i: number): boolean {
  const indent = lines[i].search(/\S/);
  const next = lines[i + 1] ?? "";
  return next.search(/\S/) > indent && (TREE_LINE.test(next) || /^\s+\S/.test(next)) && !BLOCK_HEADER.test(lines[i]);
}

function readTotals(text: string): { passed?: number; failed?: number; skipped?: number } {
  const get = (word: string): number | undefined => {
    const m = new RegExp(`(\\d+) ${word}`).exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const skipped = (get("skipped") ?? 0) + (get("todo") ?? 0);
  return { passed: get("passed") ?? 0, failed: get("failed") ?? 0, skipped };
}

function fill(test: TestCaseResult, body: string[]): void {
  const stop = body.findIndex((l) => CODE_FRAME.test(l) || isStackLine(l));
  const messageLines = stop >= 0 ? body.slice(0, stop) : body;
  const text = compactMessage(messageLines);
  test.message = text;
  const { expected, actual } = extractExpectedActual(text);
  test.expected = expected;
  test.actual = actual;
  // Babel syntax errors put the position in the message: "file.js: Unexpected token (2:12)".
  const syntax = /SyntaxError: (\S+?): .*\((\d+):\d+\)/.exec(text);
  placeFailure(test, userFrames(body), syntax ? `${syntax[1]}:${syntax[2]}` : undefined);
}
