/**
 * Every write the loop makes: recorded in the run's journal first, then compare-and-swap against the text the
 * change was made from. Someone else's edit (the user typing during review, a test rewriting a file) is never
 * overwritten: the change is carried over onto it when its hunks still land exactly, and withdrawn otherwise.
 */
import { applyHunkSubset, rebaseChange } from "../edits/diff";
import { WriteConflict } from "../edits/fileErrors";
import type { ApprovalDecision } from "../ports";
import type { RunContext } from "./context";
import type { Proposal } from "./proposal";

export interface AppliedChange {
  path: string;
  /** Text before this write (undefined: the file did not exist). */
  before: string | undefined;
  after: string;
}

export interface ApplyResult {
  applied: AppliedChange[];
  /** Files whose change was dropped because the file changed under it, with why. */
  withdrawn: Array<{ path: string; reason: string }>;
  /** Files whose change was carried over onto edits made meanwhile. */
  rebased: string[];
}

export interface RevertResult {
  /** Files put back. */
  reverted: string[];
  /** Files left as they are, with why (edited meanwhile so that the run's change cannot be taken out). */
  kept: Array<{ path: string; reason: string }>;
}

/** Writes `content` over `expected` (undefined content: delete), journal first. Throws WriteConflict on a race. */
export async function writeTracked(
  ctx: RunContext,
  rel: string,
  content: string | undefined,
  expected: string | undefined,
): Promise<void> {
  await ctx.runCheckpoint?.willWrite(rel, expected, content);
  if (content === undefined) {
    if (expected !== undefined) await ctx.ports.files.remove(rel, expected);
  } else {
    await ctx.ports.files.write(rel, content, expected ?? null);
  }
  const known = ctx.touched.get(rel);
  ctx.touched.set(rel, { before: known ? known.before : expected, after: content });
}

/** Writes the accepted hunks of `proposal`. */
export async function applyDecision(
  ctx: RunContext,
  proposal: Proposal,
  decision: ApprovalDecision,
): Promise<ApplyResult> {
  const result: ApplyResult = { applied: [], withdrawn: [], rebased: [] };
  for (const change of proposal.changes) {
    const accepted = decision.files.find((f) => f.path === change.path)?.acceptedHunks ?? [];
    if (accepted.length === 0) continue;
    let content =
      accepted.length === change.hunks.length ? change.after : applyHunkSubset(change.before, change.hunks, accepted);
    let base = change.isNew ? undefined : change.before;
    const now = await ctx.ports.files.read(change.path);
    if (now !== base) {
      const carried = now !== undefined && base !== undefined ? rebaseChange(base, content, now) : undefined;
      if (carried === undefined) {
        result.withdrawn.push({
          path: change.path,
          reason: `${change.path} changed while the change waited; it was withdrawn and the file left as it is`,
        });
        continue;
      }
      content = carried;
      base = now;
      result.rebased.push(change.path);
    }
    try {
      await writeTracked(ctx, change.path, content, base);
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      result.withdrawn.push({
        path: change.path,
        reason: `${change.path} changed while it was being written; the change was withdrawn`,
      });
      continue;
    }
    result.applied.push({ path: change.path, before: base, after: content });
  }
  return result;
}

/** Takes `applied` back out, newest first, without overwriting anything written since by someone else. */
export async function revertChanges(ctx: RunContext, applied: AppliedChange[]): Promise<RevertResult> {
  const result: RevertResult = { reverted: [], kept: [] };
  for (const change of [...applied].reverse()) {
    const outcome = await revertOne(ctx, change.path, change.before, change.after);
    if (outcome === true) result.reverted.push(change.path);
    else if (outcome) result.kept.push({ path: change.path, reason: outcome });
  }
  return result;
}

/** Puts every file the run wrote back as it was before the run first wrote it. */
export async function revertRun(ctx: RunContext): Promise<RevertResult> {
  const result: RevertResult = { reverted: [], kept: [] };
  for (const [rel, { before, after }] of [...ctx.touched].reverse()) {
    const outcome = await revertOne(ctx, rel, before, after);
    if (outcome === true) result.reverted.push(rel);
    else if (outcome) result.kept.push({ path: rel, reason: outcome });
  }
  return result;
}

/** true: reverted; false: nothing to do; a string: why the file was left alone. */
async function revertOne(
  ctx: RunContext,
  rel: string,
  before: string | undefined,
  after: string | undefined,
): Promise<true | false | string> {
  let now: string | undefined;
  try {
    now = await ctx.ports.files.read(rel);
  } catch (error) {
    return `${rel} could not be read: ${(error as Error).message}`;
  }
  if (now === before) return false;
  let target: string | undefined;
  if (now === after) target = before;
  else if (now !== undefined && before !== undefined && after !== undefined) {
    target = rebaseChange(after, before, now);
    if (target === undefined)
      return `${rel} was edited during the run where Greenloop changed it; Greenloop's change is still in it`;
  } else return `${rel} was ${now === undefined ? "deleted" : "edited"} during the run; left as it is`;
  try {
    await writeTracked(ctx, rel, target, now);
    return true;
  } catch (error) {
    if (!isWriteConflict(error)) throw error;
    return `${rel} changed while being restored; left as it is`;
  }
}

function isWriteConflict(error: unknown): boolean {
  return error instanceof WriteConflict;
}
