/** The files of the hand-written corpus answers: a helper module, a docstring with a fence, odd endings, stubs. */
import { SCENARIOS } from "./scenarios";
import type { CorpusCase } from "./types";

export const lines = (...l: string[]) => l.join("\n") + "\n";
export const fence = (info: string, body: string, ticks = "```") =>
  ticks + info + "\n" + body + (body.endsWith("\n") ? "" : "\n") + ticks + "\n";
export const scenario = (name: string) => SCENARIOS.find((s) => s.name === name)!;

export const calc = scenario("js-calc");
export const calculator = scenario("py-calculator");
export const stats = scenario("ts-stats-duplicates");

export const util = lines(
  "function clamp(value, low, high) {",
  "  return Math.min(low, Math.max(high, value));",
  "}",
  "",
  "module.exports = { clamp };",
);
export const utilFixed = util.replace("Math.min(low, Math.max(high, value))", "Math.min(high, Math.max(low, value))");

/** calc.js plus a helper module it could also change. */
export const calcWithUtil = (): Pick<CorpusCase, "target" | "files" | "shown"> => ({
  target: calc.target,
  files: { [calc.target]: calc.before, "util.js": util, ...calc.tests },
  shown: [calc.target, ...Object.keys(calc.tests)],
});
export const calcShowingUtil = (): Pick<CorpusCase, "target" | "files" | "shown"> => ({
  ...calcWithUtil(),
  shown: [calc.target, "util.js", ...Object.keys(calc.tests)],
});
export const calculatorCase = (): Pick<CorpusCase, "target" | "files" | "shown"> => ({
  target: calculator.target,
  files: { [calculator.target]: calculator.before, ...calculator.tests },
  shown: [calculator.target, ...Object.keys(calculator.tests)],
});

export const docBefore = lines(
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
export const docAfter = docBefore.replace('    return "\\n".join(out)\n', '    return "\\n".join(out) + "\\n"\n');
export const docCase = (): Pick<CorpusCase, "target" | "files" | "shown"> => ({
  target: "table.py",
  files: {
    "table.py": docBefore,
    "tests/test_table.py": "from table import render\n\n\ndef test_newline():\n    assert render([]).endswith('\\n')\n",
  },
  shown: ["table.py", "tests/test_table.py"],
});

export const noEolBefore = "export function greet(name: string): string {\n  return 'Hello ' + name;\n}";
export const noEolAfter = "export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}";

export const protoBefore = lines(
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
export const protoAfter = protoBefore.replace(
  "        return self.data[key]\n",
  '        return self.data.get(key, "")\n',
);

export const dupBefore = lines(
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
export const dupAfter = lines(
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

export const debugBefore = lines(
  "function total(items) {",
  "  return items.reduce((a, b) => a + b, 0);",
  "}",
  "",
  "module.exports = { total };",
  "",
  "console.log(total([1, 2, 3]));",
);
export const debugAfter = lines(
  "function total(items) {",
  "  return items.reduce((a, b) => a + b, 0);",
  "}",
  "",
  "module.exports = { total };",
);

export const tiny = "def inc(x):\n    return x + 2\n";
export const tinyAfter = "def inc(x):\n    return x + 1\n";
