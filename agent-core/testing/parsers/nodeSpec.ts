/** node:test spec reporter output (terminal default in Node 20/22, default everywhere from Node 23). */
import type { TestCaseResult, TestReport } from "../types";
import {
  buildReport,
  compactMessage,
  durationMs,
  extractExpectedActual,
  ID_SEPARATOR,
  isStackLine,
  LOAD_ERROR,
  normaliseErrorLine,
  placeFailure,
  userFrames,
} from "./common";
import { describeCrash } from "./crash";
import { nodeSummary } from "./nodeTap";

const TREE_LINE = /^(\s*)(✔|✖|﹣|▶) (.*?)(?: \(([\d.]+)(ms|s)\))?(?: # (SKIP|TODO)\b.*)?$/;
const SUMMARY = /^ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$/;
const FAILING_HEADER = /^✖ failing tests:\s*$/;

interface TreeFailure {
  test: TestCaseResult;
  name: string;
  indent: number;
  /** Error lines printed right under the test (Node 20) and stray lines printed before it (crashes). */
  inline: string[];
  before: string[];
}

/** True when the text looks like node:test's spec reporter. */
export function isNodeSpec(output: string): boolean {
  return /^ℹ tests \d+/m.test(output);
}

/** Parses node:test spec reporter output. */
export function parseNodeSpec(output: string): TestReport {
  const lines = output.split("\n");
  const failingAt = lines.findIndex((l) => FAILING_HEADER.test(l));
  const treeEnd = failingAt >= 0 ? failingAt : lines.length;
  const tests: TestCaseResult[] = [];
  const treeFailures: TreeFailure[] = [];
  const summary: Record<string, number> = {};
  const suites: { indent: number; name: string }[] = [];
  let stray: string[] = [];
  let current: TreeFailure | undefined;

  for (let i = 0; i < treeEnd; i++) {
    const line = lines[i];
    const sum = SUMMARY.exec(line);
    if (sum) {
      summary[sum[1]] = Number(sum[2]);
      current = undefined;
      continue;
    }
    const m = TREE_LINE.exec(line);
    if (!m) {
      if (current && (line.search(/\S/) > current.indent || !line.trim())) current.inline.push(line);
      else stray.push(line);
      continue;
    }
    current = undefined;
    const indent = m[1].length;
    const [, , symbol, name, took, unit, directive] = m;
    while (suites.length && suites[suites.length - 1].indent > indent) suites.pop();
    if (symbol === "▶") {
      suites.push({ indent, name });
      continue;
    }
    const top = suites[suites.length - 1];
    if (top && top.indent === indent && top.name === name) {
      suites.pop(); // the suite's own closing line
      stray = [];
      continue;
    }
    const id = [...suites.map((s) => s.name), name].join(ID_SEPARATOR);
    if (symbol === "✖") {
      const test: TestCaseResult = { id, status: "failed", durationMs: durationMs(took, unit) };
      current = { test, name, indent, inline: [], before: stray };
      treeFailures.push(current);
      tests.push(test);
    } else {
      tests.push({
        id,
        status: directive || symbol === "﹣" ? "skipped" : "passed",
        durationMs: durationMs(took, unit),
      });
    }
    stray = [];
  }

  const details = failingAt >= 0 ? failingSection(lines.slice(failingAt + 1)) : [];
  let crashed = false;
  for (const failure of treeFailures) {
    const detailIdx = details.findIndex((d) => d.name === failure.name);
    const detail = detailIdx >= 0 ? details.splice(detailIdx, 1)[0] : undefined;
    fillFailure(failure, detail?.body ?? failure.inline, detail?.declaredAt);
    if (failure.test.message && LOAD_ERROR.test(failure.test.message) && /\.[cm]?[jt]sx?$/.test(failure.name))
      crashed = true;
  }
  return buildReport("node", tests, nodeSummary(summary, output, tests.length), [], crashed);
}

/** Blocks of "test at file:line:col" / "✖ name (ms)" / indented error, after "✖ failing tests:". */
function failingSection(lines: string[]): { name: string; declaredAt?: string; body: string[] }[] {
  const blocks: { name: string; declaredAt?: string; body: string[] }[] = [];
  let declaredAt: string | undefined;
  for (const line of lines) {
    const at = /^test at (.+?)(?::\d+)?$/.exec(line);
    if (at) {
      declaredAt = at[1];
      continue;
    }
    const head = /^✖ (.*?)(?: \([\d.]+m?s\))?$/.exec(line);
    if (head) {
      blocks.push({ name: head[1], declaredAt, body: [] });
      declaredAt = undefined;
      continue;
    }
    blocks[blocks.length - 1]?.body.push(line);
  }
  return blocks;
}

function fillFailure(failure: TreeFailure, body: string[], declaredAt: string | undefined): void {
  const test = failure.test;
  const errorEnd = body.findIndex((l) => isStackLine(l) || /^\s*\{\s*$/.test(l));
  const messageLines = (errorEnd >= 0 ? body.slice(0, errorEnd) : body).map((l, i) =>
    i === 0 ? normaliseErrorLine(l) : l,
  );
  let message = compactMessage(messageLines).replace(/^'(.*)'$/s, "$1");
  let frames = userFrames(body);
  let location = frames[0] ?? declaredAt;
  // A whole test file that failed to load: the real error was printed above its line.
  if (/^test failed$|^$/.test(message)) {
    const crash = describeCrash(failure.before);
    if (crash) {
      message = crash.message;
      location = crash.location ?? location;
      frames = crash.frames ?? frames;
    }
  }
  test.message = message;
  placeFailure(test, frames, location);
  const props = propsBlock(body);
  const parsed = extractExpectedActual(message);
  test.expected = props.expected ?? parsed.expected;
  test.actual = props.actual ?? parsed.actual;
}

/** `actual:` / `expected:` from the `{ ... }` property dump after an assertion's stack. */
function propsBlock(body: string[]): { expected?: string; actual?: string } {
  const out: { expected?: string; actual?: string } = {};
  for (const line of body) {
    const m = /^\s*(expected|actual): (.*?),?$/.exec(line);
    const key = m?.[1] as "expected" | "actual" | undefined;
    if (m && key && out[key] === undefined && !/[[{]$/.test(m[2])) out[key] = m[2];
  }
  return out;
}
