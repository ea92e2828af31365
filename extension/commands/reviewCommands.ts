import * as vscode from "vscode";
import type { HunkRef, HunkVerdict } from "../review/reviewSession";
import { errorMessage } from "../util/logger";
import type { Services } from "./services";

function isHunkRef(v: unknown): v is HunkRef {
  const r = v as HunkRef;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof r.proposalId === "string" &&
    typeof r.path === "string" &&
    typeof r.hunk === "number"
  );
}

/** Accept/reject one hunk: the CodeLens passes it; from the palette, the hunk at the cursor (or the next open one). */
export function decideHunk(s: Services, verdict: HunkVerdict, arg?: unknown): boolean {
  const editor = vscode.window.activeTextEditor;
  const ref = isHunkRef(arg) ? arg : s.review.hunkAt(editor?.document.uri, editor?.selection.active.line);
  if (!ref) {
    void vscode.window.showInformationMessage("Greenloop: no change is waiting for review.");
    return false;
  }
  try {
    s.review.decideHunk(ref, verdict, "editor");
    return true;
  } catch (err) {
    void vscode.window.showWarningMessage(`Greenloop: ${errorMessage(err)}`);
    return false;
  }
}

/** Accept/reject every open hunk of the proposal under review (editor title buttons, palette). */
export function decideAll(s: Services, verdict: HunkVerdict): boolean {
  try {
    s.review.decideAll(verdict, "editor");
    return true;
  } catch (err) {
    void vscode.window.showInformationMessage(`Greenloop: ${errorMessage(err)}`);
    return false;
  }
}
