/** mocha's spec reporter (its default). */
import type { TestCaseResult, TestReport } from "../types";
import {
  buildReport,
  compactMessage,
  durationMs,
  extractExpectedActual,
  ID_SEPARATOR,
  isStackLine,
  normaliseErrorLine,
  num,
  placeFailure,
  userFrames,
} from "./common";
import { describeCrash } from "./crash";

const PASS = /^(\s*)[✔✓] (.*?)(?: \((\d+)ms\))?$/;
const FAIL = /^(\s*)(\d+)\) (.*)$/;
const PENDING = /^(\s*)- (.*)$/;
const COUNT = /^\s+(\d+) (passing|failing|pending)\b/;

/** Parses mocha spec output. */
export function parseMocha(output: string): TestReport {
  const lines = output.split("\n");
  const summaryAt = lines.findIndex((l) => /^\s+\d+ passing\b/.test(l) || /^\s+\d+ failing\b/.test(l));
  const treeEnd = summaryAt >= 0 ? summaryAt : lines.length;
  const tests: TestCaseResult[] = [];
  const byNumber = new Map<string, TestCaseResult>();
  const suites: { indent: number; name: string }[] = [];

  for (let i = 0; i < treeEnd; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const indent = line.search(/\S/);
    while (suites.length && suites[suites.length - 1].indent >= indent) suites.pop();
    const path = suites.map((s) => s.name);
    const pass = PASS.exec(line);
    const fail = FAIL.exec(line);
    const pending = PENDING.exec(line);
    if (pass)
      tests.push({ id: [...path, pass[2]].join(ID_SEPARATOR), status: "passed", durationMs: durationMs(pass[3]) });
    else if (fail) {
      const test: TestCaseResult = { id: [...path, fail[3]].join(ID_SEPARATOR), status: "failed" };
      byNumber.set(fail[2], test);
      tests.push(test);
    } else if (pending) tests.push({ id: [...path, pending[2]].join(ID_SEPARATOR), status: "skipped" });
    else if (indent >= 2) suites.push({ indent, name: line.trim() });
  }

  const counts: Record<string, number> = {};
  for (const line of lines.slice(treeEnd)) {
    const m = COUNT.exec(line);
    if (m && counts[m[2]] === undefined) counts[m[2]] = Number(m[1]);
  }
  const extra: TestCaseResult[] = [];
  for (const block of failureBlocks(lines.slice(treeEnd))) {
    const known = byNumber.get(block.number);
    // Hook failures ("before each" hook for ...) have no line in the tree.
    const test = known ?? { id: block.title, status: "failed" as const };
    fill(test, block.body);
    if (!known) extra.push(test);
  }

  let crashed = false;
  const exception = lines.findIndex((l) => /Exception during run:/.test(l));
  if (exception >= 0) {
    crashed = true;
    const crash = describeCrash(lines.slice(exception));
    extra.push({
      id: "(test run)",
      status: "failed",
      message: crash?.message ?? lines[exception].trim(),
      location: crash?.location,
      frames: crash?.frames,
    });
  }
  const summary = {
    passed: num(counts.passing?.toString()),
    failed: num(counts.failing?.toString()),
    skipped: num(counts.pending?.toString()),
  };
  return buildReport("mocha", tests, summary, extra, crashed);
}

/** "  1) suite\n       test:\n     Error..." blocks after the counts. */
function failureBlocks(lines: string[]): { number: string; title: string; body: string[] }[] {
  const blocks: { number: string; title: string; body: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^ {2}(\d+)\) (.*)$/.exec(lines[i]);
    if (!head) {
      blocks[blocks.length - 1]?.body.push(lines[i]);
      continue;
    }
    const titleParts = [head[2]];
    // The title continues on deeper-indented lines until one ends with ":".
    while (!titleParts[titleParts.length - 1].endsWith(":") && i + 1 < lines.length && lines[i + 1].trim()) {
      titleParts.push(lines[++i].trim());
    }
    const title = titleParts
      .map((p) => p.trim())
      .join(ID_SEPARATOR)
      .replace(/:$/, "");
    blocks.push({ number: head[1], title, body: [] });
  }
  return blocks;
}

function fill(test: TestCaseResult, body: string[]): void {
  const start = body.findIndex((l) => l.trim());
  const rest = start >= 0 ? body.slice(start) : [];
  // mocha appends its own "+ expected - actual" diff after the message; keep the message and that diff.
  const stackAt = rest.findIndex(isStackLine);
  const messageLines = (stackAt >= 0 ? rest.slice(0, stackAt) : rest).map((l, i) =>
    i === 0 ? normaliseErrorLine(l) : l,
  );
  const diffAt = messageLines.findIndex((l) => /^\s*\+ expected - actual\s*$/.test(l));
  const diff = diffAt >= 0 ? extractExpectedActual(messageLines.slice(diffAt).join("\n")) : {};
  const main = diffAt >= 0 ? messageLines.slice(0, diffAt) : messageLines;
  test.message = compactMessage(main.map((l, i) => (i === 0 ? l.trim() : l)));
  const parsed = extractExpectedActual(test.message);
  test.expected = parsed.expected ?? diff.expected;
  test.actual = parsed.actual ?? diff.actual;
  placeFailure(test, userFrames(rest.slice(Math.max(stackAt, 0))));
}
