import type * as vscode from "vscode";
import type { ReviewController } from "./reviewController";

/** Accept / Reject CodeLenses above each hunk of a proposal document (the right side of the review diff). */
export class HunkCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly review: ReviewController) {
    this.onDidChangeCodeLenses = review.onDidChangeLenses;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return this.review.lensesFor(document.uri);
  }
}
