import { createHash } from "node:crypto";
import { mkdir, realpath, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import type { Checkpoint, CheckpointStore } from "../ports";

export interface ShadowCheckpointOptions {
  /** The user's workspace; it is only read and restored, its own `.git` is never touched. */
  workspace: string;
  /** Where shadow repositories live (one per workspace), outside the workspace. */
  storageDir: string;
}

/** Paths never worth snapshotting: they are large, generated, and restoring them would surprise users. */
const EXCLUDES = ["node_modules/", ".venv/", "venv/", "__pycache__/", ".pytest_cache/", ".greenloop/", "*.pyc", ".DS_Store"];

const GIT_CONFIG = [
  "user.name=greenloop",
  "user.email=greenloop@localhost",
  "commit.gpgsign=false",
  "core.autocrlf=false",
  "core.safecrlf=false",
  "core.hooksPath=/dev/null",
  "gc.auto=0",
];

/**
 * Checkpoints kept in a shadow git repository outside the workspace. Git reads the workspace through
 * GIT_WORK_TREE, so the user's repository, index and stash are never involved.
 */
export class ShadowCheckpoints implements CheckpointStore {
  private git?: SimpleGit;
  private ready?: Promise<SimpleGit>;

  constructor(private readonly options: ShadowCheckpointOptions) {}

  /** The shadow repository's folder for this workspace. */
  async gitDir(): Promise<string> {
    const root = await realpath(this.options.workspace);
    const key = createHash("sha1").update(root).digest("hex").slice(0, 16);
    return path.join(this.options.storageDir, `${path.basename(root)}-${key}`);
  }

  async snapshot(label: string): Promise<Checkpoint> {
    const git = await this.open();
    // Verbose on purpose: simple-git waits an extra 50 ms for commands that print nothing.
    await git.raw(["add", "-A", "--verbose", "--ignore-errors", "."]);
    await git.raw(["commit", "--allow-empty", "--no-verify", "-m", label]);
    const id = (await git.raw(["rev-parse", "HEAD"])).trim();
    return { id, createdAt: Date.now(), label };
  }

  /**
   * Makes the workspace match checkpoint `id`. The current state is snapshotted first, so even an unwanted
   * restore loses nothing (`list()` shows it as "before restore").
   */
  async restore(id: string): Promise<void> {
    if (!/^[0-9a-f]{7,40}$/i.test(id)) throw new Error(`Not a checkpoint id: ${id}`);
    const git = await this.open();
    const known = await git.raw(["cat-file", "-t", id]).catch(() => "");
    if (known.trim() !== "commit") throw new Error(`Checkpoint ${id} does not exist in ${await this.gitDir()}`);
    await this.snapshot(`before restore of ${id.slice(0, 8)}`);
    await git.raw(["read-tree", "-u", "--reset", id]);
  }

  async list(): Promise<Checkpoint[]> {
    const dir = await this.gitDir();
    if (!existsSync(path.join(dir, "HEAD"))) return [];
    const git = await this.open();
    const out = await git.raw(["log", "--format=%H%x00%ct%x00%s", "-n", "200"]).catch(() => "");
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [id, seconds, label] = line.split("\0");
        return { id, createdAt: Number(seconds) * 1000, label };
      });
  }

  /** The newest checkpoint whose label is not a pre-restore safety snapshot. */
  async latest(prefix = "run "): Promise<Checkpoint | undefined> {
    return (await this.list()).find((c) => c.label.startsWith(prefix));
  }

  /** Files that differ between a checkpoint and the workspace now. */
  async changedSince(id: string): Promise<string[]> {
    const git = await this.open();
    await git.raw(["add", "-A", "--ignore-errors", "."]);
    const out = await git.raw(["diff", "--cached", "--name-only", id]);
    return out.split("\n").filter(Boolean);
  }

  private open(): Promise<SimpleGit> {
    this.ready ??= this.init();
    return this.ready;
  }

  private async init(): Promise<SimpleGit> {
    const workspace = await realpath(this.options.workspace);
    const gitDir = await this.gitDir();
    await mkdir(gitDir, { recursive: true });
    // A minimal environment: the user's GIT_*, EDITOR or PAGER settings must not steer the shadow repo.
    const env: Record<string, string> = {};
    for (const key of ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"]) {
      const value = process.env[key];
      if (value !== undefined) env[key] = value;
    }
    const git = simpleGit({
      baseDir: workspace,
      config: GIT_CONFIG,
      allowEnvironment: ["GIT_DIR", "GIT_WORK_TREE"],
      unsafe: { allowUnsafeHooksPath: true } as Record<string, boolean>,
    }).env({ ...env, GIT_DIR: gitDir, GIT_WORK_TREE: workspace });
    if (!existsSync(path.join(gitDir, "HEAD"))) {
      await git.raw(["init", "-q"]);
      await mkdir(path.join(gitDir, "info"), { recursive: true });
      await writeFile(path.join(gitDir, "info", "exclude"), EXCLUDES.join("\n") + "\n");
    }
    this.git = git;
    return git;
  }
}
