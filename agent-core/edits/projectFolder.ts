/** Finds the project a file belongs to, so new files elsewhere in a monorepo or workspace stand out in review. */
import { stat } from "node:fs/promises";
import * as path from "node:path";

/** Files that mark the root of a project (npm, Python, Rust, Go, Maven). */
export const PROJECT_MARKERS = [
  "package.json",
  "pyproject.toml",
  "setup.cfg",
  "setup.py",
  "Cargo.toml",
  "go.mod",
  "pom.xml",
];

async function hasMarker(dir: string): Promise<boolean> {
  for (const marker of PROJECT_MARKERS) {
    if ((await stat(path.join(dir, marker)).catch(() => undefined))?.isFile()) return true;
  }
  return false;
}

/**
 * The nearest folder above `targetRel` (workspace-relative, "/"-separated) holding a project marker, relative to
 * the workspace ("packages/web"); "" when that is the workspace root or no folder below it has a marker.
 */
export async function findProjectFolder(workspace: string, targetRel: string): Promise<string> {
  const dirs = targetRel
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .slice(0, -1);
  for (let n = dirs.length; n > 0; n--) {
    if (await hasMarker(path.join(workspace, ...dirs.slice(0, n)))) return dirs.slice(0, n).join("/");
  }
  return "";
}
