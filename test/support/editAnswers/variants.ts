/**
 * The ways models answer, written against each scenario: the same fix as SEARCH/REPLACE blocks, whole files and
 * unified diffs, decorated the way real answers are (prose, fences, reasoning, wrong names, wrong numbers), and
 * the answers that must never be applied (elided code, truncated, invented text, test edits).
 */
import { structuredPatch } from "diff";
import type { Scenario } from "./scenarioTypes";
import type { AnswerFormat, AskedFormat } from "./types";
import { hunks, UDIFF_VARIANTS } from "./udiffVariants";
import {
  basename,
  crlf,
  ext,
  fence,
  firstTest,
  lf,
  misindentText,
  PROSE_AFTER,
  PROSE_BEFORE,
  reject,
  srAll,
  srBlock,
  THINK,
} from "./variantHelpers";

export interface Variant {
  name: string;
  category: string;
  asked: AskedFormat;
  answerFormat: AnswerFormat;
  /** The answer, or undefined when the variant does not fit the scenario. */
  answer(s: Scenario): string | undefined;
  /** Default: the scenario's `after` for the target. */
  expect?: (s: Scenario) => Record<string, string> | "reject";
}

/** The longest run of unchanged lines in `after`, as [start, end) line indexes. */
function longestUnchangedRun(s: Scenario): [number, number] {
  const afterLines = lf(s.after).split("\n");
  const changed = new Set<number>();
  for (const h of structuredPatch("a", "b", lf(s.before), lf(s.after), undefined, undefined, { context: 0 }).hunks) {
    for (let i = 0; i < Math.max(1, h.newLines); i++) changed.add(h.newStart - 1 + i);
  }
  let best: [number, number] = [0, 0];
  let start = 0;
  for (let i = 0; i <= afterLines.length; i++) {
    if (i === afterLines.length || changed.has(i)) {
      if (i - start > best[1] - best[0]) best = [start, i];
      start = i + 1;
    }
  }
  return best;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** `after` with the inside of its longest unchanged run replaced by one comment line. */
function elideMiddle(s: Scenario, words: string): string {
  const lines = lf(s.after).split("\n");
  const [a, b] = longestUnchangedRun(s);
  const from = a + 1;
  const to = Math.max(from + 1, b - 1);
  const ref = lines.slice(from, to).find((l) => l.trim() !== "") ?? "";
  return [...lines.slice(0, from), `${indentOf(ref)}${s.comment} ${words}`, ...lines.slice(to)].join("\n");
}

/** `after` up to the last changed line (plus one), then "rest unchanged". */
function elideRest(s: Scenario, words: string): string {
  const afterLines = lf(s.after).split("\n");
  const last = hunks(s).at(-1)!;
  const lastChanged = last.newStart - 1 + last.newLines - 3;
  const keep = afterLines.slice(0, Math.min(afterLines.length - 2, lastChanged + 1));
  return keep.join("\n") + `\n\n${s.comment} ${words}\n`;
}

export const VARIANTS: readonly Variant[] = [
  // ---- SEARCH/REPLACE ----
  {
    name: "sr-plain",
    category: "blocks as asked",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => srAll(s),
  },
  {
    name: "sr-prose-fenced",
    category: "prose around blocks, fence with language tag",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => PROSE_BEFORE + fence(s.lang, srAll(s)) + PROSE_AFTER,
  },
  {
    name: "sr-fence-info-path",
    category: "file name in the fence's info string",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => s.regions.map((r) => fence(`${s.lang} ${s.target}`, srBlock(undefined, r))).join("\n"),
  },
  {
    name: "sr-heading-path",
    category: "file name as a markdown heading",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => `### \`${s.target}\`\n\n` + fence(s.lang, srAll(s, undefined)),
  },
  {
    name: "sr-no-path",
    category: "missing file name, one file in context",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => srAll(s, undefined),
  },
  {
    name: "sr-basename",
    category: "file name without its folder",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => (s.target.includes("/") ? srAll(s, basename(s.target)) : srAll(s, `./${s.target}`)),
  },
  {
    name: "sr-wrong-folder",
    category: "file name with a wrong folder",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => srAll(s, `app/${basename(s.target)}`),
  },
  {
    name: "sr-reindented",
    category: "wrong indentation (tabs vs spaces, 2 vs 4)",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) =>
      s.regions
        .map((r) => srBlock(s.target, { search: misindentText(s, r.search), replace: misindentText(s, r.replace) }))
        .join("\n"),
  },
  {
    name: "sr-crlf",
    category: "CRLF answer",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => crlf(PROSE_BEFORE + srAll(s)),
  },
  {
    name: "sr-think",
    category: "<think> before the answer",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => THINK(s) + srAll(s),
  },
  {
    name: "sr-plus-whole-file",
    category: "blocks followed by the whole file for reference",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => srAll(s) + "\nFor reference, the complete file:\n\n" + fence(s.lang, lf(s.after)),
  },
  {
    name: "sr-truncated",
    category: "truncated answer",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) =>
      `${s.target}\n<<<<<<< SEARCH\n${s.regions[0].search}=======\n${s.regions[0].replace.split("\n")[0]}\n`,
    expect: reject,
  },
  {
    name: "sr-invented-search",
    category: "SEARCH text that is not in the file",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) =>
      srBlock(s.target, {
        search: "result = legacy_compute(first, second)\nreturn result\n",
        replace: "return compute(first, second)\n",
      }),
    expect: reject,
  },
  {
    name: "sr-edits-test",
    category: "edit to a read-only test file",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => {
      const t = firstTest(s);
      const first = lf(s.tests[t]).split("\n")[0];
      return srBlock(t, { search: first + "\n", replace: first + "\n" + s.comment + " relaxed\n" });
    },
    expect: reject,
  },
  {
    name: "sr-short-markers",
    category: "malformed markers",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => `${s.target}\n<<<< SEARCH\n${s.regions[0].search}====\n${s.regions[0].replace}>>>> REPLACE\n`,
    expect: reject,
  },
  {
    name: "sr-elided-replace",
    category: "elided code inside REPLACE",
    asked: "search-replace",
    answerFormat: "search-replace",
    answer: (s) => {
      const r = s.regions[0];
      const replaceLines = r.replace.split("\n");
      const elided = [
        ...replaceLines.slice(0, 1),
        `${indentOf(replaceLines[1] ?? "")}${s.comment} ... rest of the function unchanged ...`,
        "",
      ].join("\n");
      return srBlock(s.target, { search: r.search, replace: elided });
    },
    expect: reject,
  },

  // ---- whole file ----
  {
    name: "whole-fenced",
    category: "whole file as asked",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => fence(s.lang, lf(s.after)),
  },
  {
    name: "whole-prose",
    category: "prose around a whole file",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) =>
      "Here is the corrected file:\n\n" +
      fence(s.lang, lf(s.after)) +
      "\nI changed only what the failing test needs.\n",
  },
  {
    name: "whole-info-path",
    category: "file name in the fence's info string",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => fence(`${s.lang} ${s.target}`, lf(s.after)),
  },
  {
    name: "whole-path-line",
    category: "file name on the line before the fence",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => `${s.target}\n` + fence(s.lang, lf(s.after)),
  },
  {
    name: "whole-bold-path",
    category: "file name in bold before the fence",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => `**${s.target}**\n\n` + fence(s.lang, lf(s.after)),
  },
  {
    name: "whole-basename",
    category: "file name without its folder",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => (s.target.includes("/") ? `File: ${basename(s.target)}\n` + fence(s.lang, lf(s.after)) : undefined),
  },
  {
    name: "whole-when-blocks-asked",
    category: "whole file when blocks were asked",
    asked: "search-replace",
    answerFormat: "whole",
    answer: (s) => "I rewrote the file:\n\n" + fence(s.lang, lf(s.after)),
  },
  {
    name: "whole-no-lang-when-blocks-asked",
    category: "whole file without language tag when blocks were asked",
    asked: "search-replace",
    answerFormat: "whole",
    answer: (s) => fence("", lf(s.after)),
  },
  {
    name: "whole-think",
    category: "<think> before the answer",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) =>
      `<think>\nI need to fix ${basename(s.target)}.\n\`\`\`${s.lang}\n${s.regions[0].search}\`\`\`\nThat part is wrong.\n</think>\n` +
      fence(s.lang, lf(s.after)),
  },
  {
    name: "whole-crlf",
    category: "CRLF answer",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => crlf("Fixed:\n\n" + fence(s.lang, lf(s.after))),
  },
  {
    name: "whole-with-shell-fence",
    category: "whole file plus a shell command",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) =>
      fence(s.lang, lf(s.after)) +
      "\nRun the tests with:\n\n" +
      fence("bash", s.lang.startsWith("py") ? "pytest -q" : "npm test"),
  },
  {
    name: "whole-tabs-as-spaces",
    category: "tabs vs spaces in a whole file",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) =>
      lf(s.before).includes("\n\t")
        ? fence(
            s.lang,
            lf(s.after).replace(/^\t+/gm, (t) => "    ".repeat(t.length)),
          )
        : undefined,
  },
  {
    name: "whole-elided-middle",
    category: "elided code (... existing code ...)",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => fence(s.lang, elideMiddle(s, "... existing code ...")),
    expect: reject,
  },
  {
    name: "whole-elided-here",
    category: "elided code (existing code here)",
    asked: "search-replace",
    answerFormat: "whole",
    answer: (s) => fence(s.lang, elideMiddle(s, "existing code here")),
    expect: reject,
  },
  {
    name: "whole-elided-rest",
    category: "elided code (rest unchanged)",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => "Updated file:\n" + fence(s.lang, elideRest(s, "... rest of the file unchanged")),
    expect: reject,
  },
  {
    name: "whole-elided-unchanged",
    category: "elided code ((unchanged))",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => fence(s.lang, elideMiddle(s, "... (unchanged)")),
    expect: reject,
  },
  {
    name: "whole-snippet",
    category: "only the changed function in a fence",
    asked: "search-replace",
    answerFormat: "whole",
    answer: (s) => "Change the function like this:\n\n" + fence(s.lang, s.regions.map((r) => r.replace).join("\n")),
    expect: reject,
  },
  {
    name: "whole-truncated",
    category: "truncated answer",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => {
      const l = lf(s.after).split("\n");
      return "```" + s.lang + "\n" + l.slice(0, Math.ceil(l.length * 0.6)).join("\n") + "\n";
    },
    expect: reject,
  },
  {
    name: "whole-wrong-name",
    category: "wrong file name",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => fence(`${s.lang} solution.${ext(s.target)}`, lf(s.after)),
    expect: reject,
  },
  {
    name: "whole-test-file",
    category: "whole test file rewritten",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) =>
      `${firstTest(s)}\n` + fence(s.lang, lf(s.tests[firstTest(s)]) + `${s.comment} skip the failing case\n`),
    expect: reject,
  },
  {
    name: "whole-unchanged",
    category: "whole file with no change",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => fence(s.lang, lf(s.before)),
    expect: reject,
  },
  {
    name: "whole-unfenced",
    category: "whole file without a fence",
    asked: "whole",
    answerFormat: "whole",
    answer: (s) => lf(s.after),
    expect: reject,
  },

  ...UDIFF_VARIANTS,
];
