/** What a review looks like from outside (panel, commands, tests) and the state of the one open review. */
import type * as vscode from "vscode";
import type { FileChange } from "../../agent-core/edits/types";
import type { ApprovalDecision, ApprovalRequest } from "../../agent-core/ports";
import type { HunkRef, HunkVerdict, ReviewSession } from "./reviewSession";

/** A proposal under review, as the panel and tests see it (no abort signal). */
export type ProposalForReview = Omit<ApprovalRequest, "signal">;

/** Who decided a hunk. */
export type DecisionOrigin = "editor" | "panel" | "api";

/** One hunk verdict, broadcast so the other views mirror it. */
export interface HunkDecided extends HunkRef {
  verdict: HunkVerdict;
  origin: DecisionOrigin;
}

/** How a review ended. */
export interface ReviewClosed {
  proposalId: string;
  /** Undefined when the run was cancelled or the review superseded. */
  decision?: ApprovalDecision;
  /** Why the proposal was withdrawn (the user edited the lines it changes), when it was. */
  withdrawn?: string;
}

/** Diff helpers the review needs to follow the user's edits; the core provides them to the run. */
export interface ReviewDiffs {
  rebaseChange(from: string, to: string, onto: string): string | undefined;
  makeFileChange(path: string, before: string, after: string, opts?: { isNew?: boolean }): FileChange;
}

/** Reads the text the user currently sees for a workspace-relative path. */
export type CurrentTextReader = (relPath: string) => Promise<string | undefined>;

/** How an open review settles: with the loop's decision, or with an error (cancelled, superseded, shut down). */
export type ReviewOutcome = { decision: ApprovalDecision; withdrawn?: string } | { error: Error };

/** The one review open now. */
export interface ActiveReview {
  proposal: ProposalForReview;
  /** The files as the loop proposed them; `proposal.files` is what is shown (carried onto the user's edits). */
  original: Map<string, FileChange>;
  diffs?: ReviewDiffs;
  session: ReviewSession;
  root: string;
  afterUris: Map<string, vscode.Uri>;
  leftUris: Map<string, vscode.Uri>;
  readCurrent: CurrentTextReader;
  shownPath?: string;
  feedback: string[];
  finishing: boolean;
  settle(outcome: ReviewOutcome): void;
}

/** An error the loop reads as a cancellation. */
export function abortError(message: string): Error {
  const err = new Error(message);
  err.name = "AbortError";
  return err;
}
