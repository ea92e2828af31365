import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { runProcess } from "../../../agent-core/testing/processRunner";
import type { TestCommand } from "../../../agent-core/testing/types";
import { TaskTestExecutor, type TestTaskFactory } from "../../../extension/testing/taskTestExecutor";
import { TestPseudoterminal } from "../../../extension/testing/testPseudoterminal";
import { createTestTask } from "../../../extension/testing/testTask";
import { getTestApi, workspaceRoot } from "./helpers";

/** A task VS Code runs but whose execution never hands over a terminal: nothing of it ever starts. */
function neverStarting(definition: vscode.TaskDefinition, folder: vscode.WorkspaceFolder, name: string, onAsked?: () => void): vscode.Task {
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

/** Prints what the executor reports, so a slow or stuck run explains itself in the suite's output. */
const log = {
  debug: (m: string) => console.log(`    [debug] ${m}`),
  info: (m: string) => console.log(`    [info] ${m}`),
  warn: (m: string) => console.log(`    [warn] ${m}`),
  error: (m: string) => console.log(`    [error] ${m}`),
};

const command = (): TestCommand => ({ argv: [process.execPath, "-e", "console.log('tests ran')"], cwd: workspaceRoot(), framework: "unknown" });
const options = (signal = new AbortController().signal) => ({ signal, timeoutMs: 60_000, label: "failing tests" });

/** Test tasks that VS Code does not run, or runs without opening their terminal, under load. */
export function registerTaskStartSuite(): void {
  describe("test tasks that do not start", function () {
    this.timeout(120_000);
    before(() => getTestApi());

    it("a task VS Code never runs is started again once, then reported with a clear message", async () => {
      const attempts: number[] = [];
      const createTask: TestTaskFactory = (_c, f, name, _t, definition, attempt) => (attempts.push(attempt), neverStarting(definition, f, name));
      const executor = new TaskTestExecutor(folder(), runProcess, log, { startTimeoutMs: 2_000, createTask });
      await assert.rejects(executor.execute(command(), options()), (error: Error) => {
        assert.match(error.message, /^The test task \(failing tests\) did not start: VS Code did not run it within 2 s, twice\./);
        return true;
      });
      assert.deepEqual(attempts, [1, 2]);
    });

    it("the second attempt runs the tests when the first never started", async () => {
      const createTask: TestTaskFactory = (c, f, name, t, definition, attempt) =>
        attempt === 1 ? neverStarting(definition, f, name) : createTestTask(c, f, name, t, definition);
      const executor = new TaskTestExecutor(folder(), runProcess, log, { startTimeoutMs: 10_000, createTask });
      const result = await executor.execute(command(), options());
      assert.equal(result.exitCode, 0, result.output);
      assert.match(result.output, /tests ran/);
    });

    it("Stop or the time budget ends the wait for a task that has not started", async () => {
      const stop = new AbortController();
      // VS Code asks for the task's terminal, which never comes; then the user stops (or the budget runs out).
      const createTask: TestTaskFactory = (_c, f, name, _t, definition) => neverStarting(definition, f, name, () => stop.abort());
      // Far beyond the test's own timeout: only the abort can end the wait.
      const executor = new TaskTestExecutor(folder(), runProcess, log, { startTimeoutMs: 600_000, createTask });
      const pending = executor.execute(command(), options(stop.signal));
      const result = await pending;
      assert.equal(result.cancelled, true);
      assert.match(result.output, /stopped before their task started/);
    });

    it("runs the tests even when VS Code never opens the task's terminal", async () => {
      const createTask: TestTaskFactory = (c, f, name, t, definition) =>
        new vscode.Task(
          definition,
          f,
          name,
          "Greenloop",
          new vscode.CustomExecution(async () => {
            new TestPseudoterminal(c, t).start();
            // VS Code gets a terminal that is not the test's: the test's own is never opened.
            const silent = new vscode.EventEmitter<string>();
            return { onDidWrite: silent.event, open() {}, close() {} };
          }),
        );
      const executor = new TaskTestExecutor(folder(), runProcess, log, { createTask });
      const result = await executor.execute(command(), options());
      assert.equal(result.exitCode, 0, result.output);
      assert.match(result.output, /tests ran/);
    });
  });
}
