import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { importsOf } from "../../../agent-core/loop/imports";
import { findSourceForTest, framesInText } from "../../../agent-core/loop/sourceForTest";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "greenloop-source-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const JS = {
  "package.json": "{}",
  "src/calc.js": "function add(a, b) { return a - b; }\nmodule.exports = { add };\n",
  "src/format.js": "function money(n) { return n.toFixed(3); }\nmodule.exports = { money };\n",
  "test/calc.test.js":
    'const { add } = require("../src/calc");\nconst { money } = require("../src/format");\nconst helpers = require("./helpers");\n',
  "test/helpers.js": "module.exports = {};\n",
  "node_modules/lib/index.js": "module.exports = 1;\n",
};

describe("the source a failing test exercises", () => {
  const roots: string[] = [];
  const make = (files: Record<string, string>) => {
    const root = project(files);
    roots.push(root);
    return root;
  };
  after(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it("no trace: the import named like the test (calc.test.js → src/calc.js), not the other imports", async () => {
    const root = make(JS);
    const choice = await findSourceForTest(root, { file: path.join(root, "test/calc.test.js"), texts: [], frames: [] });
    assert.deepEqual(choice, {
      target: "src/calc.js",
      reason: "import named like the test",
      candidates: ["src/calc.js", "src/format.js"],
    });
  });

  it("a stack frame in the workspace's code wins: what ran when the test failed", async () => {
    const root = make(JS);
    const trace = `TypeError: n.toFixed is not a function\n    at money (${root}/src/format.js:1:38)\n    at TestContext.<anonymous> (${root}/test/calc.test.js:5:3)\n    at ${root}/node_modules/lib/index.js:1:1`;
    const choice = await findSourceForTest(root, {
      file: path.join(root, "test/calc.test.js"),
      texts: [trace],
      frames: [],
    });
    assert.equal(choice.target, "src/format.js");
    assert.equal(choice.target && choice.reason, "stack frame");
  });

  it("stack frames from the Testing API (message locations, stackTrace) count like frames in the text", async () => {
    const root = make(JS);
    const choice = await findSourceForTest(root, {
      file: path.join(root, "test/calc.test.js"),
      texts: ["expected 5, got -1"],
      frames: [
        { file: path.join(root, "test/calc.test.js"), line: 4 },
        { file: path.join(root, "src/format.js"), line: 0 },
      ],
    });
    assert.equal(choice.target, "src/format.js");
  });

  it("never a test file, a helper under test/, a dependency or a file outside the workspace", async () => {
    const root = make(JS);
    const trace = [
      `at ${root}/test/helpers.js:1:1`,
      `at ${root}/node_modules/lib/index.js:1:1`,
      "at /usr/lib/node/internal.js:3:3",
    ].join("\n");
    const choice = await findSourceForTest(root, {
      file: path.join(root, "test/calc.test.js"),
      texts: [trace],
      frames: [],
    });
    assert.equal(choice.target, "src/calc.js");
  });

  it("TypeScript: `import ... from './calc.js'` finds calc.ts; relative trace paths resolve from the workspace", async () => {
    const root = make({
      "src/calc.ts": "export const add = (a: number, b: number) => a - b;\n",
      "src/parse.ts": "export const parse = (s: string) => Number(s);\n",
      "src/calc.spec.ts": 'import { add } from "./calc.js";\nimport { parse } from "./parse";\n',
    });
    const file = path.join(root, "src/calc.spec.ts");
    assert.equal((await findSourceForTest(root, { file, texts: [], frames: [] })).target, "src/calc.ts");
    const relativeTrace = "❯ src/parse.ts:1:40";
    assert.equal((await findSourceForTest(root, { file, texts: [relativeTrace], frames: [] })).target, "src/parse.ts");
  });

  it("Python: `from calc import add` from tests/ finds calc.py at the root or in src/; pytest's trace lines count", async () => {
    const root = make({
      "pyproject.toml": "",
      "src/shop/cart.py": "def total(items):\n    return 0\n",
      "src/shop/__init__.py": "",
      "tests/test_cart.py": "from shop.cart import total\nimport json\n",
    });
    const file = path.join(root, "tests/test_cart.py");
    assert.deepEqual(await findSourceForTest(root, { file, texts: [], frames: [] }), {
      target: "src/shop/cart.py",
      reason: "import named like the test",
      candidates: ["src/shop/cart.py"],
    });
    const traceback = `tests/test_cart.py:3: in test_total\n    assert total([1]) == 1\nsrc/shop/__init__.py:1: in <module>`;
    assert.equal(
      (await findSourceForTest(root, { file, texts: [traceback], frames: [] })).target,
      "src/shop/__init__.py",
    );
    const pyTrace = `Traceback (most recent call last):\n  File "${root}/src/shop/cart.py", line 2, in total`;
    assert.equal((await findSourceForTest(root, { file, texts: [pyTrace], frames: [] })).target, "src/shop/cart.py");
  });

  it("no import and no trace: a source file named like the test, nearest first, in the test's language", async () => {
    const root = make({
      "a/calc.py": "",
      "b/deep/calc.js": "",
      "b/calc.js": "",
      "b/calc.test.js": "test('adds', () => {});\n",
    });
    assert.deepEqual(
      await findSourceForTest(root, { file: path.join(root, "b/calc.test.js"), texts: [], frames: [] }),
      {
        target: "b/calc.js",
        reason: "file named like the test",
        candidates: [],
      },
    );
  });

  it("nothing to go on: a message saying so and what to do instead", async () => {
    const root = make({ "test/misc.test.js": "test('x', () => {});\n" });
    const choice = await findSourceForTest(root, {
      file: path.join(root, "test/misc.test.js"),
      texts: ["boom"],
      frames: [],
    });
    assert.equal(choice.target, undefined);
    assert.match(
      "message" in choice ? choice.message : "",
      /could not tell which source file test\/misc\.test\.js exercises.*on the source file itself.*Fix Until Tests Pass/,
    );
  });

  it("reads frames and imports the way runners and languages write them", () => {
    assert.deepEqual(
      framesInText('at add (file:///w/src/calc.js:3:10)\n  File "/w/calc.py", line 7, in add\nsrc/x.py:12: in f'),
      [
        { path: "/w/src/calc.js", line: 2 },
        { path: "/w/calc.py", line: 6 },
        { path: "src/x.py", line: 11 },
      ],
    );
    assert.deepEqual(
      importsOf(
        'import { a } from "./a";\nimport "./side";\nconst b = require(\'../b\');\nconst c = await import("./c.js");\nimport x from "lodash";\n',
        false,
      ),
      ["./a", "./side", "../b", "./c.js"],
    );
    assert.deepEqual(
      importsOf("from .calc import add\nfrom shop import cart, tax as t\nimport os, shop.util\n", true),
      [".calc", ".calc.add", "shop", "shop.cart", "shop.tax", "os", "shop.util"],
    );
  });
});
