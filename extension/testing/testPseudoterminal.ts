import * as vscode from "vscode";
import type { TestRun } from "./testRun";

/**
 * VS Code reads a terminal that closes with a non-zero code within its first 500 ms as one that "failed to
 * launch" and says so under the output; a run that had already ended when its terminal opened stays open this
 * long, so a failing test run reads as failing tests. Only the next terminal waits for it, never the loop.
 */
const MIN_OPEN_MS = 1000;

/**
 * The task terminal of a test run: shows what the run wrote before the terminal opened, then its live output,
 * and closes with the run's exit code. Closing it (or terminating its task) stops the run's process. The
 * output is both shown to the user and captured for the loop (a ShellExecution task would only report the exit
 * code).
 */
export class TestPseudoterminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  private opened = false;
  private openedAt = 0;
  private finished = false;
  private detach?: () => void;

  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    private readonly run: TestRun,
    private readonly onOpen?: () => void,
  ) {}

  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.openedAt = Date.now();
    this.onOpen?.();
    const attached = this.run.attach((text) => this.writeEmitter.fire(text));
    this.detach = attached.detach;
    if (attached.text) this.writeEmitter.fire(attached.text);
    void this.run.ended.then((end) => {
      const wait = this.openedAt + MIN_OPEN_MS - Date.now();
      if (end.code === 0 || wait <= 0) this.finish(end.code);
      else setTimeout(() => this.finish(end.code), wait);
    });
  }

  /** The user closed the terminal or terminated the task: stop the process. */
  close(): void {
    if (!this.finished) this.run.stop();
    this.detach?.();
  }

  private finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
    this.detach?.();
    this.closeEmitter.fire(code);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
