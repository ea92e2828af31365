/** Opening and closing the diff editors of a review without taking focus from a user who is typing. */
import * as vscode from "vscode";
import { Disposable } from "../util/disposable";
import { PROPOSAL_SCHEME } from "./proposalDocuments";

/** How long after a keystroke the user counts as typing. */
const TYPING_WINDOW_MS = 3000;

/** Where to show a diff: beside the editor the user is typing in, else in the active group. Never focused. */
export function diffShowOptions(typingInEditor: boolean): vscode.TextDocumentShowOptions {
  return {
    preserveFocus: true,
    preview: true,
    viewColumn: typingInEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
  };
}

/** Opens review diffs and closes them again; remembers when the user last typed in a real file. */
export class ReviewEditors extends Disposable {
  private lastTypedAt = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const active = vscode.window.activeTextEditor;
        if (
          e.contentChanges.length > 0 &&
          active &&
          e.document === active.document &&
          e.document.uri.scheme !== PROPOSAL_SCHEME
        ) {
          this.lastTypedAt = this.now();
        }
      }),
    );
  }

  /** True when a text editor is active and the user typed in it moments ago. */
  isUserTyping(): boolean {
    return vscode.window.activeTextEditor !== undefined && this.now() - this.lastTypedAt < TYPING_WINDOW_MS;
  }

  /** Shows `left` ↔ `right` in the diff editor without stealing focus. */
  async openDiff(left: vscode.Uri, right: vscode.Uri, title: string): Promise<void> {
    await vscode.commands.executeCommand("vscode.diff", left, right, title, diffShowOptions(this.isUserTyping()));
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
