import assert from "node:assert/strict";
import { parseTestOutput } from "../../../agent-core/testing/parsers";
import { userFrames } from "../../../agent-core/testing/parsers/common";
import type { TestFramework } from "../../../agent-core/testing/types";
import { fixture } from "./helpers";

/** Captured runs where a test calls `boom()` in math.js/calc.py and it throws there. */
const CASES: Array<[string, TestFramework, string[]]> = [
  ["jest-failures", "jest", ["math.js:4", "math.test.js:15"]],
  ["mocha-failures", "mocha", ["math.js:4", "test/math.test.js:15"]],
  ["vitest-failures", "vitest", ["math.js:4", "math.test.js:16"]],
  ["vitest4-failures", "vitest", ["math.js:4", "math.test.js:16"]],
  ["node-spec-failures", "node", ["math.js:4", "test/math.test.js:17"]],
  ["node-tap-failures", "node", ["math.js:4", "test/math.test.js:17"]],
  ["node22-spec-failures", "node", ["math.js:4", "test/math.test.js:17"]],
  ["pytest-default-failures", "pytest", ["calc.py:11", "tests/test_calc.py:14"]],
  ["pytest-q-failures", "pytest", ["calc.py:11", "tests/test_calc.py:14"]],
];

describe("failure stack frames (every user frame, not only one location)", () => {
  for (const [name, framework, frames] of CASES) {
    it(`keeps the source frame and the test frame, innermost first, in ${name}`, async () => {
      const report = parseTestOutput(framework, await fixture(name), 1, { cwd: "/tmp/gl-node" });
      const boom = report.failures.find((f) => /boom|throws nothing/.test(f.id));
      assert.ok(boom, report.failures.map((f) => f.id).join(", "));
      assert.deepEqual(boom.frames, frames);
      assert.equal(boom.location, frames[0], "the location stays the innermost user frame");
    });
  }

  it("leaves out runtime internals and dependencies, reads file:// URLs, and lists each position once", () => {
    const frames = userFrames([
      "    at helper (file:///work/app/src/helper.mjs:7:11)",
      "    at total (file:///work/app/src/cart.mjs:3:10)",
      "    at TestContext.<anonymous> (file:///work/app/test/cart.test.mjs:5:3)",
      "    at Test.runInAsyncScope (node:async_hooks:206:9)",
      "    at Object.<anonymous> (/work/app/node_modules/lib/index.js:1:1)",
      "    at process.processTicksAndRejections (internal/process/task_queues:95:5)",
      "    at total (file:///work/app/src/cart.mjs:3:10)",
    ]);
    assert.deepEqual(frames, [
      "/work/app/src/helper.mjs:7",
      "/work/app/src/cart.mjs:3",
      "/work/app/test/cart.test.mjs:5",
    ]);
  });

  it("gives a failure raised in the test itself only the test's frame", async () => {
    const report = parseTestOutput("pytest", await fixture("pytest-q-failures"), 1);
    const plain = report.failures.find((f) => f.frames?.length === 1);
    assert.ok(plain, "a failure inside the test alone has just its own frame");
    assert.ok(plain.frames?.[0].startsWith("tests/"));
  });
});
