import * as path from "node:path";
import * as vscode from "vscode";
import { errorMessage } from "../util/logger";
import type { Services } from "./services";

/** Options of `greenloop.undoLastRun` (for keybindings and tests). */
export interface UndoOptions {
  /** Skip the confirmation dialog. */
  skipConfirm?: boolean;
}

/** What an undo did. */
export interface UndoResult {
  checkpointId: string;
  /** Workspace-relative paths that differed from the checkpoint. */
  files: string[];
}

/**
 * Restores the workspace to the checkpoint taken before the last run. The current state is snapshotted first
 * by ShadowCheckpoints, and unsaved editor changes to affected files are saved before, so nothing is lost.
 */
export async function undoLastRun(s: Services, options: UndoOptions = {}): Promise<UndoResult | undefined> {
  if (s.runs.isRunning) {
    void vscode.window.showWarningMessage("Greenloop: stop the current run before undoing (a cancelled run reverts its own change).");
    return undefined;
  }
  const last = s.runs.lastRun;
  const workspace = last?.workspace ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!workspace) {
    void vscode.window.showInformationMessage("Greenloop: there is no run to undo.");
    return undefined;
  }
  try {
    const core = await s.loadCore();
    const store = new core.ShadowCheckpoints({ workspace, storageDir: s.runs.checkpointsDir });
    const checkpointId = last?.checkpointId ?? (await store.latest())?.id;
    if (!checkpointId) {
      void vscode.window.showInformationMessage("Greenloop: no checkpoint to restore for this workspace.");
      return undefined;
    }
    const files = await store.changedSince(checkpointId);
    if (files.length === 0) {
      void vscode.window.showInformationMessage("Greenloop: nothing changed since the last run started.");
      return { checkpointId, files };
    }
    if (!options.skipConfirm) {
      const list = files.slice(0, 5).join(", ") + (files.length > 5 ? `, and ${files.length - 5} more` : "");
      const pick = await vscode.window.showWarningMessage(
        `Restore ${files.length} file(s) to how they were before the last Greenloop run?`,
        { modal: true, detail: `${list}\n\nThe current state is kept as a checkpoint, so this can be undone.` },
        "Restore",
      );
      if (pick !== "Restore") return undefined;
    }
    await saveDirty(workspace, files);
    await store.restore(checkpointId);
    s.log.info(`Restored checkpoint ${checkpointId.slice(0, 10)} in ${workspace}: ${files.join(", ")}`);
    if (!options.skipConfirm) void vscode.window.showInformationMessage(`Greenloop: restored ${files.length} file(s) from before the last run.`);
    return { checkpointId, files };
  } catch (err) {
    s.log.error(`Undo failed: ${errorMessage(err)}`);
    void vscode.window.showErrorMessage(`Greenloop could not undo the last run: ${errorMessage(err)}`);
    return undefined;
  }
}

/** Unsaved edits would hide the restored text (and could be saved over it later): save them into the snapshot. */
async function saveDirty(workspace: string, files: string[]): Promise<void> {
  const wanted = new Set(files.map((f) => vscode.Uri.file(path.join(workspace, f)).toString()));
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && wanted.has(doc.uri.toString())) await doc.save();
  }
}
