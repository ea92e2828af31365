/**
 * Keeps edits out of version-control data (.git, .hg, .svn): a written `.git/config` (core.fsmonitor,
 * core.pager), hook or HEAD runs code the next time the user runs git there, outside any review.
 */
import { lstat, readFile, realpath, stat } from "node:fs/promises";
import * as path from "node:path";

/** Characters HFS+ ignores in names (git's own list), so ".g\u200cit" is ".git" on a Mac. */
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

const METADATA_DIRS = new Map([
  [".git", ".git"],
  [".hg", ".hg"],
  [".svn", ".svn"],
  // NTFS 8.3 short names of the same folders.
  ["git~1", ".git"],
  ["hg~1", ".hg"],
  ["svn~1", ".svn"],
]);

/**
 * The metadata folder (".git", ".hg", ".svn") a path segment names on some file system, else undefined.
 * Case-insensitive (macOS, Windows); NTFS drops trailing dots and spaces and reads "name:stream" as "name".
 */
export function repositoryMetadataName(segment: string): string | undefined {
  const ntfs = segment.split(":")[0].replace(/[. ]+$/, "");
  return METADATA_DIRS.get(ntfs.replace(HFS_IGNORED, "").toLowerCase());
}

export function isRepositoryMetadataName(segment: string): boolean {
  return repositoryMetadataName(segment) !== undefined;
}

/** Throws when a segment of the workspace-relative path `rel` ("a/b/c", POSIX) names a metadata folder. */
export function assertNoMetadataSegment(rel: string, shown: string): void {
  for (const segment of rel.split("/")) {
    const name = repositoryMetadataName(segment);
    if (name)
      throw new Error(
        `${shown} is inside ${name} (version-control data; writing there can make ${name.slice(1)} run commands). Edit project files only.`,
      );
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + path.sep) && !path.isAbsolute(rel));
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() ?? false;
}

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

/** Git's own test: HEAD plus objects/ and refs/, or a commondir file (linked worktrees). */
async function looksLikeGitDirectory(dir: string): Promise<boolean> {
  if (!(await isFile(path.join(dir, "HEAD")))) return false;
  if (await isFile(path.join(dir, "commondir"))) return true;
  return (await isDirectory(path.join(dir, "objects"))) && (await isDirectory(path.join(dir, "refs")));
}

/** The real folder a `.git` FILE in `dir` points to ("gitdir: <path>", relative to `dir`), if any. */
async function gitdirPointer(dir: string): Promise<string | undefined> {
  const file = path.join(dir, ".git");
  const st = await lstat(file).catch(() => undefined);
  if (!st?.isFile() || st.size > 4096) return undefined;
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(await readFile(file, "utf8").catch(() => ""));
  if (!match) return undefined;
  const target = path.resolve(dir, match[1]);
  return realpath(target).catch(() => target);
}

/**
 * Throws when the real location `realTarget` (inside `realRoot`, symbolic links resolved) is in version-control
 * data: a metadata folder reached through a link, a folder shaped like a git repository (bare repositories,
 * `--separate-git-dir` folders), or the folder a `.git` file on the way up points to (worktrees, submodules).
 */
export async function assertOutsideRepositoryData(realRoot: string, realTarget: string, shown: string): Promise<void> {
  const relReal = path.relative(realRoot, realTarget).split(path.sep).join("/");
  const name = relReal
    .split("/")
    .map(repositoryMetadataName)
    .find((n) => n !== undefined);
  if (name)
    throw new Error(`${shown} is inside ${name} (through a symbolic link, at ${relReal}). Edit project files only.`);
  const dirs: string[] = [];
  for (let dir = path.dirname(realTarget); isInside(realRoot, dir); dir = path.dirname(dir)) {
    dirs.push(dir);
    if (dir === realRoot) break;
  }
  // Every folder on the way up is checked at once; the nearest finding is reported.
  const findings = await Promise.all(dirs.map((dir) => repositoryDataAt(realRoot, dir, realTarget)));
  const finding = findings.find((f) => f !== undefined);
  if (finding) throw new Error(`${shown} is inside .git data (${finding}). Edit project files only.`);
}

/** Why `dir` (an ancestor of `realTarget`) makes the target git data, or undefined. */
async function repositoryDataAt(realRoot: string, dir: string, realTarget: string): Promise<string | undefined> {
  const [isGitDir, pointed] = await Promise.all([looksLikeGitDirectory(dir), gitdirPointer(dir)]);
  const shown = (p: string) => path.relative(realRoot, p).split(path.sep).join("/") || ".";
  if (isGitDir) return `${shown(dir)} is a git repository folder`;
  if (pointed && isInside(pointed, realTarget)) return `the folder ${shown(path.join(dir, ".git"))} points to`;
  return undefined;
}
