import assert from "node:assert/strict";
import { mkdir, realpath, symlink } from "node:fs/promises";
import path from "node:path";
import { detectTestCommand } from "../../../agent-core/testing/detect";
import { filterCommand } from "../../../agent-core/testing/filter";
import { parseTestOutput } from "../../../agent-core/testing/parsers";
import { runProcess } from "../../../agent-core/testing/processRunner";
import type { TestCommand, TestReport } from "../../../agent-core/testing/types";
import { TempProjects } from "../../unit/testing/helpers";

/** detect → run → parse, the way the loop uses these pieces. */
async function runAndParse(cmd: TestCommand): Promise<TestReport> {
  const result = await runProcess(cmd, { timeoutMs: 60_000 });
  return parseTestOutput(cmd.framework, result.output, result.exitCode, { cwd: cmd.cwd });
}

const JS_TESTS = `
const { describe, it } = require("node:test");
const assert = require("node:assert");
const { add, mul } = require("../calc");
describe("calc", () => {
  it("adds", () => assert.strictEqual(add(2, 2), 4));
  it("multiplies", () => assert.strictEqual(mul(2, 3), 6));
  it("multiplies by zero", () => assert.strictEqual(mul(5, 0), 0));
});
`;

describe("live runs on temp projects", function () {
  this.timeout(60_000);
  const projects = new TempProjects();
  afterEach(() => projects.cleanup());

  it("node --test: detects, runs, parses, then reruns only the failing tests", async () => {
    const dir = await projects.make({
      "package.json": JSON.stringify({ name: "x", scripts: { test: "node --test" } }),
      "calc.js": "exports.add = (a, b) => a + b;\nexports.mul = (a, b) => a * b + 1;\n",
      "test/calc.test.js": JS_TESTS,
    });
    const cmd = await detectTestCommand(dir);
    const report = await runAndParse(cmd);
    assert.deepEqual([report.passed, report.failed, report.crashed], [1, 2, false]);
    assert.deepEqual(
      report.failures.map((f) => f.id),
      ["calc > multiplies", "calc > multiplies by zero"],
    );
    assert.deepEqual([report.failures[0].expected, report.failures[0].actual], ["6", "7"]);
    assert.equal(report.failures[0].location, "test/calc.test.js:7");

    const only = filterCommand(
      cmd,
      report.failures.map((f) => f.id),
    );
    assert.ok(only);
    const rerun = await runAndParse(only);
    assert.deepEqual(
      rerun.failures.map((f) => f.id),
      ["calc > multiplies", "calc > multiplies by zero"],
    );
    assert.equal(rerun.tests.filter((t) => t.status === "passed").length, 0, "the passing test did not run");
  });

  it("node --test with no test script: ES module tests that use node:test are found, run and read", async () => {
    const dir = await projects.make({
      "package.json": JSON.stringify({ private: true, type: "module" }),
      "calc.js": "export const add = (a, b) => a + b;\nexport const mul = (a, b) => a * b + 1;\n",
      "calc.test.js": [
        'import { test } from "node:test";',
        'import assert from "node:assert/strict";',
        'import { add, mul } from "./calc.js";',
        'test("adds", () => assert.equal(add(2, 2), 4));',
        'test("multiplies", () => assert.equal(mul(2, 3), 6));',
        "",
      ].join("\n"),
    });
    const cmd = await detectTestCommand(dir);
    assert.deepEqual(cmd.argv, ["node", "--test"]);
    const report = await runAndParse(cmd);
    assert.deepEqual([report.passed, report.failed, report.crashed], [1, 1, false]);
    assert.deepEqual(
      [report.failures[0].id, report.failures[0].expected, report.failures[0].actual],
      ["multiplies", "6", "7"],
    );
  });

  it("node --test: a syntax error in the code under test is a crash with file:line", async () => {
    const dir = await projects.make({
      "package.json": JSON.stringify({ name: "x", scripts: { test: "node --test" } }),
      "calc.js": "exports.add = (a, b) => a + ;\n",
      "test/calc.test.js": JS_TESTS,
    });
    const report = await runAndParse(await detectTestCommand(dir));
    assert.equal(report.crashed, true);
    assert.match(report.failures[0].message ?? "", /^SyntaxError: /);
    assert.equal(report.failures[0].location, "calc.js:1");
  });

  it("pytest: detects an interpreter with pytest, runs, parses, then reruns only the failing tests", async () => {
    const dir = await projects.make({
      "calc.py": "def add(a, b):\n    return a + b\n\ndef mul(a, b):\n    return a * b + 1\n",
      "tests/test_calc.py":
        "from calc import add, mul\n\ndef test_add():\n    assert add(2, 2) == 4\n\ndef test_mul():\n    assert mul(2, 3) == 6\n",
      "pytest.ini": "[pytest]\npythonpath = .\n",
    });
    const cmd = await detectTestCommand(dir);
    const report = await runAndParse(cmd);
    assert.deepEqual([report.passed, report.failed, report.crashed], [1, 1, false]);
    assert.deepEqual(report.tests.map((t) => `${t.status} ${t.id}`).sort(), [
      "failed tests/test_calc.py::test_mul",
      "passed tests/test_calc.py::test_add",
    ]);
    const f = report.failures[0];
    assert.deepEqual([f.expected, f.actual, f.location], ["6", "7", "tests/test_calc.py:7"]);

    const only = filterCommand(cmd, ["tests/test_calc.py::test_mul"]);
    assert.ok(only);
    const rerun = await runAndParse(only);
    assert.deepEqual([rerun.passed, rerun.failed], [0, 1]);
  });

  it("pytest: an import error at collection is a crash", async () => {
    const dir = await projects.make({ "tests/test_x.py": "import not_a_module_anywhere\n\ndef test_x():\n    pass\n" });
    const report = await runAndParse(await detectTestCommand(dir));
    assert.equal(report.crashed, true);
    assert.match(report.failures[0].message ?? "", /ModuleNotFoundError: No module named 'not_a_module_anywhere'/);
    assert.equal(report.failures[0].location, "tests/test_x.py:1");
  });

  it("mocha: runs the project's binary directly and --grep narrows the rerun", async () => {
    const dir = await projects.make({
      "package.json": JSON.stringify({ name: "x", scripts: { test: "mocha" } }),
      "calc.js": "exports.add = (a, b) => a + b;\nexports.mul = (a, b) => a * b + 1;\n",
      "test/calc.test.js": JS_TESTS.replace('const { describe, it } = require("node:test");', ""),
    });
    await mkdir(path.join(dir, "node_modules", ".bin"), { recursive: true });
    const mochaBin = await realpath(path.join(__dirname, "..", "..", "..", "node_modules", ".bin", "mocha"));
    await symlink(mochaBin, path.join(dir, "node_modules", ".bin", "mocha"));
    const cmd = await detectTestCommand(dir);
    assert.equal(cmd.framework, "mocha");
    const report = await runAndParse(cmd);
    assert.deepEqual([report.passed, report.failed], [1, 2]);
    const rerun = await runAndParse(filterCommand(cmd, ["calc > multiplies by zero"]) ?? cmd);
    assert.deepEqual([rerun.passed, rerun.failed], [0, 1]);
    assert.deepEqual(
      rerun.failures.map((f) => f.id),
      ["calc > multiplies by zero"],
    );
  });
});
