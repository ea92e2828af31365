import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { applyEdit } from "../edits/apply";
import { makeFileChange } from "../edits/diff";
import { scanDangers, isTestFile } from "../edits/safety";
import { reviewReasonsFor } from "../edits/sensitivePaths";
import { findProjectFolder } from "../edits/projectFolder";
import { resolveInsideWorkspace } from "../edits/paths";
import type { EditBlock, FileChange, MatchKind } from "../edits/types";
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

/** Turns edit blocks into reviewed-ready file changes, refusing what the agent may not touch. */
export async function buildProposal(ctx: RunContext, blocks: EditBlock[], source: "model" | "memory"): Promise<Proposal> {
  const feedback: string[] = [];
  const files = new Map<string, { before: string | undefined; after: string; kinds: MatchKind[] }>();
  for (const block of blocks) {
    const rel = await confine(ctx, block.path, feedback);
    if (!rel) continue;
    if (isTestFile(rel) && !ctx.config.allowTestEdits) {
      feedback.push(`Refused: ${rel} is a test file. The tests are correct and read-only; change the source instead.`);
      continue;
    }
    const entry = files.get(rel) ?? (await loadEntry(ctx, rel));
    const current = entry.after;
    if (entry.before === undefined && current === "" && block.search.trim() === "") {
      files.set(rel, { ...entry, after: block.replace, kinds: [...entry.kinds, "create"] });
      continue;
    }
    if (entry.before === undefined && current === "") {
      feedback.push(`${rel} does not exist. To create it, use an empty SEARCH section.`);
      continue;
    }
    const outcome = applyEdit(current, { ...block, path: rel });
    if (!outcome.ok) {
      feedback.push(`${rel}: ${outcome.message}`);
      continue;
    }
    files.set(rel, { ...entry, after: outcome.content, kinds: [...entry.kinds, outcome.kind] });
  }
  const changes: FileChange[] = [];
  for (const [rel, entry] of files) {
    const before = entry.before ?? "";
    if (before === entry.after) continue;
    changes.push(
      makeFileChange(rel, before, entry.after, {
        isNew: entry.before === undefined,
        isTestFile: isTestFile(rel),
        matchKinds: entry.kinds,
        dangers: scanDangers(before, entry.after, rel),
      }),
    );
  }
  if (changes.length === 0 && blocks.length > 0 && feedback.length === 0) {
    feedback.push("Your blocks changed nothing: the replacement equals the current text.");
  }
  const fingerprint = createHash("sha1")
    .update(changes.map((c) => `${c.path}\n${c.after}`).join("\0"))
    .digest("hex");
  return { id: `p-${randomBytes(4).toString("hex")}`, source, changes, feedback, fingerprint };
}

async function loadEntry(ctx: RunContext, rel: string) {
  const before = await ctx.ports.files.read(rel);
  return { before, after: before ?? "", kinds: [] as MatchKind[] };
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
  const project = proposal.changes.some((c) => c.isNew) ? await findProjectFolder(ctx.config.workspace, targetPath(ctx)) : "";
  for (const change of proposal.changes) {
    if (change.isTestFile) reasons.push(`${change.path} is a test file`);
    for (const danger of change.dangers) reasons.push(`${change.path} adds a ${danger.kind} call: ${danger.line.trim()}`);
    reasons.push(...reviewReasonsFor(change, project));
  }
  return reasons;
}

/** The target, workspace-relative with "/" (the config may hold it absolute or with "./"). */
function targetPath(ctx: RunContext): string {
  const { workspace, targetFile } = ctx.config;
  const rel = path.isAbsolute(targetFile) ? path.relative(workspace, targetFile) : targetFile;
  return rel.split(path.sep).join("/").replace(/^(?:\.\/)+/, "");
}

/** Whether the mode approves this proposal without asking. */
export function autoApproves(ctx: RunContext, proposal: Proposal, reasons: string[]): boolean {
  if (reasons.length > 0) return false;
  if (ctx.config.approval === "auto-all") return true;
  if (ctx.config.approval === "auto-target") return proposal.changes.every((c) => c.path === targetPath(ctx));
  return false;
}

/** Everything accepted. */
export function acceptAll(proposal: Proposal): ApprovalDecision {
  return { files: proposal.changes.map((c) => ({ path: c.path, acceptedHunks: c.hunks.map((_, i) => i) })) };
}
