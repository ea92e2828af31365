import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { TestExecOptions, TestExecutor } from "../../agent-core/ports";
import type { ProcessResult, TestCommand } from "../../agent-core/testing/types";
import { syntheticResult, type RunProcess } from "./processTypes";
import { createTestTask, TASK_TYPE, type GreenloopTaskDefinition } from "./testTask";

/**
 * Runs the loop's test commands as VS Code tasks: the user sees every run in the terminal panel, and the
 * pseudoterminal hands the full output back to the loop.
 */
export class TaskTestExecutor implements TestExecutor {
  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly runProcess: RunProcess,
    private readonly maxOutputBytes?: number,
  ) {}

  execute(command: TestCommand, options: TestExecOptions): Promise<ProcessResult> {
    const runId = randomBytes(6).toString("hex");
    const definition: GreenloopTaskDefinition = { type: TASK_TYPE, command: command.argv, runId };
    return new Promise<ProcessResult>((resolve, reject) => {
      let settled = false;
      let execution: vscode.TaskExecution | undefined;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        endListener.dispose();
        options.signal.removeEventListener("abort", onAbort);
        fn();
      };
      const task = createTestTask(
        command,
        this.folder,
        `Tests (${options.label})`,
        {
          runProcess: this.runProcess,
          timeoutMs: options.timeoutMs,
          signal: options.signal,
          maxOutputBytes: this.maxOutputBytes,
          onResult: (result) => settle(() => resolve(result)),
          onError: (error) => settle(() => reject(error)),
        },
        definition,
      );
      // The task can end without the terminal ever running (terminated before it opened).
      const endListener = vscode.tasks.onDidEndTask((e) => {
        if ((e.execution.task.definition as GreenloopTaskDefinition).runId !== runId) return;
        settle(() => resolve(syntheticResult({ cancelled: true, output: "The test task ended before the tests ran." })));
      });
      const onAbort = () => execution?.terminate();
      options.signal.addEventListener("abort", onAbort);
      vscode.tasks.executeTask(task).then(
        (exec) => {
          execution = exec;
          if (options.signal.aborted) exec.terminate();
        },
        (err: unknown) => settle(() => reject(new Error(`Could not start the test task: ${String(err)}`))),
      );
    });
  }
}
