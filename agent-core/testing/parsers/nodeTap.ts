/** node:test TAP output (the default reporter when output is not a terminal, Node 20 and 22). */
import type { TestCaseResult, TestReport } from "../types";
import {
  buildReport,
  compactMessage,
  durationMs,
  extractExpectedActual,
  ID_SEPARATOR,
  LOAD_ERROR,
  type SummaryCounts,
  TRUNCATION_MARKER,
  userFrames,
} from "./common";
import { describeCrash } from "./crash";
import { parseYamlBlock, type YamlBlock } from "./yamlBlock";

const SUBTEST = /^(\s*)# Subtest: (.*)$/;
const RESULT = /^(\s*)(not ok|ok) \d+ - (.*?)(?:\s+#\s+(SKIP|TODO)\b.*)?$/i;
const SUMMARY = /^# (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$/;

/** True when the text looks like node:test TAP. */
export function isNodeTap(output: string): boolean {
  return /^TAP version \d+/m.test(output) || /^# Subtest: /m.test(output);
}

/** Parses node:test TAP output. */
export function parseNodeTap(output: string): TestReport {
  const lines = output.split("\n");
  const names: string[] = [];
  const hasChildren: boolean[] = [];
  const tests: TestCaseResult[] = [];
  const extra: TestCaseResult[] = [];
  const summary: Record<string, number> = {};
  let comments: string[] = [];
  let crashed = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const sub = SUBTEST.exec(line);
    if (sub) {
      const depth = Math.floor(sub[1].length / 4);
      names.length = depth;
      names[depth] = unescapeTap(sub[2]);
      continue;
    }
    const sum = SUMMARY.exec(line);
    if (sum) {
      summary[sum[1]] = Number(sum[2]);
      continue;
    }
    const res = RESULT.exec(line);
    if (!res) {
      const comment = /^\s*# ?(.*)$/.exec(line);
      if (comment) comments.push(comment[1]);
      continue;
    }
    const depth = Math.floor(res[1].length / 4);
    const yamlLines: string[] = [];
    if (lines[i + 1]?.trim() === "---") {
      i += 2;
      while (i < lines.length && lines[i].trim() !== "...") yamlLines.push(lines[i++]);
    }
    const yaml = parseYamlBlock(yamlLines);
    const isParent = hasChildren[depth] === true || yaml.fields.type === "suite";
    hasChildren[depth] = false;
    if (depth > 0) hasChildren[depth - 1] = true;
    const name = unescapeTap(res[3]);
    const id = [...names.slice(0, depth), name].join(ID_SEPARATOR);
    const failed = res[2].toLowerCase() === "not ok";
    const directive = res[4]?.toUpperCase();
    if (isParent) {
      // A suite fails on its own only for hook errors and the like, not for its children.
      if (failed && yaml.fields.failureType !== "subtestsFailed") extra.push(failureFrom(id, yaml, comments));
    } else if (!failed) {
      tests.push({ id, status: directive ? "skipped" : "passed", durationMs: durationMs(yaml.fields.duration_ms) });
    } else {
      const failure = { ...failureFrom(id, yaml, comments), durationMs: durationMs(yaml.fields.duration_ms) };
      if (yaml.fields.exitCode !== undefined && failure.message && LOAD_ERROR.test(failure.message)) crashed = true;
      tests.push(failure);
    }
    comments = [];
  }
  return buildReport("node", tests, nodeSummary(summary, output, tests.length), extra, crashed);
}

function failureFrom(id: string, yaml: YamlBlock, comments: string[]): TestCaseResult {
  const f = yaml.fields;
  const error = f.error ?? "";
  // A whole test file that failed to load: the real error is in the preceding "# ..." lines.
  if (f.exitCode !== undefined && /^test failed$|^$/.test(error.trim())) {
    const crash = describeCrash(comments);
    if (crash)
      return {
        id,
        status: "failed",
        message: crash.message,
        location: crash.location ?? stripColumn(f.location),
        frames: crash.frames,
      };
  }
  const errorLines = error.split("\n");
  if (f.name) errorLines[0] = `${f.name}: ${errorLines[0]}`;
  const message = compactMessage(errorLines);
  const parsed = extractExpectedActual(message);
  const stackLines = (f.stack ?? "").split("\n").map((l) => `at ${l.trim()}`);
  const frames = userFrames(stackLines);
  return {
    id,
    status: "failed",
    message,
    expected: yaml.raw.expected ?? parsed.expected,
    actual: yaml.raw.actual ?? parsed.actual,
    location: frames[0] ?? stripColumn(f.location),
    ...(frames.length ? { frames } : {}),
  };
}

function stripColumn(location: string | null | undefined): string | undefined {
  if (!location) return undefined;
  return location.replace(/:(\d+):\d+$/, ":$1");
}

function unescapeTap(text: string): string {
  return text.replace(/\\#/g, "#").replace(/\\\\/g, "\\");
}

/**
 * node's own totals count parent tests (and cancelled ones separately), so leaf counts from the parsed
 * lines are used; the printed totals only when lines were lost to output truncation.
 */
export function nodeSummary(summary: Record<string, number>, output: string, parsed: number): SummaryCounts {
  if (parsed > 0 && !TRUNCATION_MARKER.test(output)) return {};
  if (summary.pass === undefined) return {};
  return {
    passed: summary.pass,
    failed: (summary.fail ?? 0) + (summary.cancelled ?? 0),
    skipped: (summary.skipped ?? 0) + (summary.todo ?? 0),
  };
}
