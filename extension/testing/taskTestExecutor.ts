import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { Logger, TestExecOptions, TestExecutor } from "../../agent-core/ports";
import type { ProcessResult, TestCommand } from "../../agent-core/testing/types";
import { type RunProcess, syntheticResult } from "./processTypes";
import { TestRun } from "./testRun";
import { createRunDisplayTask, type GreenloopTaskDefinition, TASK_TYPE } from "./testTask";

/** After a run ended in an open terminal, how long to wait for VS Code's task-end event before going on. */
const TASK_END_GRACE_MS = 5000;
/** A terminal VS Code has not opened within this long is given up and asked for again, once. */
export const DEFAULT_TASK_START_TIMEOUT_MS = 30_000;
const DISPLAY_ATTEMPTS = 2;

/** Builds the task that shows a run; tests replace it to simulate a workbench that never runs it. */
export type RunDisplayTaskFactory = (
  run: TestRun,
  command: TestCommand,
  folder: vscode.WorkspaceFolder,
  name: string,
  definition: GreenloopTaskDefinition,
  onOpen: () => void,
  attempt: number,
) => vscode.Task;

export interface TaskTestExecutorOptions {
  maxOutputBytes?: number;
  /** Default {@link DEFAULT_TASK_START_TIMEOUT_MS}. */
  startTimeoutMs?: number;
  createDisplayTask?: RunDisplayTaskFactory;
}

/**
 * Runs the loop's test commands and shows each run as a VS Code task in the terminal panel. The process starts
 * at once, not when the workbench gets round to running the task: asking the workbench for a task and a
 * terminal takes from a fraction of a second to many seconds under load, and a terminal that never opens must
 * not hold the loop (Stop and the time budget end the process itself). Terminals are asked for one at a time,
 * each after the previous task ended: a custom execution started while another is still finishing may never
 * open. A terminal that does not open within the start timeout is asked for again once, then given up with a
 * warning; the loop has the tests' result either way.
 */
export class TaskTestExecutor implements TestExecutor {
  private readonly startTimeoutMs: number;
  private readonly createDisplayTask: RunDisplayTaskFactory;
  private displays: Promise<void> = Promise.resolve();

  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly runProcess: RunProcess,
    private readonly log?: Logger,
    private readonly options: TaskTestExecutorOptions = {},
  ) {
    this.startTimeoutMs = options.startTimeoutMs ?? DEFAULT_TASK_START_TIMEOUT_MS;
    this.createDisplayTask =
      options.createDisplayTask ??
      ((run, command, folder, name, definition, onOpen) =>
        createRunDisplayTask(run, command, folder, name, definition, onOpen));
  }

  async execute(command: TestCommand, options: TestExecOptions): Promise<ProcessResult> {
    if (options.signal.aborted)
      return syntheticResult({ cancelled: true, output: "The tests were stopped before they started." });
    await saveBeforeRun();
    const asked = Date.now();
    const run = new TestRun(command, {
      runProcess: this.runProcess,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      maxOutputBytes: this.options.maxOutputBytes,
      envPassthrough: options.envPassthrough,
    });
    const shown: { openedAt?: number } = {};
    const name = `Tests (${options.label})`;
    this.displays = this.displays.then(() => this.display(run, command, name, shown));
    const result = await run.result;
    const opened =
      shown.openedAt === undefined
        ? "its terminal had not opened yet"
        : `its terminal opened after ${shown.openedAt - asked} ms`;
    this.log?.info(
      `Test task (${options.label}): ${Date.now() - asked} ms in all, the command ${result.durationMs} ms; ${opened}.`,
    );
    return result;
  }

  /** Resolves once every run so far has been shown (or its terminal given up). */
  whenShown(): Promise<void> {
    return this.displays;
  }

  private async display(run: TestRun, command: TestCommand, name: string, shown: { openedAt?: number }): Promise<void> {
    for (let attempt = 1; attempt <= DISPLAY_ATTEMPTS; attempt++) {
      if (await this.showOnce(run, command, name, shown, attempt)) return;
      if (attempt < DISPLAY_ATTEMPTS)
        this.log?.warn(
          `The terminal for ${name} did not open within ${seconds(this.startTimeoutMs)}; asking for it again.`,
        );
    }
    this.log?.warn(
      `The terminal for ${name} did not open within ${seconds(this.startTimeoutMs)}, twice: the tests ran anyway, Greenloop has their output.`,
    );
  }

  /** Runs the task showing `run`; true once it ended (or was stopped after the run), false when it never opened. */
  private showOnce(
    run: TestRun,
    command: TestCommand,
    name: string,
    shown: { openedAt?: number },
    attempt: number,
  ): Promise<boolean> {
    const runId = randomBytes(6).toString("hex");
    const definition: GreenloopTaskDefinition = { type: TASK_TYPE, command: command.argv, runId };
    return new Promise<boolean>((resolve) => {
      let settled = false;
      let opened = false;
      let execution: vscode.TaskExecution | undefined;
      let grace: NodeJS.Timeout | undefined;
      const settle = (value: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(startTimer);
        clearTimeout(grace);
        endListener.dispose();
        if (!value) execution?.terminate();
        resolve(value);
      };
      const startTimer = setTimeout(() => {
        if (!opened) settle(false);
      }, this.startTimeoutMs);
      const onOpen = () => {
        opened = true;
        shown.openedAt ??= Date.now();
        clearTimeout(startTimer);
        void run.ended.then(() => {
          if (settled) return;
          // Normally the task's end event follows at once; never hold the next terminal on it.
          grace = setTimeout(() => {
            execution?.terminate();
            settle(true);
          }, TASK_END_GRACE_MS);
        });
      };
      const endListener = vscode.tasks.onDidEndTask((e) => {
        if ((e.execution.task.definition as GreenloopTaskDefinition).runId === runId) settle(true);
      });
      const task = this.createDisplayTask(run, command, this.folder, name, definition, onOpen, attempt);
      vscode.tasks.executeTask(task).then(
        (exec) => {
          execution = exec;
          if (settled && !opened) exec.terminate();
        },
        (err: unknown) => {
          this.log?.warn(`Could not show the test run in a terminal: ${String(err)}`);
          settle(true);
        },
      );
    });
  }
}

/** Saves dirty editors first when VS Code would before a task (`task.saveBeforeRun`: always), so tests see them. */
async function saveBeforeRun(): Promise<void> {
  if (vscode.workspace.getConfiguration("task").get<string>("saveBeforeRun", "always") !== "always") return;
  if (vscode.workspace.textDocuments.some((d) => d.isDirty && !d.isUntitled)) await vscode.workspace.saveAll(false);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
