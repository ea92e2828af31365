/** Helpers shared by the runner-specific output parsers. */
import type { TestCaseResult, TestFramework, TestReport } from "../types";

/** Joins suite and test names into an id; the filter relies on this separator. */
export const ID_SEPARATOR = " > ";
/** Most lines kept in a failure message. */
const MAX_MESSAGE_LINES = 12;
const MAX_MESSAGE_CHARS = 1200;

/** The marker the process runner puts where it dropped the middle of a long output. */
export const TRUNCATION_MARKER = /^\[… \d+ bytes omitted …\]$/m;

/** Counts read from a runner's summary line(s). */
export interface SummaryCounts {
  passed?: number;
  failed?: number;
  skipped?: number;
}

/**
 * Assembles a report: counts come from the runner's summary when it printed one, else from the
 * parsed tests. `failures` is derived from `tests` plus `extraFailures` (suite/file-level errors).
 */
export function buildReport(
  framework: TestFramework,
  tests: TestCaseResult[],
  summary: SummaryCounts,
  extraFailures: TestCaseResult[] = [],
  crashed = false,
): TestReport {
  const count = (s: TestCaseResult["status"]): number => tests.filter((t) => t.status === s).length;
  tests.forEach(dropUndefined);
  extraFailures.forEach(dropUndefined);
  const failures = [...tests.filter((t) => t.status === "failed"), ...extraFailures];
  return {
    framework,
    passed: summary.passed ?? count("passed"),
    failed: Math.max(summary.failed ?? 0, failures.length),
    skipped: summary.skipped ?? count("skipped"),
    tests,
    failures,
    crashed,
  };
}

function dropUndefined(t: TestCaseResult): void {
  for (const key of Object.keys(t) as (keyof TestCaseResult)[]) if (t[key] === undefined) delete t[key];
}

/** Normalises "AssertionError [ERR_ASSERTION]: x" and "TypeError [Error]: x" to "Name: x". */
export function normaliseErrorLine(line: string): string {
  return line.replace(/^(\s*[\w.$]*(?:Error|Exception)\w*)\s\[[\w_]+\]:/, "$1:");
}

/** Trims blank edges, collapses blank runs, caps lines and length. */
export function compactMessage(lines: string[]): string {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, "");
    if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line);
    if (out.length >= MAX_MESSAGE_LINES) break;
  }
  while (out.length && out[out.length - 1] === "") out.pop();
  const text = dedent(out).join("\n");
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

/** Removes the common leading indentation. */
export function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(min, /^\s*/.exec(l)?.[0].length ?? 0)));
}

/** Most stack frames kept per failure. */
const MAX_FRAMES = 12;

/**
 * Every stack line's "path:line" in order (innermost first), skipping runtime internals and dependencies;
 * `file://` URLs read as paths. One entry per distinct position.
 */
export function userFrames(lines: string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/file:\/\/(?=\/|[A-Za-z]:)/, "");
    const m = /^\s*(?:at |❯ )(?:.*?\()?((?:[A-Za-z]:)?[^\s():]+):(\d+)(?::\d+)?\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1];
    if (file.startsWith("node:") || file.includes("node_modules") || file.startsWith("internal/")) continue;
    const at = `${file}:${m[2]}`;
    if (!out.includes(at)) out.push(at);
    if (out.length >= MAX_FRAMES) break;
  }
  return out;
}

/** Sets a failure's location (the given one, else its innermost user frame) and its user frames. */
export function placeFailure(test: TestCaseResult, frames: string[], location?: string): void {
  test.location = location ?? frames[0];
  test.frames = frames.length ? frames : undefined;
}

/** True for a stack frame line ("at x (file:1:2)" or vitest's "❯ file:1:2"). */
export function isStackLine(line: string): boolean {
  return /^\s*at\s+\S/.test(line) || /^\s*❯\s/.test(line);
}

/**
 * Pulls expected/actual values out of common assertion texts (node assert, mocha, jest, vitest, pytest).
 * Returns an empty object when nothing recognisable is found.
 */
export function extractExpectedActual(text: string): { expected?: string; actual?: string } {
  const lines = text.split("\n");
  // jest: "Expected: 3" / "Received: 4"
  const jestExpected = /^\s*Expected:\s(.+)$/m.exec(text);
  const jestReceived = /^\s*Received:\s(.+)$/m.exec(text);
  if (jestExpected && jestReceived) return { expected: jestExpected[1].trim(), actual: jestReceived[1].trim() };
  // jest wrapping node assert: "Expected value to strictly be equal to:\n  5\nReceived:\n  4"
  const assertForm = /Expected value to [^\n]*:\n\s*(.+)\n\s*Received:\n\s*(.+)/.exec(text);
  if (assertForm) return { expected: assertForm[1].trim(), actual: assertForm[2].trim() };
  // vitest / chai: "expected 4 to be 3", "expected [ 1, 2, 3 ] to deeply equal [ 1, 2, 4 ]"
  const chai = /expected (.+?) to (?:be|equal|deeply equal|strictly equal|eql|deep equal) (.+?)(?:\s+\/\/.*)?$/m.exec(
    text,
  );
  if (chai) return { actual: chai[1].trim(), expected: chai[2].trim() };
  // pytest: "assert 4 == 3" (left is the computed value)
  const pyAssert = lines.map((l) => /^\s*(?:AssertionError:\s*)?assert (.+)$/.exec(l)).find((m) => m);
  if (pyAssert) {
    const parts = splitTopLevel(pyAssert[1], " == ");
    if (parts) return { actual: parts[0], expected: parts[1] };
  }
  // node assert strict form: "4 !== 3" (actual first); code frames contain " | " and are skipped
  const strict = lines.map((l) => /^\s*(.+?) !== (.+)$/.exec(l)).find((m) => m && !m[0].includes(" | "));
  if (strict) return { actual: strict[1].trim(), expected: strict[2].trim() };
  // node assert.equal: the whole message is "1 == 2"
  const first =
    lines
      .find((l) => l.trim())
      ?.trim()
      .replace(/^AssertionError:\s*/, "") ?? "";
  const loose = /^(\S+) == (\S+)$/.exec(first);
  if (loose) return { actual: loose[1], expected: loose[2] };
  // single-line diffs: node "+ actual - expected", mocha "+ expected - actual"
  return diffPair(lines);
}

/**
 * Rebuilds both sides of a line diff: node "+ actual - expected", mocha "+ expected - actual",
 * jest/vitest "- Expected" then "+ Received".
 */
function diffPair(lines: string[]): { expected?: string; actual?: string } {
  let header = lines.findIndex((l) => /^\s*\+ (actual|expected) - (actual|expected)\s*$/.test(l));
  let plusIsActual = header >= 0 && /\+ actual/.test(lines[header]);
  if (header < 0) {
    header = lines.findIndex((l, i) => /^\s*- Expected\b/.test(l) && /^\s*\+ Received\b/.test(lines[i + 1] ?? ""));
    if (header < 0) return {};
    header += 1;
    plusIsActual = true;
  }
  const body: string[] = [];
  for (const line of lines.slice(header + 1)) {
    if (isStackLine(line)) break;
    if (line.trim() && !/^\s*\^\s*$/.test(line)) body.push(line);
  }
  const marked = dedent(body);
  if (!marked.some((l) => l.startsWith("+")) || !marked.some((l) => l.startsWith("-"))) return {};
  const side = (drop: string): string =>
    dedent(marked.filter((l) => !l.startsWith(drop)).map((l) => l.slice(1)))
      .map((l) => l.trimEnd())
      .join("\n")
      .trim();
  const plus = side("-");
  const minus = side("+");
  return plusIsActual ? { actual: plus, expected: minus } : { expected: plus, actual: minus };
}

/** Splits `text` at the first `sep` that is outside brackets and quotes. */
export function splitTopLevel(text: string, sep: string): [string, string] | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (depth === 0 && text.startsWith(sep, i))
      return [text.slice(0, i).trim(), text.slice(i + sep.length).trim()];
  }
  return undefined;
}

/** Errors that mean test code could not even be loaded. */
export const LOAD_ERROR =
  /\b(SyntaxError|ModuleNotFoundError|ImportError|Cannot find module|ERR_MODULE_NOT_FOUND|Cannot find package|Failed to load url|Parse failure|failed to parse)\b/;

/** Parses "12" → 12, undefined stays undefined. */
/** A printed duration ("0.52" with unit "ms", "1.5" with "s") in milliseconds; undefined when absent or unreadable. */
export function durationMs(value: string | null | undefined, unit = "ms"): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) return undefined;
  return unit === "s" ? n * 1000 : n;
}

export function num(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}
