/** pytest output: `-q` or default, with the short test summary and the FAILURES/ERRORS sections. */
import type { TestCaseResult, TestReport } from "../types";
import { buildReport, compactMessage, dedent, extractExpectedActual, LOAD_ERROR } from "./common";

const SECTION = /^=+ (FAILURES|ERRORS|PASSES|short test summary info|warnings summary) =+$/;
const BLOCK_HEADER = /^_{3,} (.+?) _{3,}$/;
const SUMMARY_LINE = /^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (.+)$/;
const VERBOSE_LINE = /^(\S+::\S+) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b/;
const FINAL = /^=*\s*((?:\d+ \w+(?:, )?)+) in [\d.]+s/;
const LOCATION = /^((?:[A-Za-z]:)?[^\s:]+\.py):(\d+):(?: (\w+)| in .*)?\s*$/;
/** Frames inside Python itself or installed packages say nothing about the user's code. */
export const LIBRARY_PATH = /site-packages|dist-packages|[\\/]lib[\\/]python\d|<frozen/;

interface Section {
  header: string;
  body: string[];
}

/** Parses pytest output. */
export function parsePytest(output: string): TestReport {
  const lines = output.split("\n");
  const tests = new Map<string, TestCaseResult>();
  const sections: Section[] = [];
  const errors: TestCaseResult[] = [];
  let mode = "";
  let counts: Record<string, number> = {};
  let lastSummary: TestCaseResult | undefined;

  for (const line of lines) {
    const section = SECTION.exec(line);
    if (section) {
      mode = section[1];
      continue;
    }
    const final = FINAL.exec(line) ?? /^=*\s*(no tests ran)/.exec(line);
    if (final) {
      counts = readCounts(final[1]);
      mode = "";
      continue;
    }
    if (/^=+ .* =+$/.test(line)) {
      mode = "";
      continue;
    }
    if (mode === "FAILURES" || mode === "ERRORS") {
      const head = BLOCK_HEADER.exec(line);
      if (head) sections.push({ header: head[1], body: [] });
      else sections[sections.length - 1]?.body.push(line);
      continue;
    }
    const verbose = VERBOSE_LINE.exec(line);
    if (verbose) {
      record(tests, verbose[1], verbose[2]);
      continue;
    }
    if (mode === "short test summary info") {
      const m = SUMMARY_LINE.exec(line);
      if (!m) {
        // With CI set pytest prints the whole message, continuing on the next lines.
        if (lastSummary?.message !== undefined) lastSummary.message += `\n${line}`;
        continue;
      }
      lastSummary = undefined;
      if (m[1] === "SKIPPED") continue; // "SKIPPED [1] file.py:19: reason" has no node id
      const [id, message] = splitSummary(m[2]);
      const test = record(tests, id, m[1]);
      if (test.status === "failed") {
        test.message = message;
        lastSummary = test;
        if (m[1] === "ERROR" && !id.includes("::")) errors.push(test);
      }
    }
  }

  for (const section of sections) attachSection(tests, section);
  const all = [...tests.values()];
  for (const t of all) if (t.message) t.message = compactMessage(t.message.split("\n"));
  const crashed =
    errors.length > 0 &&
    (/errors? during collection/.test(output) || errors.some((e) => LOAD_ERROR.test(e.message ?? "")));
  const usage = /^ERROR: (.+)$/m.exec(output); // e.g. "ERROR: file or directory not found: x"
  const extra: TestCaseResult[] = usage ? [{ id: "(test run)", status: "failed", message: usage[0] }] : [];
  const list = all.filter((t) => !errors.includes(t));
  return buildReport("pytest", list, summaryFrom(counts), [...errors, ...extra], crashed || usage !== null);
}

function record(tests: Map<string, TestCaseResult>, id: string, outcome: string): TestCaseResult {
  // An expected failure (xfail) is not a problem; an unexpected pass (xpass) is reported as passed.
  const status =
    outcome === "PASSED" || outcome === "XPASS"
      ? "passed"
      : outcome === "SKIPPED" || outcome === "XFAIL"
        ? "skipped"
        : "failed";
  const existing = tests.get(id);
  if (existing) {
    if (status === "failed") existing.status = "failed";
    return existing;
  }
  const test: TestCaseResult = { id, status };
  tests.set(id, test);
  return test;
}

/** "tests/x.py::test_a - assert 1 == 2" → [id, message]. Node ids may contain " - " inside [...]. */
function splitSummary(text: string): [string, string | undefined] {
  const bracket = text.indexOf("[");
  const from = bracket >= 0 && bracket < text.indexOf(" - ") ? text.indexOf("]", bracket) : 0;
  const sep = text.indexOf(" - ", Math.max(from, 0));
  return sep < 0 ? [text.trim(), undefined] : [text.slice(0, sep).trim(), text.slice(sep + 3)];
}

/** Fills message, expected/actual and location from a "____ test_x ____" section. */
function attachSection(tests: Map<string, TestCaseResult>, section: Section): void {
  const collecting = /^ERROR collecting (.+)$/.exec(section.header);
  const setup = /^ERROR at (?:setup|teardown) of (.+)$/.exec(section.header);
  const name = collecting ? collecting[1] : setup ? setup[1] : section.header;
  const dotted = name.replace(/\.(?![^[]*\])/g, "::");
  const test =
    tests.get(name) ??
    [...tests.values()].find((t) => t.id === name || t.id.endsWith(`::${dotted}`) || t.id.endsWith(`/${name}`));
  const target = test ?? record(tests, name, "FAILED");
  const errorLines = rotateErrorFirst(dedent(section.body.filter((l) => /^E {1,}/.test(l)).map((l) => l.slice(1))));
  const locations = section.body
    .map((l) => LOCATION.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && !LIBRARY_PATH.test(m[1]));
  const last = locations[locations.length - 1];
  if (errorLines.length) {
    const type = last?.[3];
    const first = errorLines[0];
    // "E   assert 4 == 3" is an AssertionError without the name printed.
    const named = type && !/^\w+(Error|Exception)\b/.test(first) ? `${type}: ${first}` : first;
    target.message = compactMessage([named, ...errorLines.slice(1)]);
  } else if (!target.message) {
    target.message = compactMessage(section.body.filter((l) => l.trim()).slice(-6));
  }
  const { expected, actual } = extractExpectedActual(errorLines.join("\n"));
  target.expected = expected;
  target.actual = actual;
  // A SyntaxError names the file and line itself: E   File "/x/test_b.py", line 2
  const syntaxAt = errorLines.map((l) => /^\s*File "(.+)", line (\d+)/.exec(l)).find((m) => m);
  // pytest prints the outermost frame first.
  const frames = [...new Set(locations.map((m) => `${m[1]}:${m[2]}`))].reverse();
  if (frames.length) target.frames = frames;
  if (syntaxAt) target.location = `${syntaxAt[1]}:${syntaxAt[2]}`;
  else if (last) target.location = `${last[1]}:${last[2]}`;
}

/** Puts a trailing "SomeError: ..." line first (Python prints it last, after the source excerpt). */
function rotateErrorFirst(lines: string[]): string[] {
  if (lines.length < 2 || /^\w+(Error|Exception)\b/.test(lines[0])) return lines;
  const idx = lines.findIndex((l) => /^\w+(Error|Exception)\b/.test(l));
  if (idx <= 0) return lines;
  return [lines[idx], ...lines.slice(0, idx), ...lines.slice(idx + 1)];
}

function readCounts(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/(\d+) (\w+)/g)) counts[m[2].replace(/s$/, "")] = Number(m[1]);
  return counts;
}

function summaryFrom(c: Record<string, number>): { passed?: number; failed?: number; skipped?: number } {
  if (Object.keys(c).length === 0) return {};
  return {
    passed: (c.passed ?? 0) + (c.xpassed ?? 0),
    failed: (c.failed ?? 0) + (c.error ?? 0),
    skipped: (c.skipped ?? 0) + (c.xfailed ?? 0),
  };
}
