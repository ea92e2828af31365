import * as vscode from "vscode";
import type { LoopEvent } from "../../agent-core/events";
import { Disposable } from "../util/disposable";
import { describeRunState, nextRunState, type RunState } from "./runState";

/** Command the status bar runs after a run that could not start: the message again, not an empty panel. */
export const SHOW_LAST_MESSAGE_COMMAND = "greenloop.showLastMessage";

/** Command the status bar runs before any run: the command palette, filtered to Greenloop's commands. */
export const SHOW_COMMANDS_COMMAND = "greenloop.showCommands";

/**
 * The status bar item showing the run state, there from activation (start-up): clicking it lists Greenloop's
 * commands before the first run, and opens the panel after one.
 */
export class RunStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: RunState = { kind: "idle" };

  constructor() {
    super();
    this.item = this._register(
      vscode.window.createStatusBarItem("greenloop.status", vscode.StatusBarAlignment.Left, 50),
    );
    this.item.name = "Greenloop";
    this.render();
    this.item.show();
  }

  /** Current state (for tests and the panel). */
  get current(): RunState {
    return this.state;
  }

  /** The command a click runs now. */
  get command(): string {
    if (this.state.kind === "idle") return SHOW_COMMANDS_COMMAND;
    return this.state.kind === "stopped" && this.state.beforeStart ? SHOW_LAST_MESSAGE_COMMAND : "greenloop.showPanel";
  }

  /** Shows that a run is being prepared (before the loop's first event). */
  starting(file: string): void {
    this.set({ kind: "starting", file });
  }

  /** Folds one loop event into the state. */
  onEvent(event: LoopEvent): void {
    this.set(nextRunState(this.state, event));
  }

  /** Shows a stop that happened before or outside the loop (e.g. setup failed). */
  stopped(file: string, message: string): void {
    this.set({ kind: "stopped", file, reason: "error", message, beforeStart: true });
  }

  /** Shows that the last run's changes were taken back. */
  undone(file: string): void {
    this.set({ kind: "undone", file });
  }

  private set(state: RunState): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    const { text, tooltip } = describeRunState(this.state);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = this.command;
    this.item.backgroundColor =
      this.state.kind === "stopped" && this.state.reason !== "cancelled"
        ? new vscode.ThemeColor("statusBarItem.warningBackground")
        : undefined;
  }
}
