import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { applyFileEdits } from "../edits/applyFileEdits";
import { makeFileChange } from "../edits/diff";
import { resolveInsideWorkspace } from "../edits/paths";
import { findProjectFolder } from "../edits/projectFolder";
import { isTestFile, scanDangers } from "../edits/safety";
import { reviewReasonsFor } from "../edits/sensitivePaths";
import type { FileChange, FileEdit } from "../edits/types";
import type { ApprovalDecision } from "../ports";
import type { RunContext } from "./context";

export interface Proposal {
  id: string;
  source: "model" | "memory";
  changes: FileChange[];
  /** Problems the model should hear about (blocks that did not apply, refused paths). */
  feedback: string[];
  /** Identifies the same change proposed again. */
  fingerprint: string;
}

/** Feedback for edits that all applied and left every file as it was. */
export const NO_CHANGE_FEEDBACK = "Your edits changed nothing: the new text equals the current text.";

/** Turns edits (blocks, whole files, diffs) into review-ready file changes, refusing what the agent may not touch. */
export async function buildProposal(
  ctx: RunContext,
  edits: readonly FileEdit[],
  source: "model" | "memory",
): Promise<Proposal> {
  const { files, feedback } = await applyFileEdits(edits, {
    resolve: async (written, out) => {
      const rel = await confine(ctx, written, out);
      if (rel && isTestFile(rel) && !ctx.config.allowTestEdits) {
        out.push(`Refused: ${rel} is a test file. The tests are correct and read-only; change the source instead.`);
        return undefined;
      }
      return rel;
    },
    read: (rel) => ctx.ports.files.read(rel),
  });
  const changes: FileChange[] = [];
  for (const [rel, entry] of files) {
    const before = entry.before ?? "";
    const after = entry.after ?? "";
    if (before === after) continue;
    changes.push(
      makeFileChange(rel, before, after, {
        isNew: entry.before === undefined,
        isTestFile: isTestFile(rel),
        matchKinds: entry.kinds,
        dangers: scanDangers(before, after, rel),
      }),
    );
  }
  if (changes.length === 0 && edits.length > 0 && feedback.length === 0) {
    feedback.push(NO_CHANGE_FEEDBACK);
  }
  const fingerprint = createHash("sha1")
    .update(changes.map((c) => `${c.path}\n${c.after}`).join("\0"))
    .digest("hex");
  return { id: `p-${randomBytes(4).toString("hex")}`, source, changes, feedback, fingerprint };
}

/** Resolves a model-written path inside the workspace; returns it relative, or undefined with feedback. */
async function confine(ctx: RunContext, written: string, feedback: string[]): Promise<string | undefined> {
  try {
    const abs = await resolveInsideWorkspace(ctx.config.workspace, written);
    return path.relative(ctx.config.workspace, abs).split(path.sep).join("/");
  } catch (error) {
    // The confinement messages name the path as written.
    feedback.push(`Refused: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Why a proposal needs a human even when the mode auto-approves; empty when the mode alone decides.
 * Test files, risky added code, files that run code outside the tests (sensitivePaths.ts), hidden folders,
 * new #! scripts and new files outside the target's project.
 */
export async function approvalReasons(ctx: RunContext, proposal: Proposal): Promise<string[]> {
  const reasons: string[] = [];
  const project = proposal.changes.some((c) => c.isNew)
    ? await findProjectFolder(ctx.config.workspace, targetPath(ctx))
    : "";
  for (const change of proposal.changes) {
    if (change.isTestFile) reasons.push(`${change.path} is a test file`);
    for (const danger of change.dangers)
      reasons.push(`${change.path} adds a ${danger.kind} call: ${danger.line.trim()}`);
    reasons.push(...reviewReasonsFor(change, project));
  }
  return reasons;
}

/** The target, workspace-relative with "/" (the config may hold it absolute or with "./", or name the test it came from). */
function targetPath(ctx: RunContext): string {
  if (ctx.target) return ctx.target;
  const { workspace, targetFile } = ctx.config;
  const rel = path.isAbsolute(targetFile) ? path.relative(workspace, targetFile) : targetFile;
  return rel
    .split(path.sep)
    .join("/")
    .replace(/^(?:\.\/)+/, "");
}

/** Whether the mode approves this proposal without asking. */
export function autoApproves(ctx: RunContext, proposal: Proposal, reasons: string[]): boolean {
  if (reasons.length > 0) return false;
  if (ctx.config.approval === "auto-all") return true;
  if (ctx.config.approval === "auto-target") {
    const target = targetPath(ctx);
    return proposal.changes.every((c) => c.path === target || ctx.stackFiles.has(c.path));
  }
  return false;
}

/** Everything accepted. */
export function acceptAll(proposal: Proposal): ApprovalDecision {
  return { files: proposal.changes.map((c) => ({ path: c.path, acceptedHunks: c.hunks.map((_, i) => i) })) };
}
