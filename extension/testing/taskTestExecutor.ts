import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { Logger, TestExecOptions, TestExecutor } from "../../agent-core/ports";
import type { ProcessResult, TestCommand } from "../../agent-core/testing/types";
import { syntheticResult, type RunProcess } from "./processTypes";
import type { TestTerminalOptions } from "./testPseudoterminal";
import { createTestTask, TASK_TYPE, type GreenloopTaskDefinition } from "./testTask";

/** How long to wait for VS Code's task-end event after the process ended (or after a terminate). */
const TASK_END_GRACE_MS = 5000;
/** A task VS Code has not run within this long is given up and started again, once. */
export const DEFAULT_TASK_START_TIMEOUT_MS = 30_000;
const START_ATTEMPTS = 2;

/** Builds the task for one attempt; tests replace it to simulate a task VS Code never runs. */
export type TestTaskFactory = (
  command: TestCommand,
  folder: vscode.WorkspaceFolder,
  name: string,
  terminal: TestTerminalOptions,
  definition: GreenloopTaskDefinition,
  attempt: number,
) => vscode.Task;

export interface TaskTestExecutorOptions {
  maxOutputBytes?: number;
  /** Default {@link DEFAULT_TASK_START_TIMEOUT_MS}. */
  startTimeoutMs?: number;
  createTask?: TestTaskFactory;
}

type AttemptOutcome = { kind: "result"; result: ProcessResult } | { kind: "not-started" };

/**
 * Runs the loop's test commands as VS Code tasks: the user sees every run in the terminal panel, and the
 * pseudoterminal hands the full output back to the loop. A task VS Code does not run within the start timeout
 * is started again once, then reported as an error; an abort (Stop, the time budget) always ends the wait.
 */
export class TaskTestExecutor implements TestExecutor {
  private readonly startTimeoutMs: number;
  private readonly createTask: TestTaskFactory;

  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly runProcess: RunProcess,
    private readonly log?: Logger,
    private readonly options: TaskTestExecutorOptions = {},
  ) {
    this.startTimeoutMs = options.startTimeoutMs ?? DEFAULT_TASK_START_TIMEOUT_MS;
    this.createTask = options.createTask ?? ((command, folder, name, terminal, definition) => createTestTask(command, folder, name, terminal, definition));
  }

  async execute(command: TestCommand, options: TestExecOptions): Promise<ProcessResult> {
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      if (options.signal.aborted) return cancelledBeforeStart();
      const outcome = await this.attempt(command, options, attempt);
      if (outcome.kind === "result") return outcome.result;
      if (attempt < START_ATTEMPTS) this.log?.warn(`The test task (${options.label}) did not start within ${seconds(this.startTimeoutMs)}; starting it again.`);
    }
    throw new Error(
      `The test task (${options.label}) did not start: VS Code did not run it within ${seconds(this.startTimeoutMs)}, twice. ` +
        `The workbench may be overloaded; run Greenloop again, or reload the window if it keeps happening.`,
    );
  }

  private attempt(command: TestCommand, options: TestExecOptions, attempt: number): Promise<AttemptOutcome> {
    const runId = randomBytes(6).toString("hex");
    const definition: GreenloopTaskDefinition = { type: TASK_TYPE, command: command.argv, runId };
    const asked = Date.now();
    // Aborted when the loop stops or this attempt is given up: the process, if it started late, stops too.
    const giveUp = new AbortController();
    return new Promise<AttemptOutcome>((resolve, reject) => {
      let settled = false;
      let execution: vscode.TaskExecution | undefined;
      let result: ProcessResult | undefined;
      let startedAt: number | undefined;
      let openedAt: number | undefined;
      let fallback: NodeJS.Timeout | undefined;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(fallback);
        clearTimeout(startTimer);
        endListener.dispose();
        options.signal.removeEventListener("abort", onAbort);
        fn();
      };
      const finishWith = (r: ProcessResult, how: string) =>
        settle(() => {
          const total = Date.now() - asked;
          const startup = startedAt === undefined ? "-" : `${startedAt - asked} ms`;
          const opened = openedAt === undefined ? "not opened" : `${openedAt - asked} ms`;
          this.log?.info(
            `Test task (${options.label}): ${total} ms in all, the command ${r.durationMs} ms; started after ${startup}, terminal ${opened}; ${how}.`,
          );
          resolve({ kind: "result", result: r });
        });
      const waitForEnd = (r: ProcessResult | undefined, why: string) => {
        clearTimeout(fallback);
        fallback = setTimeout(() => {
          // The task is not ending on its own (its terminal never opened?): stop it and go on with the result.
          execution?.terminate();
          finishWith(r ?? syntheticResult({ cancelled: true, output: "The test task ended before the tests ran." }), why);
        }, TASK_END_GRACE_MS);
      };
      const startTimer = setTimeout(() => {
        if (startedAt !== undefined) return;
        giveUp.abort();
        execution?.terminate();
        this.log?.warn(`test task ${runId} (attempt ${attempt}) was not run by VS Code within ${seconds(this.startTimeoutMs)}`);
        settle(() => resolve({ kind: "not-started" }));
      }, this.startTimeoutMs);
      const terminal: TestTerminalOptions = {
        runProcess: this.runProcess,
        timeoutMs: options.timeoutMs,
        signal: AbortSignal.any([options.signal, giveUp.signal]),
        maxOutputBytes: this.options.maxOutputBytes,
        envPassthrough: options.envPassthrough,
        onStart: () => {
          startedAt ??= Date.now();
          clearTimeout(startTimer);
        },
        onOpen: () => {
          openedAt ??= Date.now();
        },
        onResult: (r) => {
          result = r;
          // Normally the task's end event follows at once; never hang on it.
          waitForEnd(r, "no task-end event from VS Code, the task was stopped");
        },
        onError: (error) => settle(() => reject(error)),
      };
      const task = this.createTask(command, this.folder, `Tests (${options.label})`, terminal, definition, attempt);
      // Resolve on the task's end, not the process's: starting the next task while VS Code is still finishing
      // this one leaves the next custom execution unopened.
      const endListener = vscode.tasks.onDidEndTask((e) => {
        if ((e.execution.task.definition as GreenloopTaskDefinition).runId !== runId) return;
        this.log?.debug(`test task ${runId} ended`);
        if (result) return finishWith(result, "the task ended");
        // The end event can overtake the pseudoterminal's result: give the process a moment to report.
        this.log?.debug(`test task ${runId} ended before its result arrived; waiting for it`);
        waitForEnd(undefined, "the task ended before its result");
      });
      const onAbort = () => {
        execution?.terminate();
        // Not started: nothing to wait for. Started: the process is being stopped and reports; never hang on it.
        if (startedAt === undefined) settle(() => resolve({ kind: "result", result: cancelledBeforeStart() }));
        else if (!result) waitForEnd(undefined, "stopped");
      };
      options.signal.addEventListener("abort", onAbort);
      this.log?.debug(`test task ${runId}: ${options.label} (attempt ${attempt})`);
      vscode.tasks.executeTask(task).then(
        (exec) => {
          execution = exec;
          if (settled || options.signal.aborted) exec.terminate();
        },
        (err: unknown) => settle(() => reject(new Error(`Could not start the test task: ${String(err)}`))),
      );
    });
  }
}

function cancelledBeforeStart(): ProcessResult {
  return syntheticResult({ cancelled: true, output: "The tests were stopped before their task started." });
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
