/**
 * One run per workspace. The lock is a file created exclusively; it names its owner so a second run can say who
 * holds the workspace, and a lock whose process is gone is taken over.
 */
import { createHash } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface LockOwner {
  pid: number;
  host: string;
  runId: string;
  /** What the owner is doing ("fixing src/a.js", "undoing run …"). */
  doing: string;
  startedAt: number;
}

/** Another live run holds the workspace. */
export class WorkspaceBusy extends Error {
  constructor(
    readonly workspace: string,
    readonly owner: LockOwner,
  ) {
    const since = new Date(owner.startedAt).toLocaleTimeString();
    super(
      `Another Greenloop run is working on ${workspace} (pid ${owner.pid}, ${owner.doing}, since ${since}). ` +
        `Wait for it to finish or stop it, then try again.`,
    );
    this.name = "WorkspaceBusy";
  }
}

export type ReleaseLock = () => Promise<void>;

/** Takes the lock of `workspace` in `lockDir`, or throws WorkspaceBusy naming the live owner. */
export async function lockWorkspace(
  lockDir: string,
  workspace: string,
  owner: Omit<LockOwner, "pid" | "host" | "startedAt">,
): Promise<ReleaseLock> {
  await mkdir(lockDir, { recursive: true });
  const file = path.join(lockDir, `${lockName(workspace)}.lock`);
  const mine: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: Date.now(), ...owner };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(JSON.stringify({ ...mine, workspace }));
      await handle.close();
      return async () => {
        const current = await readOwner(file);
        if (current?.runId === mine.runId && current.pid === mine.pid) await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const other = await readOwner(file);
    if (other && isAlive(other)) throw new WorkspaceBusy(workspace, other);
    // A stale lock (its process is gone, or the file was cut short): move it aside, then try again.
    await rename(file, `${file}.stale-${process.pid}`).catch(() => undefined);
    await rm(`${file}.stale-${process.pid}`, { force: true });
  }
  throw new Error(`Could not take the workspace lock ${file}.`);
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as LockOwner;
    return typeof parsed.pid === "number" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another machine (a shared home folder) cannot be checked: trust it.
  if (owner.host !== os.hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function lockName(workspace: string): string {
  const base = path.basename(workspace).replace(/[^A-Za-z0-9._-]/g, "_");
  return `${base}-${createHash("sha1").update(workspace).digest("hex").slice(0, 16)}`;
}
