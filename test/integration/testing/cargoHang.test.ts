/** A Rust test that never ends: the run's timeout kills cargo and its test binary, and the test is named. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { runProcess } from "../../../agent-core/testing/processRunner";
import { runnerFor } from "../../../agent-core/testing/runners";
import { findCargo } from "../../../agent-core/testing/runners/cargoToolchain";
import type { TestCommand } from "../../../agent-core/testing/types";
import { TempProjects } from "../../unit/testing/helpers";

/** Pids of running processes whose command line mentions `needle`. */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const state = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.[0];
      if (cmdline.includes(needle) && state !== "Z") pids.push(Number(entry));
    } catch {
      // Gone while being read.
    }
  }
  return pids;
}

describe("a hanging cargo test (real cargo)", function () {
  this.timeout(240_000);
  const projects = new TempProjects();
  after(() => projects.cleanup());

  it("is stopped with its whole process tree on the run's timeout and named from libtest's output", async () => {
    const cargo = findCargo();
    assert.ok(cargo, "cargo is installed");
    const dir = await projects.make({
      "Cargo.toml": '[package]\nname = "spinner"\nversion = "0.1.0"\nedition = "2021"\n',
      "src/lib.rs": "pub fn one() -> u32 {\n    1\n}\n",
      "tests/spin.rs": [
        "#[test]",
        "fn a_quick_one() {",
        "    assert_eq!(spinner::one(), 1);",
        "}",
        "",
        "#[test]",
        "fn spins_forever() {",
        "    let mut n: u64 = 0;",
        "    loop {",
        "        n = std::hint::black_box(n.wrapping_add(1));",
        "    }",
        "}",
        "",
      ].join("\n"),
    });
    const build = await runProcess({ argv: [cargo, "test", "--no-run"], cwd: dir, framework: "cargo" });
    assert.equal(build.exitCode, 0, build.output);
    // One test thread: libtest prints each test's name before it runs.
    const cmd: TestCommand = { argv: [cargo, "test", "--", "--test-threads=1"], cwd: dir, framework: "cargo" };
    // The limit is only how long the hang may last; nothing here depends on when it ends.
    const result = await runProcess(cmd, { timeoutMs: 15_000, killGraceMs: 500 });
    assert.equal(result.timedOut, true, result.output);
    assert.match(result.output, /^test a_quick_one \.\.\. ok$/m);
    assert.equal(runnerFor("cargo")?.stillRunning?.(result.output, dir), "spins_forever", result.output);
    assert.deepEqual(processesMentioning(path.join(dir, "target")), [], "no test binary outlives the run");
  });
});
