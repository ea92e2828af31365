import * as vscode from "vscode";
import { SHOW_COMMANDS_COMMAND, SHOW_LAST_MESSAGE_COMMAND } from "../status/runStatusBar";
import { setApiKey } from "./apiKeyCommand";
import { fixUntilGreen } from "./fixCommand";
import { decideAll, decideHunk } from "./reviewCommands";
import type { Services } from "./services";
import { runTraining } from "./training";
import { loadLatestTrainingReport } from "./trainingReport";
import { type UndoOptions, undoLastRun } from "./undoCommand";

/** Command ids, as contributed in package.json. */
export const COMMANDS = {
  fixUntilGreen: "greenloop.fixUntilGreen",
  stop: "greenloop.stop",
  undoLastRun: "greenloop.undoLastRun",
  showPanel: "greenloop.showPanel",
  setApiKey: "greenloop.setApiKey",
  train: "greenloop.train",
  showTrainingReport: "greenloop.showTrainingReport",
  acceptHunk: "greenloop.acceptHunk",
  rejectHunk: "greenloop.rejectHunk",
  acceptAll: "greenloop.acceptAll",
  rejectAll: "greenloop.rejectAll",
} as const;

/** Registers every command; the returned disposables unregister them. */
export function registerCommands(s: Services): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg(COMMANDS.fixUntilGreen, (arg) => fixUntilGreen(s, arg)),
    reg(COMMANDS.stop, () => {
      if (!s.runs.stop("Greenloop: Stop")) void vscode.window.showInformationMessage("Greenloop: nothing is running.");
    }),
    reg(COMMANDS.undoLastRun, (opts) => undoLastRun(s, (opts ?? {}) as UndoOptions)),
    reg(COMMANDS.showPanel, async () => {
      await s.panels.show();
      await s.review.reveal();
    }),
    reg(COMMANDS.setApiKey, (key) => setApiKey(s, key)),
    // Not in the palette: the status bar runs it after a run that could not start.
    reg(SHOW_LAST_MESSAGE_COMMAND, () => s.notices.showAgain()),
    // Not in the palette: the idle status bar item runs it.
    reg(SHOW_COMMANDS_COMMAND, () => vscode.commands.executeCommand("workbench.action.quickOpen", ">Greenloop: ")),
    reg(COMMANDS.train, (opts) => runTraining(s, opts)),
    reg(COMMANDS.showTrainingReport, () => loadLatestTrainingReport(s)),
    reg(COMMANDS.acceptHunk, (ref) => decideHunk(s, "accepted", ref)),
    reg(COMMANDS.rejectHunk, (ref) => decideHunk(s, "rejected", ref)),
    reg(COMMANDS.acceptAll, () => decideAll(s, "accepted")),
    reg(COMMANDS.rejectAll, () => decideAll(s, "rejected")),
  ];
}
