import * as vscode from "vscode";
import type { ProcessResult, TestCommand } from "../../agent-core/testing/types";
import { errorMessage } from "../util/logger";
import { formatArgv, toTerminalText, type RunProcess } from "./processTypes";

/** What a pseudoterminal run needs besides the command. */
export interface TestTerminalOptions {
  runProcess: RunProcess;
  timeoutMs: number;
  /** Aborts the process (e.g. the fix run was cancelled). */
  signal?: AbortSignal;
  maxOutputBytes?: number;
  /** Provider key variables the tests may see (setting `greenloop.testEnvPassthrough`). */
  envPassthrough?: readonly string[];
  /** Called once with the full result when the process ends. */
  onResult?: (result: ProcessResult) => void;
  /** Called once when the process could not be run at all. */
  onError?: (error: Error) => void;
}

/**
 * A task terminal that runs the test process itself, so the output is both shown to the user and captured
 * for the loop (a ShellExecution task would only report the exit code).
 */
export class TestPseudoterminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  private readonly closed = new AbortController();
  private started = false;

  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    private readonly command: TestCommand,
    private readonly options: TestTerminalOptions,
  ) {}

  open(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  /** The user closed the terminal or terminated the task: stop the process. */
  close(): void {
    this.closed.abort();
  }

  private write(text: string): void {
    this.writeEmitter.fire(toTerminalText(text));
  }

  private async run(): Promise<void> {
    const { runProcess, timeoutMs, maxOutputBytes, envPassthrough } = this.options;
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, this.closed.signal]) : this.closed.signal;
    this.write(`\x1b[2m> ${formatArgv(this.command.argv)}  (in ${this.command.cwd})\x1b[0m\n`);
    try {
      const result = await runProcess(this.command, {
        timeoutMs,
        signal,
        maxOutputBytes,
        envPassthrough,
        onOutput: (chunk) => this.write(chunk),
      });
      this.write(`\n\x1b[2m${describeEnd(result)}\x1b[0m\n`);
      this.options.onResult?.(result);
      this.finish(result.exitCode ?? 1);
    } catch (err) {
      this.write(`\n\x1b[31mCould not run the tests: ${errorMessage(err)}\x1b[0m\n`);
      this.options.onError?.(err instanceof Error ? err : new Error(String(err)));
      this.finish(1);
    }
  }

  private finish(code: number): void {
    this.closeEmitter.fire(code);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

function describeEnd(r: ProcessResult): string {
  const secs = (r.durationMs / 1000).toFixed(1);
  if (r.cancelled) return `Cancelled after ${secs} s.`;
  if (r.timedOut) return `Timed out after ${secs} s and was stopped.`;
  const how = r.exitCode !== null ? `exit code ${r.exitCode}` : `signal ${r.signal ?? "unknown"}`;
  return `Finished with ${how} in ${secs} s${r.truncated ? " (output capped: the loop sees the tail)" : ""}.`;
}
