/**
 * One run of a test command, started at once and independent of any terminal: the terminal that shows it may
 * open late, or never (a busy workbench), without delaying the tests. The text a terminal shows is kept until
 * one attaches. No `vscode` import, so it runs in plain Node too.
 */
import type { ProcessResult, TestCommand } from "../../agent-core/testing/types";
import { formatArgv, type RunProcess, toTerminalText } from "./processTypes";

/** What a run needs besides the command. */
export interface TestRunOptions {
  runProcess: RunProcess;
  timeoutMs: number;
  /** Aborts the process (the fix run was stopped or ran out of time). */
  signal?: AbortSignal;
  maxOutputBytes?: number;
  /** Provider key variables the tests may see (setting `greenloop.testEnvPassthrough`). */
  envPassthrough?: readonly string[];
  /** Called once with the full result when the process ends. */
  onResult?: (result: ProcessResult) => void;
  /** Called once when the process could not be run at all. */
  onError?: (error: Error) => void;
}

/** Terminal text kept for a terminal that has not attached yet; the loop gets the full output from the result. */
const KEPT_TEXT_LIMIT = 256 * 1024;

/** How the terminal shows a run's end. */
export interface RunEnd {
  /** The terminal's exit code (1 when the tests could not run). */
  code: number;
}

export class TestRun {
  /** The process's result; rejects only when the process could not be run at all. */
  readonly result: Promise<ProcessResult>;
  /** Resolves once the run is over and its last line was written. */
  readonly ended: Promise<RunEnd>;
  private readonly stopped = new AbortController();
  private readonly listeners = new Set<(text: string) => void>();
  private kept: string[] = [];
  private keptLength = 0;
  private cut = false;

  constructor(
    private readonly command: TestCommand,
    private readonly options: TestRunOptions,
  ) {
    let end!: (e: RunEnd) => void;
    this.ended = new Promise((resolve) => (end = resolve));
    this.result = this.run(end);
    // Whoever does not await the result (a task run from the Tasks menu) must not see an unhandled rejection.
    this.result.catch(() => undefined);
  }

  /** The user closed the run's terminal or terminated its task: stop the process. */
  stop(): void {
    this.stopped.abort();
  }

  /** Text written so far (capped), then every later piece; returns the unsubscribe function. */
  attach(listener: (text: string) => void): { text: string; detach: () => void } {
    const text = this.kept.join("") + (this.cut ? "\r\n[earlier output cut: the terminal opened late]\r\n" : "");
    this.listeners.add(listener);
    return { text, detach: () => this.listeners.delete(listener) };
  }

  private write(text: string): void {
    const out = toTerminalText(text);
    for (const listener of this.listeners) listener(out);
    // Kept for a terminal attaching later: the first piece (the command line) and the most recent text.
    this.kept.push(out);
    this.keptLength += out.length;
    while (this.kept.length > 2 && this.keptLength > KEPT_TEXT_LIMIT) {
      this.keptLength -= this.kept.splice(1, 1)[0].length;
      this.cut = true;
    }
  }

  private async run(end: (e: RunEnd) => void): Promise<ProcessResult> {
    const { runProcess, timeoutMs, maxOutputBytes, envPassthrough } = this.options;
    const signal = this.options.signal
      ? AbortSignal.any([this.options.signal, this.stopped.signal])
      : this.stopped.signal;
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
      end({ code: result.exitCode ?? 1 });
      return result;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.write(`\n\x1b[31mCould not run the tests: ${error.message}\x1b[0m\n`);
      this.options.onError?.(error);
      end({ code: 1 });
      throw error;
    }
  }
}

function describeEnd(r: ProcessResult): string {
  const secs = (r.durationMs / 1000).toFixed(1);
  if (r.cancelled) return `Cancelled after ${secs} s.`;
  if (r.timedOut) return `Timed out after ${secs} s and was stopped.`;
  const how = r.exitCode !== null ? `exit code ${r.exitCode}` : `signal ${r.signal ?? "unknown"}`;
  return `Finished with ${how} in ${secs} s${r.truncated ? " (output capped: the loop sees the tail)" : ""}.`;
}
