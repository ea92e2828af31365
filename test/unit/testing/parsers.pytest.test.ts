import assert from "node:assert/strict";
import { parseTestOutput } from "../../../agent-core/testing/parsers";
import type { TestReport } from "../../../agent-core/testing/types";
import { fixture } from "./helpers";

const ID = "tests/test_calc.py::";
const byId = (r: TestReport, id: string) => {
  const t = r.failures.find((x) => x.id === id);
  assert.ok(t, `no failure ${id} in ${r.failures.map((x) => x.id).join(", ")}`);
  return t;
};

function checkFailures(r: TestReport): void {
  assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed], [2, 5, 1, false]);
  assert.deepEqual(
    r.failures.map((f) => f.id),
    [`${ID}test_sub`, `${ID}test_items`, `${ID}test_boom`, `${ID}test_message`, `${ID}TestGroup::test_in_class`],
  );
  const sub = byId(r, `${ID}test_sub`);
  assert.equal(sub.message, "AssertionError: assert 4 == 3\n +  where 4 = sub(5, 2)");
  assert.deepEqual([sub.expected, sub.actual, sub.location], ["3", "4", "tests/test_calc.py:8"]);
  const items = byId(r, `${ID}test_items`);
  assert.deepEqual([items.expected, items.actual], ["[1, 2, 4]", "[1, 2, 3]"]);
  assert.match(items.message ?? "", /At index 2 diff: 3 != 4/);
  const boom = byId(r, `${ID}test_boom`);
  assert.deepEqual(
    [boom.message, boom.location],
    ["ValueError: widget missing: id 42", "calc.py:11"],
    "where it was raised",
  );
  const custom = byId(r, `${ID}test_message`);
  assert.match(custom.message ?? "", /^AssertionError: two plus two should be five\nassert 4 == 5/);
  assert.deepEqual([custom.expected, custom.actual], ["5", "4"]);
  const cls = byId(r, `${ID}TestGroup::test_in_class`);
  assert.deepEqual(
    [cls.expected, cls.actual, cls.location],
    ["'hello there'", "'hello world'", "tests/test_calc.py:25"],
  );
}

describe("pytest output parsing (captured from real runs)", () => {
  it("reads -q -rA output of pytest 9 with passing ids from the summary", async () => {
    const r = parseTestOutput("pytest", await fixture("pytest-rA-failures"), 1);
    checkFailures(r);
    assert.deepEqual(
      r.tests.filter((t) => t.status === "passed").map((t) => t.id),
      [`${ID}test_add`, `${ID}TestGroup::test_ok`],
    );
  });

  it("reads pytest 7 -q -rA output", async () => {
    const r = parseTestOutput("pytest", await fixture("pytest7-rA-failures"), 1);
    checkFailures(r);
    assert.match(byId(r, `${ID}test_items`).message ?? "", /- \[1, 2, 4\]/);
  });

  it("reads plain -q output and the default (verbose header) output", async () => {
    checkFailures(parseTestOutput("pytest", await fixture("pytest-q-failures"), 1));
    checkFailures(parseTestOutput("pytest", await fixture("pytest-default-failures"), 1));
  });

  it("reports collection errors (import error, syntax error) as a crash with file:line", async () => {
    const r = parseTestOutput("pytest", await fixture("pytest-collection-errors"), 2);
    assert.equal(r.crashed, true);
    assert.equal(r.failed, 2);
    assert.deepEqual(
      r.failures.map((f) => f.id),
      ["tests/test_a.py", "tests/test_b.py"],
    );
    assert.equal(r.failures[0].message, "ModuleNotFoundError: No module named 'nowhere'");
    assert.equal(r.failures[0].location, "tests/test_a.py:1");
    assert.match(r.failures[1].message ?? "", /^SyntaxError: invalid syntax\n.*line 2\n\s+x = = 1/);
    assert.equal(r.failures[1].location, "/tmp/gl-py-err/tests/test_b.py:2");
  });

  it("turns 'no tests ran' with a non-zero exit into one synthetic failure, not a crash", async () => {
    const r = parseTestOutput("pytest", await fixture("pytest-no-tests"), 5);
    assert.equal(r.crashed, false);
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0].id, "(test run)");
    assert.match(r.failures[0].message ?? "", /exited with code 5:\n\nno tests ran/);
  });
});
