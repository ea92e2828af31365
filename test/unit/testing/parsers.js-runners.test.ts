import assert from "node:assert/strict";
import { parseTestOutput } from "../../../agent-core/testing/parsers";
import type { TestReport } from "../../../agent-core/testing/types";
import { fixture } from "./helpers";

const byId = (r: TestReport, id: string) => {
  const t = r.tests.find((x) => x.id === id) ?? r.failures.find((x) => x.id === id);
  assert.ok(t, `no test ${id} in ${r.tests.map((x) => x.id).join(", ")}`);
  return t;
};

describe("mocha output parsing (captured from real runs)", () => {
  it("reads the spec reporter: ids with suites, counts, messages, expected/actual, locations", async () => {
    const r = parseTestOutput("mocha", await fixture("mocha-failures"), 4);
    assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed], [2, 4, 1, false]);
    assert.deepEqual(
      r.tests.map((t) => `${t.status} ${t.id}`),
      [
        "passed top level ok",
        "passed math > adds numbers",
        "failed math > subtracts numbers",
        "failed math > lists values",
        "failed math > throws nothing",
        "skipped math > skipped one",
        "failed math > nested > compares strings",
      ],
    );
    const sub = byId(r, "math > subtracts numbers");
    assert.equal(sub.message, "AssertionError: Expected values to be strictly equal:\n\n4 !== 3");
    assert.deepEqual([sub.expected, sub.actual, sub.location], ["3", "4", "test/math.test.js:9"]);
    const list = byId(r, "math > lists values");
    assert.equal(list.expected, "[\n  1,\n  2,\n  4\n]");
    assert.equal(list.actual, "[\n  1,\n  2,\n  3\n]");
    assert.deepEqual(
      [byId(r, "math > throws nothing").message, byId(r, "math > throws nothing").location],
      ["TypeError: cannot read widget of undefined", "math.js:4"],
    );
    const str = byId(r, "math > nested > compares strings");
    assert.deepEqual(
      [str.expected, str.actual, str.location],
      ["'hello there'", "'hello world'", "test/math.test.js:20"],
    );
  });

  it("reports a syntax error and a missing module at load time as crashes", async () => {
    const syntax = parseTestOutput("mocha", await fixture("mocha-syntax"), 1);
    assert.equal(syntax.crashed, true);
    assert.equal(syntax.failures.length, 1);
    assert.match(syntax.failures[0].message ?? "", /^SyntaxError: Unexpected token ';'\n {2}const y = ;/);
    assert.equal(syntax.failures[0].location, "/tmp/gl-mocha-syn/test/b.test.js:2");

    const missing = parseTestOutput("mocha", await fixture("mocha-missing-module"), 1);
    assert.equal(missing.crashed, true);
    assert.match(missing.failures[0].message ?? "", /^Error: Cannot find module '\.\.\/missing'/);
    assert.equal(missing.failures[0].location, "/tmp/gl-mocha-mod/test/a.test.js:1");
  });
});

describe("jest output parsing (captured from real runs)", () => {
  function checkFailures(r: TestReport): void {
    const sub = byId(r, "math > subtracts numbers");
    assert.equal(sub.message, "expect(received).toBe(expected) // Object.is equality\n\nExpected: 3\nReceived: 4");
    assert.deepEqual([sub.expected, sub.actual, sub.location], ["3", "4", "math.test.js:9"]);
    const list = byId(r, "math > lists values");
    assert.equal(list.expected, "Array [\n  1,\n  2,\n  4,\n]");
    assert.equal(list.actual, "Array [\n  1,\n  2,\n  3,\n]");
    assert.deepEqual(
      [byId(r, "math > throws nothing").message, byId(r, "math > throws nothing").location],
      ["TypeError: cannot read widget of undefined", "math.js:4"],
    );
    const nodeAssert = byId(r, "math > nested > node assert inside jest");
    assert.deepEqual([nodeAssert.expected, nodeAssert.actual, nodeAssert.location], ["5", "4", "math.test.js:20"]);
    const str = byId(r, "top level fails");
    assert.deepEqual([str.expected, str.actual], ['"hello there"', '"hello world"']);
  }

  it("reads failure blocks and totals from a multi-file run", async () => {
    const r = parseTestOutput("jest", await fixture("jest-failures"), 1);
    assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed], [3, 5, 1, false]);
    assert.equal(r.failures.length, 5);
    checkFailures(r);
  });

  it("reads the verbose tree of a single-file run, passes and skips included", async () => {
    const r = parseTestOutput("jest", await fixture("jest-verbose-failures"), 1);
    assert.deepEqual([r.passed, r.failed, r.skipped], [2, 5, 1]);
    assert.deepEqual(
      r.tests.map((t) => `${t.status} ${t.id}`),
      [
        "passed top level ok",
        "failed top level fails",
        "passed math > adds numbers",
        "failed math > subtracts numbers",
        "failed math > lists values",
        "failed math > throws nothing",
        "skipped math > skipped one",
        "failed math > nested > node assert inside jest",
      ],
    );
    checkFailures(r);
  });

  it("reads --verbose output of a multi-file run (what detection asks for)", async () => {
    const r = parseTestOutput("jest", await fixture("jest-verbose-multi"), 1);
    assert.deepEqual([r.passed, r.failed, r.skipped], [3, 5, 1]);
    assert.equal(r.tests.length, 9);
    assert.equal(byId(r, "other passes").status, "passed");
    assert.equal(byId(r, "math > adds numbers").status, "passed");
    checkFailures(r);
  });

  it("reports suites that failed to run (missing module, syntax error) as crashes", async () => {
    const r = parseTestOutput("jest", await fixture("jest-crash"), 1);
    assert.equal(r.crashed, true);
    assert.deepEqual(
      r.failures.map((f) => f.id),
      ["b.test.js", "a.test.js"],
    );
    assert.equal(r.failures[0].message, "SyntaxError: /tmp/gl-runners/jestsyn/b.test.js: Unexpected token (2:12)");
    assert.equal(r.failures[0].location, "/tmp/gl-runners/jestsyn/b.test.js:2");
    assert.equal(r.failures[1].message, "Cannot find module './missing-module' from 'a.test.js'");
    assert.equal(r.failures[1].location, "a.test.js:1");
  });
});

describe("vitest output parsing (captured from real runs)", () => {
  it("reads the tree, failure blocks, totals, expected/actual and locations", async () => {
    const r = parseTestOutput("vitest", await fixture("vitest-failures"), 1);
    assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed], [3, 5, 1, false]);
    assert.deepEqual(
      r.failures.map((f) => f.id),
      [
        "math > subtracts numbers",
        "math > lists values",
        "math > throws nothing",
        "math > nested > node assert inside vitest",
        "top level fails",
      ],
    );
    const sub = byId(r, "math > subtracts numbers");
    assert.match(sub.message ?? "", /^AssertionError: expected 4 to be 3 \/\/ Object.is equality/);
    assert.deepEqual([sub.expected, sub.actual, sub.location], ["3", "4", "math.test.js:10"]);
    const list = byId(r, "math > lists values");
    assert.deepEqual([list.expected, list.actual], ["[ 1, 2, 4 ]", "[ 1, 2, 3 ]"]);
    const boom = byId(r, "math > throws nothing");
    assert.deepEqual([boom.message, boom.location], ["TypeError: cannot read widget of undefined", "math.js:4"]);
    const nodeAssert = byId(r, "math > nested > node assert inside vitest");
    assert.deepEqual([nodeAssert.expected, nodeAssert.actual, nodeAssert.location], ["5", "4", "math.test.js:21"]);
    assert.equal(byId(r, "math > adds numbers").status, "passed");
    assert.equal(byId(r, "math > skipped one").status, "skipped");
  });

  const FAILING = [
    "math > subtracts numbers",
    "math > lists values",
    "math > throws nothing",
    "math > nested > node assert inside vitest",
    "top level fails",
  ];

  for (const name of ["vitest-verbose-failures", "vitest4-verbose-failures"]) {
    it(`reads the verbose reporter (what detection asks for) in ${name}`, async () => {
      const r = parseTestOutput("vitest", await fixture(name), 1);
      assert.deepEqual([r.passed, r.failed, r.skipped], [3, 5, 1]);
      assert.deepEqual(
        r.tests.map((t) => `${t.status} ${t.id}`),
        [
          "passed math > adds numbers",
          "failed math > subtracts numbers",
          "failed math > lists values",
          "failed math > throws nothing",
          "skipped math > skipped one",
          "failed math > nested > node assert inside vitest",
          "passed top level ok",
          "failed top level fails",
          "passed other passes",
        ],
      );
      assert.deepEqual(
        r.failures.map((f) => f.id),
        FAILING,
      );
      assert.deepEqual(
        [byId(r, "math > subtracts numbers").expected, byId(r, "math > subtracts numbers").location],
        ["3", "math.test.js:10"],
      );
    });
  }

  it("gives vitest 4's default tree (suite names left out) full ids for failures", async () => {
    const r = parseTestOutput("vitest", await fixture("vitest4-failures"), 1);
    assert.deepEqual([r.passed, r.failed, r.skipped], [3, 5, 1]);
    assert.deepEqual(
      r.failures.map((f) => f.id),
      FAILING,
    );
    assert.equal(r.tests.length, 8, "no duplicates between tree lines and failure blocks");
    assert.deepEqual(
      [byId(r, "math > lists values").expected, byId(r, "math > lists values").actual],
      ["[ 1, 2, 4 ]", "[ 1, 2, 3 ]"],
    );
  });

  it("reports files that failed to load as crashes with the file position", async () => {
    const r = parseTestOutput("vitest", await fixture("vitest-crash"), 1);
    assert.equal(r.crashed, true);
    assert.equal(r.passed, 1);
    assert.deepEqual(
      r.failures.map((f) => f.id),
      ["a.test.js", "b.test.js"],
    );
    assert.match(r.failures[0].message ?? "", /^Error: Cannot find module '\.\/missing-module\.js'/);
    assert.equal(r.failures[0].location, "a.test.js:2");
    assert.equal(r.failures[1].message, "RollupError: Parse failure: Expression expected");
    assert.equal(r.failures[1].location, "/tmp/gl-runners/vitestsyn/b.test.js:3");
  });
});
