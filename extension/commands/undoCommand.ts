import * as path from "node:path";
import * as vscode from "vscode";
import { errorMessage } from "../util/logger";
import { EditorWorkspaceFiles } from "../files/editorWorkspaceFiles";
import { locksDir } from "../config/storagePaths";
import type { Services } from "./services";

/** Options of `greenloop.undoLastRun` (for keybindings and tests). */
export interface UndoOptions {
  /** Skip the confirmation dialog (and, with conflicts, stop instead of asking). */
  skipConfirm?: boolean;
  /** Put conflicting files back as they were before the run anyway. */
  force?: boolean;
}

/** What an undo did. */
export interface UndoResult {
  runId: string;
  /** Workspace-relative paths written or deleted. */
  files: string[];
  /** Paths edited since the run where it changed them; the undo stopped and wrote nothing. */
  conflicts: string[];
}

/**
 * Takes back what the last run wrote, and nothing else: files edited since keep those edits (the run's change is
 * taken out of them), and when that cannot be done cleanly nothing is written until the user decides. Writes go
 * through the editor, so open documents follow and each change is on the undo stack.
 */
export async function undoLastRun(s: Services, options: UndoOptions = {}): Promise<UndoResult | undefined> {
  if (s.runs.isRunning) {
    void vscode.window.showWarningMessage("Greenloop: stop the current run before undoing (a cancelled run takes back its own change).");
    return undefined;
  }
  const workspace = s.runs.lastRun?.workspace ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!workspace) {
    void vscode.window.showInformationMessage("Greenloop: there is no run to undo.");
    return undefined;
  }
  try {
    const core = await s.loadCore();
    const store = new core.ShadowCheckpoints({ workspace, storageDir: s.runs.checkpointsDir, lockDir: locksDir() });
    const files = new EditorWorkspaceFiles(workspace, s.log);
    const { run, plan } = await store.planUndo(files).catch((error: Error) => {
      void vscode.window.showInformationMessage(`Greenloop: ${error.message}`);
      return { run: undefined, plan: undefined };
    });
    if (!run || !plan) return undefined;
    const changing = plan.steps.filter((step) => step.action !== "unchanged");
    if (changing.length === 0) {
      if (!options.skipConfirm) void vscode.window.showInformationMessage("Greenloop: the files of the last run are already as they were before it.");
      return { runId: run.runId, files: [], conflicts: [] };
    }
    let force = options.force ?? false;
    if (plan.conflicts.length > 0 && !force) {
      const names = plan.conflicts.map((c) => c.path).join(", ");
      if (options.skipConfirm) return { runId: run.runId, files: [], conflicts: plan.conflicts.map((c) => c.path) };
      const pick = await vscode.window.showWarningMessage(
        `You edited ${names} since the last Greenloop run, where the run changed it. Undo would lose those edits.`,
        { modal: true, detail: "Nothing has been changed. 'Put Back Anyway' restores the files as they were before the run; the current state is kept as a checkpoint." },
        "Put Back Anyway",
      );
      if (pick !== "Put Back Anyway") return { runId: run.runId, files: [], conflicts: plan.conflicts.map((c) => c.path) };
      force = true;
    } else if (!options.skipConfirm) {
      const list = changing.slice(0, 5).map((c) => `${c.path} (${c.action})`).join(", ") + (changing.length > 5 ? `, and ${changing.length - 5} more` : "");
      const pick = await vscode.window.showWarningMessage(
        `Take back the last Greenloop run's changes to ${changing.length} file(s)?`,
        { modal: true, detail: `${list}\n\nOnly what the run wrote is taken back; your other files are not touched.` },
        "Undo Run",
      );
      if (pick !== "Undo Run") return undefined;
    }
    const result = await store.undo(files, { runId: run.runId, force });
    const written = result.done.map((step) => step.path);
    await saveWritten(workspace, written);
    s.log.info(`Undid run ${run.runId} in ${workspace}: ${written.join(", ")}`);
    if (!options.skipConfirm) void vscode.window.showInformationMessage(`Greenloop: took back the last run's changes to ${written.length} file(s).`);
    return { runId: run.runId, files: written, conflicts: result.done.length ? [] : result.plan.conflicts.map((c) => c.path) };
  } catch (err) {
    s.log.error(`Undo failed: ${errorMessage(err)}`);
    void vscode.window.showErrorMessage(`Greenloop could not undo the last run: ${errorMessage(err)}`);
    return undefined;
  }
}

/** Documents the undo wrote through the editor are saved, so the files on disk match what the user sees. */
async function saveWritten(workspace: string, files: string[]): Promise<void> {
  const wanted = new Set(files.map((f) => vscode.Uri.file(path.join(workspace, f)).toString()));
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && wanted.has(doc.uri.toString())) await doc.save();
  }
}
