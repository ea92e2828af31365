/** Opening and closing the diff editors of a review without taking an editor or focus from a user who is typing. */
import * as vscode from "vscode";
import { Disposable } from "../util/disposable";
import { type ActiveEditorState, diffPlacement } from "./diffPlacement";
import { PROPOSAL_SCHEME } from "./proposalDocuments";

/**
 * How a diff opens: never focused, never as a preview tab (a preview would take the place of the user's own
 * preview tab in that group), and beside the editor the user is working in.
 */
export function diffShowOptions(active: ActiveEditorState | undefined): vscode.TextDocumentShowOptions {
  return {
    preserveFocus: true,
    preview: false,
    viewColumn: diffPlacement(active) === "beside" ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
  };
}

/** Opens review diffs and closes them again; knows whether the user typed in the active editor. */
export class ReviewEditors extends Disposable {
  /** The document the user changed while it was the active editor, until another editor becomes active. */
  private typedIn?: vscode.TextDocument;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document === vscode.window.activeTextEditor?.document)
          this.typedIn = e.document;
      }),
    );
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document !== this.typedIn) this.typedIn = undefined;
      }),
    );
  }

  /** The active editor as `diffPlacement` needs it. */
  activeEditorState(): ActiveEditorState | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc) return undefined;
    return {
      isUserDocument: doc.uri.scheme !== PROPOSAL_SCHEME,
      isDirty: doc.isDirty,
      typedIn: doc === this.typedIn,
    };
  }

  /** Shows `left` ↔ `right` in the diff editor without stealing focus or an editor. */
  async openDiff(left: vscode.Uri, right: vscode.Uri, title: string): Promise<void> {
    await vscode.commands.executeCommand("vscode.diff", left, right, title, diffShowOptions(this.activeEditorState()));
  }

  /** Closes every tab that shows one of `uris` (as either side of a diff, or alone). */
  async closeTabs(uris: readonly vscode.Uri[]): Promise<void> {
    const wanted = new Set(uris.map((u) => u.toString()));
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((tab) => {
        const input = tab.input;
        if (input instanceof vscode.TabInputTextDiff)
          return wanted.has(input.modified.toString()) || wanted.has(input.original.toString());
        if (input instanceof vscode.TabInputText) return wanted.has(input.uri.toString());
        return false;
      });
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
  }
}
