import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { realpath } from "node:fs/promises";
import path from "node:path";
import type { ProjectIdentity } from "../ports";

/**
 * The project a workspace belongs to, for failure memory: its repository's root commit (clones and forks of
 * one repository are one project, wherever they live), else its folder's real path. A host that works on
 * copies of one project (training) names it instead. Folder paths are stored hashed: ids go into exports.
 */
export async function projectIdentity(workspace: string, named?: string): Promise<ProjectIdentity> {
  const real = await realpath(workspace).catch(() => path.resolve(workspace));
  if (named) return { id: `named:${named}`, name: named };
  const roots = await rootCommits(real);
  const id = roots ? `git:${roots}` : `dir:${createHash("sha256").update(real).digest("hex").slice(0, 32)}`;
  return { id, name: path.basename(real) || real };
}

/** `git rev-list --max-parents=0 HEAD`: the root commits, sorted; undefined outside git or before a first commit. */
function rootCommits(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["rev-list", "--max-parents=0", "HEAD"],
      { cwd, timeout: 15_000, windowsHide: true },
      (error, stdout) => {
        // Any exit status but 0, or a signal (the timeout), leaves the folder as the identity.
        if (error) return resolve(undefined);
        const roots = stdout
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => /^[0-9a-f]{40,64}$/.test(line));
        resolve(roots.length ? roots.sort().join(",") : undefined);
      },
    );
  });
}
