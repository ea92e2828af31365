import assert from "node:assert/strict";
import { errorExcerpt, failureSignature, parseTestOutput, sniffFramework } from "../../../agent-core/testing/parsers";
import { fixture } from "./helpers";

describe("parseTestOutput fallback", () => {
  it("gives unknown runners one synthetic failure trimmed around error-looking lines", () => {
    const noise = Array.from({ length: 200 }, (_, i) => `compiling unit ${i}`);
    const output = [
      ...noise.slice(0, 100),
      "Traceback (most recent call last):",
      '  File "x.py", line 3',
      "KeyError: 'id'",
      ...noise.slice(100),
    ].join("\n");
    const r = parseTestOutput("unknown", output, 2);
    assert.equal(r.failures.length, 1);
    assert.equal(r.failed, 1);
    const message = r.failures[0].message ?? "";
    assert.match(message, /^The test command exited with code 2:/);
    assert.match(message, /Traceback[\s\S]*KeyError: 'id'/);
    assert.ok(message.split("\n").length <= 62, `${message.split("\n").length} lines`);
    assert.ok(!message.includes("compiling unit 150"));
  });

  it("keeps the last lines when nothing looks like an error, and everything when short", () => {
    const long = Array.from({ length: 500 }, (_, i) => `line ${i}`).join("\n");
    const excerpt = errorExcerpt(long);
    assert.ok(excerpt.split("\n").length <= 60);
    assert.match(excerpt, /line 499$/);
    assert.equal(errorExcerpt("a\nb\n"), "a\nb");
  });

  it("adds nothing for a clean exit, and marks a missing runner as a crash", () => {
    assert.equal(parseTestOutput("unknown", "all good\n", 0).failures.length, 0);
    const missing = parseTestOutput("jest", "sh: 1: jest: not found\n", 127);
    assert.equal(missing.crashed, true);
    assert.match(missing.failures[0].message ?? "", /jest: not found/);
    const killed = parseTestOutput("node", "", null);
    assert.match(killed.failures[0].message ?? "", /did not finish and printed nothing/);
  });

  it("recognises the runner from output when the framework is unknown", async () => {
    assert.equal(sniffFramework(await fixture("node-tap-failures")), "node");
    assert.equal(sniffFramework(await fixture("node22-spec-failures")), "node");
    assert.equal(sniffFramework(await fixture("jest-failures")), "jest");
    assert.equal(sniffFramework(await fixture("vitest-failures")), "vitest");
    assert.equal(sniffFramework(await fixture("mocha-failures")), "mocha");
    assert.equal(sniffFramework(await fixture("pytest-q-failures")), "pytest");
    const r = parseTestOutput("unknown", await fixture("pytest-rA-failures"), 1);
    assert.equal(r.failures.length, 5);
  });

  it("uses the runner's totals when the middle of the output was dropped", async () => {
    const full = await fixture("node-tap-failures");
    const lines = full.split("\n");
    const cut = [...lines.slice(0, 20), "[… 123456 bytes omitted …]", ...lines.slice(-12)].join("\n");
    const r = parseTestOutput("node", cut, 1);
    assert.deepEqual([r.passed, r.failed, r.skipped], [2, 4, 1]);
  });
});

describe("failureSignature", () => {
  const base = { id: "math > adds", status: "failed" as const };

  it("is equal for the same failure at another line, path, number or duration", () => {
    const a = failureSignature({
      ...base,
      message: "AssertionError: expected 4 to be 3 at /home/a/src/x.ts:10:5 (12ms)",
    });
    const b = failureSignature({
      ...base,
      message: "AssertionError: expected 5 to be 3 at /tmp/b/src/x.ts:99:1 (340ms)",
    });
    assert.equal(a, b);
    assert.match(a, /^math > adds \| AssertionError \| /);
  });

  it("differs for another test, another error type or another message", () => {
    const a = failureSignature({ ...base, message: "TypeError: x is not a function" });
    assert.notEqual(
      a,
      failureSignature({ ...base, id: "math > subtracts", message: "TypeError: x is not a function" }),
    );
    assert.notEqual(a, failureSignature({ ...base, message: "ReferenceError: x is not defined" }));
    assert.notEqual(a, failureSignature({ ...base, message: "TypeError: y.map is not a function" }));
  });

  it("names pytest's bare assert as an AssertionError and ignores diff lines", () => {
    const s = failureSignature({
      id: "t.py::test_a",
      status: "failed",
      message: "assert 4 == 3\n +  where 4 = f()\nmore\ndiff",
    });
    assert.match(s, /\| AssertionError \| assert <n> == <n> \+ where <n> = f\(\)$/);
  });

  it("matches the same real failures printed by two Node versions and reporters", async () => {
    const tap = parseTestOutput("node", await fixture("node-tap-failures"), 1);
    const tap22 = parseTestOutput("node", await fixture("node22-tap-failures"), 1);
    assert.deepEqual(tap.failures.map(failureSignature), tap22.failures.map(failureSignature));
    const syntaxA = parseTestOutput("node", await fixture("node-tap-syntax"), 1, { cwd: "/tmp/gl-node-syntax" });
    const syntaxB = parseTestOutput("node", await fixture("node22-spec-syntax"), 1, { cwd: "/tmp/gl-node-syntax" });
    assert.equal(failureSignature(syntaxA.failures[0]), failureSignature(syntaxB.failures[0]));
  });
});
