/**
 * Undo of one run: only the files the run wrote go back, and only where they still hold what the run left.
 * A file edited since is merged when the run's change comes out cleanly, and otherwise left alone with its three
 * versions saved for the user to compare. Deciding (plan) and writing (apply) are separate, so hosts can show the
 * plan and ask first.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { rebaseChange } from "../edits/diff";
import type { WorkspaceFiles } from "../ports";
import type { RunJournal } from "./runJournal";
import type { ShadowRepo } from "./shadowRepo";

export type UndoAction =
  /** Still as the run left it: put back as before. */
  | "restore"
  /** The run created it and it is unchanged since: delete it. */
  | "delete"
  /** Edited since; the run's change came out cleanly, keeping the later edits. */
  | "merge"
  /** Already as before the run. */
  | "unchanged"
  /** Edited since in a way the run's change cannot be taken out of: needs the user. */
  | "conflict";

export interface UndoStep {
  path: string;
  action: UndoAction;
  /** Text the file gets (restore, merge); undefined for delete, unchanged and conflict. */
  result?: string;
  /** What is on disk now (undefined: missing). */
  current: string | undefined;
  before: string | undefined;
  after: string | undefined;
  /** Why a conflict is one. */
  reason?: string;
}

export interface UndoPlan {
  runId: string;
  steps: UndoStep[];
  conflicts: UndoStep[];
}

export async function planUndo(repo: ShadowRepo, journal: RunJournal, files: WorkspaceFiles): Promise<UndoPlan> {
  const steps: UndoStep[] = [];
  for (const [rel, entry] of Object.entries(journal.data.files)) {
    const before = entry.before === null ? undefined : (await repo.readBlob(entry.before)).toString("utf8");
    const after = entry.after === null ? undefined : (await repo.readBlob(entry.after)).toString("utf8");
    let current: string | undefined;
    try {
      current = await files.read(rel);
    } catch (error) {
      steps.push({
        path: rel,
        action: "conflict",
        current: undefined,
        before,
        after,
        reason: (error as Error).message,
      });
      continue;
    }
    steps.push(decide(rel, before, after, current));
  }
  return { runId: journal.data.runId, steps, conflicts: steps.filter((s) => s.action === "conflict") };
}

function decide(
  rel: string,
  before: string | undefined,
  after: string | undefined,
  current: string | undefined,
): UndoStep {
  const base = { path: rel, current, before, after };
  if (current === before) return { ...base, action: "unchanged" };
  if (current === after)
    return before === undefined ? { ...base, action: "delete" } : { ...base, action: "restore", result: before };
  if (before !== undefined && after !== undefined && current !== undefined) {
    const merged = rebaseChange(after, before, current);
    if (merged !== undefined) return { ...base, action: "merge", result: merged };
    return { ...base, action: "conflict", reason: "edited since the run, in the lines the run changed" };
  }
  if (current === undefined) return { ...base, action: "conflict", reason: "deleted since the run" };
  return {
    ...base,
    action: "conflict",
    reason: before === undefined ? "created by the run and edited since" : "edited since the run",
  };
}

/**
 * Writes the plan. Every write is compare-and-swap against what the plan saw, so an edit made while the user
 * read the plan is never overwritten. With `force`, conflicts are put back to their content before the run too
 * (the caller snapshots first). `record` is called before each write (the undo's own journal).
 */
export async function applyUndo(
  plan: UndoPlan,
  files: WorkspaceFiles,
  options: {
    force?: boolean;
    record?: (rel: string, before: string | undefined, after: string | undefined) => Promise<void>;
  } = {},
): Promise<UndoStep[]> {
  const done: UndoStep[] = [];
  for (const step of plan.steps) {
    const target =
      step.action === "conflict"
        ? options.force
          ? step.before
          : null
        : step.action === "delete"
          ? undefined
          : step.result;
    if (step.action === "unchanged" || target === null) continue;
    await options.record?.(step.path, step.current, target);
    if (target === undefined) {
      if (step.current !== undefined) await files.remove(step.path, step.current);
    } else {
      await files.write(step.path, target, step.current ?? null);
    }
    done.push(step);
  }
  return done;
}

/** Saves the three versions of each conflict under `dir` (`<path>.before`, `.run`, `.now`); returns the folder. */
export async function saveConflictVersions(plan: UndoPlan, dir: string): Promise<string> {
  for (const step of plan.conflicts) {
    const base = path.join(dir, ...step.path.split("/"));
    await mkdir(path.dirname(base), { recursive: true });
    const versions: Array<[string, string | undefined]> = [
      ["before", step.before],
      ["run", step.after],
      ["now", step.current],
    ];
    for (const [suffix, text] of versions) if (text !== undefined) await writeFile(`${base}.${suffix}`, text);
  }
  return dir;
}
