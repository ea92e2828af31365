/**
 * The Node side of test task overhead: a trivial command spawned directly, through agent-core's runProcess
 * (environment, process tag, tree kill) and through the extension's TestRun (what the loop's test task runs
 * before any terminal opens). What VS Code adds (task and terminal) is measured in the in-host suite
 * ("test task start-up overhead") and the workbench E2E, which print it.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { runProcess } from "../../agent-core/testing/processRunner";
import type { TestCommand } from "../../agent-core/testing/types";
import { TestRun } from "../../extension/testing/testRun";
import { type PlainResult, percentile } from "./table";

function spawnDirect(cmd: TestCommand): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.argv[0], cmd.argv.slice(1), { cwd: cmd.cwd, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.resume();
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code, signal) =>
      code === 0 && !signal ? resolve() : reject(new Error(`exit ${code}, signal ${signal}`)),
    );
  });
}

async function timed(reps: number, fn: () => Promise<void>): Promise<number[]> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

/** Direct spawn, runProcess and TestRun of `node -e` printing one line; overhead rows are differences of medians. */
export async function benchTaskOverhead(reps = 10): Promise<PlainResult[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "gl-bench-task-"));
  try {
    const cmd: TestCommand = {
      argv: [process.execPath, "-e", "console.log('1 passing')"],
      cwd: dir,
      framework: "unknown",
    };
    const check = (exitCode: number | null, output: string) => {
      if (exitCode !== 0) throw new Error(`the command failed: ${output}`);
    };
    const direct = await timed(reps, () => spawnDirect(cmd));
    const runner = await timed(reps, async () => {
      const r = await runProcess(cmd, { timeoutMs: 60_000 });
      check(r.exitCode, r.output);
    });
    const testRun = await timed(reps, async () => {
      const r = await new TestRun(cmd, { runProcess, timeoutMs: 60_000 }).result;
      check(r.exitCode, r.output);
    });
    const overhead = percentile(testRun, 50) - percentile(direct, 50);
    const row = (name: string, samples: number[], note?: string): PlainResult => ({
      name,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      unit: "ms",
      note,
    });
    return [
      row("node -e, spawned directly", direct),
      row("node -e, runProcess (env, tag, tree kill)", runner),
      row("node -e, test task's TestRun", testRun, "VS Code's part: in-host suite / E2E"),
      {
        name: "task overhead in Node (TestRun − direct)",
        // A difference of medians: one value, no spread of its own.
        p50: overhead,
        p95: overhead,
        unit: "ms",
        goal: { below: 1000, text: "< 1 s" },
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
