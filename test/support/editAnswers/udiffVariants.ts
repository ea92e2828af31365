/** Answers written as unified diffs: clean, with wrong numbers and counts, without headers, fenced or not, broken. */
import { structuredPatch } from "diff";
import type { Scenario } from "./scenarioTypes";
import { crlf, fence, firstTest, lf, misindenter, reject, THINK } from "./variantHelpers";
import type { Variant } from "./variants";

interface RawHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

export function hunks(s: Scenario): RawHunk[] {
  return structuredPatch("a", "b", lf(s.before), lf(s.after), undefined, undefined, { context: 3 }).hunks;
}

interface UdiffStyle {
  headers?: "plain" | "ab" | "git" | "none";
  numbers?: "right" | "shifted" | "counts" | "none";
  /** Blank context lines written as empty lines (no leading space). */
  bareBlanks?: boolean;
  /** Rewrites each line's text (after the prefix). */
  text?: (line: string) => string;
  path?: string;
}

function udiff(s: Scenario, style: UdiffStyle = {}): string {
  const path = style.path ?? s.target;
  const out: string[] = [];
  const headers = style.headers ?? "ab";
  if (headers === "git") out.push(`diff --git a/${path} b/${path}`, "index 83db48f..bf269f4 100644");
  if (headers === "plain") out.push(`--- ${path}`, `+++ ${path}`);
  if (headers === "ab" || headers === "git") out.push(`--- a/${path}`, `+++ b/${path}`);
  for (const h of hunks(s)) {
    const numbers = style.numbers ?? "right";
    if (numbers === "none") out.push("@@ ... @@");
    else if (numbers === "shifted")
      out.push(`@@ -${h.oldStart + 9},${h.oldLines} +${h.newStart + 11},${h.newLines} @@`);
    else if (numbers === "counts") out.push(`@@ -${h.oldStart},${h.oldLines + 4} +${h.newStart},${h.newLines - 1} @@`);
    else out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const line of h.lines) {
      if (line.startsWith("\\")) continue;
      const prefix = line[0];
      const text = style.text ? style.text(line.slice(1)) : line.slice(1);
      out.push(style.bareBlanks && prefix === " " && text.trim() === "" ? "" : prefix + text);
    }
  }
  return out.join("\n") + "\n";
}

export const UDIFF_VARIANTS: readonly Variant[] = [
  {
    name: "udiff-clean",
    category: "unified diff as asked",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s)),
  },
  {
    name: "udiff-wrong-numbers",
    category: "udiff with wrong line numbers",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s, { numbers: "shifted" })),
    expect: (s) => (s.duplicateContext ? "reject" : { [s.target]: s.after }),
  },
  {
    name: "udiff-wrong-counts",
    category: "udiff with wrong line counts",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s, { numbers: "counts" })),
  },
  {
    name: "udiff-no-numbers",
    category: "udiff without line numbers",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s, { numbers: "none" })),
    expect: (s) => (s.duplicateContext ? "reject" : { [s.target]: s.after }),
  },
  {
    name: "udiff-no-headers",
    category: "udiff without file headers",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s, { headers: "none" })),
  },
  {
    name: "udiff-git",
    category: "git-style udiff",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s, { headers: "git" })),
  },
  {
    name: "udiff-plain-headers",
    category: "udiff headers without a/ b/",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => fence("patch", udiff(s, { headers: "plain" })),
  },
  {
    name: "udiff-unfenced-prose",
    category: "udiff without a fence, prose around",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => "The comparison is wrong. Patch:\n\n" + udiff(s) + "\nThat should do it.\n",
  },
  {
    name: "udiff-bare-blanks",
    category: "udiff with blank context lines missing their space",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s, { bareBlanks: true })),
  },
  {
    name: "udiff-when-blocks-asked",
    category: "udiff when blocks were asked",
    asked: "search-replace",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s)),
  },
  {
    name: "udiff-when-whole-asked",
    category: "udiff when the whole file was asked",
    asked: "whole",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s, { numbers: "shifted" })),
    expect: (s) => (s.duplicateContext ? "reject" : { [s.target]: s.after }),
  },
  {
    name: "udiff-think",
    category: "<think> before the answer",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => THINK(s) + fence("diff", udiff(s)),
  },
  {
    name: "udiff-crlf",
    category: "CRLF answer",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => crlf(fence("diff", udiff(s))),
  },
  {
    name: "udiff-reindented",
    category: "udiff with wrong indentation",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => fence("diff", udiff(s, { text: misindenter(s) })),
  },
  {
    name: "udiff-invented-removal",
    category: "udiff removing a line that is not in the file",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => {
      const text = udiff(s);
      return fence(
        "diff",
        text.replace(/^-(?!--).*$/m, (m) => `${m}\n-    legacy_fallback = True`),
      );
    },
    expect: reject,
  },
  {
    name: "udiff-truncated",
    category: "truncated answer",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => {
      const text = udiff(s);
      const cut = text.indexOf("\n-");
      return "```diff\n" + text.slice(0, text.indexOf("\n", cut + 1) + 1);
    },
    expect: reject,
  },
  {
    name: "udiff-test-file",
    category: "udiff of a read-only test file",
    asked: "udiff",
    answerFormat: "udiff",
    answer: (s) => {
      const t = firstTest(s);
      const first = lf(s.tests[t]).split("\n")[0];
      return fence("diff", `--- a/${t}\n+++ b/${t}\n@@ -1,1 +1,2 @@\n ${first}\n+${s.comment} relaxed\n`);
    },
    expect: reject,
  },
];
