import * as vscode from "vscode";
import type { TestRun } from "./testRun";

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
    this.onOpen?.();
    const attached = this.run.attach((text) => this.writeEmitter.fire(text));
    this.detach = attached.detach;
    if (attached.text) this.writeEmitter.fire(attached.text);
    void this.run.ended.then((end) => this.finish(end.code));
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
