import { rm } from "node:fs/promises";
import path from "node:path";
import type { Checkpoint, CheckpointStore, RunCheckpoint, WorkspaceFiles } from "../ports";
import { plural } from "../text/plural";
import { RunJournal, type RunJournalData } from "./runJournal";
import { lockWorkspace } from "./runLock";
import { ShadowRepo } from "./shadowRepo";
import { applyUndo, planUndo, saveConflictVersions, type UndoPlan, type UndoStep } from "./undo";

export interface ShadowCheckpointOptions {
  /** The user's workspace; it is only read and restored, its own `.git` is never touched. */
  workspace: string;
  /** Where shadow repositories live (one per workspace), outside the workspace. */
  storageDir: string;
  /** Where the one-run-per-workspace locks live; hosts that share it exclude each other. Default: beside storageDir. */
  lockDir?: string;
}

/** What a whole-workspace restore would do. */
export interface RestorePlan {
  checkpoint: string;
  write: string[];
  remove: string[];
  /** A restore that deletes files or rewrites many needs the user's explicit go-ahead. */
  needsForce: boolean;
}

export interface UndoResult {
  run: RunJournalData;
  plan: UndoPlan;
  /** Steps written; empty when conflicts stopped the undo. */
  done: UndoStep[];
  /** The undo's own run id: undoing it brings the run's changes back. */
  undoRunId?: string;
  /** Where the three versions of each conflict were saved. */
  conflictsDir?: string;
  /** The snapshot taken before the undo wrote anything. */
  checkpoint?: string;
}

/** More files than this in one whole-workspace restore needs `force`. */
const RESTORE_WITHOUT_FORCE = 5;

/**
 * Checkpoints kept in a shadow git repository outside the workspace, and the journal of what each run wrote.
 * Git reads the workspace through GIT_WORK_TREE, so the user's repository, index and stash are never involved.
 */
export class ShadowCheckpoints implements CheckpointStore {
  private repoPromise?: Promise<ShadowRepo>;

  constructor(private readonly options: ShadowCheckpointOptions) {}

  private repo(): Promise<ShadowRepo> {
    this.repoPromise ??= ShadowRepo.forWorkspace(this.options.workspace, this.options.storageDir);
    return this.repoPromise;
  }

  /** The shadow repository's folder for this workspace. */
  async gitDir(): Promise<string> {
    return (await this.repo()).gitDir;
  }

  private get lockDir(): string {
    return this.options.lockDir ?? path.join(path.dirname(this.options.storageDir), "locks");
  }

  async snapshot(label: string, include: string[] = []): Promise<Checkpoint & { files: number; skipped: string[] }> {
    const result = await (await this.repo()).snapshot(label, include);
    return { id: result.id, createdAt: Date.now(), label, files: result.files, skipped: result.skipped };
  }

  /** Locks the workspace, snapshots it and opens the run's journal; `end` releases the lock. */
  async begin(run: { runId: string; target: string; doing?: string; undoes?: string }): Promise<RunCheckpoint> {
    const repo = await this.repo();
    const release = await lockWorkspace(this.lockDir, repo.workspace, {
      runId: run.runId,
      doing: run.doing ?? `fixing ${run.target}`,
    });
    try {
      const label = `run ${run.runId}: ${run.target}`;
      const snap = await this.snapshot(label, [run.target]);
      const journal = await RunJournal.create(repo, {
        runId: run.runId,
        label,
        checkpoint: snap.id,
        undoes: run.undoes,
      });
      return {
        checkpoint: { id: snap.id, createdAt: snap.createdAt, label },
        files: snap.files,
        skipped: snap.skipped,
        willWrite: (rel, before, after) => journal.willWrite(rel, before, after),
        changedSinceStart: () => this.changedSince(snap.id),
        end: async (state) => {
          try {
            await journal.setState(state);
          } finally {
            await release();
          }
        },
      };
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Checkpoints, newest first (up to 200). */
  async list(): Promise<Checkpoint[]> {
    const repo = await this.repo();
    if (!repo.exists()) return [];
    const out = await repo.run(["log", "--format=%H%x00%ct%x00%s", "-n", "200"]).catch(() => "");
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [id, seconds, label] = line.split("\0");
        return { id, createdAt: Number(seconds) * 1000, label };
      });
  }

  /** Recorded runs, newest first. */
  async runs(): Promise<RunJournalData[]> {
    return (await RunJournal.all(await this.repo())).map((j) => j.data);
  }

  /** Files that differ between a checkpoint and the workspace now. */
  async changedSince(id: string): Promise<string[]> {
    const repo = await this.repo();
    await this.requireCheckpoint(id);
    const now = await repo.snapshot(`state after ${id.slice(0, 8)}`);
    const out = await repo.run(["diff-tree", "-r", "-z", "--no-renames", "--name-only", id, now.id]);
    return out.split("\0").filter(Boolean);
  }

  /** What restoring the whole workspace to checkpoint `id` would write and delete. */
  async planRestore(id: string): Promise<RestorePlan & { current: string }> {
    const repo = await this.repo();
    await this.requireCheckpoint(id);
    const now = await repo.snapshot(`before restore of ${id.slice(0, 8)}`);
    const out = await repo.run(["diff-tree", "-r", "-z", "--no-renames", "--name-status", now.id, id]);
    const fields = out.split("\0").filter(Boolean);
    const write: string[] = [];
    const remove: string[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) (fields[i] === "D" ? remove : write).push(fields[i + 1]);
    return {
      checkpoint: id,
      current: now.id,
      write,
      remove,
      needsForce: remove.length > 0 || write.length + remove.length > RESTORE_WITHOUT_FORCE,
    };
  }

  /**
   * Makes the workspace match checkpoint `id` (files outside the checkpoint rule, like node_modules, are left
   * alone). The current state is snapshotted first, so an unwanted restore is itself restorable. A restore that
   * deletes files or rewrites more than a few refuses without `force`.
   */
  async restore(
    id: string,
    options: { force?: boolean; plan?: RestorePlan & { current: string } } = {},
  ): Promise<RestorePlan & { current: string }> {
    // A plan the caller already showed the user carries its own safety snapshot: no second one.
    const plan = options.plan?.checkpoint === id ? options.plan : await this.planRestore(id);
    if (plan.needsForce && !options.force) {
      throw new Error(
        `Restoring checkpoint ${id.slice(0, 8)} would rewrite ${plural(plan.write.length, "file")} and delete ${plural(plan.remove.length, "file")}; ` +
          `confirm to go ahead (CLI: --force).`,
      );
    }
    const repo = await this.repo();
    if (plan.write.length) {
      const index = path.join(repo.gitDir, `restore-index-${process.pid}`);
      try {
        await repo.run(["read-tree", id], { index });
        await repo.run(["checkout-index", "-f", "-z", "--stdin"], { index, input: plan.write.join("\0") });
      } finally {
        await rm(index, { force: true });
      }
    }
    for (const rel of plan.remove) await rm(path.join(repo.workspace, ...rel.split("/")), { force: true });
    return plan;
  }

  /**
   * Reverts what run `runId` wrote (see undo.ts). Conflicts stop it, with their versions saved, unless `force`.
   * The undo is itself a recorded run, so it can be undone in turn.
   */
  async undo(files: WorkspaceFiles, options: { runId?: string; force?: boolean } = {}): Promise<UndoResult> {
    const repo = await this.repo();
    const target = options.runId ? await RunJournal.load(repo, options.runId) : await this.newestUndoable(repo);
    if (!target)
      throw new Error(
        options.runId
          ? `No run ${options.runId} is recorded for ${repo.workspace}.`
          : `No Greenloop run with changes to undo in ${repo.workspace}.`,
      );
    const run = target.data;
    const undoRunId = `undo-${run.runId}-${Date.now().toString(36)}`;
    // Locked and snapshotted before looking: nothing else writes while the plan is made and applied.
    const session = await this.begin({
      runId: undoRunId,
      target: Object.keys(run.files)[0] ?? "",
      doing: `undoing run ${run.runId}`,
      undoes: run.runId,
    });
    let kept = false;
    try {
      const plan = await planUndo(repo, target, files);
      if (plan.conflicts.length > 0 && !options.force) {
        const conflictsDir = await saveConflictVersions(plan, path.join(repo.gitDir, "conflicts", run.runId));
        return { run, plan, done: [], conflictsDir };
      }
      const done = await applyUndo(plan, files, { force: options.force, record: session.willWrite });
      kept = true;
      await target.setState("undone", { undoneBy: undoRunId });
      return { run, plan, done, undoRunId, checkpoint: session.checkpoint.id };
    } finally {
      await session.end(kept ? "kept" : "reverted");
    }
  }

  /** The plan alone, for hosts that show it before asking. */
  async planUndo(files: WorkspaceFiles, runId?: string): Promise<{ run: RunJournalData; plan: UndoPlan }> {
    const repo = await this.repo();
    const target = runId ? await RunJournal.load(repo, runId) : await this.newestUndoable(repo);
    if (!target)
      throw new Error(
        runId
          ? `No run ${runId} is recorded for ${repo.workspace}.`
          : `No Greenloop run with changes to undo in ${repo.workspace}.`,
      );
    return { run: target.data, plan: await planUndo(repo, target, files) };
  }

  /** The newest run whose changes are still in place: not undone, not reverted by itself, not an undo. */
  private async newestUndoable(repo: ShadowRepo): Promise<RunJournal | undefined> {
    return (await RunJournal.all(repo)).find(
      (j) =>
        !j.data.undoes &&
        j.data.state !== "undone" &&
        j.data.state !== "reverted" &&
        Object.keys(j.data.files).length > 0,
    );
  }

  private async requireCheckpoint(id: string): Promise<void> {
    const repo = await this.repo();
    if (!(await repo.isCommit(id))) throw new Error(`Checkpoint ${id} does not exist in ${repo.gitDir}`);
  }
}
