/** Pure normalisation of workspace-relative paths written by a model (no file system access). */

/**
 * Normalises a relative path to POSIX form ("src/a.ts"): backslashes become "/", "." segments and
 * repeated separators go, ".." is resolved. Throws when the path is empty, absolute, or climbs out of the workspace.
 */
export function normalizeRelPath(rel: string): string {
  const raw = rel.trim();
  if (raw === "") throw new Error("Empty file path: write the path relative to the workspace, e.g. src/index.ts.");
  if (raw.includes("\0")) throw new Error(`File path ${JSON.stringify(rel)} contains a NUL character.`);
  const slashed = raw.replace(/\\/g, "/");
  if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed)) {
    throw new Error(`File path ${JSON.stringify(rel)} is absolute: write it relative to the workspace root.`);
  }
  const out: string[] = [];
  for (const seg of slashed.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length === 0) throw new Error(`File path ${JSON.stringify(rel)} points outside the workspace ("..").`);
      out.pop();
    } else {
      out.push(seg);
    }
  }
  if (out.length === 0)
    throw new Error(`File path ${JSON.stringify(rel)} names the workspace folder itself, not a file.`);
  return out.join("/");
}
