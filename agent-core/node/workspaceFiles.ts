import { randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { conflictFor, decodeUtf8Text, describeFound } from "../edits/fileErrors";
import { resolveInsideWorkspace } from "../edits/paths";
import type { WorkspaceFiles } from "../ports";

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function readBytes(abs: string): Promise<Buffer | undefined> {
  try {
    return await readFile(abs);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return undefined;
    throw error;
  }
}

/** Permission bits of an existing file, undefined when it is missing. */
async function modeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mode & 0o7777;
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return undefined;
    throw error;
  }
}

/** The file a write must replace: the real file behind a symlink (already confined), else the path itself. */
async function realFile(target: string): Promise<string> {
  try {
    return await realpath(target);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return target;
    throw error;
  }
}

/**
 * WorkspaceFiles on the local file system. Text is strict UTF-8 with the BOM kept as U+FEFF, so a read-then-write
 * gives back the same bytes. Writes go through a temp file + rename next to the real file, so a crash never leaves
 * half a file, a symlink stays a link, and the file keeps its mode.
 */
export class NodeWorkspaceFiles implements WorkspaceFiles {
  constructor(readonly root: string) {}

  async read(relPath: string): Promise<string | undefined> {
    const bytes = await readBytes(await resolveInsideWorkspace(this.root, relPath));
    return bytes === undefined ? undefined : decodeUtf8Text(bytes, relPath);
  }

  async write(relPath: string, content: string, expected?: string | null): Promise<void> {
    const file = await realFile(await resolveInsideWorkspace(this.root, relPath));
    const dir = path.dirname(file);
    await mkdir(dir, { recursive: true });
    const temp = path.join(
      dir,
      `.${path.basename(file)}.greenloop-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
    );
    // "wx": never follow or reuse something already at the temp name.
    await writeFile(temp, content, { encoding: "utf8", flag: "wx" });
    try {
      if (expected === null) {
        if (await this.createExclusive(temp, file)) return;
        await this.check(relPath, file, null);
      } else {
        const mode = await modeOf(file);
        if (mode !== undefined) await chmod(temp, mode);
        // Compare-and-swap: the last look before the rename, so a change made while a hunk waited is never lost.
        if (expected !== undefined) await this.check(relPath, file, expected);
      }
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
  }

  async remove(relPath: string, expected?: string): Promise<void> {
    const abs = await resolveInsideWorkspace(this.root, relPath);
    if (expected !== undefined) await this.check(relPath, abs, expected);
    await rm(abs, { force: true });
  }

  /** Throws WriteConflict unless `file` holds exactly the bytes of `expected` (null: does not exist). */
  private async check(relPath: string, file: string, expected: string | null): Promise<void> {
    const found = await readBytes(file);
    const same = expected === null ? found === undefined : found?.equals(Buffer.from(expected, "utf8"));
    if (!same) throw conflictFor(relPath, expected, describeFound(found));
  }

  /**
   * Creates `file` from `temp` only if nothing is there (a hard link fails on an existing name, atomically).
   * False when the file system has no hard links: the caller then checks and renames.
   */
  private async createExclusive(temp: string, file: string): Promise<boolean> {
    try {
      await link(temp, file);
      return true;
    } catch (error) {
      if (errnoCode(error) === "EEXIST") return false;
      if (["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"].includes(errnoCode(error) ?? "")) return false;
      throw error;
    }
  }
}
