/** Hand-written answers that the scenario variants do not cover: several files, nesting, odd endings, ambiguity. */
import { SCENARIOS } from "./scenarios";
import type { CorpusCase } from "./types";

const lines = (...l: string[]) => l.join("\n") + "\n";
const fence = (info: string, body: string, ticks = "```") => ticks + info + "\n" + body + (body.endsWith("\n") ? "" : "\n") + ticks + "\n";
const scenario = (name: string) => SCENARIOS.find((s) => s.name === name)!;

const calc = scenario("js-calc");
const calculator = scenario("py-calculator");
const stats = scenario("ts-stats-duplicates");

const util = lines("function clamp(value, low, high) {", "  return Math.min(low, Math.max(high, value));", "}", "", "module.exports = { clamp };");
const utilFixed = util.replace("Math.min(low, Math.max(high, value))", "Math.min(high, Math.max(low, value))");

/** calc.js plus a helper module it could also change. */
const calcWithUtil = (): Pick<CorpusCase, "target" | "files" | "shown"> => ({
  target: calc.target,
  files: { [calc.target]: calc.before, "util.js": util, ...calc.tests },
  shown: [calc.target, ...Object.keys(calc.tests)],
});
const calcShowingUtil = (): Pick<CorpusCase, "target" | "files" | "shown"> => ({ ...calcWithUtil(), shown: [calc.target, "util.js", ...Object.keys(calc.tests)] });
const calculatorCase = (): Pick<CorpusCase, "target" | "files" | "shown"> => ({
  target: calculator.target,
  files: { [calculator.target]: calculator.before, ...calculator.tests },
  shown: [calculator.target, ...Object.keys(calculator.tests)],
});

const docBefore = lines(
  "def render(rows):",
  '    """Render rows as a markdown table.',
  "",
  "    Example:",
  "",
  "    ```python",
  '    render([["a", 1]])',
  "    ```",
  '    """',
  '    out = ["| name | value |", "| --- | --- |"]',
  "    for name, value in rows:",
  '        out.append(f"| {name} | {value} |")',
  '    return "\\n".join(out)',
  "",
  "",
  "def render_one(name, value):",
  "    return render([[name, value]])",
);
const docAfter = docBefore.replace('    return "\\n".join(out)\n', '    return "\\n".join(out) + "\\n"\n');
const docCase = (): Pick<CorpusCase, "target" | "files" | "shown"> => ({
  target: "table.py",
  files: { "table.py": docBefore, "tests/test_table.py": "from table import render\n\n\ndef test_newline():\n    assert render([]).endswith('\\n')\n" },
  shown: ["table.py", "tests/test_table.py"],
});

const noEolBefore = "export function greet(name: string): string {\n  return 'Hello ' + name;\n}";
const noEolAfter = "export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}";

const protoBefore = lines(
  "from typing import Protocol",
  "",
  "",
  "class Store(Protocol):",
  "    def get(self, key: str) -> str: ...",
  "",
  "    def put(self, key: str, value: str) -> None: ...",
  "",
  "",
  "class MemoryStore:",
  "    def __init__(self):",
  "        self.data = {}",
  "",
  "    def get(self, key):",
  "        return self.data[key]",
  "",
  "    def put(self, key, value):",
  "        self.data[key] = value",
);
const protoAfter = protoBefore.replace("        return self.data[key]\n", '        return self.data.get(key, "")\n');

const dupBefore = lines(
  "def parse_port(text):",
  "    return int(text)",
  "",
  "",
  "def parse_host(text):",
  "    return text.strip().lower()",
  "",
  "",
  "def parse_port(text):",
  "    value = int(text)",
  "    if not 0 < value < 65536:",
  '        raise ValueError("port out of range")',
  "    return value",
);
const dupAfter = lines(
  "def parse_host(text):",
  "    return text.strip().lower()",
  "",
  "",
  "def parse_port(text):",
  "    value = int(text)",
  "    if not 0 < value < 65536:",
  '        raise ValueError("port out of range")',
  "    return value",
);

const debugBefore = lines("function total(items) {", "  return items.reduce((a, b) => a + b, 0);", "}", "", "module.exports = { total };", "", "console.log(total([1, 2, 3]));");
const debugAfter = lines("function total(items) {", "  return items.reduce((a, b) => a + b, 0);", "}", "", "module.exports = { total };");

const tiny = "def inc(x):\n    return x + 2\n";
const tinyAfter = "def inc(x):\n    return x + 1\n";

export function specialCases(): CorpusCase[] {
  return [
    {
      id: "special/think-unclosed",
      category: "<think> cut off before any answer",
      asked: "search-replace",
      answerFormat: "none",
      ...calculatorCase(),
      answer: "<think>\nThe divide function needs a zero check. I would write:\n```python\ndef divide(a, b):\n    if b == 0:\n",
      expect: "reject",
    },
    {
      id: "special/think-close-only",
      category: "reasoning without the opening tag",
      asked: "search-replace",
      answerFormat: "search-replace",
      ...calculatorCase(),
      answer: "Okay, the divisor can be zero, so divide must raise.\n</think>\n\n" + `calculator.py\n<<<<<<< SEARCH\n${calculator.regions[0].search}=======\n${calculator.regions[0].replace}>>>>>>> REPLACE\n`,
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "special/reasoning-tag",
      category: "<reasoning> before the answer",
      asked: "whole",
      answerFormat: "whole",
      ...calculatorCase(),
      answer: "<reasoning>\ndivide(1, 0) must raise ZeroDivisionError.\n</reasoning>\n" + fence("python", calculator.after),
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "special/sr-ambiguous",
      category: "SEARCH matching two places",
      asked: "search-replace",
      answerFormat: "search-replace",
      target: stats.target,
      files: { [stats.target]: stats.before, ...stats.tests },
      shown: [stats.target, ...Object.keys(stats.tests)],
      answer: `${stats.target}\n<<<<<<< SEARCH\n  for (const v of values) {\n    if (v < best) best = v;\n  }\n=======\n  for (const v of values) {\n    if (v > best) best = v;\n  }\n>>>>>>> REPLACE\n`,
      expect: "reject",
    },
    {
      id: "special/several-files-sr",
      category: "several files",
      asked: "search-replace",
      answerFormat: "search-replace",
      ...calcWithUtil(),
      answer:
        calc.regions.map((r) => `calc.js\n<<<<<<< SEARCH\n${r.search}=======\n${r.replace}>>>>>>> REPLACE\n`).join("\n") +
        "\nutil.js\n<<<<<<< SEARCH\n  return Math.min(low, Math.max(high, value));\n=======\n  return Math.min(high, Math.max(low, value));\n>>>>>>> REPLACE\n",
      expect: { [calc.target]: calc.after, "util.js": utilFixed },
    },
    {
      id: "special/several-files-whole",
      category: "several files",
      asked: "whole",
      answerFormat: "whole",
      ...calcShowingUtil(),
      answer: "calc.js\n" + fence("javascript", calc.after) + "\nutil.js\n" + fence("javascript", utilFixed),
      expect: { [calc.target]: calc.after, "util.js": utilFixed },
    },
    {
      id: "special/several-files-udiff",
      category: "several files",
      asked: "udiff",
      answerFormat: "udiff",
      ...calcWithUtil(),
      answer: fence(
        "diff",
        lines(
          "--- a/calc.js",
          "+++ b/calc.js",
          "@@ -1,4 +1,4 @@",
          " // TODO: implement add and multiply",
          " function add(a, b) {",
          '-  throw new Error("TODO: add");',
          "+  return a + b;",
          " }",
          "@@ -11,3 +11,3 @@",
          " function multiply(a, b) {",
          '-  throw new Error("TODO: multiply");',
          "+  return a * b;",
          " }",
          "--- a/util.js",
          "+++ b/util.js",
          "@@ -1,3 +1,3 @@",
          " function clamp(value, low, high) {",
          "-  return Math.min(low, Math.max(high, value));",
          "+  return Math.min(high, Math.max(low, value));",
          " }",
        ),
      ),
      expect: { [calc.target]: calc.after, "util.js": utilFixed },
    },
    {
      id: "special/two-unnamed-files",
      category: "several files without names",
      asked: "whole",
      answerFormat: "whole",
      ...calcShowingUtil(),
      answer: fence("javascript", calc.after) + "\n" + fence("javascript", utilFixed),
      expect: "reject",
    },
    {
      id: "special/whole-four-backticks-nested",
      category: "fence inside the file (outer fence of four)",
      asked: "whole",
      answerFormat: "whole",
      ...docCase(),
      answer: "Fixed:\n\n" + fence("python", docAfter, "````"),
      expect: { "table.py": docAfter },
    },
    {
      id: "special/whole-three-backticks-nested",
      category: "fence inside the file (outer fence of three)",
      asked: "whole",
      answerFormat: "whole",
      ...docCase(),
      answer: "Fixed:\n\n" + fence("python", docAfter) + "\nThe table now ends with a newline.\n",
      expect: { "table.py": docAfter },
    },
    {
      id: "special/whole-no-final-newline",
      category: "file without a final newline",
      asked: "whole",
      answerFormat: "whole",
      target: "src/greet.ts",
      files: { "src/greet.ts": noEolBefore, "test/greet.test.ts": "import { greet } from '../src/greet';\n" },
      shown: ["src/greet.ts", "test/greet.test.ts"],
      answer: fence("ts", noEolAfter + "\n"),
      expect: { "src/greet.ts": noEolAfter },
    },
    {
      id: "special/whole-python-ellipsis",
      category: "`...` that is code, not elision",
      asked: "whole",
      answerFormat: "whole",
      target: "store.py",
      files: { "store.py": protoBefore, "tests/test_store.py": "from store import MemoryStore\n" },
      shown: ["store.py", "tests/test_store.py"],
      answer: fence("python", protoAfter),
      expect: { "store.py": protoAfter },
    },
    {
      id: "special/whole-removes-duplicate",
      category: "whole file legitimately removing a function",
      asked: "whole",
      answerFormat: "whole",
      target: "config.py",
      files: { "config.py": dupBefore, "tests/test_config.py": "from config import parse_port\n" },
      shown: ["config.py", "tests/test_config.py"],
      answer: "The first parse_port is dead code shadowed by the second; removed it:\n\n" + fence("python", dupAfter),
      expect: { "config.py": dupAfter },
    },
    {
      id: "special/udiff-new-file",
      category: "udiff creating a file",
      asked: "udiff",
      answerFormat: "udiff",
      ...calculatorCase(),
      answer: fence(
        "diff",
        lines(
          "--- /dev/null",
          "+++ b/errors.py",
          "@@ -0,0 +1,2 @@",
          "+class CalculatorError(Exception):",
          "+    pass",
          "--- a/calculator.py",
          "+++ b/calculator.py",
          "@@ -12,3 +12,4 @@",
          " def divide(a, b):",
          "-    # TODO: handle division by zero",
          "+    if b == 0:",
          '+        raise ZeroDivisionError("division by zero")',
          "     return a / b",
        ),
      ),
      expect: { [calculator.target]: calculator.after, "errors.py": "class CalculatorError(Exception):\n    pass\n" },
    },
    {
      id: "special/sr-new-file",
      category: "SEARCH/REPLACE creating a file",
      asked: "search-replace",
      answerFormat: "search-replace",
      ...calculatorCase(),
      answer:
        "errors.py\n<<<<<<< SEARCH\n=======\nclass CalculatorError(Exception):\n    pass\n>>>>>>> REPLACE\n\n" +
        `calculator.py\n<<<<<<< SEARCH\n${calculator.regions[0].search}=======\n${calculator.regions[0].replace}>>>>>>> REPLACE\n`,
      expect: { [calculator.target]: calculator.after, "errors.py": "class CalculatorError(Exception):\n    pass\n" },
    },
    {
      id: "special/whole-new-file-named",
      category: "whole files, one of them new",
      asked: "whole",
      answerFormat: "whole",
      ...calculatorCase(),
      answer: "errors.py\n" + fence("python", "class CalculatorError(Exception):\n    pass\n") + "\ncalculator.py\n" + fence("python", calculator.after),
      expect: { [calculator.target]: calculator.after, "errors.py": "class CalculatorError(Exception):\n    pass\n" },
    },
    { id: "special/prose-only", category: "no edit at all", asked: "search-replace", answerFormat: "none", ...calculatorCase(), answer: "The code looks correct to me; the test may be wrong.", expect: "reject" },
    { id: "special/empty", category: "no edit at all", asked: "whole", answerFormat: "none", ...calculatorCase(), answer: "", expect: "reject" },
    {
      id: "special/udiff-delete-at-end",
      category: "udiff deleting the last lines",
      asked: "udiff",
      answerFormat: "udiff",
      target: "total.js",
      files: { "total.js": debugBefore, "test/total.test.js": "require('../total');\n" },
      shown: ["total.js", "test/total.test.js"],
      answer: fence("diff", lines("--- a/total.js", "+++ b/total.js", "@@ -4,4 +4,2 @@", " ", " module.exports = { total };", "-", "-console.log(total([1, 2, 3]));")),
      expect: { "total.js": debugAfter },
    },
    {
      id: "special/udiff-no-newline-marker",
      category: "udiff with a no-newline marker",
      asked: "udiff",
      answerFormat: "udiff",
      target: "src/greet.ts",
      files: { "src/greet.ts": noEolBefore, "test/greet.test.ts": "import { greet } from '../src/greet';\n" },
      shown: ["src/greet.ts", "test/greet.test.ts"],
      answer: fence(
        "diff",
        lines(
          "--- a/src/greet.ts",
          "+++ b/src/greet.ts",
          "@@ -1,3 +1,3 @@",
          " export function greet(name: string): string {",
          "-  return 'Hello ' + name;",
          "+  return `Hello, ${name}!`;",
          " }",
          "\\ No newline at end of file",
        ),
      ),
      expect: { "src/greet.ts": noEolAfter },
    },
    {
      id: "special/whole-and-test-file",
      category: "whole target plus a rewritten test",
      asked: "whole",
      answerFormat: "whole",
      ...calculatorCase(),
      answer: "calculator.py\n" + fence("python", calculator.after) + "\ntests/test_calculator.py\n" + fence("python", "def test_nothing():\n    pass\n"),
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "special/whole-tiny-file",
      category: "whole file of a tiny file",
      asked: "whole",
      answerFormat: "whole",
      target: "inc.py",
      files: { "inc.py": tiny, "tests/test_inc.py": "from inc import inc\n\n\ndef test_inc():\n    assert inc(1) == 2\n" },
      shown: ["inc.py", "tests/test_inc.py"],
      answer: fence("python", tinyAfter),
      expect: { "inc.py": tinyAfter },
    },
    {
      id: "special/whole-echoes-test",
      category: "the test file echoed without a name",
      asked: "whole",
      answerFormat: "whole",
      ...calculatorCase(),
      answer: "The test expects:\n\n" + fence("python", calculator.tests["tests/test_calculator.py"]),
      expect: "reject",
    },
    {
      id: "special/snippet-then-whole",
      category: "a quoted snippet, then the whole file",
      asked: "whole",
      answerFormat: "whole",
      ...calculatorCase(),
      answer: "The problem is here:\n\n" + fence("python", "def divide(a, b):\n    # TODO: handle division by zero\n    return a / b\n") + "\nFixed file:\n\n" + fence("python", calculator.after),
      expect: { [calculator.target]: calculator.after },
    },
    {
      id: "special/two-alternatives",
      category: "two different complete files for one target",
      asked: "whole",
      answerFormat: "whole",
      ...calculatorCase(),
      answer:
        "Option 1:\n\n" +
        fence("python", calculator.after) +
        "\nOption 2 (returns infinity):\n\n" +
        fence("python", calculator.before.replace("    # TODO: handle division by zero\n", '    if b == 0:\n        return float("inf")\n')),
      expect: "reject",
    },
    {
      id: "special/js-fence-for-ts",
      category: "fence tagged with a related language",
      asked: "whole",
      answerFormat: "whole",
      target: "src/greet.ts",
      files: { "src/greet.ts": noEolBefore + "\n", "test/greet.test.ts": "import { greet } from '../src/greet';\n" },
      shown: ["src/greet.ts", "test/greet.test.ts"],
      answer: fence("javascript", noEolAfter + "\n"),
      expect: { "src/greet.ts": noEolAfter + "\n" },
    },
    {
      id: "special/udiff-wrong-file-name",
      category: "udiff naming a file that does not exist",
      asked: "udiff",
      answerFormat: "udiff",
      ...calculatorCase(),
      answer: fence(
        "diff",
        lines("--- a/solution.py", "+++ b/solution.py", "@@ -12,3 +12,4 @@", " def divide(a, b):", "-    # TODO: handle division by zero", "+    if b == 0:", '+        raise ZeroDivisionError("division by zero")', "     return a / b"),
      ),
      expect: "reject",
    },
    {
      id: "special/udiff-ambiguous-no-numbers",
      category: "udiff whose context matches two places",
      asked: "udiff",
      answerFormat: "udiff",
      target: stats.target,
      files: { [stats.target]: stats.before, ...stats.tests },
      shown: [stats.target, ...Object.keys(stats.tests)],
      answer: fence("diff", lines("--- a/src/stats.ts", "+++ b/src/stats.ts", "@@", "   for (const v of values) {", "-    if (v < best) best = v;", "+    if (v > best) best = v;", "   }")),
      expect: "reject",
    },
  ];
}
