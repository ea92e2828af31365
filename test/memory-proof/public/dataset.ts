/**
 * The public real-bug sets: small single-file bugs of Defects4J (github.com/rjust/defects4j, Java) and of BugsJS
 * (github.com/BugsJS, JavaScript), each with the failure text of its failing tests, the developer's change (the
 * bug: a diff from the fixed version to the buggy one), the fix (that diff undone) and a label written before
 * any measurement: a class by hand for Defects4J (labels.json), BugsJS's own published fix patterns for BugsJS.
 * Pure functions: `build.ts` and `buildBugsJs.ts` read the collections and write the frozen files
 * (`defects4j-set.json`, `bugsjs-set.json`); the evaluation reads only those files.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { toSearchReplace } from "../../../agent-core/loop/fixText";
import type { FailureQuery } from "../../../agent-core/ports";

/** The classes of the hand labels; see README.md in this folder for the rules, applied first match first. */
export const PUBLIC_CLASSES = [
  "wrong-exception",
  "missing-guard",
  "off-by-one",
  "wrong-condition",
  "wrong-call",
  "wrong-value",
  "missing-statement",
  "other",
] as const;
export type PublicClass = (typeof PUBLIC_CLASSES)[number];

/** One failing test of a bug, as the evaluation feeds it to memory. */
export interface PublicFailure {
  testId: string;
  message: string;
  errorText: string;
}

/** One bug of a frozen set. */
export interface PublicBug {
  /** `<project>-<bug number>`, e.g. "Lang-1" or "Express-2". */
  id: string;
  project: string;
  /** The collection, which prefixes project ids (`defects4j:Lang`); Defects4J (Java, JUnit) when absent. */
  collection?: "bugsjs";
  /** Where the texts come from: a repository at `commit`, and the files or tags read there. */
  source: { repo: string; commit: string } & Record<string, string>;
  file: string;
  /** Unified diff from the fixed to the buggy file: what `git diff HEAD` shows when the bug is uncommitted. */
  change: string;
  failures: PublicFailure[];
  /** Defects4J: one PUBLIC_CLASSES class. BugsJS: its published fix patterns, sorted and comma-separated. */
  label: string | null;
}

/** The file the evaluation reads. */
export interface PublicSet {
  description: string;
  selection: string;
  bugs: PublicBug[];
}

export const SET_FILE = path.join(__dirname, "defects4j-set.json");
export const BUGSJS_SET_FILE = path.join(__dirname, "bugsjs-set.json");
export const LABELS_FILE = path.join(__dirname, "labels.json");

/** Selection rules, frozen with the set. */
export const SELECTION = {
  perProject: 10,
  maxChangedLines: 6,
  maxFailures: 3,
  messageChars: 300,
  errorTextChars: 700,
  frames: 2,
};

/** A Defects4J patch is small enough: one file, one hunk, at most SELECTION.maxChangedLines lines changed. */
export function isSmallPatch(patch: string): boolean {
  const lines = patch.split("\n");
  const files = lines.filter((l) => l.startsWith("diff --git")).length;
  const hunks = lines.filter((l) => l.startsWith("@@")).length;
  const changed = lines.filter((l) => /^[-+]/.test(l) && !/^(?:\+\+\+|---)( |$)/.test(l)).length;
  return files === 1 && hunks === 1 && changed > 0 && changed <= SELECTION.maxChangedLines;
}

/** The patch without its `diff --git` and `index` lines (what remains is what `git diff` prints per file). */
export function cleanPatch(patch: string): { file: string; diff: string } {
  const lines = patch.replace(/\r\n/g, "\n").split("\n");
  const from = lines.findIndex((l) => l.startsWith("--- "));
  const plus = lines[from + 1] ?? "";
  const file = plus.replace(/^\+\+\+ (?:b\/)?/, "").trim();
  const body = lines.slice(from).join("\n").replace(/\n+$/, "\n");
  return { file, diff: body };
}

/** Both sides of the single hunk of `diff`: `before` (the minus side) and `after` (the plus side). */
export function hunkSides(diff: string): { before: string; after: string } {
  const before: string[] = [];
  const after: string[] = [];
  let inHunk = false;
  for (const line of diff.split("\n")) {
    if (line.startsWith("@@")) {
      inHunk = true;
      continue;
    }
    if (!inHunk || line.startsWith("\\")) continue;
    const mark = line[0];
    const text = line.slice(1);
    if (mark === " " || mark === "-" || line === "") before.push(text);
    if (mark === " " || mark === "+" || line === "") after.push(text);
  }
  const trim = (xs: string[]) => `${xs.join("\n").replace(/\n+$/, "")}\n`;
  return { before: trim(before), after: trim(after) };
}

/** The hunks of a one-file diff, each from its `@@` line on. */
export const splitHunks = (diff: string): string[] => diff.split(/^(?=@@)/m).filter((part) => part.startsWith("@@"));

/** The fix as memory stores a proven one: SEARCH/REPLACE blocks from each buggy hunk to the fixed hunk. */
export function fixOf(bug: Pick<PublicBug, "file" | "change">): string {
  // The change goes fixed → buggy, so its plus side is the buggy text and its minus side the fixed text.
  return splitHunks(bug.change)
    .map((hunk) => {
      const { before: fixed, after: buggy } = hunkSides(hunk);
      return toSearchReplace(bug.file, buggy, fixed);
    })
    .join("\n\n");
}

/**
 * Whether a hint's bug is of the query's kind: the two labels share a class or fix pattern, and neither is
 * Defects4J's catch-all "other".
 */
export function sameKind(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b || a === "other" || b === "other") return false;
  const kinds = new Set(b.split(","));
  return a.split(",").some((kind) => kinds.has(kind));
}

const JUNIT_VALUES = /expected:\s*<([\s\S]*?)> but was:\s*<([\s\S]*?)>/;
const FRAME = /^\s*at ([\w$.]+)\(([^)]*)\)/;
const FOREIGN_FRAME = /^(?:java\.|javax\.|sun\.|jdk\.|junit\.|org\.junit\.|org\.apache\.tools\.|org\.hamcrest\.)/;

/**
 * The failing tests of a Defects4J `trigger_tests` file: `--- Class::method`, the exception line(s), then
 * the stack. Each becomes {testId, message, errorText}: the message is the exception text; errorText adds
 * JUnit's `expected:<X> but was:<Y>` as `expected X` / `actual Y` lines (the layout Greenloop's own runners
 * give) and the first SELECTION.frames stack frames of the project's own code.
 */
export function parseTriggerTests(text: string): PublicFailure[] {
  const out: PublicFailure[] = [];
  for (const block of text.replace(/\r\n/g, "\n").split(/^--- /m).slice(1)) {
    const [head, ...rest] = block.split("\n");
    const testId = head.trim();
    const firstFrame = rest.findIndex((l) => FRAME.test(l));
    const messageLines = (firstFrame < 0 ? rest : rest.slice(0, firstFrame)).join("\n").trim();
    const message = messageLines.slice(0, SELECTION.messageChars);
    const frames = (firstFrame < 0 ? [] : rest.slice(firstFrame))
      .map((l) => FRAME.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && !FOREIGN_FRAME.test(m[1]))
      .slice(0, SELECTION.frames)
      .map((m) => `    at ${m[1]} (${m[2]})`);
    const values = JUNIT_VALUES.exec(messageLines);
    const valueLines = values ? [`expected ${values[1].slice(0, 200)}`, `actual ${values[2].slice(0, 200)}`] : [];
    const errorText = [message, ...valueLines, ...frames].join("\n").slice(0, SELECTION.errorTextChars);
    if (testId) out.push({ testId, message, errorText });
  }
  return out.slice(0, SELECTION.maxFailures);
}

/** The language of a bug's code. */
export const languageOf = (bug: Pick<PublicBug, "collection">): string =>
  bug.collection === "bugsjs" ? "javascript" : "java";

/** The failure of `bug` as the loop would query memory: its project is the collection's project. */
export function queryOf(bug: PublicBug, failure: PublicFailure, withChange: boolean): FailureQuery {
  const collection = bug.collection ?? "defects4j";
  return {
    testId: failure.testId,
    message: failure.message,
    errorText: failure.errorText,
    file: bug.file,
    language: languageOf(bug),
    framework: collection === "bugsjs" ? "mocha" : "junit",
    // The whole file is not part of the set (only the hunks), so the "fix already in place" check stays idle.
    codeContext: "",
    project: { id: `${collection}:${bug.project}`, name: bug.project },
    ...(withChange ? { recentChange: bug.change } : {}),
  };
}

/** Reads a frozen set; every bug must carry a label (for Defects4J, one of PUBLIC_CLASSES). */
export function loadPublicSet(file = SET_FILE): PublicSet {
  const set = JSON.parse(readFileSync(file, "utf8")) as PublicSet;
  const valid = (b: PublicBug) =>
    b.collection === "bugsjs" ? !!b.label : PUBLIC_CLASSES.includes(b.label as PublicClass);
  const unlabelled = set.bugs.filter((b) => !valid(b));
  if (unlabelled.length) throw new Error(`unlabelled bugs in ${file}: ${unlabelled.map((b) => b.id).join(", ")}`);
  return set;
}
