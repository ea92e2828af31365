/**
 * Exact record of a workspace: bytes, permission bits and symbolic link targets of every file and folder,
 * `.git` included. `.git/index` is the one file left out byte-wise: git rewrites its stat cache on read-only
 * commands (a `git status` or `git diff` by anyone), so its bytes change without any change a user could lose.
 * What it holds that can be lost, the staged entries (mode, blob, stage, path), is compared instead.
 * Reflogs stay in: they change only when a ref moves, which a Greenloop run must never do.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { git } from "./git";

export interface Entry {
  kind: "file" | "dir" | "symlink" | "other";
  /** Permission bits (st_mode & 0o7777); 0 for symbolic links, whose own bits mean nothing on Linux. */
  mode: number;
  /** sha256 of a file's bytes. */
  hash?: string;
  /** A file's bytes, kept outside .git to show where a difference starts. */
  bytes?: Buffer;
  /** A symbolic link's target, as stored. */
  link?: string;
}

export interface Snapshot {
  entries: Map<string, Entry>;
  /** `git ls-files --stage` of the workspace's repository ("" without one). */
  staged: string;
}

const INDEX = ".git/index";
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Records every entry under `root` (paths relative, "/"-separated). */
export async function snapshotTree(root: string): Promise<Snapshot> {
  const entries = new Map<string, Entry>();
  const walk = async (rel: string): Promise<void> => {
    const names = (await readdir(path.join(root, rel))).sort();
    for (const name of names) {
      const childRel = rel ? `${rel}/${name}` : name;
      if (childRel === INDEX) continue;
      const abs = path.join(root, childRel);
      const st = await lstat(abs);
      if (st.isSymbolicLink()) entries.set(childRel, { kind: "symlink", mode: 0, link: await readlink(abs) });
      else if (st.isDirectory()) {
        entries.set(childRel, { kind: "dir", mode: st.mode & 0o7777 });
        await walk(childRel);
      } else if (st.isFile()) {
        const bytes = await readFile(abs);
        const inGit = childRel === ".git" || childRel.startsWith(".git/");
        entries.set(childRel, {
          kind: "file",
          mode: st.mode & 0o7777,
          hash: sha256(bytes),
          bytes: inGit ? undefined : bytes,
        });
      } else entries.set(childRel, { kind: "other", mode: st.mode & 0o7777 });
    }
  };
  await walk("");
  const staged = existsSync(path.join(root, ".git")) ? (await git(root, ["ls-files", "--stage"])).stdout : "";
  return { entries, staged };
}

/** A copy of `snapshot` where `rel` is a file with these bytes (mode kept, or 0o644 for a new file). */
export function withFile(snapshot: Snapshot, rel: string, bytes: Buffer, mode?: number): Snapshot {
  const entries = new Map(snapshot.entries);
  const old = entries.get(rel);
  entries.set(rel, {
    kind: "file",
    mode: mode ?? (old?.kind === "file" ? old.mode : 0o644),
    hash: sha256(bytes),
    bytes,
  });
  return { ...snapshot, entries };
}

export type DifferenceKind = "changed" | "deleted" | "created" | "mode" | "type" | "link" | "staged";

export interface Difference {
  path: string;
  kind: DifferenceKind;
  detail: string;
}

/** Where two byte strings first differ, shown briefly. */
function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (buf: Buffer) => JSON.stringify(buf.subarray(Math.max(0, i - 8), i + 16).toString("latin1"));
  return `${a.length} → ${b.length} bytes, first difference at byte ${i}: ${show(a)} → ${show(b)}`;
}

/** Every way `actual` differs from `expected`. */
export function compareSnapshots(expected: Snapshot, actual: Snapshot): Difference[] {
  const out: Difference[] = [];
  for (const [rel, want] of expected.entries) {
    const got = actual.entries.get(rel);
    if (!got) {
      out.push({ path: rel, kind: "deleted", detail: `${want.kind} is gone` });
      continue;
    }
    if (got.kind !== want.kind)
      out.push({
        path: rel,
        kind: "type",
        detail: `${want.kind}${want.link ? ` → ${want.link}` : ""} became a ${got.kind}`,
      });
    else if (want.kind === "symlink" && got.link !== want.link)
      out.push({ path: rel, kind: "link", detail: `link target ${want.link} became ${got.link}` });
    else {
      if (want.kind === "file" && got.hash !== want.hash) {
        const detail = want.bytes && got.bytes ? firstDifference(want.bytes, got.bytes) : "bytes differ";
        out.push({ path: rel, kind: "changed", detail });
      }
      if (got.mode !== want.mode)
        out.push({ path: rel, kind: "mode", detail: `mode ${want.mode.toString(8)} became ${got.mode.toString(8)}` });
    }
  }
  for (const [rel, got] of actual.entries) {
    if (!expected.entries.has(rel)) out.push({ path: rel, kind: "created", detail: `a new ${got.kind} appeared` });
  }
  if (expected.staged !== actual.staged)
    out.push({ path: INDEX, kind: "staged", detail: "the staged entries (git ls-files --stage) changed" });
  return out;
}
