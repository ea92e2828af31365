import * as path from "node:path";
import * as vscode from "vscode";
import type { RunSummary } from "../../agent-core/loop/runLoop";
import { needsApiKey } from "../providers/registry";
import { finishNotice, refusalFor } from "./runMessages";
import { startFixRun } from "./runStart";
import type { Services } from "./services";
import { refreshUndoState } from "./undoCommand";

function targetOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

/**
 * "Greenloop: Fix Until Tests Pass" on a file (context menu argument, else the active editor). Resolves with
 * the run's summary when the loop ends, or undefined when the run did not start.
 */
export async function fixUntilGreen(s: Services, arg?: unknown): Promise<RunSummary | undefined> {
  const target = targetOf(arg);
  if (target?.scheme !== "file") {
    void vscode.window.showWarningMessage(
      "Greenloop: open a source file (or right-click one in the Explorer) to fix it until its tests pass.",
    );
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(target);
  if (!folder) {
    void vscode.window.showErrorMessage(`Greenloop: ${target.fsPath} is not inside an open workspace folder.`);
    return undefined;
  }
  const targetFile = path.relative(folder.uri.fsPath, target.fsPath).split(path.sep).join("/");
  let provider = "";
  const summary = await startFixRun(s, {
    folder,
    plan: async (settings) => {
      const refusal = refusalFor(targetFile);
      if (refusal) {
        s.log.info(`Not fixing ${targetFile}: ${refusal.text}`);
        s.notices.show(refusal);
        return undefined;
      }
      provider = settings.provider;
      return { targetFile, settings, title: `Greenloop: fixing ${targetFile}` };
    },
  });
  if (!summary) return undefined;
  const undoable = await refreshUndoState(s);
  s.notices.show(finishNotice(summary, { undoable, needsApiKey: needsApiKey(await s.loadCore(), provider) }));
  return summary;
}
