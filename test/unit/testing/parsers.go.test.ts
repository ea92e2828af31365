/**
 * `go test -json` output, captured from Go 1.19 (Debian's golang-go) on a small module `example.com/shop`
 * (packages mathx, strs and empty) in /tmp/gocap/<case>: passing, failing, panicking, not compiling, timing out
 * (`-timeout 3s`) and killed while a test spun; and plain `go test` output (go-text-*) of the same cases.
 */
import assert from "node:assert/strict";
import { describeHangs } from "../../../agent-core/loop/hangs";
import { filterCommand, filterFiles } from "../../../agent-core/testing/filter";
import { parseTestOutput, sniffFramework } from "../../../agent-core/testing/parsers";
import { goExpectedActual } from "../../../agent-core/testing/parsers/goMessages";
import { fullPathFlag, goCacheEnv, goRunner } from "../../../agent-core/testing/runners/go";
import type { TestCommand, TestReport } from "../../../agent-core/testing/types";
import { fixture } from "./helpers";

const SHOP = "/tmp/gocap/shop";
const MATHX = "example.com/shop/mathx > ";
const STRS = "example.com/shop/strs > ";

async function parse(name: string, exitCode: number | null, cwd = SHOP): Promise<TestReport> {
  return parseTestOutput("go", await fixture(name), exitCode, { cwd });
}

const failure = (r: TestReport, id: string) => {
  const found = r.failures.find((f) => f.id === id);
  assert.ok(found, `no failure ${id} in ${r.failures.map((f) => f.id).join(", ")}`);
  return found;
};

describe("go test -json parser", () => {
  it("reads a passing run: leaf tests and subtests counted, a package without tests ignored", async () => {
    const r = await parse("go-pass", 0);
    assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed, r.failures.length], [7, 0, 1, false, 0]);
    assert.ok(r.tests.some((t) => t.id === `${MATHX}TestClamp/above` && t.status === "passed"));
    assert.ok(!r.tests.some((t) => t.id === `${MATHX}TestClamp`), "a parent of subtests is not a test of its own");
  });

  it("reads failures: message, location, expected and actual in Go's idioms, subtests by name", async () => {
    const r = await parse("go-failures", 1);
    assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed], [3, 5, 1, false]);
    assert.deepEqual(
      r.failures.map((f) => f.id),
      [
        `${MATHX}TestAdd`,
        `${MATHX}TestDiv`,
        `${MATHX}TestClamp/above`,
        `${STRS}TestLines`,
        `${STRS}ExampleShout_output`,
      ],
    );
    const add = failure(r, `${MATHX}TestAdd`);
    assert.deepEqual(
      [add.message, add.location, add.expected, add.actual],
      ["mathx_test.go:7: Add(2, 3) = -1, want 5", "mathx_test.go:7", "5", "-1"],
    );
    const clamp = failure(r, `${MATHX}TestClamp/above`);
    assert.deepEqual([clamp.expected, clamp.actual], ["10", "11"]);
    const lines = failure(r, `${STRS}TestLines`);
    assert.deepEqual([lines.expected, lines.actual], ["[a c]", "[a b]"]);
    assert.match(lines.message ?? "", /^strs_test\.go:22: lines differ:\n {5}got: \[a b\]\n {4}want: \[a c\]/);
    const example = failure(r, `${STRS}ExampleShout_output`);
    assert.deepEqual([example.expected, example.actual], ["a!", "A!"]);
  });

  it("reads a panic: the panic line, the project's own frames, the innermost as location", async () => {
    const r = await parse("go-panic", 1, "/tmp/gocap/panic");
    assert.deepEqual([r.passed, r.failed], [0, 2]);
    const div = failure(r, `${MATHX}TestDiv`);
    assert.equal(
      div.message,
      "panic: runtime error: integer divide by zero\n  at mathx.Div (mathx.go:7)\n  at mathx.TestDiv (mathx_test.go:12)",
    );
    assert.equal(div.location, "mathx/mathx.go:7", "Go's own frames (testing, runtime) are skipped");
  });

  for (const [name, pkg, location, text] of [
    ["go-build-error", "example.com/shop/mathx", "mathx/mathx.go:4", "mathx/mathx.go:4:37: undefined: c"],
    ["go-test-build-error", "example.com/shop/mathx", "mathx/mathx_test.go:6", "undefined: Sum"],
    ["go-syntax-error", "example.com/shop/strs", "strs/strs.go:8", "syntax error: unexpected EOF, expecting }"],
    ["go-vet", "example.com/shop/strs", "strs/strs_test.go:10", "Errorf format %d has arg got of wrong type string"],
  ]) {
    it(`reads code that does not compile as a crash with file and line (${name})`, async () => {
      const r = await parse(name, 2);
      assert.equal(r.crashed, true);
      const broken = failure(r, pkg);
      assert.equal(broken.location, location);
      assert.match(broken.message ?? "", new RegExp(`^${pkg.replace(/\./g, "\\.")} does not build:\n`));
      assert.ok(broken.message?.includes(text), broken.message);
    });
  }

  it("keeps the tests of the packages that did build", async () => {
    const r = await parse("go-build-error", 2);
    assert.deepEqual([r.passed, r.failed], [2, 1]);
    assert.ok(r.tests.every((t) => t.id.startsWith(STRS)));
  });

  it("reads the go command's own errors (a missing module, no module at all) as crashes", async () => {
    const missing = await parse("go-missing-module", 1);
    assert.equal(missing.crashed, true);
    assert.deepEqual([missing.failures[0].id, missing.failures[0].location], ["(go)", "strs/strs.go:6"]);
    assert.match(missing.failures[0].message ?? "", /no required module provides package github\.com\/acme\/textutil/);
    const none = await parse("go-no-module", 1);
    assert.equal(none.crashed, true);
    assert.match(none.failures[0].message ?? "", /does not contain main module/);
  });

  it("names a test stopped by the project's -timeout, and the hang message names it", async () => {
    const r = await parse("go-timeout", 1, "/tmp/gocap/hang");
    const spin = failure(r, `${MATHX}TestSpin`);
    assert.match(spin.message ?? "", /^panic: test timed out after 3s\n {2}at mathx\.spin \(loop_test\.go:7\)/);
    assert.equal(spin.location, "mathx/loop_test.go:7");
    assert.deepEqual(describeHangs(r, []), [
      `"${MATHX}TestSpin" did not finish within 3 s: stopped by the per-test timeout (an infinite loop?)`,
    ]);
  });

  it("names the test a killed run was still in", async () => {
    const text = await fixture("go-killed");
    assert.equal(goRunner.stillRunning?.(text, "/tmp/gocap/hang"), "TestSpin in example.com/shop/mathx");
    const r = parseTestOutput("go", text, null, { cwd: "/tmp/gocap/hang" });
    assert.match(failure(r, `${MATHX}TestSpin`).message ?? "", /did not finish: the run was stopped/);
    assert.equal(goRunner.stillRunning?.(await fixture("go-failures"), SHOP), undefined);
  });

  it("with Go 1.21's -fullpath: the location is the file below the module root, the message keeps the base name", async () => {
    // The capture's log lines as -fullpath prints them (this machine's Go 1.19 has no such flag).
    const full = (await fixture("go-failures")).replace(/"Output":"( {4})(\w+_test\.go:)/g, (_, pad, file) => {
      const pkg = file.startsWith("mathx") ? "mathx" : "strs";
      return `"Output":"${pad}${SHOP}/${pkg}/${file}`;
    });
    assert.notEqual(full, await fixture("go-failures"));
    const r = parseTestOutput("go", full, 1, { cwd: SHOP });
    const add = failure(r, `${MATHX}TestAdd`);
    assert.deepEqual(
      [add.message, add.location, add.expected, add.actual],
      ["mathx_test.go:7: Add(2, 3) = -1, want 5", "mathx/mathx_test.go:7", "5", "-1"],
    );
    assert.match(failure(r, `${STRS}TestLines`).message ?? "", /^strs_test\.go:22: lines differ:/);
  });

  it("asks for -fullpath from Go 1.21 on, never from an older go command", () => {
    assert.deepEqual(fullPathFlag("go version go1.19.8 linux/amd64"), []);
    assert.deepEqual(fullPathFlag("go version go1.20 darwin/arm64"), []);
    assert.deepEqual(fullPathFlag("go version go1.21.0 linux/amd64"), ["-fullpath"]);
    assert.deepEqual(fullPathFlag("go version go1.23.4 windows/amd64"), ["-fullpath"]);
    assert.deepEqual(fullPathFlag(""), []);
  });

  it("recognises the stream from its output and the runner from its command", async () => {
    assert.equal(sniffFramework(await fixture("go-failures")), "go");
    assert.equal(sniffFramework(await fixture("pytest-q-failures")), "pytest");
    assert.ok(goRunner.sniffCommand("go test ./..."));
    assert.ok(goRunner.sniffCommand("/usr/lib/go-1.19/bin/go test -json ./..."));
    assert.ok(!goRunner.sniffCommand("cargo test"));
  });

  it("reads Go's other expected/actual idioms", () => {
    assert.deepEqual(goExpectedActual("got 4, want 5"), { actual: "4", expected: "5" });
    assert.deepEqual(goExpectedActual("x_test.go:3: expected 5, got 4"), { expected: "5", actual: "4" });
    assert.deepEqual(goExpectedActual("Not equal:\n expected: 5\n actual  : 4"), { expected: "5", actual: "4" });
    assert.deepEqual(goExpectedActual("nothing to compare"), {});
  });
});

describe("go test commands", () => {
  const cmd: TestCommand = { argv: ["go", "test", "-json", "./..."], cwd: "/p", framework: "go" };

  it("narrows to the failing tests' top-level names, in their packages", () => {
    const narrowed = filterCommand(cmd, [`${MATHX}TestClamp/above`, `${MATHX}TestAdd`, `${STRS}TestLines`]);
    assert.deepEqual(narrowed?.argv, [
      "go",
      "test",
      "-json",
      "-run=^(?:TestClamp|TestAdd|TestLines)$",
      "example.com/shop/mathx",
      "example.com/shop/strs",
    ]);
  });

  it("appends -run to any other go test command, and does not narrow a package that did not build", () => {
    const own: TestCommand = { ...cmd, argv: ["go", "test", "-json", "-count=1", "./pkg/..."] };
    assert.deepEqual(filterCommand(own, [`${MATHX}TestAdd`])?.argv, [...own.argv, "-run=^(?:TestAdd)$"]);
    assert.equal(filterCommand(cmd, ["example.com/shop/mathx"]), undefined);
    assert.equal(filterCommand(cmd, ["(go)"]), undefined);
  });

  it("runs a test file's package for its own tests", () => {
    assert.deepEqual(filterFiles(cmd, ["mathx/mathx_test.go", "mathx/more_test.go", "calc_test.go"])?.argv, [
      "go",
      "test",
      "-json",
      "./mathx",
      ".",
    ]);
  });

  it("gives the go command a build cache when no home folder is set", () => {
    assert.deepEqual(goCacheEnv({ HOME: "/root" }), {});
    assert.deepEqual(goCacheEnv({ GOCACHE: "/c" }), {});
    assert.match(goCacheEnv({}).GOCACHE ?? "", /greenloop-go-build$/);
  });
});

describe("plain go test output (a command typed without -json)", () => {
  it("reads the same failures as the event stream, packages from the lines after their tests", async () => {
    const text = await parse("go-text-failures", 1);
    const json = await parse("go-failures", 1);
    assert.equal(sniffFramework(await fixture("go-text-failures")), "go");
    assert.deepEqual(
      text.failures,
      json.failures.map(({ durationMs: _, ...f }) => f),
    );
    assert.equal(text.crashed, false);
  });

  it("reads -v output with a panic, and a compile error as a crash", async () => {
    const verbose = await parse("go-text-verbose-panic", 1, "/tmp/gocap/panic");
    const div = failure(verbose, `${MATHX}TestDiv`);
    assert.deepEqual(
      [div.location, div.message?.split("\n")[0]],
      ["mathx/mathx.go:7", "panic: runtime error: integer divide by zero"],
    );
    const build = await parse("go-text-build-error", 2);
    assert.deepEqual(
      [build.crashed, build.failures.map((f) => [f.id, f.location])],
      [true, [["example.com/shop/mathx", "mathx/mathx.go:4"]]],
    );
  });
});

describe("go test -json from Go 1.24 on (compile errors as build-output events)", () => {
  // The shape Go 1.24's `go help test` and test2json document; this machine's Go (1.19) prints them as plain text.
  const stream = [
    '{"ImportPath":"example.com/shop/mathx [example.com/shop/mathx.test]","Action":"build-output","Output":"# example.com/shop/mathx [example.com/shop/mathx.test]\\n"}',
    '{"ImportPath":"example.com/shop/mathx [example.com/shop/mathx.test]","Action":"build-output","Output":"mathx/mathx.go:4:37: undefined: c\\n"}',
    '{"ImportPath":"example.com/shop/mathx [example.com/shop/mathx.test]","Action":"build-fail"}',
    '{"Time":"2026-01-01T00:00:00Z","Action":"start","Package":"example.com/shop/mathx"}',
    '{"Time":"2026-01-01T00:00:00Z","Action":"output","Package":"example.com/shop/mathx","Output":"FAIL\\texample.com/shop/mathx [build failed]\\n"}',
    '{"Time":"2026-01-01T00:00:00Z","Action":"fail","Package":"example.com/shop/mathx","Elapsed":0,"FailedBuild":"example.com/shop/mathx [example.com/shop/mathx.test]"}',
  ].join("\n");

  it("reads them as a crash with file and line, once per package", () => {
    assert.equal(sniffFramework(stream), "go");
    const r = parseTestOutput("go", stream, 1);
    assert.equal(r.crashed, true);
    assert.deepEqual(
      r.failures.map((f) => [f.id, f.location, f.message]),
      [
        [
          "example.com/shop/mathx",
          "mathx/mathx.go:4",
          "example.com/shop/mathx does not build:\nmathx/mathx.go:4:37: undefined: c",
        ],
      ],
    );
  });
});
