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
  /** Called once when the process is being started (before VS Code has opened the terminal). */
  onStart?: () => void;
  /** Called once when VS Code opens the terminal. */
  onOpen?: () => void;
  /** Called once with the full result when the process ends. */
  onResult?: (result: ProcessResult) => void;
  /** Called once when the process could not be run at all. */
  onError?: (error: Error) => void;
}

/** Output kept for a terminal VS Code has not opened yet; the loop gets the full output from the result. */
const PENDING_TEXT_LIMIT = 256 * 1024;

/**
 * A task terminal that runs the test process itself, so the output is both shown to the user and captured
 * for the loop (a ShellExecution task would only report the exit code). The process starts as soon as VS Code
 * runs the task, not when it opens the terminal: a terminal that opens late (or never, under load) delays only
 * what the user sees, never the tests. Output until then is kept and shown on open.
 */
export class TestPseudoterminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  private readonly closed = new AbortController();
  private started = false;
  private opened = false;
  private pending: string[] = [];
  private pendingLength = 0;
  private pendingCut = false;
  private exitCode: number | undefined;

  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    private readonly command: TestCommand,
    private readonly options: TestTerminalOptions,
  ) {}

  /** Starts the process (once); called when VS Code runs the task. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.options.onOpen?.();
    this.start();
    const text = this.pending.join("") + (this.pendingCut ? "\r\n[earlier output cut: the terminal opened late]\r\n" : "");
    this.pending = [];
    if (text) this.writeEmitter.fire(text);
    if (this.exitCode !== undefined) this.finish(this.exitCode);
  }

  /** The user closed the terminal or terminated the task: stop the process. */
  close(): void {
    this.closed.abort();
  }

  private write(text: string): void {
    const out = toTerminalText(text);
    if (this.opened) {
      this.writeEmitter.fire(out);
      return;
    }
    if (this.pendingLength + out.length > PENDING_TEXT_LIMIT) {
      this.pendingCut = true;
      while (this.pending.length > 1 && this.pendingLength + out.length > PENDING_TEXT_LIMIT) this.pendingLength -= this.pending.splice(1, 1)[0].length;
    }
    this.pending.push(out);
    this.pendingLength += out.length;
  }

  private async run(): Promise<void> {
    const { runProcess, timeoutMs, maxOutputBytes, envPassthrough } = this.options;
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, this.closed.signal]) : this.closed.signal;
    this.write(`\x1b[2m> ${formatArgv(this.command.argv)}  (in ${this.command.cwd})\x1b[0m\n`);
    if (signal.aborted) {
      this.write(`\x1b[2mNot run: the tests were stopped before this task started.\x1b[0m\n`);
      return this.ended(1);
    }
    this.options.onStart?.();
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
      this.ended(result.exitCode ?? 1);
    } catch (err) {
      this.write(`\n\x1b[31mCould not run the tests: ${errorMessage(err)}\x1b[0m\n`);
      this.options.onError?.(err instanceof Error ? err : new Error(String(err)));
      this.ended(1);
    }
  }

  /** The process is over; the task ends once VS Code has opened the terminal (events before open are lost). */
  private ended(code: number): void {
    this.exitCode = code;
    if (this.opened) this.finish(code);
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
