import * as vscode from "vscode";
import type { Logger, TestExecOptions, TestExecutor } from "../../agent-core/ports";
import type { ProcessResult, TestCommand } from "../../agent-core/testing/types";
import { syntheticResult } from "./processTypes";

/** Finds a task by the name shown in "Tasks: Run Task" (with or without its "source: " prefix). */
export function findTaskByName(tasks: readonly vscode.Task[], name: string): vscode.Task | undefined {
  return tasks.find((t) => t.name === name) ?? tasks.find((t) => `${t.source}: ${t.name}` === name);
}

/**
 * Runs a user-defined task (setting `greenloop.testTask`) instead of the detected command. VS Code reports only
 * a task's exit code, so the loop gets no test output: the result says so, and the loop sees one opaque failure.
 */
export class UserTaskExecutor implements TestExecutor {
  private warned = false;

  constructor(
    private readonly taskName: string,
    private readonly log?: Logger,
  ) {}

  async execute(_command: TestCommand, options: TestExecOptions): Promise<ProcessResult> {
    if (!this.warned) {
      this.warned = true;
      this.log?.warn(`Running the task "${this.taskName}" for tests: only its exit code is captured, not its output.`);
    }
    const tasks = await vscode.tasks.fetchTasks();
    const task = findTaskByName(tasks, this.taskName);
    if (!task) {
      const names =
        tasks
          .map((t) => t.name)
          .slice(0, 20)
          .join(", ") || "none";
      throw new Error(`No task named "${this.taskName}" (setting greenloop.testTask). Tasks found: ${names}.`);
    }
    const started = Date.now();
    const execution = await vscode.tasks.executeTask(task);
    const ended = await waitForEnd(execution, options);
    const durationMs = Date.now() - started;
    const code = ended.exitCode;
    const codeText = code === undefined ? "unknown" : String(code);
    return syntheticResult({
      exitCode: ended.cancelled || ended.timedOut ? null : (code ?? null),
      cancelled: ended.cancelled,
      timedOut: ended.timedOut,
      durationMs,
      output:
        `Ran the VS Code task "${this.taskName}" (setting greenloop.testTask). Its output appears in the terminal ` +
        `but is not captured: only the exit code is known (${codeText}). Use a "greenloop" task or ` +
        `greenloop.testCommand to let Greenloop read test failures.`,
    });
  }
}

interface TaskEnd {
  exitCode: number | undefined;
  cancelled: boolean;
  timedOut: boolean;
}

/** After a terminate, how long to wait for VS Code's end event before going on without it. */
const TERMINATE_GRACE_MS = 5000;

function waitForEnd(execution: vscode.TaskExecution, options: TestExecOptions): Promise<TaskEnd> {
  return new Promise<TaskEnd>((resolve) => {
    let exitCode: number | undefined;
    let cancelled = false;
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const same = (e: vscode.TaskExecution) =>
      e === execution || (e.task.name === execution.task.name && e.task.source === execution.task.source);
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(grace);
      options.signal.removeEventListener("abort", onAbort);
      disposables.forEach((d) => d.dispose());
      resolve({ exitCode, cancelled, timedOut });
    };
    const disposables: vscode.Disposable[] = [
      // Process/shell tasks report their exit code before the task ends; custom executions do not.
      vscode.tasks.onDidEndTaskProcess((e) => {
        if (same(e.execution)) exitCode = e.exitCode;
      }),
      vscode.tasks.onDidEndTask((e) => {
        if (same(e.execution)) finish();
      }),
    ];
    // A task that never ran (or ignores terminate) must not hold the loop: Stop and the budget always end the wait.
    const stop = () => {
      execution.terminate();
      grace ??= setTimeout(finish, TERMINATE_GRACE_MS);
    };
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    options.signal.addEventListener("abort", onAbort);
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    if (options.signal.aborted) onAbort();
  });
}
