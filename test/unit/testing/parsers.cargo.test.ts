/**
 * cargo test output, captured from real runs of cargo 1.95 (fixtures `cargo-*.txt`): a library with unit tests in
 * `src/lib.rs`, integration tests in `tests/sizes.rs` and doc tests, run with `cargo test --no-fail-fast`.
 */
import assert from "node:assert/strict";
import { parseTestOutput, sniffFramework } from "../../../agent-core/testing/parsers";
import { runnerFor } from "../../../agent-core/testing/runners";
import type { TestCaseResult, TestReport } from "../../../agent-core/testing/types";
import { fixture } from "./helpers";

const failure = (r: TestReport, id: string): TestCaseResult => {
  const found = r.failures.find((f) => f.id === id);
  assert.ok(found, `no failure ${id} in ${r.failures.map((f) => f.id).join(", ")}`);
  return found;
};

/** What both the plain and the RUST_BACKTRACE=1 runs of the failing crate must give. */
function checkFailures(r: TestReport): void {
  assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed], [3, 9, 1, false]);
  assert.deepEqual(r.failures.map((f) => f.id).sort(), [
    "explicit_panic",
    "multi_line_values",
    "perimeter_adds_sides",
    "rejects_missing_separator",
    "src/lib.rs - perimeter (line 14)",
    "tests::area_differs",
    "tests::area_overflows",
    "tests::parsing::parses_sizes",
    "tests::parsing::reports_bad_width",
  ]);
  const eq = failure(r, "perimeter_adds_sides");
  assert.deepEqual(
    [eq.message, eq.actual, eq.expected, eq.location],
    ["assertion `left == right` failed", "4", "6", "tests/sizes.rs:5"],
  );
  const vec = failure(r, "multi_line_values");
  assert.deepEqual([vec.actual, vec.expected], ['["a", "c"]', '["a", "b"]']);
  const ne = failure(r, "tests::area_differs");
  assert.equal(ne.message, "assertion `left != right` failed: a 2x2 square\n  left: 4\n right: 4");
  assert.equal(ne.expected, undefined, "assert_ne! has no expected value");
  const bounds = failure(r, "tests::parsing::parses_sizes");
  assert.deepEqual(
    [bounds.message, bounds.location],
    ["index out of bounds: the len is 1 but the index is 1", "src/lib.rs:26"],
    "the panic inside the library code, where the bug is",
  );
  assert.equal(
    failure(r, "tests::parsing::reports_bad_width").message,
    "unexpected error: bad width: invalid digit found in string",
  );
  assert.equal(failure(r, "explicit_panic").message, "need two sizes, got 1");
  const noPanic = failure(r, "tests::area_overflows");
  assert.deepEqual(
    [noPanic.message, noPanic.location],
    ["test did not panic as expected (#[should_panic])", "src/lib.rs:40"],
  );
  assert.equal(failure(r, "rejects_missing_separator").message, 'Error: "no \'x\' in \\"45\\""');
  const doc = failure(r, "src/lib.rs - perimeter (line 14)");
  assert.deepEqual([doc.actual, doc.expected, doc.location], ["7", "10", "src/lib.rs:14"]);
  assert.deepEqual(
    r.tests.filter((t) => t.status === "skipped").map((t) => t.id),
    ["huge_sizes"],
  );
}

describe("cargo test output parsing (captured from real runs)", () => {
  it("reads a passing run of unit, integration and doc tests", async () => {
    const r = parseTestOutput("cargo", await fixture("cargo-passing"), 0);
    assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed, r.failures.length], [7, 0, 1, false, 0]);
    assert.ok(r.tests.some((t) => t.id === "tests::parsing::parses_sizes" && t.status === "passed"));
    assert.ok(r.tests.some((t) => t.id === "src/lib.rs - area (line 5)" && t.status === "passed"));
  });

  it("reads failures: assertions with left/right, panics, should_panic, Err results and doc tests", async () => {
    checkFailures(parseTestOutput("cargo", await fixture("cargo-failures"), 101));
  });

  it("reads the same failures with RUST_BACKTRACE=1, locations still in the project's code", async () => {
    const r = parseTestOutput("cargo", await fixture("cargo-failures-backtrace"), 101);
    checkFailures(r);
    assert.doesNotMatch(JSON.stringify(r.failures), /rustc\/|stack backtrace/);
  });

  it("reports compile errors as a crash with file and line", async () => {
    const src = parseTestOutput("cargo", await fixture("cargo-compile-error"), 101);
    assert.equal(src.crashed, true);
    assert.deepEqual(
      src.failures.map((f) => [f.id, f.location]),
      [
        ["(compile error) src/lib.rs:9", "src/lib.rs:9"],
        ["(compile error) src/lib.rs:9", "src/lib.rs:9"],
      ],
    );
    assert.match(src.failures[0].message ?? "", /^error\[E0308\]: mismatched types\n --> src\/lib.rs:9:9\n/);
    assert.match(src.failures[0].message ?? "", /expected `u32`, found `u64`/);
    const tests = parseTestOutput("cargo", await fixture("cargo-compile-error-tests"), 101);
    assert.equal(tests.crashed, true);
    assert.deepEqual(
      tests.failures.map((f) => f.location),
      ["tests/sizes.rs:6", "tests/sizes.rs:7"],
    );
    assert.match(tests.failures[1].message ?? "", /^error\[E0425\]: cannot find function `missing_fn`/);
  });

  it("reports a bad Cargo.toml as a crash at its line", async () => {
    const r = parseTestOutput("cargo", await fixture("cargo-manifest-error"), 101);
    assert.equal(r.crashed, true);
    assert.equal(r.failures[0].location, "Cargo.toml:3");
    assert.match(r.failures[0].message ?? "", /expected SemVer version/);
  });

  it("blames the test whose stack overflowed and aborted its binary", async () => {
    const r = parseTestOutput("cargo", await fixture("cargo-stack-overflow"), 101);
    assert.equal(r.crashed, false);
    assert.deepEqual(
      r.failures.map((f) => f.id),
      ["recurses_forever"],
    );
    assert.match(r.failures[0].message ?? "", /stack overflow/);
  });

  it("reads a workspace run: paths from the workspace root, should_panic with the wrong message", async () => {
    const r = parseTestOutput("cargo", await fixture("cargo-workspace"), 101);
    const wrong = failure(r, "tests::rejects_negatives");
    assert.deepEqual(
      [wrong.expected, wrong.actual, wrong.location],
      ['"negative value"', '"negative input: -4"', "geo/src/lib.rs:3"],
    );
    assert.equal(failure(r, "tests::halves").message, "half of 8");
  });

  it("reads a run with no tests, and a filtered run", async () => {
    const none = parseTestOutput("cargo", await fixture("cargo-no-tests"), 0);
    assert.deepEqual([none.passed, none.failed, none.crashed], [0, 0, false]);
    const filtered = parseTestOutput("cargo", await fixture("cargo-filtered"), 101);
    assert.deepEqual(
      filtered.failures.map((f) => f.id),
      ["tests::area_differs", "perimeter_adds_sides"],
    );
  });

  it("names the test still running when a run is killed on its timeout", async () => {
    const cargo = runnerFor("cargo");
    const slow = await fixture("cargo-timeout");
    assert.equal(cargo?.stillRunning?.(`${slow}\n[Test run timed out]`, "/x"), "spins_forever");
    const serial = await fixture("cargo-timeout-one-thread");
    assert.equal(cargo?.stillRunning?.(`${serial}\n[Test run timed out]`, "/x"), "spins_forever");
    assert.equal(cargo?.stillRunning?.(await fixture("cargo-failures"), "/x"), undefined);
  });

  it("orders a binary's tests by name, whatever order its threads finished in; binaries stay in run order", async () => {
    const text = await fixture("cargo-failures");
    const results = text.split("\n").filter((l) => /^test \S+ \.\.\. /.test(l));
    // The same run with each binary's result lines in the opposite order, as another thread schedule prints them.
    const flipped = text.replace(/(^test \S+ \.\.\. .*\n)+/gm, (block) =>
      block.trimEnd().split("\n").reverse().join("\n").concat("\n"),
    );
    assert.notEqual(flipped, text);
    assert.ok(results.length > 4);
    const ids = (output: string) => parseTestOutput("cargo", output, 101).failures.map((f) => f.id);
    assert.deepEqual(ids(flipped), ids(text));
    const units = ids(text).filter((id) => id.startsWith("tests::"));
    assert.deepEqual(units, [...units].sort(), "one binary's tests by name");
    assert.ok(
      ids(text).indexOf("tests::area_differs") < ids(text).indexOf("perimeter_adds_sides"),
      "lib before tests/",
    );
  });

  it("is recognised from its output when the command did not say", async () => {
    for (const name of ["cargo-passing", "cargo-failures", "cargo-timeout"]) {
      assert.equal(sniffFramework(await fixture(name)), "cargo", name);
    }
  });
});
