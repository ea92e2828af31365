/**
 * Reading BugsJS (github.com/BugsJS): its dataset repository's per-bug archives hold mocha's JSON report of the
 * buggy code and of the buggy code with the fix's tests; the project forks tag each bug (`Bug-N`, the buggy
 * code, and `Bug-N-fix`, the fix without its tests). Pure functions here; `buildBugsJs.ts` does the reading.
 */
import { stripAnsi } from "../../../agent-core/testing/cappedOutput";
import { cleanPatch, type PublicFailure, splitHunks } from "./dataset";

/** Selection rules, frozen with the set (written before any measuring, like Defects4J's). */
export const BUGSJS_SELECTION = {
  maxHunks: 3,
  maxChangedLines: 12,
  maxFailures: 3,
  messageChars: 300,
  valueChars: 200,
};

/** One failure of mocha's JSON reporter (`-R json`). */
interface MochaJsonFailure {
  fullTitle?: string;
  err?: { message?: string; expected?: unknown; actual?: unknown };
}

/** The parts of mocha's JSON report the set reads. */
export interface MochaJsonReport {
  failures?: MochaJsonFailure[];
}

/**
 * mocha's JSON report in a file where the code under test may have printed lines before it; undefined when the
 * file holds none (the run stopped before mocha reported).
 */
export function parseMochaJson(text: string): MochaJsonReport | undefined {
  // The report is the rest of the file from a line that opens it (json and json-cov reporters alike).
  for (const start of [...text.matchAll(/^\{/gm)].map((m) => m.index)) {
    try {
      const report = JSON.parse(text.slice(start));
      if (report && typeof report === "object" && "stats" in report) return report as MochaJsonReport;
    } catch {
      // Not the report: a line the code under test printed.
    }
  }
  return undefined;
}

/** The folder BugsJS ran the tests in (`/data/Express_1_only_test_changes/express/`): not part of a message. */
const RUN_FOLDER = /\/data\/[^/\s]+\/[^/\s]+\//g;

/** A value mocha reported as expected or actual, as text; undefined when it carries nothing readable. */
function valueText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === "{}" || text === "" ? undefined : text.slice(0, BUGSJS_SELECTION.valueChars);
}

/**
 * The failures the fix's tests bring: failing with the fix's tests on the buggy code (`withTests`), not failing
 * before them (`before`: those fail on the machine BugsJS ran on, whatever the fix), and with a message (runs
 * made with mocha's json-cov reporter have none). Each is read the way Greenloop's runners report a failure:
 * the message, then `expected X` / `actual Y` lines when mocha has them.
 */
export function newFailures(withTests: MochaJsonReport, before: MochaJsonReport): PublicFailure[] {
  const failedBefore = new Set((before.failures ?? []).map((f) => f.fullTitle));
  return (withTests.failures ?? [])
    .filter((f) => f.fullTitle && f.err?.message?.trim() && !failedBefore.has(f.fullTitle))
    .slice(0, BUGSJS_SELECTION.maxFailures)
    .map((f) => {
      const message = stripAnsi(f.err?.message ?? "")
        .replace(RUN_FOLDER, "")
        .trim()
        .slice(0, BUGSJS_SELECTION.messageChars);
      const [expected, actual] = [f.err?.expected, f.err?.actual].map(valueText);
      const lines = [message, expected && `expected ${expected}`, actual && `actual ${actual}`];
      return { testId: f.fullTitle ?? "", message, errorText: lines.filter(Boolean).join("\n") };
    });
}

/** BugsJS's "Bugfix patterns" cell (`IF-CC,MD-ADD,MD-ADD`) as a label: each pattern once, sorted. */
export const patternLabel = (cell: string): string =>
  [...new Set(cell.split(",").map((p) => p.trim()))].filter(Boolean).sort().join(",");

/**
 * A `git diff` of one bug (fixed → buggy), kept when it changes one file in at most `maxHunks` hunks and
 * `maxChangedLines` lines; undefined otherwise.
 */
export function smallChange(diff: string): { file: string; diff: string } | undefined {
  const files = diff.split("\n").filter((l) => l.startsWith("diff --git")).length;
  if (files !== 1) return undefined;
  const change = cleanPatch(diff);
  const hunks = splitHunks(change.diff);
  const changed = hunks.flatMap((h) => h.split("\n").slice(1)).filter((l) => /^[-+]/.test(l)).length;
  const { maxHunks, maxChangedLines } = BUGSJS_SELECTION;
  return hunks.length <= maxHunks && changed > 0 && changed <= maxChangedLines ? change : undefined;
}
