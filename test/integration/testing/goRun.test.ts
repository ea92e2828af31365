/** The real go command: detection, a passing and failing run read by the parser, and a hanging test stopped. */
import assert from "node:assert/strict";
import { readdir, readlink } from "node:fs/promises";
import { detectTestCommand } from "../../../agent-core/testing/detect";
import { filterCommand } from "../../../agent-core/testing/filter";
import { parseTestOutput } from "../../../agent-core/testing/parsers";
import { runProcess } from "../../../agent-core/testing/processRunner";
import { runnerFor } from "../../../agent-core/testing/runners";
import { TempProjects } from "../../unit/testing/helpers";

const MODULE = {
  "go.mod": "module example.com/spin\n\ngo 1.18\n",
  "spin.go": "package spin\n\n// Next counts up.\nfunc Next(n int) int { return n + 2 }\n",
  "spin_test.go": [
    "package spin",
    "",
    'import "testing"',
    "",
    "func TestNext(t *testing.T) {",
    "\tif got := Next(1); got != 2 {",
    '\t\tt.Errorf("Next(1) = %d, want 2", got)',
    "\t}",
    "}",
    "",
    "func TestZero(t *testing.T) {",
    "\tif Next(-2) != 0 {",
    '\t\tt.Error("Next(-2) is not 0")',
    "\t}",
    "}",
    "",
  ].join("\n"),
};

const HANG = [
  "package spin",
  "",
  'import "testing"',
  "",
  "func TestSpin(t *testing.T) {",
  "\tn := 1",
  "\tfor n > 0 {",
  "\t\tn = n%1000 + 1",
  "\t}",
  "}",
  "",
].join("\n");

/** Processes whose working folder is `dir` (the go test binary runs in its package's folder). */
async function processesIn(dir: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await readdir("/proc")).filter((p) => /^\d+$/.test(p))) {
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => "");
    if (cwd === dir) found.push(Number(pid));
  }
  return found;
}

describe("go test -json, run for real", function () {
  this.timeout(180_000);
  const projects = new TempProjects();
  afterEach(() => projects.cleanup());

  it("is detected from go.mod, and its failures are read and narrowed to", async () => {
    const dir = await projects.make(MODULE);
    const cmd = await detectTestCommand(dir);
    assert.deepEqual([cmd.argv, cmd.framework], [["go", "test", "-json", "./..."], "go"]);
    const result = await runProcess(cmd);
    assert.deepEqual([result.exitCode, result.signal], [1, null], result.output);
    const report = parseTestOutput(cmd.framework, result.output, result.exitCode, { cwd: dir });
    assert.deepEqual([report.passed, report.failed, report.crashed], [1, 1, false]);
    assert.deepEqual(
      report.failures.map((f) => [f.id, f.location, f.expected, f.actual]),
      [["example.com/spin > TestNext", "spin_test.go:7", "2", "3"]],
    );
    const narrowed = filterCommand(
      cmd,
      report.failures.map((f) => f.id),
    );
    assert.ok(narrowed);
    const again = await runProcess(narrowed);
    const only = parseTestOutput(cmd.framework, again.output, again.exitCode, { cwd: dir });
    assert.deepEqual(
      only.tests.map((t) => [t.id, t.status]),
      [["example.com/spin > TestNext", "failed"]],
    );
  });

  it("a hanging test is stopped with everything the run started, and named", async () => {
    const dir = await projects.make({ ...MODULE, "spin_hang_test.go": HANG });
    const cmd = await detectTestCommand(dir);
    const stop = new AbortController();
    let seen = "";
    const result = await runProcess(cmd, {
      signal: stop.signal,
      onOutput: (chunk) => {
        seen += chunk;
        // Stopped once the stream says the spinning test started: no clock decides.
        if (/"Action":"run","Package":"example\.com\/spin","Test":"TestSpin"/.test(seen)) stop.abort();
      },
    });
    assert.equal(result.cancelled, true, result.output);
    assert.equal(runnerFor("go")?.stillRunning?.(result.output, dir), "TestSpin in example.com/spin");
    assert.deepEqual(await processesIn(dir), [], "the test binary was killed with the go command");
  });

  it("says what to install when go.mod is there but the go command is not", async () => {
    const dir = await projects.make(MODULE);
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      await assert.rejects(
        detectTestCommand(dir),
        /Go module \(go\.mod\), but the go command is not on PATH.*golang-go/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
