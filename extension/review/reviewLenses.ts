/** The CodeLenses over a proposal document: why the file needs review, then Accept / Reject on each hunk. */
import * as vscode from "vscode";
import { hunkAnchorLine } from "./hunkLayout";
import { parseProposalUri } from "./proposalDocuments";
import { reasonsByFile } from "./reviewReasons";
import type { HunkRef } from "./reviewSession";
import type { ActiveReview } from "./reviewTypes";

/** The lenses for `uri` while `a` is open; none for documents of another proposal or the left side. */
export function reviewLenses(a: ActiveReview | undefined, uri: vscode.Uri): vscode.CodeLens[] {
  const key = parseProposalUri(uri);
  if (!a || !key || key.side !== "after" || key.proposalId !== a.proposal.proposalId) return [];
  const file = a.proposal.files.find((f) => f.path === key.path);
  if (!file) return [];
  const n = file.hunks.length;
  const why =
    reasonsByFile(
      a.proposal.reasons,
      a.proposal.files.map((f) => f.path),
    ).get(file.path) ?? [];
  const topLine = file.hunks.length ? hunkAnchorLine(file.hunks[0]) : 0;
  const top = new vscode.Range(topLine, 0, topLine, 0);
  // Clicking opens the panel, which lists every reason of the proposal.
  const reasonLenses = why.map(
    (reason) =>
      new vscode.CodeLens(top, {
        title: `$(warning) Needs your review: ${file.path} ${reason}`,
        command: "greenloop.showPanel",
      }),
  );
  return reasonLenses.concat(
    file.hunks.flatMap((h, i) => {
      const range = new vscode.Range(hunkAnchorLine(h), 0, hunkAnchorLine(h), 0);
      const ref: HunkRef = { proposalId: key.proposalId, path: file.path, hunk: i };
      const verdict = a.session.verdict(file.path, i);
      const label = n > 1 ? ` change ${i + 1}/${n}` : "";
      if (verdict === "accepted") {
        return [
          new vscode.CodeLens(range, {
            title: `$(check) Accepted${label} · Reject instead`,
            command: "greenloop.rejectHunk",
            arguments: [ref],
          }),
        ];
      }
      if (verdict === "rejected") {
        return [
          new vscode.CodeLens(range, {
            title: `$(close) Rejected${label} · Accept instead`,
            command: "greenloop.acceptHunk",
            arguments: [ref],
          }),
        ];
      }
      return [
        new vscode.CodeLens(range, {
          title: `$(check) Accept${label}`,
          command: "greenloop.acceptHunk",
          arguments: [ref],
        }),
        new vscode.CodeLens(range, { title: "$(close) Reject", command: "greenloop.rejectHunk", arguments: [ref] }),
      ];
    }),
  );
}
