/**
 * Answers added after the readers were first tuned against the corpus, to probe habits the first corpus left out
 * (line numbers copied from feedback, a path comment atop a whole file, absolute paths, other marker dialects).
 * Their expectations were written before the readers were changed for them.
 */
import { SCENARIOS } from "./scenarios";
import type { CorpusCase } from "./types";

const fence = (info: string, body: string) => "```" + info + "\n" + body + (body.endsWith("\n") ? "" : "\n") + "```\n";
const scenario = (name: string) => SCENARIOS.find((s) => s.name === name)!;
const lf = (s: string) => s.replace(/\r\n/g, "\n");

const calc = scenario("js-calc");
const calculator = scenario("py-calculator");
const cart = scenario("ts-cart");
const inventory = scenario("py-inventory");

const base = (s: typeof calc): Pick<CorpusCase, "target" | "files" | "shown"> => ({
  target: s.target,
  files: { [s.target]: s.before, ...s.tests },
  shown: [s.target, ...Object.keys(s.tests)],
});

/** Lines numbered the way Greenloop's own feedback shows them ("12 | text"). */
const numbered = (text: string) => {
  const lines = lf(text).replace(/\n$/, "").split("\n");
  const width = String(lines.length).length;
  return lines.map((l, i) => `${String(i + 1).padStart(width, " ")} | ${l}`).join("\n") + "\n";
};

export function laterCases(): CorpusCase[] {
  const srCalculator = `<<<<<<< SEARCH\n${calculator.regions[0].search}=======\n${calculator.regions[0].replace}>>>>>>> REPLACE\n`;
  return [
    {
      id: "later/whole-numbered-lines",
      category: "line numbers copied into a whole file",
      asked: "whole",
      answerFormat: "whole",
      ...base(calculator),
      answer: fence("python", numbered(calculator.after)),
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "later/whole-path-comment-first-line",
      category: "file path as a comment atop a whole file",
      asked: "whole",
      answerFormat: "whole",
      ...base(calc),
      answer: fence("javascript", `// calc.js\n${calc.after}`),
      expect: { [calc.target]: calc.after },
    },
    {
      id: "later/whole-path-comment-python",
      category: "file path as a comment atop a whole file",
      asked: "search-replace",
      answerFormat: "whole",
      ...base(inventory),
      answer: fence("python", `# shop/inventory.py\n${inventory.after}`),
      expect: { [inventory.target]: inventory.after },
    },
    {
      id: "later/sr-absolute-path",
      category: "absolute file path",
      asked: "search-replace",
      answerFormat: "search-replace",
      ...base(calculator),
      answer: `/home/dev/project/calculator.py\n${srCalculator}`,
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "later/sr-original-updated-markers",
      category: "another marker dialect (ORIGINAL/UPDATED)",
      asked: "search-replace",
      answerFormat: "none",
      ...base(calculator),
      answer: `calculator.py\n<<<<<<< ORIGINAL\n${calculator.regions[0].search}=======\n${calculator.regions[0].replace}>>>>>>> UPDATED\n`,
      expect: "reject",
    },
    {
      id: "later/whole-colon-info",
      category: "fence info written lang:path",
      asked: "whole",
      answerFormat: "whole",
      ...base(calculator),
      answer: fence("python:calculator.py", calculator.after),
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "later/whole-plus-usage-example",
      category: "whole file plus an unnamed usage example",
      asked: "whole",
      answerFormat: "whole",
      ...base(calc),
      answer:
        "calc.js\n" +
        fence("javascript", calc.after) +
        "\nUsage:\n\n" +
        fence("javascript", "console.log(add(2, 3));\n"),
      expect: { [calc.target]: calc.after },
    },
    {
      id: "later/think-uppercase",
      category: "<THINK> before the answer",
      asked: "search-replace",
      answerFormat: "search-replace",
      ...base(calculator),
      answer:
        "<THINK>\ncalculator.py\n<<<<<<< SEARCH\nwrong\n=======\nworse\n>>>>>>> REPLACE\n</THINK>\ncalculator.py\n" +
        srCalculator,
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "later/whole-tabs-for-spaces",
      category: "tabs vs spaces in a whole file",
      asked: "whole",
      answerFormat: "whole",
      ...base(calculator),
      answer: fence(
        "python",
        lf(calculator.after).replace(/^( {4})+/gm, (m) => "\t".repeat(m.length / 4)),
      ),
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "later/udiff-context-without-spaces",
      category: "udiff whose context lines lost their leading space",
      asked: "udiff",
      answerFormat: "udiff",
      ...base(calculator),
      answer: fence(
        "diff",
        '--- a/calculator.py\n+++ b/calculator.py\n@@ -12,3 +12,4 @@\ndef divide(a, b):\n-    # TODO: handle division by zero\n+    if b == 0:\n+        raise ZeroDivisionError("division by zero")\n    return a / b\n',
      ),
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "later/whole-fence-named-by-info-only",
      category: "file name alone as the fence's info string",
      asked: "whole",
      answerFormat: "whole",
      ...base(cart),
      answer: fence("src/cart.ts", cart.after),
      expect: { [cart.target]: cart.after },
    },
    {
      id: "later/udiff-hunk-twice",
      category: "the same hunk sent twice",
      asked: "udiff",
      answerFormat: "udiff",
      ...base(calculator),
      answer: fence(
        "diff",
        '--- a/calculator.py\n+++ b/calculator.py\n@@ -12,3 +12,4 @@\n def divide(a, b):\n-    # TODO: handle division by zero\n+    if b == 0:\n+        raise ZeroDivisionError("division by zero")\n     return a / b\n'.repeat(
          2,
        ),
      ),
      expect: "reject",
    },
    {
      id: "later/sr-empty-search-on-existing-file",
      category: "empty SEARCH for a file that has content",
      asked: "search-replace",
      answerFormat: "search-replace",
      ...base(calculator),
      answer: `calculator.py\n<<<<<<< SEARCH\n=======\n${lf(calculator.after)}>>>>>>> REPLACE\n`,
      expect: "reject",
    },
  ];
}
