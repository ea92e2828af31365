/** The diff editors of the open review: one proposal document per file, shown, redrawn and closed again. */
import * as path from "node:path";
import * as vscode from "vscode";
import type { FileChange } from "../../agent-core/edits/types";
import type { Logger } from "../../agent-core/ports";
import type { ProposalDocuments } from "./proposalDocuments";
import type { ReviewEditors } from "./reviewEditors";
import type { ActiveReview } from "./reviewTypes";

export class ReviewDiffView {
  constructor(
    private readonly docs: ProposalDocuments,
    private readonly editors: ReviewEditors,
    private readonly log: Logger,
  ) {}

  /** Serves `f`'s proposed text (and an empty left side for a new file) under the review's URIs. */
  register(a: ActiveReview, f: FileChange): void {
    const proposalId = a.proposal.proposalId;
    a.afterUris.set(f.path, this.docs.put({ proposalId, path: f.path, side: "after" }, f.after));
    a.leftUris.set(
      f.path,
      f.isNew
        ? this.docs.put({ proposalId, path: f.path, side: "before" }, "")
        : vscode.Uri.file(path.join(a.root, f.path)),
    );
  }

  /** Serves the redrawn proposal of `rel` (carried onto the user's edits). */
  redraw(a: ActiveReview, rel: string, after: string): void {
    a.afterUris.set(rel, this.docs.put({ proposalId: a.proposal.proposalId, path: rel, side: "after" }, after));
  }

  /** Shows the diff of `relPath`, unless it is the one shown already and `force` is not set. */
  async show(a: ActiveReview, relPath: string, force: boolean): Promise<void> {
    if (!force && a.shownPath === relPath) return;
    const left = a.leftUris.get(relPath);
    const right = a.afterUris.get(relPath);
    if (!left || !right) return;
    a.shownPath = relPath;
    const title = `${path.basename(relPath)} ↔ Greenloop proposal (iteration ${a.proposal.iteration})`;
    try {
      await this.editors.openDiff(left, right, title);
      // An edit made while the diff was opening redrew the proposal before the editor could hear of it.
      const shown = a.proposal.files.find((f) => f.path === relPath);
      if (shown && shown !== a.original.get(relPath))
        this.docs.put({ proposalId: a.proposal.proposalId, path: relPath, side: "after" }, shown.after);
    } catch (err) {
      this.log.warn(`Could not open the diff for ${relPath}: ${(err as Error).message}`);
    }
  }

  /** Closes the review's tabs and forgets its documents. */
  async cleanUp(a: ActiveReview): Promise<void> {
    try {
      await this.editors.closeTabs([
        ...a.afterUris.values(),
        ...[...a.leftUris.values()].filter((u) => u.scheme !== "file"),
      ]);
    } catch (err) {
      this.log.debug(`Closing review tabs failed: ${(err as Error).message}`);
    }
    this.docs.drop(a.proposal.proposalId);
  }
}
