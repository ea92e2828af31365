import * as vscode from "vscode";
import type { ReviewController } from "../review/reviewController";

/** Keeps the `greenloop.running` / `greenloop.reviewing` context keys (menu `when` clauses) in step. */
export class ContextKeys implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  constructor(review: ReviewController) {
    this.subscriptions = [
      review.onDidOpenReview(() => this.set("greenloop.reviewing", true)),
      review.onDidCloseReview(() => this.set("greenloop.reviewing", false)),
    ];
  }

  /** Marks a run as started or ended. */
  setRunning(running: boolean): void {
    this.set("greenloop.running", running);
  }

  private set(key: string, value: boolean): void {
    void vscode.commands.executeCommand("setContext", key, value);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
