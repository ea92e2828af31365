import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { Logger, TestExecOptions, TestExecutor } from "../../agent-core/ports";
import type { ProcessResult, TestCommand } from "../../agent-core/testing/types";
import { syntheticResult, type RunProcess } from "./processTypes";
import { createTestTask, TASK_TYPE, type GreenloopTaskDefinition } from "./testTask";

/**
 * Runs the loop's test commands as VS Code tasks: the user sees every run in the terminal panel, and the
 * pseudoterminal hands the full output back to the loop.
 */
/** How long to wait for VS Code's task-end event after the process ended. */
const TASK_END_GRACE_MS = 5000;

export class TaskTestExecutor implements TestExecutor {
  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly runProcess: RunProcess,
    private readonly log?: Logger,
    private readonly maxOutputBytes?: number,
  ) {}

  execute(command: TestCommand, options: TestExecOptions): Promise<ProcessResult> {
    const runId = randomBytes(6).toString("hex");
    const definition: GreenloopTaskDefinition = { type: TASK_TYPE, command: command.argv, runId };
    return new Promise<ProcessResult>((resolve, reject) => {
      let settled = false;
      let execution: vscode.TaskExecution | undefined;
      let result: ProcessResult | undefined;
      let fallback: NodeJS.Timeout | undefined;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(fallback);
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
          envPassthrough: options.envPassthrough,
          onResult: (r) => {
            result = r;
            // Normally the task's end event follows at once; never hang on it.
            clearTimeout(fallback);
            fallback = setTimeout(() => settle(() => resolve(r)), TASK_END_GRACE_MS);
          },
          onError: (error) => settle(() => reject(error)),
        },
        definition,
      );
      // Resolve on the task's end, not the process's: starting the next task while VS Code is still finishing
      // this one leaves the next custom execution unopened.
      const endListener = vscode.tasks.onDidEndTask((e) => {
        if ((e.execution.task.definition as GreenloopTaskDefinition).runId !== runId) return;
        this.log?.debug(`test task ${runId} ended`);
        if (result) return settle(() => resolve(result!));
        // The end event can overtake the pseudoterminal's result: give the process a moment to report.
        this.log?.debug(`test task ${runId} ended before its result arrived; waiting for it`);
        fallback = setTimeout(
          () => settle(() => resolve(result ?? syntheticResult({ cancelled: true, output: "The test task ended before the tests ran." }))),
          TASK_END_GRACE_MS,
        );
      });
      const onAbort = () => execution?.terminate();
      options.signal.addEventListener("abort", onAbort);
      this.log?.debug(`test task ${runId}: ${options.label}`);
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
