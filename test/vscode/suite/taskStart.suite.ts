import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { runProcess } from "../../../agent-core/testing/processRunner";
import type { TestCommand } from "../../../agent-core/testing/types";
import { type RunDisplayTaskFactory, TaskTestExecutor } from "../../../extension/testing/taskTestExecutor";
import { createRunDisplayTask } from "../../../extension/testing/testTask";
import { getTestApi, waitFor, workspaceRoot } from "./helpers";

/** A task VS Code runs but whose execution never hands over a terminal: it never opens. */
function neverOpening(
  definition: vscode.TaskDefinition,
  folder: vscode.WorkspaceFolder,
  name: string,
  onAsked?: () => void,
): vscode.Task {
  const execution = new vscode.CustomExecution(() => {
    onAsked?.();
    return new Promise<vscode.Pseudoterminal>(() => {});
  });
  return new vscode.Task(definition, folder, name, "Greenloop", execution);
}

function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, "no workspace folder");
  return f;
}

/** What the executor logs, kept for assertions and printed so a slow or stuck run explains itself. */
function recordingLog() {
  const lines: string[] = [];
  const put = (level: string) => (m: string) => {
    lines.push(`${level}: ${m}`);
    console.log(`    [${level}] ${m}`);
  };
  return { lines, log: { debug: put("debug"), info: put("info"), warn: put("warn"), error: put("error") } };
}

const quick = (): TestCommand => ({
  argv: [process.execPath, "-e", "console.log('tests ran')"],
  cwd: workspaceRoot(),
  framework: "unknown",
});
/** Runs until stopped (a guard ends it after a minute, failing the test that relied on a stop). */
const endless = (): TestCommand => ({
  argv: [process.execPath, "-e", "setTimeout(() => {}, 60000)"],
  cwd: workspaceRoot(),
  framework: "unknown",
});
const options = (signal = new AbortController().signal) => ({ signal, timeoutMs: 90_000, label: "failing tests" });

/** Test runs whose task VS Code does not run, or runs without opening its terminal (a busy workbench). */
export function registerTaskStartSuite(): void {
  describe("test tasks whose terminal does not open", function () {
    this.timeout(120_000);
    before(() => getTestApi());

    it("the tests run and report while VS Code never opens their terminal; it is asked for twice, then given up", async () => {
      const attempts: number[] = [];
      const createDisplayTask: RunDisplayTaskFactory = (_run, _c, f, name, definition, _onOpen, attempt) => (
        attempts.push(attempt), neverOpening(definition, f, name)
      );
      const { lines, log } = recordingLog();
      const executor = new TaskTestExecutor(folder(), runProcess, log, { startTimeoutMs: 2_000, createDisplayTask });
      const result = await executor.execute(quick(), options());
      assert.equal(result.exitCode, 0, result.output);
      assert.match(result.output, /tests ran/);
      await executor.whenShown();
      assert.deepEqual(attempts, [1, 2]);
      assert.ok(
        lines.some((l) =>
          /^warn: The terminal for Tests \(failing tests\) did not open within 2 s, twice: the tests ran anyway/.test(
            l,
          ),
        ),
        lines.join("\n"),
      );
    });

    it("a terminal that opens on the second request shows the run", async () => {
      let opened = false;
      const createDisplayTask: RunDisplayTaskFactory = (run, c, f, name, definition, onOpen, attempt) =>
        attempt === 1
          ? neverOpening(definition, f, name)
          : createRunDisplayTask(run, c, f, name, definition, () => {
              opened = true;
              onOpen();
            });
      const executor = new TaskTestExecutor(folder(), runProcess, recordingLog().log, {
        startTimeoutMs: 10_000,
        createDisplayTask,
      });
      const result = await executor.execute(quick(), options());
      assert.equal(result.exitCode, 0, result.output);
      await executor.whenShown();
      assert.ok(opened, "the second terminal was not opened");
    });

    it("Stop (or the time budget) ends a run whose terminal has not opened", async () => {
      const stop = new AbortController();
      // VS Code asks for the task's terminal, which never comes; then the user stops (or the budget runs out).
      const createDisplayTask: RunDisplayTaskFactory = (_run, _c, f, name, definition) =>
        neverOpening(definition, f, name, () => stop.abort());
      const executor = new TaskTestExecutor(folder(), runProcess, recordingLog().log, {
        startTimeoutMs: 3_000,
        createDisplayTask,
      });
      const result = await executor.execute(endless(), options(stop.signal));
      assert.equal(result.cancelled, true, result.output);
      // A task whose terminal never came holds back VS Code's later tasks until it is terminated: leave none.
      await executor.whenShown();
    });

    it("closing the run's terminal stops its tests, as before", async () => {
      const executor = new TaskTestExecutor(folder(), runProcess, recordingLog().log);
      const started = waitFor(
        vscode.tasks.onDidStartTask,
        (e) => (e?.execution.task.name === "Tests (failing tests)" ? e.execution : undefined),
        "the test task to start",
      );
      const pending = executor.execute(endless(), options());
      (await started).terminate();
      const result = await pending;
      assert.equal(result.cancelled, true, result.output);
    });
  });
}
