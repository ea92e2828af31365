import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import * as vscode from "vscode";
import { runProcess } from "../../../agent-core/testing/processRunner";
import type { TestCommand } from "../../../agent-core/testing/types";
import type { RunProcess } from "../../../extension/testing/processTypes";
import { TaskTestExecutor } from "../../../extension/testing/taskTestExecutor";
import { getTestApi, workspaceRoot } from "./helpers";

/** Milliseconds from `t0` of each step of one test task, as the extension host sees them. */
interface TaskTimes {
  started?: number;
  spawned?: number;
  exited?: number;
  ended?: number;
  resolved: number;
  /** When the task showing the run had ended (the loop does not wait for it). */
  shown: number;
}

const RUNS = 5;

/** The same command spawned directly, waited for until it exits; exit status and signal checked. */
function spawnDirect(cmd: TestCommand): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.argv[0], cmd.argv.slice(1), { cwd: cmd.cwd, stdio: ["ignore", "pipe", "pipe"] });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code !== 0 || signal) reject(new Error(`${cmd.argv.join(" ")} ended with code ${code}, signal ${signal}`));
      else resolve(performance.now() - t0);
    });
  });
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number | undefined) => (x === undefined ? "-" : `${Math.round(x)}`);

/**
 * Task start-up overhead: a trivial command run as the loop runs its tests (a greenloop task through
 * TaskTestExecutor), against the same command spawned directly and through agent-core's runProcess.
 * Prints the numbers; asserts only that every run worked (machines are noisy).
 */
export function registerTaskOverheadSuite(): void {
  describe("test task start-up overhead", () => {
    it("measures a test task against the same command spawned directly", async () => {
      await getTestApi();
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, "no workspace folder");
      const cmd: TestCommand = {
        argv: [process.execPath, "-e", "process.stdout.write('ok\\n')"],
        cwd: workspaceRoot(),
        framework: "unknown",
      };

      const direct: number[] = [];
      const viaRunner: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        direct.push(await spawnDirect(cmd));
        const r = await runProcess(cmd, { timeoutMs: 60_000 });
        assert.equal(r.exitCode, 0, r.output);
        viaRunner.push(r.durationMs);
      }

      const tasks: TaskTimes[] = [];
      for (let i = 0; i < RUNS; i++) {
        let t0 = 0;
        const times: Partial<TaskTimes> = {};
        const timed: RunProcess = async (c, options) => {
          times.spawned = performance.now() - t0;
          try {
            return await runProcess(c, options);
          } finally {
            times.exited = performance.now() - t0;
          }
        };
        const subs: vscode.Disposable[] = [
          vscode.tasks.onDidStartTask((e) => {
            if (e.execution.task.definition.type === "greenloop") times.started ??= performance.now() - t0;
          }),
          vscode.tasks.onDidEndTask((e) => {
            if (e.execution.task.definition.type === "greenloop") times.ended ??= performance.now() - t0;
          }),
        ];
        try {
          const executor = new TaskTestExecutor(folder, timed);
          t0 = performance.now();
          const result = await executor.execute(cmd, {
            signal: new AbortController().signal,
            timeoutMs: 60_000,
            label: `overhead ${i + 1}`,
          });
          const resolved = performance.now() - t0;
          await executor.whenShown();
          tasks.push({ ...times, resolved, shown: performance.now() - t0 });
          assert.equal(result.exitCode, 0, result.output);
          assert.match(result.output, /ok/);
        } finally {
          subs.forEach((s) => s.dispose());
        }
      }

      const lines = [
        `task overhead (${RUNS} runs, ms; load average ${(await import("node:os"))
          .loadavg()
          .map((n) => n.toFixed(2))
          .join(" ")})`,
        `  direct spawn          median ${ms(median(direct))}  [${direct.map(ms).join(", ")}]`,
        `  runProcess            median ${ms(median(viaRunner))}  [${viaRunner.map(ms).join(", ")}]`,
        `  task, total           median ${ms(median(tasks.map((t) => t.resolved)))}  [${tasks.map((t) => ms(t.resolved)).join(", ")}]`,
        ...tasks.map(
          (t, i) =>
            `    run ${i + 1}: process spawned ${ms(t.spawned)}, exited ${ms(t.exited)}, result ${ms(t.resolved)}; task started ${ms(t.started)}, ended ${ms(t.ended)}, shown ${ms(t.shown)}`,
        ),
        `  overhead (task − direct, medians): ${ms(median(tasks.map((t) => t.resolved)) - median(direct))}`,
      ];
      console.log(lines.join("\n"));
    });
  });
}
