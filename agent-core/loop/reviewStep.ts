/**
 * The review of one proposal: who approves it (the user, or the mode), what a rejection teaches the model, and
 * when a proposal coming back means the loop goes round in circles. Writes go through workspaceWrites.
 */
import { createHash } from "node:crypto";
import { type RunContext, StopRun } from "./context";
import { acceptAll, approvalReasons, autoApproves, type Proposal } from "./proposal";
import { type AppliedChange, applyDecision } from "./workspaceWrites";

/** Where the review's lessons go: feedback for the next prompt, and the run's attempt log. */
export interface ReviewNotes {
  feedback(text: string): void;
  attempt(text: string): void;
}

/** Identifies what was written, for changes applied only in part or on top of the user's edits. */
function appliedFingerprint(applied: AppliedChange[]): string {
  return createHash("sha1")
    .update(applied.map((a) => `${a.path}\n${a.after}`).join("\0"))
    .digest("hex");
}

export class ReviewStep {
  /** Changes that were applied (and so tested): proposing one again means the loop is going round in circles. */
  private readonly applied = new Set<string>();
  /** Changes the user turned down (wholly or in part), with how often the model came back with them. */
  private readonly rejected = new Map<string, number>();

  constructor(
    private readonly ctx: RunContext,
    private readonly notes: ReviewNotes,
  ) {}

  /** Asks for approval where needed and writes what was accepted; undefined when nothing was. */
  async review(proposal: Proposal): Promise<AppliedChange[] | undefined> {
    const { ctx } = this;
    if (this.applied.has(proposal.fingerprint)) {
      throw new StopRun(
        "stuck",
        "Stuck: the model proposed a change that was already applied and tested without fixing the tests.",
      );
    }
    const reasons = await approvalReasons(ctx, proposal);
    const timesRejected = this.rejected.get(proposal.fingerprint) ?? 0;
    if (timesRejected >= 2) {
      throw new StopRun("stuck", "Stuck: the model keeps proposing the change you rejected.");
    }
    // A rejected change coming back is the user's call again, never auto-approved and never a silent stop.
    if (timesRejected > 0) reasons.unshift("The model proposed the change you rejected again");
    const auto = autoApproves(ctx, proposal, reasons);
    ctx.emit("patch-proposed", {
      iteration: ctx.iteration,
      proposalId: proposal.id,
      source: proposal.source,
      needsApproval: !auto,
      files: proposal.changes.map((c) => ({
        path: c.path,
        diff: c.diff,
        hunkCount: c.hunks.length,
        isNew: c.isNew,
        isTestFile: c.isTestFile,
        dangers: c.dangers,
      })),
    });
    const decision = auto
      ? acceptAll(proposal)
      : await ctx.ports.approve({
          proposalId: proposal.id,
          iteration: ctx.iteration,
          source: proposal.source,
          files: proposal.changes,
          reasons,
          signal: ctx.signal,
        });
    if (ctx.signal.aborted) throw new StopRun("cancelled", "Cancelled during review.");
    if (decision.withdrawn) {
      ctx.emit("log", {
        level: "info",
        message: "The proposal was withdrawn: the file was edited during review. Asking the model again.",
      });
      this.notes.feedback(
        decision.feedback?.trim() || "The file changed during review; make the change again against its current text.",
      );
      return undefined;
    }
    const accepted = decision.files.filter((f) => f.acceptedHunks.length > 0);
    const whole = proposal.changes.every(
      (c) => decision.files.find((f) => f.path === c.path)?.acceptedHunks.length === c.hunks.length,
    );
    if (!whole) this.rejected.set(proposal.fingerprint, timesRejected + 1);
    if (accepted.length === 0) {
      const why = decision.feedback?.trim() || "the user rejected the change";
      ctx.emit("patch-rejected", { proposalId: proposal.id, reason: why });
      const shown =
        proposal.source === "memory"
          ? "The fix replayed from memory was rejected"
          : "Your previous change was rejected";
      this.notes.feedback(`${shown}: ${why}. Do not propose it again; propose a different fix.`);
      this.notes.attempt(`Iteration ${ctx.iteration}: change rejected by the user (${why}).`);
      return undefined;
    }
    ctx.emit("patch-approved", {
      proposalId: proposal.id,
      auto,
      accepted: accepted.map((f) => ({ path: f.path, hunks: f.acceptedHunks })),
    });
    if (decision.feedback) this.notes.feedback(`Reviewer note: ${decision.feedback}`);
    ctx.failingTestsPassed = false;
    const result = await applyDecision(ctx, proposal, decision);
    for (const w of result.withdrawn) ctx.emit("log", { level: "warn", message: w.reason });
    for (const rel of result.rebased)
      ctx.emit("log", {
        level: "info",
        message: `${rel} changed during review; the change was applied on top of those edits`,
      });
    if (result.withdrawn.length) {
      this.notes.feedback(
        `Not applied because the file changed meanwhile: ${result.withdrawn.map((w) => w.path).join(", ")}. Propose the change again against the current text.`,
      );
    }
    if (result.applied.length === 0) return undefined;
    this.applied.add(whole && result.rebased.length === 0 ? proposal.fingerprint : appliedFingerprint(result.applied));
    ctx.emit("patch-applied", { proposalId: proposal.id, paths: result.applied.map((a) => a.path) });
    return result.applied;
  }
}
