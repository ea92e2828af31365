import * as vscode from "vscode";
import { SOURCE_EXTENSIONS } from "../commands/runMessages";
import type { ReviewController } from "../review/reviewController";

/** Context keys of menu and keybinding `when` clauses. */
export type ContextKeyName = "greenloop.running" | "greenloop.reviewing" | "greenloop.canUndo";

/** Keeps the `greenloop.*` context keys (menu and keybinding `when` clauses) in step. */
export class ContextKeys implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  private readonly values = new Map<ContextKeyName, boolean>();

  constructor(review: ReviewController) {
    this.subscriptions = [
      review.onDidOpenReview(() => this.set("greenloop.reviewing", true)),
      review.onDidCloseReview(() => this.set("greenloop.reviewing", false)),
    ];
    // The menus offer Fix on the language table's files: a new language needs no manifest change.
    const extensions = SOURCE_EXTENSIONS.flatMap((ext) => [ext, ext.toUpperCase()]);
    void vscode.commands.executeCommand("setContext", "greenloop.sourceExtensions", extensions);
  }

  /** Marks a run as started or ended. */
  setRunning(running: boolean): void {
    this.set("greenloop.running", running);
  }

  /** Whether "Undo Last Run" has anything to take back. */
  setCanUndo(canUndo: boolean): void {
    this.set("greenloop.canUndo", canUndo);
  }

  /** The value last set (for tests; VS Code offers no way to read a context key back). */
  get(key: ContextKeyName): boolean {
    return this.values.get(key) ?? false;
  }

  private set(key: ContextKeyName, value: boolean): void {
    this.values.set(key, value);
    void vscode.commands.executeCommand("setContext", key, value);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
