/**
 * A proposal under review following the user's edits to its file: carried onto their text when it can be, else
 * withdrawn with words for the user and feedback for the model. Pure apart from the types.
 */
import * as path from "node:path";
import type { FileChange } from "../../agent-core/edits/types";
import type { ApprovalDecision } from "../../agent-core/ports";
import type { ActiveReview } from "./reviewTypes";

/**
 * The proposal for `rel` redrawn on top of `text` (the user's version), or undefined when it cannot keep the
 * loop's hunks (verdicts are per hunk) and must be withdrawn.
 */
export function redrawOnUserText(a: ActiveReview, rel: string, text: string): FileChange | undefined {
  const original = a.original.get(rel)!;
  if (text === original.before) return original;
  const carried = a.diffs?.rebaseChange(original.before, original.after, text);
  const redrawn = carried === undefined ? undefined : a.diffs!.makeFileChange(rel, text, carried, { isNew: false });
  // Verdicts are per hunk: the redrawn change must have the loop's hunks, in the same order.
  if (!redrawn || redrawn.hunks.length !== original.hunks.length) return undefined;
  return { ...redrawn, isTestFile: original.isTestFile, dangers: original.dangers, matchKinds: original.matchKinds };
}

/** What withdrawing the proposal because of the user's edit to `rel` tells the user and the loop. */
export function withdrawal(a: ActiveReview, rel: string): { message: string; decision: ApprovalDecision } {
  const name = path.basename(rel);
  const message = `You edited ${name} where Greenloop's proposed change was, so the proposal was withdrawn; Greenloop asks the model again, starting from your text.`;
  const files = a.proposal.files.map((f) => ({ path: f.path, acceptedHunks: [] as number[] }));
  const feedback = [
    `Withdrawn: the user edited ${rel} during review, in the lines this change touches. Make the change again against the file's current text, which includes the user's edit.`,
    ...a.feedback,
  ].join("\n");
  return { message, decision: { files, feedback, withdrawn: true } };
}
