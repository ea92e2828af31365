import * as vscode from "vscode";
import { resolveInside } from "../files/editorWorkspaceFiles";
import { errorMessage } from "../util/logger";
import type { Services } from "./services";

/** Opens a workspace-relative path from the panel (confined to the run's workspace), at a 1-based line. */
export async function openWorkspaceFile(s: Services, relPath: string, line?: number): Promise<void> {
  const root = s.runs.lastRun?.workspace ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) return;
  try {
    const uri = vscode.Uri.file(resolveInside(root, relPath));
    const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
  } catch (err) {
    s.log.warn(`Could not open ${relPath}: ${errorMessage(err)}`);
  }
}
