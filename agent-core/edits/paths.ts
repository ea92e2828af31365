/** Keeps every file an edit touches inside the workspace, including through symbolic links. */
import { lstat, realpath } from "node:fs/promises";
import * as path from "node:path";
import { normalizeRelPath } from "./relpath";
import { assertNoMetadataSegment, assertOutsideRepositoryData } from "./repoMetadata";

export { isRepositoryMetadataName, repositoryMetadataName } from "./repoMetadata";
export { normalizeRelPath };

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + path.sep) && !path.isAbsolute(rel));
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : undefined;
}

/** Real path of `p`, or of its nearest existing ancestor joined with the missing rest. */
async function realpathOfNearest(p: string, shown: string): Promise<string> {
  const missing: string[] = [];
  let current = p;
  for (;;) {
    try {
      const real = await realpath(current);
      return missing.length ? path.join(real, ...missing.reverse()) : real;
    } catch (err) {
      if (errnoCode(err) !== "ENOENT" && errnoCode(err) !== "ENOTDIR") throw err;
    }
    // A dangling symlink would let a write create its (possibly outside) target.
    const st = await lstat(current).catch(() => undefined);
    if (st?.isSymbolicLink()) {
      throw new Error(
        `${shown} goes through a symbolic link whose target does not exist; refusing to write through it.`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return p;
    missing.push(path.basename(current));
    current = parent;
  }
}

/**
 * Resolves a model-written path against the workspace root and returns the absolute path under `root`.
 * Rejects absolute paths outside the root, ".." escapes, symbolic links (anywhere along the path,
 * including dangling ones) whose real location is outside realpath(root), and anything in version-control
 * data (.git/.hg/.svn in any spelling, directly or through a link, and git folders under other names).
 * Every file port reads, writes and removes through this, so the rules hold for every write path.
 */
export async function resolveInsideWorkspace(root: string, rel: string): Promise<string> {
  const lexicalRoot = path.resolve(root);
  let realRoot: string;
  try {
    realRoot = await realpath(lexicalRoot);
  } catch {
    throw new Error(`Workspace folder ${lexicalRoot} does not exist.`);
  }
  let relative = rel;
  const trimmed = rel.trim();
  if (path.isAbsolute(trimmed)) {
    const abs = path.resolve(trimmed);
    if (isInside(lexicalRoot, abs)) relative = path.relative(lexicalRoot, abs);
    else if (isInside(realRoot, abs)) relative = path.relative(realRoot, abs);
    else throw new Error(`Path ${JSON.stringify(rel)} is outside the workspace ${lexicalRoot}.`);
    if (relative === "") throw new Error(`Path ${JSON.stringify(rel)} names the workspace folder itself, not a file.`);
  }
  const normalized = normalizeRelPath(relative);
  assertNoMetadataSegment(normalized, JSON.stringify(rel));
  const target = path.join(lexicalRoot, ...normalized.split("/"));
  const real = await realpathOfNearest(target, JSON.stringify(rel));
  if (!isInside(realRoot, real)) {
    throw new Error(`Path ${JSON.stringify(rel)} leads outside the workspace through a symbolic link (to ${real}).`);
  }
  await assertOutsideRepositoryData(realRoot, real, JSON.stringify(rel));
  return target;
}
