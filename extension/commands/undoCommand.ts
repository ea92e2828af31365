import * as path from "node:path";
import * as vscode from "vscode";
import { locksDir } from "../config/storagePaths";
import { EditorWorkspaceFiles } from "../files/editorWorkspaceFiles";
import { errorMessage } from "../util/logger";
import type { Services } from "./services";
import { undoConfirmation, undoneMessage } from "./undoMessages";

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
  /** The undo's own run id (reversing it brings the changes back). */
  undoRunId?: string;
}

/** Workspace-state key of the last known "can undo", so the menu is right after a reload without running git. */
export const CAN_UNDO_KEY = "greenloop.canUndo";

function storeFor(s: Services, workspace: string, core: Awaited<ReturnType<Services["loadCore"]>>) {
  return new core.ShadowCheckpoints({ workspace, storageDir: s.runs.checkpointsDir, lockDir: locksDir() });
}

function setCanUndo(s: Services, canUndo: boolean): void {
  s.contextKeys.setCanUndo(canUndo);
  void s.context.workspaceState.update(CAN_UNDO_KEY, canUndo);
}

/**
 * Works out whether the last run left changes Undo would take back, and tells the menus and the panel.
 * Never throws: an unreadable journal means there is nothing Undo can do.
 */
export async function refreshUndoState(s: Services): Promise<boolean> {
  const last = s.runs.lastRun;
  let canUndo = false;
  if (last) {
    try {
      const core = await s.loadCore();
      const { plan } = await storeFor(s, last.workspace, core).planUndo(
        new EditorWorkspaceFiles(last.workspace, s.log),
        last.runId,
      );
      canUndo = plan.steps.some((step) => step.action !== "unchanged");
    } catch (err) {
      s.log.debug(`Nothing to undo for run ${last.runId}: ${errorMessage(err)}`);
    }
    s.panels.setUndoState(last.runId, canUndo ? "available" : "nothing");
  }
  setCanUndo(s, canUndo);
  return canUndo;
}

/**
 * Takes back what the last run wrote, and nothing else: files edited since keep those edits (the run's change is
 * taken out of them), and when that cannot be done cleanly nothing is written until the user decides. Writes go
 * through the editor, so open documents follow and each change is on the undo stack.
 */
export async function undoLastRun(s: Services, options: UndoOptions = {}): Promise<UndoResult | undefined> {
  if (s.runs.isRunning) {
    void vscode.window.showWarningMessage(
      "Greenloop: stop the current run before undoing (a cancelled run takes back its own change).",
    );
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
    const store = storeFor(s, workspace, core);
    const files = new EditorWorkspaceFiles(workspace, s.log);
    const { run, plan } = await store.planUndo(files, last?.runId).catch((error: Error) => {
      // A run that stopped before its checkpoint (or was never recorded) left nothing to take back.
      const text = last ? "the last run left no change to take back." : error.message;
      void vscode.window.showInformationMessage(`Greenloop: ${text}`);
      return { run: undefined, plan: undefined };
    });
    if (!run || !plan) {
      setCanUndo(s, false);
      return undefined;
    }
    const changing = plan.steps.filter((step) => step.action !== "unchanged");
    if (changing.length === 0) {
      setCanUndo(s, false);
      s.panels.setUndoState(run.runId, "nothing");
      if (!options.skipConfirm)
        void vscode.window.showInformationMessage(
          "Greenloop: the files of the last run are already as they were before it.",
        );
      return { runId: run.runId, files: [], conflicts: [] };
    }
    let force = options.force ?? false;
    if (plan.conflicts.length > 0 && !force) {
      const names = plan.conflicts.map((c) => c.path).join(", ");
      if (options.skipConfirm) return { runId: run.runId, files: [], conflicts: plan.conflicts.map((c) => c.path) };
      const pick = await vscode.window.showWarningMessage(
        `You edited ${names} since the last Greenloop run, where the run changed it. Undo would lose those edits.`,
        {
          modal: true,
          detail:
            "Nothing has been changed. 'Put Back Anyway' restores the files as they were before the run; your current text is saved in Greenloop's checkpoint first, and the greenloop command-line tool can reverse the undo (greenloop undo --run <id>).",
        },
        "Put Back Anyway",
      );
      if (pick !== "Put Back Anyway")
        return { runId: run.runId, files: [], conflicts: plan.conflicts.map((c) => c.path) };
      force = true;
    } else if (!options.skipConfirm) {
      const { message, detail } = undoConfirmation(changing);
      const pick = await vscode.window.showWarningMessage(message, { modal: true, detail }, "Undo Run");
      if (pick !== "Undo Run") return undefined;
    }
    const result = await store.undo(files, { runId: run.runId, force });
    const written = result.done.map((step) => step.path);
    await saveWritten(workspace, written);
    s.log.info(
      `Undid run ${run.runId} in ${workspace}: ${written.join(", ")}${result.undoRunId ? `; to reverse: greenloop undo --run ${result.undoRunId}` : ""}`,
    );
    if (written.length > 0) {
      s.status.undone(last?.file ?? written[0]);
      s.panels.setUndoState(run.runId, "undone");
      setCanUndo(s, false);
    }
    if (!options.skipConfirm && written.length > 0)
      s.notices.show({ level: "info", text: undoneMessage(written, result.undoRunId), actions: [] });
    return {
      runId: run.runId,
      files: written,
      conflicts: result.done.length ? [] : result.plan.conflicts.map((c) => c.path),
      undoRunId: result.undoRunId,
    };
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
