import assert from "node:assert/strict";
import { GAP, outlineLines, outlineOf, regionAround } from "../../../agent-core/loop/outline";
import { buildMessages } from "../../../agent-core/loop/prompts";
import { fitSources, type SourceFile } from "../../../agent-core/loop/sourceContext";

/** A JavaScript module of `n` small functions, the 1-based line of `fn7`'s body returned too. */
function jsModule(n: number): string {
  const out = ['import { readFile } from "node:fs/promises";', 'const { join } = require("node:path");', ""];
  for (let i = 0; i < n; i++) {
    out.push(`/** Doubles the ${i}th thing. */`, `export function fn${i}(value) {`, "  const twice = value * 2;");
    out.push(`  return twice + ${i};`, "}", "");
  }
  out.push("class Store {", "  constructor(items) {", "    this.items = items;", "  }", "", "  async load(name) {");
  out.push("    return readFile(join(name));", "  }", "}", "", "module.exports = { Store };", "");
  return out.join("\n");
}

const PY_MODULE = [
  "import math",
  "from decimal import Decimal",
  "",
  'RATES = {"food": 0.05}',
  "",
  "",
  "@dataclass",
  "class Cart:",
  "    items: list",
  "",
  "    def total(self):",
  "        subtotal = sum(self.items)",
  "        tax = subtotal * RATES['food']",
  "        return round(subtotal + tax, 2)",
  "",
  "    async def refresh(self):",
  "        pass",
  "",
  "",
  "def helper(x):",
  "    return math.sqrt(x)",
  "",
].join("\n");

describe("source outlines (JS/TS and Python)", () => {
  it("keeps imports, declarations, exports and class members of JavaScript, one line each", () => {
    const text = jsModule(3);
    const lines = text.split("\n");
    const picked = outlineLines(lines, false).map((i) => lines[i].trim());
    assert.deepEqual(picked, [
      'import { readFile } from "node:fs/promises";',
      'const { join } = require("node:path");',
      "export function fn0(value) {",
      "export function fn1(value) {",
      "export function fn2(value) {",
      "class Store {",
      "constructor(items) {",
      "async load(name) {",
      "module.exports = { Store };",
    ]);
  });

  it("keeps imports, constants, decorators, classes and (async) methods of Python", () => {
    const lines = PY_MODULE.split("\n");
    const picked = outlineLines(lines, true).map((i) => lines[i].trim());
    assert.deepEqual(picked, [
      "import math",
      "from decimal import Decimal",
      'RATES = {"food": 0.05}',
      "@dataclass",
      "class Cart:",
      "def total(self):",
      "async def refresh(self):",
      "def helper(x):",
    ]);
  });

  it("shows the whole function around a stack frame, and gap lines where lines are left out", () => {
    const text = jsModule(12);
    const frameLine = text.split("\n").indexOf("  return twice + 7;") + 1;
    const outline = outlineOf("lib/many.js", text, [frameLine], 10_000);
    assert.match(outline, /export function fn7\(value\) \{\n {2}const twice = value \* 2;\n {2}return twice \+ 7;\n\}/);
    assert.doesNotMatch(outline, /return twice \+ 6;/, "other bodies are left out");
    assert.match(outline, /export function fn11\(value\) \{/);
    assert.ok(outline.split("\n").includes(GAP));
    assert.ok(outline.length < text.length / 2, `${outline.length} of ${text.length}`);
  });

  it("a Python method's region ends before the next method", () => {
    const lines = PY_MODULE.split("\n");
    const frame = lines.indexOf("        tax = subtotal * RATES['food']");
    const [start, end] = regionAround(lines, outlineLines(lines, true), frame);
    assert.deepEqual([lines[start].trim(), lines[end].trim()], ["def total(self):", "return round(subtotal + tax, 2)"]);
  });

  it("stays within its character cap, the frame's region first", () => {
    const text = jsModule(40);
    const frameLine = text.split("\n").indexOf("  return twice + 30;") + 1;
    const outline = outlineOf("lib/many.js", text, [frameLine], 400);
    assert.ok(outline.length <= 400, `${outline.length}`);
    assert.match(outline, /return twice \+ 30;/);
  });
});

describe("the sources beside the target, within a budget", () => {
  const file = (path: string, content: string, reason: SourceFile["reason"] = "import", focus: number[] = []) => ({
    path,
    content,
    reason,
    focus,
  });

  it("shows small files whole and large ones as outlines, together within the budget", () => {
    const small = "export const TAX = 0.2;\n";
    const big = jsModule(60);
    const frame = big.split("\n").indexOf("  return twice + 42;") + 1;
    const shown = fitSources([file("lib/big.js", big, "stack", [frame]), file("lib/tax.js", small)], 6_000);
    assert.deepEqual(
      shown.map((s) => [s.path, s.whole]),
      [
        ["lib/big.js", false],
        ["lib/tax.js", true],
      ],
    );
    assert.match(shown[0].text, /return twice \+ 42;/);
    assert.equal(shown[0].content, big, "the full text stays known for the answer");
    const total = shown.reduce((sum, s) => sum + s.text.length, 0);
    assert.ok(total <= 6_000, `${total}`);
  });

  it("leaves out what no longer fits", () => {
    const big = jsModule(60);
    const shown = fitSources(
      [file("a.js", big), file("b.js", big), file("c.js", big), file("d.js", big), file("e.js", big)],
      3_000,
    );
    const total = shown.reduce((sum, s) => sum + s.text.length, 0);
    assert.ok(total <= 3_000, `${total}`);
    assert.ok(shown.length < 5, `${shown.length} files shown`);
  });

  it("the prompt shows each source, says how it was chosen and lets the model edit it", () => {
    const shown = fitSources(
      [file("lib/money.js", "function f() {}\n", "stack", [1]), file("lib/big.js", jsModule(60))],
      6_000,
    );
    const [, user] = buildMessages({
      target: { path: "cart.js", content: "x\n" },
      sources: shown,
      tests: [],
      todos: [],
      failures: [
        {
          id: "t",
          status: "failed",
          message: "boom",
          location: "lib/money.js:1",
          frames: ["lib/money.js:1", "cart.js:3"],
        },
      ],
      totalFailed: 1,
      attempts: [],
      feedback: [],
      maxFileChars: 24_000,
    });
    assert.match(user.content, /editing `cart\.js` or the source files shown with it/);
    assert.match(user.content, /## lib\/money\.js \(in the failing stack\)\n```javascript\nfunction f\(\) \{\}/);
    assert.match(
      user.content,
      /## lib\/big\.js \(imported; outline: ⋮ marks lines not shown, quote only lines shown here\)/,
    );
    assert.match(user.content, /boom at lib\/money\.js:1 \(called from cart\.js:3\)/);
  });

  it("without sources the task names the target alone", () => {
    const [, user] = buildMessages({
      target: { path: "cart.js", content: "x\n" },
      tests: [],
      todos: [],
      failures: [],
      totalFailed: 0,
      attempts: [],
      feedback: [],
      maxFileChars: 24_000,
    });
    assert.match(user.content, /## Task\nMake the failing tests pass by editing `cart\.js`\.\n/);
  });
});
