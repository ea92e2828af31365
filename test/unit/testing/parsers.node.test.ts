import assert from "node:assert/strict";
import { parseTestOutput } from "../../../agent-core/testing/parsers";
import type { TestReport } from "../../../agent-core/testing/types";
import { fixture } from "./helpers";

const byId = (r: TestReport, id: string) => {
  const t = r.tests.find((x) => x.id === id) ?? r.failures.find((x) => x.id === id);
  assert.ok(t, `no test ${id} in ${r.tests.map((x) => x.id).join(", ")}`);
  return t;
};

/** The same project (4 failures of different kinds, 2 passes, 1 skip) under each node reporter. */
function checkMathProject(r: TestReport): void {
  assert.equal(r.framework, "node");
  assert.deepEqual([r.passed, r.failed, r.skipped], [2, 4, 1]);
  assert.equal(r.crashed, false);
  assert.deepEqual(
    r.tests.map((t) => `${t.status} ${t.id}`),
    [
      "passed math > adds numbers",
      "failed math > subtracts numbers",
      "failed math > lists values",
      "failed math > throws nothing",
      "skipped math > skipped one",
      "passed top level ok",
      "failed top level fails",
    ],
  );
  const sub = byId(r, "math > subtracts numbers");
  assert.match(sub.message ?? "", /^AssertionError: Expected values to be strictly equal:\n\n4 !== 3$/);
  assert.equal(sub.expected, "3");
  assert.equal(sub.actual, "4");
  assert.equal(sub.location, "/tmp/gl-node/test/math.test.js:11");

  const list = byId(r, "math > lists values");
  assert.match(list.message ?? "", /strictly deep-equal/);
  assert.match(list.message ?? "", /\+ {3}3\n- {3}4/);
  assert.match(list.expected ?? "", /^\[ ?1, 2, 4 ?\]$/);
  assert.match(list.actual ?? "", /^\[ ?1, 2, 3 ?\]$/);

  const boom = byId(r, "math > throws nothing");
  assert.equal(boom.message, "TypeError: cannot read widget of undefined");
  assert.equal(boom.location, "/tmp/gl-node/math.js:4", "where it was thrown, not node internals");

  const str = byId(r, "top level fails");
  assert.equal(str.expected, "'hello there'");
  assert.equal(str.actual, "'hello world'");
  assert.equal(str.location, "/tmp/gl-node/test/math.test.js:26");
  assert.deepEqual(
    r.failures.map((f) => f.id),
    ["math > subtracts numbers", "math > lists values", "math > throws nothing", "top level fails"],
  );
}

describe("node:test output parsing (captured from real runs)", () => {
  for (const name of ["node-tap-failures", "node22-tap-failures", "node-spec-failures", "node22-spec-failures"]) {
    it(`reads ${name}`, async () => checkMathProject(parseTestOutput("node", await fixture(name), 1)));
  }

  for (const name of ["node-tap-nested", "node-spec-nested", "node22-spec-nested"]) {
    it(`reads nested suites, subtests, todo and a timeout in ${name}`, async () => {
      const r = parseTestOutput("node", await fixture(name), 1);
      assert.deepEqual(
        r.tests.map((t) => `${t.status} ${t.id}`),
        [
          "passed outer > inner > works",
          "skipped outer > inner > later",
          "passed outer > also works",
          "passed parent > child a",
          "failed parent > child b",
          "failed slow",
        ],
      );
      assert.deepEqual([r.passed, r.failed, r.skipped], [3, 2, 1], "parents are not counted as tests");
      const child = byId(r, "parent > child b");
      assert.equal(child.message, "AssertionError: 1 == 2");
      assert.deepEqual([child.expected, child.actual], ["2", "1"]);
      assert.equal(child.location, "/tmp/gl-node-pass/test/p.test.js:13");
      assert.match(byId(r, "slow").message ?? "", /test timed out after 50ms/);
    });
  }

  for (const name of ["node-tap-syntax", "node-spec-syntax", "node22-spec-syntax"]) {
    it(`reports a test file with a syntax error as a crash in ${name}`, async () => {
      const r = parseTestOutput("node", await fixture(name), 1);
      assert.equal(r.crashed, true);
      assert.deepEqual([r.passed, r.failed], [1, 1]);
      assert.equal(r.failures.length, 1);
      const f = r.failures[0];
      assert.match(f.id, /test\/b\.test\.js$/);
      assert.match(f.message ?? "", /^SyntaxError: Unexpected token ';'\n {2}const x = ;\n {12}\^$/);
      assert.equal(f.location, "/tmp/gl-node-syntax/test/b.test.js:3");
    });
  }

  it("shows paths under the project folder relative to it", async () => {
    const r = parseTestOutput("node", await fixture("node-tap-failures"), 1, { cwd: "/tmp/gl-node" });
    assert.equal(byId(r, "math > subtracts numbers").location, "test/math.test.js:11");
    assert.equal(byId(r, "math > throws nothing").location, "math.js:4");
  });
});

describe("test durations (for the Testing view)", () => {
  const duration = (r: TestReport, id: string) => byId(r, id).durationMs;

  it("node:test TAP (duration_ms) and spec (…ms), passed and failed alike", async () => {
    const tap = parseTestOutput("node", await fixture("node-tap-failures"), 1);
    assert.equal(duration(tap, "math > adds numbers"), 1.051869);
    assert.equal(duration(tap, "math > subtracts numbers"), 1.677016);
    const spec = parseTestOutput("node", await fixture("node22-spec-failures"), 1);
    assert.equal(duration(spec, "math > adds numbers"), 0.665517);
    assert.equal(duration(spec, "math > subtracts numbers"), 0.765976);
  });

  it("jest (n ms), vitest (nms) and mocha's slow tests (nms); none when the runner printed none", async () => {
    const jest = parseTestOutput("jest", await fixture("jest-verbose-failures"), 1);
    assert.equal(duration(jest, "math > adds numbers"), 2);
    const vitest = parseTestOutput("vitest", await fixture("vitest4-verbose-failures"), 1);
    assert.equal(duration(vitest, "math > subtracts numbers"), 22);
    const mocha = parseTestOutput(
      "mocha",
      "\n  math\n    ✔ slow one (52ms)\n    ✔ quick one\n\n  2 passing (60ms)\n",
      0,
    );
    assert.equal(duration(mocha, "math > slow one"), 52);
    assert.equal(duration(mocha, "math > quick one"), undefined);
    assert.equal("durationMs" in byId(mocha, "math > quick one"), false, "no undefined keys in reports");
  });
});
